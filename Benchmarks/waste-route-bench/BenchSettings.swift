import Foundation
import WasteRouting

/// Why the benchmark's input cannot be used.
struct BenchInputError: Error, CustomStringConvertible {
  var description: String
}

/// What every run of one benchmark shares: the instances, the time rule, the seeds and the solver settings.
struct BenchSettings: Sendable {
  /// How long each run may take.
  enum TimeRule: Sendable, CustomStringConvertible {
    /// S seconds per 100 customers.
    case per100Customers(Double)
    /// The same number of seconds for every instance.
    case fixed(Double)
    /// No time limit (the iteration limit stops each run).
    case none

    /// The limit in seconds for an instance with `customers` customers, or `nil` for none.
    func seconds(customers: Int) -> Double? {
      switch self {
      case let .per100Customers(seconds): seconds * Double(customers) / 100
      case let .fixed(seconds): seconds
      case .none: nil
      }
    }

    var description: String {
      switch self {
      case let .per100Customers(seconds): "\(formatted(seconds)) s per 100 customers"
      case let .fixed(seconds): "\(formatted(seconds)) s per instance"
      case .none: "none"
      }
    }
  }

  var instances: [String]
  var timeRule: TimeRule
  var seeds: [UInt64]
  var strategy: SolverConfiguration.Strategy
  var maxIterations: Int?
  /// Search threads per run (cooperating searches; 1 is one search, as the peers run).
  var threads = 1
  /// Whether the GLPK refinement runs.
  var refinement = true
  var rounding: DistanceRounding?
  var bestKnown: BestKnownSolutions
  var solutionDirectory: String?

  /// The `.vrp` files named by `inputs`: files as given, folders replaced by their `.vrp` files in
  /// numeric name order (`X-n101` before `X-n1001`).
  static func instancePaths(in inputs: [String]) throws -> [String] {
    var paths: [String] = []
    for input in inputs {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
        throw BenchInputError(description: "\(input): no such file or folder")
      }
      guard isDirectory.boolValue else {
        paths.append(input)
        continue
      }
      let names = try FileManager.default.contentsOfDirectory(atPath: input)
        .filter { $0.lowercased().hasSuffix(".vrp") }
        .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
      guard !names.isEmpty else { throw BenchInputError(description: "\(input): no .vrp files") }
      paths += names.map { (input as NSString).appendingPathComponent($0) }
    }
    return paths
  }

  /// Reads, solves and checks one instance with one seed. Never throws: problems become failed rows.
  func run(instanceAt path: String, seed: UInt64) async -> BenchRow {
    let wallStart = ContinuousClock.now
    let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    var row = BenchRow(instance: fileName, seed: seed)
    let problem: Problem
    do {
      problem = try VRPLIB.readProblem(atPath: path, rounding: rounding)
    } catch {
      row.error = "\(error)"
      return row
    }
    row.instance = problem.name
    row.customers = problem.clients.count
    row.bestKnown = bestKnown.cost(of: problem.name, instancePath: path, problem: problem)
    let limit = timeRule.seconds(customers: problem.clients.count)
    row.timeLimit = limit
    let configuration = SolverConfiguration(
      strategy: strategy, seed: seed, timeLimit: limit.map { .milliseconds(Int64(($0 * 1000).rounded())) },
      maxIterations: maxIterations, refinement: refinement, threads: threads)
    let result: SolverResult
    do {
      result = try await Solver(configuration).solve(problem)
    } catch {
      row.error = "\(error)"
      row.wallSeconds = seconds(ContinuousClock.now - wallStart)
      return row
    }
    row.solveSeconds = seconds(result.elapsed)
    row.iterations = result.iterations
    row.stopReason = result.stopReason.rawValue
    let evaluation = SolutionEvaluator.evaluate(result.solution, for: problem)
    row.cost = evaluation.reportedCost
    row.formattedCost = VRPLIB.formattedCost(evaluation.cost, costScale: problem.costScale)
    row.routes = evaluation.routeCount
    if !evaluation.isFeasible {
      row.error = "infeasible: " + evaluation.violations.prefix(3).joined(separator: "; ")
    } else if evaluation.cost != result.cost {
      row.error = "the solver says cost \(result.cost), the evaluator \(evaluation.cost) (matrix units)"
    } else {
      row.isFeasible = true
    }
    if let solutionDirectory {
      let solutionPath = (solutionDirectory as NSString).appendingPathComponent("\(fileName)-seed\(seed).sol")
      do {
        try writeAtomically(VRPLIB.solutionText(result.solution, problem: problem), toPath: solutionPath)
      } catch {
        row.isFeasible = false
        row.error = "\(error)"
      }
    }
    row.wallSeconds = seconds(ContinuousClock.now - wallStart)
    return row
  }
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// A number without a trailing `.0`.
func formatted(_ value: Double) -> String {
  value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}
