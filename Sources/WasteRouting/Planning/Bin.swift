import Foundation

/// A waste container at a fixed place, with its fill-level history.
///
/// JSON (optional fields shown with their defaults):
/// ```json
/// {"id": "B17", "lon": 24.9412, "lat": 60.1702, "capacity": 240, "fraction": "residual",
///  "readings": [{"time": "2026-11-26T06:00:00Z", "fill": 35}, {"time": "2026-11-27T05:30:00Z", "fill": 52}],
///  "emptyings": [], "serviceTime": 60, "timeWindows": [], "kerbside": "either", "access": []}
/// ```
/// Reading and emptying times are ISO 8601 text, with or without a fraction of a second and with `Z` or
/// an offset; the bin writes them itself (in UTC), so a plain `JSONEncoder` and `JSONDecoder` read and
/// write this form without any date strategy. Fills are percent of the bin (see ``FillReading``).
public struct Bin: Sendable, Hashable, Codable {
  /// Which side of the road the truck must stop on.
  public enum Kerbside: String, Sendable, Hashable, Codable, CaseIterable {
    /// Either side: the crew may cross the street.
    case either
    /// The bin's own side: the truck arrives with the bin on its kerb side (right in right-hand traffic).
    case sameSide
  }

  /// The bin's id, unique in the scenario.
  public var id: String
  /// Longitude, degrees (WGS 84).
  public var lon: Double
  /// Latitude, degrees (WGS 84).
  public var lat: Double
  /// Volume in litres.
  public var capacity: Double
  /// The id of its fraction.
  public var fraction: String
  /// Fill-level sensor readings, strictly increasing in time; at least one.
  public var readings: [FillReading]
  /// Known emptyings, strictly increasing in time (optional).
  public var emptyings: [EmptyingEvent]
  /// Seconds at the bin: walking to it, lifting, emptying and putting it back.
  public var serviceTime: Int
  /// When it may be emptied (for example not before 07:00 in a residential street); empty means any time.
  public var timeWindows: [ClockWindow]
  /// Which side of the road the truck must stop on.
  public var kerbside: Kerbside
  /// Equipment a truck needs to empty it (for example `"crane"` for underground containers); trucks list
  /// theirs in ``Truck/equipment``.
  public var access: [String]

  /// Creates a bin.
  public init(
    id: String, lon: Double, lat: Double, capacity: Double, fraction: String, readings: [FillReading],
    emptyings: [EmptyingEvent] = [], serviceTime: Int = 60, timeWindows: [ClockWindow] = [],
    kerbside: Kerbside = .either, access: [String] = []
  ) {
    self.id = id
    self.lon = lon
    self.lat = lat
    self.capacity = capacity
    self.fraction = fraction
    self.readings = readings
    self.emptyings = emptyings
    self.serviceTime = serviceTime
    self.timeWindows = timeWindows
    self.kerbside = kerbside
    self.access = access
  }

  /// The position as a coordinate (x = longitude).
  public var coordinate: Coordinate { Coordinate(x: lon, y: lat) }

  /// The history the forecaster fits.
  public var history: BinHistory { BinHistory(binID: id, readings: readings, emptyings: emptyings) }

  private enum CodingKeys: String, CodingKey {
    case id, lon, lat, capacity, fraction, readings, emptyings, serviceTime, timeWindows, kerbside, access
  }

  /// A reading as the scenario spells it: ISO 8601 time.
  private struct ReadingRecord: Codable {
    var time: ScenarioTime
    var fill: Double
    var afterEmptying: Bool?
  }

  /// An emptying as the scenario spells it: ISO 8601 time.
  private struct EmptyingRecord: Codable {
    var time: ScenarioTime
    var fillBefore: Double
    var fillAfter: Double?
  }

  /// An instant written as ISO 8601 text by the type itself, so that a plain `JSONEncoder` and
  /// `JSONDecoder` read and write scenario files without a date strategy (one set on the coder is not
  /// used): read with or without fraction and offset, written in UTC with the fewest fraction digits
  /// that read back as the same instant.
  private struct ScenarioTime: Codable {
    var date: Date

    init(_ date: Date) { self.date = date }

    init(from decoder: any Decoder) throws {
      let text = try decoder.singleValueContainer().decode(String.self)
      guard let date = ISO8601Time.parse(text) else {
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: decoder.codingPath,
            debugDescription: "\"\(text)\" is not an ISO 8601 time such as 2026-11-27T06:30:00Z"))
      }
      self.date = date
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(ISO8601Time.exactUTCText(date))
    }
  }

  /// Decodes a bin; see the type's description for the defaults.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    lon = try container.decode(Double.self, forKey: .lon)
    lat = try container.decode(Double.self, forKey: .lat)
    capacity = try container.decode(Double.self, forKey: .capacity)
    fraction = try container.decode(String.self, forKey: .fraction)
    readings = try container.decode([ReadingRecord].self, forKey: .readings).map {
      FillReading(time: $0.time.date, fill: $0.fill, isAfterEmptying: $0.afterEmptying ?? false)
    }
    emptyings = try (container.decodeIfPresent([EmptyingRecord].self, forKey: .emptyings) ?? []).map {
      EmptyingEvent(time: $0.time.date, fillBefore: $0.fillBefore, fillAfter: $0.fillAfter ?? 0)
    }
    serviceTime = try container.decodeIfPresent(Int.self, forKey: .serviceTime) ?? 60
    timeWindows = try container.decodeIfPresent([ClockWindow].self, forKey: .timeWindows) ?? []
    kerbside = try container.decodeIfPresent(Kerbside.self, forKey: .kerbside) ?? .either
    access = try container.decodeIfPresent([String].self, forKey: .access) ?? []
  }

  /// Encodes a bin, leaving out fields at their defaults.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(lon, forKey: .lon)
    try container.encode(lat, forKey: .lat)
    try container.encode(capacity, forKey: .capacity)
    try container.encode(fraction, forKey: .fraction)
    try container.encode(
      readings.map {
        ReadingRecord(
          time: ScenarioTime($0.time), fill: $0.fill, afterEmptying: $0.isAfterEmptying ? true : nil)
      },
      forKey: .readings)
    if !emptyings.isEmpty {
      try container.encode(
        emptyings.map {
          EmptyingRecord(time: ScenarioTime($0.time), fillBefore: $0.fillBefore, fillAfter: $0.fillAfter)
        },
        forKey: .emptyings)
    }
    if serviceTime != 60 { try container.encode(serviceTime, forKey: .serviceTime) }
    if !timeWindows.isEmpty { try container.encode(timeWindows, forKey: .timeWindows) }
    if kerbside != .either { try container.encode(kerbside, forKey: .kerbside) }
    if !access.isEmpty { try container.encode(access, forKey: .access) }
  }
}
