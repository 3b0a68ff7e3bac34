import ArgumentParser
import Foundation
import WasteRouting

/// `waste-route-bench kim`: the Kim, Kim & Sahoo (2006) waste-collection instances it is given.
struct KimCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kim",
    abstract: "Solve Kim, Kim & Sahoo (2006) WCVRPTW instances: vehicles, miles, time, checked.",
    discussion: """
      Solves each instance file once per seed and checks every solution with the independent evaluator \
      (disposal trips, daily yardage, stop limit, windows, depot hours, the lunch break); a solution it \
      rejects, or one that leaves a stop out, is a failed row. One row per run: vehicles, miles, seconds, \
      iterations, disposal visits; then per instance the mean over seeds. The files are public: \
      102_stop.txt, 277_stop.txt and the larger ones of the set, from the benchmark page of Kim, Kim & \
      Sahoo (2006) (mirrored in the GitHub repository optlibrary/wcvrptw-instances, folder instances/).

      Exit status: 0 when every run produced a checked solution, 1 when a run failed, 2 for bad input.
      """
  )

  @Argument(help: "WCVRPTW instance files (NNN_stop.txt).")
  var instances: [String]

  @Option(help: "Time limit in seconds per run.")
  var timeLimit: Double = 60

  @Option(parsing: .upToNextOption, help: "Seeds; each instance is solved once per seed.")
  var seeds: [UInt64] = [1]

  @Option(help: "Cooperating searches per run (default: one per core).")
  var threads: Int?

  @Option(help: "How to read the files' time fields: hhmm or decimal (default: guessed per file).")
  var timeFormat: WCVRPTW.TimeFormat?

  @Option(help: "A folder where each run's solution JSON is kept (created if needed).")
  var solDir: String?

  @Option(help: "Write the report to PREFIX.md and the rows to PREFIX.csv.")
  var out: String?

  func validate() throws {
    guard timeLimit.isFinite, timeLimit > 0 else {
      throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
    }
    guard !seeds.isEmpty else { throw ValidationError("give at least one seed") }
    if let threads, !(1...256).contains(threads) {
      throw ValidationError("--threads must be from 1 to 256, not \(threads)")
    }
  }

  func run() async throws {
    var problems: [(path: String, problem: Problem)] = []
    do {
      for path in instances {
        problems.append((path, try WCVRPTW.readInstance(atPath: path, timeFormat: timeFormat).problem))
      }
      if let solDir { try FileManager.default.createDirectory(atPath: solDir, withIntermediateDirectories: true) }
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
    var context = RunContext.now()
    let progress = BenchProgress()
    var rows: [KimRow] = []
    let total = problems.count * seeds.count
    for (path, problem) in problems {
      for seed in seeds {
        let counter = "[\(rows.count + 1)/\(total)]"
        let row = await solve(problem, path: path, seed: seed, label: "\(counter) \(problem.name) seed \(seed)", progress: progress)
        progress.finished("\(counter) \(row.progressLine)")
        rows.append(row)
      }
    }
    progress.done()
    context.finish()
    let table = KimRow.table(rows, timeLimit: timeLimit, threads: threads, context: context)
    try table.emit(prefix: out)
    let failed = rows.filter { !$0.isFeasible }
    if !failed.isEmpty {
      printError("\(failed.count) of \(rows.count) runs FAILED")
      throw ExitCode(1)
    }
  }

  /// Solves and checks one instance with one seed. Never throws: problems become a failed row.
  private func solve(
    _ problem: Problem, path: String, seed: UInt64, label: String, progress: BenchProgress
  ) async -> KimRow {
    var row = KimRow(instance: problem.name, stops: problem.clients.count, seed: seed)
    let configuration = SolverConfiguration(
      seed: seed, timeLimit: .milliseconds(Int64((timeLimit * 1_000).rounded())), threads: threads)
    let result: SolverResult
    do {
      result = try await Solver(configuration).solve(problem) { improvement in
        progress.status(
          String(
            format: "%@: %.1f s, %d routes, cost %.3f", label, seconds(improvement.elapsed),
            improvement.routeCount, improvement.reportedCost),
          stage: label)
      }
    } catch {
      row.error = "\(error)"
      return row
    }
    let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
    row.vehicles = evaluation.vehicleCount
    row.miles = evaluation.reportedDistance
    row.seconds = seconds(result.elapsed)
    row.iterations = result.iterations
    row.disposalVisits = evaluation.routes.reduce(0) { $0 + $1.visits.filter(\.isDisposal).count }
    if let first = evaluation.violations.first {
      row.error = "the evaluator finds \(evaluation.violations.count) violation(s), first: \(first.message)"
    } else if !result.solution.excludedClients.isEmpty {
      row.error = "\(result.solution.excludedClients.count) stop(s) left out"
    } else if evaluation.cost != result.cost {
      row.error = "the solver says cost \(result.cost), the evaluator \(evaluation.cost) (matrix units)"
    } else {
      row.isFeasible = true
    }
    if let solDir {
      let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
      let solutionPath = (solDir as NSString).appendingPathComponent("\(stem)-seed\(seed).json")
      do {
        try SolutionJSON.write(result.solution, problem: problem, units: SolutionJSON.wcvrptwUnits, toPath: solutionPath)
      } catch {
        row.isFeasible = false
        row.error = "\(error)"
      }
    }
    return row
  }
}

