/// A new best solution found during a ``Solver`` run.
public struct SolverProgress: Sendable, Hashable {
  /// Its cost in matrix units.
  public var cost: Int64
  /// Its cost in reported units (`cost / costScale`).
  public var reportedCost: Double
  /// Its number of routes.
  public var routeCount: Int
  /// The iteration that found it.
  public var iteration: Int
  /// Time since the run started.
  public var elapsed: Duration
}

/// What a ``Solver`` run produced.
public struct SolverResult: Sendable {
  /// Why the run ended.
  public enum StopReason: String, Sendable, Hashable {
    /// ``SolverConfiguration/timeLimit`` elapsed.
    case timeLimit
    /// ``SolverConfiguration/maxIterations`` were done.
    case iterationLimit
    /// The task was cancelled; the best solution so far is returned.
    case cancelled
  }

  /// The best feasible solution found.
  public let solution: Solution
  /// Its cost in matrix units.
  public let cost: Int64
  /// Its cost in reported units.
  public let reportedCost: Double
  /// Iterations performed, summed over the cooperating searches (``SolverConfiguration/threads``).
  public let iterations: Int
  /// Wall-clock time of the run.
  public let elapsed: Duration
  /// Every improvement of the best solution, in order.
  public let history: [SolverProgress]
  /// Why the run ended.
  public let stopReason: StopReason
  /// What the set-partitioning refinement did (all zero when it was off).
  public let refinement: RefinementStatistics
}

/// Why a ``Solver`` run failed.
public enum SolverError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The problem uses a feature this solver does not handle yet.
  case unsupported(String)
  /// The initial solution of a warm start does not fit the problem (a client, disposal site or vehicle
  /// type that does not exist, or a client visited twice).
  case invalidInitialSolution(String)
  /// The limits ran out before any feasible solution was found (a cancelled run throws
  /// `CancellationError` instead).
  case noFeasibleSolution(iterations: Int)

  /// A one-line description.
  public var description: String {
    switch self {
    case let .unsupported(feature): "unsupported problem feature: \(feature)"
    case let .invalidInitialSolution(reason): "invalid initial solution: \(reason)"
    case let .noFeasibleSolution(iterations): "no feasible solution found in \(iterations) iterations"
    }
  }
}

/// Solves capacitated vehicle routing problems (with optional route duration and distance limits)
/// by hybrid genetic search.
///
/// ```swift
/// let problem = try VRPLIB.readProblem(atPath: "X-n101-k25.vrp")
/// let solver = Solver(SolverConfiguration(seed: 1, timeLimit: .seconds(3)))
/// let result = try await solver.solve(problem) { progress in
///   print("\(progress.elapsed): \(progress.reportedCost)")
/// }
/// print(result.reportedCost, result.solution.routes.count)
/// ```
///
/// ## In a service
///
/// ``solve(_:onImprovement:)`` runs its search on a dedicated thread, not on the cooperative thread
/// pool, so a server stays responsive while it runs; each solve keeps one core busy for its whole time
/// limit, and at most one search per core runs at once (others wait their turn). Bound the number of
/// concurrent solves to the number of cores, and cancel the task to stop a solve early: it returns the
/// best solution so far, or throws `CancellationError` when it has none (<doc:LibraryInAService>).
public struct Solver: Sendable {
  /// The settings of every run.
  public let configuration: SolverConfiguration

  /// Creates a solver.
  public init(_ configuration: SolverConfiguration = SolverConfiguration()) {
    self.configuration = configuration
  }

