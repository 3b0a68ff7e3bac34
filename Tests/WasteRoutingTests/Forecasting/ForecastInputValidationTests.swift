import Foundation
import Testing

@testable import WasteRouting

@Suite struct ForecastInputValidationTests {
  let start = SyntheticFillSeries.monday

  func reading(_ hours: Double, _ fill: Double) -> FillReading {
    FillReading(time: start.addingTimeInterval(hours * 3_600), fill: fill)
  }

  func emptying(_ hours: Double, _ before: Double, _ after: Double = 0) -> EmptyingEvent {
    EmptyingEvent(time: start.addingTimeInterval(hours * 3_600), fillBefore: before, fillAfter: after)
  }

  func location(_ list: ForecastInputLocation.List, _ index: Int, _ field: String) -> ForecastInputLocation {
    ForecastInputLocation(binID: "bin-7", list: list, index: index, field: field)
  }

  func error(_ history: BinHistory) -> ForecastError? {
    do {
      _ = try FillForecaster().fit(history, prior: FleetPrior(ratePerDay: 10))
      return nil
    } catch {
      return error
    }
  }

  @Test func negativeReading() {
    let history = BinHistory(binID: "bin-7", readings: [reading(0, 5), reading(1, 6), reading(2, -1)])
    #expect(error(history) == .negativeFill(location(.readings, 2, "fill"), value: -1))
  }

  @Test func absurdFillBefore() {
    let history = BinHistory(binID: "bin-7", emptyings: [emptying(0, 50), emptying(24, 400)])
    #expect(error(history) == .absurdFill(location(.emptyings, 1, "fillBefore"), value: 400, limit: 150))
  }

  @Test func notANumberFillAfter() {
    let history = BinHistory(binID: "bin-7", emptyings: [emptying(0, 50, .nan)])
    #expect(error(history) == .notFinite(location(.emptyings, 0, "fillAfter")))
  }

  @Test func infiniteTime() {
    let bad = FillReading(time: Date(timeIntervalSince1970: .infinity), fill: 3)
    let history = BinHistory(binID: "bin-7", readings: [reading(0, 1), bad])
    #expect(error(history) == .notFinite(location(.readings, 1, "time")))
  }

  @Test func readingsOutOfTimeOrder() {
    let history = BinHistory(
      binID: "bin-7", readings: [reading(0, 1), reading(2, 2), reading(4, 3), reading(3, 4)])
    #expect(error(history) == .outOfTimeOrder(location(.readings, 3, "time")))
  }

  @Test func duplicateEmptyingTime() {
    let history = BinHistory(binID: "bin-7", emptyings: [emptying(0, 50), emptying(5, 60), emptying(5, 70)])
    #expect(error(history) == .outOfTimeOrder(location(.emptyings, 2, "time")))
  }

  @Test func messageNamesBinAndJSONPath() {
    let failure = ForecastError.absurdFill(location(.emptyings, 1, "fillBefore"), value: 400, limit: 150)
    #expect(failure.description == "bin \"bin-7\", emptyings[1].fillBefore: fill level 400.0 % is above the "
      + "plausible maximum of 150.0 %")
    #expect(location(.readings, 3, "time").jsonPath == "readings[3].time")
  }

  @Test func fleetPriorRejectsAnyBadBin() {
    let good = BinHistory(binID: "ok", emptyings: [emptying(0, 50), emptying(24, 60)])
    let bad = BinHistory(binID: "bin-7", readings: [reading(0, -3)])
    #expect(throws: ForecastError.negativeFill(location(.readings, 0, "fill"), value: -3)) {
      try FillForecaster().fleetPrior(from: [good, bad])
    }
  }

  @Test func historyDecodesFromJSONWithSecondsSince1970() throws {
    let json = """
      {"binID": "x", "readings": [{"time": 1704067200, "fill": 12.5}],
       "emptyings": [{"time": 1704153600, "fillBefore": 80}]}
      """
    let history = try JSONDecoder().decode(BinHistory.self, from: Data(json.utf8))
    #expect(history.readings == [FillReading(time: start, fill: 12.5)])
    #expect(history.emptyings == [EmptyingEvent(time: start.addingTimeInterval(86_400), fillBefore: 80)])
    let again = try JSONDecoder().decode(BinHistory.self, from: try JSONEncoder().encode(history))
    #expect(again == history)
  }
}