extension WCVRPTW.TimeFormat: ExpressibleByArgument {}

/// One (instance, seed) run of the Kim benchmark.
struct KimRow: Sendable, Equatable {
  var instance: String
  var stops: Int
  var seed: UInt64
  var vehicles: Int?
  var miles: Double?
  var seconds: Double?
  var iterations: Int?
  var disposalVisits: Int?
  /// Whether the evaluator accepted the solution, every stop served, at the solver's cost.
  var isFeasible = false
  var error: String?

  var progressLine: String {
    guard isFeasible, let vehicles, let miles else {
      return "\(instance) seed \(seed): FAILED: \(error ?? "no solution")"
    }
    return String(format: "%@ seed %llu: %d vehicles, %.3f mi, checked, %.1f s", instance, seed, vehicles, miles, seconds ?? 0)
  }

  /// The report: one row per run, then per instance the mean over its checked runs.
  static func table(_ rows: [KimRow], timeLimit: Double, threads: Int?, context: RunContext) -> BenchTable {
    var table = BenchTable(
      title: "waste-route-bench kim",
      columns: [
        .text("instance", csv: "instance"), .number("stops", csv: "stops"), .text("seed", csv: "seed"),
        .number("vehicles", csv: "vehicles"), .number("miles", csv: "miles"), .number("seconds", csv: "seconds"),
        .number("iterations", csv: "iterations"), .number("disposal visits", csv: "disposal_visits"),
        .text("checked", csv: "checked"),
      ])
    table.header = context.headerLines + [
      "settings: time limit \(formatted(timeLimit)) s per run, threads \(threads.map(String.init) ?? "one per core")"
    ]
    var instances: [String] = []
    for row in rows where !instances.contains(row.instance) { instances.append(row.instance) }
    for instance in instances {
      let members = rows.filter { $0.instance == instance }
      for row in members {
        table.append([
          row.instance, String(row.stops), String(row.seed), Cell.integer(row.vehicles), Cell.fixed(row.miles, 3),
          Cell.fixed(row.seconds, 1), Cell.integer(row.iterations), Cell.integer(row.disposalVisits),
          row.isFeasible ? "yes" : "FAILED",
        ])
      }
      let good = members.filter(\.isFeasible)
      if members.count > 1, !good.isEmpty {
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        table.append([
          instance, String(members[0].stops), "mean", Cell.fixed(mean(good.compactMap(\.vehicles).map(Double.init)), 2),
          Cell.fixed(mean(good.compactMap(\.miles)), 3), Cell.fixed(mean(good.compactMap(\.seconds)), 1), "", "",
          "\(good.count)/\(members.count)",
        ])
      }
    }
    table.notes.append(
      "Vehicles first, then miles (the literature's objective). Checked: the independent evaluator accepts "
        + "the solution (lunch break included), every stop is served, and its cost equals the solver's.")
    let failed = rows.filter { !$0.isFeasible }
    if !failed.isEmpty {
      table.notes.append(
        "**Failed runs: \(failed.count)**\n\n"
          + failed.map { "- \($0.instance) seed \($0.seed): \($0.error ?? "no solution")" }.joined(separator: "\n"))
    }
    return table
  }
}