  /// Searches for a least-cost feasible solution until the time or iteration limit, or until the
  /// task is cancelled, and returns the best one found.
  ///
  /// The search runs synchronously on a thread of its own (a new `Thread` per call, 8 MiB of stack),
  /// while the calling task waits suspended, holding none of the cooperative pool's threads: timers,
  /// other requests and cancellation stay prompt however long the search runs. At most one search per
  /// core (`ProcessInfo.processInfo.activeProcessorCount`) runs at a time in the process; a solve beyond
  /// that waits, suspended and cancellable, for a running one to end, and its time limit counts from its
  /// own start. A service should still bound its concurrent solves to the number of cores itself (and
  /// refuse or queue requests beyond that), so that no request waits unseen for another's time limit.
  ///
  /// Cancelling the task stops the search at its next check (between iterations, and between the
  /// regions of a GLPK refinement) and returns the best solution found so far, with
  /// ``SolverResult/StopReason/cancelled``; a solve still waiting for its turn throws
  /// `CancellationError` at once.
  ///
  /// - Parameters:
  ///   - problem: the problem.
  ///   - initial: routes to start from (a warm start), for example this morning's plan when the day
  ///     changed: the search begins with them instead of a construction from nothing, inserts the
  ///     clients they miss, and takes clients out of routes that break a rule. `nil` (the default) starts
  ///     from nothing. Its ``Solution/excludedClients`` are ignored.
  ///   - onImprovement: called whenever the best solution improves, on the search's thread; keep it
  ///     short (the search waits for it).
  /// - Returns: the best feasible solution and statistics.
  /// - Throws: `CancellationError` when the task is cancelled before the search started (waiting for its
  ///   turn included) or before it found any feasible solution; ``SolverError/unsupported(_:)`` for a
  ///   problem or configuration it cannot handle; ``SolverError/noFeasibleSolution(iterations:)`` when the
  ///   limits ran out before any feasible solution was found.
  public func solve(
    _ problem: Problem, initial: Solution? = nil, onImprovement: (@Sendable (SolverProgress) -> Void)? = nil
  ) async throws -> SolverResult {
    guard configuration.timeLimit != nil || configuration.maxIterations != nil else {
      throw SolverError.unsupported("a run without a time or iteration limit")
    }
    if let initial { try Self.check(initial, for: problem) }
    try Task.checkCancellation()
    // The search monitors created on the dedicated thread poll its cancellation flag.
    let outcome = try await DedicatedThread.run(named: "waste-routing solver", threads: configuration.resolvedThreads) { _ in
      Result { () throws(SolverError) -> SolverResult in
        try self.solveSynchronously(problem, initial: initial, onImprovement: onImprovement)
      }
    }
    switch outcome {
    case let .success(result): return result
    case .failure(.noFeasibleSolution) where Task.isCancelled: throw CancellationError()
    case let .failure(error): throw error
    }
  }

  /// Checks that a warm start's routes fit the problem.
  static func check(_ initial: Solution, for problem: Problem) throws(SolverError) {
    var seen = Set<Int>()
    for (k, route) in initial.routes.enumerated() {
      guard problem.vehicleTypes.indices.contains(route.vehicleType) else {
        throw .invalidInitialSolution("route \(k + 1): vehicle type \(route.vehicleType) does not exist")
      }
      for visit in route.visits {
        switch visit {
        case .client(let c):
          guard problem.clients.indices.contains(c) else {
            throw .invalidInitialSolution("route \(k + 1): client index \(c) does not exist")
          }
          guard seen.insert(c).inserted else {
            throw .invalidInitialSolution("route \(k + 1): client \(problem.clients[c].name) is visited twice")
          }
        case .disposal(let s):
          guard problem.disposalSites.indices.contains(s) else {
            throw .invalidInitialSolution("route \(k + 1): disposal site index \(s) does not exist")
          }
        case .break:
          break
        }
      }
    }
  }

  /// The whole run, on the calling thread.
  func solveSynchronously(
    _ problem: Problem, initial: Solution? = nil, onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) throws(SolverError) -> SolverResult {
    guard problem.isCapacitatedOnly else {
      return try solveRich(problem, initial: initial, onImprovement: onImprovement)
    }
    let excluded = Self.capacitatedExclusions(problem)
    guard !excluded.isEmpty else {
      return try solveCapacitated(problem, initial: initial, onImprovement: onImprovement)
    }
    // Solve the clients that can be served, and name the others.
    let left = Set(excluded.map(\.client))
    let kept = problem.clients.indices.filter { !left.contains($0) }
    var newIndex = [Int: Int]()
    for (k, c) in kept.enumerated() { newIndex[c] = k }
    let keptInitial = initial.map { solution in
      Solution(routes: solution.routes.map { route in
        Route(vehicleType: route.vehicleType, visits: route.visits.compactMap { visit in
          guard case .client(let c) = visit else { return visit }
          return newIndex[c].map(Visit.client)
        })
      })
    }
    let result = try solveCapacitated(problem.keepingClients(kept), initial: keptInitial, onImprovement: onImprovement)
    var solution = result.solution
    solution.routes = solution.routes.map { route in
      Route(vehicleType: route.vehicleType, visits: route.visits.map { visit in
        if case .client(let c) = visit { return .client(kept[c]) }
        return visit
      })
    }
    solution.excludedClients = (excluded + solution.excludedClients.map {
      ExcludedClient(client: kept[$0.client], reason: $0.reason)
    }).sorted { $0.client < $1.client }
    return SolverResult(
      solution: solution, cost: result.cost, reportedCost: result.reportedCost, iterations: result.iterations,
      elapsed: result.elapsed, history: result.history, stopReason: result.stopReason,
      refinement: result.refinement)
  }

