import Foundation
import Testing

@testable import WasteRouting

/// ``Replanner``: re-planning the small city during the day.
@Suite struct ReplannerTests {
  /// The small city with a second, identical truck T2, and the hand plan (T1: A, B, plant, break; T2
  /// unused).
  static func morning() async throws -> (scenario: Scenario, plan: DailyPlan, network: RoadNetwork) {
    var scenario = SmallCity.scenario
    var twin = SmallCity.truck
    twin.id = "T2"
    scenario.trucks = [SmallCity.truck, twin]
    let network = try SmallCity.network()
    let day = try await DailyPlanner(scenario: scenario).prepare(network: network)
    let plan = await day.plan(Solution(routes: [SmallCity.handRoute]), network: network, scenario: scenario)
    return (scenario, plan, network)
  }

  static var configuration: SolverConfiguration {
    var configuration = RichSolverTests.configuration(seed: 1, iterations: 200)
    configuration.threads = 1
    return configuration
  }

  /// An urgent bin on the main street between nodes 3 and 4.
  static let urgent = Bin(
    id: "U1", lon: TinyOSM.longitude(2.5), lat: TinyOSM.latitude(0.05), capacity: 240, fraction: "residual",
    readings: [])

  @Test func aTruckBreaksDownAndAnUrgentBinArrives() async throws {
    let (scenario, morning, network) = try await Self.morning()
    let t1 = try #require(morning.trucks.first)
    #expect(t1.stops.map(\.id) == ["A", "B", "plant", nil])
    // T1 has begun emptying A when it breaks down.
    let now = t1.stops[0].start.addingTimeInterval(1)
    let events = ReplanEvents(
      now: now,
      events: [
        .init(time: now, kind: .truckOutOfService, truck: "T1"),
        .init(time: now.addingTimeInterval(-60), kind: .binsAdded, newBins: [Self.urgent]),
        .init(time: now.addingTimeInterval(3_600), kind: .binsCancelled, bins: ["B"]),  // after now: ignored
      ])
    let plan = try await Replanner(
      scenario: scenario, plan: morning, events: events, configuration: Self.configuration
    ).replan(network: network)
    let day = try events.applied(to: scenario)
    #expect(day.bins.map(\.id) == ["A", "B", "C", "U1"])
    #expect(PlanValidator(scenario: day, network: network).violations(of: plan).isEmpty)
    // T1 keeps A, as driven, and stops there: no leg back, its load still on board.
    let broken = plan.trucks[0]
    #expect(broken.stops.map(\.id) == ["A"] && broken.stops[0] == t1.stops[0])
    #expect(broken.outOfServiceSince == now && broken.legs.map(\.to) == [0])
    #expect(broken.arrival == t1.stops[0].departure)
    // T2 leaves the yard at `now` at the earliest and empties the urgent bin (required), then unloads.
    let twin = plan.trucks[1]
    let ids = twin.stops.compactMap(\.id)
    #expect(ids.contains("U1") && ids.last == "plant" && !ids.contains("A"))
    #expect(try #require(twin.departure) >= now)
    #expect(plan.bins[3].truckID == "T2" && plan.bins[3].selection.status == .required)
    // B, if still emptied, moved from T1 to T2; nothing else moved.
    let moved = Replanner.movedBins(from: morning, to: plan)
    #expect(moved == (ids.contains("B") ? ["B"] : []))
  }

