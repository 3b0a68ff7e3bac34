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

  /// Creates the refinement for a run with `timeLimit` (or, without one, one second per call).
  init(data: SearchData, configuration: SolverConfiguration) {
    self.data = data
    pool = RoutePool(capacity: max(1, configuration.routePoolCapacity))
    let budget = configuration.timeLimit ?? .seconds(3)
    callLimit = max(.milliseconds(20), budget * (configuration.refinementTimeShare / 3))
  }

  /// The time to hold back from the search for the final recombination.
  var finalReserve: Duration { callLimit }

  /// Adds every feasible route of `individual` to the pool.
  func collect(_ individual: Individual) {
    for route in individual.routes where !route.isEmpty {
      var load: Int64 = 0
      var distance: Int64 = 0
      var duration: Int64 = 0
      var previous = 0
      for client in route {
        load += data.demand[client]
        distance += data.dist(previous, client)
        duration += data.time(previous, client) + data.service[client]
        previous = client
      }
      distance += data.dist(previous, 0)
      duration += data.time(previous, 0)
      guard load <= data.capacity, distance <= data.maxDistance,
        !data.tracksDuration || duration <= data.maxDuration
      else { continue }
      pool.add(clients: route.lazy.map { $0 - 1 }, cost: distance)
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
  func recombine(_ incumbent: Individual, available: Duration? = nil) -> Individual? {
    let limit = min(callLimit, available ?? callLimit)
    guard limit >= .milliseconds(5), incumbent.isFeasible, !pool.isEmpty else { return nil }
    let clock = ContinuousClock()
    let started = clock.now
    defer {
      statistics.runs += 1
      statistics.time += clock.now - started
    }
    let start = incumbent.routes.filter { !$0.isEmpty }.map { route in
      RoutePool.Route(clients: route.map { $0 - 1 }, cost: routeDistance(route))
    }
    let selection: SetPartitioning.Selection?
    do {
      selection = try SetPartitioning.solve(
        pool: pool, clientCount: data.clientCount, incumbent: start, maximumRouteCount: data.vehicleCount,
        timeLimit: limit)
    } catch {
      statistics.failures += 1
      return nil
    }
    guard let selection, selection.cost < incumbent.distance else { return nil }
    var improved = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
    for (slot, route) in selection.routes.enumerated() { improved.routes[slot] = route.map { $0 + 1 } }
    improved.rebuildGiantTour()
    improved.evaluate(data, weights: PenaltyWeights(load: 1000, duration: 1000))
    guard improved.isFeasible, improved.distance < incumbent.distance else { return nil }
    statistics.improvements += 1
    return improved
  }

  private func routeDistance(_ route: [Int]) -> Int64 {
    var distance: Int64 = 0
    var previous = 0
    for client in route {
      distance += data.dist(previous, client)
      previous = client
    }
    return distance + data.dist(previous, 0)
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
