import Foundation

/// A day's collection plan: every truck's stops with times and loads, the road-level path of every leg,
/// what happens to every bin (emptied, left for another day, or left out with the rule that excludes
/// it), and the totals.
///
/// A plan is an immutable value made by ``DailyPlanner``. Its JSON form (``jsonData()``,
/// ``decode(_:)``) is versioned (`"format": "waste-routing-plan", "version": 2`) and described in
/// <doc:DailyPlanning>. Every quantity names its unit (`distanceMetres`, `durationSeconds`, `litres`,
/// `kilometres`); instants are ISO 8601 text written by the types themselves, in the scenario's time zone
/// (UTC when a nested value is encoded on its own), so a plan round-trips through a plain `JSONEncoder`
/// and `JSONDecoder` as well.
public struct DailyPlan: Sendable, Hashable, Codable {
  /// The `format` value of every plan file.
  public static let formatName = "waste-routing-plan"
  /// The version this library writes and reads (2: units in the field names, exclusions).
  public static let currentVersion = 2

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
  /// One entry per truck of the scenario, in scenario order; unused and excluded trucks have no stops.
  public let trucks: [TruckPlan]
  /// One entry per bin of the scenario, in scenario order.
  public let bins: [BinOutcome]
  /// The disposal facilities the planner could not use, with the rule (empty when all are usable).
  public let excludedDisposalSites: [ExcludedDisposalSite]
  /// Sums over the trucks and bins.
  public let totals: Totals

  /// How a plan was made.
  public struct Settings: Sendable, Hashable, Codable {
    /// The solver's seed.
    public var seed: UInt64
    /// The solver's time limit in seconds.
    public var timeLimitSeconds: Double
    /// The solver's objective in the scenario's currency: truck costs plus the prizes of the bins left out.
    public var objective: Double
    /// Wall-clock seconds from the start of planning (network loading included) to the solver's answer.
    public var elapsedSeconds: Double
    /// What the GLPK refinement did, or `nil` when it was off.
    public var refinement: Refinement?
    /// The search's iterations, summed over its threads (`nil` in plans written before it was recorded).
    public var iterations: Int?
    /// The cooperating searches that made the plan (`nil` in plans written before it was recorded).
    public var threads: Int?

    /// Creates settings.
    public init(
      seed: UInt64, timeLimitSeconds: Double, objective: Double, elapsedSeconds: Double,
      refinement: Refinement? = nil, iterations: Int? = nil, threads: Int? = nil
    ) {
      self.seed = seed
      self.timeLimitSeconds = timeLimitSeconds
      self.objective = objective
      self.elapsedSeconds = elapsedSeconds
      self.refinement = refinement
      self.iterations = iterations
      self.threads = threads
    }

    /// What the GLPK refinement did during the solve (``RefinementStatistics`` in plan units).
    public struct Refinement: Sendable, Hashable, Codable {
      /// Recombinations attempted.
      public var runs: Int
      /// Recombinations that improved the best plan.
      public var improvements: Int
      /// How much they lowered the objective, in the scenario's currency.
      public var objectiveReduction: Double
      /// Seconds spent in them.
      public var seconds: Double
      /// Distinct routes or trips pooled at the end.
      public var pooledRoutes: Int

      /// Creates a record.
      public init(runs: Int, improvements: Int, objectiveReduction: Double, seconds: Double, pooledRoutes: Int) {
        self.runs = runs
        self.improvements = improvements
        self.objectiveReduction = objectiveReduction
        self.seconds = seconds
        self.pooledRoutes = pooledRoutes
      }
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
    public var distanceMetres: Double
    /// Seconds from departure to arrival, waiting included.
    public var durationSeconds: Double
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
    /// Why the planner could not use the truck at all (its depot off the road network, no facility to
    /// unload at), or `nil`.
    public var exclusion: PlanExclusion?
    /// When the truck went out of service during the day (a re-plan's event), or `nil`: its stops end
    /// there, it has no leg back to the depot (``arrival`` is that time) and may end with a load.
    public var outOfServiceSince: Date?
    /// The points where re-plans took the day over, in order (empty for a plan made in one go).
    public var resumptions: [Resumption] = []

