import Foundation

/// What happened during the day since a plan was made: the input of a re-plan (``Replanner``).
///
/// Version 1 (`"format": "waste-routing-events", "version": 1`). `now` is the time of the re-plan; the
/// events at or before it apply, in time order (later ones are ignored, so one file can hold a whole day
/// and be replayed hour by hour). Times are ISO 8601 with an offset.
///
/// ```json
/// {
///   "format": "waste-routing-events", "version": 1, "now": "2026-11-27T11:00:00+01:00",
///   "events": [
///     {"time": "2026-11-27T10:55:00+01:00", "kind": "truckStatus", "truck": "HD1",
///      "position": {"lon": 8.6921, "lat": 49.4077}, "litres": 5200, "kilograms": 470},
///     {"time": "2026-11-27T10:40:00+01:00", "kind": "binsDone", "bins": ["HD-B0012"]},
///     {"time": "2026-11-27T11:00:00+01:00", "kind": "truckOutOfService", "truck": "HD3"},
///     {"time": "2026-11-27T10:30:00+01:00", "kind": "binsAdded", "newBins": [{"id": "U1", "lon": 8.69,
///      "lat": 49.41, "capacity": 1100, "fraction": "residual", "readings": []}]},
///     {"time": "2026-11-27T10:30:00+01:00", "kind": "binsCancelled", "bins": ["HD-B0100"]},
///     {"time": "2026-11-27T09:00:00+01:00", "kind": "roadClosed", "road": "works", "way": 4230921},
///     {"time": "2026-11-27T09:00:00+01:00", "kind": "roadClosed", "road": "crash", "at": {"lon": 8.70, "lat": 49.41}},
///     {"time": "2026-11-27T10:45:00+01:00", "kind": "roadReopened", "road": "crash"}
///   ]
/// }
/// ```
///
/// - `truckStatus`: where the truck is (`position`, optional: else where the plan has it) and what it
///   carries (`litres`, `kilograms`, optional: else what the plan says), at `time`.
/// - `binsDone`: bins emptied outside the plan (by any truck); they are not planned again.
/// - `truckOutOfService`: the truck stops at `time`: its stops begun before then are kept, the rest go to
///   other trucks.
/// - `binsAdded`: new bins, as in the scenario's `bins`; one without readings is taken as full at `time`
///   (an urgent bin: required today).
/// - `binsCancelled`: bins that must not be emptied today (unless already emptied).
/// - `roadClosed`: closes the roads of OSM way `way` and/or the road nearest `at`, under the name
///   `road`; `roadReopened` lifts the closure of that name. A closed road costs 11.6 days of travel
///   (``RoadNetwork``): trucks drive around it, and a bin reachable only over it is left out.
public struct ReplanEvents: Sendable, Hashable, Codable {
  /// The value of `"format"`.
  public static let formatName = "waste-routing-events"
  /// The version this library writes and reads.
  public static let version = 1

