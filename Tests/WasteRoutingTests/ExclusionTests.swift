import Testing

@testable import WasteRouting

/// Issue #11: the solver never traps, never refuses a problem whose every client can be served on a
/// route of its own, and plans around the clients it cannot serve, naming each with its rule.
@Suite struct ExclusionTests {
  typealias R = RichSolverTests

  // MARK: - Problems every client of which can be served alone

  /// A skip round: every container (6) fills more than half a truck (10), so each needs its own trip;
  /// one truck type, unlimited, a daily load far above one trip. Trapped on a route slot overflow before.
  @Test func skipRoundWithMoreTripsThanStops() async throws {
    let n = 30
    let positions: [Int64] = [0, 50] + (0..<n).map { Int64(3 + 7 * $0 % 97) }
    let problem = try Problem(
      name: "skips", depots: [Depot(name: "depot")],
      disposalSites: [DisposalSite(name: "site", unloadDuration: 5)],
      clients: (0..<n).map { Client(name: "c\($0)", demands: [6], serviceDuration: 2) },
      vehicleTypes: [
        VehicleType(
          capacities: [10], shift: TimeWindow(earliest: 0, latest: 2_000), maxTotalLoad: 1_000, fixedCost: 10_000)
      ],
      distances: R.line(positions))
    let (result, evaluation) = try await R.solveChecked(problem, iterations: 200)
    #expect(result.solution.excludedClients.isEmpty)
    // Each trip carries one container: as many disposal visits as containers.
    let disposals = result.solution.routes.reduce(0) { $0 + $1.visits.count { if case .disposal = $0 { true } else { false } } }
    #expect(disposals == n)
    #expect(evaluation.vehicleCount < n)
  }

  /// A stop limit of 2 with 120 clients needs 60 routes: more than the old slot bound allowed.
  @Test func stopLimitNeedsManyRoutes() async throws {
    let n = 120
    let problem = try Problem(
      name: "stops", depots: [Depot(name: "depot")],
      clients: (0..<n).map { Client(name: "c\($0)", demands: [1]) },
      vehicleTypes: [VehicleType(capacities: [100], maxStops: 2, fixedCost: 1_000)],
      distances: R.line([0] + (0..<n).map { Int64(1 + $0 % 40) }))
    let (result, evaluation) = try await R.solveChecked(problem, iterations: 50)
    #expect(result.solution.excludedClients.isEmpty)
    #expect(evaluation.vehicleCount == 60)
  }

  /// The construction alone serves everything: one iteration is enough for a feasible answer.
  @Test(arguments: [1, 2, 3])
  func oneIterationGivesAFeasibleSolution(seed: UInt64) async throws {
    var rng = SplitMix64(seed: seed)
    let n = 40
    let positions: [Int64] = [0, 30, 60] + (0..<n).map { _ in Int64(rng.below(100)) }
    let problem = try Problem(
      name: "tight", depots: [Depot(name: "depot")],
      disposalSites: [
        DisposalSite(name: "early", openingHours: TimeWindow(earliest: 0, latest: 300), unloadDuration: 10),
        DisposalSite(name: "late", openingHours: TimeWindow(earliest: 250, latest: 900), unloadDuration: 10),
      ],
      clients: (0..<n).map { c in
        // Reachable in time from the depot (the distance is the travel time).
        let open = positions[3 + c] + Int64(rng.below(400))
        return Client(
          name: "c\(c)", demands: [Int64(1 + rng.below(9))], serviceDuration: 3,
          timeWindows: [TimeWindow(earliest: open, latest: open + 60)])
      },
      vehicleTypes: [
        VehicleType(
          capacities: [10], shift: TimeWindow(earliest: 0, latest: 1_000),
          breakRule: BreakRule(duration: 30, window: TimeWindow(earliest: 200, latest: 260)), maxStops: 3,
          fixedCost: 500)
      ],
      distances: R.line(positions))
    let (result, _) = try await R.solveChecked(problem, seed: seed, iterations: 1)
    #expect(result.solution.excludedClients.isEmpty)

  }

