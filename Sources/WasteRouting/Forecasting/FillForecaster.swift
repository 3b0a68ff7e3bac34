import Foundation

/// Fits each bin's fill rate and weekday pattern from its history of readings and emptyings.
///
/// The model: between emptyings the fill rises at `rate × factor[weekday]` percentage points per day.
///
/// - **Noise**: the rate is the exposure-weighted median of the per-interval rates (an interval is the
///   stretch between two consecutive observations without an emptying), so a few wild intervals move it
///   little, and a long interval counts more than a short, noise-dominated one.
/// - **Resets**: an emptying, a reading flagged `isAfterEmptying` or a fall larger than
///   ``ForecastConfiguration/resetDrop`` starts a new interval.
/// - **Gaps and censoring**: intervals longer than ``ForecastConfiguration/maximumGapDays`` or touching the
///   sensor's cap (``ForecastConfiguration/censoringLimit``) are left out.
/// - **Weekdays**: multiplicative factors fitted by expectation–maximisation (each interval's rise is
///   shared among the weekdays it spans in proportion to the current factors), then shrunk towards the
///   fleet's factors by a prior worth ``ForecastConfiguration/weekdayPriorDays`` days per weekday. A bin
///   with less than ``ForecastConfiguration/minimumWeekdayExposureDays`` of data keeps the fleet's
///   factors; the fleet's own are shrunk towards flat the same way.
/// - **Little history**: the rate is blended with the fleet prior, which weighs
///   ``ForecastConfiguration/priorIntervals`` intervals; a bin without intervals gets the prior.
///
/// ```swift
/// let forecaster = FillForecaster()
/// let prior = try forecaster.fleetPrior(from: histories)
/// let forecast = try forecaster.fit(histories[0], prior: prior)
/// let days = forecast.daysUntil(from: 35, at: lastReadingTime)
/// ```
public struct FillForecaster: Sendable {
  /// The settings.
  public var configuration: ForecastConfiguration

  /// Creates a forecaster.
  public init(configuration: ForecastConfiguration = ForecastConfiguration()) {
    self.configuration = configuration
  }

  /// The fleet-wide prior from many bins' histories: the exposure-weighted median of all their interval
  /// rates, and (if ``ForecastConfiguration/usesWeekdayPattern``) weekday factors pooled over all bins.
  ///
  /// - Parameters:
  ///   - histories: The bins' histories.
  ///   - fallbackRatePerDay: The rate, percentage points per day, when no history has a usable interval.
  /// - Throws: ``ForecastError`` for the first invalid history.
  /// - Complexity: O(*n* log *n*) in the number of intervals.
  public func fleetPrior(from histories: [BinHistory], fallbackRatePerDay: Double = 0)
    throws(ForecastError) -> FleetPrior
  {
    var intervals: [FillInterval] = []
    var binRates: [Double] = []
    for history in histories {
      try history.validate(maximumFill: configuration.maximumPlausibleFill)
      let own = FillInterval.intervals(of: history, configuration: configuration)
      guard let rate = Self.medianRate(own, factors: FleetPrior.flat) else { continue }
      intervals += own
      binRates += repeatElement(rate, count: own.count)
    }
    guard let rate = Self.medianRate(intervals, factors: FleetPrior.flat) else {
      return FleetPrior(ratePerDay: fallbackRatePerDay)
    }
    guard configuration.usesWeekdayPattern else {
      return FleetPrior(ratePerDay: rate, intervalCount: intervals.count)
    }
    let factors = fitWeekdayFactors(intervals, rates: binRates, prior: FleetPrior.flat)
    let weightedRate = Self.medianRate(intervals, factors: factors) ?? rate
    return FleetPrior(ratePerDay: weightedRate, weekdayFactors: factors, intervalCount: intervals.count)
  }

