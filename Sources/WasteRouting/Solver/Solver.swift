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
  /// Iterations performed.
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
  /// The budget ran out (or the task was cancelled) before any feasible solution was found.
  case noFeasibleSolution(iterations: Int)

  /// A one-line description.
  public var description: String {
    switch self {
    case let .unsupported(feature): "unsupported problem feature: \(feature)"
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
  /// The search runs on the calling task; run several solvers in a task group to use several cores.
  ///
  /// - Parameters:
  ///   - problem: the problem (one depot and one vehicle type for now).
  ///   - onImprovement: called on the solving task whenever the best solution improves.
  /// - Returns: the best feasible solution and statistics.
  /// - Throws: ``SolverError``.
  public func solve(
    _ problem: Problem, onImprovement: (@Sendable (SolverProgress) -> Void)? = nil
  ) async throws(SolverError) -> SolverResult {
    guard configuration.timeLimit != nil || configuration.maxIterations != nil else {
      throw .unsupported("a run without a time or iteration limit")
    }
    guard problem.isCapacitatedOnly else { return try solveRich(problem, onImprovement: onImprovement) }
    let data = SearchData(problem: problem, granularity: configuration.granularity)
    let monitor = SearchMonitor(
      timeLimit: configuration.timeLimit, maxIterations: configuration.maxIterations,
      costScale: problem.costScale, onImprovement: onImprovement)
    let refinement: RefinementStatistics
    switch configuration.strategy.resolved(clientCount: problem.clients.count) {
    case .geneticSearch:
      let search = GeneticSearch(data: data, configuration: configuration, monitor: monitor)
      search.run()
      refinement = search.refinement?.statistics ?? RefinementStatistics()
    case .iteratedLocalSearch, .automatic:
      let search = IteratedLocalSearch(data: data, configuration: configuration, monitor: monitor)
      search.run()
      refinement = search.refinement?.statistics ?? RefinementStatistics()
    }
    guard let best = monitor.best else { throw .noFeasibleSolution(iterations: monitor.iterations) }
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
  private func solveRich(
    _ problem: Problem, onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) throws(SolverError) -> SolverResult {
    guard problem.vehicleTypes.count <= 64 else { throw .unsupported("more than 64 vehicle types") }
    let data = RichData(problem: problem, granularity: configuration.granularity)
    let monitor = SearchMonitor(
      timeLimit: configuration.timeLimit, maxIterations: configuration.maxIterations,
      costScale: problem.costScale, onImprovement: onImprovement)
    let search = RichSearch(data: data, problem: problem, configuration: configuration, monitor: monitor)
    search.run()
    guard let best = search.best else { throw .noFeasibleSolution(iterations: monitor.iterations) }
    let solution = search.solution(of: best)
    // The search prices a client with several windows in the one it chose for it; the schedule of the
    // route semantics starts service in the first window still open, which can wait differently. The
    // evaluator's cost is the definition.
    let cost = data.hasMultipleWindows ? SolutionEvaluator.evaluateInDetail(solution, for: problem).cost : best.objective
    return SolverResult(
      solution: solution, cost: cost,
      reportedCost: Double(cost) / Double(problem.costScale), iterations: monitor.iterations,
      elapsed: monitor.elapsed, history: monitor.history, stopReason: monitor.stopReason,
      refinement: RefinementStatistics())
  }
}
