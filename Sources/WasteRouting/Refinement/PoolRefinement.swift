#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The matheuristic step of the search: collect the feasible routes of local optima in a
/// ``RoutePool``, and at two checkpoints and at the end recombine them with GLPK
/// (``SetPartitioning``) into a solution that may beat the incumbent.
///
/// Its total MIP time is capped at ``SolverConfiguration/refinementTimeShare`` of the budget: a
/// quarter of it at one third and at two thirds of the run, and half reserved for the end, where any
/// gain goes straight into the result.
/// Not `Sendable`: one per search task (GLPK problems stay on the task that built them).
final class PoolRefinement {
  private var pool: RoutePool
  private let data: SearchData
  private let periodicLimit: Duration
  private let finalLimit: Duration
  private var nextCheckpoint = 0
  private static let checkpoints = [1.0 / 3.0, 2.0 / 3.0]
  private(set) var statistics = RefinementStatistics()
  /// Scratch: the region-local index of each client (1-based), or -1.
  private var localIndex: [Int]
  /// Pooled positions grouped by their route's smallest client (compressed rows), rebuilt by each
  /// recombination: `bucketRoutes[bucketStart[c]..<bucketStart[c + 1]]` for 0-based client `c`.
  private var bucketStart: [Int] = []
  private var bucketRoutes: [Int] = []
  /// The run's cancellation flag (`nil` off a dedicated thread: the task's cancellation counts): a
  /// recombination stops at the next region once it is set.
  private let cancellation: SearchCancellation?

  /// Creates the refinement for a run with `timeLimit` (or, without one, as for a 3-second budget).
  init(
    data: SearchData, configuration: SolverConfiguration, cancellation: SearchCancellation? = .current
  ) {
    self.data = data
    self.cancellation = cancellation
    pool = RoutePool(capacity: max(1, configuration.routePoolCapacity))
    localIndex = Array(repeating: -1, count: data.clientCount + 1)
    let share = (configuration.timeLimit ?? .seconds(3)) * configuration.refinementTimeShare
    periodicLimit = max(.milliseconds(20), share / 4)
    finalLimit = max(.milliseconds(20), share / 2)
  }

  /// The time to hold back from the search for the final recombination.
  var finalReserve: Duration { finalLimit }

  /// The pooled routes.
  var pooled: RoutePool { pool }

  /// Adds another search's pooled routes (of the same problem): how cooperating searches pool what each
  /// found before the final recombination.
  func absorb(_ other: RoutePool) {
    for position in 0..<other.count { pool.add(clients: other[position].clients, cost: other[position].cost) }
    statistics.poolSize = pool.count
  }

  /// Adds every feasible route of `individual` to the pool.
  func collect(_ individual: Individual) {
    collect(individual, slots: individual.routes.indices)
  }

  /// Adds the feasible routes in the given slots of `individual` to the pool.
  func collect(_ individual: Individual, slots: some Sequence<Int>) {
    for slot in slots {
      let route = individual.routes[slot]
      guard !route.isEmpty else { continue }
      let totals = data.totals(of: route)
      guard totals.loadExcess(data) == 0, totals.durationExcess(data) == 0 else { continue }
      pool.add(clients: route.lazy.map { $0 - 1 }, cost: totals.distance)
    }
    statistics.poolSize = pool.count
  }

  /// Whether a periodic recombination is due at this share of the budget.
  func isDue(budgetShareUsed: Double) -> Bool {
    guard nextCheckpoint < Self.checkpoints.count, budgetShareUsed >= Self.checkpoints[nextCheckpoint] else {
      return false
    }
    nextCheckpoint += 1
    return true
  }

