import Foundation
import Testing

@testable import WasteRouting

@Suite struct SelectionTests {
  /// Selection with known rates: bin fills of 95, 55 and 15 % read at 05:00; 25 h to the next opportunity
  /// (tomorrow 06:00), 9 h to the end of today's shift (14:00).
  func selections(rates: [Double], policy: SelectionPolicy = SmallCity.scenario.selection) -> [BinSelection] {
    var scenario = SmallCity.scenario
    scenario.selection = policy
    let forecasts = zip(scenario.bins, rates).map { BinForecast(binID: $0.id, ratePerDay: $1) }
    return BinSelector(scenario: scenario).select(forecasts: forecasts)
  }

  @Test func requiredOptionalSkipped() throws {
    let result = selections(rates: [24, 12, 12])
    #expect(result.map(\.status) == [.required, .optional, .skipped])
    // A: 95 + 24 × 25/24 = 120 by tomorrow 06:00; 95 + 24 × 9/24 = 104 at 14:00 today.
    #expect(abs(result[0].predictedFillAtNextOpportunity - 120) < 1e-9)
    #expect(abs(result[0].predictedFillToday - 104) < 1e-9)
    // Leaving A out costs a later visit (6) plus 0.1 per litre beyond 100 %: 240 L × 20 % = 48 L.
    #expect(abs(result[0].prize - (6 + 0.1 * 48)) < 1e-9)
    #expect(result[2].prize == 0)
    #expect(result[0].reason.contains("overflows at 100 %"))
    // B: 55 + 12.5 = 67.5 by tomorrow (optional); today 55 + 4.5 = 59.5, so the prize is 6 × 0.595.
    #expect(abs(result[1].predictedFillAtNextOpportunity - 67.5) < 1e-9)
    #expect(abs(result[1].prize - 6 * 0.595) < 1e-9)
    #expect(result[1].reason.contains("above the optional threshold 60 %"))
    // C: 15 + 12.5 = 27.5, below 60.
    #expect(result[2].reason.contains("below the optional threshold 60 %"))
  }

  @Test func requiredBinsThatOverflowMoreAreWorthMore() throws {
    var scenario = SmallCity.scenario
    scenario.bins[1].readings[1].fill = 95
    scenario.bins[2].capacity = 240
    scenario.bins[2].readings[1].fill = 95
    // Same bins, same last fill, faster filling: more litres beyond 100 % by tomorrow, a higher prize.
    let forecasts = zip(scenario.bins, [24.0, 48, 96]).map { BinForecast(binID: $0.id, ratePerDay: $1) }
    let result = BinSelector(scenario: scenario).select(forecasts: forecasts)
    #expect(result.map(\.status) == [.required, .required, .required])
    #expect(result[0].prize < result[1].prize && result[1].prize < result[2].prize)
    var cheap = scenario
    cheap.selection.overflowLitreValue = 0
    let flat = BinSelector(scenario: cheap).select(forecasts: forecasts)
    #expect(flat.map(\.prize) == [6, 6, 6])
  }

  @Test func selectionNeverTrapsOnAnInvalidScenario() {
    var scenario = SmallCity.scenario
    scenario.trucks = []
    scenario.bins[0].readings = []
    let result = BinSelector(scenario: scenario).select(forecasts: [])
    #expect(result.count == 3)
  }

  @Test func daysUntilOverflowCountFromTheShiftStart() throws {
    let result = selections(rates: [24, 12, 12])
    // A reaches 100 at 05:00 + 5/24 days = 10:00, which is 4 h after the 06:00 shift start.
    #expect(abs(result[0].daysUntilOverflow! - 4.0 / 24) < 1e-4)
    #expect(selections(rates: [0, 0, 0])[0].daysUntilOverflow == nil)
  }

  @Test func thresholdsAreInclusive() throws {
    // With no rise, A stays at 95 % and B at 55 %: exactly on the thresholds below.
    let exact = SelectionPolicy(
      overflowFill: 95, optionalFill: 55, nextCollectionInDays: 1, savedVisitValue: 6)
    #expect(selections(rates: [0, 0, 0], policy: exact).map(\.status) == [.required, .optional, .skipped])
    let above = SelectionPolicy(
      overflowFill: 95.1, optionalFill: 55.1, nextCollectionInDays: 1, savedVisitValue: 6)
    #expect(selections(rates: [0, 0, 0], policy: above).map(\.status) == [.optional, .skipped, .skipped])
  }

  @Test func longerHorizonMakesMoreBinsRequired() throws {
    let policy = SelectionPolicy(
      overflowFill: 100, optionalFill: 60, nextCollectionInDays: 7, savedVisitValue: 6)
    // C: 15 + 12 × (6 + 25/24) ≈ 99.5 stays optional; at 13 per day it would overflow.
    #expect(
      selections(rates: [12, 12, 12], policy: policy).map(\.status) == [.required, .required, .optional])
    #expect(
      selections(rates: [12, 12, 13], policy: policy).map(\.status) == [.required, .required, .required])
  }

  @Test func binOfAFractionNoTruckCarriesIsSkippedWithAReason() throws {
    var scenario = SmallCity.scenario
    scenario.fractions.append(Fraction(id: "glass", density: 0.3))
    scenario.bins[0].fraction = "glass"
    let forecasts = scenario.bins.map { BinForecast(binID: $0.id, ratePerDay: 50) }
    let result = BinSelector(scenario: scenario).select(forecasts: forecasts)
    #expect(result[0].status == .skipped)
    #expect(result[0].reason == "no truck carries fraction \"glass\"")
  }

  @Test func emptyingAfterTheLastReadingRestartsTheForecast() throws {
    var scenario = SmallCity.scenario
    scenario.bins[0].emptyings = [EmptyingEvent(time: SmallCity.time("2026-11-27T05:30:00Z"), fillBefore: 96)]
    let forecasts = scenario.bins.map { BinForecast(binID: $0.id, ratePerDay: 24) }
    let result = BinSelector(scenario: scenario).select(forecasts: forecasts)
    // From 0 % at 05:30: 24 × 24.5/24 = 24.5 % by tomorrow 06:00.
    #expect(abs(result[0].predictedFillAtNextOpportunity - 24.5) < 1e-9)
    #expect(result[0].status == .skipped)
  }

  @Test func fittedForecastsFollowTheReadings() throws {
    let selector = BinSelector(scenario: SmallCity.scenario)
    let forecasts = selector.forecasts()
    #expect(forecasts.map(\.binID) == ["A", "B", "C"])
    // Each bin rose over 23 h; its fitted rate lies between its own rise rate and the fleet's.
    #expect(
      forecasts[0].ratePerDay > forecasts[1].ratePerDay && forecasts[1].ratePerDay > forecasts[2].ratePerDay)
    #expect(selector.select(forecasts: forecasts).map(\.status) == [.required, .optional, .skipped])
  }
}
