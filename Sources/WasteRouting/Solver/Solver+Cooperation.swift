extension Solver {
  /// ``SolverConfiguration/resolvedThreads`` cooperating CVRP searches (``Cooperation``): each runs the
  /// configured metaheuristic with its own seed, refinement and final recombination; at the end of each
  /// epoch a search takes a better solution of another (iterated local search makes it its current
  /// solution, genetic search adds it to its population). The best solution of all is returned.
  func solveCapacitatedCooperatively(
    _ problem: Problem, initialTour: [Int]?, initial: Solution?,
    onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) throws(SolverError) -> SolverResult {
    let started = ContinuousClock.now
    let cooperation = Cooperation(workers: configuration.resolvedThreads)
    let relay = ProgressRelay(started: started, forward: onImprovement)
    let exchange = Exchange<Individual>(workers: cooperation.workers, isBetter: { $0.distance < $1.distance })
    let configuration = configuration
    let strategy = configuration.strategy.resolved(clientCount: problem.clients.count)
    struct Outcome: Sendable {
      var best: Individual?
      var iterations = 0
      var stopReason = SolverResult.StopReason.iterationLimit
      var refinement = RefinementStatistics()
      var remaining: Duration?
    }
    let outcomes = Shared([Outcome?](repeating: nil, count: cooperation.workers))
    cooperation.run { k in
      // Each search reads its own copy of the instance's data (the searches' caches are not shared).
      let data = SearchData(problem: problem, granularity: configuration.granularity)
      var own = configuration
      own.seed = Cooperation.seed(of: k, configuration: configuration)
      var report: (@Sendable (SolverProgress) -> Void)?
      if Cooperation.reportsLive(k, configuration) { report = { relay.report($0) } }
      let monitor = SearchMonitor(
        timeLimit: configuration.timeLimit, maxIterations: configuration.maxIterations,
        costScale: problem.costScale, onImprovement: report)
      let seat = CooperationSeat(worker: k, exchange: exchange, started: started, configuration: configuration)
      let refinement: RefinementStatistics
      switch strategy {
      case .geneticSearch:
        let search = GeneticSearch(data: data, configuration: own, monitor: monitor)
        search.initialTour = initialTour
        search.seat = seat
        search.run()
        refinement = search.refinement?.statistics ?? RefinementStatistics()
      case .iteratedLocalSearch, .automatic:
        let search = IteratedLocalSearch(data: data, configuration: own, monitor: monitor)
        search.initialTour = initialTour
        search.seat = seat
        search.run()
        refinement = search.refinement?.statistics ?? RefinementStatistics()
      }
      let outcome = Outcome(
        best: monitor.best, iterations: monitor.iterations, stopReason: monitor.stopReason,
        refinement: refinement, remaining: monitor.remaining)
      outcomes.withValue { $0[k] = outcome }
    }
    let all = outcomes.withValue { $0 }.compactMap { $0 }
    let iterations = all.reduce(0) { $0 + $1.iterations }
    var refinement = RefinementStatistics()
    for outcome in all {
      refinement.runs += outcome.refinement.runs
      refinement.improvements += outcome.refinement.improvements
      refinement.costReduction += outcome.refinement.costReduction
      refinement.failures += outcome.refinement.failures
      refinement.time += outcome.refinement.time
      refinement.poolSize = max(refinement.poolSize, outcome.refinement.poolSize)
    }
    // The best of all, the lowest worker among equals.
    var best: Individual?
    for outcome in all {
      guard let candidate = outcome.best else { continue }
      if let current = best, candidate.distance >= current.distance { continue }
      best = candidate
    }
    let stopReason = all.first?.stopReason ?? .iterationLimit
    guard let best else {
      guard stopReason != .cancelled else { throw .noFeasibleSolution(iterations: iterations) }
      // As alone: the rich search's construction takes over for what is left of the budget.
      var rest = configuration
      rest.timeLimit = all.first?.remaining
      rest.maxIterations = configuration.maxIterations.map { max(1, $0 - iterations) }
      return try Solver(rest).solveRich(problem, initial: initial, onImprovement: onImprovement)
    }
    relay.settle(
      SolverProgress(
        cost: best.distance, reportedCost: Double(best.distance) / Double(problem.costScale),
        routeCount: best.routeCount, iteration: iterations, elapsed: ContinuousClock.now - started))
    let routes = best.routes.filter { !$0.isEmpty }.map { Route(vehicleType: 0, clients: $0.map { $0 - 1 }) }
    return SolverResult(
      solution: Solution(routes: routes), cost: best.distance,
      reportedCost: Double(best.distance) / Double(problem.costScale), iterations: iterations,
      elapsed: ContinuousClock.now - started, history: relay.history, stopReason: stopReason,
      refinement: refinement)
  }
}
