import ArgumentParser
import Foundation
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route check`: the independent verdict on a CVRPLIB solution of a VRPLIB instance.
  struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Check a CVRPLIB .sol solution against a VRPLIB .vrp instance.",
      discussion: """
        Recomputes the cost from the instance (the file's Cost line is never trusted, only compared) and \
        checks that every customer is visited exactly once, that no route exceeds CAPACITY, and that no \
        route exceeds DISTANCE (travel plus SERVICE_TIME per customer) or VEHICLES. Customers in the .sol \
        are numbered 1, 2, ... in .vrp order with the depot left out.

        Default distance rounding: nearest integer per edge (TSPLIB nint) for EUC_2D, but exact (unrounded) \
        for instances named CMT* or Golden*; ceiling for CEIL_2D; weights as given for EXPLICIT.

        Exit status: 0 feasible, 1 infeasible, 2 unreadable or invalid input (one line on stderr).
        """
    )

    @Argument(help: "The VRPLIB instance (.vrp).")
    var instance: String

    @Argument(help: "The CVRPLIB solution (.sol) to check.")
    var solution: String

    @Option(
      help:
        "Edge rounding: nearest (TSPLIB nint) or exact (4 decimals); inferred from the instance if omitted.")
    var rounding: DistanceRounding?

    func run() async throws {
      let problem: Problem
      let file: VRPLIB.SolutionFile
      do {
        problem = try VRPLIB.readProblem(atPath: instance, rounding: rounding)
        file = try VRPLIB.readSolution(atPath: solution, problem: problem)
      } catch {
        FileHandle.standardError.write(Data("waste-route check: \(error)\n".utf8))
        throw ExitCode(2)
      }
      let evaluation = SolutionEvaluator.evaluate(file.solution, for: problem)
      print(report(evaluation, problem: problem, statedCost: file.statedCost))
      if !evaluation.isFeasible { throw ExitCode(1) }
    }

    /// The human-readable verdict.
    func report(_ evaluation: SolutionEvaluation, problem: Problem, statedCost: Double?) -> String {
      let cost = VRPLIB.formattedCost(evaluation.cost, costScale: problem.costScale)
      var lines = [
        "instance: \(problem.name) (\(problem.clients.count) customers, cost scale \(problem.costScale))",
        "feasible: \(evaluation.isFeasible ? "yes" : "no")",
        "cost: \(cost)",
        "routes: \(evaluation.routeCount)",
      ]
      for (index, route) in evaluation.routes.enumerated() {
        var line = "  route \(index + 1): \(route.clientCount) customers, load \(route.load)"
        if problem.vehicleTypes.indices.contains(route.vehicleType) {
          line += "/\(problem.vehicleTypes[route.vehicleType].capacity)"
        }
        line += ", distance \(VRPLIB.formattedCost(route.distance, costScale: problem.costScale))"
        line += ", duration \(VRPLIB.formattedCost(route.duration, costScale: problem.costScale))"
        lines.append(line)
      }
      if let statedCost, abs(statedCost - evaluation.reportedCost) > 1e-6 * max(1, abs(statedCost)) {
        let stated = statedCost.rounded() == statedCost ? String(Int64(statedCost)) : String(statedCost)
        lines.append("warning: the Cost line says \(stated), recomputed \(cost)")
      }
      lines.append("violations: \(evaluation.violations.count)")
      lines += evaluation.violations.map { "  \($0)" }
      return lines.joined(separator: "\n")
    }
  }
}

extension DistanceRounding: ExpressibleByArgument {}