  /// Recombines the pool, warm-started with `incumbent`; returns a strictly better feasible solution,
  /// or `nil`.
  ///
  /// GLPK solves a set-partitioning model over a whole pool of thousands of routes too slowly to pay
  /// within a fraction of a short budget, so the incumbent is recombined region by region: windows of
  /// neighbouring routes (by polar angle of their barycentre), each a set-covering model over the pooled
  /// routes that stay inside the window, solved in milliseconds. A pass slides a window of four routes
  /// round the depot in steps of two; while time remains, further passes use windows two routes wider,
  /// starting elsewhere, over the routes the previous pass left.
  ///
  /// - Parameters:
  ///   - incumbent: the best solution so far; must be feasible.
  ///   - isFinal: whether this is the recombination at the end of the run, which has the larger budget.
  ///   - available: the time left in the run, when it has a limit; the call never takes longer.
  func recombine(_ incumbent: Individual, isFinal: Bool = false, available: Duration? = nil) -> Individual? {
    let limit = min(isFinal ? finalLimit : periodicLimit, available ?? .seconds(Int64.max))
    guard limit >= .milliseconds(5), incumbent.isFeasible, !pool.isEmpty else { return nil }
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = started + limit
    defer {
      statistics.runs += 1
      statistics.time += clock.now - started
    }
    indexPool()
    var routes = incumbent.routes.filter { !$0.isEmpty }
    var improved = false
    var windowSize = Self.firstWindowSize
    var pass = 0
    passes: while true {
      routes.removeAll { $0.isEmpty }
      let order = routes.indices.sorted { angleKey(routes[$0]) < angleKey(routes[$1]) }
      let size = min(windowSize, order.count)
      let step = max(1, size / 2)
      let windowCount = size < order.count ? (order.count + step - 1) / step : 1
      // Each pass starts elsewhere, so that routes split between two windows meet in one.
      let offset = size < order.count ? (pass * max(1, step / 2)) % order.count : 0
      for window in 0..<windowCount {
        let remaining = deadline - clock.now
        guard remaining >= .milliseconds(2), !SearchCancellation.isCancelled(cancellation) else {
          break passes
        }
        let slots = (0..<size).map { order[(offset + window * step + $0) % order.count] }
        // An equal share of what is left for each window still to come in this pass.
        let timeLimit = remaining / (windowCount - window)
        if let replacement = recombineRegion(routes: slots.map { routes[$0] }, timeLimit: timeLimit) {
          for (k, slot) in slots.enumerated() { routes[slot] = k < replacement.count ? replacement[k] : [] }
          routes.append(contentsOf: replacement.dropFirst(slots.count))
          improved = true
        }
      }
      guard size < order.count else { break }
      windowSize += Self.windowGrowth
      pass += 1
    }
    guard improved else { return nil }
    var result = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
    let nonEmpty = routes.filter { !$0.isEmpty }
    guard nonEmpty.count <= data.vehicleCount else { return nil }
    for (slot, route) in nonEmpty.enumerated() { result.routes[slot] = route }
    result.rebuildGiantTour()
    result.evaluate(data, weights: PenaltyWeights(load: 1000, duration: 1000))
    guard result.isFeasible, result.distance < incumbent.distance else { return nil }
    statistics.improvements += 1
    statistics.costReduction += incumbent.distance - result.distance
    return result
  }

  /// Routes in the windows of the first pass.
  private static let firstWindowSize = 4
  /// How many routes each further pass adds to the window.
  private static let windowGrowth = 2

  /// The cheapest recombination of `regionRoutes` (client sequences, 1-based) from pooled routes that
  /// serve only their clients, or `nil` when none is cheaper and feasible.
  ///
  /// The model covers each client at least once rather than exactly once, which lets overlapping pooled
  /// routes combine; a client then served twice stays only where removing it would save the least.
  /// Without the triangle inequality a removal may cost more than the model assumed, so the routes are
  /// priced again and kept only when they are cheaper and feasible.
  private func recombineRegion(routes regionRoutes: [[Int]], timeLimit: Duration) -> [[Int]]? {
    // Local client numbering 0..<m for the region.
    var clients: [Int] = []
    for route in regionRoutes { clients.append(contentsOf: route) }
    for (local, client) in clients.enumerated() { localIndex[client] = local }
    defer { for client in clients { localIndex[client] = -1 } }
    var inside: [Int] = []
    for client in clients {
      for position in bucketRoutes[bucketStart[client - 1]..<bucketStart[client]]
      where pool[position].clients.allSatisfy({ localIndex[$0 + 1] >= 0 }) {
        inside.append(position)
      }
    }
    var local = RoutePool(capacity: inside.count + regionRoutes.count)
    for position in inside {
      let route = pool[position]
      local.add(clients: route.clients.map { localIndex[$0 + 1] }, cost: route.cost)
    }
    let start = regionRoutes.map { route in
      RoutePool.Route(clients: route.map { localIndex[$0] }, cost: data.totals(of: route).distance)
    }
    let before = start.reduce(0) { $0 + $1.cost }
    guard local.count > regionRoutes.count else { return nil }
    let selection: SetPartitioning.Selection?
    do {
      selection = try SetPartitioning.solve(
        pool: local, clientCount: clients.count, incumbent: start, coverage: .atLeastOnce,
        timeLimit: timeLimit, cancellation: cancellation)
    } catch {
      statistics.failures += 1
      return nil
    }
    guard let selection, selection.cost < before else { return nil }
    var chosen = selection.routes
    removeDuplicates(&chosen, clients: clients)
    chosen.removeAll { $0.isEmpty }
    var after: Int64 = 0
    for route in chosen {
      let totals = data.totals(of: route)
      guard totals.loadExcess(data) == 0, totals.durationExcess(data) == 0 else { return nil }
      after += totals.distance
    }
    return after < before ? chosen : nil
  }

