/// The full verdict of ``SolutionEvaluator/evaluateInDetail(_:for:)``: every route's schedule, loads,
/// distance, duration and cost, the solution's cost, and every broken constraint.
///
/// All values are in the problem's integer units: distances and costs in matrix units (divide by
/// ``Problem/costScale`` to report them), times and durations in duration units (divide by
/// ``Problem/timeScale``), loads as given in ``Client/demands``.
public struct DetailedEvaluation: Sendable, Equatable {
  /// Whether the solution breaks no constraint (``violations`` is empty).
  public var isFeasible: Bool
  /// The total cost: every route's cost plus the prize of every optional client left out.
  public var cost: Int64
  /// ``cost`` in reported units: `cost / costScale`.
  public var reportedCost: Double
  /// The total travel distance of all routes, in matrix units.
  public var distance: Int64
  /// ``distance`` in reported units: `distance / costScale`.
  public var reportedDistance: Double
  /// The sum of the prizes of the optional clients no route visits (part of ``cost``).
  public var unvisitedPrizes: Int64
  /// The number of evaluated routes per vehicle type (indexed like ``Problem/vehicleTypes``).
  public var vehiclesPerType: [Int]
  /// The number of evaluated routes (routes with at least one client visit).
  public var vehicleCount: Int
  /// One schedule per evaluated route, in solution order.
  public var routes: [RouteSchedule]
  /// Every broken constraint, route by route in solution order, then the solution-wide ones.
  public var violations: [Violation]

  /// Creates an evaluation.
  public init(
    isFeasible: Bool, cost: Int64, reportedCost: Double, distance: Int64, reportedDistance: Double,
    unvisitedPrizes: Int64, vehiclesPerType: [Int], vehicleCount: Int, routes: [RouteSchedule],
    violations: [Violation]
  ) {
    self.isFeasible = isFeasible
    self.cost = cost
    self.reportedCost = reportedCost
    self.distance = distance
    self.reportedDistance = reportedDistance
    self.unvisitedPrizes = unvisitedPrizes
    self.vehiclesPerType = vehiclesPerType
    self.vehicleCount = vehicleCount
    self.routes = routes
    self.violations = violations
  }
}

/// One route's timetable and totals, as ``SolutionEvaluator/evaluateInDetail(_:for:)`` computes it.
///
/// The schedule finishes as early as possible and, among such schedules, leaves the start depot as
/// late as possible (see <doc:RouteSemantics>).
public struct RouteSchedule: Sendable, Equatable {
  /// The index of the route in ``Solution/routes``.
  public var routeIndex: Int
  /// The route's vehicle type index (possibly invalid: see the violations; then nothing is scheduled).
  public var vehicleType: Int
  /// The start depot, every scheduled visit in order, then the end depot. Visits that cannot be
  /// scheduled (an unknown client or site, or a break for a type without break rule) are left out.
  public var visits: [ScheduledVisit]
  /// The load of each trip per capacity dimension: a trip ends at each disposal visit, and the clients
  /// after the last one form a last trip.
  public var trips: [[Int64]]
  /// The load of the whole route per capacity dimension.
  public var totalLoad: [Int64]
  /// The number of client visits.
  public var clientCount: Int
  /// The travel distance from start depot to end depot, in matrix units.
  public var distance: Int64
  /// The departure from the start depot.
  public var departure: Int64
  /// The arrival at the end depot.
  public var arrival: Int64
  /// `arrival - departure`: travel, service, unloading, the break and waiting.
  public var duration: Int64
  /// The total waiting time (before windows open, including the break's window).
  public var waiting: Int64
  /// `fixedCost + unitDistanceCost × distance + unitDurationCost × duration`, in cost units.
  public var cost: Int64

  /// Creates a route schedule.
  public init(
    routeIndex: Int, vehicleType: Int, visits: [ScheduledVisit], trips: [[Int64]], totalLoad: [Int64],
    clientCount: Int, distance: Int64, departure: Int64, arrival: Int64, duration: Int64, waiting: Int64,
    cost: Int64
  ) {
    self.routeIndex = routeIndex
    self.vehicleType = vehicleType
    self.visits = visits
    self.trips = trips
    self.totalLoad = totalLoad
    self.clientCount = clientCount
    self.distance = distance
    self.departure = departure
    self.arrival = arrival
    self.duration = duration
    self.waiting = waiting
    self.cost = cost
  }
}

