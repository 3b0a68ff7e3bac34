/// A place where vehicles start and end their routes.
public struct Depot: Sendable, Hashable, Codable {
  /// A name for messages and output files (the VRPLIB node id, a depot id...).
  public var name: String
  /// Where the depot is, when known; used for neighbourhoods and maps, never for costs.
  public var coordinate: Coordinate?

  /// Creates a depot.
  public init(name: String, coordinate: Coordinate? = nil) {
    self.name = name
    self.coordinate = coordinate
  }
}

/// A closed interval of times, in the problem's duration unit (for example seconds after midnight).
///
/// For a client it bounds the start of service; for a disposal site, the start of unloading; for a
/// vehicle's shift, the departure from its start depot and the arrival at its end depot.
public struct TimeWindow: Sendable, Hashable, Codable {
  /// The earliest time.
  public var earliest: Int64
  /// The latest time.
  public var latest: Int64

  /// Creates a window; ``Problem`` rejects one that closes before it opens.
  public init(earliest: Int64, latest: Int64) {
    self.earliest = earliest
    self.latest = latest
  }

  /// A window that is always open.
  public static let always = TimeWindow(earliest: 0, latest: .max / 4)

  /// Whether `time` lies inside the window.
  public func contains(_ time: Int64) -> Bool { earliest <= time && time <= latest }
}

/// A stop to be visited at most once: required clients exactly once, optional ones when worth their prize.
public struct Client: Sendable, Hashable, Codable {
  /// A name for messages and output files.
  public var name: String
  /// Where the client is, when known; used for neighbourhoods and maps, never for costs.
  public var coordinate: Coordinate?
  /// The load picked up here in each capacity dimension (for example litres and kilograms), 0 or more.
  ///
  /// Shorter than the vehicles' ``VehicleType/capacities``: the missing dimensions are 0.
  public var demands: [Int64]
  /// Time spent at the stop, in the duration matrix's unit (0 or more).
  public var serviceDuration: Int64
  /// When service may start; empty means at any time. Several windows may be given (sorted, not
  /// overlapping); service starts inside one of them.
  public var timeWindows: [TimeWindow]
  /// Whether the client must be visited. An optional client is visited when its ``prize`` outweighs
  /// the detour.
  public var isRequired: Bool
  /// What visiting an optional client earns, in cost units (ignored for required clients).
  public var prize: Int64
  /// The vehicle types that may serve this client (indices into ``Problem/vehicleTypes``), or `nil`
  /// for every type.
  public var allowedVehicleTypes: [Int]?

  /// The load in the first capacity dimension.
  public var demand: Int64 {
    get { demands.first ?? 0 }
    set {
      if demands.isEmpty { demands = [newValue] } else { demands[0] = newValue }
    }
  }

  /// Creates a required client with one load dimension and no time window (the CVRP case).
  public init(name: String, coordinate: Coordinate? = nil, demand: Int64, serviceDuration: Int64 = 0) {
    self.init(name: name, coordinate: coordinate, demands: [demand], serviceDuration: serviceDuration)
  }

  /// Creates a client.
  public init(
    name: String,
    coordinate: Coordinate? = nil,
    demands: [Int64],
    serviceDuration: Int64 = 0,
    timeWindows: [TimeWindow] = [],
    isRequired: Bool = true,
    prize: Int64 = 0,
    allowedVehicleTypes: [Int]? = nil
  ) {
    self.name = name
    self.coordinate = coordinate
    self.demands = demands
    self.serviceDuration = serviceDuration
    self.timeWindows = timeWindows
    self.isRequired = isRequired
    self.prize = prize
    self.allowedVehicleTypes = allowedVehicleTypes
  }
}

/// A landfill or transfer station where a vehicle unloads: its load drops to zero there.
///
/// When a problem has disposal sites, every route that collected anything visits one last, just
/// before its end depot (trucks return empty), and may visit them any number of times in between.
public struct DisposalSite: Sendable, Hashable, Codable {
  /// A name for messages and output files.
  public var name: String
  /// Where the site is, when known (maps and neighbourhoods only).
  public var coordinate: Coordinate?
  /// When unloading may start.
  public var openingHours: TimeWindow
  /// How long unloading takes, in the duration unit.
  public var unloadDuration: Int64

  /// Creates a disposal site.
  public init(name: String, coordinate: Coordinate? = nil, openingHours: TimeWindow = .always, unloadDuration: Int64 = 0) {
    self.name = name
    self.coordinate = coordinate
    self.openingHours = openingHours
    self.unloadDuration = unloadDuration
  }
}

