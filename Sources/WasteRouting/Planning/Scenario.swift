import Foundation

/// One planning day of a city: its road network, bins with their fill readings, trucks, depots, disposal
/// facilities and the selection thresholds.
///
/// A scenario is a versioned JSON document (`"format": "waste-routing-scenario", "version": 1`), described in
/// <doc:DailyPlanning>. Read one with ``load(path:)`` or ``decode(_:)``, which also
/// ``validate()`` it; the checks that need the road network (bins off the network or in a cut-off fragment,
/// unreachable depots) and whether the fleet can serve each bin run in ``DailyPlanner``, which leaves out
/// what it cannot serve and says why.
///
/// Its `Codable` form is the file format itself: a plain `JSONEncoder` writes a scenario file and a plain
/// `JSONDecoder` reads one (times are ISO 8601 text written by the types themselves, so no date strategy
/// is involved). The plain decoder neither checks `format` and `version` nor validates: ``decode(_:)``
/// does both.
public struct Scenario: Sendable, Hashable, Codable {
  /// The road network file and how it is used.
  public struct RoadNetworkSource: Sendable, Hashable, Codable {
    /// The file (`.osm.pbf`, `.osm`, `.osm.gz`, `.geojson`, CSV links), relative to the scenario file.
    public var path: String
    /// Whether routes obey turn restrictions and forbid U-turns except at dead ends (default `true`).
    public var obeysTurnRules: Bool
    /// Points farther than this from every usable road, in metres, are off the network (default 100).
    public var maximumSnapDistance: Double
    /// The vehicle the network is built for: which roads the fleet may use (default a 26 t rear loader).
    public var profile: TruckProfile

    /// Creates a source.
    public init(
      path: String, obeysTurnRules: Bool = true, maximumSnapDistance: Double = 100,
      profile: TruckProfile = .refuseTruck
    ) {
      self.path = path
      self.obeysTurnRules = obeysTurnRules
      self.maximumSnapDistance = maximumSnapDistance
      self.profile = profile
    }

    private enum CodingKeys: String, CodingKey { case path, obeysTurnRules, maximumSnapDistance, profile }

    /// Decodes a source; the options may be omitted.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      path = try container.decode(String.self, forKey: .path)
      obeysTurnRules = try container.decodeIfPresent(Bool.self, forKey: .obeysTurnRules) ?? true
      maximumSnapDistance = try container.decodeIfPresent(Double.self, forKey: .maximumSnapDistance) ?? 100
      profile = try container.decodeIfPresent(TruckProfile.self, forKey: .profile) ?? .refuseTruck
    }

    /// The turn rules the matrices and paths use.
    var turnRules: TurnRules { obeysTurnRules ? .standard : .none }
  }

  /// The `format` value of every scenario file.
  public static let formatName = "waste-routing-scenario"
  /// The version this library writes and reads.
  public static let currentVersion = 1

  /// A name for messages and plans.
  public var name: String
  /// Where the data comes from and under which licence; copied into every plan.
  public var attribution: String?
  /// The day to plan.
  public var date: CalendarDay
  /// The IANA time zone of all times of day (shifts, windows, opening hours), for example
  /// `Europe/Helsinki`.
  public var timeZone: String
  /// The road network.
  public var roadNetwork: RoadNetworkSource
  /// The waste fractions and their densities.
  public var fractions: [Fraction]
  /// The depots.
  public var depots: [FleetDepot]
  /// The disposal facilities.
  public var disposalSites: [DisposalFacility]
  /// The fleet.
  public var trucks: [Truck]
  /// The bins.
  public var bins: [Bin]
  /// Which bins to empty.
  public var selection: SelectionPolicy
  /// The bins a schedule assigns to the day (a fixed round or a multi-day plan), or `nil` to select by
  /// the thresholds of ``selection``.
  public var schedule: CollectionSchedule?

  /// Creates a scenario (check it with ``validate()``).
  public init(
    name: String, attribution: String? = nil, date: CalendarDay, timeZone: String,
    roadNetwork: RoadNetworkSource, fractions: [Fraction], depots: [FleetDepot],
    disposalSites: [DisposalFacility], trucks: [Truck], bins: [Bin],
    selection: SelectionPolicy = SelectionPolicy(), schedule: CollectionSchedule? = nil
  ) {
    self.name = name
    self.attribution = attribution
    self.date = date
    self.timeZone = timeZone
    self.roadNetwork = roadNetwork
    self.fractions = fractions
    self.depots = depots
    self.disposalSites = disposalSites
    self.trucks = trucks
    self.bins = bins
    self.selection = selection
    self.schedule = schedule
  }

  /// The time zone, or UTC when ``timeZone`` names none (``validate()`` rejects that).
  public var calendarTimeZone: TimeZone { TimeZone(identifier: timeZone) ?? PlanTime.utc }

  /// The instant `time` on the planning day.
  public func instant(_ time: ClockTime) -> Date { date.date(at: time, in: calendarTimeZone) }

  /// The fraction with id `id`.
  public func fraction(_ id: String) -> Fraction? { fractions.first { $0.id == id } }

  private enum CodingKeys: String, CodingKey {
    case format, version, name, attribution, date, timeZone, roadNetwork, fractions, depots, disposalSites
    case trucks, bins, selection, schedule
  }

  /// Decodes the fields (without validating; ``decode(_:)`` validates).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decodeIfPresent(String.self, forKey: .name) ?? "scenario"
    attribution = try container.decodeIfPresent(String.self, forKey: .attribution)
    date = try container.decode(CalendarDay.self, forKey: .date)
    timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone) ?? "UTC"
    roadNetwork = try container.decode(RoadNetworkSource.self, forKey: .roadNetwork)
    fractions = try container.decode([Fraction].self, forKey: .fractions)
    depots = try container.decode([FleetDepot].self, forKey: .depots)
    disposalSites = try container.decode([DisposalFacility].self, forKey: .disposalSites)
    trucks = try container.decode([Truck].self, forKey: .trucks)
    bins = try container.decode([Bin].self, forKey: .bins)
    selection = try container.decodeIfPresent(SelectionPolicy.self, forKey: .selection) ?? SelectionPolicy()
    schedule = try container.decodeIfPresent(CollectionSchedule.self, forKey: .schedule)
  }

  /// Encodes the scenario with its format name and version first.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.formatName, forKey: .format)
    try container.encode(Self.currentVersion, forKey: .version)
    try container.encode(name, forKey: .name)
    try container.encodeIfPresent(attribution, forKey: .attribution)
    try container.encode(date, forKey: .date)
    try container.encode(timeZone, forKey: .timeZone)
    try container.encode(roadNetwork, forKey: .roadNetwork)
    try container.encode(fractions, forKey: .fractions)
    try container.encode(depots, forKey: .depots)
    try container.encode(disposalSites, forKey: .disposalSites)
    try container.encode(trucks, forKey: .trucks)
    try container.encode(bins, forKey: .bins)
    try container.encode(selection, forKey: .selection)
    try container.encodeIfPresent(schedule, forKey: .schedule)
  }
}