    /// Where a re-plan took over a truck's day: the stops before ``stopIndex`` were kept as driven, and
    /// the truck went on from ``position`` at ``time`` with ``litres`` and ``kilograms`` on board.
    ///
    /// JSON: `{"time": "2026-11-27T11:00:00+01:00", "stopIndex": 14, "position": {"x": 8.69, "y": 49.41},
    /// "litres": 5400, "kilograms": 480}`; `position` is absent when the truck went on from its last
    /// kept stop (or its depot).
    public struct Resumption: Sendable, Hashable, Codable {
      /// The re-plan's "now" (or when the truck could go on, if later).
      public var time: Date
      /// The index of the first stop planned by the re-plan (``stops``.count when none).
      public var stopIndex: Int
      /// Where the truck reported itself, when it did (longitude and latitude).
      public var position: Coordinate?
      /// Litres on board then.
      public var litres: Double
      /// Kilograms on board then.
      public var kilograms: Double

      /// Creates a resumption.
      public init(time: Date, stopIndex: Int, position: Coordinate?, litres: Double, kilograms: Double) {
        self.time = time
        self.stopIndex = stopIndex
        self.position = position
        self.litres = litres
        self.kilograms = kilograms
      }

      private enum CodingKeys: String, CodingKey { case time, stopIndex, position, litres, kilograms }

      /// Decodes a resumption.
      public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        time = try PlanTime.decode(container, .time)
        stopIndex = try container.decode(Int.self, forKey: .stopIndex)
        position = try container.decodeIfPresent(Coordinate.self, forKey: .position)
        litres = try container.decode(Double.self, forKey: .litres)
        kilograms = try container.decode(Double.self, forKey: .kilograms)
      }

      /// Encodes a resumption, its time in UTC.
      public func encode(to encoder: any Encoder) throws { try encode(to: encoder, in: PlanTime.utc) }

      func encode(to encoder: any Encoder, in zone: TimeZone) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(PlanTime.text(time, in: zone), forKey: .time)
        try container.encode(stopIndex, forKey: .stopIndex)
        try container.encodeIfPresent(position, forKey: .position)
        try container.encode(litres, forKey: .litres)
        try container.encode(kilograms, forKey: .kilograms)
      }
    }

    /// Whether the truck drives at all.
    public var isUsed: Bool { !stops.isEmpty }

    /// Creates a truck's plan.
    public init(
      truckID: String, startDepot: String, endDepot: String, departure: Date?, arrival: Date?,
      stops: [PlanStop], legs: [PlanLeg], distanceMetres: Double, durationSeconds: Double,
      collectedLitres: Double, collectedKilograms: Double, tripCount: Int, loadUtilisation: Double,
      timeUtilisation: Double, cost: Double, exclusion: PlanExclusion? = nil
    ) {
      self.truckID = truckID
      self.startDepot = startDepot
      self.endDepot = endDepot
      self.departure = departure
      self.arrival = arrival
      self.stops = stops
      self.legs = legs
      self.distanceMetres = distanceMetres
      self.durationSeconds = durationSeconds
      self.collectedLitres = collectedLitres
      self.collectedKilograms = collectedKilograms
      self.tripCount = tripCount
      self.loadUtilisation = loadUtilisation
      self.timeUtilisation = timeUtilisation
      self.cost = cost
      self.exclusion = exclusion
    }

    private enum CodingKeys: String, CodingKey {
      case truckID, startDepot, endDepot, departure, arrival, stops, legs, distanceMetres, durationSeconds
      case collectedLitres, collectedKilograms, tripCount, loadUtilisation, timeUtilisation, cost, exclusion
      case outOfServiceSince, resumptions
    }

