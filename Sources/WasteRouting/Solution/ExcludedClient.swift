/// Why a client is not served: the rule that excludes it.
///
/// The solver serves everything it can and names every client it leaves out with one of these. The
/// first five are properties of the client alone, checked before the search on a route of its own (start
/// depot, the client, a disposal visit when the problem has disposal sites, the break when one is owed,
/// end depot) for every vehicle type that may serve it; when no type can, the reason names the rule that
/// failed on the type that came closest (in the order of the cases). The last one depends on the rest
/// of the solution: a limited fleet that cannot also serve the client.
public enum ExclusionReason: Sendable, Hashable, CustomStringConvertible {
  /// No vehicle type may serve the client.
  case noCompatibleVehicle
  /// The client's load in `dimension` exceeds the capacity of every vehicle type that may serve it.
  case loadAboveCapacity(dimension: Int, demand: Int64, largestCapacity: Int64)
  /// No vehicle type that may serve the client has an allowed disposal site open when it could get there.
  case noDisposalSite
  /// No vehicle type that may serve the client reaches it inside one of its time windows and gets back
  /// within its shift, even on a route of its own.
  case windowUnreachable
  /// Even on a route of its own the client breaks every compatible vehicle type's duration, distance,
  /// stop or daily load limit.
  case routeLimitExceeded
  /// The fleet is limited and the solution found no room for the client: the other clients used the
  /// vehicles. Required clients are left out fewest first, and among those the ones whose
  /// ``Client/prize`` (for a required client: what leaving it out costs) is lowest.
  case notEnoughVehicles

  /// A short machine-readable name of the rule (the `rule` field in JSON).
  public var rule: String {
    switch self {
    case .noCompatibleVehicle: "noCompatibleVehicle"
    case .loadAboveCapacity: "loadAboveCapacity"
    case .noDisposalSite: "noDisposalSite"
    case .windowUnreachable: "windowUnreachable"
    case .routeLimitExceeded: "routeLimitExceeded"
    case .notEnoughVehicles: "notEnoughVehicles"
    }
  }

  /// Whether the rule is a property of the client alone (known before the search), rather than of the
  /// fleet's other work.
  public var isIntrinsic: Bool { self != .notEnoughVehicles }

  /// One line for people.
  public var description: String {
    switch self {
    case .noCompatibleVehicle: "no vehicle type may serve it"
    case let .loadAboveCapacity(dimension, demand, largest):
      "its load \(demand) in capacity dimension \(dimension) exceeds every compatible vehicle's capacity (at most \(largest))"
    case .noDisposalSite: "no compatible vehicle can reach an allowed disposal site open after serving it"
    case .windowUnreachable:
      "no compatible vehicle can reach it within its time windows and return within its shift"
    case .routeLimitExceeded:
      "even alone it breaks every compatible vehicle's duration, distance, stop or daily load limit"
    case .notEnoughVehicles: "the limited fleet has no room left for it"
    }
  }
}

/// A client left out of a solution, and why.
public struct ExcludedClient: Sendable, Hashable {
  /// The client index (0-based, into ``Problem/clients``).
  public var client: Int
  /// The rule that excludes it.
  public var reason: ExclusionReason

  /// Creates an exclusion.
  public init(client: Int, reason: ExclusionReason) {
    self.client = client
    self.reason = reason
  }
}

extension ExclusionReason: Codable {
  private enum CodingKeys: String, CodingKey { case rule, dimension, demand, largestCapacity }

  /// Decodes `{"rule": "...", ...}` as written by ``encode(to:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let rule = try container.decode(String.self, forKey: .rule)
    switch rule {
    case "noCompatibleVehicle": self = .noCompatibleVehicle
    case "loadAboveCapacity":
      self = .loadAboveCapacity(
        dimension: try container.decode(Int.self, forKey: .dimension),
        demand: try container.decode(Int64.self, forKey: .demand),
        largestCapacity: try container.decode(Int64.self, forKey: .largestCapacity))
    case "noDisposalSite": self = .noDisposalSite
    case "windowUnreachable": self = .windowUnreachable
    case "routeLimitExceeded": self = .routeLimitExceeded
    case "notEnoughVehicles": self = .notEnoughVehicles
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .rule, in: container, debugDescription: "unknown exclusion rule \"\(rule)\"")
    }
  }

  /// Encodes the rule name, and for ``loadAboveCapacity(dimension:demand:largestCapacity:)`` its numbers.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(rule, forKey: .rule)
    if case let .loadAboveCapacity(dimension, demand, largest) = self {
      try container.encode(dimension, forKey: .dimension)
      try container.encode(demand, forKey: .demand)
      try container.encode(largest, forKey: .largestCapacity)
    }
  }
}

extension ExcludedClient: Codable {}
