/// One vehicle's route: the clients it visits in order, between its start and end depots.
public struct Route: Sendable, Hashable, Codable {
  /// The index of the vehicle type driving the route.
  public var vehicleType: Int
  /// Client indices (0-based, into ``Problem/clients``) in visiting order.
  public var clients: [Int]

  /// Creates a route.
  public init(vehicleType: Int = 0, clients: [Int]) {
    self.vehicleType = vehicleType
    self.clients = clients
  }
}

/// A set of routes for a ``Problem``. It need not be feasible: check it with ``SolutionEvaluator``.
public struct Solution: Sendable, Hashable, Codable {
  /// The non-empty routes.
  public var routes: [Route]

  /// Creates a solution from its routes; empty routes are dropped.
  public init(routes: [Route]) {
    self.routes = routes.filter { !$0.clients.isEmpty }
  }
}
