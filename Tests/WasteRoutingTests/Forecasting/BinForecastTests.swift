import Foundation
import Testing

@testable import WasteRouting

@Suite struct BinForecastTests {
  let monday = SyntheticFillSeries.monday
  let hour = 3_600.0
  let day = 86_400.0

  @Test func flatPredictionHandChecked() {
    let forecast = BinForecast(binID: "a", ratePerDay: 24, postEmptyingJump: 30)
    #expect(forecast.predictedFill(at: monday.addingTimeInterval(12 * hour), lastFill: 10, at: monday) == 22)
    #expect(
      forecast.predictedFill(
        at: monday.addingTimeInterval(12 * hour), lastFill: 0, at: monday, justEmptied: true) == 42)
    #expect(forecast.predictedFill(at: monday.addingTimeInterval(-hour), lastFill: 10, at: monday) == 10)
  }

  @Test func weekdayPredictionHandChecked() {
    // Monday ×2, Saturday ×0: from Monday noon to Tuesday noon, 0.5 × 2 × 10 + 0.5 × 1 × 10 = 15.
    let forecast = BinForecast(binID: "b", ratePerDay: 10, weekdayFactors: [2, 1, 1, 1, 1, 0, 1])
    let fill = forecast.predictedFill(at: monday.addingTimeInterval(36 * hour), lastFill: 5,
                                      at: monday.addingTimeInterval(12 * hour))
    #expect(abs(fill - 20) < 1e-9)
  }

  @Test func daysUntilOverflowHandChecked() throws {
    // Mon +20, Tue–Fri +10 each (60), Sat +0, Sun +10 (70), Mon +20 (90), Tue +10: 100 after 9 days.
    let forecast = BinForecast(binID: "c", ratePerDay: 10, weekdayFactors: [2, 1, 1, 1, 1, 0, 1])
    let days = try #require(forecast.daysUntil(from: 0, at: monday))
    #expect(abs(days - 9) < 1e-9)
    let half = try #require(forecast.daysUntil(fill: 50, from: 0, at: monday))
    #expect(abs(half - 4) < 1e-9)
    let jumping = BinForecast(binID: "d", ratePerDay: 20, postEmptyingJump: 40)
    let afterJump = try #require(jumping.daysUntil(from: 0, at: monday, justEmptied: true))
    #expect(abs(afterJump - 3) < 1e-9)
  }

  @Test func daysUntilEdgeCases() {
    let forecast = BinForecast(binID: "e", ratePerDay: 10)
    #expect(forecast.daysUntil(from: 100, at: monday) == 0)
    #expect(forecast.daysUntil(from: 120, at: monday) == 0)
    #expect(BinForecast(binID: "f", ratePerDay: 0).daysUntil(from: 10, at: monday) == nil)
    #expect(BinForecast(binID: "g", ratePerDay: 0.001).daysUntil(from: 0, at: monday) == nil)
  }

  @Test func weekdaysFollowTheTimeZone() throws {
    // 23:30 UTC on Sunday is already Monday in Berlin (UTC+1 in January).
    let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
    let forecast = BinForecast(binID: "h", ratePerDay: 10, weekdayFactors: [7, 0, 0, 0, 0, 0, 0],
                               timeZone: berlin)
    let sundayEvening = monday.addingTimeInterval(-0.5 * hour)
    let rise = forecast.rise(from: sundayEvening, to: monday)
    #expect(abs(rise - 70 * 0.5 / 24) < 1e-9)
  }

  @Test func summaryRoundTripsThroughJSON() throws {
    let forecast = BinForecast(binID: "i", ratePerDay: 12.5, postEmptyingJump: 3,
                               weekdayFactors: [1, 1, 1, 1, 1, 1.5, 0.5])
    let data = try JSONEncoder().encode(forecast)
    #expect(try JSONDecoder().decode(BinForecast.self, from: data) == forecast)
  }
}
