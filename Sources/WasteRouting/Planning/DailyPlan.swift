import Foundation

/// A day's collection plan: every truck's stops with times and loads, the road-level path of every leg,
/// what happens to every bin, and the totals.
///
/// A plan is an immutable value made by ``DailyPlanner``. Its JSON form (``jsonData()``,
/// ``decode(_:)``) is versioned (`"format": "waste-routing-plan", "version": 1`) and described in
/// <doc:DailyPlanning>. Times are instants, written in the scenario's time zone.
public struct DailyPlan: Sendable, Hashable, Codable {
  /// The `format` value of every plan file.
  public static let formatName = "waste-routing-plan"
  /// The version this library writes and reads.
  public static let currentVersion = 1

  /// The scenario's name.
  public let scenario: String
  /// The scenario's data sources and licences.
  public let attribution: String?
  /// The planning day.
  public let date: CalendarDay
  /// The IANA time zone the times are written in.
  public let timeZone: String
  /// How the plan was made.
  public let settings: Settings
  /// One entry per truck of the scenario, in scenario order; unused trucks have no stops.
  public let trucks: [TruckPlan]
  /// One entry per bin of the scenario, in scenario order.
  public let bins: [BinOutcome]
  /// Sums over the trucks and bins.
  public let totals: Totals

  /// How a plan was made.
  public struct Settings: Sendable, Hashable, Codable {
    /// The solver's seed.
    public var seed: UInt64
    /// The solver's time limit in seconds.
    public var timeLimit: Double
    /// The solver's objective in the scenario's currency: truck costs plus the prizes of optional bins
    /// left out.
    public var objective: Double
    /// Wall-clock seconds from the start of planning (network loading included) to the solver's answer.
    public var elapsed: Double

    /// Creates settings.
    public init(seed: UInt64, timeLimit: Double, objective: Double, elapsed: Double) {
      self.seed = seed
      self.timeLimit = timeLimit
      self.objective = objective
      self.elapsed = elapsed
    }
  }

  /// One truck's day.
  public struct TruckPlan: Sendable, Hashable, Codable {
    /// The truck's id.
    public var truckID: String
    /// The depot it leaves from.
    public var startDepot: String
    /// The depot it returns to.
    public var endDepot: String
    /// When it leaves the depot, or `nil` when the truck is not used.
    public var departure: Date?
    /// When it is back at the depot, or `nil` when the truck is not used.
    public var arrival: Date?
    /// Its stops in order: bins, disposal visits and the break.
    public var stops: [PlanStop]
    /// The legs driven, in order: from the depot to the first stop with a place, between such stops, and
    /// back to the depot (the break has no place of its own).
    public var legs: [PlanLeg]
    /// Metres driven.
    public var distance: Double
    /// Seconds from departure to arrival, waiting included.
    public var duration: Double
    /// Litres collected.
    public var collectedLitres: Double
    /// Kilograms collected.
    public var collectedKilograms: Double
    /// Trips: the runs that end at a disposal facility.
    public var tripCount: Int
    /// Collected litres over the capacity of all trips (0...1).
    public var loadUtilisation: Double
    /// Working time over the shift's length (0...1).
    public var timeUtilisation: Double
    /// Its cost in the scenario's currency (fixed, distance and time).
    public var cost: Double

    /// Whether the truck drives at all.
    public var isUsed: Bool { !stops.isEmpty }

    /// Creates a truck's plan.
    public init(
      truckID: String, startDepot: String, endDepot: String, departure: Date?, arrival: Date?,
      stops: [PlanStop],
      legs: [PlanLeg], distance: Double, duration: Double, collectedLitres: Double,
      collectedKilograms: Double,
      tripCount: Int, loadUtilisation: Double, timeUtilisation: Double, cost: Double
    ) {
      self.truckID = truckID
      self.startDepot = startDepot
      self.endDepot = endDepot
      self.departure = departure
      self.arrival = arrival
      self.stops = stops
      self.legs = legs
      self.distance = distance
      self.duration = duration
      self.collectedLitres = collectedLitres
      self.collectedKilograms = collectedKilograms
      self.tripCount = tripCount
      self.loadUtilisation = loadUtilisation
      self.timeUtilisation = timeUtilisation
      self.cost = cost
    }
  }

