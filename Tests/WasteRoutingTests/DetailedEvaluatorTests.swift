import Testing

@testable import WasteRouting

/// Hand-checked cases of ``SolutionEvaluator/evaluateInDetail(_:for:)``. Every problem lies on a line:
/// the distance and the travel time between two locations are the difference of their positions.
@Suite struct DetailedEvaluatorTests {
  /// Depot at 0, disposal site "D" at 10 (unloading takes 1), clients "a" at 2 and "b" at 4 with load 6
  /// each, capacity 10, unless changed.
  private func problem(
    depots: [Int64] = [0],
    sites: [(position: Int64, site: DisposalSite)] = [(10, DisposalSite(name: "D", unloadDuration: 1))],
    clients: [(position: Int64, client: Client)] = [
      (2, Client(name: "a", demands: [6])), (4, Client(name: "b", demands: [6])),
    ],
    types: [VehicleType] = [VehicleType(capacities: [10])]
  ) throws -> Problem {
    let positions = depots + sites.map(\.position) + clients.map(\.position)
    return try Problem(
      name: "line", depots: depots.indices.map { Depot(name: "depot \($0)") },
      disposalSites: sites.map(\.site),
      clients: clients.map(\.client), vehicleTypes: types,
      distances: Matrix(size: positions.count) { abs(positions[$0] - positions[$1]) })
  }

  private func evaluate(_ routes: [Route], _ problem: Problem) -> DetailedEvaluation {
    SolutionEvaluator.evaluateInDetail(Solution(routes: routes), for: problem)
  }

  private func kinds(_ evaluation: DetailedEvaluation) -> [DetailedEvaluation.Violation.Kind] {
    evaluation.violations.map(\.kind)
  }

  // MARK: - Loads and disposal

  @Test func routeThatUnloadsTwice() throws {
    let problem = try problem()
    let evaluation = evaluate([Route(visits: [.client(0), .disposal(0), .client(1), .disposal(0)])], problem)
    #expect(evaluation.violations == [])
    #expect(evaluation.isFeasible)
    let route = try #require(evaluation.routes.first)
    // 0→2→10→4→10→0
    #expect(route.distance == 2 + 8 + 6 + 6 + 10)
    #expect(route.trips == [[6], [6]])
    #expect(route.totalLoad == [12])
    #expect(route.visits.map(\.load) == [[0], [6], [0], [6], [0], [0]])
    #expect(route.visits.map(\.arrival) == [0, 2, 10, 17, 23, 34])
    #expect(route.visits.map(\.departure) == [0, 2, 11, 17, 24, 34])
    #expect(route.duration == 34)
    #expect(evaluation.cost == 32)
    #expect(evaluation.distance == 32)
    #expect(evaluation.vehiclesPerType == [1])
  }