    /// Decodes a truck's plan; `departure` and `arrival` are ISO 8601 text.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      truckID = try container.decode(String.self, forKey: .truckID)
      startDepot = try container.decode(String.self, forKey: .startDepot)
      endDepot = try container.decode(String.self, forKey: .endDepot)
      departure = try PlanTime.decodeIfPresent(container, .departure)
      arrival = try PlanTime.decodeIfPresent(container, .arrival)
      stops = try container.decode([PlanStop].self, forKey: .stops)
      legs = try container.decode([PlanLeg].self, forKey: .legs)
      distanceMetres = try container.decode(Double.self, forKey: .distanceMetres)
      durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
      collectedLitres = try container.decode(Double.self, forKey: .collectedLitres)
      collectedKilograms = try container.decode(Double.self, forKey: .collectedKilograms)
      tripCount = try container.decode(Int.self, forKey: .tripCount)
      loadUtilisation = try container.decode(Double.self, forKey: .loadUtilisation)
      timeUtilisation = try container.decode(Double.self, forKey: .timeUtilisation)
      cost = try container.decode(Double.self, forKey: .cost)
      exclusion = try container.decodeIfPresent(PlanExclusion.self, forKey: .exclusion)
      outOfServiceSince = try PlanTime.decodeIfPresent(container, .outOfServiceSince)
      resumptions = try container.decodeIfPresent([Resumption].self, forKey: .resumptions) ?? []
    }

    /// Encodes the truck's plan with its instants in UTC.
    public func encode(to encoder: any Encoder) throws { try encode(to: encoder, in: PlanTime.utc) }

    /// Encodes the truck's plan with its instants in `zone`.
    func encode(to encoder: any Encoder, in zone: TimeZone) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(truckID, forKey: .truckID)
      try container.encode(startDepot, forKey: .startDepot)
      try container.encode(endDepot, forKey: .endDepot)
      try container.encodeIfPresent(departure.map { PlanTime.text($0, in: zone) }, forKey: .departure)
      try container.encodeIfPresent(arrival.map { PlanTime.text($0, in: zone) }, forKey: .arrival)
      try container.encode(stops.map { PlanTime.Zoned(zone: zone, body: $0.encode(to:in:)) }, forKey: .stops)
      try container.encode(legs, forKey: .legs)
      try container.encode(distanceMetres, forKey: .distanceMetres)
      try container.encode(durationSeconds, forKey: .durationSeconds)
      try container.encode(collectedLitres, forKey: .collectedLitres)
      try container.encode(collectedKilograms, forKey: .collectedKilograms)
      try container.encode(tripCount, forKey: .tripCount)
      try container.encode(loadUtilisation, forKey: .loadUtilisation)
      try container.encode(timeUtilisation, forKey: .timeUtilisation)
      try container.encode(cost, forKey: .cost)
      try container.encodeIfPresent(exclusion, forKey: .exclusion)
      try container.encodeIfPresent(outOfServiceSince.map { PlanTime.text($0, in: zone) }, forKey: .outOfServiceSince)
      if !resumptions.isEmpty {
        try container.encode(
          resumptions.map { PlanTime.Zoned(zone: zone, body: $0.encode(to:in:)) }, forKey: .resumptions)
      }
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

    private enum CodingKeys: String, CodingKey {
      case kind, id, position, arrival, start, departure, litres, kilograms, loadLitres, loadKilograms
    }

    /// Decodes a stop; its instants are ISO 8601 text.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      kind = try container.decode(Kind.self, forKey: .kind)
      id = try container.decodeIfPresent(String.self, forKey: .id)
      position = try container.decodeIfPresent(Coordinate.self, forKey: .position)
      arrival = try PlanTime.decode(container, .arrival)
      start = try PlanTime.decode(container, .start)
      departure = try PlanTime.decode(container, .departure)
      litres = try container.decode(Double.self, forKey: .litres)
      kilograms = try container.decode(Double.self, forKey: .kilograms)
      loadLitres = try container.decode(Double.self, forKey: .loadLitres)
      loadKilograms = try container.decode(Double.self, forKey: .loadKilograms)
    }

    /// Encodes the stop with its instants in UTC.
    public func encode(to encoder: any Encoder) throws { try encode(to: encoder, in: PlanTime.utc) }

    /// Encodes the stop with its instants in `zone`.
    func encode(to encoder: any Encoder, in zone: TimeZone) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(kind, forKey: .kind)
      try container.encodeIfPresent(id, forKey: .id)
      try container.encodeIfPresent(position, forKey: .position)
      try container.encode(PlanTime.text(arrival, in: zone), forKey: .arrival)
      try container.encode(PlanTime.text(start, in: zone), forKey: .start)
      try container.encode(PlanTime.text(departure, in: zone), forKey: .departure)
      try container.encode(litres, forKey: .litres)
      try container.encode(kilograms, forKey: .kilograms)
      try container.encode(loadLitres, forKey: .loadLitres)
      try container.encode(loadKilograms, forKey: .loadKilograms)
    }
  }

  /// A drive between two places on the road network.
  ///
  /// JSON: `{"from": -1, "to": 0, "distanceMetres": 812.4, "travelTimeSeconds": 95.2,
  /// "path": [[24.93, 60.16], ...]}`; `from` and `to` are stop indices, with -1 for the start depot and
  /// `stops.count` for the end depot.
  public struct PlanLeg: Sendable, Hashable, Codable {
    /// The stop driven from (-1: the start depot).
    public var from: Int
    /// The stop driven to (`stops.count`: the end depot).
    public var to: Int
    /// Metres driven.
    public var distanceMetres: Double
    /// Seconds of driving.
    public var travelTimeSeconds: Double
    /// The road-level geometry, from the start's road position to the end's, to 7 decimals of a degree
    /// (about 1 cm; rounded on creation, so that a leg reads back from JSON unchanged).
    public var path: [Coordinate]

    /// Creates a leg; the path's coordinates are rounded to 7 decimals, and points that rounding makes
    /// equal to the one before are dropped.
    public init(from: Int, to: Int, distanceMetres: Double, travelTimeSeconds: Double, path: [Coordinate]) {
      self.from = from
      self.to = to
      self.distanceMetres = distanceMetres
      self.travelTimeSeconds = travelTimeSeconds
      var rounded: [Coordinate] = []
      rounded.reserveCapacity(path.count)
      for point in path {
        let next = Coordinate(x: Self.round(point.x), y: Self.round(point.y))
        if rounded.last != next { rounded.append(next) }
      }
      self.path = rounded
    }

    private enum CodingKeys: String, CodingKey { case from, to, distanceMetres, travelTimeSeconds, path }

    /// Decodes a leg whose path is a list of `[longitude, latitude]` pairs.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      let pairs = try container.decode([[Double]].self, forKey: .path)
      let path = try pairs.enumerated().map { k, pair in
        guard pair.count == 2 else {
          throw DecodingError.dataCorruptedError(
            forKey: .path, in: container, debugDescription: "path[\(k)] is not a [longitude, latitude] pair")
        }
        return Coordinate(x: pair[0], y: pair[1])
      }
      self.init(
        from: try container.decode(Int.self, forKey: .from), to: try container.decode(Int.self, forKey: .to),
        distanceMetres: try container.decode(Double.self, forKey: .distanceMetres),
        travelTimeSeconds: try container.decode(Double.self, forKey: .travelTimeSeconds), path: path)
    }

    /// Encodes the path as `[longitude, latitude]` pairs.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(from, forKey: .from)
      try container.encode(to, forKey: .to)
      try container.encode(distanceMetres, forKey: .distanceMetres)
      try container.encode(travelTimeSeconds, forKey: .travelTimeSeconds)
      try container.encode(path.map { [Self.round($0.x), Self.round($0.y)] }, forKey: .path)
    }

    private static func round(_ value: Double) -> Double {
      value.isFinite ? (value * 1e7).rounded() / 1e7 : value
    }
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
    /// The rule that leaves the bin out when the planner cannot serve it (off the road network, window
    /// unreachable, load above every truck's capacity...), or `nil`. Skipped bins carry one too when they
    /// could not be served on a day they are needed.
    public var exclusion: PlanExclusion?

    /// Whether a truck empties it.
    public var isServed: Bool { truckID != nil }

    /// Creates an outcome.
    public init(
      selection: BinSelection, truckID: String?, stopIndex: Int?, unservedReason: String?,
      exclusion: PlanExclusion? = nil
    ) {
      self.selection = selection
      self.truckID = truckID
      self.stopIndex = stopIndex
      self.unservedReason = unservedReason
      self.exclusion = exclusion
    }
  }

  /// A disposal facility the planner could not use.
  public struct ExcludedDisposalSite: Sendable, Hashable, Codable {
    /// The facility's id.
    public var id: String
    /// Why (``PlanExclusion/Rule/offNetwork`` or ``PlanExclusion/Rule/disconnected``).
    public var exclusion: PlanExclusion

    /// Creates an entry.
    public init(id: String, exclusion: PlanExclusion) {
      self.id = id
      self.exclusion = exclusion
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
    /// Trucks the planner could not use (see ``TruckPlan/exclusion``).
    public var trucksExcluded: Int
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
    /// Required bins left out with a rule (``BinOutcome/exclusion``).
    public var requiredExcluded: Int
    /// Optional bins.
    public var optionalBins: Int
    /// Optional bins emptied.
    public var optionalCollected: Int
    /// Optional bins left out with a rule (not those merely not worth their detour).
    public var optionalExcluded: Int
    /// Skipped bins.
    public var skippedBins: Int
    /// Bins of any status with a rule that leaves them out.
    public var binsExcluded: Int
    /// The bins with a rule, counted by rule (``PlanExclusion/Rule`` raw values as keys).
    public var exclusionsByRule: [String: Int]
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
      kilometres: Double, hours: Double, trucksUsed: Int, trucksAvailable: Int, trucksExcluded: Int = 0,
      binsCollected: Int, litresCollected: Double, kilogramsCollected: Double, requiredBins: Int,
      requiredCollected: Int, requiredExcluded: Int = 0, optionalBins: Int, optionalCollected: Int,
      optionalExcluded: Int = 0, skippedBins: Int, binsExcluded: Int = 0,
      exclusionsByRule: [String: Int] = [:],
      overflowRiskBins: Int, overflowRiskLitres: Double, loadUtilisation: Double, timeUtilisation: Double,
      cost: Double
    ) {
      self.kilometres = kilometres
      self.hours = hours
      self.trucksUsed = trucksUsed
      self.trucksAvailable = trucksAvailable
      self.trucksExcluded = trucksExcluded
      self.binsCollected = binsCollected
      self.litresCollected = litresCollected
      self.kilogramsCollected = kilogramsCollected
      self.requiredBins = requiredBins
      self.requiredCollected = requiredCollected
      self.requiredExcluded = requiredExcluded
      self.optionalBins = optionalBins
      self.optionalCollected = optionalCollected
      self.optionalExcluded = optionalExcluded
      self.skippedBins = skippedBins
      self.binsExcluded = binsExcluded
      self.exclusionsByRule = exclusionsByRule
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
    trucks: [TruckPlan], bins: [BinOutcome], excludedDisposalSites: [ExcludedDisposalSite] = [],
    totals: Totals
  ) {
    self.scenario = scenario
    self.attribution = attribution
    self.date = date
    self.timeZone = timeZone
    self.settings = settings
    self.trucks = trucks
    self.bins = bins
    self.excludedDisposalSites = excludedDisposalSites
    self.totals = totals
  }

  /// Whether the plan leaves out a required bin (the CLI's exit status 4).
  public var leavesOutRequiredBins: Bool { totals.requiredExcluded > 0 }

  private enum CodingKeys: String, CodingKey {
    case format, version, scenario, attribution, date, timeZone, settings, totals, trucks, bins
    case excludedDisposalSites
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
    excludedDisposalSites =
      try container.decodeIfPresent([ExcludedDisposalSite].self, forKey: .excludedDisposalSites) ?? []
    totals = try container.decode(Totals.self, forKey: .totals)
  }

  /// Encodes the plan with its format name and version, instants in the plan's time zone.
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
    let zone = TimeZone(identifier: timeZone) ?? PlanTime.utc
    try container.encode(trucks.map { PlanTime.Zoned(zone: zone, body: $0.encode(to:in:)) }, forKey: .trucks)
    try container.encode(bins, forKey: .bins)
    if !excludedDisposalSites.isEmpty {
      try container.encode(excludedDisposalSites, forKey: .excludedDisposalSites)
    }
  }
}