  /// A route that is back before the break window opens owes no break; one under way during it does.
  @Test func breakOwedOnlyByRoutesUnderWayDuringItsWindow() async throws {
    let rule = BreakRule(duration: 100, window: TimeWindow(earliest: 500, latest: 600))
    let problem = try Problem(
      name: "breaks", depots: [Depot(name: "depot")],
      clients: [
        Client(name: "morning", demands: [1], timeWindows: [TimeWindow(earliest: 0, latest: 50)]),
        Client(name: "noon", demands: [1], timeWindows: [TimeWindow(earliest: 550, latest: 560)]),
      ],
      vehicleTypes: [VehicleType(capacities: [1], shift: TimeWindow(earliest: 0, latest: 2_000), breakRule: rule)],
      distances: R.line([0, 10, 20]))
    let (result, evaluation) = try await R.solveChecked(problem)
    let byClient = Dictionary(uniqueKeysWithValues: result.solution.routes.map { ($0.clients[0], $0.visits) })
    #expect(byClient[0] == [.client(0)])
    #expect(byClient[1]?.contains(.break) == true)
    #expect(evaluation.cost == 20 + 40)  // distance only: the break adds time, which costs nothing here
  }

  /// The EU rule: a break after at most 4 h 30 min of driving, owed only by routes that drive longer.
  @Test func drivingLimitRuleSplitsTheDriving() async throws {
    let hour: Int64 = 3_600
    let positions: [Int64] = [0] + [2, 3, 4, 5].map { $0 * hour / 2 }
    let problem = try Problem(
      name: "eu", depots: [Depot(name: "depot")],
      clients: (0..<4).map { Client(name: "c\($0)", demands: [1]) },
      vehicleTypes: [
        VehicleType(
          capacities: [10], count: 1, breakRule: .drivingLimit(duration: 2_700, maxDriving: 4 * hour + 1_800))
      ],
      distances: R.line(positions))
    let (result, evaluation) = try await R.solveChecked(problem)
    // Five hours of driving in one route: the break must sit with at most 4.5 h on either side.
    #expect(result.solution.routes.count == 1)
    #expect(result.solution.routes[0].visits.contains(.break))
    #expect(evaluation.routes[0].duration == 5 * hour + 2_700)
    let short = try Problem(
      name: "eu-short", depots: [Depot(name: "depot")], clients: [Client(name: "c", demands: [1])],
      vehicleTypes: problem.vehicleTypes, distances: R.line([0, hour]))
    let (alone, _) = try await R.solveChecked(short)
    #expect(alone.solution.routes[0].visits == [.client(0)])
  }

  // MARK: - Clients that cannot be served

