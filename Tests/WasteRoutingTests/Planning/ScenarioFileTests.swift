import Foundation
import Testing

@testable import WasteRouting

/// One change to the small city's scenario JSON and the error it must cause.
struct BadScenarioInput: Sendable, CustomTestStringConvertible {
  enum Key: Sendable {
    case field(String)
    case index(Int)
  }

  enum Value: Sendable {
    case string(String)
    case number(Double)
    case strings([String])
    case removed
  }

  var name: String
  var path: [Key]
  var value: Value
  var expected: ScenarioError

  var testDescription: String { name }

  /// Applies the change to a decoded JSON document.
  func apply(to document: Any) -> Any {
    func set(_ node: Any, _ rest: ArraySlice<Key>) -> Any? {
      guard let key = rest.first else {
        switch value {
        case .string(let text): return text
        case .number(let number): return number
        case .strings(let texts): return texts
        case .removed: return nil
        }
      }
      switch key {
      case .field(let name):
        var object = node as! [String: Any]
        object[name] = set(object[name] as Any, rest.dropFirst())
        return object
      case .index(let index):
        var array = node as! [Any]
        if let element = set(array[index], rest.dropFirst()) {
          array[index] = element
        } else {
          array.remove(at: index)
        }
        return array
      }
    }
    return set(document, path[...])!
  }
}

@Suite struct ScenarioFileTests {
  @Test func roundTrip() throws {
    let data = SmallCity.scenario.jsonData()
    let decoded = try Scenario.decode(data)
    #expect(decoded == SmallCity.scenario)
    #expect(decoded.jsonData() == data)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"format\" : \"waste-routing-scenario\""))
    #expect(text.contains("\"time\" : \"2026-11-27T05:00:00Z\""))
  }

  @Test func defaultsMayBeLeftOut() throws {
    let text = """
      {"format": "waste-routing-scenario", "version": 1, "date": "2026-11-27",
       "roadNetwork": {"path": "roads.osm"},
       "fractions": [{"id": "residual", "density": 0.1}],
       "depots": [{"id": "yard", "lon": 8, "lat": 49}],
       "disposalSites": [{"id": "plant", "lon": 8.004, "lat": 49, "fractions": ["residual"]}],
       "trucks": [{"id": "T1", "depot": "yard", "fractions": ["residual"], "capacityLitres": 1000,
                   "capacityKilograms": 500, "shift": {"from": "06:00", "to": "14:00"}}],
       "bins": [{"id": "A", "lon": 8.001, "lat": 49, "capacity": 240, "fraction": "residual",
                 "readings": [{"time": "2026-11-27T05:00:00+01:00", "fill": 40}]}]}
      """
    let scenario = try Scenario.decode(Data(text.utf8))
    #expect(scenario.name == "scenario")
    #expect(scenario.timeZone == "UTC")
    #expect(scenario.roadNetwork.obeysTurnRules && scenario.roadNetwork.maximumSnapDistance == 100)
    #expect(scenario.disposalSites[0].openingHours == .allDay && scenario.disposalSites[0].unloadTime == 900)
    #expect(scenario.trucks[0].endDepot == "yard" && scenario.trucks[0].breakRule == nil)
    #expect(scenario.trucks[0].costs == Truck.Costs())
    #expect(scenario.bins[0].serviceTime == 60 && scenario.bins[0].kerbside == .either)
    #expect(scenario.bins[0].readings[0].time == SmallCity.time("2026-11-27T04:00:00Z"))
    #expect(scenario.selection == SelectionPolicy())
  }

