/// Where trucks are parked: each truck leaves its depot at the start of its shift and returns at the end.
///
/// Named `FleetDepot` because ``Depot`` is the routing model's location type.
/// JSON: `{"id": "north", "lon": 24.94, "lat": 60.17}`.
public struct FleetDepot: Sendable, Hashable, Codable {
  /// The id trucks refer to.
  public var id: String
  /// Longitude, degrees (WGS 84).
  public var lon: Double
  /// Latitude, degrees (WGS 84).
  public var lat: Double

  /// Creates a depot.
  public init(id: String, lon: Double, lat: Double) {
    self.id = id
    self.lon = lon
    self.lat = lat
  }

  /// The position as a coordinate (x = longitude).
  public var coordinate: Coordinate { Coordinate(x: lon, y: lat) }
}

/// A landfill, incinerator or transfer station where trucks unload the fractions it accepts.
///
/// Named `DisposalFacility` because ``DisposalSite`` is the routing model's type.
/// JSON: `{"id": "incinerator", "lon": 24.9, "lat": 60.2, "fractions": ["residual"],
/// "openingHours": {"from": "06:00", "to": "18:00"}, "unloadTime": 900}`.
public struct DisposalFacility: Sendable, Hashable, Codable {
  /// The id plans refer to.
  public var id: String
  /// Longitude, degrees (WGS 84).
  public var lon: Double
  /// Latitude, degrees (WGS 84).
  public var lat: Double
  /// The fractions it accepts (ids of ``Scenario/fractions``).
  public var fractions: [String]
  /// When unloading may start (default all day).
  public var openingHours: ClockWindow
  /// How long unloading takes, in seconds (default 900).
  public var unloadTime: Int

  /// Creates a disposal facility.
  public init(
    id: String, lon: Double, lat: Double, fractions: [String], openingHours: ClockWindow = .allDay,
    unloadTime: Int = 900
  ) {
    self.id = id
    self.lon = lon
    self.lat = lat
    self.fractions = fractions
    self.openingHours = openingHours
    self.unloadTime = unloadTime
  }

  /// The position as a coordinate (x = longitude).
  public var coordinate: Coordinate { Coordinate(x: lon, y: lat) }

  private enum CodingKeys: String, CodingKey {
    case id, lon, lat, fractions, openingHours, unloadTime
  }

  /// Decodes a facility; `openingHours` and `unloadTime` may be omitted.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    lon = try container.decode(Double.self, forKey: .lon)
    lat = try container.decode(Double.self, forKey: .lat)
    fractions = try container.decode([String].self, forKey: .fractions)
    openingHours = try container.decodeIfPresent(ClockWindow.self, forKey: .openingHours) ?? .allDay
    unloadTime = try container.decodeIfPresent(Int.self, forKey: .unloadTime) ?? 900
  }
}