  /// One client for each intrinsic rule, among clients that can be served.
  @Test func eachIntrinsicRuleIsNamed() async throws {
    let problem = try Problem(
      name: "rules", depots: [Depot(name: "depot")],
      disposalSites: [DisposalSite(name: "site", openingHours: TimeWindow(earliest: 0, latest: 500))],
      clients: [
        Client(name: "fine", demands: [1, 1]),
        Client(name: "nobody", demands: [1, 1], allowedVehicleTypes: []),
        Client(name: "heavy", demands: [1, 30]),
        Client(name: "late", demands: [1, 1], timeWindows: [TimeWindow(earliest: 0, latest: 5)]),
        Client(name: "after-closing", demands: [1, 1], timeWindows: [TimeWindow(earliest: 600, latest: 700)]),
        Client(name: "far", demands: [1, 1]),
      ],
      vehicleTypes: [
        VehicleType(capacities: [10, 20], maxDistance: 300, shift: TimeWindow(earliest: 0, latest: 1_000))
      ],
      // depot 0, site 10, clients at 20, 20, 20, 50, 30, 200 (far: 200 out, 190 to the site, 10 back).
      distances: R.line([0, 10, 20, 20, 20, 50, 30, 200]))
    let (result, _) = try await R.solveChecked(problem)
    #expect(result.solution.routes.map(\.clients) == [[0]])
    #expect(
      result.solution.excludedClients == [
        ExcludedClient(client: 1, reason: .noCompatibleVehicle),
        ExcludedClient(client: 2, reason: .loadAboveCapacity(dimension: 1, demand: 30, largestCapacity: 20)),
        ExcludedClient(client: 3, reason: .windowUnreachable),
        ExcludedClient(client: 4, reason: .noDisposalSite),
        ExcludedClient(client: 5, reason: .routeLimitExceeded),
      ])
  }

  /// Three trucks of capacity 10 and no disposal site for five required clients of 6: three are served;
  /// the two left out are those with the lowest prizes (what leaving them out costs).
  @Test func limitedFleetLeavesOutTheLeastUrgent() async throws {
    let prizes: [Int64] = [5_000, 1_000, 4_000, 500, 3_000]
    let problem = try Problem(
      name: "short", depots: [Depot(name: "depot")],
      clients: prizes.enumerated().map { Client(name: "c\($0)", demands: [6], prize: $1) },
      vehicleTypes: [VehicleType(capacities: [10], count: 3)],
      distances: R.line([0, 10, 20, 30, 40, 50]))
    let (result, evaluation) = try await R.solveChecked(problem)
    #expect(Set(result.solution.routes.flatMap(\.clients)) == [0, 2, 4])
    #expect(
      result.solution.excludedClients == [
        ExcludedClient(client: 1, reason: .notEnoughVehicles), ExcludedClient(client: 3, reason: .notEnoughVehicles),
      ])
    #expect(evaluation.vehicleCount == 3)
  }

  /// The CVRP engine leaves out a client above the capacity and solves the rest.
  @Test func capacitatedProblemLeavesOutAnOverloadedClient() async throws {
    let problem = try Problem(
      depots: [Depot(name: "1")],
      clients: [Client(name: "2", demand: 3), Client(name: "3", demand: 11), Client(name: "4", demand: 5)],
      vehicleTypes: [VehicleType(capacity: 10)],
      distances: R.line([0, 5, 8, 9]))
    #expect(problem.isCapacitatedOnly)
    let result = try await Solver(R.configuration(seed: 1, iterations: 50)).solve(problem)
    #expect(result.solution.routes.map { Set($0.clients) } == [[0, 2]])
    #expect(
      result.solution.excludedClients == [
        ExcludedClient(client: 1, reason: .loadAboveCapacity(dimension: 0, demand: 11, largestCapacity: 10))
      ])
    let evaluation = SolutionEvaluator.evaluate(result.solution, for: problem)
    #expect(evaluation.isFeasible, "\(evaluation.violations)")
    #expect(evaluation.cost == result.cost)
  }

  /// The CVRP engine with a limited fleet that cannot carry everything falls back to the rich search,
  /// which serves what fits and names the rest.
  @Test func capacitatedProblemWithTooFewVehicles() async throws {
    let problem = try Problem(
      depots: [Depot(name: "1")],
      clients: (0..<6).map { Client(name: "\($0 + 2)", demand: 6) },
      vehicleTypes: [VehicleType(capacity: 10, count: 4)],
      distances: R.line([0, 1, 2, 3, 4, 5, 6]))
    let result = try await Solver(R.configuration(seed: 1, iterations: 100)).solve(problem)
    #expect(result.solution.routes.count == 4)
    #expect(result.solution.excludedClients.count == 2)
    #expect(result.solution.excludedClients.allSatisfy { $0.reason == .notEnoughVehicles })
    #expect(SolutionEvaluator.evaluate(result.solution, for: problem).isFeasible)
  }

  // MARK: - The evaluator checks exclusions

  @Test func evaluatorRejectsUnjustifiedExclusions() throws {
    let problem = try Problem(
      name: "check", depots: [Depot(name: "depot")],
      clients: [Client(name: "a", demands: [1]), Client(name: "b", demands: [1])],
      vehicleTypes: [VehicleType(capacities: [10], count: 2)],
      distances: R.line([0, 10, 20]))
    func violations(_ solution: Solution) -> [DetailedEvaluation.Violation.Kind] {
      SolutionEvaluator.evaluateInDetail(solution, for: problem).violations.map(\.kind)
    }
    let served = Route(visits: [.client(0)])
    // A spare vehicle could serve b alone: "not enough vehicles" does not hold.
    #expect(violations(Solution(routes: [served], excludedClients: [ExcludedClient(client: 1, reason: .notEnoughVehicles)]))
      == [.unjustifiedExclusion])
    #expect(violations(Solution(routes: [served], excludedClients: [ExcludedClient(client: 1, reason: .windowUnreachable)]))
      == [.unjustifiedExclusion])
    #expect(violations(Solution(routes: [served], excludedClients: [
      ExcludedClient(client: 1, reason: .loadAboveCapacity(dimension: 0, demand: 1, largestCapacity: 10))
    ])) == [.unjustifiedExclusion])
    // Visited and declared left out.
    #expect(violations(Solution(routes: [served, Route(visits: [.client(1)])], excludedClients: [
      ExcludedClient(client: 1, reason: .noCompatibleVehicle)
    ])) == [.unjustifiedExclusion])
    // Not declared at all.
    #expect(violations(Solution(routes: [served])) == [.missingClient])
  }
}
