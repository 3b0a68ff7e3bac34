import Foundation
import Testing

@testable import WasteRouting

/// The day-assignment model on hand-checked cases, the truck calendar and schedules in the daily planner.
@Suite struct MultiDayPlannerTests {
  /// Three bins, two days, room for everything: each bin takes its cheapest option.
  @Test func threeBinsTwoDaysTakeTheirCheapestOptions() throws {
    let model = DayAssignmentModel(
      visitCosts: [[1, 3], [2, 1], [4, nil]], laterCosts: [5, 5, 0],
      workHours: [[1, 1], [1, 1], [1, 1]], trucksAvailable: [1, 1], hoursPerTruck: 8, truckCost: 0)
    let exact = try model.solveExactly(timeLimit: .seconds(2))
    let greedy = model.solveGreedily()
    #expect(exact.days == [0, 1, nil])
    #expect(exact.objective == 2)
    #expect(exact.isProvenOptimal)
    #expect(greedy.days == [0, 1, nil])
  }

  /// One bin per truck-day: of three bins only two fit, and the best pair is 1 on day 0 and 2 on day 1
  /// (1 + 1.5 + bin 0 later 10 = 12.5; the next best, bin 0 on day 0 and bin 2 on day 1, leaves bin 1's
  /// 12 for 14.5).
  @Test func capacityPerDayDecidesWhichBinWaits() throws {
    let model = DayAssignmentModel(
      visitCosts: [[1, 2], [1, 5], [1, 1.5]], laterCosts: [10, 12, 10],
      workHours: [[1, 1], [1, 1], [1, 1]], trucksAvailable: [1, 1], hoursPerTruck: 1, truckCost: 0)
    let exact = try model.solveExactly(timeLimit: .seconds(2))
    #expect(exact.days == [nil, 0, 1])
    #expect(exact.objective == 12.5)
    #expect(exact.trucks == [1, 1])
    let greedy = model.solveGreedily()
    let greedyObjective = try #require(model.objective(of: greedy.days))
    #expect(greedyObjective >= 12.5)
    #expect(greedy.trucks.enumerated().allSatisfy { $0.element <= model.trucksAvailable[$0.offset] })
  }

  /// Two bins of one area: driving there twice costs 6, once on day 0 costs 0 + 0.5 + 3 = 3.5. The greedy
  /// assignment puts each bin on its own cheapest day (sharing the area's cost), then closes day 0 because
  /// moving bin 0 to day 1 costs only 1: both on day 1 for 1 + 0 + 3 = 4. GLPK finds 3.5.
  @Test func binsOfAnAreaAreEmptiedTogether() throws {
    let model = DayAssignmentModel(
      visitCosts: [[0, 1], [0.5, 0]], laterCosts: [100, 100], workHours: [[0, 0], [0, 0]],
      trucksAvailable: [1, 1], hoursPerTruck: 8, truckCost: 0, areaOfBin: [0, 0], areaCosts: [[3, 3]],
      areaHours: [[1, 1]])
    let exact = try model.solveExactly(timeLimit: .seconds(2))
    #expect(exact.days == [0, 0])
    #expect(exact.objective == 3.5)
    #expect(model.objective(of: [0, 1]) == 6)
    #expect(model.solveGreedily().days == [1, 1])
    #expect(model.solveGreedily().objective == 4)
  }

  /// A truck costs 10 a day: putting both bins on one day saves a truck although it costs 1 more.
  @Test func trucksAreWholeAndCost() throws {
    let model = DayAssignmentModel(
      visitCosts: [[0, 1], [1, 0]], laterCosts: [100, 100], workHours: [[1, 1], [1, 1]],
      trucksAvailable: [2, 2], hoursPerTruck: 2, truckCost: 10)
    let exact = try model.solveExactly(timeLimit: .seconds(2))
    #expect(exact.objective == 11)
    #expect(exact.trucks.reduce(0, +) == 1)
    #expect(model.objective(of: [0, 1]) == 20)
  }