  /// The clients of a plain CVRP that no route can serve: a demand above the capacity, or a route to the
  /// client alone that breaks the duration or distance limit.
  static func capacitatedExclusions(_ problem: Problem) -> [ExcludedClient] {
    let type = problem.vehicleTypes[0]
    var excluded: [ExcludedClient] = []
    for (c, client) in problem.clients.enumerated() {
      if client.demand > type.capacity {
        excluded.append(ExcludedClient(
          client: c, reason: .loadAboveCapacity(dimension: 0, demand: client.demand, largestCapacity: type.capacity)))
        continue
      }
      let l = problem.location(ofClient: c)
      let distance = problem.distances[type.startDepot, l] + problem.distances[l, type.endDepot]
      let duration = problem.durations[type.startDepot, l] + client.serviceDuration + problem.durations[l, type.endDepot]
      if distance > type.maxDistance ?? .max || duration > type.maxDuration ?? .max {
        excluded.append(ExcludedClient(client: c, reason: .routeLimitExceeded))
      }
    }
    return excluded
  }

  /// Runs the CVRP engine on a problem whose every client can be served by a route of its own and whose
  /// fleet is unlimited (a limited fleet goes to the rich search, which can leave clients out for want
  /// of vehicles). When the engine's route bound finds no feasible solution before the budget ends (limits
  /// that need more routes than the bound), the rich search's construction, which always finds one, takes
  /// over for what is left of the budget.
  private func solveCapacitated(
    _ problem: Problem, initial: Solution?, onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) throws(SolverError) -> SolverResult {
    if problem.vehicleTypes[0].count != nil {
      // A limited fleet may not carry everything; only the rich search plans around that.
      return try solveRich(problem, initial: initial, onImprovement: onImprovement)
    }
    // A warm start is a giant tour: the initial routes' clients in order, then the clients they miss.
    let initialTour: [Int]? = initial.map { solution in
      var tour = solution.routes.flatMap(\.clients)
      let visited = Set(tour)
      tour += problem.clients.indices.filter { !visited.contains($0) }
      return tour.map { $0 + 1 }
    }
    if configuration.resolvedThreads > 1 && problem.clients.count > 1 {
      return try solveCapacitatedCooperatively(
        problem, initialTour: initialTour, initial: initial, onImprovement: onImprovement)
    }
    let data = SearchData(problem: problem, granularity: configuration.granularity)
    let monitor = SearchMonitor(
      timeLimit: configuration.timeLimit, maxIterations: configuration.maxIterations,
      costScale: problem.costScale, onImprovement: onImprovement)
    let refinement: RefinementStatistics
    switch configuration.strategy.resolved(clientCount: problem.clients.count) {
    case .geneticSearch:
      let search = GeneticSearch(data: data, configuration: configuration, monitor: monitor)
      search.initialTour = initialTour
      search.run()
      refinement = search.refinement?.statistics ?? RefinementStatistics()
    case .iteratedLocalSearch, .automatic:
      let search = IteratedLocalSearch(data: data, configuration: configuration, monitor: monitor)
      search.initialTour = initialTour
      search.run()
      refinement = search.refinement?.statistics ?? RefinementStatistics()
    }
    guard let best = monitor.best else {
      guard monitor.stopReason != .cancelled else { throw .noFeasibleSolution(iterations: monitor.iterations) }
      var rest = configuration
      rest.timeLimit = monitor.remaining
      rest.maxIterations = configuration.maxIterations.map { max(1, $0 - monitor.iterations) }
      return try Solver(rest).solveRich(problem, initial: initial, onImprovement: onImprovement)
    }
    let routes = best.routes.filter { !$0.isEmpty }.map { Route(vehicleType: 0, clients: $0.map { $0 - 1 }) }
    return SolverResult(
      solution: Solution(routes: routes), cost: best.distance,
      reportedCost: Double(best.distance) / Double(problem.costScale), iterations: monitor.iterations,
      elapsed: monitor.elapsed, history: monitor.history, stopReason: monitor.stopReason,
      refinement: refinement)
  }
}

