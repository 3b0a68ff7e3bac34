/// Iterated local search for rich problems: ruin and recreate (neighbourhood removal, and now and
/// then a whole small route, which is how the fleet shrinks), the granular local search of
/// ``RichLocalSearch``, and late-acceptance hill climbing on the penalised cost, as in
/// ``IteratedLocalSearch``. One instance per task; not `Sendable`.
final class RichSearch {
  private let data: RichData
  private let configuration: SolverConfiguration
  private let monitor: SearchMonitor
  private let localSearch: RichLocalSearch
  private var penalties: PenaltyManager
  private var rng: SplitMix64
  /// The best state found that keeps every rule: fewest required clients left out, then cheapest.
  private(set) var best: RichSnapshot?
  /// The GLPK recombination of pooled routes, when switched on.
  let refinement: RichRefinement?
  /// Routes (vehicle type, visit codes) to start from instead of a construction from nothing, for a warm
  /// start; the clients they miss are inserted where every route keeps every rule.
  var initialRoutes: [(type: Int, visits: [Int])]?

  init(data: RichData, problem: Problem, configuration: SolverConfiguration, monitor: SearchMonitor) {
    self.data = data
    self.configuration = configuration
    self.monitor = monitor
    problemWithWindows = data.hasMultipleWindows ? problem : nil
    localSearch = RichLocalSearch(data: data)
    penalties = PenaltyManager(
      initial: Self.initialWeights(problem), targetFeasible: 0.65, window: 100, increase: 1.5, decrease: 0.9)
    rng = SplitMix64(seed: configuration.seed)
    refinement = configuration.refinement ? RichRefinement(data: data, configuration: configuration) : nil
    if let refinement { monitor.reserve(refinement.finalReserve) }
  }

  /// The problem, kept only when some client has several time windows: the search prices each such client
  /// in the window it chose, while the route semantics serve it in the first window still open, which can
  /// make a route longer than the search priced it (found by the random rich problems of the fuzzing
  /// work: a route 6,900 s over its duration limit). Every new best plan is then checked by the evaluator.
  private let problemWithWindows: Problem?

  /// Whether every route of `snapshot` keeps every rule as the evaluator schedules it (always true when
  /// no client has several windows). Clients left out are judged elsewhere.
  private func schedulable(_ snapshot: RichSnapshot) -> Bool {
    guard let problem = problemWithWindows else { return true }
    let routes = snapshot.slots.indices.filter { !snapshot.slots[$0].isEmpty }.map { slot in
      Route(vehicleType: localSearch.slotType[slot], visits: snapshot.slots[slot].map { c in
        if c < data.clientCount { return .client(c) }
        if c == data.breakCode { return .break }
        return .disposal(c - data.clientCount)
      })
    }
    let violations = SolutionEvaluator.evaluateInDetail(Solution(routes: routes), for: problem).violations
    return !violations.contains { $0.kind != .missingClient && $0.kind != .unjustifiedExclusion }
  }

  /// Weights that make one unit of excess cost about what an average arc costs and, with fixed vehicle
  /// costs, make an average client's load or an average arc's time of excess cost about a vehicle,
  /// so that the fleet shrinks only through feasible moves until the weights adapt.
  private static func initialWeights(_ problem: Problem) -> PenaltyWeights {
    let distances = problem.distances.storage
    let times = problem.durations.storage
    let arc = Double(distances.reduce(0, +)) / Double(max(1, distances.count))
    let travel = max(1, Double(times.reduce(0, +)) / Double(max(1, times.count)))
    let demand = problem.clients.isEmpty
      ? 1 : max(1, Double(problem.clients.reduce(Int64(0)) { $0 + $1.demand }) / Double(problem.clients.count))
    let fixed = Double(problem.vehicleTypes.map(\.fixedCost).max() ?? 0)
    let loadWeight = max(1, arc / demand, fixed / demand)
    let timeWeight = max(1, arc / travel, fixed / travel)
    return PenaltyWeights(load: Int64(min(1e9, loadWeight * 1000)), duration: Int64(min(1e9, timeWeight * 1000)))
  }

  private func consider(_ snapshot: RichSnapshot) -> Bool {
    guard snapshot.keepsRules, snapshot.isBetterPlan(than: best), schedulable(snapshot) else { return false }
    let servedMore = best.map { snapshot.unroutedRequired < $0.unroutedRequired } ?? true
    best = snapshot
    monitor.record(cost: snapshot.objective, routeCount: snapshot.routeCount, unconditionally: servedMore)
    return true
  }

  // MARK: - The iterated local search, in steps

  /// The state of the iterated local search between steps.
  private var current: RichSnapshot?
  private var initial: RichSnapshot?
  private var history: [RichSnapshot?] = []
  private var historyIndex = 0
  private var searchHoldsCurrent = true
  private var sinceImprovement = 0

  /// Runs until a stopping criterion holds: ``start()``, ``iterate(until:)``, ``finish()``.
  func run() {
    start()
    iterate()
    finish()
  }

