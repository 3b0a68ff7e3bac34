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
final class RichData: Sendable {
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
  /// The active optional clients, in index order.
  let optionalClients: [Int]
  /// The active clients, in index order.
  let activeClients: [Int]
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
  /// The driving-time rule's limit (``BreakRule/maxDrivingBeforeBreak``), or `never` for the window rule.
  let breakMaxDrive: [Int64]
  /// Whether the type's break follows the driving-time rule.
  let drivingRule: [Bool]
  /// The sites each type may use, in site order (a type's list is `typeSites[typeSiteStart[t]..<typeSiteStart[t+1]]`).
  let typeSiteStart: [Int]
  let typeSites: [Int]
  /// Types with the same tail class may exchange route ends (same end depot, shift, break, sites and capacities).
  let tailClass: [Int]

  /// The route slots the search starts with: slot `r` is driven by a vehicle of type `initialSlots[r]`
  /// (a limited type's count; for an unlimited type a first guess: the search adds slots as it needs).
  let initialSlots: [Int]
  /// Whether each type's count is unlimited.
  let unlimited: [Bool]
  /// Per client, whether the search may route it (clients excluded before the search are inactive).
  let active: [Bool]
  /// What leaving out a required client costs beyond its prize: more than any insertion can cost.
  let unroutedPenalty: Int64
  let needsDisposal: Bool
  /// Whether any client has more than one time window.
  let hasMultipleWindows: Bool

  /// Each client's polar angle around the first depot (radians), when every client and that depot have
  /// coordinates; empty otherwise. Orders routes round the depot for the refinement's regions.
  let clientAngle: [Double]

  /// Granular neighbourhoods: the clients near client `u` are `neighbours[neighbourStart[u]..<neighbourStart[u+1]]`.
  let neighbourStart: [Int]
  let neighbours: [Int]

  /// Flattens `problem`. Clients in `excluded` are never routed; neighbourhoods are built only when
  /// `neighbourhoods` is true (an analysis of single routes needs none).
  init(problem: Problem, granularity: Int, excluded: Set<Int> = [], neighbourhoods: Bool = true) {
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
    let active = problem.clients.indices.map { !excluded.contains($0) }
    self.active = active
    activeClients = problem.clients.indices.filter { active[$0] }
    optionalClients = problem.clients.indices.filter { !problem.clients[$0].isRequired && active[$0] }
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
    drivingRule = types.map { $0.breakRule?.maxDrivingBeforeBreak != nil }
    breakMaxDrive = types.map { min($0.breakRule?.maxDrivingBeforeBreak ?? Self.never, Self.never) }
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

    unlimited = types.map { $0.count == nil }
    if let depot = problem.depots.first?.coordinate, problem.clients.allSatisfy({ $0.coordinate != nil }) {
      clientAngle = problem.clients.map { client in
        let c = client.coordinate ?? depot
        return atan2(c.y - depot.y, c.x - depot.x)
      }
    } else {
      clientAngle = []
    }
    initialSlots = Self.routeSlots(problem, clients: activeClients)
    unroutedPenalty = Self.unroutedPenalty(problem)
    if neighbourhoods {
      (neighbourStart, neighbours) = Self.neighbourhoods(
        problem: problem, granularity: granularity, active: active, earliest: earliest, latest: latest,
        windowStart: windowStart)
    } else {
      (neighbourStart, neighbours) = (Array(repeating: 0, count: n + 1), [])
    }
  }

  /// More than inserting one client anywhere can cost: a vehicle's fixed cost and four of the longest
  /// arcs and waits at the dearest unit costs, doubled (bounded by ``Problem/maxTotalCost``).
  private static func unroutedPenalty(_ problem: Problem) -> Int64 {
    let distance = Double(problem.distances.storage.max() ?? 0)
    var time = Double(problem.durations.storage.max() ?? 0)
    for client in problem.clients {
      time = max(time, Double(client.serviceDuration))
      for window in client.timeWindows { time = max(time, Double(min(window.latest, Problem.maxTime))) }
    }
    for site in problem.disposalSites {
      time = max(time, Double(site.unloadDuration) + Double(min(site.openingHours.earliest, Problem.maxTime)))
    }
    var worst = 1.0
    for type in problem.vehicleTypes {
      time = max(time, Double(type.breakRule?.duration ?? 0))
      let insertion = Double(type.fixedCost) + 4 * (Double(type.unitDistanceCost) * distance
        + Double(type.unitDurationCost) * 2 * time)
      worst = max(worst, insertion)
    }
    return Int64(min(2 * worst + 1, 0x1p56))
  }

