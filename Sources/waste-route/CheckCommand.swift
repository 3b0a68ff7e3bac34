import ArgumentParser
import Foundation
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route check`: the independent verdict on a solution of a VRPLIB or WCVRPTW instance.
  struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Check a solution (CVRPLIB .sol or solution JSON) against a VRPLIB, WCVRPTW or problem JSON instance.",
      discussion: """
        A WCVRPTW instance is checked against a waste-routing solution JSON file (version 1 or 2) by the \
        independent evaluator: every stop once, trip loads, daily yardage and stop limits, a final \
        disposal visit, time windows, depot hours, the lunch break, and the recomputed schedule, miles and \
        cost. The file's objective is never trusted, only compared. A VRPLIB instance may also be checked \
        against a solution JSON file.

        Clients a solution JSON file lists under "excluded" are accepted as left out when their rule \
        holds: each must not be visited; noCompatibleVehicle and loadAboveCapacity are checked against the \
        vehicle types, a window, disposal-site or route-limit rule by trying the client on a route of its \
        own, and notEnoughVehicles by looking for an unused vehicle that could serve it alone. Every other \
        required client must be visited.


        Recomputes the cost from the instance (the file's Cost line is never trusted, only compared) and \
        checks that every customer is visited exactly once, that no route exceeds CAPACITY, and that no \
        route exceeds DISTANCE (travel plus SERVICE_TIME per customer) or VEHICLES. Customers in the .sol \
        are numbered 1, 2, ... in .vrp order with the depot left out.

        Default distance rounding: nearest integer per edge (TSPLIB nint) for EUC_2D, but exact (unrounded) \
        for instances named CMT* or Golden*; ceiling for CEIL_2D; weights as given for EXPLICIT.

        Exit status: 0 feasible, 1 infeasible, 2 unreadable or invalid input (one line on stderr).
        """
    )

    @Argument(help: "The instance: VRPLIB (.vrp), WCVRPTW (.txt) or problem JSON (.json).")
    var instance: String

    @Argument(help: "The solution to check: CVRPLIB (.sol) or solution JSON.")
    var solution: String

    @Option(
      help:
        "Edge rounding: nearest (TSPLIB nint) or exact (4 decimals); inferred from the instance if omitted.")
    var rounding: DistanceRounding?

    @OptionGroup var instanceOptions: InstanceOptions

    func run() async throws {
      let format = instanceOptions.format(ofInstanceAt: instance)
      if let misuse = instanceOptions.misuse(for: format, rounding: rounding) {
        FileHandle.standardError.write(Data("waste-route check: \(misuse)\n".utf8))
        throw ExitCode(2)
      }
      let problem: Problem
      let document: SolutionDocument
      do {
        switch format {
        case .wcvrptw:
          problem = try WCVRPTW.readInstance(atPath: instance, timeFormat: instanceOptions.timeFormat).problem
        case .problem:
          problem = try ProblemJSON.read(atPath: instance)
        case .vrplib:
          problem = try VRPLIB.readProblem(atPath: instance, rounding: rounding)
          if !Self.isJSON(atPath: solution) {
            let file = try VRPLIB.readSolution(atPath: solution, problem: problem)
            let evaluation = SolutionEvaluator.evaluate(file.solution, for: problem)
            print(report(evaluation, problem: problem, statedCost: file.statedCost))
            if !evaluation.isFeasible { throw ExitCode(1) }
            return
          }
        }
        document = try SolutionJSON.read(atPath: solution, problem: problem)
      } catch let exit as ExitCode {
        throw exit
      } catch {
        FileHandle.standardError.write(Data("waste-route check: \(error)\n".utf8))
        throw ExitCode(2)
      }
      if format == .vrplib && problem.isCapacitatedOnly && document.solution.excludedClients.isEmpty {
        let evaluation = SolutionEvaluator.evaluate(document.solution, for: problem)
        print(report(evaluation, problem: problem, statedCost: document.statedCost))
        if !evaluation.isFeasible { throw ExitCode(1) }
        return
      }
      let evaluation = SolutionEvaluator.evaluateInDetail(document.solution, for: problem)
      let loadScale = format == .wcvrptw ? WCVRPTW.loadScale : 1
      let violations = evaluation.violations.map(\.message)
      print(
        Self.detailedReport(
          evaluation, violations: violations, problem: problem, document: document, loadScale: loadScale))
      if !violations.isEmpty { throw ExitCode(1) }
    }

    /// Whether the file at `path` starts, after white space, with `{`.
    static func isJSON(atPath path: String) -> Bool {
      guard let handle = FileHandle(forReadingAtPath: path) else { return false }
      defer { try? handle.close() }
      let head = (try? handle.read(upToCount: 256)) ?? Data()
      return head.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
    }

    /// The human-readable verdict of the detailed evaluator, in reported units, with the declared
    /// exclusions; `violations` are the evaluator's messages.
    static func detailedReport(
      _ evaluation: DetailedEvaluation, violations: [String], problem: Problem, document: SolutionDocument,
      loadScale: Int64
    ) -> String {
      func time(_ value: Int64) -> String { decimal(problem.reportedTime(value)) }
      func cost(_ value: Int64) -> String { decimal(problem.reportedCost(value)) }
      var lines = [
        "instance: \(problem.name) (\(problem.clients.count) clients, \(problem.disposalSites.count) disposal sites)",
        "feasible: \(violations.isEmpty ? "yes" : "no")",
        "vehicles: \(evaluation.vehicleCount)",
        "distance: \(cost(evaluation.distance))",
        "cost: \(cost(evaluation.cost))",
      ]
      for route in evaluation.routes {
        var line =
          "  route \(route.routeIndex + 1): vehicle type \(route.vehicleType), \(route.clientCount) clients"
        line += ", \(route.visits.filter(\.isDisposal).count) disposal visits"
        line +=
          ", load \(route.totalLoad.map { decimal(Double($0) / Double(loadScale)) }.joined(separator: "/"))"
        line += ", distance \(cost(route.distance)), duration \(time(route.duration))"
        line += ", departs \(time(route.departure)), returns \(time(route.arrival))"
        lines.append(line)
      }
      if let stated = document.instance, stated != problem.name {
        lines.append(
          "warning: the solution names instance \(stated.debugDescription), not \(problem.name.debugDescription)"
        )
      }
      if let stated = document.statedVehicles, stated != evaluation.vehicleCount {
        lines.append("warning: the file says \(stated) vehicles, recomputed \(evaluation.vehicleCount)")
      }
      for (label, stated, recomputed) in [
        ("distance", document.statedDistance, evaluation.reportedDistance),
        ("cost", document.statedCost, evaluation.reportedCost),
      ] {
        if let stated, abs(stated - recomputed) > 1e-6 * max(1, abs(stated)) {
          lines.append(
            "warning: the file says \(label) \(decimal(stated)), recomputed \(decimal(recomputed))")
        }
      }
      lines += WasteRouteCommand.Solve.exclusionLines(document.solution, problem: problem)
      lines.append("violations: \(violations.count)")
      lines += violations.map { "  \($0)" }
      return lines.joined(separator: "\n")
    }

    /// `value` with at most three decimals, trailing zeros dropped.
    static func decimal(_ value: Double) -> String {
      var text = String(format: "%.3f", value)
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
      return text
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
