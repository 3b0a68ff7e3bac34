import Foundation

/// A walk-forward test of fill forecasts against recorded emptyings, with naive baselines.
///
/// For every bin and every emptying `k` with at least `warmUp` earlier emptying-to-emptying intervals, each
/// method predicts the fill just before emptying `k` from data known at emptying `k − 1` only: the bin's
/// emptyings `0 ..< k` (and readings up to emptying `k − 1`), and a fleet prior fitted on every bin's
/// emptyings before 00:00 UTC of the day of emptying `k − 1`. Nothing later is seen.
///
/// **Censoring**: a recorded fill at or above ``ForecastConfiguration/censoringLimit`` (Edinburgh's sensors
/// cap at 100) only says "at least this full", so such targets are left out of the errors and counted in
/// ``censoredTargetCount``. Every prediction is capped at that limit, as the sensor would.
public struct ForecastEvaluation: Sendable, Hashable, Codable {
  /// The error of one method over all evaluated emptyings.
  public struct MethodScore: Sendable, Hashable, Codable {
    /// The method's name.
    public var name: String
    /// How many predictions were scored.
    public var predictionCount: Int
    /// Mean absolute error, percentage points.
    public var meanAbsoluteError: Double
    /// Root mean square error, percentage points.
    public var rootMeanSquareError: Double
    /// Mean of prediction minus recorded fill, percentage points (positive: over-predicts).
    public var meanError: Double
  }

  /// One score per method, in the order of ``methodNames``.
  public var scores: [MethodScore]
  /// How many bins had at least one emptying.
  public var binCount: Int
  /// How many emptyings the log holds.
  public var emptyingCount: Int
  /// How many emptyings were skipped because their bin had fewer than `warmUp` earlier intervals.
  public var warmUpSkipCount: Int
  /// How many otherwise evaluable emptyings were left out because the recorded fill was censored.
  public var censoredTargetCount: Int
  /// The warm-up: earlier emptying-to-emptying intervals needed before an emptying is predicted.
  public var warmUp: Int

  /// The methods, in the order of ``scores``.
  public static let methodNames = [
    "forecaster: jump + rate, weekday factors",
    "forecaster: jump + rate, flat",
    "forecaster: rate only, flat",
    "naive: previous fill-before",
    "naive: fleet mean rate x elapsed",
    "naive: bin's mean fill-before so far",
  ]

  /// Runs the evaluation.
  ///
  /// - Parameters:
  ///   - histories: The bins' histories (``EmptyingLog/read(csvAtPath:timeZone:)`` makes them from a log).
  ///   - configuration: The forecaster's settings; the first method uses them as given, the others with
  ///     ``ForecastConfiguration/usesWeekdayPattern`` off, the third also without
  ///     ``ForecastConfiguration/fitsPostEmptyingJump``.
  ///   - warmUp: Earlier intervals a bin needs before its next emptying is predicted (values below 1
  ///     count as 1).
  /// - Throws: ``ForecastError`` for the first invalid history.
  /// - Complexity: O(*e*² ) per bin with *e* emptyings, plus one fleet fit per calendar day.
  public static func run(on histories: [BinHistory], configuration: ForecastConfiguration, warmUp: Int = 3)
    throws(ForecastError) -> ForecastEvaluation
  {
    var predictions: [Prediction] = []
    var evaluation = try walkForward(on: histories, configuration: configuration, warmUp: warmUp,
                                     predictions: &predictions)
    let limit = configuration.censoringLimit
    evaluation.scores = methodNames.indices.map { method in
      let errors = predictions.map { min($0.values[method], limit) - $0.target }
      let count = Double(max(errors.count, 1))
      return MethodScore(
        name: methodNames[method], predictionCount: errors.count,
        meanAbsoluteError: errors.reduce(0) { $0 + abs($1) } / count,
        rootMeanSquareError: (errors.reduce(0) { $0 + $1 * $1 } / count).squareRoot(),
        meanError: errors.reduce(0, +) / count)
    }
    return evaluation
  }

  /// The fleet priors of the three forecaster variants and the fleet's mean rate (pp/day), at one cutoff.
  typealias FleetPriors = (weekday: FleetPrior, flat: FleetPrior, rateOnly: FleetPrior, meanRate: Double)

