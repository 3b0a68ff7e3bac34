/// The referee: recomputes a solution's cost and checks every constraint from the ``Problem`` alone.
///
/// It shares no code with the search, so that a bug there cannot hide here. It checks that every client
/// is visited exactly once, that each route's vehicle type exists, that no vehicle type is used by more
/// routes than its ``VehicleType/count``, and each route's load (against ``VehicleType/capacity``), duration
/// (travel per ``Problem/durations`` plus each client's service, against ``VehicleType/maxDuration``) and
/// distance (against ``VehicleType/maxDistance``). The cost is the sum of ``Problem/distances`` along each
/// route, from its vehicle type's start depot through its clients to its end depot. Sums saturate at
/// `Int64.max` instead of overflowing.
///
/// ```swift
/// let evaluation = SolutionEvaluator.evaluate(solution, for: problem)
/// if !evaluation.isFeasible { print(evaluation.violations.joined(separator: "\n")) }
/// ```
public enum SolutionEvaluator {
  /// Evaluates `solution` against `problem`. Empty routes are ignored.
  ///
  /// A problem that is not ``Problem/isCapacitatedOnly`` (disposal sites, time windows, breaks, costs...)
  /// is judged by ``evaluateInDetail(_:for:)``, summarised: the cost is then the full cost of
  /// <doc:RouteSemantics>, a route's load its total first-dimension load and its duration includes waiting.
  ///
  /// - Complexity: O(total route length + number of clients).
  public static func evaluate(_ solution: Solution, for problem: Problem) -> SolutionEvaluation {
    guard problem.isCapacitatedOnly else { return summary(of: evaluateInDetail(solution, for: problem)) }
    var violations: [String] = []
    var firstRoute = Array(repeating: 0, count: problem.clients.count)
    var routesPerType = Array(repeating: 0, count: problem.vehicleTypes.count)
    var summaries: [RouteEvaluation] = []
    var cost: Int64 = 0

    for route in solution.routes where !route.clients.isEmpty {
      let number = summaries.count + 1
      var summary = RouteEvaluation(
        vehicleType: route.vehicleType, clientCount: route.clients.count, load: 0, distance: 0, duration: 0)
      defer { summaries.append(summary) }
      for client in route.clients {
        guard problem.clients.indices.contains(client) else {
          violations.append("route \(number): client index \(client) does not exist")
          continue
        }
        if firstRoute[client] == 0 {
          firstRoute[client] = number
        } else {
          let routes = "routes \(firstRoute[client]) and \(number)"
          violations.append("\(describe(client: client, in: problem)) is visited twice (\(routes))")
        }
        summary.load = saturatingSum(summary.load, problem.clients[client].demand)
      }
      guard problem.vehicleTypes.indices.contains(route.vehicleType) else {
        violations.append("route \(number): vehicle type \(route.vehicleType) does not exist")
        continue
      }
      routesPerType[route.vehicleType] += 1
      let type = problem.vehicleTypes[route.vehicleType]
      var previous = type.startDepot
      for client in route.clients where problem.clients.indices.contains(client) {
        let location = problem.location(ofClient: client)
        summary.distance = saturatingSum(summary.distance, problem.distances[previous, location])
        summary.duration = saturatingSum(
          summary.duration, problem.durations[previous, location], problem.clients[client].serviceDuration)
        previous = location
      }
      summary.distance = saturatingSum(summary.distance, problem.distances[previous, type.endDepot])
      summary.duration = saturatingSum(summary.duration, problem.durations[previous, type.endDepot])
      cost = saturatingSum(cost, summary.distance)

      if summary.load > type.capacity {
        violations.append("route \(number): load \(summary.load) exceeds the capacity \(type.capacity)")
      }
      if let limit = type.maxDuration, summary.duration > limit {
        violations.append(
          "route \(number): duration \(reported(summary.duration, problem)) (travel plus service) exceeds "
            + "the maximum \(reported(limit, problem))")
      }
      if let limit = type.maxDistance, summary.distance > limit {
        violations.append(
          "route \(number): distance \(reported(summary.distance, problem)) exceeds the maximum "
            + "\(reported(limit, problem))")
      }
    }

    for (index, type) in problem.vehicleTypes.enumerated() {
      if let count = type.count, routesPerType[index] > count {
        let used = routesPerType[index]
        violations.append("vehicle type \(index) (\(type.name)) drives \(used) routes, only \(count) exist")
      }
    }
    var declared: [Int: ExclusionReason] = [:]
    for exclusion in solution.excludedClients {
      guard problem.clients.indices.contains(exclusion.client) else {
        violations.append("an exclusion names client index \(exclusion.client), which does not exist")
        continue
      }
      declared[exclusion.client] = exclusion.reason
      if firstRoute[exclusion.client] != 0 {
        violations.append(
          "\(describe(client: exclusion.client, in: problem)) is declared left out (\(exclusion.reason.rule)) but route \(firstRoute[exclusion.client]) visits it")
      }
    }
    for client in problem.clients.indices where firstRoute[client] == 0 {
      if let reason = declared[client] {
        if let why = exclusionProblem(client, reason, in: problem, vehiclesUsed: routesPerType) {
          violations.append("\(describe(client: client, in: problem)) is left out as \(reason.rule), but \(why)")
        }
      } else {
        violations.append("\(describe(client: client, in: problem)) is not visited")
      }
    }
    return SolutionEvaluation(
      isFeasible: violations.isEmpty, cost: cost, reportedCost: problem.reportedCost(cost),
      routeCount: summaries.count, violations: violations, routes: summaries)
  }

  /// The short verdict of a detailed evaluation.
  private static func summary(of detail: DetailedEvaluation) -> SolutionEvaluation {
    SolutionEvaluation(
      isFeasible: detail.isFeasible, cost: detail.cost, reportedCost: detail.reportedCost,
      routeCount: detail.vehicleCount, violations: detail.violations.map(\.message),
      routes: detail.routes.map {
        RouteEvaluation(
          vehicleType: $0.vehicleType, clientCount: $0.clientCount, load: $0.totalLoad.first ?? 0,
          distance: $0.distance, duration: $0.duration)
      })
  }

  /// `client 11 ("12")`: the 1-based client number of a CVRPLIB `.sol` and the client's name.
  static func describe(client: Int, in problem: Problem) -> String {
    "client \(client + 1) (\(problem.clients[client].name.debugDescription))"
  }

  /// A matrix-unit value in reported units, with the matrix value when the scale is not 1.
  private static func reported(_ value: Int64, _ problem: Problem) -> String {
    problem.costScale == 1 ? "\(value)" : "\(problem.reportedCost(value)) (\(value) matrix units)"
  }

  /// The sum of non-negative `values`, or `Int64.max` if it overflows.
  private static func saturatingSum(_ values: Int64...) -> Int64 {
    var total: Int64 = 0
    for value in values {
      let (sum, overflow) = total.addingReportingOverflow(value)
      if overflow { return value > 0 ? .max : .min }
      total = sum
    }
    return total
  }
}