  @Test func weekdaysFollowISO8601() {
    #expect(CalendarDay("2026-11-27")?.isoWeekday == 5)  // a Friday
    #expect(CalendarDay("2026-11-29")?.isoWeekday == 7)
    #expect(CalendarDay("2026-11-30")?.isoWeekday == 1)
    #expect(CalendarDay("1970-01-01")?.daysSinceEpoch == 0)
    #expect(CalendarDay("2026-12-02")?.days(since: CalendarDay("2026-11-27")!) == 5)
    let calendar = TruckCalendar(weekdays: [1, 2, 3, 4, 5], daysOff: [CalendarDay("2026-12-25")!])
    #expect(calendar.isWorking(on: CalendarDay("2026-11-27")!))
    #expect(!calendar.isWorking(on: CalendarDay("2026-11-28")!))
    #expect(!calendar.isWorking(on: CalendarDay("2026-12-25")!))
  }

  /// A second truck that does not work on Fridays is left unused with its rule, and the plan validates.
  @Test func offDutyTruckIsLeftUnused() async throws {
    var scenario = SmallCity.scenario
    var second = SmallCity.truck
    second.id = "T2"
    second.calendar = TruckCalendar(weekdays: [1, 2, 3, 4])
    scenario.trucks.append(second)
    let data = try JSONEncoder().encode(scenario)
    #expect(try JSONDecoder().decode(Scenario.self, from: data) == scenario)
    let network = try SmallCity.network()
    let plan = try await DailyPlanner(
      scenario: scenario, configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(1), threads: 1)
    ).plan(network: network)
    let t2 = try #require(plan.trucks.first { $0.truckID == "T2" })
    #expect(t2.exclusion?.rule == .offDuty)
    #expect(!t2.isUsed)
    #expect(PlanValidator(scenario: scenario, network: network).violations(of: plan).isEmpty)
    var bad = scenario
    bad.trucks[1].calendar = TruckCalendar(weekdays: [8])
    #expect(throws: ScenarioError.self) { try bad.validate() }
  }

  /// A schedule replaces the thresholds: only C (skipped by them) is required, A (required by them) skipped.
  @Test func scheduleDecidesTheSelection() async throws {
    var scenario = SmallCity.scenario
    scenario.schedule = CollectionSchedule(source: "fixed round", required: ["C"])
    let selector = BinSelector(scenario: scenario)
    let selections = selector.select(forecasts: selector.forecasts())
    #expect(selections.map(\.status) == [.skipped, .skipped, .required])
    let network = try SmallCity.network()
    let plan = try await DailyPlanner(
      scenario: scenario, configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(1), threads: 1)
    ).plan(network: network)
    #expect(plan.bins.filter(\.isServed).map(\.selection.binID) == ["C"])
    #expect(PlanValidator(scenario: scenario, network: network).violations(of: plan).isEmpty)
    var unknown = scenario
    unknown.schedule = CollectionSchedule(source: "x", required: ["Z"])
    #expect(throws: ScenarioError.self) { try unknown.validate() }
  }

  /// Place matrices computed once give the same plan as the day's own matrices.
  @Test func placeMatricesGiveTheSamePlan() async throws {
    let network = try SmallCity.network()
    let planner = DailyPlanner(
      scenario: SmallCity.scenario, configuration: SolverConfiguration(seed: 1, maxIterations: 200, refinement: false, threads: 1))
    let matrices = await planner.placeMatrices(network: network)
    let direct = try await planner.plan(network: network)
    let cached = try await planner.plan(network: network, matrices: matrices)
    #expect(direct.trucks == cached.trucks)
    #expect(direct.totals == cached.totals)
  }

  /// On the small city, A (95 % and rising) is required today and the others are not.
  @Test func multiDayPlanEmptiesTheUrgentBinToday() async throws {
    let network = try SmallCity.network()
    let scenario = SmallCity.scenario
    let matrices = await DailyPlanner(scenario: scenario).placeMatrices(network: network)
    let selector = BinSelector(scenario: scenario)
    let plan = try MultiDayPlanner(scenario: scenario, configuration: MultiDayConfiguration(horizonDays: 3))
      .plan(forecasts: selector.forecasts(), matrices: matrices)
    #expect(plan.binDays[0] == 0)
    #expect(plan.schedule.required.contains("A"))
    #expect(!plan.schedule.required.contains("C"))
    #expect(plan.dates.count == 3)
    #expect(plan.assignment.objective <= plan.greedy.objective + 1e-9)
  }
}
