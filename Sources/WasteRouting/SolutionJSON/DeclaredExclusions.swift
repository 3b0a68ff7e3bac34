/// Checks the clients a solution declares left out (``Solution/excludedClients``) against its problem.
///
/// ``SolutionEvaluator`` judges the routes; this judges the exclusions beside them, so that a solution
/// that leaves out what cannot be served, and says why, is accepted when the rules hold. It verifies what
/// is a property of the client alone and checkable without a search: ``ExclusionReason/noCompatibleVehicle``
/// (no vehicle type may serve the client) and ``ExclusionReason/loadAboveCapacity(dimension:demand:largestCapacity:)``
/// (its demand exceeds every such type's capacity in that dimension). The other rules depend on travel
/// times or on the rest of the solution and are taken as declared.
public enum DeclaredExclusions {
  /// Every problem with the declared exclusions: an unknown client or one listed twice, an excluded client
  /// that a route visits, a required client neither visited nor excluded, and a rule that does not hold.
  ///
  /// - Complexity: O(visits + clients + exclusions × vehicle types).
  public static func violations(of solution: Solution, for problem: Problem) -> [String] {
    var violations: [String] = []
    var visited = Set<Int>()
    for route in solution.routes { visited.formUnion(route.clients) }
    var excluded = Set<Int>()
    for (e, exclusion) in solution.excludedClients.enumerated() {
      let c = exclusion.client
      guard problem.clients.indices.contains(c) else {
        violations.append("excluded client \(e + 1): client index \(c) does not exist")
        continue
      }
      let client = problem.clients[c]
      let name = "client \(client.name.debugDescription) (index \(c))"
      if !excluded.insert(c).inserted { violations.append("\(name) is listed as excluded twice") }
      if visited.contains(c) {
        violations.append("\(name) is declared excluded (\(exclusion.reason.rule)) but a route visits it")
      }
      let types = (client.allowedVehicleTypes ?? Array(problem.vehicleTypes.indices))
        .filter { problem.vehicleTypes.indices.contains($0) }
      switch exclusion.reason {
      case .noCompatibleVehicle:
        if let type = types.first {
          violations.append(
            "\(name) is declared noCompatibleVehicle, but vehicle type \(type) (\(problem.vehicleTypes[type].name.debugDescription)) may serve it"
          )
        }
      case .loadAboveCapacity:
        let fitting = types.first { t in
          let capacities = problem.vehicleTypes[t].capacities
          return client.demands.indices.allSatisfy { d in
            client.demands[d] <= (d < capacities.count ? capacities[d] : 0)
          }
        }
        if let type = fitting {
          violations.append(
            "\(name) is declared loadAboveCapacity, but its demand \(client.demands) fits vehicle type \(type) (\(problem.vehicleTypes[type].name.debugDescription))"
          )
        }
      default:
        break
      }
    }
    for (c, client) in problem.clients.enumerated()
    where client.isRequired && !visited.contains(c) && !excluded.contains(c) {
      violations.append(
        "required client \(client.name.debugDescription) (index \(c)) is neither visited nor declared excluded"
      )
    }
    return violations
  }

  /// The evaluator's verdict with the declared exclusions taken into account: without exclusions, the
  /// evaluator's violations; with some, its violations other than missing clients, then
  /// ``violations(of:for:)`` (which reports the required clients neither visited nor excluded). Empty
  /// when the solution is acceptable.
  public static func violations(
    of evaluation: DetailedEvaluation, solution: Solution, problem: Problem
  ) -> [String] {
    guard !solution.excludedClients.isEmpty else { return evaluation.violations.map(\.message) }
    return evaluation.violations.filter { $0.kind != .missingClient }.map(\.message)
      + violations(of: solution, for: problem)
  }
}
