import Foundation
import Testing

@testable import WasteRouting

/// ``SyntheticCity``: seeded city-scale days whose bins are all due, with a fleet that can serve them.
@Suite struct SyntheticCityTests {
  static let day = CalendarDay(year: 2026, month: 12, day: 2)

  @Test func theDayHasTheAskedStopsAllRequiredAndIsReproducible() throws {
    let network = try RoadNetwork.load(path: ImportTests.fixture("helsinki/Helsinki.osm.pbf"))
    let day = try #require(Self.day)
    let city = SyntheticCity(stops: 150, seed: 3, date: day)
    let scenario = city.scenario(on: network, networkPath: "Helsinki.osm.pbf")
    try scenario.validate()
    #expect(scenario.bins.count == 150)
    #expect(Set(scenario.bins.map(\.id)).count == 150)
    #expect(scenario.name.contains("synthetic") && scenario.attribution?.contains("SYNTHETIC") == true)
    // The same seed gives the same day; another seed another district.
    #expect(city.scenario(on: network, networkPath: "Helsinki.osm.pbf") == scenario)
    let other = SyntheticCity(stops: 150, seed: 4, date: day).scenario(on: network, networkPath: "Helsinki.osm.pbf")
    #expect(other.bins.map(\.lon) != scenario.bins.map(\.lon))
    // Every bin is due today: predicted to overflow before next week's collection.
    let selector = BinSelector(scenario: scenario)
    let selections = selector.select(forecasts: selector.forecasts())
    #expect(selections.allSatisfy { $0.status == .required })
    // Several fractions; three truck types (by capacity and equipment), each fraction with a truck and
    // a site; glass containers need the crane the glass trucks have.
    let fractions = Set(scenario.bins.map(\.fraction))
    #expect(fractions.count >= 3)
    let types = Set(scenario.trucks.map { "\($0.capacityLitres)/\($0.capacityKilograms)/\($0.equipment)" })
    #expect(types.count >= 2)
    #expect(scenario.disposalSites.count == 3)
    for fraction in fractions {
      #expect(scenario.trucks.contains { $0.fractions.contains(fraction) })
      #expect(scenario.disposalSites.contains { $0.fractions.contains(fraction) })
    }
    for bin in scenario.bins where bin.access.contains("crane") {
      #expect(scenario.trucks.contains { $0.equipment.contains("crane") && $0.fractions.contains(bin.fraction) })
    }
    #expect(scenario.trucks.allSatisfy { $0.breakRule != nil })
    // Sizes from the same generator are nested in count.
    let smaller = SyntheticCity(stops: 40, seed: 3, date: day).scenario(on: network, networkPath: "x")
    #expect(smaller.bins.count == 40 && smaller.trucks.count <= scenario.trucks.count)
  }

  @Test func theDayIsPlannedWithEveryBinAndValidates() async throws {
    let network = try await RoadNetwork.load(path: ImportTests.fixture("helsinki/Helsinki.osm.pbf"))
    let day = try #require(Self.day)
    let scenario = SyntheticCity(stops: 30, seed: 1, date: day).scenario(
      on: network, networkPath: ImportTests.fixture("helsinki/Helsinki.osm.pbf"))
    let planner = DailyPlanner(
      scenario: scenario, configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(1), refinement: false))
    let plan = try await planner.plan(network: network)
    #expect(plan.totals.binsExcluded == 0)
    #expect(plan.totals.binsCollected == 30)
    #expect(plan.settings.iterations ?? 0 > 0)
    #expect(PlanValidator(scenario: scenario, network: network).violations(of: plan).isEmpty)
  }

  @Test func theDefaultTimeLimitGrowsWithTheDay() {
    #expect(DailyPlanner.automaticTimeLimit(stops: 0) == .seconds(10))
    #expect(DailyPlanner.automaticTimeLimit(stops: 4_000) == .seconds(42))
    #expect(DailyPlanner.automaticTimeLimit(stops: 8_000) == .seconds(74))
    #expect(DailyPlanner.automaticTimeLimit(stops: 10_000_000) == .seconds(600))
    let scenario = Scenario(
      name: "empty", date: Self.day!, timeZone: "UTC", roadNetwork: .init(path: "x"), fractions: [], depots: [],
      disposalSites: [], trucks: [], bins: [])
    // The planner's default configuration has no limit: it takes the day's.
    #expect(DailyPlanner(scenario: scenario).searchConfiguration(stops: 1_000).timeLimit == .seconds(18))
    // A given limit is kept.
    let given = DailyPlanner(scenario: scenario, configuration: SolverConfiguration(timeLimit: .seconds(3)))
    #expect(given.searchConfiguration(stops: 1_000).timeLimit == .seconds(3))
    let iterations = DailyPlanner(
      scenario: scenario, configuration: SolverConfiguration(timeLimit: nil, maxIterations: 50))
    #expect(iterations.searchConfiguration(stops: 1_000).timeLimit == nil)
  }
}