/// The thresholds that decide which bins a day's plan must, may or need not empty, and what each is worth.
///
/// JSON: `{"overflowFill": 100, "optionalFill": 70, "nextCollectionInDays": 1, "savedVisitValue": 6,
/// "overflowLitreValue": 0.1}`.
public struct SelectionPolicy: Sendable, Hashable, Codable {
  /// The fill, percent, at which a bin overflows: a bin predicted to reach it before the next collection
  /// opportunity is required today.
  public var overflowFill: Double
  /// The lower threshold, percent: a bin predicted to reach it (but not ``overflowFill``) by the next
  /// opportunity is optional, with a prize.
  public var optionalFill: Double
  /// Days until the next collection opportunity after the planning day (its trucks' earliest shift start).
  public var nextCollectionInDays: Int
  /// What a dedicated visit to a bin costs, in the scenario's currency: emptying a bin at f % now saves
  /// f/100 of such a visit later, and that is the optional bin's prize.
  public var savedVisitValue: Double
  /// What one litre of waste overflowing a bin costs, in the scenario's currency (cleaning up, complaints);
  /// 0 to 1 000, default 0.1.
  ///
  /// It ranks the required bins when the trucks cannot empty them all: leaving a required bin out costs a
  /// later dedicated visit (``savedVisitValue``) plus this times the litres predicted beyond
  /// ``overflowFill`` by the next opportunity, so the planner leaves out the bins that overflow least.
  public var overflowLitreValue: Double

  /// Creates a policy.
  public init(
    overflowFill: Double = 100, optionalFill: Double = 70, nextCollectionInDays: Int = 1,
    savedVisitValue: Double = 6, overflowLitreValue: Double = 0.1
  ) {
    self.overflowFill = overflowFill
    self.optionalFill = optionalFill
    self.nextCollectionInDays = nextCollectionInDays
    self.savedVisitValue = savedVisitValue
    self.overflowLitreValue = overflowLitreValue
  }

  private enum CodingKeys: String, CodingKey {
    case overflowFill, optionalFill, nextCollectionInDays, savedVisitValue, overflowLitreValue
  }

  /// Decodes a policy; missing thresholds and values take the defaults.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    overflowFill = try container.decodeIfPresent(Double.self, forKey: .overflowFill) ?? 100
    optionalFill = try container.decodeIfPresent(Double.self, forKey: .optionalFill) ?? 70
    nextCollectionInDays = try container.decodeIfPresent(Int.self, forKey: .nextCollectionInDays) ?? 1
    savedVisitValue = try container.decodeIfPresent(Double.self, forKey: .savedVisitValue) ?? 6
    overflowLitreValue = try container.decodeIfPresent(Double.self, forKey: .overflowLitreValue) ?? 0.1
  }
}
