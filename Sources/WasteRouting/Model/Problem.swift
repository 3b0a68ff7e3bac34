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

/// An immutable, validated vehicle-routing problem.
///
/// Locations are numbered depots first, then disposal sites, then clients: location `l` is
/// `depots[l]` for `l < depots.count`, then `disposalSites[l - depots.count]`, then
/// `clients[l - depots.count - disposalSites.count]`. Both matrices are indexed by location
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
  /// The disposal sites; site `s` is location `depots.count + s`.
  public let disposalSites: [DisposalSite]
  /// The clients; client `c` is location `depots.count + disposalSites.count + c`.
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
  /// How many duration units make one reported time unit (1 when durations are already seconds; for
  /// example 1 000 for milliseconds reported as seconds).
  public let timeScale: Int64

  /// The number of locations: depots, disposal sites and clients.
  public var locationCount: Int { depots.count + disposalSites.count + clients.count }

  /// The location index of client `client`.
  @inline(__always)
  public func location(ofClient client: Int) -> Int { depots.count + disposalSites.count + client }

  /// The location index of disposal site `site`.
  @inline(__always)
  public func location(ofDisposalSite site: Int) -> Int { depots.count + site }

  /// The number of capacity dimensions (the longest capacity or demand list).
  public var dimensionCount: Int {
    max(vehicleTypes.map(\.capacities.count).max() ?? 1, clients.map(\.demands.count).max() ?? 1, 1)
  }

  /// Whether the problem is a plain capacitated VRP: one depot, one vehicle type with one capacity
  /// dimension and at most duration and distance limits, required clients without time windows or
  /// restrictions, no disposal sites and no costs beyond distance.
  public var isCapacitatedOnly: Bool {
    guard depots.count == 1, vehicleTypes.count == 1, disposalSites.isEmpty else { return false }
    let type = vehicleTypes[0]
    guard type.capacities.count <= 1, type.startDepot == 0, type.endDepot == 0, type.shift == nil,
      type.breakRule == nil, type.maxTotalLoad == nil, type.maxStops == nil, type.fixedCost == 0,
      type.unitDistanceCost == 1, type.unitDurationCost == 0
    else { return false }
    return clients.allSatisfy {
      $0.demands.count <= 1 && $0.timeWindows.isEmpty && $0.isRequired && $0.allowedVehicleTypes == nil
    }
  }

  /// Creates and validates a problem.
  ///
  /// - Parameters:
  ///   - name: A name for messages and output files.
  ///   - depots: The depots; location `d` is depot `d`.
  ///   - disposalSites: The disposal sites; site `s` is location `depots.count + s`.
  ///   - clients: The clients; client `c` is location `depots.count + disposalSites.count + c`.
  ///   - vehicleTypes: The vehicle types of the fleet.
  ///   - distances: Travel distances between locations (the objective), square over all locations.
  ///   - durations: travel times; `nil` uses `distances`.
  ///   - costScale: How many matrix units make one reported unit.
  ///   - timeScale: How many duration units make one reported time unit.
  /// - Throws: ``ProblemError`` naming the first offending field and id.
  public init(
    name: String = "problem",
    depots: [Depot],
    disposalSites: [DisposalSite] = [],
    clients: [Client],
    vehicleTypes: [VehicleType],
    distances: Matrix<Int64>,
    durations: Matrix<Int64>? = nil,
    costScale: Int64 = 1,
    timeScale: Int64 = 1
  ) throws(ProblemError) {
    self.name = name
    self.depots = depots
    self.disposalSites = disposalSites
    self.clients = clients
    self.timeScale = timeScale
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

  /// Converts a duration or time into reported time units.
  public func reportedTime(_ time: Int64) -> Double {
    Double(time) / Double(timeScale)
  }
}

extension Problem {
  /// The same problem with only the clients `kept`, in that order (depots, sites and vehicle types
  /// unchanged; client `k` of the result is client `kept[k]` of `self`).
  ///
  /// - Complexity: O(locations²).
  func keepingClients(_ kept: [Int]) -> Problem {
    let fixed = depots.count + disposalSites.count
    let locations = Array(0..<fixed) + kept.map { location(ofClient: $0) }
    func restricted(_ matrix: Matrix<Int64>) -> Matrix<Int64> {
      var storage: [Int64] = []
      storage.reserveCapacity(locations.count * locations.count)
      for i in locations {
        for j in locations { storage.append(matrix[i, j]) }
      }
      return Matrix(unchecked: locations.count, locations.count, storage)
    }
    return Problem(
      validatedName: name, depots: depots, disposalSites: disposalSites, clients: kept.map { clients[$0] },
      vehicleTypes: vehicleTypes, distances: restricted(distances), durations: restricted(durations),
      costScale: costScale, timeScale: timeScale)
  }

  /// A problem made from the parts of one already validated.
  private init(
    validatedName name: String, depots: [Depot], disposalSites: [DisposalSite], clients: [Client],
    vehicleTypes: [VehicleType], distances: Matrix<Int64>, durations: Matrix<Int64>, costScale: Int64,
    timeScale: Int64
  ) {
    self.name = name
    self.depots = depots
    self.disposalSites = disposalSites
    self.clients = clients
    self.vehicleTypes = vehicleTypes
    self.distances = distances
    self.durations = durations
    self.costScale = costScale
    self.timeScale = timeScale
  }
}