  /// A stop of a truck: emptying a bin, unloading at a facility, or the driver's break.
  public struct PlanStop: Sendable, Hashable, Codable {
    /// What happens at the stop.
    public enum Kind: String, Sendable, Hashable, Codable {
      /// Emptying a bin.
      case bin
      /// Unloading at a disposal facility.
      case disposal
      /// The driver's break, where the truck is.
      case `break`
    }

    /// What happens at the stop.
    public var kind: Kind
    /// The bin's or facility's id (`nil` for the break).
    public var id: String?
    /// Where (the bin's or facility's position; `nil` for the break).
    public var position: Coordinate?
    /// When the truck gets there (for the break: when the crew is ready for it).
    public var arrival: Date
    /// When service, unloading or the break starts (after waiting for a window, if any).
    public var start: Date
    /// When the truck leaves (or the break ends).
    public var departure: Date
    /// Litres collected (bin) or unloaded (disposal); 0 for the break.
    public var litres: Double
    /// Kilograms collected (bin) or unloaded (disposal); 0 for the break.
    public var kilograms: Double
    /// Litres on board when the truck leaves.
    public var loadLitres: Double
    /// Kilograms on board when the truck leaves.
    public var loadKilograms: Double

    /// Creates a stop.
    public init(
      kind: Kind, id: String?, position: Coordinate?, arrival: Date, start: Date, departure: Date,
      litres: Double,
      kilograms: Double, loadLitres: Double, loadKilograms: Double
    ) {
      self.kind = kind
      self.id = id
      self.position = position
      self.arrival = arrival
      self.start = start
      self.departure = departure
      self.litres = litres
      self.kilograms = kilograms
      self.loadLitres = loadLitres
      self.loadKilograms = loadKilograms
    }
  }

  /// A drive between two places on the road network.
  ///
  /// JSON: `{"from": -1, "to": 0, "distance": 812.4, "travelTime": 95.2, "path": [[24.93, 60.16], ...]}`;
  /// `from` and `to` are stop indices, with -1 for the start depot and `stops.count` for the end depot.
  public struct PlanLeg: Sendable, Hashable, Codable {
    /// The stop driven from (-1: the start depot).
    public var from: Int
    /// The stop driven to (`stops.count`: the end depot).
    public var to: Int
    /// Metres.
    public var distance: Double
    /// Seconds.
    public var travelTime: Double
    /// The road-level geometry, from the start's road position to the end's.
    public var path: [Coordinate]

    /// Creates a leg.
    public init(from: Int, to: Int, distance: Double, travelTime: Double, path: [Coordinate]) {
      self.from = from
      self.to = to
      self.distance = distance
      self.travelTime = travelTime
      self.path = path
    }

    private enum CodingKeys: String, CodingKey { case from, to, distance, travelTime, path }

    /// Decodes a leg whose path is a list of `[longitude, latitude]` pairs.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      from = try container.decode(Int.self, forKey: .from)
      to = try container.decode(Int.self, forKey: .to)
      distance = try container.decode(Double.self, forKey: .distance)
      travelTime = try container.decode(Double.self, forKey: .travelTime)
      let pairs = try container.decode([[Double]].self, forKey: .path)
      path = try pairs.enumerated().map { k, pair in
        guard pair.count == 2 else {
          throw DecodingError.dataCorruptedError(
            forKey: .path, in: container, debugDescription: "path[\(k)] is not a [longitude, latitude] pair")
        }
        return Coordinate(x: pair[0], y: pair[1])
      }
    }

