import Testing

@testable import WasteRouting

/// The rich path of ``Solver`` (``RichSearch``): hand-checked optima, one per feature, random rich
/// instances checked by ``SolutionEvaluator/evaluateInDetail(_:for:)``, and unavoidable infeasibility.
@Suite struct RichSolverTests {
  // MARK: - Helpers

  /// A small, reproducible configuration (iterations only, no time limit).
  static func configuration(seed: UInt64, iterations: Int) -> SolverConfiguration {
    SolverConfiguration(
      seed: seed, timeLimit: nil, maxIterations: iterations, iterationsBeforeRestart: 60, maxRuinSize: 8,
      acceptanceHistoryLength: 20, refinement: false)
  }

  /// Solves `problem` and checks the result with the detailed evaluator: no violation, same cost.
  static func solveChecked(
    _ problem: Problem, seed: UInt64 = 1, iterations: Int = 300,
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws -> (SolverResult, DetailedEvaluation) {
    let result = try await Solver(configuration(seed: seed, iterations: iterations)).solve(problem)
    let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
    #expect(evaluation.violations.isEmpty, "\(evaluation.violations.prefix(3))", sourceLocation: sourceLocation)
    #expect(evaluation.isFeasible, sourceLocation: sourceLocation)
    #expect(evaluation.cost == result.cost, "solver \(result.cost), evaluator \(evaluation.cost)",
      sourceLocation: sourceLocation)
    return (result, evaluation)
  }

  /// Distances between points on a line (location order: depots, disposal sites, clients).
  static func line(_ positions: [Int64]) -> Matrix<Int64> {
    Matrix(size: positions.count) { abs(positions[$0] - positions[$1]) }
  }

  /// The routes of `solution` as sets of 0-based clients.
  static func routeSets(_ solution: Solution) -> Set<Set<Int>> {
    Set(solution.routes.map { Set($0.clients) })
  }

  /// The routes of `solution` as "type: clients" strings, ignoring disposal visits and breaks.
  static func typedRoutes(_ solution: Solution) -> Set<String> {
    Set(solution.routes.map { "\($0.vehicleType): \($0.clients)" })
  }

  /// `make()`, or, with `zeroBreak`, the same problem where every vehicle type takes a break of length 0
  /// that may start at any time: same optimum, but an emptied route keeps a visit until it is cleared
  /// (both forms once exposed a stale-cache bug of routes emptied by a ruin).
  static func variant(_ zeroBreak: Bool, _ make: () throws -> Problem) throws -> Problem {
    let problem = try make()
    guard zeroBreak else { return problem }
    let types = problem.vehicleTypes.map { type in
      var type = type
      type.breakRule = BreakRule(duration: 0, window: TimeWindow(earliest: 0, latest: 1_000_000))
      return type
    }
    return try Problem(
      name: problem.name + "-zero-break", depots: problem.depots, disposalSites: problem.disposalSites,
      clients: problem.clients, vehicleTypes: types, distances: problem.distances, durations: problem.durations)
  }

  /// The timetable line of client `client`, if any route serves it.
  static func line(ofClient client: Int, in evaluation: DetailedEvaluation) -> ScheduledVisit? {
    for route in evaluation.routes {
      if let visit = route.visits.first(where: { $0.kind == .client(client) }) { return visit }
    }
    return nil
  }

  // MARK: - Hand-checked optima

  /// Capacity 10, clients of 6 at 20 and 30, a disposal site at 25, depot at 0: the only cheapest plan
  /// is one route 0 → 20 → site → 30 → site → 0 = 20 + 5 + 5 + 5 + 25 = 60 (the reverse costs 70,
  /// two routes 50 + 60 = 110).
  @Test func routeUnloadsTwiceAndLastBeforeTheDepot() async throws {
    let problem = try Problem(
      name: "unload-twice", depots: [Depot(name: "depot")], disposalSites: [DisposalSite(name: "site")],
      clients: [Client(name: "A", demand: 6), Client(name: "B", demand: 6)],
      vehicleTypes: [VehicleType(capacities: [10])], distances: Self.line([0, 25, 20, 30]))
    let (result, evaluation) = try await Self.solveChecked(problem)
    #expect(result.cost == 60)
    #expect(result.solution.routes == [Route(vehicleType: 0, visits: [.client(0), .disposal(0), .client(1), .disposal(0)])])
    #expect(evaluation.routes.first?.trips == [[6], [6]])
    #expect(evaluation.routes.first?.visits.dropLast().last?.isDisposal == true)
  }

