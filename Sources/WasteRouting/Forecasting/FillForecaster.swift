import Foundation

/// Fits each bin's fill model from its history of readings and emptyings.
///
/// The model: between emptyings the fill rises at `rate × factor[weekday]` percentage points per day, and
/// an interval that starts right after an emptying also gains a fixed `jump` (see
/// ``BinForecast/postEmptyingJump``). An *interval* is the stretch between two consecutive observations with
/// no emptying in between; its rise is the regression target and its weekday-weighted length the regressor.
///
/// - **Noise**: `jump` and `rate` come from a Huber-weighted least-squares fit, so outlying intervals lose
///   influence.
/// - **Resets**: an emptying, a reading flagged `isAfterEmptying` or a fall larger than
///   ``ForecastConfiguration/resetDrop`` ends an interval and starts a new one (which gets the jump).
/// - **Gaps and censoring**: intervals longer than ``ForecastConfiguration/maximumGapDays`` or touching the
///   sensor's cap (``ForecastConfiguration/censoringLimit``) are left out.
/// - **Weekdays**: multiplicative factors fitted by expectation–maximisation (each interval's rise beyond
///   the jump is shared among the weekdays it spans in proportion to the current factors), then shrunk
///   towards the fleet's factors by a prior worth ``ForecastConfiguration/weekdayPriorDays`` days per
///   weekday. A bin with less than ``ForecastConfiguration/minimumWeekdayExposureDays`` of data keeps the
///   fleet's factors; the fleet's own are shrunk towards flat the same way.
/// - **Little history**: the fit is shrunk towards the fleet prior, worth
///   ``ForecastConfiguration/priorIntervals`` intervals; a bin without intervals gets the prior.
///
/// ```swift
/// let forecaster = FillForecaster()
/// let prior = try forecaster.fleetPrior(from: histories)
/// let forecast = try forecaster.fit(histories[0], prior: prior)
/// let days = forecast.daysUntil(from: 0, at: lastEmptying, justEmptied: true)
/// ```
public struct FillForecaster: Sendable {
  /// The settings.
  public var configuration: ForecastConfiguration

  /// Creates a forecaster.
  public init(configuration: ForecastConfiguration = ForecastConfiguration()) {
    self.configuration = configuration
  }

  /// The fleet-wide prior from many bins' histories: the robust fit of all their intervals pooled, and
  /// (if ``ForecastConfiguration/usesWeekdayPattern``) weekday factors pooled over all bins.
  ///
  /// - Parameters:
  ///   - histories: The bins' histories.
  ///   - fallbackRatePerDay: The rate, percentage points per day, when no history has a usable interval.
  /// - Throws: ``ForecastError`` for the first invalid history.
  /// - Complexity: O(*n* log *n*) in the number of intervals.
  public func fleetPrior(from histories: [BinHistory], fallbackRatePerDay: Double = 0)
    throws(ForecastError) -> FleetPrior
  {
    var perBin: [[FillInterval]] = []
    for history in histories {
      try history.validate(maximumFill: configuration.maximumPlausibleFill)
      let intervals = FillInterval.intervals(of: history, configuration: configuration)
      if !intervals.isEmpty { perBin.append(intervals) }
    }
    let pooled = perBin.flatMap { $0 }
    let none = JumpAndRate(jump: 0, rate: fallbackRatePerDay)
    guard let flat = fit(pooled, factors: FleetPrior.flat, prior: none, priorStrength: 0) else {
      return FleetPrior(ratePerDay: fallbackRatePerDay)
    }
    guard configuration.usesWeekdayPattern else {
      return FleetPrior(ratePerDay: flat.rate, postEmptyingJump: flat.jump, intervalCount: pooled.count)
    }
    var binFits: [JumpAndRate] = []
    binFits.reserveCapacity(pooled.count)
    for intervals in perBin {
      let own = fit(intervals, factors: FleetPrior.flat, prior: flat,
                    priorStrength: configuration.priorIntervals)
      binFits += repeatElement(own ?? flat, count: intervals.count)
    }
    let factors = fitWeekdayFactors(pooled, fits: binFits, prior: FleetPrior.flat)
    let weighted = fit(pooled, factors: factors, prior: none, priorStrength: 0) ?? flat
    return FleetPrior(ratePerDay: weighted.rate, postEmptyingJump: weighted.jump, weekdayFactors: factors,
                      intervalCount: pooled.count)
  }

