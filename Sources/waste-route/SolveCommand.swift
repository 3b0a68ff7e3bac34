import ArgumentParser
import Foundation
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route solve`: solve a VRPLIB or WCVRPTW instance and write its solution.
  struct Solve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "solve",
      abstract: "Solve a VRPLIB CVRP, a WCVRPTW waste-collection instance or a problem JSON file and write the solution.",
      discussion: """
        Runs the solver until the time or iteration limit, whichever comes first, checks the best \
        solution with the independent evaluator, writes it atomically and prints a short summary. The \
        same instance, seed and --max-iterations (without a binding time limit) give the same solution.

        A VRPLIB solution is written as a CVRPLIB .sol file (or as solution JSON when the output name ends \
        in .json). A WCVRPTW solution (Kim, Kim & Sahoo 2006 format: Manhattan feet, reported in miles and \
        seconds) is written as waste-routing solution JSON, with every visit's times and loads; the \
        summary gives vehicles and total miles. A problem JSON file (format "waste-routing-problem", \
        detected by its content or a .json name; see schemas/problem.schema.json) is solved like a \
        WCVRPTW instance and its solution written as solution JSON, in the problem's own units.

        --initial FILE starts the search from given routes (a warm start): a solution JSON file for any \
        format, or a CVRPLIB .sol for a VRPLIB instance. Clients it misses are inserted, routes that break \
        a rule are repaired.

        Clients that cannot be served (a load above every vehicle's capacity, no compatible vehicle, a \
        window no vehicle reaches, no disposal site, or no room left in a limited fleet) are left out: \
        the summary lists each with its rule, and solution JSON carries them under "excluded" (version \
        2; a .sol file cannot, so write JSON to keep them). --strict fails instead.

        Exit status: 0 solved, every required client served; 1 no feasible solution found (or the \
        problem's features are not supported by the solver yet; --strict: the fleet cannot serve every \
        required client); 2 unreadable or invalid input (--strict: a client that cannot be served); 3 the \
        evaluator rejects the solver's solution; 4 solved and written, but required clients are left \
        out (each listed with its rule). Nothing is written unless the status is 0 or 4.
        """
    )

    @Argument(help: "The instance: VRPLIB (.vrp), WCVRPTW (.txt) or problem JSON (.json).")
    var instance: String

    @Option(help: "Start from these routes: solution JSON, or a CVRPLIB .sol for a VRPLIB instance.")
    var initial: String?

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

    @Option(help: "Cooperating searches on as many threads (default: one per core; 1 runs a single search).")
    var threads: Int?

    @Flag(help: "Print each improvement of the best solution to standard error.")
    var progress = false

    @Flag(help: "Fail on any client that cannot be served, instead of leaving it out.")
    var strict = false

    func validate() throws {
      guard timeLimit.isFinite, timeLimit > 0 else {
        throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
      }
      if let maxIterations, maxIterations < 1 {
        throw ValidationError("--max-iterations must be at least 1, not \(maxIterations)")
      }
      if let threads, !(1...256).contains(threads) {
        throw ValidationError("--threads must be from 1 to 256, not \(threads)")
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
      case .problem: try await solveProblemJSON()
      }
    }

    private var solverConfiguration: SolverConfiguration {
      SolverConfiguration(
        strategy: strategy, seed: seed, timeLimit: .milliseconds(Int64((timeLimit * 1000).rounded())),
        maxIterations: maxIterations, refinement: refinement == .on, threads: threads)
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
      let start = try initialSolution(for: problem, allowsSol: true)
      let result: SolverResult
      do {
        result = try await Solver(configuration).solve(problem, initial: start) { improvement in
          guard printsProgress else { return }
          let stamp = String(format: "%.2f", seconds(improvement.elapsed))
          printError(
            "\(stamp) s  iteration \(improvement.iteration)  cost \(VRPLIB.formattedCost(improvement.cost, costScale: scale))  routes \(improvement.routeCount)",
            prefix: false)
        }
      } catch SolverError.invalidInitialSolution(let reason) {
        printError("\(initial ?? "--initial"): invalid initial solution: \(reason)")
        throw ExitCode(2)
      } catch {
        printError("\(error)")
        throw ExitCode(1)
      }
      try Self.failIfStrict(strict, result.solution, problem: problem)
      if result.solution.excludedClients.isEmpty {
        let evaluation = SolutionEvaluator.evaluate(result.solution, for: problem)
        guard evaluation.isFeasible, evaluation.cost == result.cost else {
          printError(
            "internal error: the evaluator rejects the solver's solution (\(evaluation.violations.first ?? "cost \(evaluation.cost) differs from \(result.cost)"))"
          )
          throw ExitCode(3)
        }
      } else {
        try Self.checkWithExclusions(result, problem: problem)
      }
      let writesJSON = output?.lowercased().hasSuffix(".json") == true
      if let output {
        do {
          if writesJSON {
            try SolutionJSON.write(result.solution, problem: problem, toPath: output)
          } else {
            try writeAtomically(VRPLIB.solutionText(result.solution, problem: problem), toPath: output)
          }
        } catch {
          printError("\(error)")
          throw ExitCode(2)
        }
        if !writesJSON && !result.solution.excludedClients.isEmpty {
          printError(
            "warning: a .sol file cannot list the \(result.solution.excludedClients.count) excluded customers; write solution JSON (-o FILE.json) to keep them"
          )
        }
      }
      print(summary(result, problem: problem))
      try Self.finish(result.solution, problem: problem)
    }

    private func solveWCVRPTW() async throws {
      let problem: Problem
      do {
        problem = try WCVRPTW.readInstance(atPath: instance, timeFormat: instanceOptions.timeFormat).problem
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
      try await solveRich(problem, units: SolutionJSON.wcvrptwUnits)
    }

    private func solveProblemJSON() async throws {
      let problem: Problem
      do {
        problem = try ProblemJSON.read(atPath: instance)
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
      try await solveRich(problem, units: SolutionJSON.Units())
    }

    /// The warm start named by `--initial`, read for `problem`: solution JSON, or with `allowsSol` a
    /// CVRPLIB .sol file. Exit 2 when it cannot be read.
    private func initialSolution(for problem: Problem, allowsSol: Bool) throws -> Solution? {
      guard let initial else { return nil }
      do {
        if allowsSol && !Check.isJSON(atPath: initial) {
          return try VRPLIB.readSolution(atPath: initial, problem: problem).solution
        }
        return try SolutionJSON.read(atPath: initial, problem: problem).solution
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
    }

    /// Solves a rich problem (WCVRPTW or problem JSON) and writes solution JSON in `units`.
    private func solveRich(_ problem: Problem, units: SolutionJSON.Units) async throws {
      let start = try initialSolution(for: problem, allowsSol: false)
      let printsProgress = progress
      let result: SolverResult
      do {
        result = try await Solver(solverConfiguration).solve(problem, initial: start) { improvement in
          guard printsProgress else { return }
          let stamp = String(format: "%.2f", seconds(improvement.elapsed))
          printError(
            "\(stamp) s  iteration \(improvement.iteration)  cost \(improvement.reportedCost)  routes \(improvement.routeCount)",
            prefix: false)
        }
      } catch {
        switch error {
        case SolverError.unsupported: printError("cannot solve \(problem.name) yet: \(error)")
        case SolverError.invalidInitialSolution:
          printError("\(initial ?? "--initial"): \(error)")
          throw ExitCode(2)
        default: printError("\(problem.name): \(error)")
        }
        throw ExitCode(1)
      }
      try Self.failIfStrict(strict, result.solution, problem: problem)
      let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
      let violations = evaluation.violations.map(\.message)
      guard violations.isEmpty else {
        printError(
          "internal error: the evaluator rejects the solver's solution (\(violations[0])"
            + (violations.count > 1 ? "; \(violations.count - 1) more violations)" : ")"))
        throw ExitCode(3)
      }
      if evaluation.cost != result.cost {
        printError(
          "warning: the solver's cost \(result.cost) differs from the evaluator's \(evaluation.cost) (matrix units)"
        )
      }
      if let output {
        do {
          try SolutionJSON.write(result.solution, problem: problem, units: units, toPath: output)
        } catch {
          printError("\(error)")
          throw ExitCode(2)
        }
      }
      print(Self.richSummary(evaluation, problem: problem, result: result, output: output, units: units))
      try Self.finish(result.solution, problem: problem)
    }

    /// When strict, fails on any excluded client: exit 2 when one is excluded for a rule of its own (the
    /// input cannot be served), 1 when the fleet merely has no room (no feasible solution).
    static func failIfStrict(_ strict: Bool, _ solution: Solution, problem: Problem) throws {
      guard strict, !solution.excludedClients.isEmpty else { return }
      let count = solution.excludedClients.count
      printError("\(problem.name): \(count) client\(count == 1 ? "" : "s") cannot be served:")
      for line in exclusionLines(solution, problem: problem) { printError(line, prefix: false) }
      throw ExitCode(solution.excludedClients.contains { $0.reason.isIntrinsic } ? 2 : 1)
    }

    /// Checks a solution with exclusions with the evaluator, which also judges each declared exclusion;
    /// exit 3 on any violation. The costs are not compared here.
    static func checkWithExclusions(_ result: SolverResult, problem: Problem) throws {
      let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
      let violations = evaluation.violations.map(\.message)
      guard violations.isEmpty else {
        printError(
          "internal error: the evaluator rejects the solver's solution (\(violations[0])"
            + (violations.count > 1 ? "; \(violations.count - 1) more violations)" : ")"))
        throw ExitCode(3)
      }
    }

    /// Prints the excluded clients after the summary, and exits with status 4 when a required one is among
    /// them.
    static func finish(_ solution: Solution, problem: Problem) throws {
      guard !solution.excludedClients.isEmpty else { return }
      let lines = exclusionLines(solution, problem: problem)
      for line in lines { print(line) }
      let required = solution.excludedClients.filter {
        problem.clients.indices.contains($0.client) && problem.clients[$0.client].isRequired
      }.count
      if required > 0 {
        printError(
          "\(problem.name): \(required) required client\(required == 1 ? " is" : "s are") left out (exit status 4)"
        )
        throw ExitCode(4)
      }
    }

    /// `excluded: 2 clients (1 required): loadAboveCapacity 1, ...`, then one line per client.
    static func exclusionLines(_ solution: Solution, problem: Problem) -> [String] {
      let excluded = solution.excludedClients
      guard !excluded.isEmpty else { return [] }
      func isRequired(_ client: Int) -> Bool {
        problem.clients.indices.contains(client) && problem.clients[client].isRequired
      }
      var byRule: [String: Int] = [:]
      for exclusion in excluded { byRule[exclusion.reason.rule, default: 0] += 1 }
      let required = excluded.filter { isRequired($0.client) }.count
      var lines = [
        "excluded: \(excluded.count) client\(excluded.count == 1 ? "" : "s") (\(required) required): "
          + byRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
      ]
      for exclusion in excluded {
        let name =
          problem.clients.indices.contains(exclusion.client)
          ? problem.clients[exclusion.client].name.debugDescription : "?"
        let kind = isRequired(exclusion.client) ? "required" : "optional"
        lines.append(
          "  client \(name) (index \(exclusion.client), \(kind)): \(exclusion.reason.rule): \(exclusion.reason)"
        )
      }
      return lines
    }

    /// The summary of a WCVRPTW or problem JSON run: vehicles and distance (in `units`) first.
    static func richSummary(
      _ evaluation: DetailedEvaluation, problem: Problem, result: SolverResult, output: String?,
      units: SolutionJSON.Units = SolutionJSON.wcvrptwUnits
    ) -> String {
      [
        "instance: \(problem.name) (\(problem.clients.count) stops, \(problem.disposalSites.count) disposal sites)",
        "vehicles: \(evaluation.vehicleCount)",
        String(format: "distance: %.3f", evaluation.reportedDistance) + (units.distance.map { " \($0)" } ?? ""),
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