extension Solver {
  /// Solves a problem with disposal sites, time windows, breaks, mixed fleets or optional clients by
  /// ``RichSearch``.
  func solveRich(
    _ problem: Problem, initial: Solution? = nil, onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) throws(SolverError) -> SolverResult {
    guard problem.vehicleTypes.count <= 64 else { throw .unsupported("more than 64 vehicle types") }
    let started = ContinuousClock.now
    // Clients no vehicle can serve even alone are left out before the search, each with its rule.
    let intrinsic = RichLocalSearch(
      data: RichData(problem: problem, granularity: configuration.granularity, neighbourhoods: false)
    ).intrinsicExclusions()
    let data = RichData(
      problem: problem, granularity: configuration.granularity, excluded: Set(intrinsic.map(\.client)))
    // A warm start's routes as visit codes, without the clients left out before the search.
    let initialRoutes: [(type: Int, visits: [Int])]? = initial.map { solution in
      solution.routes.map { route in
        (route.vehicleType, route.visits.compactMap { visit -> Int? in
          switch visit {
          case .client(let c): data.active[c] ? c : nil
          case .disposal(let s): data.clientCount + s
          case .break: data.breakCode
          }
        })
      }
    }
    let outcome = configuration.resolvedThreads > 1 && !data.activeClients.isEmpty
      ? solveRichCooperatively(
        problem, data: data, initial: initialRoutes, started: started, onImprovement: onImprovement)
      : solveRichAlone(problem, data: data, initial: initialRoutes, onImprovement: onImprovement)
    guard let best = outcome.best else { throw .noFeasibleSolution(iterations: outcome.iterations) }
    var excluded = intrinsic
    var routed = Array(repeating: false, count: data.clientCount)
    for route in best.routes {
      for c in route.visits where c < data.clientCount { routed[c] = true }
    }
    for c in data.activeClients where data.isRequired[c] && !routed[c] {
      excluded.append(ExcludedClient(client: c, reason: .notEnoughVehicles))
    }
    excluded.sort { $0.client < $1.client }
    var solution = Solution(routes: best.routes.map { route in
      Route(vehicleType: route.type, visits: route.visits.map { c in
        if c < data.clientCount { return .client(c) }
        if c == data.breakCode { return .break }
        return .disposal(c - data.clientCount)
      })
    })
    solution.excludedClients = excluded
    // The prizes of optional clients left out before the search are part of the cost, as the evaluator
    // counts every unvisited optional client's prize.
    let leftOutPrizes = intrinsic.reduce(Int64(0)) { total, exclusion in
      problem.clients[exclusion.client].isRequired ? total : total &+ problem.clients[exclusion.client].prize
    }
    // The search prices a client with several windows in the one it chose for it; the schedule of the
    // route semantics starts service in the first window still open, which can wait differently. The
    // evaluator's cost is the definition.
    let cost = data.hasMultipleWindows
      ? SolutionEvaluator.evaluateInDetail(solution, for: problem).cost : best.objective &+ leftOutPrizes
    return SolverResult(
      solution: solution, cost: cost,
      reportedCost: Double(cost) / Double(problem.costScale), iterations: outcome.iterations,
      elapsed: ContinuousClock.now - started, history: outcome.history, stopReason: outcome.stopReason,
      refinement: outcome.refinement)
  }

  /// What a rich run found: the best plan as routes, and statistics.
  struct RichOutcome: Sendable {
    /// The best plan that keeps every rule, by vehicle type and visit codes.
    var best: RichPlan?
    var iterations: Int
    var history: [SolverProgress]
    var stopReason: SolverResult.StopReason
    var refinement: RefinementStatistics
  }

  /// A rich plan outside any search: its routes and what it costs.
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

  private func plan(of search: RichSearch, iterations: Int) -> RichPlan? {
    guard let best = search.best, let routes = search.bestRoutes else { return nil }
    return RichPlan(
      routes: routes, windows: best.windows, objective: best.objective, unroutedRequired: best.unroutedRequired,
      rank: best.objective &+ best.requiredPrizeLeftOut, routeCount: best.routeCount, iterations: iterations)
  }