  /// One scored emptying: every method's uncapped prediction of its fill before.
  struct Prediction: Equatable, Sendable {
    var binID: String
    /// The emptying's index in its bin's history.
    var index: Int
    /// The time of the previous emptying, when the prediction is made.
    var madeAt: Date
    /// The recorded fill before the emptying, percent.
    var target: Double
    /// One prediction per method, percent, in the order of ``methodNames``.
    var values: [Double]
  }

  /// The walk itself: appends one row per scored emptying and returns the counts (without scores).
  static func walkForward(on histories: [BinHistory], configuration: ForecastConfiguration, warmUp: Int,
                          predictions rows: inout [Prediction]) throws(ForecastError) -> ForecastEvaluation
  {
    let warmUp = max(1, warmUp)
    for history in histories { try history.validate(maximumFill: configuration.maximumPlausibleFill) }
    var flatConfiguration = configuration
    flatConfiguration.usesWeekdayPattern = false
    var rateOnlyConfiguration = flatConfiguration
    rateOnlyConfiguration.fitsPostEmptyingJump = false
    let weekdayForecaster = FillForecaster(configuration: configuration)
    let flatForecaster = FillForecaster(configuration: flatConfiguration)
    let rateOnlyForecaster = FillForecaster(configuration: rateOnlyConfiguration)
    let limit = configuration.censoringLimit

    var priorCache: [Double: FleetPriors] = [:]
    func priors(before cutoff: Double) throws(ForecastError) -> FleetPriors {
      if let cached = priorCache[cutoff] { return cached }
      let known = histories.map { history in
        BinHistory(binID: history.binID,
                   readings: history.readings.filter { $0.time.timeIntervalSince1970 < cutoff },
                   emptyings: history.emptyings.filter { $0.time.timeIntervalSince1970 < cutoff })
      }
      let weekday = try weekdayForecaster.fleetPrior(from: known)
      let flat = try flatForecaster.fleetPrior(from: known)
      let rateOnly = try rateOnlyForecaster.fleetPrior(from: known)
      var rise = 0.0
      var days = 0.0
      for history in known {
        for interval in FillInterval.intervals(of: history, configuration: flatConfiguration) {
          rise += interval.rise
          days += interval.days
        }
      }
      let result = (weekday: weekday, flat: flat, rateOnly: rateOnly, meanRate: days > 0 ? rise / days : 0)
      priorCache[cutoff] = result
      return result
    }

    var evaluation = ForecastEvaluation(scores: [], binCount: 0, emptyingCount: 0, warmUpSkipCount: 0,
                                        censoredTargetCount: 0, warmUp: warmUp)
    for history in histories where !history.emptyings.isEmpty {
      evaluation.binCount += 1
      let emptyings = history.emptyings
      evaluation.emptyingCount += emptyings.count
      for k in emptyings.indices {
        guard k - 1 >= warmUp else {
          evaluation.warmUpSkipCount += 1
          continue
        }
        let target = emptyings[k].fillBefore
        guard target < limit else {
          evaluation.censoredTargetCount += 1
          continue
        }
        let previous = emptyings[k - 1]
        let start = previous.time.timeIntervalSince1970
        let known = BinHistory(
          binID: history.binID,
          readings: history.readings.filter { $0.time.timeIntervalSince1970 <= start },
          emptyings: Array(emptyings[..<k]))
        let fleet = try priors(before: (start / 86_400).rounded(.down) * 86_400)
        let elapsedDays = emptyings[k].time.timeIntervalSince(previous.time) / 86_400
        let earlier = emptyings[..<k].map(\.fillBefore)
        func predict(_ forecaster: FillForecaster, _ prior: FleetPrior) throws(ForecastError) -> Double {
          try forecaster.fit(known, prior: prior)
            .predictedFill(at: emptyings[k].time, lastFill: previous.fillAfter, at: previous.time,
                           justEmptied: true)
        }
        let predictions = [
          try predict(weekdayForecaster, fleet.weekday),
          try predict(flatForecaster, fleet.flat),
          try predict(rateOnlyForecaster, fleet.rateOnly),
          previous.fillBefore,
          previous.fillAfter + fleet.meanRate * elapsedDays,
          earlier.reduce(0, +) / Double(earlier.count),
        ]
        rows.append(Prediction(binID: history.binID, index: k, madeAt: previous.time, target: target,
                               values: predictions))
      }
    }
    return evaluation
  }
}
