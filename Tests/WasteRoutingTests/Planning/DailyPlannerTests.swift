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
    #expect(abs(truck.legs[0].distance - block) < 1)
    #expect(abs(truck.distance - truck.legs.reduce(0) { $0 + $1.distance }) < 1e-9)
    #expect(abs(truck.duration - truck.arrival!.timeIntervalSince(truck.departure!)) < 1e-9)
    let expectedCost = 50 + 2 * truck.distance / 1_000 + 36 * truck.duration / 3_600
    #expect(abs(truck.cost - expectedCost) < 1e-9)
    // Bins: A and B served, C skipped with its reason.
    #expect(plan.bins.map(\.truckID) == ["T1", "T1", nil])
    #expect(plan.bins[2].unservedReason == plan.bins[2].selection.reason)
    #expect(
      plan.totals.binsCollected == 2 && plan.totals.requiredCollected == 1
        && plan.totals.optionalCollected == 1)
    #expect(plan.totals.skippedBins == 1 && plan.totals.overflowRiskBins == 0)
    #expect(abs(plan.totals.kilometres - truck.distance / 1_000) < 1e-9)
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

  @Test func planFileErrorsNameThePath() throws {
    #expect(throws: PlanFileError.wrongFormat(found: "waste-routing-scenario", version: 1)) {
      try DailyPlan.decode(SmallCity.scenario.jsonData())
    }
    let broken = Data(
      #"{"format": "waste-routing-plan", "version": 1, "scenario": "x", "date": "2026-11-27"}"#.utf8)
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

  func prepareError(_ change: (inout Scenario) -> Void) async throws -> PlanningError? {
    var scenario = SmallCity.scenario
    change(&scenario)
    let network = try SmallCity.network()
    do {
      _ = try await DailyPlanner(scenario: scenario).prepare(network: network)
      return nil
    } catch {
      return error
    }
  }

  @Test func binOffTheNetwork() async throws {
    let error = try await prepareError { $0.bins[2].lat = TinyOSM.latitude(-20) }
    #expect(error == .scenario(.offNetwork(ScenarioLocation("bins[2]", id: "C"), maximumDistance: 100)))
  }

  @Test func binInADisconnectedFragment() async throws {
    let error = try await prepareError {
      $0.bins[1].lon = TinyOSM.longitude(0.5)
      $0.bins[1].lat = TinyOSM.latitude(6.05)
    }
    #expect(error == .scenario(.disconnected(ScenarioLocation("bins[1]", id: "B"))))
  }

  @Test func unreachableDepot() async throws {
    let error = try await prepareError { $0.depots[0].lat = TinyOSM.latitude(6) }
    #expect(error == .scenario(.unreachable(ScenarioLocation("depots[0]", id: "yard"))))
  }

  @Test func everyUnservablePlaceIsListed() throws {
    var scenario = SmallCity.scenario
    scenario.bins[0].lat = TinyOSM.latitude(-20)
    scenario.bins[2].lon = TinyOSM.longitude(0.5)
    scenario.bins[2].lat = TinyOSM.latitude(6.05)
    let problems = DailyPlanner(scenario: scenario).placeProblems(network: try SmallCity.network())
    #expect(problems.map(\.location.id) == ["A", "C"])
  }
}