  /// The construction and the first local search.
  func start() {
    monitor.iterations += 1
    // Construction: cheapest insertion where every route keeps every rule, a new route when none does.
    // Every client that can be served on a route of its own is served this way when its vehicle type's
    // count is unlimited, whatever the time limit.
    if let initialRoutes {
      // Routes that break a rule (a truck's day changed since they were made) lose clients until they
      // keep every rule; those clients are inserted again below like the missing ones.
      let start = localSearch.load(routes: initialRoutes, windows: (0..<data.clientCount).map { data.windowStart[$0] })
      if !start.keepsRules { localSearch.repairByRemoval(rng: &rng) }
    }
    localSearch.feasibleOnly = true
    localSearch.shuffleOrder(rng: &rng)
    localSearch.recreate(localSearch.clientOrder, rng: &rng)
    localSearch.feasibleOnly = false
    _ = consider(localSearch.snapshot())
    guard !data.activeClients.isEmpty else { return }
    localSearch.weights = penalties.weights
    localSearch.markAll()
    localSearch.search()
    let snapshot = localSearch.snapshot()
    current = snapshot
    initial = snapshot
    _ = consider(snapshot)
    refinement?.collect(localSearch)
    history = Array(repeating: nil, count: max(1, configuration.richAcceptanceHistoryLength))
  }

  /// Iterations of ruin and recreate, local search and late acceptance, until the monitor stops the
  /// run or `pause` returns true (checked before each iteration).
  func iterate(until pause: () -> Bool = { false }) {
    guard var current, let initial else { return }
    defer { self.current = current }
    let maxRuin = max(1, min(configuration.maxRuinSize, data.clientCount))
    let fleetMatters = data.fixedCost.contains { $0 > 0 }
    while !pause() && !monitor.shouldStop() {
      monitor.iterations += 1
      if sinceImprovement >= configuration.iterationsBeforeRestart, let best {
        current = best
        for k in history.indices { history[k] = nil }
        searchHoldsCurrent = false
        sinceImprovement = 0
      }
      localSearch.weights = penalties.weights
      if !searchHoldsCurrent { localSearch.load(current) }
      let removed = fleetMatters && rng.below(10) == 0
        ? localSearch.ruinSmallestRoute(rng: &rng) : localSearch.ruin(size: 1 + rng.below(maxRuin), rng: &rng)
      localSearch.recreate(removed, rng: &rng)
      localSearch.shuffleOrder(rng: &rng)
      localSearch.search()
      var candidate = localSearch.snapshot()
      penalties.record(loadFeasible: candidate.loadExcess == 0, durationFeasible: candidate.timeExcess == 0)
      sinceImprovement += 1
      if let best, best.unroutedRequired > 0, !candidate.keepsRules {
        // The fleet cannot serve every required client: end the iteration with a plan of what it can.
        localSearch.repairByRemoval(rng: &rng)
        candidate = localSearch.snapshot()
      }
      if consider(candidate) { sinceImprovement = 0 }
      refinement?.collect(localSearch)
      let weights = penalties.weights
      let candidateCost = candidate.penalised(weights)
      var currentCost = current.penalised(weights)
      let late = history[historyIndex]
      let lateCost = (late ?? initial).penalised(weights)
      if candidateCost < lateCost || candidateCost < currentCost {
        current = candidate
        currentCost = candidateCost
        searchHoldsCurrent = true
      } else {
        searchHoldsCurrent = false
      }
      if currentCost < lateCost || late == nil { history[historyIndex] = current }
      historyIndex = (historyIndex + 1) % history.count
    }
  }

  /// The final recombination, unless the run was cancelled, and a local search of what it changed.
  func finish() {
    guard let refinement, monitor.stopReason != .cancelled, let best,
      let improved = refinement.recombine(best, in: localSearch, available: monitor.remaining)
    else { return }
    _ = consider(improved)
    // The recombined trips are rarely a local optimum of the moves: polish them (only the clients of the
    // regions that changed are marked, so this is short).
    localSearch.weights = penalties.weights
    localSearch.search()
    _ = consider(localSearch.snapshot())
  }

  // MARK: - Cooperation

  /// The best plan, portable to another search of the same problem (whose slots are numbered differently).
  var plan: RichPlan? {
    best.map { snapshot in
      RichPlan(
        routes: snapshot.slots.indices.filter { !snapshot.slots[$0].isEmpty }.map {
          (localSearch.slotType[$0], snapshot.slots[$0])
        },
        windows: snapshot.windows, objective: snapshot.objective, unroutedRequired: snapshot.unroutedRequired,
        rank: snapshot.objective &+ snapshot.requiredPrizeLeftOut, routeCount: snapshot.routeCount,
        iterations: monitor.iterations)
    }
  }

  /// Takes another search's best plan (its routes and active windows) as this search's current and, when
  /// better, best solution; the late-acceptance history starts again from it.
  func adopt(_ plan: RichPlan) {
    guard current != nil else { return }
    let snapshot = localSearch.load(routes: plan.routes, windows: plan.windows)
    _ = consider(snapshot)
    current = snapshot
    searchHoldsCurrent = true
    for k in history.indices { history[k] = nil }
    sinceImprovement = 0
  }

  var pooledRoutes: RoutePool? { refinement?.pooled }

  func absorb(_ pool: RoutePool) { refinement?.absorb(pool) }

  var refinementStatistics: RefinementStatistics { refinement?.statistics ?? RefinementStatistics() }
}

extension RichSearch: CooperatingSearch {}

/// A rich plan outside any search: its routes by vehicle type and visit codes, and what it costs.
struct RichPlan: Sendable {
  var routes: [(type: Int, visits: [Int])]
  var windows: [Int]
  var objective: Int64
  var unroutedRequired: Int
  /// The objective plus the prizes of the required clients left out: the order among equally complete plans.
  var rank: Int64
  var routeCount: Int
  /// Iterations of the search that found it.
  var iterations: Int

  /// Whether `self` serves more required clients than `other`, or as many for less.
  func isBetter(than other: RichPlan) -> Bool {
    (unroutedRequired, rank) < (other.unroutedRequired, other.rank)
  }
}