  /// Client A at 10 must start by 15, client B at 20 not before 100: the route 0 → A → B → 0 (distance
  /// 40; two routes cost 60) leaves as late as possible, at 5, serves A at 15, reaches B at 25 and
  /// waits 75.
  @Test
  func timeWindowForcesAWait() async throws { try await Self.timeWindowForcesAWait(zeroBreak: false) }

  @Test func timeWindowForcesAWaitWithZeroBreak() async throws { try await Self.timeWindowForcesAWait(zeroBreak: true) }

  static func timeWindowForcesAWait(zeroBreak: Bool) async throws {
    let problem = try Self.variant(zeroBreak) { try Problem(
      name: "wait", depots: [Depot(name: "depot")],
      clients: [
        Client(name: "A", demands: [1], timeWindows: [TimeWindow(earliest: 0, latest: 15)]),
        Client(name: "B", demands: [1], timeWindows: [TimeWindow(earliest: 100, latest: 120)]),
      ],
      vehicleTypes: [VehicleType(capacities: [10])], distances: Self.line([0, 10, 20])) }
    let (result, evaluation) = try await Self.solveChecked(problem)
    #expect(result.cost == 40)
    #expect(result.solution.routes.map(\.clients) == [[0, 1]])
    let schedule = try #require(evaluation.routes.first)
    #expect(schedule.waiting == 75)
    #expect(schedule.departure == 5)
    #expect(Self.line(ofClient: 1, in: evaluation)?.arrival == 25)
    #expect(Self.line(ofClient: 1, in: evaluation)?.start == 100)
  }

  /// Shift 8:00–17:00, a 30-minute break to start 11:00–12:00 (minutes after midnight), one client at
  /// 10 to start 11:40–11:45 with 30 minutes of service. Taking the break after the client would start
  /// it at 12:10, too late; so it is taken before, at 11:00 exactly (then 11:30 + 10 = 11:40 at the
  /// client).
  @Test func lunchBreakIsTakenInsideItsWindow() async throws {
    let problem = try Problem(
      name: "lunch", depots: [Depot(name: "depot")],
      clients: [
        Client(name: "A", demands: [1], serviceDuration: 30, timeWindows: [TimeWindow(earliest: 700, latest: 705)])
      ],
      vehicleTypes: [
        VehicleType(
          capacities: [10], shift: TimeWindow(earliest: 480, latest: 1020),
          breakRule: BreakRule(duration: 30, window: TimeWindow(earliest: 660, latest: 720)))
      ],
      distances: Self.line([0, 10]))
    let (result, evaluation) = try await Self.solveChecked(problem)
    #expect(result.cost == 20)
    #expect(result.solution.routes == [Route(vehicleType: 0, visits: [.break, .client(0)])])
    let schedule = try #require(evaluation.routes.first)
    let lunch = try #require(schedule.visits.first { $0.kind == .break })
    #expect(lunch.start == 660)
    #expect(lunch.departure == 690)
    #expect(Self.line(ofClient: 0, in: evaluation)?.start == 700)
  }

  /// Client A (at 10) may only ride type 1, which costs 3 per distance unit; B (at 20) may ride either.
  /// A alone on type 1 (60) and B on type 0 (40) make 100; both on type 1 cost 120.
  @Test
  func incompatibleClientRidesItsAllowedType() async throws { try await Self.incompatibleClientRidesItsAllowedType(zeroBreak: false) }

  @Test func incompatibleClientRidesItsAllowedTypeWithZeroBreak() async throws { try await Self.incompatibleClientRidesItsAllowedType(zeroBreak: true) }

