import Foundation
import Testing

@testable import WasteRouting

@Suite struct FillForecasterTests {
  let flatPrior = FleetPrior(ratePerDay: 5)

  @Test func recoversRateFromNoisyReadingsWithResets() throws {
    let readings = SyntheticFillSeries.readings(days: 42, noise: 3) { _ in 12 }
    let history = BinHistory(binID: "noisy", readings: readings)
    let forecast = try FillForecaster().fit(history, prior: flatPrior)
    #expect(forecast.rateSource == .bin)
    #expect(abs(forecast.ratePerDay - 12) < 1.2)
    #expect(forecast.postEmptyingJump < 3)
    #expect(forecast.intervalCount > 100)
  }

  @Test func undeclaredEmptyingsAreResetsNotNegativeRates() throws {
    let readings = SyntheticFillSeries.readings(days: 30, flagsEmptyings: false) { _ in 20 }
    let history = BinHistory(binID: "unflagged", readings: readings)
    let intervals = FillInterval.intervals(of: history, configuration: ForecastConfiguration())
    #expect(intervals.allSatisfy { $0.rise > 0 })
    #expect(intervals.contains { $0.startsAtReset })
    let forecast = try FillForecaster().fit(history, prior: flatPrior)
    #expect(abs(forecast.ratePerDay - 20) < 0.5)
  }

  @Test func gapsAreLeftOutOfTheFit() throws {
    let readings = SyntheticFillSeries.readings(days: 50, stepHours: 24, emptyAt: 1_000, gap: 10..<30) { _ in
      2
    }
    let history = BinHistory(binID: "gap", readings: readings)
    let intervals = FillInterval.intervals(of: history, configuration: ForecastConfiguration())
    #expect(intervals.allSatisfy { $0.days <= 1.0001 })
    #expect(intervals.count == readings.count - 2)
    let forecast = try FillForecaster().fit(history, prior: flatPrior)
    // 28 one-day intervals of 2 pp, shrunk by one prior interval at 5 pp/day: (28 × 2 + 5) / 29.
    #expect(abs(forecast.ratePerDay - 61.0 / 29) < 1e-9)
  }

  @Test func robustToWildReadings() throws {
    var readings = SyntheticFillSeries.readings(days: 42, noise: 1) { _ in 10 }
    for index in stride(from: 7, to: readings.count, by: 23) { readings[index].fill += 30 }
    let forecast = try FillForecaster().fit(BinHistory(binID: "spikes", readings: readings), prior: flatPrior)
    #expect(abs(forecast.ratePerDay - 10) < 1.5)
  }

  @Test func recoversJumpAndRateFromEmptyings() throws {
    let events = SyntheticFillSeries.emptyings(count: 40, jump: 40, rate: 12, noise: 5)
    let forecast = try FillForecaster().fit(BinHistory(binID: "jump", emptyings: events), prior: flatPrior)
    #expect(abs(forecast.postEmptyingJump - 40) < 4)
    #expect(abs(forecast.ratePerDay - 12) < 2)
    #expect(forecast.intervalCount == 39)
  }

