/// Locale-independent text for the map writers: numbers, clock times and escaped strings.
enum MapText {
  /// `value` rounded to `digits` decimals, without trailing zeros (`"24.9351"`, `"-3"`, `"0.5"`).
  ///
  /// Uses integer arithmetic, so the result does not depend on the locale or the platform's `printf`.
  /// Non-finite values give `"0"`; callers drop them before writing.
  static func decimal(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e18 else { return String(Int64(value.rounded())) }
    let units = UInt64(scaled)
    let whole = units / UInt64(scale)
    var fraction = String(units % UInt64(scale))
    if digits > 0 {
      fraction = String(repeating: "0", count: digits - fraction.count) + fraction
      while fraction.last == "0" { fraction.removeLast() }
    }
    let sign = value < 0 && units != 0 ? "-" : ""
    return fraction.isEmpty || digits == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
  }

  /// Seconds after midnight as `HH:MM`, rounding down to the minute; hours go past 23 for the next day
  /// (`"25:05"`), and negative times get a minus sign.
  static func clock(_ seconds: Int) -> String {
    let minutes = abs(seconds) / 60
    let hours = minutes / 60
    let text = (hours < 10 ? "0" : "") + "\(hours):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
    return seconds < 0 ? "-" + text : text
  }

  /// A JSON string literal, quotes included (RFC 8259: `"` `\` and control characters escaped).
  static func json(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case let c where c.value < 0x20:
        let hex = String(c.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  /// `text` safe inside XML character data and attribute values (`&<>"'` escaped); characters XML 1.0
  /// forbids (most control characters) are dropped.
  static func xml(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      case let c where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF: continue
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