  static let badInputs: [BadScenarioInput] = [
    BadScenarioInput(
      name: "unknown fraction", path: [.field("bins"), .index(1), .field("fraction")],
      value: .string("glass"),
      expected: .unknownFraction(ScenarioLocation("bins[1].fraction", id: "B"), fraction: "glass")),
    BadScenarioInput(
      name: "duplicate bin id", path: [.field("bins"), .index(2), .field("id")], value: .string("A"),
      expected: .duplicateID(ScenarioLocation("bins[2].id", id: "A"), firstAt: "bins[0]")),
    BadScenarioInput(
      name: "negative reading",
      path: [.field("bins"), .index(0), .field("readings"), .index(1), .field("fill")],
      value: .number(-5),
      expected: .negativeFill(ScenarioLocation("bins[0].readings[1].fill", id: "A"), value: -5)),
    BadScenarioInput(
      name: "absurd reading",
      path: [.field("bins"), .index(2), .field("readings"), .index(0), .field("fill")],
      value: .number(400),
      expected: .absurdFill(ScenarioLocation("bins[2].readings[0].fill", id: "C"), value: 400, limit: 150)),
    BadScenarioInput(
      name: "readings out of order",
      path: [.field("bins"), .index(1), .field("readings"), .index(1), .field("time")],
      value: .string("2026-11-25T05:00:00Z"),
      expected: .readingsOutOfOrder(ScenarioLocation("bins[1].readings[1].time", id: "B"))),
    BadScenarioInput(
      name: "reading after the planning day",
      path: [.field("bins"), .index(1), .field("readings"), .index(1), .field("time")],
      value: .string("2026-11-28T05:00:00Z"),
      expected: .readingsOutOfOrder(ScenarioLocation("bins[1].readings[1].time", id: "B"))),
    BadScenarioInput(
      name: "no readings", path: [.field("bins"), .index(1), .field("readings")], value: .strings([]),
      expected: .noReadings(ScenarioLocation("bins[1].readings", id: "B"))),
    BadScenarioInput(
      name: "empty fleet", path: [.field("trucks")], value: .strings([]), expected: .emptyFleet),
    BadScenarioInput(
      name: "unknown depot", path: [.field("trucks"), .index(0), .field("depot")], value: .string("north"),
      expected: .unknownDepot(ScenarioLocation("trucks[0].depot", id: "T1"), depot: "north")),
    BadScenarioInput(
      name: "missing capacity", path: [.field("bins"), .index(1), .field("capacity")], value: .removed,
      expected: .malformed(
        ScenarioLocation("bins[1].capacity", id: "B"), reason: "missing field \"capacity\"")),
    BadScenarioInput(
      name: "fill not a number",
      path: [.field("bins"), .index(0), .field("readings"), .index(0), .field("fill")],
      value: .string("high"),
      expected: .malformed(ScenarioLocation("bins[0].readings[0].fill", id: "A"), reason: "expected a number")
    ),
    BadScenarioInput(
      name: "shift that ends before it starts",
      path: [.field("trucks"), .index(0), .field("shift"), .field("to")],
      value: .string("05:00"),
      expected: .invalidValue(
        ScenarioLocation("trucks[0].shift", id: "T1"), reason: "the window 06:00–05:00 closes before it opens"
      )),
    BadScenarioInput(
      name: "negative capacity", path: [.field("bins"), .index(0), .field("capacity")], value: .number(-240),
      expected: .invalidValue(
        ScenarioLocation("bins[0].capacity", id: "A"),
        reason: "-240.0 is not a number above 0 and at most 50000.0")),
    BadScenarioInput(
      name: "wrong format", path: [.field("format")], value: .string("waste-routing-plan"),
      expected: .wrongFormat(found: "waste-routing-plan")),
    BadScenarioInput(
      name: "future version", path: [.field("version")], value: .number(2),
      expected: .unsupportedVersion(found: 2, supported: 1)),
    BadScenarioInput(
      name: "unknown time zone", path: [.field("timeZone")], value: .string("Mars/Olympus"),
      expected: .invalidValue(ScenarioLocation("timeZone"), reason: "unknown time zone \"Mars/Olympus\"")),
  ]

  @Test(arguments: badInputs) func badInputIsRejectedWithPathAndID(_ input: BadScenarioInput) throws {
    let document = try JSONSerialization.jsonObject(with: SmallCity.scenario.jsonData())
    let data = try JSONSerialization.data(withJSONObject: input.apply(to: document))
    #expect(throws: input.expected) { try Scenario.decode(data) }
  }

  /// What the fleet cannot serve does not fail reading: the planner leaves it out; only the strict fleet
  /// check rejects it.
  static let fleetMisfits: [BadScenarioInput] = [
    BadScenarioInput(
      name: "truck too small for any bin", path: [.field("trucks"), .index(0), .field("capacityLitres")],
      value: .number(200),
      expected: .truckTooSmall(
        ScenarioLocation("trucks[0].capacityLitres", id: "T1"), capacityLitres: 200, smallestBinLitres: 240)),
    BadScenarioInput(
      name: "bin larger than every truck", path: [.field("bins"), .index(2), .field("capacity")],
      value: .number(1_100),
      expected: .binTooLarge(
        ScenarioLocation("bins[2].capacity", id: "C"), capacityLitres: 1_100, largestTruckLitres: 1_000)),
    BadScenarioInput(
      name: "disposal site takes no carried fraction",
      path: [.field("disposalSites"), .index(0), .field("fractions")],
      value: .strings([]),
      expected: .disposalSiteTakesNoCarriedFraction(
        ScenarioLocation("disposalSites[0].fractions", id: "plant"))),
  ]