  /// Turns `routes`, region-local client numbers covering every client at least once, into client
  /// sequences (1-based) serving each exactly once: each extra copy of a client is removed, one at a
  /// time, from the route where removing it saves the most.
  private func removeDuplicates(_ routes: inout [[Int]], clients: [Int]) {
    var holders = Array(repeating: [Int](), count: clients.count)
    for (r, route) in routes.enumerated() {
      for local in route { holders[local].append(r) }
    }
    routes = routes.map { route in route.map { clients[$0] } }
    for local in holders.indices where holders[local].count > 1 {
      let client = clients[local]
      var remaining = holders[local]
      while remaining.count > 1 {
        var best = 0
        var bestSaving = Int64.min
        for (k, r) in remaining.enumerated() {
          let saving = removalSaving(of: client, from: routes[r])
          if saving > bestSaving { (best, bestSaving) = (k, saving) }
        }
        let r = remaining.remove(at: best)
        routes[r].removeAll { $0 == client }
      }
    }
  }

  /// The distance saved by removing `client` from `route` (1-based clients; the depot is 0).
  private func removalSaving(of client: Int, from route: [Int]) -> Int64 {
    guard let i = route.firstIndex(of: client) else { return .min }
    let previous = i == 0 ? 0 : route[i - 1]
    let next = i == route.count - 1 ? 0 : route[i + 1]
    return data.dist(previous, client) + data.dist(client, next) - data.dist(previous, next)
  }

  /// Groups the pooled routes by their smallest client, so that a region finds its candidate routes
  /// through its own clients instead of scanning the whole pool.
  private func indexPool() {
    bucketStart = Array(repeating: 0, count: data.clientCount + 1)
    for position in 0..<pool.count { bucketStart[pool.smallestClient(at: position) + 1] += 1 }
    for client in 0..<data.clientCount { bucketStart[client + 1] += bucketStart[client] }
    var next = bucketStart
    bucketRoutes = Array(repeating: 0, count: pool.count)
    for position in 0..<pool.count {
      let client = pool.smallestClient(at: position)
      bucketRoutes[next[client]] = position
      next[client] += 1
    }
  }

  /// A route's position around the depot: the mean polar angle of its clients (or its first client
  /// without coordinates), so that windows hold neighbouring routes.
  private func angleKey(_ route: [Int]) -> Double {
    guard data.hasCoordinates else { return Double(route.first ?? 0) }
    var sumX = 0.0
    var sumY = 0.0
    for client in route {
      let angle = Double(data.polarAngle[client]) / 65_536 * 2 * Double.pi
      sumX += cos(angle)
      sumY += sin(angle)
    }
    return atan2(sumY, sumX)
  }
}

/// What the set-partitioning refinement did during a run.
public struct RefinementStatistics: Sendable, Hashable {
  /// MIP recombinations attempted (each solves one small model per region).
  public var runs = 0
  /// Recombinations that improved the best solution.
  public var improvements = 0
  /// The total amount by which recombinations lowered the best solution's cost, in the problem's
  /// integer cost unit.
  public var costReduction: Int64 = 0
  /// Region models that failed (GLPK error); the search goes on without them.
  public var failures = 0
  /// Total wall-clock time spent recombining.
  public var time: Duration = .zero
  /// Distinct routes in the pool at the end.
  public var poolSize = 0

  /// Creates empty statistics.
  public init() {}
}