  /// Fits one bin.
  ///
  /// - Parameters:
  ///   - history: The bin's readings and emptyings.
  ///   - prior: The fleet prior (see ``fleetPrior(from:fallbackRatePerDay:)``).
  /// - Returns: The bin's rate, jump, weekday factors and fit summary.
  /// - Throws: ``ForecastError`` naming the bin and the first invalid value.
  /// - Complexity: O(*n* log *n*) in the number of readings and emptyings.
  public func fit(_ history: BinHistory, prior: FleetPrior) throws(ForecastError) -> BinForecast {
    try history.validate(maximumFill: configuration.maximumPlausibleFill)
    let intervals = FillInterval.intervals(of: history, configuration: configuration)
    let priorFactors = configuration.usesWeekdayPattern ? FleetPrior.sevenFactors(prior.weekdayFactors) : FleetPrior.flat
    let priorFit = JumpAndRate(jump: configuration.fitsPostEmptyingJump ? prior.postEmptyingJump : 0,
                               rate: prior.ratePerDay)
    var forecast = BinForecast(binID: history.binID, ratePerDay: priorFit.rate,
                               postEmptyingJump: priorFit.jump, weekdayFactors: priorFactors,
                               timeZone: configuration.timeZone)
    guard !intervals.isEmpty,
      var own = fit(intervals, factors: priorFactors, prior: priorFit,
                    priorStrength: configuration.priorIntervals)
    else { return forecast }
    let exposure = intervals.reduce(0.0) { $0 + $1.days }
    var factors = priorFactors
    if configuration.usesWeekdayPattern && exposure >= configuration.minimumWeekdayExposureDays {
      factors = fitWeekdayFactors(intervals, fits: Array(repeating: own, count: intervals.count),
                                  prior: priorFactors)
      own = fit(intervals, factors: factors, prior: priorFit, priorStrength: configuration.priorIntervals)
        ?? own
      forecast.hasOwnWeekdayPattern = true
    }
    forecast.ratePerDay = own.rate
    forecast.postEmptyingJump = own.jump
    forecast.weekdayFactors = factors
    var rates: [Double] = []
    var weights: [Double] = []
    for interval in intervals {
      let weighted = interval.weightedDays(factors)
      guard weighted > 0 else { continue }
      rates.append((interval.rise - (interval.startsAtReset ? own.jump : 0)) / weighted)
      weights.append(interval.days)
    }
    let lower = weightedQuantile(rates, weights: weights, 0.25) ?? own.rate
    let upper = weightedQuantile(rates, weights: weights, 0.75) ?? own.rate
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

  /// The robust jump-and-rate fit of `intervals` with the given weekday factors.
  func fit(_ intervals: [FillInterval], factors: [Double], prior: JumpAndRate, priorStrength: Double)
    -> JumpAndRate?
  {
    let samples = intervals.map {
      RegressionSample(startsAtReset: $0.startsAtReset ? 1 : 0, weightedDays: $0.weightedDays(factors),
                       rise: $0.rise)
    }
    return fitJumpAndRate(samples, fitsJump: configuration.fitsPostEmptyingJump, prior: prior,
                          priorStrength: priorStrength)
  }

  /// Day-of-week factors (Monday first, mean 1) by expectation–maximisation, shrunk towards `prior`.
  ///
  /// Each step shares every interval's rise beyond its jump (negative parts count as 0) among its weekdays
  /// in proportion to `factor × exposure`, and sets each factor to the shared rise over the rise the
  /// interval's rate predicts for that weekday at factor 1. The estimate for weekday `d` is then blended
  /// with `prior[d]` with weights (exposure on `d`) and ``ForecastConfiguration/weekdayPriorDays``.
  func fitWeekdayFactors(_ intervals: [FillInterval], fits: [JumpAndRate], prior: [Double]) -> [Double] {
    var exposure = [Double](repeating: 0, count: 7)
    for interval in intervals {
      for day in 0..<7 { exposure[day] += interval.weekdayExposure[day] }
    }
    var factors = prior
    for _ in 0..<8 {
      var shared = [Double](repeating: 0, count: 7)
      var expected = [Double](repeating: 0, count: 7)
      for (interval, fit) in zip(intervals, fits) where fit.rate > 0 {
        let weighted = interval.weightedDays(factors)
        guard weighted > 0 else { continue }
        let rise = max(0, interval.rise - (interval.startsAtReset ? fit.jump : 0))
        for day in 0..<7 {
          shared[day] += rise * factors[day] * interval.weekdayExposure[day] / weighted
          expected[day] += fit.rate * interval.weekdayExposure[day]
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