  @Test func recoversWeekdayPatternWhenPresent() throws {
    // Saturday fills three times as fast as the other days: factors 3/9 × 7 and 1/9 × 7.
    let readings = SyntheticFillSeries.readings(days: 70, stepHours: 3) { $0 == 5 ? 30 : 10 }
    let configuration = ForecastConfiguration(weekdayPriorDays: 1)
    let forecast = try FillForecaster(configuration: configuration)
      .fit(BinHistory(binID: "weekday", readings: readings), prior: FleetPrior(ratePerDay: 10))
    #expect(forecast.hasOwnWeekdayPattern)
    #expect(abs(forecast.weekdayFactors[5] - 21.0 / 9) < 0.2)
    for day in [0, 1, 2, 3, 4, 6] { #expect(abs(forecast.weekdayFactors[day] - 7.0 / 9) < 0.1) }
    #expect(abs(forecast.ratePerDay - 90.0 / 7) < 1)
  }

  @Test func inventsNoWeekdayPatternWhenAbsent() throws {
    let readings = SyntheticFillSeries.readings(days: 70, stepHours: 3, noise: 3) { _ in 10 }
    let forecast = try FillForecaster().fit(BinHistory(binID: "flat", readings: readings), prior: flatPrior)
    #expect(forecast.hasOwnWeekdayPattern)
    for factor in forecast.weekdayFactors { #expect(abs(factor - 1) < 0.1) }
  }

  @Test func shortHistoryKeepsTheFleetPattern() throws {
    let readings = SyntheticFillSeries.readings(days: 5, stepHours: 12) { _ in 10 }
    let prior = FleetPrior(ratePerDay: 10, weekdayFactors: [1.4, 1, 1, 1, 1, 0.6, 1])
    let forecast = try FillForecaster().fit(BinHistory(binID: "short", readings: readings), prior: prior)
    #expect(!forecast.hasOwnWeekdayPattern)
    #expect(forecast.weekdayFactors == prior.weekdayFactors)
  }

  @Test func binWithoutHistoryGetsThePrior() throws {
    let prior = FleetPrior(ratePerDay: 17, postEmptyingJump: 30)
    let forecast = try FillForecaster().fit(BinHistory(binID: "new"), prior: prior)
    #expect(forecast.rateSource == .fleetPrior)
    #expect(forecast.ratePerDay == 17)
    #expect(forecast.postEmptyingJump == 30)
    #expect(forecast.intervalCount == 0)
  }

  @Test func oneIntervalIsShrunkTowardsThePrior() throws {
    let events = [
      EmptyingEvent(time: SyntheticFillSeries.monday, fillBefore: 60),
      EmptyingEvent(time: SyntheticFillSeries.monday.addingTimeInterval(86_400), fillBefore: 90),
    ]
    let configuration = ForecastConfiguration(fitsPostEmptyingJump: false)
    let forecast = try FillForecaster(configuration: configuration)
      .fit(BinHistory(binID: "one", emptyings: events), prior: FleetPrior(ratePerDay: 30))
    #expect(forecast.rateSource == .bin)
    #expect(abs(forecast.ratePerDay - 60) < 1e-9)
  }

  @Test func censoredIntervalsAreLeftOut() throws {
    let start = SyntheticFillSeries.monday
    let events = (0..<6).map { index in
      EmptyingEvent(time: start.addingTimeInterval(Double(index) * 86_400), fillBefore: index == 3 ? 100 : 20)
    }
    let intervals = FillInterval.intervals(of: BinHistory(binID: "capped", emptyings: events),
                                           configuration: ForecastConfiguration())
    #expect(intervals.count == 4)
    #expect(intervals.allSatisfy { $0.rise == 20 && $0.startsAtReset })
  }

  @Test func fleetPriorPoolsBins() throws {
    let histories = (0..<4).map { index in
      BinHistory(binID: "\(index)",
                 emptyings: SyntheticFillSeries.emptyings(count: 20, jump: 30, rate: 10, seed: UInt64(index)))
    }
    let prior = try FillForecaster(configuration: ForecastConfiguration(usesWeekdayPattern: false))
      .fleetPrior(from: histories)
    #expect(abs(prior.ratePerDay - 10) < 1e-6)
    #expect(abs(prior.postEmptyingJump - 30) < 1e-6)
    #expect(prior.intervalCount == 76)
    #expect(prior.weekdayFactors == [1, 1, 1, 1, 1, 1, 1])
  }

  @Test func weightedQuantileHandChecked() {
    #expect(weightedQuantile([3, 1, 2], weights: [1, 1, 1], 0.5) == 2)
    #expect(weightedQuantile([1, 2, 3, 4], weights: [1, 1, 1, 1], 0.5) == 2.5)
    #expect(weightedQuantile([1, 10], weights: [3, 1], 0.5) == 1)
    #expect(weightedQuantile([5], weights: [0], 0.5) == nil)
  }
}
