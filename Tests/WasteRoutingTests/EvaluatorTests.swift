import Testing

@testable import WasteRouting

@Suite struct EvaluatorTests {
  /// The tiny instance (rounded: d(1,2)=5, d(1,3)=3, d(1,4)=2, d(2,3)=4, d(2,4)=4, d(3,4)=3; demands 4, 5, 6;
  /// capacity 10) with extra header lines.
  private func tiny(_ extraHeader: String = "") throws -> Problem {
    let text = VRPLIBFixtures.tiny(replacingLine: "CAPACITY : 10", with: "CAPACITY : 10" + extraHeader)
    return try VRPLIB.parseProblem(text, fileName: "tiny.vrp")
  }

  private func evaluate(_ routes: [[Int]], _ problem: Problem) -> SolutionEvaluation {
    SolutionEvaluator.evaluate(Solution(routes: routes.map { Route(clients: $0) }), for: problem)
  }

  @Test func feasibleSolutionCostsTheSumOfItsEdges() throws {
    let evaluation = evaluate([[0, 2], [1]], try tiny())
    #expect(evaluation.isFeasible)
    #expect(evaluation.cost == 11 + 6)
    #expect(evaluation.reportedCost == 17)
    #expect(evaluation.routeCount == 2)
    #expect(
      evaluation.routes == [
        RouteEvaluation(vehicleType: 0, clientCount: 2, load: 10, distance: 11, duration: 11),
        RouteEvaluation(vehicleType: 0, clientCount: 1, load: 5, distance: 6, duration: 6),
      ])
  }

  @Test func exactCostIsInMatrixUnits() throws {
    let problem = try VRPLIB.parseProblem(VRPLIBFixtures.tiny, fileName: "tiny.vrp", rounding: .exact)
    let evaluation = evaluate([[0, 2], [1]], problem)
    #expect(evaluation.cost == 50_000 + 39_051 + 15_000 + 60_000)
    #expect(evaluation.reportedCost == 16.4051)
  }

  @Test func missingClientIsNamed() throws {
    let evaluation = evaluate([[0], [1]], try tiny())
    #expect(!evaluation.isFeasible)
    #expect(evaluation.violations == [#"client 3 ("4") is not visited"#])
  }

  @Test func duplicateClientIsNamedWithBothRoutes() throws {
    let evaluation = evaluate([[0, 2], [1, 2]], try tiny())
    #expect(!evaluation.isFeasible)
    #expect(evaluation.violations.contains(#"client 3 ("4") is visited twice (routes 1 and 2)"#))
  }

  @Test func overloadIsReported() throws {
    let evaluation = evaluate([[0, 1, 2]], try tiny())
    #expect(evaluation.cost == 5 + 4 + 3 + 2)
    #expect(evaluation.violations == ["route 1: load 15 exceeds the capacity 10"])
  }

  @Test func durationIncludesServiceTime() throws {
    // Route 1 travels 11 and serves two clients: 13 > 12. Route 2: 6 + 1 = 7.
    let problem = try tiny("\nDISTANCE : 12\nSERVICE_TIME : 1")
    let evaluation = evaluate([[0, 2], [1]], problem)
    #expect(evaluation.routes.map(\.duration) == [13, 7])
    #expect(evaluation.violations == ["route 1: duration 13 (travel plus service) exceeds the maximum 12"])
    #expect(evaluate([[0], [2], [1]], problem).isFeasible)
  }

  @Test func durationExcessInScaledUnitsShowsBoth() throws {
    let text = VRPLIBFixtures.tiny(replacingLine: "CAPACITY : 10", with: "CAPACITY : 10\nDISTANCE : 10.4")
    let problem = try VRPLIB.parseProblem(text, fileName: "tiny.vrp", rounding: .exact)
    let evaluation = evaluate([[0, 2], [1]], problem)
    #expect(
      evaluation.violations == [
        "route 1: duration 10.4051 (104051 matrix units) (travel plus service) exceeds the maximum 10.4 "
          + "(104000 matrix units)"
      ])
  }

  @Test func distanceLimitIsChecked() throws {
    let base = try tiny()
    let problem = try Problem(
      depots: base.depots, clients: base.clients, vehicleTypes: [VehicleType(capacity: 10, maxDistance: 10)],
      distances: base.distances)
    #expect(evaluate([[0, 2], [1]], problem).violations == ["route 1: distance 11 exceeds the maximum 10"])
  }

  @Test func fleetSizeIsChecked() throws {
    let evaluation = evaluate([[0, 2], [1]], try tiny("\nVEHICLES : 1"))
    #expect(evaluation.violations == ["vehicle type 0 (vehicle) drives 2 routes, only 1 exist"])
  }

  @Test func unknownVehicleTypeAndClientAreReported() throws {
    let problem = try tiny()
    let solution = Solution(routes: [
      Route(vehicleType: 0, clients: [0, 7, 2]), Route(vehicleType: 3, clients: [1]),
    ])
    let evaluation = SolutionEvaluator.evaluate(solution, for: problem)
    #expect(
      evaluation.violations == [
        "route 1: client index 7 does not exist",
        "route 2: vehicle type 3 does not exist",
      ])
    #expect(evaluation.cost == 11)
    #expect(!evaluation.isFeasible)
  }

  @Test func emptyRoutesAreIgnored() throws {
    var solution = Solution(routes: [Route(clients: [0, 1, 2])])
    solution.routes.append(Route(clients: []))
    let evaluation = SolutionEvaluator.evaluate(solution, for: try tiny("\nVEHICLES : 1"))
    #expect(evaluation.routeCount == 1)
    #expect(evaluation.violations == ["route 1: load 15 exceeds the capacity 10"])
  }

  /// Entries that could make the search's sums overflow are rejected by name (Problem+Limits).
  @Test func entriesBeyondTheLimitsAreRejected() throws {
    let huge = Int64.max / 2 + 1
    #expect(
      throws: ProblemError.valueOutOfRange(
        owner: "the distance from 0 to 1", field: "distance", value: huge, limit: Problem.maxMatrixEntry)
    ) {
      try Problem(
        depots: [Depot(name: "0")], clients: [Client(name: "1", demand: 0)],
        vehicleTypes: [VehicleType(capacity: 1)], distances: Matrix(size: 2) { i, j in i == j ? 0 : huge })
    }
    // At the limit, costs still add up exactly.
    let edge = Problem.maxMatrixEntry
    let problem = try Problem(
      depots: [Depot(name: "0")], clients: [Client(name: "1", demand: 0)],
      vehicleTypes: [VehicleType(capacity: 1)], distances: Matrix(size: 2) { i, j in i == j ? 0 : edge })
    #expect(evaluate([[0]], problem).cost == 2 * edge)
    #expect(throws: ProblemError.costsTooLarge(bound: Problem.maxTotalCost)) {
      var type = VehicleType(capacity: 1)
      type.unitDistanceCost = 1 << 30
      return try Problem(
        depots: [Depot(name: "0")], clients: [Client(name: "1", demand: 0)],
        vehicleTypes: [type], distances: Matrix(size: 2) { i, j in i == j ? 0 : edge })
    }
  }
}
