#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A rich ``Problem`` flattened for the search: every per-client, per-site and per-type quantity in a
/// contiguous array, and visit codes that say what a route position holds.
///
/// Codes: client `c` is `c`; disposal site `s` is `clientCount + s`; the break is `breakCode`; a
/// depot is `depotCode` (its location comes from the route's vehicle type).
final class RichData {
  let clientCount: Int
  let siteCount: Int
  let typeCount: Int
  let locationCount: Int
  let breakCode: Int
  let depotCode: Int
  /// A time later than any window closes.
  static let never: Int64 = 1 << 60

  let distance: [Int64]
  let travelTime: [Int64]

  // Clients
  let clientLocation: [Int]
  let demand: [SIMD4<Int64>]
  let service: [Int64]
  let windowStart: [Int]  // clientCount + 1 entries into windowEarliest/windowLatest
  let windowEarliest: [Int64]
  let windowLatest: [Int64]
  let isRequired: [Bool]
  /// The optional clients, in index order.
  let optionalClients: [Int]
  let prize: [Int64]
  let allowedTypes: [UInt64]

  // Disposal sites
  let siteLocation: [Int]
  let siteOpens: [Int64]
  let siteCloses: [Int64]
  let siteUnload: [Int64]

  // Vehicle types
  let capacity: [SIMD4<Int64>]
  let startLocation: [Int]
  let endLocation: [Int]
  let shiftStart: [Int64]
  let shiftEnd: [Int64]
  let maxDuration: [Int64]
  let maxDistance: [Int64]
  let maxTotalLoad: [Int64]
  let maxStops: [Int64]
  let fixedCost: [Int64]
  let unitDistanceCost: [Int64]
  let unitDurationCost: [Int64]
  let hasBreak: [Bool]
  let breakDuration: [Int64]
  let breakOpens: [Int64]
  let breakCloses: [Int64]
  /// The sites each type may use, in site order (a type's list is `typeSites[typeSiteStart[t]..<typeSiteStart[t+1]]`).
  let typeSiteStart: [Int]
  let typeSites: [Int]
  /// Types with the same tail class may exchange route ends (same end depot, shift, break, sites and capacities).
  let tailClass: [Int]

  /// The route slots: slot `r` is driven by a vehicle of type `slotType[r]`.
  let slotType: [Int]
  let needsDisposal: Bool
  /// Whether any client has more than one time window.
  let hasMultipleWindows: Bool

  /// Granular neighbourhoods: the clients near client `u` are `neighbours[neighbourStart[u]..<neighbourStart[u+1]]`.
  let neighbourStart: [Int]
  let neighbours: [Int]

  init(problem: Problem, granularity: Int) {
    let n = problem.clients.count
    clientCount = n
    siteCount = problem.disposalSites.count
    typeCount = problem.vehicleTypes.count
    locationCount = problem.locationCount
    breakCode = n + siteCount
    depotCode = n + siteCount + 1
    distance = problem.distances.storage
    travelTime = problem.durations.storage
    needsDisposal = !problem.disposalSites.isEmpty

    var windowStart = [0]
    var earliest: [Int64] = []
    var latest: [Int64] = []
    var allowed: [UInt64] = []
    for client in problem.clients {
      if client.timeWindows.isEmpty {
        earliest.append(0)
        latest.append(Self.never)
      } else {
        for window in client.timeWindows {
          earliest.append(window.earliest)
          latest.append(min(window.latest, Self.never))
        }
      }
      windowStart.append(earliest.count)
      var mask: UInt64 = 0
      for t in client.allowedVehicleTypes ?? Array(problem.vehicleTypes.indices) where t < 64 { mask |= 1 << UInt64(t) }
      allowed.append(mask)
    }
    clientLocation = (0..<n).map(problem.location(ofClient:))
    demand = problem.clients.map { Self.vector($0.demands) }
    service = problem.clients.map(\.serviceDuration)
    self.windowStart = windowStart
    windowEarliest = earliest
    windowLatest = latest
    hasMultipleWindows = problem.clients.contains { $0.timeWindows.count > 1 }
    isRequired = problem.clients.map(\.isRequired)
    optionalClients = problem.clients.indices.filter { !problem.clients[$0].isRequired }
    prize = problem.clients.map(\.prize)
    allowedTypes = allowed

    siteLocation = (0..<siteCount).map(problem.location(ofDisposalSite:))
    siteOpens = problem.disposalSites.map(\.openingHours.earliest)
    siteCloses = problem.disposalSites.map { min($0.openingHours.latest, Self.never) }
    siteUnload = problem.disposalSites.map(\.unloadDuration)

    let types = problem.vehicleTypes
    capacity = types.map { type in
      // Missing dimensions have capacity 0; unused lanes get a huge capacity so they never count.
      var vector = SIMD4<Int64>(repeating: Self.never)
      for d in 0..<Problem.maxDimensions where d < problem.dimensionCount {
        vector[d] = d < type.capacities.count ? type.capacities[d] : 0
      }
      return vector
    }
    startLocation = types.map(\.startDepot)
    endLocation = types.map(\.endDepot)
    shiftStart = types.map { $0.shift?.earliest ?? 0 }
    shiftEnd = types.map { min($0.shift?.latest ?? Self.never, Self.never) }
    maxDuration = types.map { $0.maxDuration ?? Self.never }
    maxDistance = types.map { $0.maxDistance ?? Self.never }
    maxTotalLoad = types.map { $0.maxTotalLoad ?? Self.never }
    maxStops = types.map { $0.maxStops.map(Int64.init) ?? Self.never }
    fixedCost = types.map(\.fixedCost)
    unitDistanceCost = types.map(\.unitDistanceCost)
    unitDurationCost = types.map(\.unitDurationCost)
    hasBreak = types.map { $0.breakRule != nil }
    breakDuration = types.map { $0.breakRule?.duration ?? 0 }
    breakOpens = types.map { $0.breakRule?.window.earliest ?? 0 }
    breakCloses = types.map { min($0.breakRule?.window.latest ?? Self.never, Self.never) }
    var siteStart = [0]
    var sites: [Int] = []
    for type in types {
      sites.append(contentsOf: (type.allowedDisposalSites ?? Array(0..<problem.disposalSites.count)).sorted())
      siteStart.append(sites.count)
    }
    typeSiteStart = siteStart
    typeSites = sites
    var classes: [Int] = []
    for (t, type) in types.enumerated() {
      let same = (0..<t).first { o in
        let other = types[o]
        return other.endDepot == type.endDepot && other.shift == type.shift && other.breakRule == type.breakRule
          && other.allowedDisposalSites == type.allowedDisposalSites && other.capacities == type.capacities
      }
      classes.append(same.map { classes[$0] } ?? t)
    }
    tailClass = classes

    slotType = Self.routeSlots(problem)
    (neighbourStart, neighbours) = Self.neighbourhoods(
      problem: problem, granularity: granularity, earliest: earliest, latest: latest, windowStart: windowStart)
  }

