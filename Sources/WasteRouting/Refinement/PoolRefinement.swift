#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The matheuristic step of the search: collect the feasible routes of local optima in a
/// ``RoutePool``, and at a few checkpoints and at the end recombine them with GLPK
/// (``SetPartitioning``) into a solution that may beat the incumbent.
///
/// Its total MIP time is capped at ``SolverConfiguration/refinementTimeShare`` of the budget: a
/// third of it at one third and at two thirds of the run, and a third reserved at the end.
/// Not `Sendable`: one per search task (GLPK problems stay on the task that built them).
final class PoolRefinement {
  private var pool: RoutePool
  private let data: SearchData
  private let callLimit: Duration
  private var nextCheckpoint = 0
  private static let checkpoints = [1.0 / 3.0, 2.0 / 3.0]
  private(set) var statistics = RefinementStatistics()
  /// Scratch: the region-local index of each client (1-based), or -1.
  private var localIndex: [Int]

  /// Creates the refinement for a run with `timeLimit` (or, without one, one second per call).
  init(data: SearchData, configuration: SolverConfiguration) {
    self.data = data
    pool = RoutePool(capacity: max(1, configuration.routePoolCapacity))
    localIndex = Array(repeating: -1, count: data.clientCount + 1)
    let budget = configuration.timeLimit ?? .seconds(3)
    callLimit = max(.milliseconds(20), budget * (configuration.refinementTimeShare / 3))
  }

  /// The time to hold back from the search for the final recombination.
  var finalReserve: Duration { callLimit }

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
  /// or `nil`. Never takes longer than the per-call limit (and `available`, when given).
  ///
  /// GLPK solves a set-partitioning model over a whole pool of thousands of routes too slowly to pay
  /// within a fraction of a short budget, so the incumbent is recombined region by region: windows of
  /// neighbouring routes (by polar angle of their barycentre) with the pooled routes that stay inside
  /// each window. Each small model solves to optimality in milliseconds.
  func recombine(_ incumbent: Individual, available: Duration? = nil) -> Individual? {
    let limit = min(callLimit, available ?? callLimit)
    guard limit >= .milliseconds(5), incumbent.isFeasible, !pool.isEmpty else { return nil }
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = started + limit
    defer {
      statistics.runs += 1
      statistics.time += clock.now - started
    }
    var routes = incumbent.routes.filter { !$0.isEmpty }
    let order = routes.indices.sorted { angleKey(routes[$0]) < angleKey(routes[$1]) }
    let window = min(order.count, Self.windowRoutes)
    let step = max(1, window / 2)
    var improved = false
    var first = 0
    repeat {
      let remaining = deadline - clock.now
      guard remaining >= .milliseconds(2) else { break }
      let slots = (0..<window).map { order[(first + $0) % order.count] }
      if let replacement = recombineRegion(routes: slots.map { routes[$0] }, timeLimit: remaining) {
        for (k, slot) in slots.enumerated() { routes[slot] = k < replacement.count ? replacement[k] : [] }
        routes.append(contentsOf: replacement.dropFirst(slots.count))
        improved = true
      }
      first += step
    } while first < order.count && window < order.count
    guard improved else { return nil }
    var result = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
    let nonEmpty = routes.filter { !$0.isEmpty }
    guard nonEmpty.count <= data.vehicleCount else { return nil }
    for (slot, route) in nonEmpty.enumerated() { result.routes[slot] = route }
    result.rebuildGiantTour()
    result.evaluate(data, weights: PenaltyWeights(load: 1000, duration: 1000))
    guard result.isFeasible, result.distance < incumbent.distance else { return nil }
    statistics.improvements += 1
    return result
  }

  /// Routes per recombination window.
  private static let windowRoutes = 12

  /// The best recombination of `regionRoutes` (client sequences, 1-based) from pooled routes that
  /// serve only their clients, or `nil` when none is cheaper.
  private func recombineRegion(routes regionRoutes: [[Int]], timeLimit: Duration) -> [[Int]]? {
    // Local client numbering 0..<m for the region.
    var clients: [Int] = []
    for route in regionRoutes { clients.append(contentsOf: route) }
    for (local, client) in clients.enumerated() { localIndex[client] = local }
    defer { for client in clients { localIndex[client] = -1 } }
    var local = RoutePool(capacity: pool.count + regionRoutes.count)
    for route in pool.routes where route.clients.allSatisfy({ localIndex[$0 + 1] >= 0 }) {
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
        pool: local, clientCount: clients.count, incumbent: start, timeLimit: timeLimit)
    } catch {
      statistics.failures += 1
      return nil
    }
    guard let selection, selection.cost < before else { return nil }
    return selection.routes.map { route in route.map { clients[$0] } }
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
  /// MIP solves attempted.
  public var runs = 0
  /// Solves that improved the best solution.
  public var improvements = 0
  /// Solves that failed (GLPK error); the search goes on without them.
  public var failures = 0
  /// Total wall-clock time spent in GLPK.
  public var time: Duration = .zero
  /// Distinct routes in the pool at the end.
  public var poolSize = 0

  /// Creates empty statistics.
  public init() {}
}
