/// The class of a drivable road, from OSM's `highway` tag, ordered from least to most important.
public enum RoadClass: Int, Sendable, Hashable, Codable, Comparable, CaseIterable {
  /// `highway=service`.
  case service
  /// `highway=living_street`.
  case livingStreet
  /// `highway=residential`, and `highway=road` (unknown class).
  case residential
  /// `highway=unclassified`.
  case unclassified
  /// `highway=tertiary` and `tertiary_link`.
  case tertiary
  /// `highway=secondary` and `secondary_link`.
  case secondary
  /// `highway=primary` and `primary_link`.
  case primary
  /// `highway=trunk` and `trunk_link`.
  case trunk
  /// `highway=motorway` and `motorway_link`.
  case motorway

  /// The class for an OSM `highway` value, or `nil` when vehicles do not drive there.
  public init?(highway: String) {
    switch highway {
    case "motorway", "motorway_link": self = .motorway
    case "trunk", "trunk_link": self = .trunk
    case "primary", "primary_link": self = .primary
    case "secondary", "secondary_link": self = .secondary
    case "tertiary", "tertiary_link": self = .tertiary
    case "unclassified": self = .unclassified
    case "residential", "road": self = .residential
    case "living_street": self = .livingStreet
    case "service": self = .service
    default: return nil
    }
  }

  /// The speed assumed without a usable `maxspeed` tag, in km/h.
  public var defaultSpeed: Double {
    switch self {
    case .motorway: 90
    case .trunk: 80
    case .primary: 65
    case .secondary: 55
    case .tertiary: 45
    case .unclassified: 35
    case .residential: 30
    case .livingStreet: 10
    case .service: 15
    }
  }

  /// Orders classes by importance.
  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