/// How plans write and read instants: ISO 8601 text to the second, whatever the coder's date strategy.
enum PlanTime {
  /// UTC, for values encoded outside a plan.
  static let utc = TimeZone(secondsFromGMT: 0) ?? TimeZone.current

  /// `2026-11-27T08:30:00+02:00`.
  static func text(_ date: Date, in zone: TimeZone) -> String { ISO8601Time.format(date, in: zone) }

  /// The instant under `key`.
  static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Date {
    try date(try container.decode(String.self, forKey: key), container, key)
  }

  /// The instant under `key`, or `nil` when it is absent or null.
  static func decodeIfPresent<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws
    -> Date?
  {
    guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
    return try date(text, container, key)
  }

  private static func date<Key: CodingKey>(
    _ text: String, _ container: KeyedDecodingContainer<Key>, _ key: Key
  )
    throws -> Date
  {
    guard let date = ISO8601Time.parse(text) else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: container,
        debugDescription: "\"\(text)\" is not an ISO 8601 time such as 2026-11-27T06:30:00Z")
    }
    return date
  }

  /// A value encoded with its instants in a given zone.
  struct Zoned: Encodable {
    var zone: TimeZone
    var body: (any Encoder, TimeZone) throws -> Void

    func encode(to encoder: any Encoder) throws { try body(encoder, zone) }
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
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    // Every field is a plain value, and non-finite numbers are written as text, so encoding cannot fail.
    return (try? encoder.encode(self)) ?? Data()
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
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
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
