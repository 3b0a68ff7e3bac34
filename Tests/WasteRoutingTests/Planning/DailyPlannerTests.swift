import Foundation
import Testing

@testable import WasteRouting

extension SmallCity {
  /// A by-hand solution of the small city: A, B, unload at the plant, then the break.
  static let handRoute = Route(vehicleType: 0, visits: [.client(0), .client(1), .disposal(0), .break])

  /// The small city's prepared day and the plan of ``handRoute`` (no solver involved).
  static func handPlan() async throws -> (day: PreparedDay, plan: DailyPlan, network: RoadNetwork) {
    let network = try network()
    let day = try await DailyPlanner(scenario: scenario).prepare(network: network)
    let plan = await day.plan(Solution(routes: [handRoute]), network: network, scenario: scenario)
    return (day, plan, network)
  }

  static func instant(_ clock: String) -> Date { time("2026-11-27T" + clock + "Z") }
}

@Suite struct DailyPlannerTests {
  @Test func routingProblemOfTheSmallCity() async throws {
    let (day, _, _) = try await SmallCity.handPlan()
    let problem = day.problem
    #expect(problem.depots.map(\.name) == ["yard"])
    #expect(problem.disposalSites.map(\.name) == ["plant"])
    #expect(problem.clients.map(\.name) == ["A", "B"])
    #expect(day.clientBins == [0, 1])
    #expect(problem.clients[0].isRequired && !problem.clients[1].isRequired)
    // Demands: the fill predicted at 14:00, in litres (rounded up) and kilograms at 0.1 kg/L.
    for (c, b) in day.clientBins.enumerated() {
      let litres = DailyPlanner.litres(
        fill: day.selections[b].predictedFillToday, of: SmallCity.scenario.bins[b])
      #expect(problem.clients[c].demands == [Int64(litres.rounded(.up)), Int64((litres * 0.1).rounded(.up))])
    }
    #expect(problem.clients[0].demands[0] == 240)  // A overflows today: capped at the bin's volume.
    #expect(problem.clients[1].prize == DailyPlanner.costUnits(day.selections[1].prize))
    let type = problem.vehicleTypes[0]
    #expect(type.capacities == [1_000, 500])
    #expect(type.shift == TimeWindow(earliest: 21_600, latest: 50_400))
    #expect(
      type.breakRule == BreakRule(duration: 1_800, window: TimeWindow(earliest: 32_400, latest: 43_200)))
    #expect(type.fixedCost == 5_000_000)  // 50 at 100 000 units per unit of currency
    #expect(type.unitDistanceCost == 200)  // 2 per km = 0.002 per metre
    #expect(type.unitDurationCost == 1_000)  // 36 per hour = 0.01 per second
    #expect(problem.disposalSites[0].openingHours == TimeWindow(earliest: 21_600, latest: 64_800))
    #expect(problem.disposalSites[0].unloadDuration == 600)
    // The yard (node 1) to A (node 2): one block, about 73 m at 10 m/s.
    let block = SmallCity.osm.metres([1, 2])
    #expect(abs(Double(problem.distances[0, 2]) - block) <= 1)
    #expect(abs(Double(problem.durations[0, 2]) - block / 10) <= 1)
    // A to the plant (node 5): three blocks.
    #expect(abs(Double(problem.distances[2, 1]) - 3 * block) <= 1)
  }

  @Test func planOfAHandBuiltRoute() async throws {
    let (day, plan, _) = try await SmallCity.handPlan()
    let problem = day.problem
    let truck = try #require(plan.trucks.first)
    #expect(truck.stops.map(\.kind) == [.bin, .bin, .disposal, .break])
    #expect(truck.stops.map(\.id) == ["A", "B", "plant", nil])
    // The break cannot start before 09:00, so the truck leaves as late as it can and starts it then.
    let breakStop = truck.stops[3]
    #expect(breakStop.start == SmallCity.instant("09:00:00"))
    #expect(breakStop.arrival == breakStop.start)
    #expect(breakStop.departure == SmallCity.instant("09:30:00"))
    let d = problem.durations
    let driving = d[0, 2] + d[2, 3] + d[3, 1]
    let working = Double(driving + 60 + 60 + 600)
    #expect(truck.departure == SmallCity.instant("09:00:00").addingTimeInterval(-working))
    #expect(truck.arrival == SmallCity.instant("09:30:00").addingTimeInterval(Double(d[1, 0])))
    #expect(truck.stops[0].arrival == truck.departure!.addingTimeInterval(Double(d[0, 2])))
    // Loads: each bin gives what it holds when emptied; the plant takes it all.
    let a = truck.stops[0]
    let b = truck.stops[1]
    let fill = day.forecasts[0].predictedFill(at: a.start, lastFill: 95, at: SmallCity.instant("05:00:00"))
    #expect(abs(a.litres - 240 * min(fill, 100) / 100) < 0.005 && abs(a.kilograms - a.litres * 0.1) < 0.005)
    #expect(b.litres > 0 && b.litres < 240)
    #expect(abs(b.loadLitres - (a.litres + b.litres)) < 0.005)
    #expect(abs(truck.stops[2].litres - b.loadLitres) < 1e-9 && truck.stops[2].loadLitres == 0)
    #expect(truck.tripCount == 1)
    #expect(abs(truck.loadUtilisation - b.loadLitres / 1_000) < 1e-9)
    // Four legs: yard → A → B → plant → yard; the break is taken where the truck stands.
    #expect(truck.legs.map(\.from) == [-1, 0, 1, 2])
    #expect(truck.legs.map(\.to) == [0, 1, 2, 4])
    let block = SmallCity.osm.metres([1, 2])
    #expect(abs(truck.legs[0].distanceMetres - block) < 1)
    #expect(abs(truck.distanceMetres - truck.legs.reduce(0) { $0 + $1.distanceMetres }) < 1e-9)
    #expect(abs(truck.durationSeconds - truck.arrival!.timeIntervalSince(truck.departure!)) < 1e-9)
    let expectedCost = 50 + 2 * truck.distanceMetres / 1_000 + 36 * truck.durationSeconds / 3_600
    #expect(abs(truck.cost - expectedCost) < 1e-9)
    // Bins: A and B served, C skipped with its reason.
    #expect(plan.bins.map(\.truckID) == ["T1", "T1", nil])
    #expect(plan.bins[2].unservedReason == plan.bins[2].selection.reason)
    #expect(
      plan.totals.binsCollected == 2 && plan.totals.requiredCollected == 1
        && plan.totals.optionalCollected == 1)
    #expect(plan.totals.skippedBins == 1 && plan.totals.overflowRiskBins == 0)
    #expect(abs(plan.totals.kilometres - truck.distanceMetres / 1_000) < 1e-9)
  }

  @Test func identicalTrucksShareAVehicleType() async throws {
    var scenario = SmallCity.scenario
    var twin = SmallCity.truck
    twin.id = "T2"
    var big = SmallCity.truck
    big.id = "T3"
    big.capacityLitres = 2_000
    scenario.trucks = [SmallCity.truck, big, twin]
    let network = try SmallCity.network()
    let day = try await DailyPlanner(scenario: scenario).prepare(network: network)
    #expect(day.truckGroups == [[0, 2], [1]])
    #expect(day.problem.vehicleTypes.map(\.count) == [2, 1])
    #expect(day.problem.vehicleTypes.map(\.name) == ["T1,T2", "T3"])
    // Two routes of the shared type go to T1 and T2, in scenario order.
    let routes = [
      Route(vehicleType: 0, visits: [.client(0), .disposal(0), .break]),
      Route(vehicleType: 0, visits: [.client(1), .disposal(0), .break]),
    ]
    let plan = await day.plan(Solution(routes: routes), network: network, scenario: scenario)
    #expect(plan.trucks.map(\.truckID) == ["T1", "T3", "T2"])
    #expect(plan.trucks.map { $0.stops.first?.id } == ["A", nil, "B"])
    #expect(PlanValidator(scenario: scenario, network: network).violations(of: plan) == [])
  }

  @Test func binWindowsAreSortedAndJoined() {
    func window(_ from: Int, _ to: Int) -> ClockWindow {
      ClockWindow(from: ClockTime(hours: from), to: ClockTime(hours: to))
    }
    #expect(
      DailyPlanner.merged([window(13, 15), window(7, 9), window(8, 10)])
        == [TimeWindow(earliest: 25_200, latest: 36_000), TimeWindow(earliest: 46_800, latest: 54_000)])
  }

  @Test func optionalBinLeftOutGetsAReason() async throws {
    let network = try SmallCity.network()
    let day = try await DailyPlanner(scenario: SmallCity.scenario).prepare(network: network)
    let route = Route(vehicleType: 0, visits: [.client(0), .disposal(0), .break])
    let plan = await day.plan(Solution(routes: [route]), network: network, scenario: SmallCity.scenario)
    #expect(plan.bins[1].truckID == nil)
    #expect(plan.bins[1].unservedReason?.hasPrefix("optional: its prize of") == true)
    #expect(plan.totals.optionalCollected == 0)
  }

  @Test func planJSONRoundTrip() async throws {
    let (_, plan, _) = try await SmallCity.handPlan()
    let data = plan.jsonData()
    let decoded = try DailyPlan.decode(data)
    #expect(decoded.jsonData() == data)
    #expect(decoded.trucks[0].stops == plan.trucks[0].stops)
    #expect(decoded.totals == plan.totals)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"format\" : \"waste-routing-plan\""))
    #expect(text.contains("\"start\" : \"2026-11-27T09:00:00Z\""))
  }

  /// A plan and each of its nested types read back equal through a plain `JSONEncoder` and `JSONDecoder`,
  /// with instants written as ISO 8601 text by the types themselves.
  @Test func planRoundTripsThroughPlainCoders() async throws {
    let network = try SmallCity.network()
    var scenario = SmallCity.scenario
    scenario.timeZone = "Europe/Helsinki"
    scenario.bins[2].lat = TinyOSM.latitude(-20)
    let day = try await DailyPlanner(scenario: scenario).prepare(network: network)
    let plan = await day.plan(
      Solution(routes: [SmallCity.handRoute]), network: network, scenario: scenario,
      settings: DailyPlan.Settings(seed: 7, timeLimitSeconds: 2.5, objective: 81.25, elapsedSeconds: 0.75))
    #expect(plan.bins[2].exclusion?.rule == .offNetwork)
    let data = try JSONEncoder().encode(plan)
    #expect(try JSONDecoder().decode(DailyPlan.self, from: data) == plan)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains(#""start":"2026-11-27T09:00:00+02:00""#))
    #expect(text.contains(#""distanceMetres":"#) && text.contains(#""travelTimeSeconds":"#))
    #expect(text.contains(#""durationSeconds":"#) && text.contains(#""timeLimitSeconds":2.5"#))
    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> Bool {
      try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value)) == value
    }
    let truck = plan.trucks[0]
    #expect(try roundTrip(truck))
    #expect(try roundTrip(truck.stops[0]))
    #expect(try roundTrip(truck.legs[0]))
    #expect(try roundTrip(plan.bins[2]))
    #expect(try roundTrip(plan.totals))
    #expect(try roundTrip(plan.settings))
    // A nested value encoded on its own writes UTC.
    let stop = String(decoding: try JSONEncoder().encode(truck.stops[3]), as: UTF8.self)
    #expect(stop.contains(#""start":"2026-11-27T07:00:00Z""#))
    // The file form reads back equal too.
    #expect(try DailyPlan.decode(plan.jsonData()) == plan)
  }

  @Test func planFileErrorsNameThePath() throws {
    #expect(throws: PlanFileError.wrongFormat(found: "waste-routing-scenario", version: 1)) {
      try DailyPlan.decode(SmallCity.scenario.jsonData())
    }
    let broken = Data(
      #"{"format": "waste-routing-plan", "version": 2, "scenario": "x", "date": "2026-11-27"}"#.utf8)
    #expect(throws: PlanFileError.malformed(path: "timeZone", reason: "missing field \"timeZone\"")) {
      try DailyPlan.decode(broken)
    }
  }

  @Test func geometryJoinsLegsIntoTrips() async throws {
    let (_, plan, _) = try await SmallCity.handPlan()
    let geometry = plan.geometry(scenario: SmallCity.scenario)
    // One trip to the plant, and the drive home.
    #expect(geometry.trips.count == 2)
    #expect(geometry.trips.map(\.tripIndex) == [0, 1])
    #expect(geometry.trips[0].coordinates.first == plan.trucks[0].legs[0].path.first)
    #expect(geometry.trips[1].coordinates == plan.trucks[0].legs[3].path)
    #expect(geometry.places.map(\.kind) == [.depot, .disposal, .servedBin, .servedBin, .unservedBin])
  }

  // MARK: - Places the trucks cannot serve

  func prepare(strict: Bool = false, _ change: (inout Scenario) -> Void) async throws -> Result<
    PreparedDay, PlanningError
  > {
    var scenario = SmallCity.scenario
    change(&scenario)
    let network = try SmallCity.network()
    do {
      return .success(try await DailyPlanner(scenario: scenario, strict: strict).prepare(network: network))
    } catch {
      return .failure(error)
    }
  }

  func prepareError(_ change: (inout Scenario) -> Void) async throws -> PlanningError? {
    if case .failure(let error) = try await prepare(strict: true, change) { return error }
    return nil
  }

  @Test func binOffTheNetwork() async throws {
    let error = try await prepareError { $0.bins[2].lat = TinyOSM.latitude(-20) }
    #expect(error == .scenario(.offNetwork(ScenarioLocation("bins[2]", id: "C"), maximumDistance: 100)))
    let day = try await prepare { $0.bins[2].lat = TinyOSM.latitude(-20) }.get()
    #expect(day.binExclusions[2]?.rule == .offNetwork)
    #expect(day.binExclusions[2]?.reason == "no road a truck may use within 100 m of its position")
    #expect(day.clientBins == [0, 1])
  }

  @Test func binInADisconnectedFragment() async throws {
    let move: (inout Scenario) -> Void = {
      $0.bins[1].lon = TinyOSM.longitude(0.5)
      $0.bins[1].lat = TinyOSM.latitude(6.05)
    }
    let error = try await prepareError(move)
    #expect(error == .scenario(.disconnected(ScenarioLocation("bins[1]", id: "B"))))
    let day = try await prepare(move).get()
    #expect(day.binExclusions[1]?.rule == .disconnected)
    #expect(day.clientBins == [0])
    #expect(day.problem.clients.map(\.name) == ["A"])
  }

  @Test func unreachableDepot() async throws {
    let error = try await prepareError { $0.depots[0].lat = TinyOSM.latitude(6) }
    #expect(error == .scenario(.unreachable(ScenarioLocation("depots[0]", id: "yard"))))
    // Without strict the truck is left unused, and with no truck left the day cannot be planned.
    guard
      case .failure(.noUsableTruck(let trucks)) = try await prepare({ $0.depots[0].lat = TinyOSM.latitude(6) }
      )
    else {
      Issue.record("expected noUsableTruck")
      return
    }
    #expect(
      trucks == [
        #"trucks[0] (id "T1"): depotUnusable: its depot "yard" is cut off from the main road network"#
      ])
  }

  @Test func truckAtAnUnusableDepotIsLeftUnused() async throws {
    let network = try SmallCity.network()
    var scenario = SmallCity.scenario
    scenario.depots.append(FleetDepot(id: "far", lon: TinyOSM.longitude(0), lat: TinyOSM.latitude(-20)))
    var second = SmallCity.truck
    second.id = "T2"
    second.depot = "far"
    second.endDepot = "far"
    scenario.trucks.append(second)
    let day = try await DailyPlanner(scenario: scenario).prepare(network: network)
    #expect(day.truckGroups == [[0]])
    #expect(day.depotIndices == [0])
    #expect(day.truckExclusions[1]?.rule == .depotUnusable)
    #expect(day.truckExclusions[1]?.reason == #"its depot "far" has no road a truck may use within 100 m"#)
    let plan = await day.plan(Solution(routes: [SmallCity.handRoute]), network: network, scenario: scenario)
    #expect(plan.trucks.map(\.truckID) == ["T1", "T2"])
    #expect(plan.trucks[1].exclusion?.rule == .depotUnusable && !plan.trucks[1].isUsed)
    #expect(plan.totals.trucksExcluded == 1)
    #expect(PlanValidator(scenario: scenario, network: network).violations(of: plan) == [])
  }

  @Test func unusableFacilityIsListedAndItsTrucksUseAnother() async throws {
    let network = try SmallCity.network()
    var scenario = SmallCity.scenario
    scenario.disposalSites.insert(
      DisposalFacility(
        id: "far", lon: TinyOSM.longitude(4), lat: TinyOSM.latitude(-20), fractions: ["residual"]),
      at: 0)
    let day = try await DailyPlanner(scenario: scenario).prepare(network: network)
    #expect(day.siteIndices == [1])
    #expect(day.siteExclusions[0]?.rule == .offNetwork)
    let plan = await day.plan(Solution(routes: [SmallCity.handRoute]), network: network, scenario: scenario)
    #expect(plan.excludedDisposalSites.map(\.id) == ["far"])
    #expect(plan.trucks[0].stops.map(\.id) == ["A", "B", "plant", nil])
    #expect(PlanValidator(scenario: scenario, network: network).violations(of: plan) == [])
    // With no facility left, the truck has nowhere to unload and the day cannot be planned.
    scenario.disposalSites.removeLast()
    await #expect(throws: PlanningError.self) {
      _ = try await DailyPlanner(scenario: scenario).prepare(network: network)
    }
  }

  @Test func everyUnservablePlaceIsListed() throws {
    var scenario = SmallCity.scenario
    scenario.bins[0].lat = TinyOSM.latitude(-20)
    scenario.bins[2].lon = TinyOSM.longitude(0.5)
    scenario.bins[2].lat = TinyOSM.latitude(6.05)
    let problems = DailyPlanner(scenario: scenario).placeProblems(network: try SmallCity.network())
    #expect(problems.map(\.location.id) == ["A", "C"])
  }

  // MARK: - What the fleet cannot serve

  @Test func binLargerThanTheTruckIsLeftOutBeforeSolving() async throws {
    // C holds 1,100 L and is full: more than the 1,000 L truck takes.
    let grow: (inout Scenario) -> Void = {
      $0.bins[2].capacity = 1_100
      $0.bins[2].readings[1].fill = 100
    }
    let day = try await prepare(grow).get()
    #expect(day.binExclusions[2]?.rule == .loadAboveCapacity)
    #expect(
      day.binExclusions[2]?.reason
        == "its predicted 1100 L exceed every compatible truck's capacity (at most 1000 L)")
    #expect(day.clientBins == [0, 1])
    guard case .failure(.scenario(.binTooLarge(let location, _, _))) = try await prepare(strict: true, grow)
    else {
      Issue.record("a strict planner rejects the bin")
      return
    }
    #expect(location == ScenarioLocation("bins[2].capacity", id: "C"))
  }

  @Test func binWhoseWindowsLieOutsideEveryShiftIsLeftOut() async throws {
    let evening = ClockWindow(from: ClockTime(hours: 20), to: ClockTime(hours: 22))
    let day = try await prepare { $0.bins[0].timeWindows = [evening] }.get()
    #expect(day.binExclusions[0]?.rule == .windowUnreachable)
    #expect(day.clientBins == [1])
    // A window inside the shift is left to the solver.
    let inside = ClockWindow(from: ClockTime(hours: 13, minutes: 59), to: ClockTime(hours: 14))
    #expect(try await prepare { $0.bins[0].timeWindows = [inside] }.get().binExclusions.isEmpty)
  }

  /// A window inside the shift that no truck can reach in time (the yard is 7 s away): the solver's rule.
  @Test func windowTooEarlyToReachIsLeftOutByTheSolver() async throws {
    var scenario = SmallCity.scenario
    scenario.bins[0].timeWindows = [
      ClockWindow(from: ClockTime(hours: 6), to: ClockTime(hours: 6, minutes: 0, seconds: 2))
    ]
    let planner = DailyPlanner(
      scenario: scenario, configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(1)))
    let plan = try await planner.plan(network: try SmallCity.network())
    #expect(plan.bins[0].exclusion?.rule == .windowUnreachable)
    #expect(plan.leavesOutRequiredBins)
  }

  @Test func binNeedingEquipmentNoTruckHasIsLeftOut() async throws {
    let day = try await prepare { $0.bins[0].access = ["crane"] }.get()
    #expect(
      day.binExclusions[0]
        == PlanExclusion(rule: .noCompatibleTruck, reason: #"no usable truck carries "residual" with crane"#))
  }

  /// Every required bin's prize is what leaving it out costs, so the solver drops the least urgent first.
  @Test func requiredPrizesFollowUrgency() async throws {
    let day = try await prepare {
      $0.bins[1].readings[1].fill = 99
      $0.bins[2].capacity = 240
      $0.bins[2].readings[1].fill = 99.5
    }.get()
    let problem = day.problem
    #expect(problem.clients.map(\.isRequired) == [true, true, true])
    for (c, b) in day.clientBins.enumerated() {
      #expect(problem.clients[c].prize == DailyPlanner.costUnits(day.selections[b].prize))
    }
    // A (95 % rising 25 points a day) overflows more by tomorrow than B and C, which are nearly full but
    // fill slowly.
    let overflow = day.clientBins.map { day.selections[$0].predictedFillAtNextOpportunity }
    let prizes = problem.clients.map(\.prize)
    #expect(zip(overflow, prizes).sorted { $0.0 < $1.0 }.map(\.1) == prizes.sorted())
  }

  @Test func solverExclusionsBecomeBinExclusions() async throws {
    let network = try SmallCity.network()
    let day = try await DailyPlanner(scenario: SmallCity.scenario).prepare(network: network)
    let solution = Solution(
      routes: [Route(vehicleType: 0, visits: [.client(1), .disposal(0), .break])],
      excludedClients: [ExcludedClient(client: 0, reason: .windowUnreachable)])
    let plan = await day.plan(solution, network: network, scenario: SmallCity.scenario)
    #expect(plan.bins[0].exclusion?.rule == .windowUnreachable)
    #expect(plan.bins[0].unservedReason?.hasPrefix("left out: no truck that may empty it reaches it") == true)
    #expect(plan.totals.requiredExcluded == 1 && plan.totals.requiredCollected == 0)
    #expect(plan.totals.exclusionsByRule == ["windowUnreachable": 1])
    #expect(plan.leavesOutRequiredBins)
    #expect(PlanValidator(scenario: SmallCity.scenario, network: network).violations(of: plan) == [])
    // A strict planner turns the same into an error naming the bin.
    #expect(
      day.solverExclusions(solution, scenario: SmallCity.scenario).map(\.description)
        == [
          #"bins[0] (id "A"): windowUnreachable: no truck that may empty it reaches it within its time windows and returns within its shift, even on a route of its own"#
        ])
    let notEnough = Solution(
      routes: [], excludedClients: [ExcludedClient(client: 0, reason: .notEnoughVehicles)])
    #expect(
      !PlanningError.binsCannotBeServed(day.solverExclusions(notEnough, scenario: SmallCity.scenario))
        .isInputError)
    #expect(
      PlanningError.binsCannotBeServed(day.solverExclusions(solution, scenario: SmallCity.scenario))
        .isInputError)
  }

  // MARK: - A scenario built in code

  @Test func unknownDepotInAScenarioBuiltInCodeIsATypedError() async throws {
    var scenario = SmallCity.scenario
    scenario.trucks[0].depot = "nowhere"
    let planner = DailyPlanner(
      scenario: scenario, configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(1)))
    let error = try await #require(throws: PlanningError.self) {
      _ = try await planner.plan(network: try SmallCity.network())
    }
    #expect(
      error == .scenario(.unknownDepot(ScenarioLocation("trucks[0].depot", id: "T1"), depot: "nowhere")))
  }

  @Test func absurdCostsInAScenarioBuiltInCodeAreATypedError() async throws {
    var scenario = SmallCity.scenario
    scenario.trucks[0].costs.perHour = .infinity
    let error = try await #require(throws: PlanningError.self) {
      _ = try await DailyPlanner(scenario: scenario).prepare(network: try SmallCity.network())
    }
    #expect(error.isInputError)
  }
}