  @Test(arguments: fleetMisfits) func fleetMisfitsFailOnlyTheStrictCheck(_ input: BadScenarioInput) throws {
    let document = try JSONSerialization.jsonObject(with: SmallCity.scenario.jsonData())
    let data = try JSONSerialization.data(withJSONObject: input.apply(to: document))
    let scenario = try Scenario.decode(data)
    #expect(throws: input.expected) { try scenario.validateFleetFit() }
    #expect(throws: Never.self) { try SmallCity.scenario.validateFleetFit() }
  }

  @Test func drivingLimitBreakReadsAndWrites() throws {
    let json = #"{"duration": 2700, "maxDrivingBeforeBreak": 16200}"#
    let rule = try JSONDecoder().decode(Truck.Break.self, from: Data(json.utf8))
    #expect(rule == Truck.Break(duration: 2_700, maxDrivingBeforeBreak: 16_200))
    #expect(rule.window == nil)
    var scenario = SmallCity.scenario
    scenario.trucks[0].breakRule = rule
    #expect(try Scenario.decode(scenario.jsonData()) == scenario)
    let problem = DailyPlanner.breakRule(rule, shift: scenario.trucks[0].shift)
    #expect(
      problem
        == BreakRule(
          duration: 2_700, window: TimeWindow(earliest: 21_600, latest: 50_400), maxDrivingBeforeBreak: 16_200
        ))
  }

  @Test func breakRulesAndCostsAreChecked() throws {
    func error(_ change: (inout Scenario) -> Void) -> ScenarioError? {
      var scenario = SmallCity.scenario
      change(&scenario)
      do {
        try scenario.validate()
        return nil
      } catch {
        return error
      }
    }
    #expect(
      error { $0.trucks[0].breakRule = Truck.Break(duration: 1_800, maxDrivingBeforeBreak: 0) }
        == .invalidValue(
          ScenarioLocation("trucks[0].break.maxDrivingBeforeBreak", id: "T1"),
          reason: "0 s is not 1 s to 24 h"))
    #expect(
      error { $0.trucks[0].breakRule?.window = nil }
        == .invalidValue(
          ScenarioLocation("trucks[0].break", id: "T1"),
          reason: "give the break a window, a maxDrivingBeforeBreak, or both"))
    #expect(
      error { $0.trucks[0].costs.fixed = 1e300 }?.location
        == ScenarioLocation("trucks[0].costs.fixed", id: "T1"))
    #expect(
      error { $0.selection.overflowLitreValue = -1 }?.location
        == ScenarioLocation("selection.overflowLitreValue"))
    #expect(error { _ in } == nil)
  }

  @Test func badTimeOfDayNamesThePath() throws {
    let document = try JSONSerialization.jsonObject(with: SmallCity.scenario.jsonData())
    let change = BadScenarioInput(
      name: "", path: [.field("trucks"), .index(0), .field("break"), .field("window"), .field("from")],
      value: .string("9 o'clock"), expected: .emptyFleet)
    let data = try JSONSerialization.data(withJSONObject: change.apply(to: document))
    let error = try #require(throws: ScenarioError.self) { try Scenario.decode(data) }
    #expect(error.location == ScenarioLocation("trucks[0].break.window.from", id: "T1"))
  }

  @Test func notJSON() throws {
    let error = try #require(throws: ScenarioError.self) { try Scenario.decode(Data("{bins".utf8)) }
    guard case .notJSON = error else {
      Issue.record("expected notJSON, got \(error)")
      return
    }
  }

  @Test func errorMessagesNamePathAndID() {
    let error = ScenarioError.negativeFill(
      ScenarioLocation("bins[12].readings[3].fill", id: "B12"), value: -4)
    #expect(error.description == "bins[12].readings[3].fill (id \"B12\"): negative fill level -4.0 %")
  }
}