  @Test func aTruckGoesOnFromItsReportedPositionWithItsLoad() async throws {
    let (scenario, morning, network) = try await Self.morning()
    let t1 = try #require(morning.trucks.first)
    let now = t1.stops[0].departure.addingTimeInterval(5)
    let position = ReplanEvents.Position(lon: TinyOSM.longitude(1.5), lat: TinyOSM.latitude(0))
    let events = ReplanEvents(
      now: now,
      events: [
        .init(time: now, kind: .truckStatus, truck: "T1", position: position, litres: 300, kilograms: 31),
        .init(time: now, kind: .binsAdded, newBins: [Self.urgent]),
      ])
    let plan = try await Replanner(
      scenario: scenario, plan: morning, events: events, configuration: Self.configuration, stabilityCost: 1_000
    ).replan(network: network)
    let day = try events.applied(to: scenario)
    #expect(PlanValidator(scenario: day, network: network).violations(of: plan).isEmpty)
    let truck = plan.trucks[0]
    #expect(truck.stops[0] == t1.stops[0])
    #expect(
      truck.resumptions == [
        DailyPlan.TruckPlan.Resumption(
          time: now, stopIndex: 1, position: position.coordinate, litres: 300, kilograms: 31)
      ])
    // The load goes on from the reported 300 L; the stability cost keeps B on T1, which also takes U1
    // (T2 would cost its fixed 50).
    let next = truck.stops[1]
    #expect(next.kind == .bin && abs(next.loadLitres - (300 + next.litres)) < 0.01)
    #expect(Set(truck.stops.compactMap(\.id)).isSuperset(of: ["A", "B", "U1", "plant"]))
    #expect(!plan.trucks[1].isUsed)
    #expect(Replanner.movedBins(from: morning, to: plan).isEmpty)
    // The first new leg runs from A through the reported position.
    let leg = try #require(truck.legs.first { $0.from == 0 })
    #expect(leg.path.contains { abs($0.x - position.lon) < 1e-6 && abs($0.y - position.lat) < 1e-6 })
  }

  @Test func doneCancelledAndClosedRoadsAreHonoured() async throws {
    let (scenario, morning, network) = try await Self.morning()
    let t1 = try #require(morning.trucks.first)
    let now = t1.departure!.addingTimeInterval(-60)  // before T1 leaves
    let events = ReplanEvents(
      now: now,
      events: [
        .init(time: now, kind: .binsDone, bins: ["A"]),
        .init(time: now, kind: .binsCancelled, bins: ["B"]),
        .init(time: now.addingTimeInterval(-120), kind: .roadClosed, road: "side", way: 101),
        .init(time: now.addingTimeInterval(-60), kind: .roadReopened, road: "side"),
        .init(
          time: now, kind: .roadClosed, position: .init(lon: TinyOSM.longitude(3.5), lat: TinyOSM.latitude(0)),
          road: "main"),
      ])
    #expect(events.closures.ways.isEmpty && events.closures.points.count == 1)
    let plan = try await Replanner(
      scenario: scenario, plan: morning, events: events, configuration: Self.configuration
    ).replan(network: network)
    #expect(PlanValidator(scenario: scenario, network: network).violations(of: plan).isEmpty)
    #expect(plan.bins[0].exclusion?.rule == .emptiedOutsidePlan && plan.bins[1].exclusion?.rule == .cancelled)
    // Nothing left to do: no truck goes out.
    #expect(plan.trucks.allSatisfy { !$0.isUsed })
  }

  @Test func eventsFilesNameTheirErrors() throws {
    let (scenario, _) = (SmallCity.scenario, 0)
    let text = #"""
      {"format": "waste-routing-events", "version": 1, "now": "2026-11-27T09:00:00Z",
       "events": [{"time": "2026-11-27T08:00:00Z", "kind": "truckOutOfService", "truck": "T9"}]}
      """#
    let events = try ReplanEvents.decode(Data(text.utf8), file: "e.json")
    #expect(throws: ReplanError.events(file: "e.json", path: "$.events[0].truck", message: "no truck \"T9\" in the scenario")) {
      try events.check(against: scenario, file: "e.json")
    }
    #expect(throws: ReplanError.events(file: "e.json", path: "$.events[0].kind", message: #""explosion" is not an event kind (truckStatus, binsDone, truckOutOfService, binsAdded, binsCancelled, roadClosed, roadReopened)"#)) {
      try ReplanEvents.decode(Data(text.replacingOccurrences(of: "truckOutOfService", with: "explosion").utf8), file: "e.json")
    }
    let encoded = try JSONEncoder().encode(events)
    #expect(try ReplanEvents.decode(encoded) == events)
  }
}

/// End-to-end: `waste-route replan` and `validate --events` on the small city with two trucks.
@Suite struct ReplanCommandTests {
  @Test func replanWritesAValidPlanAndValidateAcceptsIt() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replan-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.copyItem(
      atPath: VRPLIBFixtures.path("planning/small-city.osm"), toPath: folder + "/small-city.osm")
    let (scenario, morning, _) = try await ReplannerTests.morning()
    try scenario.jsonData().write(to: URL(fileURLWithPath: folder + "/city.scenario.json"))
    try morning.jsonData().write(to: URL(fileURLWithPath: folder + "/plan.json"))
    let now = ISO8601Time.exactUTCText(morning.trucks[0].stops[0].start.addingTimeInterval(1))
    let events = """
      {"format": "waste-routing-events", "version": 1, "now": "\(now)", "events": [
        {"time": "\(now)", "kind": "truckOutOfService", "truck": "T1"},
        {"time": "\(now)", "kind": "binsAdded", "newBins": [{"id": "U1", "lon": \(TinyOSM.longitude(2.5)),
         "lat": \(TinyOSM.latitude(0.05)), "capacity": 240, "fraction": "residual", "readings": []}]}
      ]}
      """
    try writeAtomically(events, toPath: folder + "/events.json")
    let run = try CommandRunner.run([
      "replan", folder + "/city.scenario.json", folder + "/plan.json", folder + "/events.json", "-o",
      folder + "/plan2.json", "--max-iterations", "100", "--threads", "1", "--refinement", "off",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains("moved to another truck: 1 bin\n"), "\(run.standardOutput)")
    let plan = try DailyPlan.load(path: folder + "/plan2.json")
    #expect(plan.trucks[0].stops.map(\.id) == ["A"] && plan.trucks[0].outOfServiceSince != nil)
    #expect(plan.trucks[1].stops.compactMap(\.id) == ["B", "U1", "plant"])
    let check = try CommandRunner.run([
      "validate", folder + "/city.scenario.json", folder + "/plan2.json", "--events", folder + "/events.json",
    ])
    #expect(check.status == 0, "\(check.standardOutput)")
    #expect(check.standardOutput.hasPrefix("valid: 2 trucks, 3 bins, 2 of 2 required"), "\(check.standardOutput)")
    // Without the events, the urgent bin is unknown to the scenario.
    let without = try CommandRunner.run(["validate", folder + "/city.scenario.json", folder + "/plan2.json"])
    #expect(without.status == 1)
    // A bad events file: exit 2, naming the path; nothing written.
    try writeAtomically(events.replacingOccurrences(of: "\"T1\"", with: "\"T9\""), toPath: folder + "/bad.json")
    let bad = try CommandRunner.run([
      "replan", folder + "/city.scenario.json", folder + "/plan.json", folder + "/bad.json", "-o", folder + "/never.json",
    ])
    #expect(bad.status == 2)
    #expect(bad.standardError == "waste-route: bad.json: $.events[0].truck: no truck \"T9\" in the scenario\n")
    #expect(!FileManager.default.fileExists(atPath: folder + "/never.json"))
  }
}
