import Foundation

/// The settings of a ``FillForecaster``; the defaults suit Enevo-style litter-bin sensors.
public struct ForecastConfiguration: Sendable, Hashable, Codable {
  /// Fill levels above this are rejected as absurd, in percent of the sensor's scale.
  public var maximumPlausibleFill: Double
  /// The sensor's cap, in percent: a fill at or above it only says "at least this full", so an interval
  /// ending (or starting) there is censored and left out of the rate fit.
  public var censoringLimit: Double
  /// A fall between consecutive observations larger than this, in percentage points, is taken as an
  /// undeclared emptying (a reset); smaller falls are sensor noise and count as negative rises.
  public var resetDrop: Double
  /// Intervals longer than this, in days, are gaps (sensor offline, bin out of use) and are left out.
  public var maximumGapDays: Double
  /// Intervals shorter than this, in days, are left out (their rates are dominated by sensor noise).
  public var minimumIntervalDays: Double
  /// The weight of the fleet-wide prior rate and jump, in intervals: the bin's fit is shrunk towards the
  /// fleet's as if by this many extra intervals that agree with it exactly.
  public var priorIntervals: Double
  /// Whether to fit a jump after each emptying (``BinForecast/postEmptyingJump``) besides the rate.
  public var fitsPostEmptyingJump: Bool
  /// Whether to fit multiplicative day-of-week factors.
  public var usesWeekdayPattern: Bool
  /// The least total exposure, in days, before a bin's own weekday factors are fitted; below it the bin
  /// uses the fleet's factors.
  public var minimumWeekdayExposureDays: Double
  /// The strength, in days of exposure per weekday, of the prior that shrinks fitted weekday factors towards
  /// the fleet's (for a bin) or towards flat (for the fleet).
  public var weekdayPriorDays: Double
  /// The time zone whose calendar days the weekday factors refer to.
  public var timeZone: TimeZone

  /// Creates a configuration.
  /// - Parameters:
  ///   - maximumPlausibleFill: Reject fills above this, percent (default 150).
  ///   - censoringLimit: The sensor's cap, percent (default 100).
  ///   - resetDrop: A fall larger than this, percentage points, is a reset (default 15).
  ///   - maximumGapDays: Longer intervals are gaps, days (default 14).
  ///   - minimumIntervalDays: Shorter intervals are ignored, days (default 1/48, half an hour).
  ///   - priorIntervals: Weight of the fleet prior rate, intervals (default 1).
  ///   - fitsPostEmptyingJump: Fit a jump after emptyings (default `true`).
  ///   - usesWeekdayPattern: Fit day-of-week factors (default `true`).
  ///   - minimumWeekdayExposureDays: Exposure before a bin's own weekday factors, days (default 21).
  ///   - weekdayPriorDays: Shrinkage of weekday factors, days per weekday (default 7).
  ///   - timeZone: The calendar's time zone (default UTC).
  public init(
    maximumPlausibleFill: Double = 150,
    censoringLimit: Double = 100,
    resetDrop: Double = 15,
    maximumGapDays: Double = 14,
    minimumIntervalDays: Double = 1.0 / 48,
    priorIntervals: Double = 1,
    fitsPostEmptyingJump: Bool = true,
    usesWeekdayPattern: Bool = true,
    minimumWeekdayExposureDays: Double = 21,
    weekdayPriorDays: Double = 7,
    timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current
  ) {
    self.maximumPlausibleFill = maximumPlausibleFill
    self.censoringLimit = censoringLimit
    self.resetDrop = resetDrop
    self.maximumGapDays = maximumGapDays
    self.minimumIntervalDays = minimumIntervalDays
    self.priorIntervals = priorIntervals
    self.fitsPostEmptyingJump = fitsPostEmptyingJump
    self.usesWeekdayPattern = usesWeekdayPattern
    self.minimumWeekdayExposureDays = minimumWeekdayExposureDays
    self.weekdayPriorDays = weekdayPriorDays
    self.timeZone = timeZone
  }
}
