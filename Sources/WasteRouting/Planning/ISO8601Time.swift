import Foundation

/// Reads and writes the ISO 8601 times of scenario and plan files (`2026-11-27T06:30:00Z`,
/// `2026-11-27T08:30:00.5+02:00`) without a date formatter, so the coders' strategies stay `Sendable`.
enum ISO8601Time {
  /// The instant written as `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, or `nil`.
  static func parse(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
      bytes[16] == UInt8(ascii: ":")
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for k in range {
        guard k < bytes.count, (48...57).contains(bytes[k]) else { return nil }
        value = value * 10 + Int(bytes[k] - 48)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
      let calendarDay = CalendarDay(year: year, month: month, day: day), hour < 24, minute < 60, second < 61
    else { return nil }
    var k = 19
    var fraction = 0.0
    if k < bytes.count, bytes[k] == UInt8(ascii: ".") {
      k += 1
      var scale = 0.1
      let start = k
      while k < bytes.count, (48...57).contains(bytes[k]) {
        fraction += Double(bytes[k] - 48) * scale
        scale /= 10
        k += 1
      }
      guard k > start else { return nil }
    }
    guard k < bytes.count else { return nil }
    var offset = 0
    if bytes[k] == UInt8(ascii: "Z") {
      guard k + 1 == bytes.count else { return nil }
    } else {
      guard bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-"), k + 6 == bytes.count,
        bytes[k + 3] == UInt8(ascii: ":"), let hours = number((k + 1)..<(k + 3)),
        let minutes = number((k + 4)..<(k + 6))
      else { return nil }
      offset = (hours * 3_600 + minutes * 60) * (bytes[k] == UInt8(ascii: "-") ? -1 : 1)
    }
    let midnight = calendarDay.start(in: TimeZone(secondsFromGMT: 0)!)
    return midnight.addingTimeInterval(Double(hour * 3_600 + minute * 60 + second - offset) + fraction)
  }

  /// The instant in `timeZone`'s local time with its offset, to the second
  /// (`2026-11-27T08:30:00+02:00`; `Z` for UTC).
  static func format(_ date: Date, in timeZone: TimeZone) -> String {
    let rounded = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded())
    let offset = timeZone.secondsFromGMT(for: rounded)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0)!
    let parts = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second], from: rounded.addingTimeInterval(Double(offset)))
    let stamp = String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
      parts.minute!,
      parts.second!)
    guard offset != 0 else { return stamp + "Z" }
    let sign = offset < 0 ? "-" : "+"
    return stamp + String(format: "%@%02d:%02d", sign, abs(offset) / 3_600, abs(offset) / 60 % 60)
  }

  /// The instant in UTC with the fewest fraction digits (none for a whole second; nine suffice this
  /// century, more near 2001, when a `Date` holds finer fractions) that ``parse(_:)`` reads back as
  /// exactly the same `Date` (`2026-11-27T06:30:00Z`, `2026-11-27T06:30:00.25Z`): the text of times that
  /// must survive a round trip unchanged.
  static func exactUTCText(_ date: Date) -> String {
    // Whole seconds since 2001 are whole seconds since 1970, and the fraction is exact when taken from
    // the reference-date count the `Date` holds.
    let seconds = date.timeIntervalSinceReferenceDate
    let whole = seconds.rounded(.down)
    let fraction = seconds - whole
    let stamp = String(
      format(Date(timeIntervalSinceReferenceDate: whole), in: TimeZone(secondsFromGMT: 0)!).dropLast())
    guard fraction > 0 else { return stamp + "Z" }
    for digits in 1...15 {
      let scale = pow(10, Double(digits))
      for value in [(fraction * scale).rounded(.down), (fraction * scale).rounded(.up)] where value < scale {
        let candidate = stamp + "." + String(format: "%0\(digits).0f", value) + "Z"
        if parse(candidate) == date { return candidate }
      }
    }
    return stamp + String(format: ".%09.0f", (fraction * 1e9).rounded(.down)) + "Z"
  }

  /// A decoding strategy for these times.
  static let decoding = JSONDecoder.DateDecodingStrategy.custom { decoder in
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let date = parse(text) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription: "\"\(text)\" is not an ISO 8601 time such as 2026-11-27T06:30:00Z"))
    }
    return date
  }

  /// An encoding strategy writing times in `timeZone`.
  static func encoding(in timeZone: TimeZone) -> JSONEncoder.DateEncodingStrategy {
    .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(format(date, in: timeZone))
    }
  }
}

/// Turns a decoding error into a JSON path and the `id` of the nearest enclosing object.
enum JSONPath {
  /// `bins[12].readings[3].fill` for a coding path.
  static func string(_ path: [any CodingKey]) -> String {
    var result = ""
    for key in path {
      if let index = key.intValue {
        result += "[\(index)]"
      } else {
        result += result.isEmpty ? key.stringValue : "." + key.stringValue
      }
    }
    return result.isEmpty ? "$" : result
  }

  /// The `id` string of the innermost object along `path` in `data` that has one.
  static func enclosingID(_ path: [any CodingKey], in data: Data) -> String? {
    guard var value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
      return nil
    }
    var id: String?
    for key in path {
      if let object = value as? [String: Any] {
        if let own = object["id"] as? String { id = own }
        guard let next = object[key.stringValue] else { return id }
        value = next
      } else if let array = value as? [Any], let index = key.intValue, array.indices.contains(index) {
        value = array[index]
      } else {
        return id
      }
    }
    if let object = value as? [String: Any], let own = object["id"] as? String { id = own }
    return id
  }

  /// A scenario error for a decoding error.
  static func scenarioError(_ error: DecodingError, data: Data) -> ScenarioError {
    func location(_ path: [any CodingKey]) -> ScenarioLocation {
      ScenarioLocation(string(path), id: enclosingID(path, in: data))
    }
    switch error {
    case .keyNotFound(let key, let context):
      return .malformed(location(context.codingPath + [key]), reason: "missing field \"\(key.stringValue)\"")
    case .typeMismatch(let type, let context):
      return .malformed(location(context.codingPath), reason: "expected \(describe(type))")
    case .valueNotFound(let type, let context):
      return .malformed(location(context.codingPath), reason: "expected \(describe(type)), found null")
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty { return .notJSON(reason: context.debugDescription) }
      return .malformed(location(context.codingPath), reason: context.debugDescription)
    @unknown default:
      return .malformed(ScenarioLocation("$"), reason: "\(error)")
    }
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Double.Type, is Int.Type: "a number"
    case is Bool.Type: "true or false"
    default: String(describing: type).hasPrefix("Array") ? "a list" : "an object"
    }
  }
}