  static func incompatibleClientRidesItsAllowedType(zeroBreak: Bool) async throws {
    let problem = try Self.variant(zeroBreak) { try Problem(
      name: "compatibility", depots: [Depot(name: "depot")],
      clients: [
        Client(name: "A", demands: [1], allowedVehicleTypes: [1]),
        Client(name: "B", demands: [1]),
      ],
      vehicleTypes: [
        VehicleType(name: "cheap", capacities: [10]),
        VehicleType(name: "special", capacities: [10], unitDistanceCost: 3),
      ],
      distances: Self.line([0, 10, 20])) }
    let (result, _) = try await Self.solveChecked(problem)
    #expect(result.cost == 100)
    #expect(Self.typedRoutes(result.solution) == ["1: [0]", "0: [1]"])
  }

  /// A required client at 10 (route 20). An optional client at 12 worth 20 adds 4: served. An optional
  /// client at -20 worth 15 would add 40: left out, its prize paid. Total 24 + 15 = 39.
  @Test
  func optionalClientsServedOnlyWhenWorthTheirPrize() async throws { try await Self.optionalClientsServedOnlyWhenWorthTheirPrize(zeroBreak: false) }

  @Test func optionalClientsServedOnlyWhenWorthTheirPrizeWithZeroBreak() async throws { try await Self.optionalClientsServedOnlyWhenWorthTheirPrize(zeroBreak: true) }

  static func optionalClientsServedOnlyWhenWorthTheirPrize(zeroBreak: Bool) async throws {
    let problem = try Self.variant(zeroBreak) { try Problem(
      name: "prizes", depots: [Depot(name: "depot")],
      clients: [
        Client(name: "R", demands: [1]),
        Client(name: "worth", demands: [1], isRequired: false, prize: 20),
        Client(name: "not-worth", demands: [1], isRequired: false, prize: 15),
      ],
      vehicleTypes: [VehicleType(capacities: [10])], distances: Self.line([0, 10, 12, -20])) }
    let (result, evaluation) = try await Self.solveChecked(problem)
    #expect(result.cost == 39)
    #expect(Self.routeSets(result.solution) == [[0, 1]])
    #expect(evaluation.unvisitedPrizes == 15)
  }

  /// Depots at 0 and 100; type 0 lives at the first, type 1 at the second. Clients at 5 and 10 are
  /// served from depot 0 (20), the client at 95 from depot 1 (10): 30.
  @Test
  func secondDepotServesItsNeighbours() async throws { try await Self.secondDepotServesItsNeighbours(zeroBreak: false) }

  @Test func secondDepotServesItsNeighboursWithZeroBreak() async throws { try await Self.secondDepotServesItsNeighbours(zeroBreak: true) }

  static func secondDepotServesItsNeighbours(zeroBreak: Bool) async throws {
    let problem = try Self.variant(zeroBreak) { try Problem(
      name: "two-depots", depots: [Depot(name: "west"), Depot(name: "east")],
      clients: [Client(name: "A", demand: 1), Client(name: "B", demand: 1), Client(name: "C", demand: 1)],
      vehicleTypes: [
        VehicleType(name: "west", capacities: [10], startDepot: 0, endDepot: 0),
        VehicleType(name: "east", capacities: [10], startDepot: 1, endDepot: 1),
      ],
      distances: Self.line([0, 100, 5, 95, 10])) }
    let (result, evaluation) = try await Self.solveChecked(problem)
    #expect(result.cost == 30)
    #expect(result.solution.routes.count == 2)
    for route in result.solution.routes {
      #expect(Set(route.clients) == (route.vehicleType == 0 ? [0, 2] : [1]))
    }
    #expect(evaluation.vehiclesPerType == [1, 1])
  }

