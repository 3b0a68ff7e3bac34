/// How a truck may use one OSM way: class, allowed directions and speed.
struct WayRules: Sendable, Hashable {
  var roadClass: RoadClass
  var forward: Bool
  var backward: Bool
  /// Travel speed in km/h, already capped by the profile's top speed.
  var speed: Double

  /// Interprets a way's tags for `profile`; `nil` when the truck may not use the way at all.
  init?(tags: [String: String], profile: TruckProfile) {
    guard let highway = tags["highway"], let roadClass = RoadClass(highway: highway) else { return nil }
    if tags["area"] == "yes" { return nil }
    if roadClass == .service && !profile.usesServiceRoads { return nil }
    guard Self.accessAllowed(tags: tags, profile: profile) else { return nil }
    if Self.limitBelow(tags["maxheight"] ?? tags["maxheight:physical"], profile.height, parse: Self.metres) {
      return nil
    }
    if Self.limitBelow(tags["maxwidth"], profile.width, parse: Self.metres) { return nil }
    if Self.limitBelow(tags["maxlength"], profile.length, parse: Self.metres) { return nil }
    if Self.limitBelow(tags["maxweight"], profile.weight, parse: Self.tonnes) { return nil }
    if Self.limitBelow(tags["maxweight:hgv"], profile.weight, parse: Self.tonnes) { return nil }

    let oneway = tags["oneway:hgv"] ?? tags["oneway"]
    // Lanes whose direction changes over the day cannot be planned on.
    if oneway == "reversible" || oneway == "alternating" { return nil }
    self.roadClass = roadClass
    let impliedOneway =
      highway == "motorway" || highway == "motorway_link"
      || tags["junction"] == "roundabout" || tags["junction"] == "circular"
    switch oneway {
    case "yes", "true", "1":
      (forward, backward) = (true, false)
    case "-1", "reverse":
      (forward, backward) = (false, true)
    case "no", "false", "0":
      (forward, backward) = (true, true)
    default:
      (forward, backward) = impliedOneway ? (true, false) : (true, true)
    }
    let limit = (tags["maxspeed:hgv"] ?? tags["maxspeed"]).flatMap(Self.speedLimit) ?? roadClass.defaultSpeed
    speed = max(1, min(limit, profile.topSpeed))
  }

  // MARK: - Access

  private static func accessAllowed(tags: [String: String], profile: TruckProfile) -> Bool {
    // The most specific key wins: hgv over motor_vehicle over vehicle over access.
    for key in ["hgv", "motor_vehicle", "vehicle", "access"] {
      guard let value = tags[key] else { continue }
      switch value {
      case "yes", "designated", "destination", "delivery", "permissive", "official", "discouraged":
        return true
      case "private", "customers", "permit":
        return profile.usesPrivateRoads
      default:
        return false
      }
    }
    return true
  }

  private static func limitBelow(_ tag: String?, _ value: Double, parse: (String) -> Double?) -> Bool {
    guard let tag, let limit = parse(tag) else { return false }
    return limit < value
  }

  // MARK: - Parsing values

  /// Parses `3.5`, `3.5 m`, `3,5`, `11'6"`, `12 ft`; `nil` for `none`, `default` and the like.
  static func metres(_ text: String) -> Double? {
    let trimmed = text.trimmingSpaces()
    if let feetMark = trimmed.firstIndex(of: "'") {
      guard let feet = Double(trimmed[..<feetMark].trimmingSpaces()) else { return nil }
      let rest = trimmed[trimmed.index(after: feetMark)...].filter { $0.isNumber || $0 == "." }
      let inches = Double(rest) ?? 0
      return feet * 0.3048 + inches * 0.0254
    }
    let (number, unit) = splitNumber(trimmed)
    guard let number else { return nil }
    switch unit {
    case "", "m": return number
    case "ft": return number * 0.3048
    case "cm": return number / 100
    default: return nil
    }
  }

  /// Parses `7.5`, `7.5 t`, `7500 kg`, `10 st`; `nil` for values that are not weights.
  static func tonnes(_ text: String) -> Double? {
    let (number, unit) = splitNumber(text.trimmingSpaces())
    guard let number else { return nil }
    switch unit {
    case "", "t": return number
    case "kg": return number / 1000
    case "st": return number * 0.907_185
    case "lbs": return number * 0.000_453_592
    default: return nil
    }
  }

  /// Parses a `maxspeed` value in km/h: `50`, `30 mph`, `DE:urban`, `walk`; `nil` when unknown or `none`.
  static func speedLimit(_ text: String) -> Double? {
    let trimmed = text.trimmingSpaces()
    let (number, unit) = splitNumber(trimmed)
    if let number, number > 0 {
      switch unit {
      case "", "km/h", "kmh", "kph": return number
      case "mph": return number * 1.609_344
      case "knots": return number * 1.852
      default: return nil
      }
    }
    if trimmed == "walk" { return 7 }
    let zone = trimmed.split(separator: ":").last.map(String.init) ?? trimmed
    switch zone {
    case "urban": return 50
    case "rural": return 90
    case "living_street": return 7
    case "bicycle_road": return 30
    default:
      if zone.hasPrefix("zone"), let value = Double(zone.dropFirst(4).filter(\.isNumber)) { return value }
      return nil
    }
  }

  private static func splitNumber(_ text: String) -> (Double?, String) {
    var digits = ""
    var rest = Substring(text)
    while let c = rest.first, c.isNumber || c == "." || c == "," {
      digits.append(c == "," ? "." : c)
      rest = rest.dropFirst()
    }
    return (Double(digits), rest.trimmingSpaces().lowercased())
  }
}

extension StringProtocol {
  func trimmingSpaces() -> String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
