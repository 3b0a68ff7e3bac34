import Foundation
import Testing

@testable import WasteRouting

/// The emptying-log reader and the walk-forward evaluation, on `Fixtures/forecast-emptyings.csv` (three
/// synthetic bins, 12 emptyings each, in the Edinburgh layout) and through the built `waste-route`.
@Suite struct ForecastEvaluationTests {
  let london = TimeZone(identifier: "Europe/London") ?? .current
  let fixture = VRPLIBFixtures.path("forecast-emptyings.csv")

  @Test func readsTheLogPerBinInTimeOrder() throws {
    let histories = try EmptyingLog.read(csvAtPath: fixture, timeZone: london)
    #expect(histories.map(\.binID) == ["900001", "900002", "900003"])
    #expect(histories.allSatisfy { $0.emptyings.count == 12 && $0.readings.isEmpty })
    for history in histories {
      #expect(zip(history.emptyings, history.emptyings.dropFirst()).allSatisfy { $0.time < $1.time })
    }
    // Bin 900001's first emptying: 2016-06-07 18:05:00 in London (BST, UTC+1) is 17:05 UTC.
    #expect(histories[0].emptyings[0].time == Date(timeIntervalSince1970: 1_465_319_100))
  }

  @Test func evaluationCountsAndBeatsTheNaiveBaselines() throws {
    let histories = try EmptyingLog.read(csvAtPath: fixture, timeZone: london)
    let configuration = ForecastConfiguration(timeZone: london)
    let evaluation = try ForecastEvaluation.run(on: histories, configuration: configuration)
    #expect(evaluation.binCount == 3)
    #expect(evaluation.emptyingCount == 36)
    #expect(evaluation.warmUpSkipCount == 12)
    #expect(evaluation.censoredTargetCount == 2)
    #expect(evaluation.scores.map(\.name) == ForecastEvaluation.methodNames)
    #expect(evaluation.scores.allSatisfy { $0.predictionCount == 22 })
    let ours = evaluation.scores[1]
    for baseline in evaluation.scores[3...] {
      #expect(ours.meanAbsoluteError < baseline.meanAbsoluteError)
      #expect(ours.rootMeanSquareError < baseline.rootMeanSquareError)
    }
  }

  @Test func noLookAhead() throws {
    // Changing one recorded emptying changes no prediction made before it, in any bin (only its own
    // target).
    let histories = try EmptyingLog.read(csvAtPath: fixture, timeZone: london)
    var changed = histories
    changed[1].emptyings[8].fillBefore = 3
    let changedTime = changed[1].emptyings[8].time
    let configuration = ForecastConfiguration(timeZone: london)
    var original: [ForecastEvaluation.Prediction] = []
    var altered: [ForecastEvaluation.Prediction] = []
    _ = try ForecastEvaluation.walkForward(on: histories, configuration: configuration, warmUp: 3,
                                           predictions: &original)
    _ = try ForecastEvaluation.walkForward(on: changed, configuration: configuration, warmUp: 3,
                                           predictions: &altered)
    let earlier = original.filter { $0.madeAt < changedTime }
    #expect(earlier.count >= 10)
    #expect(earlier.map(\.values) == altered.filter { $0.madeAt < changedTime }.map(\.values))
    #expect(original.filter { $0.madeAt > changedTime } != altered.filter { $0.madeAt > changedTime })
  }

  @Test func logErrorsNameFileLineAndColumn() {
    let header = "site_id,collected_at_europe_london,fill_before_pct,fill_after_pct\n"
    let bad = header + "1,2016-06-03 13:23:00,50,0\n1,2016-06-04 13:23:00,lots,0\n"
    let lots = ForecastError.malformedField(path: "t.csv", line: 3, column: "fill_before_pct", text: "lots")
    #expect(throws: lots) {
      try EmptyingLog.parse(csv: Array(bad.utf8), path: "t.csv", timeZone: london)
    }
    let noFill = "site_id,collected_at_europe_london,fill_after_pct\n"
    #expect(throws: ForecastError.missingColumn(path: "t.csv", column: "fill_before_pct")) {
      try EmptyingLog.parse(csv: Array(noFill.utf8), path: "t.csv", timeZone: london)
    }
    let badTime = header + "1,2016-13-03 13:23:00,50,0\n"
    #expect(throws: ForecastError.malformedField(
      path: "t.csv", line: 2, column: "collected_at_europe_london", text: "2016-13-03 13:23:00")) {
      try EmptyingLog.parse(csv: Array(badTime.utf8), path: "t.csv", timeZone: london)
    }
  }

  // MARK: - The command

  private func run(_ arguments: [String]) throws -> CommandRunner.Run {
    try CommandRunner.run(arguments)
  }

  @Test func commandPrintsTheTableAndWritesSummaries() throws {
    let summaries = FileManager.default.temporaryDirectory.appendingPathComponent("fc-\(UUID()).json").path
    defer { try? FileManager.default.removeItem(atPath: summaries) }
    let result = try run(["forecast-eval", fixture, "--summaries", summaries])
    #expect(result.status == 0)
    #expect(result.standardError.isEmpty)
    #expect(result.standardOutput.hasPrefix(
      "bins: 3, emptyings: 36, warm-up: 3 intervals (12 emptyings skipped), censored targets left out: 2\n"))
    #expect(result.standardOutput.contains("| forecaster: jump + rate, weekday factors | 22 |"))
    let data = try Data(contentsOf: URL(fileURLWithPath: summaries))
    let forecasts = try JSONDecoder().decode([BinForecast].self, from: data)
    #expect(forecasts.map(\.binID) == ["900001", "900002", "900003"])
  }

  @Test func commandRejectsBadJSONWithPathAndWritesNothing() throws {
    let directory = FileManager.default.temporaryDirectory
    let input = directory.appendingPathComponent("fc-\(UUID()).json").path
    let summaries = directory.appendingPathComponent("fc-\(UUID())-summaries.json").path
    defer { try? FileManager.default.removeItem(atPath: input) }
    let json = """
      [{"binID": "a", "emptyings": [{"time": 1000, "fillBefore": 10}]},
       {"binID": "b", "emptyings": [{"time": 1000, "fillBefore": 10}, {"time": 2000, "fillBefore": -4}]}]
      """
    try writeAtomically(json, toPath: input)
    let result = try run(["forecast-eval", input, "--summaries", summaries])
    #expect(result.status == 2)
    #expect(result.standardOutput.isEmpty)
    #expect(result.standardError.contains("$[1].emptyings[1].fillBefore (bin \"b\")"))
    #expect(result.standardError.contains("negative fill level -4.0 %"))
    #expect(!FileManager.default.fileExists(atPath: summaries))
  }

  @Test func commandRejectsMalformedJSONWithPath() throws {
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("fc-\(UUID()).json").path
    defer { try? FileManager.default.removeItem(atPath: input) }
    try writeAtomically(#"[{"binID": "a", "readings": [{"time": 1, "fill": "high"}]}]"#, toPath: input)
    let result = try run(["forecast-eval", input])
    #expect(result.status == 2)
    #expect(result.standardError.contains("$[0].readings[0].fill: wrong type"))
  }
}
