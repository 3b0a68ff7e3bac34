/// One stop of a route, between its start and end depots.
public enum Visit: Sendable, Hashable, Codable {
  /// Client `index` (0-based, into ``Problem/clients``).
  case client(Int)
  /// An unloading stop at disposal site `index` (into ``Problem/disposalSites``); the load drops to zero.
  case disposal(Int)
  /// The driver's break, taken where the vehicle is: after the previous stop, before driving on.
  case `break`

  /// The client index, when this visit is a client.
  public var client: Int? {
    if case let .client(index) = self { index } else { nil }
  }
}

/// One vehicle's route: its stops in order, between its start and end depots.
public struct Route: Sendable, Hashable, Codable {
  /// The index of the vehicle type driving the route.
  public var vehicleType: Int
  /// The stops in visiting order: clients, disposal visits and the break.
  public var visits: [Visit]

  /// The clients in visiting order (0-based indices into ``Problem/clients``).
  public var clients: [Int] { visits.compactMap(\.client) }

  /// Creates a route that visits only clients (the CVRP case).
  public init(vehicleType: Int = 0, clients: [Int]) {
    self.vehicleType = vehicleType
    self.visits = clients.map(Visit.client)
  }

  /// Creates a route from its stops.
  public init(vehicleType: Int = 0, visits: [Visit]) {
    self.vehicleType = vehicleType
    self.visits = visits
  }
}

/// A set of routes for a ``Problem``, and the clients it leaves out with the rule that excludes each.
/// It need not be feasible: check it with ``SolutionEvaluator``.
public struct Solution: Sendable, Hashable, Codable {
  /// The non-empty routes.
  public var routes: [Route]
  /// The clients the solver could not serve, each with its reason (unvisited optional clients that
  /// were merely not worth their detour are not listed).
  public var excludedClients: [ExcludedClient]

  /// Creates a solution from its routes; routes without any client are dropped.
  public init(routes: [Route], excludedClients: [ExcludedClient] = []) {
    self.routes = routes.filter { !$0.clients.isEmpty }
    self.excludedClients = excludedClients
  }
}
