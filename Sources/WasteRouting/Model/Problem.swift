/// A planar position, in the units of the instance (VRPLIB coordinates, or longitude and latitude).
public struct Coordinate: Sendable, Hashable, Codable {
  /// The first coordinate (x, or longitude in degrees).
  public var x: Double
  /// The second coordinate (y, or latitude in degrees).
  public var y: Double

  /// Creates a coordinate.
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

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

/// A stop that must be visited exactly once.
public struct Client: Sendable, Hashable, Codable {
  /// A name for messages and output files.
  public var name: String
  /// Where the client is, when known; used for neighbourhoods and maps, never for costs.
  public var coordinate: Coordinate?
  /// The load picked up here, in the instance's load unit (0 or more).
  public var demand: Int64
  /// Time spent at the stop, in the duration matrix's unit (0 or more).
  public var serviceDuration: Int64

  /// Creates a client.
  public init(name: String, coordinate: Coordinate? = nil, demand: Int64, serviceDuration: Int64 = 0) {
    self.name = name
    self.coordinate = coordinate
    self.demand = demand
    self.serviceDuration = serviceDuration
  }
}

/// A kind of vehicle: its capacity, how many there are, and where and how long it may drive.
public struct VehicleType: Sendable, Hashable, Codable {
  /// A name for messages and output files.
  public var name: String
  /// The most load one route may carry, in the instance's load unit.
  public var capacity: Int64
  /// How many vehicles of this type may be used, or `nil` for as many as needed.
  public var count: Int?
  /// The index of the depot where routes start.
  public var startDepot: Int
  /// The index of the depot where routes end.
  public var endDepot: Int
  /// The longest a route may last (travel plus service), in the duration unit, or `nil`.
  public var maxDuration: Int64?
  /// The longest a route may be (travel only), in the distance unit, or `nil`.
  public var maxDistance: Int64?

  /// Creates a vehicle type.
  public init(
    name: String = "vehicle",
    capacity: Int64,
    count: Int? = nil,
    startDepot: Int = 0,
    endDepot: Int = 0,
    maxDuration: Int64? = nil,
    maxDistance: Int64? = nil
  ) {
    self.name = name
    self.capacity = capacity
    self.count = count
    self.startDepot = startDepot
    self.endDepot = endDepot
    self.maxDuration = maxDuration
    self.maxDistance = maxDistance
  }
}

/// An immutable, validated vehicle-routing problem.
///
/// Locations are numbered depots first, then clients: location `l` is `depots[l]` for
/// `l < depots.count`, else `clients[l - depots.count]`. Both matrices are indexed by location
/// and may be asymmetric. All quantities are integers so that move evaluation is exact; an instance
/// with fractional distances is scaled (see ``costScale``).
///
/// ```swift
/// let problem = try Problem(
///   depots: [Depot(name: "1")],
///   clients: [Client(name: "2", demand: 3), Client(name: "3", demand: 4)],
///   vehicleTypes: [VehicleType(capacity: 10)],
///   distances: Matrix(size: 3) { i, j in i == j ? 0 : 10 })
/// ```
public struct Problem: Sendable {
  /// A name for messages and output files.
  public let name: String
  /// The depots; location `d` is depot `d`.
  public let depots: [Depot]
  /// The clients; client `c` is location `depots.count + c`.
  public let clients: [Client]
  /// The vehicle types of the fleet.
  public let vehicleTypes: [VehicleType]
  /// Travel distance between locations (the objective).
  public let distances: Matrix<Int64>
  /// Travel time between locations (for route durations).
  public let durations: Matrix<Int64>
  /// How many matrix units make one reported unit (1 for rounded VRPLIB distances; for example
  /// 10 000 when fractional distances are kept to four decimals).
  public let costScale: Int64

  /// The number of locations, depots and clients.
  public var locationCount: Int { depots.count + clients.count }

  /// The location index of client `client`.
  @inline(__always)
  public func location(ofClient client: Int) -> Int { depots.count + client }

  /// Creates and validates a problem.
  ///
  /// - Parameters:
  ///   - durations: travel times; `nil` uses `distances`.
  /// - Throws: ``ProblemError`` naming the first offending field and id.
  public init(
    name: String = "problem",
    depots: [Depot],
    clients: [Client],
    vehicleTypes: [VehicleType],
    distances: Matrix<Int64>,
    durations: Matrix<Int64>? = nil,
    costScale: Int64 = 1
  ) throws(ProblemError) {
    self.name = name
    self.depots = depots
    self.clients = clients
    self.vehicleTypes = vehicleTypes
    self.distances = distances
    self.durations = durations ?? distances
    self.costScale = costScale
    try validate()
  }

  /// Converts a matrix-unit cost into reported units.
  public func reportedCost(_ cost: Int64) -> Double {
    Double(cost) / Double(costScale)
  }
}