  /// Fits one bin.
  ///
  /// - Parameters:
  ///   - history: The bin's readings and emptyings.
  ///   - prior: The fleet prior (see ``fleetPrior(from:fallbackRatePerDay:)``).
  /// - Returns: The bin's rate, weekday factors and fit summary.
  /// - Throws: ``ForecastError`` naming the bin and the first invalid value.
  /// - Complexity: O(*n* log *n*) in the number of readings and emptyings.
  public func fit(_ history: BinHistory, prior: FleetPrior) throws(ForecastError) -> BinForecast {
    try history.validate(maximumFill: configuration.maximumPlausibleFill)
    let intervals = FillInterval.intervals(of: history, configuration: configuration)
    let priorFactors = configuration.usesWeekdayPattern ? prior.weekdayFactors : FleetPrior.flat
    var forecast = BinForecast(binID: history.binID, ratePerDay: prior.ratePerDay,
                               weekdayFactors: priorFactors, timeZone: configuration.timeZone)
    guard let flatRate = Self.medianRate(intervals, factors: priorFactors) else { return forecast }
    let exposure = intervals.reduce(0.0) { $0 + $1.days }
    var factors = priorFactors
    var ownRate = flatRate
    if configuration.usesWeekdayPattern && exposure >= configuration.minimumWeekdayExposureDays {
      factors = fitWeekdayFactors(intervals, rates: Array(repeating: flatRate, count: intervals.count),
                                  prior: priorFactors)
      ownRate = Self.medianRate(intervals, factors: factors) ?? flatRate
      forecast.hasOwnWeekdayPattern = true
    }
    let count = Double(intervals.count)
    forecast.ratePerDay = (count * ownRate + configuration.priorIntervals * prior.ratePerDay)
      / (count + configuration.priorIntervals)
    forecast.weekdayFactors = factors
    let rates = intervals.map { $0.rise / max($0.weightedDays(factors), .leastNormalMagnitude) }
    let weights = intervals.map(\.days)
    let lower = weightedQuantile(rates, weights: weights, 0.25) ?? ownRate
    let upper = weightedQuantile(rates, weights: weights, 0.75) ?? ownRate
    forecast.rateQuartiles = min(lower, upper)...max(lower, upper)
    forecast.intervalCount = intervals.count
    forecast.exposureDays = exposure
    forecast.rateSource = .bin
    return forecast
  }

  /// Fits every bin against the fleet prior of all of them.
  /// - Throws: ``ForecastError`` for the first invalid history.
  public func fit(_ histories: [BinHistory]) throws(ForecastError) -> [BinForecast] {
    let prior = try fleetPrior(from: histories)
    var forecasts: [BinForecast] = []
    forecasts.reserveCapacity(histories.count)
    for history in histories { forecasts.append(try fit(history, prior: prior)) }
    return forecasts
  }

  // MARK: - Estimation

  /// The exposure-weighted median of `rise / weighted days`, percentage points per day.
  static func medianRate(_ intervals: [FillInterval], factors: [Double]) -> Double? {
    var rates: [Double] = []
    var weights: [Double] = []
    rates.reserveCapacity(intervals.count)
    weights.reserveCapacity(intervals.count)
    for interval in intervals {
      let weighted = interval.weightedDays(factors)
      guard weighted > 0 else { continue }
      rates.append(interval.rise / weighted)
      weights.append(interval.days)
    }
    return weightedQuantile(rates, weights: weights, 0.5)
  }

  /// Day-of-week factors (Monday first, mean 1) by expectation–maximisation, shrunk towards `prior`.
  ///
  /// Each step shares every interval's rise (negative rises count as 0) among its weekdays in proportion
  /// to `factor × exposure`, and sets each factor to the shared rise over the rise the interval's rate
  /// predicts for that weekday at factor 1. The estimate for weekday `d` is then blended with `prior[d]`
  /// with weights (exposure on `d`) and ``ForecastConfiguration/weekdayPriorDays``.
  func fitWeekdayFactors(_ intervals: [FillInterval], rates: [Double], prior: [Double]) -> [Double] {
    var exposure = [Double](repeating: 0, count: 7)
    for interval in intervals {
      for day in 0..<7 { exposure[day] += interval.weekdayExposure[day] }
    }
    var factors = prior
    for _ in 0..<8 {
      var shared = [Double](repeating: 0, count: 7)
      var expected = [Double](repeating: 0, count: 7)
      for (interval, rate) in zip(intervals, rates) where rate > 0 {
        let weighted = interval.weightedDays(factors)
        guard weighted > 0 else { continue }
        let rise = max(0, interval.rise)
        for day in 0..<7 {
          shared[day] += rise * factors[day] * interval.weekdayExposure[day] / weighted
          expected[day] += rate * interval.weekdayExposure[day]
        }
      }
      var next = prior
      for day in 0..<7 where expected[day] > 0 {
        let estimate = shared[day] / expected[day]
        let strength = configuration.weekdayPriorDays
        next[day] = (exposure[day] * estimate + strength * prior[day]) / (exposure[day] + strength)
      }
      let mean = next.reduce(0, +) / 7
      guard mean > 0 else { return prior }
      factors = next.map { $0 / mean }
    }
    return factors
  }
}
