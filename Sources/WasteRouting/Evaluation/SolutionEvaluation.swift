/// The verdict of ``SolutionEvaluator`` on a solution: its cost and every constraint it breaks.
public struct SolutionEvaluation: Sendable, Equatable {
  /// Whether the solution breaks no constraint (``violations`` is empty).
  public var isFeasible: Bool
  /// The total travel distance, in matrix units (see ``Problem/costScale``).
  public var cost: Int64
  /// ``cost`` in reported units: `cost / costScale`.
  public var reportedCost: Double
  /// The number of non-empty routes.
  public var routeCount: Int
  /// One human-readable line per broken constraint, naming the route (1-based, in solution order) and
  /// the client (1-based position, as in a CVRPLIB `.sol`, with its name).
  public var violations: [String]
  /// A summary of each non-empty route, in solution order.
  public var routes: [RouteEvaluation]

  /// Creates an evaluation.
  public init(
    isFeasible: Bool, cost: Int64, reportedCost: Double, routeCount: Int, violations: [String],
    routes: [RouteEvaluation] = []
  ) {
    self.isFeasible = isFeasible
    self.cost = cost
    self.reportedCost = reportedCost
    self.routeCount = routeCount
    self.violations = violations
    self.routes = routes
  }
}

/// What one route of a solution carries and how long it is. Values are in matrix units.
public struct RouteEvaluation: Sendable, Equatable {
  /// The route's vehicle type index (possibly invalid: see the violations).
  public var vehicleType: Int
  /// The number of client visits.
  public var clientCount: Int
  /// The total demand of its clients.
  public var load: Int64
  /// The travel distance from start depot to end depot.
  public var distance: Int64
  /// Travel time plus service time.
  public var duration: Int64

  /// Creates a route summary.
  public init(vehicleType: Int, clientCount: Int, load: Int64, distance: Int64, duration: Int64) {
    self.vehicleType = vehicleType
    self.clientCount = clientCount
    self.load = load
    self.distance = distance
    self.duration = duration
  }
}
