import Foundation

/// The days a truck works: its working weekdays and its days off (holidays, maintenance).
///
/// JSON (both fields optional): `{"weekdays": [1, 2, 3, 4, 5], "daysOff": ["2026-12-25"]}`. Weekdays
/// are ISO 8601 numbers, 1 = Monday … 7 = Sunday; without `weekdays` the truck works every day of the
/// week. A truck without a calendar (``Truck/calendar`` `nil`) works every day.
public struct TruckCalendar: Sendable, Hashable, Codable {
  /// The working weekdays, ISO 8601 (1 = Monday … 7 = Sunday), sorted, without repeats.
  public var weekdays: [Int]
  /// Days off on working weekdays, sorted.
  public var daysOff: [CalendarDay]

  /// Creates a calendar; weekdays are sorted and repeats dropped (``Scenario/validate()`` rejects numbers
  /// outside 1...7).
  public init(weekdays: [Int] = Array(1...7), daysOff: [CalendarDay] = []) {
    self.weekdays = Array(Set(weekdays)).sorted()
    self.daysOff = Array(Set(daysOff)).sorted()
  }

  /// Monday to Friday.
  public static let mondayToFriday = TruckCalendar(weekdays: Array(1...5))
  /// Monday to Saturday.
  public static let mondayToSaturday = TruckCalendar(weekdays: Array(1...6))
  /// Every day.
  public static let everyDay = TruckCalendar()

  /// Whether the truck works on `day`.
  public func isWorking(on day: CalendarDay) -> Bool {
    weekdays.contains(day.isoWeekday) && !daysOff.contains(day)
  }

  private enum CodingKeys: String, CodingKey { case weekdays, daysOff }

  /// Decodes a calendar; missing fields mean every weekday and no day off.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    weekdays = try container.decodeIfPresent([Int].self, forKey: .weekdays) ?? Array(1...7)
    daysOff = try container.decodeIfPresent([CalendarDay].self, forKey: .daysOff) ?? []
  }

  /// Encodes a calendar, leaving out an empty list of days off.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(weekdays, forKey: .weekdays)
    if !daysOff.isEmpty { try container.encode(daysOff, forKey: .daysOff) }
  }
}

extension CalendarDay {
  /// Days since 1970-01-01 (negative before).
  public var daysSinceEpoch: Int {
    // Days from civil (Howard Hinnant's algorithm), exact for the proleptic Gregorian calendar.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The ISO 8601 weekday, 1 = Monday … 7 = Sunday.
  public var isoWeekday: Int {
    // 1970-01-01 was a Thursday (4).
    let offset = (daysSinceEpoch + 3) % 7
    return (offset + 7) % 7 + 1
  }

  /// The days from `other` to this day (negative when `other` is later).
  public func days(since other: CalendarDay) -> Int { daysSinceEpoch - other.daysSinceEpoch }
}

extension Truck {
  /// Whether the truck works on `day` (always, without a calendar).
  public func isWorking(on day: CalendarDay) -> Bool { calendar?.isWorking(on: day) ?? true }
}