    /// Encodes the path as `[longitude, latitude]` pairs rounded to 7 decimals (about 1 cm).
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(from, forKey: .from)
      try container.encode(to, forKey: .to)
      try container.encode(distance, forKey: .distance)
      try container.encode(travelTime, forKey: .travelTime)
      try container.encode(path.map { [Self.round($0.x), Self.round($0.y)] }, forKey: .path)
    }

    private static func round(_ value: Double) -> Double { (value * 1e7).rounded() / 1e7 }
  }

  /// What happened to one bin.
  public struct BinOutcome: Sendable, Hashable, Codable {
    /// Selection's verdict and reason.
    public var selection: BinSelection
    /// The truck that empties it, or `nil`.
    public var truckID: String?
    /// The index of its stop in that truck's ``TruckPlan/stops``.
    public var stopIndex: Int?
    /// Why it is not emptied (`nil` when it is).
    public var unservedReason: String?

    /// Whether a truck empties it.
    public var isServed: Bool { truckID != nil }

    /// Creates an outcome.
    public init(selection: BinSelection, truckID: String?, stopIndex: Int?, unservedReason: String?) {
      self.selection = selection
      self.truckID = truckID
      self.stopIndex = stopIndex
      self.unservedReason = unservedReason
    }
  }

  /// Sums over a plan.
  public struct Totals: Sendable, Hashable, Codable {
    /// Kilometres driven.
    public var kilometres: Double
    /// Working hours (departure to arrival, summed over trucks).
    public var hours: Double
    /// Trucks used, of those available.
    public var trucksUsed: Int
    /// Trucks in the scenario.
    public var trucksAvailable: Int
    /// Bins emptied.
    public var binsCollected: Int
    /// Litres collected.
    public var litresCollected: Double
    /// Kilograms collected.
    public var kilogramsCollected: Double
    /// Required bins.
    public var requiredBins: Int
    /// Required bins emptied.
    public var requiredCollected: Int
    /// Optional bins.
    public var optionalBins: Int
    /// Optional bins emptied.
    public var optionalCollected: Int
    /// Skipped bins.
    public var skippedBins: Int
    /// Bins left unemptied that are predicted to overflow by the next collection opportunity.
    public var overflowRiskBins: Int
    /// Their predicted litres beyond the overflow threshold by the next opportunity.
    public var overflowRiskLitres: Double
    /// Collected litres over the capacity of all trips of the used trucks (0...1).
    public var loadUtilisation: Double
    /// Working hours over the shift hours of the used trucks (0...1).
    public var timeUtilisation: Double
    /// The trucks' cost in the scenario's currency.
    public var cost: Double

    /// Creates totals.
    public init(
      kilometres: Double, hours: Double, trucksUsed: Int, trucksAvailable: Int, binsCollected: Int,
      litresCollected: Double, kilogramsCollected: Double, requiredBins: Int, requiredCollected: Int,
      optionalBins: Int, optionalCollected: Int, skippedBins: Int, overflowRiskBins: Int,
      overflowRiskLitres: Double, loadUtilisation: Double, timeUtilisation: Double, cost: Double
    ) {
      self.kilometres = kilometres
      self.hours = hours
      self.trucksUsed = trucksUsed
      self.trucksAvailable = trucksAvailable
      self.binsCollected = binsCollected
      self.litresCollected = litresCollected
      self.kilogramsCollected = kilogramsCollected
      self.requiredBins = requiredBins
      self.requiredCollected = requiredCollected
      self.optionalBins = optionalBins
      self.optionalCollected = optionalCollected
      self.skippedBins = skippedBins
      self.overflowRiskBins = overflowRiskBins
      self.overflowRiskLitres = overflowRiskLitres
      self.loadUtilisation = loadUtilisation
      self.timeUtilisation = timeUtilisation
      self.cost = cost
    }
  }

  /// Creates a plan.
  public init(
    scenario: String, attribution: String?, date: CalendarDay, timeZone: String, settings: Settings,
    trucks: [TruckPlan], bins: [BinOutcome], totals: Totals
  ) {
    self.scenario = scenario
    self.attribution = attribution
    self.date = date
    self.timeZone = timeZone
    self.settings = settings
    self.trucks = trucks
    self.bins = bins
    self.totals = totals
  }

  private enum CodingKeys: String, CodingKey {
    case format, version, scenario, attribution, date, timeZone, settings, totals, trucks, bins
  }

  /// Decodes a plan; ``decode(_:)`` also checks the format and version.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    scenario = try container.decode(String.self, forKey: .scenario)
    attribution = try container.decodeIfPresent(String.self, forKey: .attribution)
    date = try container.decode(CalendarDay.self, forKey: .date)
    timeZone = try container.decode(String.self, forKey: .timeZone)
    settings = try container.decode(Settings.self, forKey: .settings)
    trucks = try container.decode([TruckPlan].self, forKey: .trucks)
    bins = try container.decode([BinOutcome].self, forKey: .bins)
    totals = try container.decode(Totals.self, forKey: .totals)
  }

  /// Encodes the plan with its format name and version.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.formatName, forKey: .format)
    try container.encode(Self.currentVersion, forKey: .version)
    try container.encode(scenario, forKey: .scenario)
    try container.encodeIfPresent(attribution, forKey: .attribution)
    try container.encode(date, forKey: .date)
    try container.encode(timeZone, forKey: .timeZone)
    try container.encode(settings, forKey: .settings)
    try container.encode(totals, forKey: .totals)
    try container.encode(trucks, forKey: .trucks)
    try container.encode(bins, forKey: .bins)
  }
}