  /// One search on the calling thread.
  private func solveRichAlone(
    _ problem: Problem, data: RichData, initial: [(type: Int, visits: [Int])]?,
    onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) -> RichOutcome {
    let monitor = SearchMonitor(
      timeLimit: configuration.timeLimit, maxIterations: configuration.maxIterations,
      costScale: problem.costScale, onImprovement: onImprovement)
    let search = RichSearch(data: data, problem: problem, configuration: configuration, monitor: monitor)
    search.initialRoutes = initial
    search.run()
    return RichOutcome(
      best: plan(of: search, iterations: monitor.iterations), iterations: monitor.iterations,
      history: monitor.history, stopReason: monitor.stopReason,
      refinement: search.refinement?.statistics ?? RefinementStatistics())
  }

  /// ``SolverConfiguration/resolvedThreads`` cooperating searches (``Cooperation``); the first runs on the
  /// calling thread and, at the end, recombines the pools of all with GLPK.
  private func solveRichCooperatively(
    _ problem: Problem, data: RichData, initial: [(type: Int, visits: [Int])]?, started: ContinuousClock.Instant,
    onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) -> RichOutcome {
    let cooperation = Cooperation(workers: configuration.resolvedThreads)
    let scale = problem.costScale
    // Every search reports its own improvements as it finds them, the cheapest so far going through.
    let relay = ProgressRelay(started: started, forward: onImprovement)
    let exchange = Exchange<RichPlan>(workers: cooperation.workers, isBetter: { $0.isBetter(than: $1) }) { plan in
      relay.report(
        SolverProgress(
          cost: plan.objective, reportedCost: Double(plan.objective) / Double(scale), routeCount: plan.routeCount,
          iteration: plan.iterations, elapsed: ContinuousClock.now - started))
    }
    let pools = Shared([RoutePool]())
    let totals = Shared((iterations: 0, stopReason: SolverResult.StopReason.iterationLimit))
    let result = Shared(RichOutcome(
      best: nil, iterations: 0, history: [], stopReason: .iterationLimit, refinement: RefinementStatistics()))
    let configuration = configuration
    cooperation.run { k in
      var own = configuration
      own.seed = Cooperation.seed(of: k, configuration: configuration)
      var report: (@Sendable (SolverProgress) -> Void)?
      if Cooperation.reportsLive(k, configuration) { report = { relay.report($0) } }
      let monitor = SearchMonitor(
        timeLimit: configuration.timeLimit, maxIterations: configuration.maxIterations, costScale: scale,
        onImprovement: report)
      let search = RichSearch(data: data, problem: problem, configuration: own, monitor: monitor)
      search.initialRoutes = initial
      search.start()
      let seat = CooperationSeat(worker: k, exchange: exchange, started: started, configuration: configuration)
      while true {
        search.iterate { seat.isDue(iterations: monitor.iterations) }
        let stops = monitor.shouldStop()
        let met = seat.meet(offer: self.plan(of: search, iterations: monitor.iterations), stopping: stops)
        if let best = met.better, let mine = self.plan(of: search, iterations: 0), best.isBetter(than: mine) {
          search.adopt(routes: best.routes, windows: best.windows)
        }
        if met.stop { break }
      }
      if let pool = search.refinement?.pooled, k > 0 { pools.withValue { $0.append(pool) } }
      totals.withValue { $0.iterations += monitor.iterations }
      if k == 0 { totals.withValue { $0.stopReason = monitor.stopReason } }
      // The first search waits for the others' pools and best plans, takes the best plan of all, then
      // recombines all the pools on it.
      let last = exchange.meet(k, offer: self.plan(of: search, iterations: monitor.iterations), stopping: true)
      guard k == 0 else { return }
      if let best = last.best, last.worker != k, let mine = self.plan(of: search, iterations: 0),
        best.isBetter(than: mine)
      {
        search.adopt(routes: best.routes, windows: best.windows)
      }
      if let refinement = search.refinement {
        for pool in pools.withValue({ $0 }) { refinement.absorb(pool) }
      }
      search.finish()
      let plan = self.plan(of: search, iterations: monitor.iterations)
      if let plan {
        relay.settle(
          SolverProgress(
            cost: plan.objective, reportedCost: Double(plan.objective) / Double(scale), routeCount: plan.routeCount,
            iteration: plan.iterations, elapsed: ContinuousClock.now - started))
      }
      result.withValue { outcome in
        outcome.best = plan
        outcome.refinement = search.refinement?.statistics ?? RefinementStatistics()
      }
    }
    return result.withValue { outcome in
      outcome.iterations = totals.withValue { $0.iterations }
      outcome.stopReason = totals.withValue { $0.stopReason }
      outcome.history = relay.history
      return outcome
    }
  }
}