  /// The kinds of events.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A truck's position and load.
    case truckStatus
    /// Bins emptied outside the plan.
    case binsDone
    /// A truck stopped working.
    case truckOutOfService
    /// New (urgent) bins.
    case binsAdded
    /// Bins not to be emptied today.
    case binsCancelled
    /// A road closed.
    case roadClosed
    /// A closed road open again.
    case roadReopened
  }

  /// A longitude and latitude, in degrees.
  public struct Position: Sendable, Hashable, Codable {
    /// Longitude.
    public var lon: Double
    /// Latitude.
    public var lat: Double

    /// Creates a position.
    public init(lon: Double, lat: Double) {
      self.lon = lon
      self.lat = lat
    }

    /// The position as a coordinate (x longitude, y latitude).
    public var coordinate: Coordinate { Coordinate(x: lon, y: lat) }
  }

  /// One event; which fields it has depends on its ``kind``.
  public struct Event: Sendable, Hashable, Codable {
    /// When it happened.
    public var time: Date
    /// What happened.
    public var kind: Kind
    /// The truck (`truckStatus`, `truckOutOfService`).
    public var truck: String?
    /// The truck's position (`truckStatus`), or the point of a closed road (`roadClosed`, as `at`).
    public var position: Position?
    /// Litres on board (`truckStatus`).
    public var litres: Double?
    /// Kilograms on board (`truckStatus`).
    public var kilograms: Double?
    /// Bin ids (`binsDone`, `binsCancelled`).
    public var bins: [String]?
    /// New bins (`binsAdded`).
    public var newBins: [Bin]?
    /// The closure's name (`roadClosed`, `roadReopened`).
    public var road: String?
    /// The OSM way to close (`roadClosed`).
    public var way: Int64?

    /// Creates an event.
    public init(
      time: Date, kind: Kind, truck: String? = nil, position: Position? = nil, litres: Double? = nil,
      kilograms: Double? = nil, bins: [String]? = nil, newBins: [Bin]? = nil, road: String? = nil, way: Int64? = nil
    ) {
      self.time = time
      self.kind = kind
      self.truck = truck
      self.position = position
      self.litres = litres
      self.kilograms = kilograms
      self.bins = bins
      self.newBins = newBins
      self.road = road
      self.way = way
    }

    private enum CodingKeys: String, CodingKey {
      case time, kind, truck, position, at, litres, kilograms, bins, newBins, road, way
    }

    /// Decodes an event (`at` is the position of a `roadClosed`).
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      time = try PlanTime.decode(container, .time)
      let kind = try container.decode(String.self, forKey: .kind)
      guard let known = Kind(rawValue: kind) else {
        throw DecodingError.dataCorruptedError(
          forKey: .kind, in: container,
          debugDescription: "\"\(kind)\" is not an event kind (\(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      self.kind = known
      truck = try container.decodeIfPresent(String.self, forKey: .truck)
      position =
        try container.decodeIfPresent(Position.self, forKey: .position)
        ?? container.decodeIfPresent(Position.self, forKey: .at)
      litres = try container.decodeIfPresent(Double.self, forKey: .litres)
      kilograms = try container.decodeIfPresent(Double.self, forKey: .kilograms)
      bins = try container.decodeIfPresent([String].self, forKey: .bins)
      newBins = try container.decodeIfPresent([Bin].self, forKey: .newBins)
      road = try container.decodeIfPresent(String.self, forKey: .road)
      way = try container.decodeIfPresent(Int64.self, forKey: .way)
    }

    /// Encodes the event's fields.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(ISO8601Time.exactUTCText(time), forKey: .time)
      try container.encode(kind, forKey: .kind)
      try container.encodeIfPresent(truck, forKey: .truck)
      try container.encodeIfPresent(position, forKey: kind == .roadClosed ? .at : .position)
      try container.encodeIfPresent(litres, forKey: .litres)
      try container.encodeIfPresent(kilograms, forKey: .kilograms)
      try container.encodeIfPresent(bins, forKey: .bins)
      try container.encodeIfPresent(newBins, forKey: .newBins)
      try container.encodeIfPresent(road, forKey: .road)
      try container.encodeIfPresent(way, forKey: .way)
    }
  }

  /// The time of the re-plan.
  public var now: Date
  /// The events, in any order.
  public var events: [Event]

  /// Creates an events record.
  public init(now: Date, events: [Event]) {
    self.now = now
    self.events = events
  }

  /// The events at or before ``now``, in time order (stable for equal times).
  public var applying: [Event] {
    events.enumerated().filter { $0.element.time <= now }
      .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
  }

  private enum CodingKeys: String, CodingKey { case format, version, now, events }

  /// Decodes a version 1 events file.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try container.checkDocumentHeader(format: .format, name: Self.formatName, version: .version, version: Self.version)
    now = try PlanTime.decode(container, .now)
    events = try container.decode([Event].self, forKey: .events)
  }

  /// Encodes the file with its format and version.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.formatName, forKey: .format)
    try container.encode(Self.version, forKey: .version)
    try container.encode(ISO8601Time.exactUTCText(now), forKey: .now)
    try container.encode(events, forKey: .events)
  }

  /// Reads an events file.
  ///
  /// - Throws: ``ReplanError/events(file:path:message:)`` naming the JSON path.
  public static func load(path: String) throws(ReplanError) -> ReplanEvents {
    let file = (path as NSString).lastPathComponent
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .events(file: file, path: "$", message: "no such file or not readable")
    }
    return try decode(data, file: file)
  }

  /// Decodes the text of an events file.
  ///
  /// - Throws: ``ReplanError/events(file:path:message:)`` naming the JSON path.
  public static func decode(_ data: Data, file: String = "events.json") throws(ReplanError) -> ReplanEvents {
    do {
      return try JSONDecoder().decode(ReplanEvents.self, from: data)
    } catch let error as DecodingError {
      switch JSONPath.scenarioError(error, data: data) {
      case .malformed(let location, let reason):
        throw .events(file: file, path: location.path.hasPrefix("$") ? location.path : "$." + location.path, message: reason)
      default: throw .events(file: file, path: "$", message: "not valid JSON")
      }
    } catch {
      throw .events(file: file, path: "$", message: "not valid JSON")
    }
  }

  // MARK: - The day as known at `now`

  /// The scenario with the added bins appended (one without readings gets a reading of 100 % at its
  /// event's time, so that selection makes it required).
  ///
  /// - Throws: ``ReplanError/events(file:path:message:)`` for an added bin whose id is taken.
  public func applied(to scenario: Scenario, file: String = "events.json") throws(ReplanError) -> Scenario {
    var result = scenario
    var ids = Set(scenario.bins.map(\.id))
    for (e, event) in events.enumerated() where event.kind == .binsAdded && event.time <= now {
      for (k, bin) in (event.newBins ?? []).enumerated() {
        guard ids.insert(bin.id).inserted else {
          throw .events(file: file, path: "$.events[\(e)].newBins[\(k)].id", message: "bin \"\(bin.id)\" exists already")
        }
        var added = bin
        if added.readings.isEmpty { added.readings = [FillReading(time: event.time, fill: 100)] }
        result.bins.append(added)
      }
    }
    return result
  }

  /// Checks that every event names known trucks and bins and has the fields its kind needs.
  ///
  /// - Throws: ``ReplanError/events(file:path:message:)`` naming the first offending event.
  public func check(against scenario: Scenario, file: String = "events.json") throws(ReplanError) {
    let trucks = Set(scenario.trucks.map(\.id))
    var bins = Set(scenario.bins.map(\.id))
    for event in events where event.kind == .binsAdded { for bin in event.newBins ?? [] { bins.insert(bin.id) } }
    for (e, event) in events.enumerated() {
      let path = "$.events[\(e)]"
      func fail(_ field: String, _ message: String) -> ReplanError {
        .events(file: file, path: path + (field.isEmpty ? "" : "." + field), message: message)
      }
      switch event.kind {
      case .truckStatus, .truckOutOfService:
        guard let truck = event.truck else { throw fail("truck", "missing") }
        guard trucks.contains(truck) else { throw fail("truck", "no truck \"\(truck)\" in the scenario") }
        for (field, value) in [("litres", event.litres), ("kilograms", event.kilograms)] {
          if let value, !(value.isFinite && value >= 0) { throw fail(field, "must be 0 or more, not \(value)") }
        }
      case .binsDone, .binsCancelled:
        guard let ids = event.bins else { throw fail("bins", "missing") }
        for (k, id) in ids.enumerated() where !bins.contains(id) {
          throw fail("bins[\(k)]", "no bin \"\(id)\" in the scenario or the added bins")
        }
      case .binsAdded:
        guard event.newBins != nil else { throw fail("newBins", "missing") }
      case .roadClosed:
        guard event.road != nil else { throw fail("road", "missing") }
        guard event.way != nil || event.position != nil else { throw fail("", "a closed road needs \"way\" or \"at\"") }
      case .roadReopened:
        guard event.road != nil else { throw fail("road", "missing") }
      }
      if let position = event.position, !PlanValidator.isPosition(position.coordinate) {
        throw fail(event.kind == .roadClosed ? "at" : "position", "not a longitude and latitude")
      }
    }
  }

  /// The closures in effect at ``now``: OSM ways and points, by closure name.
  var closures: (ways: Set<Int64>, points: [Coordinate]) {
    var open: [String: Event] = [:]
    for event in applying {
      guard let road = event.road else { continue }
      switch event.kind {
      case .roadClosed: open[road] = event
      case .roadReopened: open[road] = nil
      default: break
      }
    }
    let events = open.sorted { $0.key < $1.key }.map(\.value)
    return (Set(events.compactMap(\.way)), events.compactMap { $0.position?.coordinate })
  }
}

/// Why a re-plan cannot be made: a bad events file, a plan that does not fit the scenario, or planning.
public enum ReplanError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The events file is unreadable or names something that does not exist.
  case events(file: String, path: String, message: String)
  /// The plan does not fit the scenario (another day, unknown trucks or bins).
  case planMismatch(String)
  /// Planning failed (an invalid scenario, no usable truck, the solver).
  case planning(PlanningError)

  /// A one-line description.
  public var description: String {
    switch self {
    case let .events(file, path, message): "\(file): \(path): \(message)"
    case let .planMismatch(reason): "the plan does not fit the scenario: \(reason)"
    case let .planning(error): "\(error)"
    }
  }
}