/// Why a plan file cannot be read.
public enum PlanFileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be read.
  case unreadable(file: String, reason: String)
  /// Not a plan of a version this library reads.
  case wrongFormat(found: String?, version: Int?)
  /// A field is missing or malformed.
  case malformed(path: String, reason: String)

  /// One line naming the path.
  public var description: String {
    switch self {
    case .unreadable(let file, let reason): "cannot read \(file): \(reason)"
    case .wrongFormat(let found, let version):
      "not a \(DailyPlan.formatName) version \(DailyPlan.currentVersion) file (format \(found ?? "missing"), version \(version.map(String.init) ?? "missing"))"
    case .malformed(let path, let reason): "\(path): \(reason)"
    }
  }
}

extension DailyPlan {
  /// The plan as pretty-printed JSON with sorted keys, times in the scenario's time zone.
  public func jsonData() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = ISO8601Time.encoding(
      in: TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)!)
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    // Every field is a plain value, so encoding cannot fail.
    return try! encoder.encode(self)
  }

  /// Reads a plan file.
  ///
  /// - Throws: ``PlanFileError`` naming the JSON path at fault.
  public static func load(path: String) throws(PlanFileError) -> DailyPlan {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(file: path, reason: "no such file or not readable")
    }
    return try decode(data)
  }

  /// Decodes a plan document.
  ///
  /// - Throws: ``PlanFileError`` naming the JSON path at fault.
  public static func decode(_ data: Data) throws(PlanFileError) -> DailyPlan {
    let header = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    let format = header?["format"] as? String
    let version = (header?["version"] as? NSNumber)?.intValue
    guard format == formatName, version == currentVersion else {
      throw .wrongFormat(found: format, version: version)
    }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = ISO8601Time.decoding
    do {
      return try decoder.decode(DailyPlan.self, from: data)
    } catch let error as DecodingError {
      switch JSONPath.scenarioError(error, data: data) {
      case .malformed(let location, let reason): throw .malformed(path: location.path, reason: reason)
      case let other: throw .malformed(path: "$", reason: "\(other)")
      }
    } catch {
      throw .malformed(path: "$", reason: "\(error)")
    }
  }
}
