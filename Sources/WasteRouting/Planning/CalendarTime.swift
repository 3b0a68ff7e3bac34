import Foundation

/// A calendar day, such as the planning date `2026-11-27`, independent of any time zone.
///
/// JSON: the string `"YYYY-MM-DD"`.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// The year, for example 2026.
  public var year: Int
  /// The month, 1...12.
  public var month: Int
  /// The day of the month, 1...31.
  public var day: Int

  /// Creates a day; `nil` when the date does not exist (for example 2026-02-30).
  public init?(year: Int, month: Int, day: Int) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0)!
    let components = DateComponents(year: year, month: month, day: day)
    guard (1...12).contains(month), (1...31).contains(day), let date = calendar.date(from: components),
      calendar.component(.day, from: date) == day
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `"YYYY-MM-DD"`; `nil` when the text is not such a date.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// The day's midnight in `timeZone`.
  ///
  /// A day whose fields were set to one the calendar cannot represent (a year beyond its range) gives
  /// the proleptic Gregorian midnight in UTC, computed without the calendar.
  public func start(in timeZone: TimeZone) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    if let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) { return date }
    return Date(timeIntervalSince1970: Double(Self.daysSince1970(year: year, month: month, day: day)) * 86_400)
  }

  /// Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's `days_from_civil`), in floating
  /// point so that no field can overflow it.
  static func daysSince1970(year: Int, month: Int, day: Int) -> Double {
    let m = Double(month), d = Double(day)
    let y = Double(year) - (m <= 2 ? 1 : 0)
    let era = (y >= 0 ? y : y - 399) / 400
    let wholeEra = era.rounded(.towardZero)
    let yearOfEra = y - wholeEra * 400
    let dayOfYear = ((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5).rounded(.down) + d - 1
    let dayOfEra = yearOfEra * 365 + (yearOfEra / 4).rounded(.down) - (yearOfEra / 100).rounded(.down) + dayOfYear
    return wholeEra * 146_097 + dayOfEra - 719_468
  }

  /// The day `days` later (earlier when negative); the same day when the result is beyond the calendar.
  public func adding(days: Int) -> CalendarDay {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
    guard let date = calendar.date(byAdding: .day, value: days, to: start(in: calendar.timeZone)) else { return self }
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    guard let year = parts.year, let month = parts.month, let day = parts.day,
      let result = CalendarDay(year: year, month: month, day: day)
    else { return self }
    return result
  }

  /// The time `time` of this day in `timeZone` (a time past 24:00 falls on the next day).
  public func date(at time: ClockTime, in timeZone: TimeZone) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let midnight = start(in: timeZone)
    return calendar.date(byAdding: .second, value: time.secondsAfterMidnight, to: midnight)
      ?? midnight.addingTimeInterval(Double(time.secondsAfterMidnight))
  }

  /// `YYYY-MM-DD`.
  public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

  /// Orders days in time.
  public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

  /// Decodes `"YYYY-MM-DD"`.
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let day = CalendarDay(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a date YYYY-MM-DD"))
    }
    self = day
  }

  /// Encodes `"YYYY-MM-DD"`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// A time of day, in seconds after midnight; up to 48:00 so that night shifts can end the next morning.
///
/// JSON: `"HH:MM"` or `"HH:MM:SS"`.
public struct ClockTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// Seconds after midnight, 0...172 800 (``range``).
  public var secondsAfterMidnight: Int

  /// The valid seconds after midnight: up to 48:00.
  public static let range = 0...172_800

  /// Whether the time lies in ``range``; ``Scenario/validate()`` rejects one that does not.
  public var isValid: Bool { Self.range.contains(secondsAfterMidnight) }

  /// Creates a time from seconds after midnight. A value outside ``range`` is kept as given (it never
  /// traps); ``Scenario/validate()`` names the field that holds it.
  public init(secondsAfterMidnight: Int) {
    self.secondsAfterMidnight = secondsAfterMidnight
  }

  /// Creates a time from hours, minutes and seconds (saturating instead of overflowing).
  public init(hours: Int, minutes: Int = 0, seconds: Int = 0) {
    func saturated(_ value: (partialValue: Int, overflow: Bool), _ sign: Bool) -> Int {
      value.overflow ? (sign ? .max : .min) : value.partialValue
    }
    let h = saturated(hours.multipliedReportingOverflow(by: 3_600), hours >= 0)
    let m = saturated(minutes.multipliedReportingOverflow(by: 60), minutes >= 0)
    let hm = saturated(h.addingReportingOverflow(m), h >= 0)
    self.init(secondsAfterMidnight: saturated(hm.addingReportingOverflow(seconds), hm >= 0))
  }

  /// Parses `"HH:MM"` or `"HH:MM:SS"`; `nil` for anything else or a time past 48:00.
  public init?(_ text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
      let hours = Int(parts[0]), let minutes = Int(parts[1]), minutes < 60
    else { return nil }
    let seconds = parts.count == 3 ? Int(parts[2]) : 0
    guard let seconds, seconds < 60, hours >= 0 else { return nil }
    let total = hours * 3_600 + minutes * 60 + seconds
    guard total <= 172_800 else { return nil }
    self.init(secondsAfterMidnight: total)
  }

  /// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
  public var description: String {
    let hours = secondsAfterMidnight / 3_600
    let minutes = secondsAfterMidnight / 60 % 60
    let seconds = secondsAfterMidnight % 60
    return seconds == 0
      ? String(format: "%02d:%02d", hours, minutes)
      : String(format: "%02d:%02d:%02d", hours, minutes, seconds)
  }

  /// Orders times of day.
  public static func < (a: Self, b: Self) -> Bool { a.secondsAfterMidnight < b.secondsAfterMidnight }

  /// Decodes `"HH:MM"` or `"HH:MM:SS"`.
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let time = ClockTime(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a time of day HH:MM"))
    }
    self = time
  }

  /// Encodes `"HH:MM"` or `"HH:MM:SS"`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// A stretch of a day from one time to another, both included: a shift, opening hours, a time window.
///
/// JSON: `{"from": "06:00", "to": "14:00"}`.
public struct ClockWindow: Sendable, Hashable, Codable, CustomStringConvertible {
  /// When it opens.
  public var from: ClockTime
  /// When it closes (not before ``from``; ``Scenario/validate()`` checks).
  public var to: ClockTime

  /// Creates a window.
  public init(from: ClockTime, to: ClockTime) {
    self.from = from
    self.to = to
  }

  /// The whole day, 00:00 to 24:00.
  public static let allDay = ClockWindow(from: ClockTime(hours: 0), to: ClockTime(hours: 24))

  /// Whether `time` lies inside the window.
  public func contains(_ time: ClockTime) -> Bool { from <= time && time <= to }

  /// `HH:MM–HH:MM`.
  public var description: String { "\(from)–\(to)" }

  /// The routing model's window, in seconds after midnight.
  var timeWindow: TimeWindow {
    TimeWindow(earliest: Int64(from.secondsAfterMidnight), latest: Int64(to.secondsAfterMidnight))
  }
}
