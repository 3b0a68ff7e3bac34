import Foundation

/// A bin's fitted fill model: a rate scaled by day-of-week factors, plus a jump after each emptying. It
/// predicts the fill at any time from the last known fill, and the time until a threshold is reached.
///
/// The fill rises at `ratePerDay × weekdayFactors[d]` percentage points per day while the calendar day
/// (in ``ForecastConfiguration/timeZone``) is weekday `d` (0 = Monday). A fill observed right after an
/// emptying also gains ``postEmptyingJump`` (litter-bin sensors read well above the post-emptying value
/// within hours, far faster than the steady rate). Predictions are not capped at the sensor's 100 %: a value
/// above it says how far past full the bin would be.
public struct BinForecast: Sendable, Hashable, Codable {
  /// Where the rate comes from.
  public enum RateSource: String, Sendable, Hashable, Codable {
    /// The bin's own intervals, shrunk slightly towards the fleet's rate.
    case bin
    /// The fleet prior alone: the bin has no usable interval.
    case fleetPrior
  }

  /// The bin's id.
  public var binID: String
  /// Fill rate, percentage points per day (on an average weekday).
  public var ratePerDay: Double
  /// The extra rise, percentage points, of a bin observed right after an emptying: the intercept of rise
  /// against elapsed time over intervals that start at an emptying.
  public var postEmptyingJump: Double
  /// The lower and upper quartile of the bin's per-interval rates, percentage points per day (the fleet
  /// prior's rate twice when the bin has no interval): a measure of how steady the bin is.
  public var rateQuartiles: ClosedRange<Double>
  /// Multiplicative day-of-week factors, Monday first, averaging 1.
  public var weekdayFactors: [Double]
  /// Whether the weekday factors were fitted from this bin's own data (otherwise they are the fleet's).
  public var hasOwnWeekdayPattern: Bool
  /// How many intervals (rises between observations without an emptying) the fit used.
  public var intervalCount: Int
  /// The total length of those intervals, in days.
  public var exposureDays: Double
  /// Where the rate comes from.
  public var rateSource: RateSource
  /// The time zone of the weekday calendar.
  public var timeZone: TimeZone

  /// Creates a forecast from known parameters (``FillForecaster/fit(_:prior:)`` makes them from data).
  /// - Parameters:
  ///   - binID: The bin's id.
  ///   - ratePerDay: Percentage points per day.
  ///   - postEmptyingJump: Percentage points (default 0).
  ///   - weekdayFactors: Seven factors, Monday first, averaging 1; `nil` (or a list of another length)
  ///     for flat.
  ///   - timeZone: The weekday calendar's time zone (default UTC).
  public init(binID: String, ratePerDay: Double, postEmptyingJump: Double = 0,
              weekdayFactors: [Double]? = nil, timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current)
  {
    self.binID = binID
    self.ratePerDay = ratePerDay
    self.postEmptyingJump = postEmptyingJump
    self.rateQuartiles = ratePerDay...ratePerDay
    self.weekdayFactors = FleetPrior.sevenFactors(weekdayFactors)
    self.hasOwnWeekdayPattern = false
    self.intervalCount = 0
    self.exposureDays = 0
    self.rateSource = .fleetPrior
    self.timeZone = timeZone
  }

  /// The expected steady rise in fill between two times, without the post-emptying jump, percentage points
  /// (0 if `end` is not after `start`).
  public func rise(from start: Date, to end: Date) -> Double {
    let exposure = FillInterval.weekdayExposure(
      from: start.timeIntervalSince1970, to: end.timeIntervalSince1970, timeZone: timeZone)
    var weightedDays = 0.0
    let factors = FleetPrior.sevenFactors(weekdayFactors)
    for day in 0..<7 { weightedDays += factors[day] * exposure[day] }
    return ratePerDay * weightedDays
  }

  /// The predicted fill at `time`, given the fill observed at an earlier time, in percent of the sensor's
  /// scale (not capped at 100).
  ///
  /// ```swift
  /// let forecast = BinForecast(binID: "7", ratePerDay: 20, postEmptyingJump: 30)
  /// forecast.predictedFill(at: noon.addingTimeInterval(86_400), lastFill: 10, at: noon)  // 30
  /// forecast.predictedFill(at: noon.addingTimeInterval(86_400), lastFill: 0, at: noon,
  ///                        justEmptied: true)  // 50
  /// ```
  /// - Parameters:
  ///   - time: When to predict; a time before `lastTime` returns `lastFill` (plus the jump).
  ///   - lastFill: The last known fill, percent.
  ///   - lastTime: When it was observed.
  ///   - justEmptied: Whether `lastFill` was read right after an emptying, so ``postEmptyingJump`` applies.
  public func predictedFill(at time: Date, lastFill: Double, at lastTime: Date, justEmptied: Bool = false)
    -> Double
  {
    lastFill + (justEmptied ? postEmptyingJump : 0) + rise(from: lastTime, to: time)
  }

  /// The time from `time` until the fill reaches `threshold`, in seconds: 0 if it is already there, `nil`
  /// if the bin does not fill (a rate of zero or less) or would take more than ten years.
  /// - Parameters:
  ///   - threshold: The fill to reach, percent (100 for overflow on most sensors).
  ///   - fill: The fill at `time`, percent.
  ///   - time: When `fill` was observed.
  ///   - justEmptied: Whether `fill` was read right after an emptying, so ``postEmptyingJump`` applies
  ///     (at once: the jump comes within hours).
  /// - Note: Day boundaries use the time zone's UTC offset at `time` throughout, so a daylight-saving change
  ///   on the way shifts them by an hour at most.
  /// - Complexity: O(days until the threshold).
  public func timeUntil(fill threshold: Double, from fill: Double, at time: Date, justEmptied: Bool = false)
    -> TimeInterval?
  {
    var remaining = threshold - fill - (justEmptied ? postEmptyingJump : 0)
    if remaining <= 0 { return 0 }
    let factors = FleetPrior.sevenFactors(weekdayFactors)
    guard ratePerDay > 0, factors.contains(where: { $0 > 0 }) else { return nil }
    let start = time.timeIntervalSince1970
    let offset = Double(timeZone.secondsFromGMT(for: time))
    var local = start + offset
    let horizon = local + 3_650 * 86_400
    while local < horizon {
      let day = (local / 86_400).rounded(.down)
      let next = (day + 1) * 86_400
      let ratePerSecond = ratePerDay * factors[FillInterval.weekday(ofUnixDay: day)] / 86_400
      let gain = ratePerSecond * (next - local)
      if ratePerSecond > 0 && gain >= remaining {
        return local + remaining / ratePerSecond - offset - start
      }
      remaining -= gain
      local = next
    }
    return nil
  }

  /// The days from `time` until the fill reaches `threshold` (default 100 %, overflow); see
  /// ``timeUntil(fill:from:at:justEmptied:)``.
  public func daysUntil(fill threshold: Double = 100, from fill: Double, at time: Date,
                        justEmptied: Bool = false) -> Double?
  {
    timeUntil(fill: threshold, from: fill, at: time, justEmptied: justEmptied).map { $0 / 86_400 }
  }
}