/// One line of a route's timetable.
public struct ScheduledVisit: Sendable, Equatable {
  /// What happens at this line.
  public enum Kind: Sendable, Hashable {
    /// Leaving depot `index` (the start of the route).
    case startDepot(Int)
    /// Serving client `index`.
    case client(Int)
    /// Unloading at disposal site `index`.
    case disposal(Int)
    /// The driver's break.
    case `break`
    /// Arriving at depot `index` (the end of the route).
    case endDepot(Int)
  }

  /// What happens here.
  public var kind: Kind
  /// The position of the visit in ``Route/visits``, or `nil` for the depots.
  public var visitIndex: Int?
  /// When the vehicle arrives (for the break: when it is ready, after the previous service).
  public var arrival: Int64
  /// When service, unloading or the break starts (for the depots: the departure and the arrival).
  public var start: Int64
  /// When the vehicle is done here: `start` plus the service, unload or break duration.
  public var departure: Int64
  /// The load on board after this visit, per capacity dimension.
  public var load: [Int64]

  /// `start - arrival`: time spent waiting for a window to open.
  public var waiting: Int64 { start - arrival }

  /// Creates a timetable line.
  public init(kind: Kind, visitIndex: Int?, arrival: Int64, start: Int64, departure: Int64, load: [Int64]) {
    self.kind = kind
    self.visitIndex = visitIndex
    self.arrival = arrival
    self.start = start
    self.departure = departure
    self.load = load
  }
}

extension DetailedEvaluation {
  /// One broken constraint of a solution, with a one-line message naming the route and the visit.
  public struct Violation: Sendable, Equatable, CustomStringConvertible {
    /// Which constraint is broken.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
      /// A required client is not visited.
      case missingClient
      /// A client is visited more than once.
      case duplicateClient
      /// A visit names a client index that does not exist.
      case unknownClient
      /// A visit names a disposal site index that does not exist.
      case unknownDisposalSite
      /// A route's vehicle type does not exist.
      case unknownVehicleType
      /// A client is served by a vehicle type it does not allow.
      case incompatibleVehicleType
      /// A trip carries more than the capacity in some dimension.
      case capacity
      /// A route collects more than ``VehicleType/maxTotalLoad``.
      case maxTotalLoad
      /// A route visits more than ``VehicleType/maxStops`` clients.
      case maxStops
      /// A route does not unload after its last client although the problem has disposal sites.
      case noFinalDisposal
      /// A route unloads at a site its vehicle type may not use.
      case disallowedDisposalSite
      /// Service or unloading starts after its (last) window closes.
      case timeWindow
      /// The route returns to its end depot after the shift ends.
      case shift
      /// A route owes a break (see ``BreakRule``) and takes none.
      case missingBreak
      /// A route drives longer than its break rule's ``BreakRule/maxDrivingBeforeBreak`` before or after
      /// the break.
      case drivingTime
      /// A route takes more than one break.
      case duplicateBreak
      /// A route takes a break although its vehicle type has no break rule.
      case unexpectedBreak
      /// The break starts after its window closes.
      case breakWindow
      /// A route lasts longer than ``VehicleType/maxDuration``.
      case maxDuration
      /// A route is longer than ``VehicleType/maxDistance``.
      case maxDistance
      /// More routes use a vehicle type than ``VehicleType/count``.
      case vehicleCount
      /// A client declared in ``Solution/excludedClients`` is visited, or its rule does not hold (for
      /// example a vehicle that may serve it stays unused although it could serve it alone).
      case unjustifiedExclusion
    }

    /// Which constraint is broken.
    public var kind: Kind
    /// The 0-based index of the route in ``Solution/routes``, or `nil` for solution-wide violations.
    public var route: Int?
    /// The 0-based position of the offending visit in ``Route/visits``, when one visit is to blame.
    public var visit: Int?
    /// The message, naming route and visit 1-based (`route 2, visit 5 (client "17"): …`).
    public var message: String

    /// Creates a violation.
    public init(kind: Kind, route: Int?, visit: Int?, message: String) {
      self.kind = kind
      self.route = route
      self.visit = visit
      self.message = message
    }

    /// The message.
    public var description: String { message }
  }
}

extension ScheduledVisit {
  /// Whether this line is an unloading at a disposal site.
  public var isDisposal: Bool {
    if case .disposal = kind { true } else { false }
  }
}
