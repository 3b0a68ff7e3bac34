import ArgumentParser
import Foundation
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route solve`: solve a VRPLIB or WCVRPTW instance and write its solution.
  struct Solve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "solve",
      abstract: "Solve a VRPLIB CVRP or a WCVRPTW waste-collection instance and write the solution.",
      discussion: """
        Runs the solver until the time or iteration limit, whichever comes first, checks the best \
        solution with the independent evaluator, writes it atomically and prints a short summary. The \
        same instance, seed and --max-iterations (without a binding time limit) give the same solution.

        A VRPLIB solution is written as a CVRPLIB .sol file. A WCVRPTW solution (Kim, Kim & Sahoo 2006 \
        format: Manhattan feet, reported in miles and seconds) is written as waste-routing solution JSON \
        (version 1), with every visit's times and loads; the summary gives vehicles and total miles.

        Exit status: 0 solved, 1 no feasible solution found (or the problem's features are not supported \
        by the solver yet), 2 unreadable or invalid input, 3 the evaluator rejects the solver's solution.
        """
    )

    @Argument(help: "The instance: VRPLIB (.vrp) or WCVRPTW (.txt).")
    var instance: String

    @OptionGroup var instanceOptions: InstanceOptions

    @Option(help: "Wall-clock budget in seconds (the solve itself, without parsing).")
    var timeLimit: Double = 10

    @Option(help: "Seed of the random choices.")
    var seed: UInt64 = 1

    @Option(help: "Stop after this many iterations (each a local search of a new candidate).")
    var maxIterations: Int?

    @Option(
      help:
        "Edge rounding: nearest (TSPLIB nint) or exact (4 decimals); inferred from the instance if omitted.")
    var rounding: DistanceRounding?

    @Option(help: "Metaheuristic: automatic, geneticSearch or iteratedLocalSearch.")
    var strategy: SolverConfiguration.Strategy = .automatic

    @Option(help: "Recombine pooled routes with a GLPK set-partitioning model: on or off.")
    var refinement: Switch = .on

    @Option(name: [.short, .long], help: "Where to write the solution (CVRPLIB .sol, or JSON for WCVRPTW).")
    var output: String?

    @Flag(help: "Print each improvement of the best solution to standard error.")
    var progress = false

    func validate() throws {
      guard timeLimit.isFinite, timeLimit > 0 else {
        throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
      }
      if let maxIterations, maxIterations < 1 {
        throw ValidationError("--max-iterations must be at least 1, not \(maxIterations)")
      }
    }

    func run() async throws {
      let format = instanceOptions.format(ofInstanceAt: instance)
      if let misuse = instanceOptions.misuse(for: format, rounding: rounding) {
        printError(misuse)
        throw ExitCode(2)
      }
      switch format {
      case .vrplib: try await solveVRPLIB()
      case .wcvrptw: try await solveWCVRPTW()
      }
    }

    private var solverConfiguration: SolverConfiguration {
      SolverConfiguration(
        strategy: strategy, seed: seed, timeLimit: .milliseconds(Int64((timeLimit * 1000).rounded())),
        maxIterations: maxIterations, refinement: refinement == .on)
    }

    private func solveVRPLIB() async throws {
      let problem: Problem
      do {
        problem = try VRPLIB.readProblem(atPath: instance, rounding: rounding)
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
      let configuration = solverConfiguration
      let scale = problem.costScale
      let printsProgress = progress
      let result: SolverResult
      do {
        result = try await Solver(configuration).solve(problem) { improvement in
          guard printsProgress else { return }
          let stamp = String(format: "%.2f", seconds(improvement.elapsed))
          printError(
            "\(stamp) s  iteration \(improvement.iteration)  cost \(VRPLIB.formattedCost(improvement.cost, costScale: scale))  routes \(improvement.routeCount)",
            prefix: false)
        }
      } catch {
        printError("\(error)")
        throw ExitCode(1)
      }
      let evaluation = SolutionEvaluator.evaluate(result.solution, for: problem)
      guard evaluation.isFeasible, evaluation.cost == result.cost else {
        printError(
          "internal error: the evaluator rejects the solver's solution (\(evaluation.violations.first ?? "cost \(evaluation.cost) differs from \(result.cost)"))"
        )
        throw ExitCode(3)
      }
      if let output {
        do {
          try writeAtomically(VRPLIB.solutionText(result.solution, problem: problem), toPath: output)
        } catch {
          printError("\(error)")
          throw ExitCode(2)
        }
      }
      print(summary(result, problem: problem))
    }

    private func solveWCVRPTW() async throws {
      let problem: Problem
      do {
        problem = try WCVRPTW.readInstance(atPath: instance, timeFormat: instanceOptions.timeFormat).problem
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
      let printsProgress = progress
      let result: SolverResult
      do {
        result = try await Solver(solverConfiguration).solve(problem) { improvement in
          guard printsProgress else { return }
          let stamp = String(format: "%.2f", seconds(improvement.elapsed))
          printError(
            "\(stamp) s  iteration \(improvement.iteration)  cost \(improvement.reportedCost)  routes \(improvement.routeCount)",
            prefix: false)
        }
      } catch {
        switch error {
        case .unsupported: printError("cannot solve \(problem.name) yet: \(error)")
        case .noFeasibleSolution: printError("\(problem.name): \(error)")
        }
        throw ExitCode(1)
      }
      let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
      guard evaluation.isFeasible else {
        printError(
          "internal error: the evaluator rejects the solver's solution (\(evaluation.violations.first?.message ?? "")"
            + (evaluation.violations.count > 1 ? "; \(evaluation.violations.count - 1) more violations)" : ")"))
        throw ExitCode(3)
      }
      if evaluation.cost != result.cost {
        printError("warning: the solver's cost \(result.cost) differs from the evaluator's \(evaluation.cost) (matrix units)")
      }
      if let output {
        do {
          try SolutionJSON.write(result.solution, problem: problem, units: SolutionJSON.wcvrptwUnits, toPath: output)
        } catch {
          printError("\(error)")
          throw ExitCode(2)
        }
      }
      print(Self.richSummary(evaluation, problem: problem, result: result, output: output))
    }

    /// The summary of a WCVRPTW run: vehicles and miles first.
    static func richSummary(
      _ evaluation: DetailedEvaluation, problem: Problem, result: SolverResult, output: String?
    ) -> String {
      [
        "instance: \(problem.name) (\(problem.clients.count) stops, \(problem.disposalSites.count) disposal sites)",
        "vehicles: \(evaluation.vehicleCount)",
        String(format: "distance: %.3f mi", evaluation.reportedDistance),
        "disposal visits: \(evaluation.routes.reduce(0) { $0 + $1.visits.filter(\.isDisposal).count })",
        "iterations: \(result.iterations)",
        String(format: "time: %.2f s (%@)", seconds(result.elapsed), result.stopReason.rawValue),
        result.refinement.poolSize > 0 ? refinementLine(result.refinement) : nil,
        output.map { "solution: \($0)" },
      ].compactMap { $0 }.joined(separator: "\n")
    }

    /// What the GLPK refinement did, in one line.
    static func refinementLine(_ statistics: RefinementStatistics) -> String {
      String(
        format: "refinement: %d MIP runs, %d improvements (cost -%lld), %.2f s, %d pooled routes",
        statistics.runs, statistics.improvements, statistics.costReduction, seconds(statistics.time),
        statistics.poolSize)
    }

    private func summary(_ result: SolverResult, problem: Problem) -> String {
      let elapsedSeconds = seconds(result.elapsed)
      return [
        "instance: \(problem.name) (\(problem.clients.count) customers)",
        "cost: \(VRPLIB.formattedCost(result.cost, costScale: problem.costScale))",
        "routes: \(result.solution.routes.count)",
        "iterations: \(result.iterations)",
        String(format: "time: %.2f s (%@)", elapsedSeconds, result.stopReason.rawValue),
        refinement == .on ? Self.refinementLine(result.refinement) : nil,
        output.map { "solution: \($0)" },
      ].compactMap { $0 }.joined(separator: "\n")
    }
  }
}

extension SolverConfiguration.Strategy: ExpressibleByArgument {}

/// An on/off command-line switch.
enum Switch: String, ExpressibleByArgument, CaseIterable {
  case on, off
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// Writes one line to standard error, prefixed with the tool's name.
func printError(_ message: String, prefix: Bool = true) {
  FileHandle.standardError.write(Data(((prefix ? "waste-route: " : "") + message + "\n").utf8))
}