/// A driver's break: how long it lasts, when it may start and when it is owed.
///
/// A route takes at most one break. It is taken where the vehicle is (after a stop's service, or on
/// arrival before the next service) and costs no distance. Two rules say when it is owed:
///
/// - **The window rule** (``maxDrivingBeforeBreak`` is `nil`): the break is owed by a route that is under
///   way during its window. A route that is back at its end depot no later than the window opens
///   (arrival ≤ `window.earliest`), or that leaves its start depot no earlier than the window's latest
///   start (departure ≥ `window.latest`), owes none.
/// - **The driving-time rule** (``maxDrivingBeforeBreak`` set, for example the EU rule of a 45-minute
///   break after at most 4 h 30 min of driving): the break is owed when the route drives (travel time,
///   not service, waiting or unloading) longer than the limit in total, and then the driving before the
///   break and the driving after it must each stay within the limit. `window` still bounds when the
///   break may start (``TimeWindow/always`` for no bound).
///
/// See <doc:RouteSemantics>.
public struct BreakRule: Sendable, Hashable, Codable {
  /// How long the break lasts, in the duration unit.
  public var duration: Int64
  /// When the break may start (under the window rule: when it must start).
  public var window: TimeWindow
  /// The longest the vehicle may drive before it takes the break, and after it, in the duration unit;
  /// `nil` for the window rule.
  public var maxDrivingBeforeBreak: Int64?

  /// Creates a break rule: the window rule, or with `maxDrivingBeforeBreak` the driving-time rule.
  public init(duration: Int64, window: TimeWindow, maxDrivingBeforeBreak: Int64? = nil) {
    self.duration = duration
    self.window = window
    self.maxDrivingBeforeBreak = maxDrivingBeforeBreak
  }

  /// The driving-time rule: a break of `duration` owed after more than `maxDriving` of driving, for
  /// example `drivingLimit(duration: 2_700, maxDriving: 16_200)` in seconds for the EU rule.
  public static func drivingLimit(duration: Int64, maxDriving: Int64, window: TimeWindow = .always) -> BreakRule {
    BreakRule(duration: duration, window: window, maxDrivingBeforeBreak: maxDriving)
  }
}

/// A kind of vehicle: its capacity, how many there are, where and when it drives, and what it costs.
public struct VehicleType: Sendable, Hashable, Codable {
  /// A name for messages and output files.
  public var name: String
  /// The most load one trip (between disposal visits) may carry, per capacity dimension.
  public var capacities: [Int64]
  /// How many vehicles of this type may be used, or `nil` for as many as needed.
  public var count: Int?
  /// The index of the depot where routes start.
  public var startDepot: Int
  /// The index of the depot where routes end.
  public var endDepot: Int
  /// The longest a route may last (travel, service, waiting, unloading and break), or `nil`.
  public var maxDuration: Int64?
  /// The longest a route may be (travel only), in the distance unit, or `nil`.
  public var maxDistance: Int64?
  /// The shift: departure from the start depot and arrival at the end depot lie inside it.
  public var shift: TimeWindow?
  /// The break rule of this type's drivers, or `nil` for none.
  public var breakRule: BreakRule?
  /// The most load (first dimension) one route may collect over all its trips in a day, or `nil`.
  public var maxTotalLoad: Int64?
  /// The most clients one route may visit, or `nil`.
  public var maxStops: Int?
  /// The disposal sites this type may use (indices into ``Problem/disposalSites``), or `nil` for all.
  public var allowedDisposalSites: [Int]?
  /// The cost of using one vehicle of this type, in cost units.
  public var fixedCost: Int64
  /// The cost per distance unit driven (1 makes cost equal distance).
  public var unitDistanceCost: Int64
  /// The cost per duration unit of the route (from departure to return, waiting included).
  public var unitDurationCost: Int64

  /// The capacity in the first dimension.
  public var capacity: Int64 {
    get { capacities.first ?? 0 }
    set {
      if capacities.isEmpty { capacities = [newValue] } else { capacities[0] = newValue }
    }
  }

  /// Creates a vehicle type with one capacity dimension (the CVRP case, with optional limits).
  public init(
    name: String = "vehicle",
    capacity: Int64,
    count: Int? = nil,
    startDepot: Int = 0,
    endDepot: Int = 0,
    maxDuration: Int64? = nil,
    maxDistance: Int64? = nil
  ) {
    self.init(
      name: name, capacities: [capacity], count: count, startDepot: startDepot, endDepot: endDepot,
      maxDuration: maxDuration, maxDistance: maxDistance)
  }

  /// Creates a vehicle type.
  public init(
    name: String = "vehicle",
    capacities: [Int64],
    count: Int? = nil,
    startDepot: Int = 0,
    endDepot: Int = 0,
    maxDuration: Int64? = nil,
    maxDistance: Int64? = nil,
    shift: TimeWindow? = nil,
    breakRule: BreakRule? = nil,
    maxTotalLoad: Int64? = nil,
    maxStops: Int? = nil,
    allowedDisposalSites: [Int]? = nil,
    fixedCost: Int64 = 0,
    unitDistanceCost: Int64 = 1,
    unitDurationCost: Int64 = 0
  ) {
    self.name = name
    self.capacities = capacities
    self.count = count
    self.startDepot = startDepot
    self.endDepot = endDepot
    self.maxDuration = maxDuration
    self.maxDistance = maxDistance
    self.shift = shift
    self.breakRule = breakRule
    self.maxTotalLoad = maxTotalLoad
    self.maxStops = maxStops
    self.allowedDisposalSites = allowedDisposalSites
    self.fixedCost = fixedCost
    self.unitDistanceCost = unitDistanceCost
    self.unitDurationCost = unitDurationCost
  }
}