  private static func vector(_ values: [Int64]) -> SIMD4<Int64> {
    var vector = SIMD4<Int64>.zero
    for (d, value) in values.enumerated() where d < Problem.maxDimensions { vector[d] = value }
    return vector
  }

  /// Route slots per type: its count when limited, else a generous bound from the load and the time
  /// the clients need (twice the larger lower bound, plus five), never more than the clients.
  private static func routeSlots(_ problem: Problem) -> [Int] {
    let n = problem.clients.count
    var slots: [Int] = []
    for (t, type) in problem.vehicleTypes.enumerated() {
      if let count = type.count {
        slots.append(contentsOf: repeatElement(t, count: min(count, max(1, n))))
        continue
      }
      let total = problem.clients.reduce(Int64(0)) { $0 + $1.demand }
      var bound = 1.0
      let perRoute = type.maxTotalLoad ?? (problem.disposalSites.isEmpty ? type.capacity : nil)
      if let perRoute, perRoute > 0 { bound = max(bound, (Double(total) / Double(perRoute)).rounded(.up)) }
      let service = problem.clients.reduce(Int64(0)) { $0 + $1.serviceDuration }
      let span = min(type.maxDuration ?? .max, type.shift.map { $0.latest - $0.earliest } ?? .max)
      if span > 0 && span < .max { bound = max(bound, (Double(service) / Double(span)).rounded(.up)) }
      slots.append(contentsOf: repeatElement(t, count: max(1, min(n, Int(2 * bound) + 5))))
    }
    return slots
  }

  /// The `granularity` clients nearest to each client by a proximity that adds to the distance the
  /// waiting and lateness that serving one right after the other would cause (as PyVRP does), made
  /// symmetric.
  private static func neighbourhoods(
    problem: Problem, granularity: Int, earliest: [Int64], latest: [Int64], windowStart: [Int]
  ) -> ([Int], [Int]) {
    let n = problem.clients.count
    let k = min(granularity, n - 1)
    guard k > 0 else { return (Array(repeating: 0, count: n + 1), []) }
    let size = problem.locationCount
    let locations = (0..<n).map(problem.location(ofClient:))
    // Time converts into distance units at the average speed of the matrix.
    var distanceSum = 0.0
    var timeSum = 0.0
    for (d, t) in zip(problem.distances.storage, problem.durations.storage) {
      distanceSum += Double(d)
      timeSum += Double(t)
    }
    let perTime = timeSum > 0 ? distanceSum / timeSum : 1
    let open = (0..<n).map { earliest[windowStart[$0]] }
    let close = (0..<n).map { min(latest[windowStart[$0 + 1] - 1], never) }
    var sets = Array(repeating: Set<Int>(), count: n)
    var order: [(Double, Int)] = []
    order.reserveCapacity(n)
    for u in 0..<n {
      order.removeAll(keepingCapacity: true)
      let lu = locations[u]
      for v in 0..<n where v != u {
        let lv = locations[v]
        let travel = problem.durations.storage[lu * size + lv]
        let wait = max(0, Double(open[v]) - Double(travel) - Double(problem.clients[u].serviceDuration) - Double(close[u]))
        let late = max(0, Double(open[u]) + Double(problem.clients[u].serviceDuration) + Double(travel) - Double(close[v]))
        let proximity = Double(problem.distances.storage[lu * size + lv]) + perTime * (0.2 * wait + late)
        order.append((proximity, v))
      }
      order.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
      for (_, v) in order.prefix(k) {
        sets[u].insert(v)
        sets[v].insert(u)
      }
    }
    var start = [0]
    var flat: [Int] = []
    for u in 0..<n {
      flat.append(contentsOf: sets[u].sorted())
      start.append(flat.count)
    }
    return (start, flat)
  }

  @inline(__always) func dist(_ a: Int, _ b: Int) -> Int64 { distance[a &* locationCount &+ b] }
  @inline(__always) func time(_ a: Int, _ b: Int) -> Int64 { travelTime[a &* locationCount &+ b] }

  /// Whether client `c` may ride in a vehicle of type `t`.
  @inline(__always) func allows(_ c: Int, type t: Int) -> Bool { allowedTypes[c] & (1 << UInt64(t)) != 0 }
}
