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
/// ``solve(_:initial:onImprovement:)`` runs its search on a dedicated thread, not on the cooperative
/// thread pool, so a server stays responsive while it runs; each solve keeps one core busy for its whole
/// time limit, and at most one search per core runs at once (others wait their turn). Bound the number of
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
    let started = ContinuousClock.now
    let outcome = configuration.resolvedThreads > 1 && problem.clients.count > 1
      ? solveCapacitatedCooperatively(problem, initialTour: initialTour, started: started, onImprovement: onImprovement)
      : solveCapacitatedAlone(problem, initialTour: initialTour, onImprovement: onImprovement)
    guard let best = outcome.best else {
      guard outcome.stopReason != .cancelled else { throw .noFeasibleSolution(iterations: outcome.iterations) }
      var rest = configuration
      rest.timeLimit = configuration.timeLimit.map { max(.zero, $0 - (ContinuousClock.now - started)) }
      rest.maxIterations = configuration.maxIterations.map { max(1, $0 - outcome.iterations) }
      return try Solver(rest).solveRich(problem, initial: initial, onImprovement: onImprovement)
    }
    let routes = best.routes.map { Route(vehicleType: 0, clients: $0.map { $0 - 1 }) }
    return SolverResult(
      solution: Solution(routes: routes), cost: best.distance,
      reportedCost: Double(best.distance) / Double(problem.costScale), iterations: outcome.iterations,
      elapsed: ContinuousClock.now - started, history: outcome.history, stopReason: outcome.stopReason,
      refinement: outcome.refinement)
  }

  /// What a CVRP run found.
  private struct CapacitatedOutcome {
    var best: CapacitatedPlan?
    var iterations: Int
    var history: [SolverProgress]
    var stopReason: SolverResult.StopReason
    var refinement: RefinementStatistics
  }

  /// One CVRP search on the calling thread.
  private func solveCapacitatedAlone(
    _ problem: Problem, initialTour: [Int]?, onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) -> CapacitatedOutcome {
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
      refinement = search.refinementStatistics
    case .iteratedLocalSearch, .automatic:
      let search = IteratedLocalSearch(data: data, configuration: configuration, monitor: monitor)
      search.initialTour = initialTour
      search.run()
      refinement = search.refinementStatistics
    }
    return CapacitatedOutcome(
      best: CapacitatedPlan(monitor), iterations: monitor.iterations, history: monitor.history,
      stopReason: monitor.stopReason, refinement: refinement)
  }

  /// ``SolverConfiguration/resolvedThreads`` cooperating CVRP searches (``Cooperation``); genetic searches
  /// exchange migrants into each other's populations, iterated local searches restart from the best.
  private func solveCapacitatedCooperatively(
    _ problem: Problem, initialTour: [Int]?, started: ContinuousClock.Instant,
    onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) -> CapacitatedOutcome {
    let relay = ProgressRelay(started: started, onImprovement: onImprovement)
    let scale = problem.costScale
    let configuration = configuration
    let onNewBest: @Sendable (CapacitatedPlan) -> Void = { plan in
      relay.report(
        SolverProgress(
          cost: plan.distance, reportedCost: Double(plan.distance) / Double(scale), routeCount: plan.routeCount,
          iteration: plan.iterations, elapsed: ContinuousClock.now - started))
    }
    @Sendable func worker(_ k: Int) -> (configuration: SolverConfiguration, monitor: SearchMonitor, data: SearchData) {
      var own = configuration
      own.seed = Cooperation.seed(of: k, configuration: configuration)
      let monitor = SearchMonitor(
        timeLimit: configuration.timeLimit, maxIterations: configuration.maxIterations, costScale: scale,
        onImprovement: relay.callback)
      return (own, monitor, SearchData(problem: problem, granularity: configuration.granularity))
    }
    let cooperation = Cooperation(workers: configuration.resolvedThreads)
    let isBetter: @Sendable (CapacitatedPlan, CapacitatedPlan) -> Bool = { $0.isBetter(than: $1) }
    let outcome: CooperativeOutcome<CapacitatedPlan>
    switch configuration.strategy.resolved(clientCount: problem.clients.count) {
    case .geneticSearch:
      outcome = cooperation.cooperate(
        configuration: configuration, started: started, isBetter: isBetter, onNewBest: onNewBest
      ) { (k: Int) -> (GeneticSearch, SearchMonitor) in
        let (own, monitor, data) = worker(k)
        let search = GeneticSearch(data: data, configuration: own, monitor: monitor)
        search.initialTour = initialTour
        return (search, monitor)
      }
    case .iteratedLocalSearch, .automatic:
      outcome = cooperation.cooperate(
        configuration: configuration, started: started, isBetter: isBetter, onNewBest: onNewBest
      ) { (k: Int) -> (IteratedLocalSearch, SearchMonitor) in
        let (own, monitor, data) = worker(k)
        let search = IteratedLocalSearch(data: data, configuration: own, monitor: monitor)
        search.initialTour = initialTour
        return (search, monitor)
      }
    }
    return CapacitatedOutcome(
      best: outcome.best, iterations: outcome.iterations, history: relay.history,
      stopReason: outcome.stopReason, refinement: outcome.refinement)
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
      best: search.plan, iterations: monitor.iterations,
      history: monitor.history, stopReason: monitor.stopReason,
      refinement: search.refinement?.statistics ?? RefinementStatistics())
  }

  /// ``SolverConfiguration/resolvedThreads`` cooperating searches (``Cooperation``); the first runs on the
  /// calling thread and, at the end, recombines the pools of all with GLPK.
  private func solveRichCooperatively(
    _ problem: Problem, data: RichData, initial: [(type: Int, visits: [Int])]?, started: ContinuousClock.Instant,
    onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) -> RichOutcome {
    let relay = ProgressRelay(started: started, onImprovement: onImprovement)
    let scale = problem.costScale
    let configuration = configuration
    let outcome = Cooperation(workers: configuration.resolvedThreads).cooperate(
      configuration: configuration, started: started,
      isBetter: { (a: RichPlan, b: RichPlan) in a.isBetter(than: b) },
      onNewBest: { (plan: RichPlan) in
        // Exchanges report plans that serve more required clients even when they cost more.
        relay.report(
          SolverProgress(
            cost: plan.objective, reportedCost: Double(plan.objective) / Double(scale), routeCount: plan.routeCount,
            iteration: plan.iterations, elapsed: ContinuousClock.now - started),
          always: plan.unroutedRequired > 0)
      }
    ) { (k: Int) -> (RichSearch, SearchMonitor) in
      var own = configuration
      own.seed = Cooperation.seed(of: k, configuration: configuration)
      let monitor = SearchMonitor(
        timeLimit: configuration.timeLimit, maxIterations: configuration.maxIterations, costScale: scale,
        onImprovement: relay.callback)
      let search = RichSearch(data: data, problem: problem, configuration: own, monitor: monitor)
      search.initialRoutes = initial
      return (search, monitor)
    }
    return RichOutcome(
      best: outcome.best, iterations: outcome.iterations, history: relay.history,
      stopReason: outcome.stopReason, refinement: outcome.refinement)
  }
}
