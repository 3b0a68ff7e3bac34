/// The problem as the search reads it: flat, preallocated, integer data with precomputed
/// neighbour lists. Built once per solve; read-only afterwards.
///
/// Locations follow ``Problem``: 0 is the depot and clients are 1...`clientCount`.
final class SearchData {
  /// Number of clients.
  let clientCount: Int
  /// Number of locations (clients + 1).
  let locationCount: Int
  /// Row-major distance matrix.
  let distance: UnsafeMutablePointer<Int64>
  /// The distance matrix transposed (`distanceTransposed[b * size + a] == d(a, b)`), so that scans over
  /// many predecessors `a` of one client `b` read a single row.
  let distanceTransposed: UnsafeMutablePointer<Int64>
  /// Row-major travel-time matrix; the same buffer as `distance` when the problem's matrices are equal.
  let travelTime: UnsafeMutablePointer<Int64>
  /// Whether `travelTime` and `distance` are the same matrix.
  let timeIsDistance: Bool
  /// Demand per location (0 at the depot).
  let demand: UnsafeMutablePointer<Int64>
  /// Service duration per location (0 at the depot).
  let service: UnsafeMutablePointer<Int64>
  /// Vehicle capacity.
  let capacity: Int64
  /// Route duration limit, or `Int64.max`.
  let maxDuration: Int64
  /// Route distance limit, or `Int64.max`.
  let maxDistance: Int64
  /// Whether routes have a duration limit (so durations must be tracked).
  let tracksDuration: Bool
  /// Number of route slots the search uses.
  let vehicleCount: Int
  /// Whether `vehicleCount` is a hard fleet limit (rather than a generous default).
  let fleetIsLimited: Bool
  /// Granular neighbourhoods: the neighbours of client `u` are
  /// `neighbours[neighbourStart[u] ..< neighbourStart[u + 1]]`.
  var neighbourStart: [Int]
  var neighbours: [Int]
  /// Polar angle of each location around the depot in 1/65 536 turns, when coordinates exist.
  let polarAngle: [Int]
  /// Whether coordinates exist (SWAP* route filtering needs them).
  let hasCoordinates: Bool
  /// The largest matrix distance and the largest demand (penalty initialisation).
  let maxArcDistance: Int64
  let maxDemand: Int64
  /// Total client demand.
  let totalDemand: Int64
  /// Matrix units per reported unit (``Problem/costScale``).
  let costScale: Int64

  init(problem: Problem, granularity: Int) {
    let n = problem.clients.count
    let size = problem.locationCount
    clientCount = n
    locationCount = size
    distance = .allocate(capacity: size * size)
    distance.initialize(from: problem.distances.storage, count: size * size)
    distanceTransposed = .allocate(capacity: size * size)
    for a in 0..<size {
      for b in 0..<size { distanceTransposed[b * size + a] = distance[a * size + b] }
    }
    timeIsDistance = problem.durations == problem.distances
    if timeIsDistance {
      travelTime = distance
    } else {
      travelTime = .allocate(capacity: size * size)
      travelTime.initialize(from: problem.durations.storage, count: size * size)
    }
    demand = .allocate(capacity: size)
    service = .allocate(capacity: size)
    demand[0] = 0
    service[0] = 0
    var total: Int64 = 0
    var largestDemand: Int64 = 0
    for (c, client) in problem.clients.enumerated() {
      demand[c + 1] = client.demand
      service[c + 1] = client.serviceDuration
      total += client.demand
      largestDemand = max(largestDemand, client.demand)
    }
    totalDemand = total
    maxDemand = largestDemand
    maxArcDistance = problem.distances.storage.max() ?? 0
    costScale = problem.costScale

    let type = problem.vehicleTypes[0]
    capacity = type.capacity
    maxDuration = type.maxDuration ?? .max
    maxDistance = type.maxDistance ?? .max
    tracksDuration = type.maxDuration != nil
    if let count = type.count {
      vehicleCount = count
      fleetIsLimited = true
    } else {
      // Generous, as in HGS-CVRP: 30 % above the bin-packing bound, plus three.
      let bound = type.capacity > 0 ? (Double(total) / Double(type.capacity)).rounded(.up) : 1
      vehicleCount = min(n, Int(1.3 * bound) + 3)
      fleetIsLimited = false
    }

    let coordinates = [problem.depots[0].coordinate] + problem.clients.map(\.coordinate)
    hasCoordinates = coordinates.allSatisfy { $0 != nil }
    if hasCoordinates, let depot = coordinates[0] {
      polarAngle = coordinates.map { c in
        guard let c else { return 0 }
        let angle = atan2(c.y - depot.y, c.x - depot.x)  // -pi...pi
        let turns = angle / (2 * Double.pi) + 0.5
        return Int((turns * 65_536).rounded(.down)) & 0xFFFF
      }
    } else {
      polarAngle = Array(repeating: 0, count: size)
    }

    neighbourStart = []
    neighbours = []
    buildNeighbourhoods(granularity: granularity)
  }

