/// One stop of a route, between its start and end depots.
///
/// JSON: `{"kind": "client", "index": 0}`, `{"kind": "disposal", "index": 1}` or `{"kind": "break"}`
/// (indices 0-based, as in the visits of ``SolutionJSON``).
public enum Visit: Sendable, Hashable {
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
///
/// JSON: `{"vehicleType": 0, "visits": [{"kind": "client", "index": 3}, {"kind": "break"}, ...]}` (see
/// ``Visit``).
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
///
/// JSON (the `Codable` form, for storing or sending a solution; ``SolutionJSON`` writes the report with
/// schedules and totals): `{"routes": [...], "excludedClients": [{"client": 7, "reason": {"rule":
/// "windowUnreachable"}}]}`, routes as in ``Route``; `excludedClients` may be omitted when empty.
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

// MARK: - Codable

extension Visit: Codable {
  private enum CodingKeys: String, CodingKey { case kind, index }

  /// Decodes `{"kind": "client" | "disposal", "index": n}` or `{"kind": "break"}`.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let kind = try container.decode(String.self, forKey: .kind)
    switch kind {
    case "client": self = .client(try container.decode(Int.self, forKey: .index))
    case "disposal": self = .disposal(try container.decode(Int.self, forKey: .index))
    case "break": self = .break
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: container,
        debugDescription: "unknown visit kind \"\(kind)\" (expected client, disposal or break)")
    }
  }

  /// Encodes the kind and, for a client or disposal visit, its index.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case let .client(index):
      try container.encode("client", forKey: .kind)
      try container.encode(index, forKey: .index)
    case let .disposal(index):
      try container.encode("disposal", forKey: .kind)
      try container.encode(index, forKey: .index)
    case .break:
      try container.encode("break", forKey: .kind)
    }
  }
}

extension Solution {
  private enum CodingKeys: String, CodingKey { case routes, excludedClients }

  /// Decodes `{"routes": [...], "excludedClients": [...]}`; a missing `excludedClients` is empty, and
  /// routes without any client are dropped (as ``init(routes:excludedClients:)`` does).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      routes: try container.decode([Route].self, forKey: .routes),
      excludedClients: try container.decodeIfPresent([ExcludedClient].self, forKey: .excludedClients) ?? [])
  }
}