  @Test func tripOverCapacityWithoutTheMiddleUnloading() throws {
    let evaluation = evaluate([Route(visits: [.client(0), .client(1), .disposal(0)])], try problem())
    #expect(kinds(evaluation) == [.capacity])
    let violation = try #require(evaluation.violations.first)
    #expect(violation.route == 0 && violation.visit == 1)
    #expect(
      violation.message
        == #"route 1, visit 2 (client "b"): the trip's load 12 exceeds the capacity 10 in dimension 1 (trip 1)"#
    )
  }

  @Test func missingFinalDisposal() throws {
    let evaluation = evaluate([Route(visits: [.client(0), .disposal(0), .client(1)])], try problem())
    #expect(kinds(evaluation) == [.noFinalDisposal])
    #expect(evaluation.violations[0].visit == 2)
    #expect(evaluation.violations[0].message.hasPrefix(#"route 1, visit 3 (client "b"): the last client"#))
    // A break after the final unloading is fine.
    let rule = BreakRule(duration: 0, window: TimeWindow(earliest: 0, latest: 1000))
    let withBreak = try problem(types: [VehicleType(capacities: [10], breakRule: rule)])
    let ok = evaluate(
      [Route(visits: [.client(0), .disposal(0), .client(1), .disposal(0), .break])], withBreak)
    #expect(ok.violations == [])
  }

  @Test func maxTotalLoadAndMaxStops() throws {
    let problem = try problem(types: [VehicleType(capacities: [10], maxTotalLoad: 10, maxStops: 1)])
    let evaluation = evaluate([Route(visits: [.client(0), .disposal(0), .client(1), .disposal(0)])], problem)
    #expect(kinds(evaluation) == [.maxTotalLoad, .maxStops])
    #expect(evaluation.violations.map(\.visit) == [2, 2])
    #expect(
      evaluation.violations[0].message
        == #"route 1, visit 3 (client "b"): the route's total load 12 exceeds the maximum 10"#)
    #expect(
      evaluation.violations[1].message
        == #"route 1, visit 3 (client "b"): client number 2 exceeds the maximum of 1 stops"#)
  }

  @Test func secondCapacityDimension() throws {
    let problem = try problem(
      clients: [(2, Client(name: "a", demands: [1, 3])), (4, Client(name: "b", demands: [1, 3]))],
      types: [VehicleType(capacities: [10, 5])])
    let evaluation = evaluate([Route(visits: [.client(0), .client(1), .disposal(0)])], problem)
    #expect(kinds(evaluation) == [.capacity])
    #expect(
      evaluation.violations[0].message.hasSuffix("load 6 exceeds the capacity 5 in dimension 2 (trip 1)"))
    #expect(evaluation.routes[0].trips == [[2, 6]])
  }

  @Test func disallowedDisposalSite() throws {
    let problem = try problem(
      sites: [(10, DisposalSite(name: "D")), (12, DisposalSite(name: "E"))],
      types: [VehicleType(capacities: [20], allowedDisposalSites: [0])])
    let evaluation = evaluate([Route(visits: [.client(0), .client(1), .disposal(1)])], problem)
    #expect(kinds(evaluation) == [.disallowedDisposalSite])
    #expect(
      evaluation.violations[0].message
        == #"route 1, visit 3 (disposal site "E"): vehicle type 0 ("vehicle") may not unload there"#)
  }

  // MARK: - Time

  @Test func windowForcingAWaitAndTheLatestDeparture() throws {
    let problem = try problem(
      clients: [
        (2, Client(name: "a", demands: [1], timeWindows: [TimeWindow(earliest: 0, latest: 3)])),
        (4, Client(name: "b", demands: [1], timeWindows: [TimeWindow(earliest: 10, latest: 20)])),
      ], types: [VehicleType(capacities: [10], shift: TimeWindow(earliest: 0, latest: 100))])
    let evaluation = evaluate([Route(visits: [.client(0), .client(1), .disposal(0)])], problem)
    #expect(evaluation.isFeasible)
    let route = evaluation.routes[0]
    // Earliest finish: b cannot start before 10, so the end is 10 + 6 + 1 + 10 = 27. Leaving at 1 still
    // reaches a by its close (3); leaving later would not.
    #expect(route.departure == 1)
    #expect(route.visits.map(\.arrival) == [1, 3, 5, 16, 27])
    #expect(route.visits.map(\.start) == [1, 3, 10, 16, 27])
    #expect(route.visits[2].waiting == 5)
    #expect(route.waiting == 5)
    #expect(route.arrival == 27)
    #expect(route.duration == 26)
  }

  @Test func singleWindowWaitVanishesWithTheLatestDeparture() throws {
    let problem = try problem(
      clients: [
        (
          2,
          Client(
            name: "a", demands: [1], serviceDuration: 3, timeWindows: [TimeWindow(earliest: 5, latest: 20)])
        )
      ], types: [VehicleType(capacities: [10], shift: TimeWindow(earliest: 0, latest: 100))])
    let route = evaluate([Route(visits: [.client(0), .disposal(0)])], problem).routes[0]
    #expect(route.departure == 3)
    #expect(route.visits.map(\.start) == [3, 5, 16, 27])
    #expect(route.visits.map(\.departure) == [3, 8, 17, 27])
    #expect(route.duration == 24 && route.waiting == 0)
  }

  @Test func multipleWindowsUseTheFirstThatIsStillOpen() throws {
    let windows = [
      TimeWindow(earliest: 0, latest: 1), TimeWindow(earliest: 10, latest: 12),
      TimeWindow(earliest: 20, latest: 30),
    ]
    func route(shiftOpens: Int64) throws -> (RouteSchedule, [DetailedEvaluation.Violation]) {
      let problem = try problem(
        clients: [(2, Client(name: "a", demands: [1], timeWindows: windows))],
        types: [VehicleType(capacities: [10], shift: TimeWindow(earliest: shiftOpens, latest: 100))])
      let evaluation = evaluate([Route(visits: [.client(0), .disposal(0)])], problem)
      return (evaluation.routes[0], evaluation.violations)
    }
    // Arriving at 2: the first window has closed, the second opens at 10; leave at 8 instead.
    let (early, none) = try route(shiftOpens: 0)
    #expect(none.isEmpty)
    #expect(early.departure == 8 && early.visits[1].arrival == 10 && early.visits[1].start == 10)
    // Arriving at 13: the third window.
    let (late, _) = try route(shiftOpens: 11)
    #expect(late.departure == 18 && late.visits[1].start == 20)
    // Arriving at 31: every window has closed.
    let (tooLate, violations) = try route(shiftOpens: 29)
    #expect(tooLate.visits[1].start == 31)
    #expect(violations.map(\.kind) == [.timeWindow])
    #expect(
      violations[0].message
        == #"route 1, visit 1 (client "a"): service starts at 31, after its window closes at 30 (1 late)"#)
  }

  @Test func disposalSiteClosed() throws {
    let problem = try problem(
      sites: [(10, DisposalSite(name: "D", openingHours: TimeWindow(earliest: 0, latest: 5)))],
      clients: [(2, Client(name: "a", demands: [1]))])
    let evaluation = evaluate([Route(visits: [.client(0), .disposal(0)])], problem)
    #expect(kinds(evaluation) == [.timeWindow])
    #expect(
      evaluation.violations[0].message
        == #"route 1, visit 2 (disposal site "D"): unloading starts at 10, after its window closes at 5 (5 late)"#
    )
  }

  @Test func breakInsideItsWindow() throws {
    let rule = BreakRule(duration: 5, window: TimeWindow(earliest: 10, latest: 15))
    let problem = try problem(types: [
      VehicleType(capacities: [20], shift: TimeWindow(earliest: 0, latest: 100), breakRule: rule)
    ])
    let evaluation = evaluate([Route(visits: [.client(0), .break, .client(1), .disposal(0)])], problem)
    #expect(evaluation.violations == [])
    let route = evaluation.routes[0]
    // The break waits for 10 at a; then a→b is the plain arc (2). Finish 34; the latest departure is 8.
    #expect(route.departure == 8)
    #expect(route.visits[2].kind == .break)
    #expect(route.visits.map(\.arrival) == [8, 10, 10, 17, 23, 34])
    #expect(route.visits.map(\.start) == [8, 10, 10, 17, 23, 34])
    #expect(route.visits.map(\.departure) == [8, 10, 15, 17, 24, 34])
    #expect(route.distance == 2 + 2 + 6 + 10)
    #expect(route.duration == 26)
  }

  @Test func breakAsFirstVisitStartsAtTheDepot() throws {
    let rule = BreakRule(duration: 5, window: TimeWindow(earliest: 10, latest: 15))
    let problem = try problem(types: [
      VehicleType(capacities: [20], shift: TimeWindow(earliest: 0, latest: 100), breakRule: rule)
    ])
    let route = evaluate([Route(visits: [.break, .client(0), .disposal(0)])], problem).routes[0]
    #expect(route.departure == 10)
    #expect(route.visits.map(\.start) == [10, 10, 17, 25, 36])
    #expect(route.distance == 20)
  }

  @Test func breakOutsideItsWindowMissingAndDuplicated() throws {
    let rule = BreakRule(duration: 5, window: TimeWindow(earliest: 0, latest: 3))
    let problem = try problem(types: [VehicleType(capacities: [20], breakRule: rule)])
    let late = evaluate([Route(visits: [.client(0), .client(1), .break, .disposal(0)])], problem)
    #expect(kinds(late) == [.breakWindow])
    #expect(late.violations[0].visit == 2)
    #expect(
      late.violations[0].message
        == "route 1, visit 3 (break): the break starts at 4, after its window closes at 3 (1 late)")
    // The route takes 21; a shift ending at 22 keeps it from leaving after the window's latest start (3).
    let owed = try self.problem(types: [
      VehicleType(capacities: [20], shift: TimeWindow(earliest: 0, latest: 22), breakRule: rule)
    ])
    let missing = evaluate([Route(visits: [.client(0), .client(1), .disposal(0)])], owed)
    #expect(kinds(missing) == [.missingBreak])
    #expect(
      missing.violations[0].message
        == "route 1: no break, but the route is under way during the break window (it is back at 21, after the window opens at 0)")
    let twice = evaluate([Route(visits: [.break, .client(0), .break, .client(1), .disposal(0)])], problem)
    #expect(kinds(twice) == [.duplicateBreak, .breakWindow])
    #expect(twice.violations[0].visit == 2)
    let unexpected = evaluate(
      [Route(visits: [.client(0), .break, .client(1), .disposal(0)])],
      try self.problem(types: [VehicleType(capacities: [20])]))
    #expect(kinds(unexpected) == [.unexpectedBreak])
  }

  /// A window break is owed only by a route under way during the window (RouteSemantics).
  @Test func windowBreakOwedOnlyWhileUnderWay() throws {
    let visits: [Visit] = [.client(0), .client(1), .disposal(0)]  // 21 long
    func problem(window: TimeWindow, shift: TimeWindow) throws -> Problem {
      try self.problem(types: [
        VehicleType(capacities: [20], shift: shift, breakRule: BreakRule(duration: 5, window: window))
      ])
    }
    // Back at 21, when the window opens: nothing owed.
    let before = evaluate([Route(visits: visits)], try problem(
      window: TimeWindow(earliest: 21, latest: 30), shift: TimeWindow(earliest: 0, latest: 100)))
    #expect(before.violations == [])
    #expect(before.routes[0].departure == 0)
    // The window's latest start is 40: the route may leave then and owes nothing; its timetable moves.
    let after = evaluate([Route(visits: visits)], try problem(
      window: TimeWindow(earliest: 10, latest: 40), shift: TimeWindow(earliest: 0, latest: 100)))
    #expect(after.violations == [])
    #expect(after.routes[0].departure == 40)
    #expect(after.routes[0].arrival == 61)
    #expect(after.routes[0].duration == 21)
    // The same with a shift that ends at 60: it cannot leave that late, so the break is owed.
    let owed = evaluate([Route(visits: visits)], try problem(
      window: TimeWindow(earliest: 10, latest: 40), shift: TimeWindow(earliest: 0, latest: 60)))
    #expect(kinds(owed) == [.missingBreak])
  }

  /// The driving-time rule: a break owed beyond the limit, and the driving on each side within it.
  @Test func drivingLimitBreak() throws {
    // Driving: depot→a 2, a→b 2, b→D 6, D→depot 10: 20 in all.
    func problem(limit: Int64) throws -> Problem {
      try self.problem(types: [
        VehicleType(capacities: [20], breakRule: .drivingLimit(duration: 5, maxDriving: limit))
      ])
    }
    let plain: [Visit] = [.client(0), .client(1), .disposal(0)]
    #expect(evaluate([Route(visits: plain)], try problem(limit: 20)).violations == [])
    let missing = evaluate([Route(visits: plain)], try problem(limit: 19))
    #expect(kinds(missing) == [.missingBreak])
    #expect(missing.violations[0].message == "route 1: drives 20 without a break, more than the 19 allowed")
    // A break after b: 4 before, 16 after.
    let afterB: [Visit] = [.client(0), .client(1), .break, .disposal(0)]
    #expect(evaluate([Route(visits: afterB)], try problem(limit: 16)).violations == [])
    let tooLong = evaluate([Route(visits: afterB)], try problem(limit: 15))
    #expect(kinds(tooLong) == [.drivingTime])
    #expect(tooLong.violations[0].message == "route 1: drives 16 after the break, more than the 15 allowed")
    // A break after the site: 10 before, 10 after.
    let afterSite: [Visit] = [.client(0), .client(1), .disposal(0), .break]
    #expect(evaluate([Route(visits: afterSite)], try problem(limit: 10)).violations == [])
  }

  @Test func shiftMaxDurationAndMaxDistance() throws {
    let problem = try problem(types: [
      VehicleType(
        capacities: [20], maxDuration: 20, maxDistance: 20, shift: TimeWindow(earliest: 0, latest: 25))
    ])
    let evaluation = evaluate([Route(visits: [.client(0), .client(1), .disposal(0)])], problem)
    #expect(kinds(evaluation) == [.maxDuration])
    #expect(evaluation.violations[0].message == "route 1: duration 21 exceeds the maximum 20")
    #expect(evaluation.routes[0].duration == 21)
    let longer = evaluate([Route(visits: [.client(0), .disposal(0), .client(1), .disposal(0)])], problem)
    #expect(kinds(longer) == [.shift, .maxDuration, .maxDistance])
    #expect(
      longer.violations[0].message == "route 1: arrives at the end depot at 34, after the shift ends at 25")
    #expect(longer.violations[2].message == "route 1: distance 32 exceeds the maximum 20")
  }

  // MARK: - Vehicles, clients and costs

  @Test func incompatibleVehicleType() throws {
    let problem = try problem(
      clients: [
        (2, Client(name: "a", demands: [1], allowedVehicleTypes: [1])), (4, Client(name: "b", demands: [1])),
      ],
      types: [VehicleType(name: "small", capacities: [10]), VehicleType(name: "large", capacities: [20])])
    let evaluation = evaluate(
      [Route(vehicleType: 0, visits: [.client(1), .client(0), .disposal(0)])], problem)
    #expect(kinds(evaluation) == [.incompatibleVehicleType])
    #expect(evaluation.violations[0].visit == 1)
    #expect(
      evaluation.violations[0].message
        == #"route 1, visit 2 (client "a"): may not be served by vehicle type 0 ("small")"#)
    let fine = evaluate([Route(vehicleType: 1, visits: [.client(1), .client(0), .disposal(0)])], problem)
    #expect(fine.isFeasible && fine.vehiclesPerType == [0, 1])
  }

  @Test func optionalClientLeftOutCostsItsPrize() throws {
    let problem = try problem(
      clients: [
        (2, Client(name: "a", demands: [1])),
        (4, Client(name: "b", demands: [1], isRequired: false, prize: 100)),
      ],
      types: [VehicleType(capacities: [10], fixedCost: 1000, unitDistanceCost: 2, unitDurationCost: 3)])
    let evaluation = evaluate([Route(visits: [.client(0), .disposal(0)])], problem)
    #expect(evaluation.isFeasible)
    // Distance 2 + 8 + 10 = 20, duration 20 + 1 unloading.
    #expect(evaluation.routes[0].cost == 1000 + 2 * 20 + 3 * 21)
    #expect(evaluation.unvisitedPrizes == 100)
    #expect(evaluation.cost == 1000 + 40 + 63 + 100)
    let visited = evaluate([Route(visits: [.client(0), .client(1), .disposal(0)])], problem)
    #expect(visited.unvisitedPrizes == 0 && visited.cost == 1000 + 2 * 20 + 3 * 21)
    // The summary of evaluate(_:for:) uses the same cost for rich problems.
    #expect(
      SolutionEvaluator.evaluate(Solution(routes: [Route(visits: [.client(0), .disposal(0)])]), for: problem)
        .cost == 1203)
  }

  @Test func secondDepotEndsTheRoute() throws {
    let problem = try problem(
      depots: [0, 20], types: [VehicleType(capacities: [20], startDepot: 0, endDepot: 1)])
    let evaluation = evaluate([Route(visits: [.client(0), .client(1), .disposal(0)])], problem)
    #expect(evaluation.isFeasible)
    let route = evaluation.routes[0]
    #expect(route.visits.first?.kind == .startDepot(0) && route.visits.last?.kind == .endDepot(1))
    #expect(route.distance == 2 + 2 + 6 + 10)
  }

  @Test func missingDuplicateAndUnknownClientsVehicleCount() throws {
    let problem = try problem(types: [VehicleType(capacities: [20], count: 1)])
    let evaluation = evaluate(
      [
        Route(visits: [.client(0), .client(7), .disposal(3), .disposal(0)]),
        Route(vehicleType: 4, visits: [.client(0)]),
      ], problem)
    #expect(
      kinds(evaluation) == [
        .unknownClient, .unknownDisposalSite, .duplicateClient, .unknownVehicleType, .missingClient,
      ])
    #expect(
      evaluation.violations[2].message
        == #"route 2, visit 1 (client "a"): already visited by route 1, visit 1"#)
    #expect(evaluation.violations[4].message == #"client "b" is not visited"#)
    let twoRoutes = evaluate(
      [Route(visits: [.client(0), .disposal(0)]), Route(visits: [.client(1), .disposal(0)])], problem)
    #expect(kinds(twoRoutes) == [.vehicleCount])
    #expect(twoRoutes.vehicleCount == 2)
  }

  @Test func capacitatedProblemsKeepTheClassicEvaluator() throws {
    let problem = try Problem(
      depots: [Depot(name: "1")], clients: [Client(name: "2", demand: 3)],
      vehicleTypes: [VehicleType(capacity: 10)],
      distances: Matrix(size: 2) { $0 == $1 ? 0 : 5 })
    let solution = Solution(routes: [Route(clients: [0])])
    #expect(SolutionEvaluator.evaluate(solution, for: problem).cost == 10)
    let detail = SolutionEvaluator.evaluateInDetail(solution, for: problem)
    #expect(detail.cost == 10 && detail.isFeasible && detail.routes[0].duration == 10)
  }
}