  deinit {
    if !timeIsDistance { travelTime.deallocate() }
    distance.deallocate()
    distanceTransposed.deallocate()
    demand.deallocate()
    service.deallocate()
  }

  @inline(__always) func dist(_ a: Int, _ b: Int) -> Int64 { distance[a &* locationCount &+ b] }
  @inline(__always) func distTo(_ b: Int, from a: Int) -> Int64 { distanceTransposed[b &* locationCount &+ a] }
  @inline(__always) func time(_ a: Int, _ b: Int) -> Int64 { travelTime[a &* locationCount &+ b] }

  /// Load, distance and duration of a whole route, and its excesses over the limits.
  struct RouteTotals {
    var load: Int64 = 0
    var distance: Int64 = 0
    /// Travel time plus service time.
    var duration: Int64 = 0

    /// Load above the vehicle capacity.
    func loadExcess(_ data: SearchData) -> Int64 { max(0, load - data.capacity) }

    /// Duration above the duration limit plus distance above the distance limit.
    func durationExcess(_ data: SearchData) -> Int64 {
      max(0, distance - data.maxDistance) + (data.tracksDuration ? max(0, duration - data.maxDuration) : 0)
    }
  }

  /// The totals of the route visiting `clients` (locations 1...n) from the depot back to the depot.
  ///
  /// - Complexity: O(`clients.count`).
  func totals(of clients: [Int]) -> RouteTotals {
    var totals = RouteTotals()
    var previous = 0
    for client in clients {
      totals.load += demand[client]
      totals.distance += dist(previous, client)
      totals.duration += time(previous, client) + service[client]
      previous = client
    }
    totals.distance += dist(previous, 0)
    totals.duration += time(previous, 0)
    return totals
  }

  /// Correlated vertices as in HGS-CVRP (Vidal 2022): the `granularity` clients nearest to `u` by the
  /// symmetric proximity d(u,v) + d(v,u), closed under symmetry (v near u implies u near v).
  private func buildNeighbourhoods(granularity: Int) {
    let n = clientCount
    var sets = Array(repeating: Set<Int>(), count: n + 1)
    let k = min(granularity, n - 1)
    if k > 0 {
      var order: [(Int64, Int)] = []
      order.reserveCapacity(n)
      for u in 1...n {
        order.removeAll(keepingCapacity: true)
        for v in 1...n where v != u { order.append((dist(u, v) + dist(v, u), v)) }
        order.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        for (_, v) in order.prefix(k) {
          sets[u].insert(v)
          sets[v].insert(u)
        }
      }
    }
    neighbourStart = [0]
    neighbourStart.reserveCapacity(n + 2)
    neighbourStart.append(0)  // location 0 (depot) has none
    for u in 1..<(n + 1) {
      neighbours.append(contentsOf: sets[u].sorted())
      neighbourStart.append(neighbours.count)
    }
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
