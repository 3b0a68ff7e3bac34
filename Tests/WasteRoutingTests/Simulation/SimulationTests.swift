import Foundation
import Testing

@testable import WasteRouting

/// The replay of fill increments, the fixed round's rule and a short simulate run on the small city.
@Suite struct SimulationTests {
  @Test func incrementsParseAndWrap() throws {
    let series = try FillIncrementSeries.parse(
      "site_id,first_day,increments\n7,2016-06-05,10 20 30\n8,2016-06-06,5\n", file: "f.csv")
    #expect(series.count == 2)
    #expect(series[0].increments == [10, 20, 30])
    #expect(series[0].meanIncrement == 20)
    #expect(series[0].increment(day: 0, offset: 1) == 20)
    #expect(series[0].increment(day: 2, offset: 1) == 10)
    #expect(series[0].increment(day: -1, offset: 0) == 30)
  }

  @Test func badIncrementsNameTheLine() {
    #expect(throws: FillIncrementError(
      file: "f.csv", line: 3,
      reason: "increment 2 of 8, \"-1\", is not a number of percentage points from 0 to 1000")
    ) {
      try FillIncrementSeries.parse("site_id,first_day,increments\n7,2016-06-05,1\n8,2016-06-05,1 -1\n", file: "f.csv")
    }
    #expect(throws: FillIncrementError(file: "f.csv", line: 3, reason: "site_id 7 repeats line 2")) {
      try FillIncrementSeries.parse("site_id,first_day,increments\n7,2016-06-05,1\n7,2016-06-05,1\n", file: "f.csv")
        .count
    }
  }

  /// The smallest of 1, 2, 3, 5 visits a week keeping rate × 7 / f at or below 80 %, else every working day.
  @Test func fixedRoundFrequencyRule() {
    #expect(FixedRound.visitsPerWeek(meanRate: 10, workingDays: 5) == 1)  // 70 %
    #expect(FixedRound.visitsPerWeek(meanRate: 12, workingDays: 5) == 2)  // 84 % once, 42 % twice
    #expect(FixedRound.visitsPerWeek(meanRate: 30, workingDays: 5) == 3)  // 105 % twice, 70 % three times
    #expect(FixedRound.visitsPerWeek(meanRate: 40, workingDays: 5) == 5)  // 93 %, then 56 %
    #expect(FixedRound.visitsPerWeek(meanRate: 60, workingDays: 5) == 5)  // 84 %, but no more days
    #expect(FixedRound.visitsPerWeek(meanRate: 60, workingDays: 7) == 7)
    let week = [1, 2, 3, 4, 5]
    #expect(FixedRound.pattern(frequency: 1, rotation: 2, workingWeekdays: week) == [3])
    #expect(FixedRound.pattern(frequency: 2, rotation: 0, workingWeekdays: week) == [1, 4])
    #expect(FixedRound.pattern(frequency: 3, rotation: 0, workingWeekdays: week) == [1, 3, 5])
    #expect(FixedRound.pattern(frequency: 5, rotation: 3, workingWeekdays: week) == week)
    #expect(FixedRound.meanFillAtEmptying(meanRate: 30, weekdays: [1, 3, 5]) == 70)
  }

  /// One day executed by hand: a bin at 90 % rising 20 emptied at noon reaches 100 % then (an overflowing
  /// day, no litres beyond it), restarts from 0 and ends at 10 %; one not emptied ends at 110 %, 10 % of
  /// its 240 L overflowing.
  @Test func replayExecutesADay() throws {
    var scenario = SmallCity.scenario
    scenario.bins = Array(scenario.bins.prefix(2))
    let series = [FillIncrementSeries(sourceID: "x", firstDay: CalendarDay("2016-06-01")!, increments: [20])]
    let replay = Replay(
      scenario: scenario, increments: series,
      configuration: SimulationConfiguration(warmUpDays: 0), start: scenario.date)
    var state = Replay.State(content: [90, 90], readings: [[], []], emptyings: [[], []])
    let outcome = replay.evening(0, date: scenario.date, emptied: [0: 0.5], state: &state)
    #expect(outcome.fills == [100])
    #expect(outcome.overflowBins == 2)
    #expect(abs(outcome.overflowLitres - 24) < 1e-9)
    #expect(state.content == [10, 110])
    #expect(state.emptyings[0].count == 1)
    replay.morning(1, date: scenario.date.adding(days: 1), state: &state)
    #expect(state.readings[1].last?.fill == 100)  // the sensor's cap
    let expected: Double = 10 + 20.0 * 5 / 24
    let read: Double = state.readings[0].last?.fill ?? 0
    #expect(abs(read - expected) < 0.06)
  }

  /// `waste-route simulate` on the small city for four days: every policy runs, the fixed round empties
  /// exactly its weekdays' bins, and the report and chart are written.
  @Test func simulateCommandRunsTheSmallCity() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("simulate-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for name in ["small-city.osm", "small-city.scenario.json"] {
      try FileManager.default.copyItem(
        atPath: VRPLIBFixtures.path("planning/" + name), toPath: folder + "/" + name)
    }
    let increments = "site_id,first_day,increments\n1,2016-06-01,30 25 35\n2,2016-06-01,8 12 10\n"
    try increments.write(toFile: folder + "/inc.csv", atomically: true, encoding: .utf8)
    let run = try CommandRunner.run([
      "simulate", folder + "/small-city.scenario.json", "--days", "4", "--time-limit", "0.3", "--threads", "1",
      "--increments", folder + "/inc.csv", "-o", folder + "/sim.json", "--svg", folder + "/sim.svg",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let lines = run.standardOutput.split(separator: "\n")
    #expect(lines.contains { $0.hasPrefix("| fixed |") })
    #expect(lines.contains { $0.hasPrefix("| threshold |") })
    #expect(lines.contains { $0.hasPrefix("| lookahead |") })
    let report = try JSONDecoder().decode(
      SimulationReport.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/sim.json")))
    #expect(report.policies.map(\.policy) == [.fixed, .threshold, .lookahead])
    #expect(report.policies.allSatisfy { $0.days.count == 4 })
    let svg = try String(contentsOfFile: folder + "/sim.svg", encoding: .utf8)
    #expect(svg.contains("kilometres driven per day"))
    // The fixed round's bins per day, recomputed from the same replay.
    let scenario = try Scenario.load(path: folder + "/small-city.scenario.json")
    let series = try FillIncrementSeries.load(path: folder + "/inc.csv")
    let replay = Replay(
      scenario: scenario, increments: series, configuration: SimulationConfiguration(), start: scenario.date)
    let round = FixedRound(
      scenario: scenario, meanRates: replay.series.map(\.meanIncrement), workingWeekdays: Array(1...7))
    let fixed = report.policies[0].days.map(\.binsEmptied)
    #expect(fixed == (0..<4).map { round.bins(on: scenario.date.adding(days: $0)).count })
  }
}