  private static func vector(_ values: [Int64]) -> SIMD4<Int64> {
    var vector = SIMD4<Int64>.zero
    for (d, value) in values.enumerated() where d < Problem.maxDimensions { vector[d] = value }
    return vector
  }

  /// Route slots per type: its count when limited (at most one per client), else a first guess from the
  /// load and the time the clients need (the larger lower bound, plus two); the search adds slots to an
  /// unlimited type whenever it has no empty one left.
  private static func routeSlots(_ problem: Problem, clients: [Int]) -> [Int] {
    let n = clients.count
    var slots: [Int] = []
    let total = clients.reduce(Int64(0)) { $0 &+ problem.clients[$1].demand }
    let service = clients.reduce(Int64(0)) { $0 &+ problem.clients[$1].serviceDuration }
    for (t, type) in problem.vehicleTypes.enumerated() {
      if let count = type.count {
        slots.append(contentsOf: repeatElement(t, count: min(count, max(1, n))))
        continue
      }
      var bound = 1.0
      let perRoute = type.maxTotalLoad ?? (problem.disposalSites.isEmpty ? type.capacity : nil)
      if let perRoute, perRoute > 0 { bound = max(bound, (Double(total) / Double(perRoute)).rounded(.up)) }
      if let stops = type.maxStops, stops > 0 { bound = max(bound, (Double(n) / Double(stops)).rounded(.up)) }
      let span = min(type.maxDuration ?? .max, type.shift.map { $0.latest - $0.earliest } ?? .max)
      if span > 0 && span < .max { bound = max(bound, (Double(service) / Double(span)).rounded(.up)) }
      slots.append(contentsOf: repeatElement(t, count: max(1, min(n, Int(bound) + 2))))
    }
    return slots
  }

  /// The `granularity` clients nearest to each client by a proximity that adds to the distance the
  /// waiting and lateness that serving one right after the other would cause (as PyVRP does), made
  /// symmetric.
  private static func neighbourhoods(
    problem: Problem, granularity: Int, active: [Bool], earliest: [Int64], latest: [Int64], windowStart: [Int]
  ) -> ([Int], [Int]) {
    let n = problem.clients.count
    let activeCount = active.count { $0 }
    let k = min(granularity, activeCount - 1)
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
    let service = problem.clients.map { Double($0.serviceDuration) }
    // The k nearest by (proximity, index), kept sorted while scanning: O(n) per client, not a sort of n.
    var nearest: [(Double, Int)] = []
    nearest.reserveCapacity(k + 1)
    for u in 0..<n where active[u] {
      nearest.removeAll(keepingCapacity: true)
      let lu = locations[u]
      for v in 0..<n where v != u && active[v] {
        let lv = locations[v]
        let travel = Double(problem.durations.storage[lu * size + lv])
        let wait = max(0, Double(open[v]) - travel - service[u] - Double(close[u]))
        let late = max(0, Double(open[u]) + service[u] + travel - Double(close[v]))
        let candidate = (Double(problem.distances.storage[lu * size + lv]) + perTime * (0.2 * wait + late), v)
        if nearest.count == k, let last = nearest.last, !(candidate < last) { continue }
        var slot = nearest.count
        nearest.append(candidate)
        while slot > 0 && candidate < nearest[slot - 1] {
          nearest[slot] = nearest[slot - 1]
          slot -= 1
        }
        nearest[slot] = candidate
        if nearest.count > k { nearest.removeLast() }
      }
      for (_, v) in nearest {
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