  /// Locations: depot 0, site 1, A 2, B 3 (demand 6 each, capacity 10), a one-way matrix: depot → A or
  /// B 10, A or B → site 5, site → depot 5, site → B 20, site → A 25, every other arc 30. Two vehicles
  /// cost 20 + 20 = 40 plus two fixed costs; one vehicle A, site, B, site costs 45 plus one fixed cost
  /// (B first: 50). Without fixed cost two vehicles win; with a fixed cost of 10, one vehicle (55 < 60).
  @Test(arguments: [Int64(0), 10])
  func fixedCostMinimisesTheFleet(fixedCost: Int64) async throws {
    var distances = Matrix<Int64>(size: 4) { $0 == $1 ? 0 : 30 }
    distances[0, 2] = 10
    distances[0, 3] = 10
    distances[2, 1] = 5
    distances[3, 1] = 5
    distances[1, 0] = 5
    distances[1, 3] = 20
    distances[1, 2] = 25
    let problem = try Problem(
      name: "fleet", depots: [Depot(name: "depot")], disposalSites: [DisposalSite(name: "site")],
      clients: [Client(name: "A", demand: 6), Client(name: "B", demand: 6)],
      vehicleTypes: [VehicleType(capacities: [10], fixedCost: fixedCost)], distances: distances)
    // Merging the two routes needs an extra unloading, reached through penalised states: 2 000 iterations.
    let (result, _) = try await Self.solveChecked(problem, iterations: 2_000)
    if fixedCost == 0 {
      #expect(result.cost == 40)
      #expect(Set(result.solution.routes) == [
        Route(visits: [.client(0), .disposal(0)]), Route(visits: [.client(1), .disposal(0)]),
      ])
    } else {
      #expect(result.cost == 55)
      #expect(result.solution.routes == [Route(visits: [.client(0), .disposal(0), .client(1), .disposal(0)])])
    }
  }

  /// Weight capacity 10, volume 100; clients at 10 and 11 weigh 6 and take 10 of volume each. Volume
  /// would allow one route (22); weight forces two (20 + 22 = 42).
  @Test
  func weightBindsWhileVolumeDoesNot() async throws { try await Self.weightBindsWhileVolumeDoesNot(zeroBreak: false) }

  @Test func weightBindsWhileVolumeDoesNotWithZeroBreak() async throws { try await Self.weightBindsWhileVolumeDoesNot(zeroBreak: true) }

  static func weightBindsWhileVolumeDoesNot(zeroBreak: Bool) async throws {
    let problem = try Self.variant(zeroBreak) { try Problem(
      name: "dimensions", depots: [Depot(name: "depot")],
      clients: [Client(name: "A", demands: [6, 10]), Client(name: "B", demands: [6, 10])],
      vehicleTypes: [VehicleType(capacities: [10, 100])], distances: Self.line([0, 10, 11])) }
    // The construction is feasible but is not kept; the penalties need ~1 000 iterations to get back.
    let (result, evaluation) = try await Self.solveChecked(problem, iterations: 1_500)
    #expect(result.cost == 42)
    #expect(Self.routeSets(result.solution) == [[0], [1]])
    #expect(Set(evaluation.routes.map(\.totalLoad)) == [[6, 10]])
  }

  /// The same clients with volume 10 each and weight 1: one route (22).
  @Test
  func volumeAloneDoesNotSplitLightClients() async throws { try await Self.volumeAloneDoesNotSplitLightClients(zeroBreak: false) }

  @Test func volumeAloneDoesNotSplitLightClientsWithZeroBreak() async throws { try await Self.volumeAloneDoesNotSplitLightClients(zeroBreak: true) }

  static func volumeAloneDoesNotSplitLightClients(zeroBreak: Bool) async throws {
    let problem = try Self.variant(zeroBreak) { try Problem(
      name: "dimensions-light", depots: [Depot(name: "depot")],
      clients: [Client(name: "A", demands: [1, 10]), Client(name: "B", demands: [1, 10])],
      vehicleTypes: [VehicleType(capacities: [10, 100])], distances: Self.line([0, 10, 11])) }
    let (result, evaluation) = try await Self.solveChecked(problem)
    #expect(result.cost == 22)
    #expect(evaluation.routes.map(\.totalLoad) == [[2, 20]])
  }

  /// Windows 0–5 and 100–110 at 10 with the shift opening at 20: the first window cannot be reached
  /// (arrival 30), so service starts at 100, the vehicle leaving at 90.
  @Test
  func clientWithTwoWindowsIsServedInTheSecond() async throws { try await Self.clientWithTwoWindowsIsServedInTheSecond(zeroBreak: false) }

  @Test
  func clientWithTwoWindowsIsServedInTheSecondWithZeroBreak() async throws { try await Self.clientWithTwoWindowsIsServedInTheSecond(zeroBreak: true) }

  static func clientWithTwoWindowsIsServedInTheSecond(zeroBreak: Bool) async throws {
    let problem = try Self.variant(zeroBreak) { try Problem(
      name: "two-windows", depots: [Depot(name: "depot")],
      clients: [
        Client(
          name: "A", demands: [1],
          timeWindows: [TimeWindow(earliest: 0, latest: 5), TimeWindow(earliest: 100, latest: 110)])
      ],
      vehicleTypes: [VehicleType(capacities: [10], shift: TimeWindow(earliest: 20, latest: 500))],
      distances: Self.line([0, 10])) }
    let (result, evaluation) = try await Self.solveChecked(problem)
    #expect(result.cost == 20)
    #expect(Self.line(ofClient: 0, in: evaluation)?.start == 100)
    #expect(evaluation.routes.first?.departure == 90)
  }

  /// Four clients at 10, 11, 12 and 13, at most two stops a route: {10, 11} and {12, 13} cost 22 + 26
  /// = 48; the other pairings cost 50.
  @Test
  func maxStopsBinds() async throws { try await Self.maxStopsBinds(zeroBreak: false) }

  @Test func maxStopsBindsWithZeroBreak() async throws { try await Self.maxStopsBinds(zeroBreak: true) }

  static func maxStopsBinds(zeroBreak: Bool) async throws {
    let problem = try Self.variant(zeroBreak) { try Problem(
      name: "stops", depots: [Depot(name: "depot")],
      clients: (0..<4).map { Client(name: "C\($0)", demands: [1]) },
      vehicleTypes: [VehicleType(capacities: [100], maxStops: 2)], distances: Self.line([0, 10, 11, 12, 13])) }
    // The construction is feasible but is not kept; the penalties need ~1 000 iterations to get back.
    let (result, _) = try await Self.solveChecked(problem, iterations: 1_500)
    #expect(result.cost == 48)
    #expect(Self.routeSets(result.solution) == [[0, 1], [2, 3]])
  }

  /// Clients of 6 at 10 and 11, a site at 12, capacity 100 but at most 10 a day: one route (24) or one
  /// vehicle unloading in between would collect 12, so each client has its own route: 24 + 24 = 48.
  @Test func maxTotalLoadBinds() async throws {
    let problem = try Problem(
      name: "total-load", depots: [Depot(name: "depot")], disposalSites: [DisposalSite(name: "site")],
      clients: [Client(name: "A", demand: 6), Client(name: "B", demand: 6)],
      vehicleTypes: [VehicleType(capacities: [100], maxTotalLoad: 10)], distances: Self.line([0, 12, 10, 11]))
    // The construction is feasible but is not kept; the penalties need ~1 000 iterations to get back.
    let (result, evaluation) = try await Self.solveChecked(problem, iterations: 1_500)
    #expect(result.cost == 48)
    #expect(Self.routeSets(result.solution) == [[0], [1]])
    #expect(evaluation.routes.allSatisfy { $0.totalLoad[0] <= 10 })
  }

  // MARK: - Unavoidable infeasibility

  /// A client at 10 whose window closes at 5 cannot be reached from a depot the shift leaves at 0: the
  /// solver serves the other client and leaves this one out as `windowUnreachable`, never late.
  @Test
  func unreachableWindowIsExcluded() async throws { try await Self.unreachableWindowIsExcluded(zeroBreak: false) }

  @Test func unreachableWindowIsExcludedWithZeroBreak() async throws { try await Self.unreachableWindowIsExcluded(zeroBreak: true) }

  static func unreachableWindowIsExcluded(zeroBreak: Bool) async throws {
    let problem = try Self.variant(zeroBreak) { try Problem(
      name: "unreachable", depots: [Depot(name: "depot")],
      clients: [
        Client(name: "A", demands: [1]),
        Client(name: "late", demands: [1], timeWindows: [TimeWindow(earliest: 0, latest: 5)]),
      ],
      vehicleTypes: [VehicleType(capacities: [10], shift: TimeWindow(earliest: 0, latest: 1000))],
      distances: Self.line([0, 3, 10])) }
    let result = try await Solver(Self.configuration(seed: 1, iterations: 100)).solve(problem)
    #expect(result.solution.routes.map(\.clients) == [[0]])
    #expect(result.solution.excludedClients == [ExcludedClient(client: 1, reason: .windowUnreachable)])
    let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
    #expect(evaluation.isFeasible, "\(evaluation.violations)")
    #expect(evaluation.cost == result.cost)
  }

  // MARK: - Random rich instances

  /// A random rich instance: 5–30 clients on a 100 × 100 grid (rounded Euclidean distances, durations
  /// equal), 1–2 depots, 1–3 disposal sites, 1–3 vehicle types with 1–2 capacity dimensions, shifts,
  /// breaks, fixed and unit costs, optional clients, restricted types and sites, one or two windows.
  ///
  /// It is feasible by construction: every client fits a type it allows, the fleet is unlimited (or
  /// has one vehicle per client), and one vehicle per client reaches it inside its window (at least
  /// 200 wide, opening by 600), unloads, takes its break (window 300–700) and is back within the shift
  /// 0–1 500.
  static func randomRichProblem(seed: UInt64) throws -> Problem {
    var rng = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 17)
    let n = 5 + rng.below(26)
    let depotCount = 1 + rng.below(2)
    let siteCount = 1 + rng.below(3)
    let typeCount = 1 + rng.below(3)
    let dimensions = 1 + rng.below(2)
    let size = depotCount + siteCount + n
    let points = (0..<size).map { _ in Coordinate(x: Double(rng.below(100)), y: Double(rng.below(100))) }
    let distances = Matrix<Int64>(size: size) { i, j in
      let dx = points[i].x - points[j].x, dy = points[i].y - points[j].y
      return Int64((dx * dx + dy * dy).squareRoot().rounded())
    }
    let shift = TimeWindow(earliest: 0, latest: 1_500)
    let sites = (0..<siteCount).map { s in
      DisposalSite(
        name: "S\(s)", coordinate: points[depotCount + s],
        openingHours: rng.below(2) == 0 ? .always : shift, unloadDuration: Int64(rng.below(20)))
    }
    var types: [VehicleType] = []
    for t in 0..<typeCount {
      var capacities = (0..<dimensions).map { _ in Int64(10 + rng.below(21)) }
      if dimensions == 2 { capacities[1] *= 3 }
      let start = rng.below(depotCount)
      var allowedSites: [Int]? = nil
      if siteCount > 1 && rng.below(3) == 0 {
        allowedSites = (0..<siteCount).filter { _ in rng.below(2) == 0 }
        if allowedSites!.isEmpty { allowedSites = [rng.below(siteCount)] }
      }
      types.append(
        VehicleType(
          name: "T\(t)", capacities: capacities, count: rng.below(3) == 0 ? n : nil, startDepot: start,
          endDepot: rng.below(4) == 0 ? rng.below(depotCount) : start,
          maxDuration: rng.below(4) == 0 ? 1_200 : nil,
          shift: rng.below(4) == 0 ? nil : shift,
          breakRule: rng.below(2) == 0 ? BreakRule(duration: 30, window: TimeWindow(earliest: 300, latest: 700)) : nil,
          maxTotalLoad: rng.below(4) == 0 ? Int64(capacities[0] * 2) : nil,
          maxStops: rng.below(4) == 0 ? 1 + rng.below(8) : nil,
          allowedDisposalSites: allowedSites,
          fixedCost: rng.below(2) == 0 ? Int64(rng.below(200)) : 0,
          unitDistanceCost: Int64(1 + rng.below(2)),
          unitDurationCost: Int64(rng.below(2))))
    }
    let clients = (0..<n).map { c in
      var allowed: [Int]? = nil
      if typeCount > 1 && rng.below(4) == 0 {
        allowed = (0..<typeCount).filter { _ in rng.below(2) == 0 }
        if allowed!.isEmpty { allowed = [rng.below(typeCount)] }
      }
      // Demands fit every type (capacities are at least 10).
      let demands = (0..<dimensions).map { _ in Int64(1 + rng.below(10)) }
      var windows: [TimeWindow] = []
      switch rng.below(3) {
      case 0: break
      case 1:
        let open = Int64(rng.below(601))
        windows = [TimeWindow(earliest: open, latest: open + 200 + Int64(rng.below(300)))]
      default:
        let open = Int64(rng.below(300))
        let close = open + 60 + Int64(rng.below(100))
        let second = close + 1 + Int64(rng.below(300))
        windows = [
          TimeWindow(earliest: open, latest: close),
          TimeWindow(earliest: second, latest: max(second + 200, 700)),
        ]
      }
      let optional = rng.below(4) == 0
      return Client(
        name: "C\(c)", coordinate: points[depotCount + siteCount + c], demands: demands,
        serviceDuration: Int64(rng.below(15)), timeWindows: windows, isRequired: !optional,
        prize: optional ? Int64(rng.below(300)) : 0, allowedVehicleTypes: allowed)
    }
    return try Problem(
      name: "rich-\(seed)",
      depots: (0..<depotCount).map { Depot(name: "D\($0)", coordinate: points[$0]) },
      disposalSites: sites, clients: clients, vehicleTypes: types, distances: distances)
  }

  static let randomIterations = 30

  /// Solves `problem` twice with the same seed and `iterations`; `nil` when the solver found no
  /// feasible solution (then the second run must not find one either). The generator guarantees a
  /// feasible solution, but with 30 iterations about half the instances get none (see
  /// ``randomRichInstancesGetASolution(seed:)``).
  static func solveTwice(_ problem: Problem, seed: UInt64, iterations: Int) async throws -> (SolverResult, SolverResult)? {
    let solver = Solver(configuration(seed: seed, iterations: iterations))
    let first: SolverResult
    do {
      first = try await solver.solve(problem)
    } catch SolverError.noFeasibleSolution {
      await #expect(throws: SolverError.self, "not deterministic: the second run found a solution") {
        _ = try await solver.solve(problem)
      }
      return nil
    }
    return (first, try await solver.solve(problem))
  }

  /// Checks one random instance: the returned solution passes the evaluator, costs what the solver
  /// says, and the same seed gives the same solution.
  static func checkRandomInstance(seed: Int) async throws {
    let problem = try randomRichProblem(seed: UInt64(seed))
    #expect(!problem.isCapacitatedOnly)
    guard let (first, second) = try await solveTwice(problem, seed: UInt64(seed) + 1, iterations: randomIterations)
    else { return }
    let evaluation = SolutionEvaluator.evaluateInDetail(first.solution, for: problem)
    #expect(evaluation.violations.isEmpty, "seed \(seed): \(evaluation.violations.prefix(3))")
    #expect(evaluation.cost == first.cost, "seed \(seed): solver \(first.cost), evaluator \(evaluation.cost)")
    #expect(first.reportedCost == Double(first.cost))
    #expect(second.solution == first.solution, "seed \(seed): not deterministic")
    #expect(second.cost == first.cost, "seed \(seed): not deterministic")
  }

  /// Seeds where the search's own price of a route with several-window clients and a unit duration cost
  /// differed from the evaluator's (the solver now reports the evaluator's cost for such problems).
  static let multipleWindowSeeds = [18, 82]

  @Test(arguments: multipleWindowSeeds)
  func randomRichInstancesWithSeveralWindowsCostWhatTheEvaluatorSays(seed: Int) async throws {
    try await Self.checkRandomInstance(seed: seed)
  }

  /// Every random instance has a feasible solution (one vehicle per client), which the construction
  /// finds; the search must keep it (it once did not: 51 of 100 instances ended without a solution).
  @Test(arguments: 0..<20)
  func randomRichInstancesGetASolution(seed: Int) async throws {
    let problem = try Self.randomRichProblem(seed: UInt64(seed))
    _ = try await Solver(Self.configuration(seed: UInt64(seed) + 1, iterations: 100)).solve(problem)
  }

  /// Every solution passes the detailed evaluator, costs what the solver says, and the same seed gives
  /// the same solution.
  @Test(arguments: (0..<100).filter { !multipleWindowSeeds.contains($0) })
  func randomRichInstancesAreFeasibleExactAndDeterministic(seed: Int) async throws {
    try await Self.checkRandomInstance(seed: seed)
  }
}
