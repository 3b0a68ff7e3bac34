/// Budget, stopping criteria and the best feasible solution of one search run, shared by the
/// metaheuristics.
final class SearchMonitor {
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private let deadline: ContinuousClock.Instant?
  /// The search's own deadline: `deadline` less any time reserved for a final step.
  private var searchDeadline: ContinuousClock.Instant?
  private let maxIterations: Int?
  private let costScale: Int64
  private let onImprovement: (@Sendable (SolverProgress) -> Void)?
  /// Set when the task waiting for the run is cancelled (the search runs on a thread of its own, where
  /// `Task.isCancelled` is always false); `nil` when the run is not on a dedicated thread.
  let cancellation: SearchCancellation?

  /// Iterations so far (each one a local search of a new candidate).
  var iterations = 0
  /// The best feasible individual seen.
  private(set) var best: Individual?
  /// Every improvement of `best`, in order.
  private(set) var history: [SolverProgress] = []
  /// Why the run stopped (valid once `shouldStop()` returned true).
  private(set) var stopReason: SolverResult.StopReason = .iterationLimit

  init(
    timeLimit: Duration?, maxIterations: Int?, costScale: Int64,
    onImprovement: (@Sendable (SolverProgress) -> Void)?, cancellation: SearchCancellation? = .current
  ) {
    let now = ContinuousClock.now
    start = now
    deadline = timeLimit.map { now + $0 }
    searchDeadline = deadline
    self.maxIterations = maxIterations
    self.costScale = costScale
    self.cancellation = cancellation
    self.onImprovement = onImprovement
  }

  var elapsed: Duration { clock.now - start }

  /// The share of the time budget used so far (0 when there is none).
  var budgetShareUsed: Double {
    var share = 0.0
    if let deadline {
      let total = deadline - start
      share = total > .zero ? (clock.now - start) / total : 1
    }
    if let maxIterations, maxIterations > 0 { share = max(share, Double(iterations) / Double(maxIterations)) }
    return share
  }

  /// Holds `reserve` of the time budget back for a final step after the search.
  func reserve(_ reserve: Duration) {
    searchDeadline = deadline.map { $0 - reserve }
  }

  /// Time left until the overall deadline, or `nil` without a time limit.
  var remaining: Duration? { deadline.map { max(.zero, $0 - clock.now) } }

  /// Whether the search must stop now (iterations, time or cancellation), recording why.
  ///
  /// Cheap enough to call at every iteration: a counter, a clock read and an atomic load.
  func shouldStop() -> Bool {
    if let maxIterations, iterations >= maxIterations {
      stopReason = .iterationLimit
      return true
    }
    if let searchDeadline, clock.now >= searchDeadline {
      stopReason = .timeLimit
      return true
    }
    if SearchCancellation.isCancelled(cancellation) {
      stopReason = .cancelled
      return true
    }
    return false
  }

  /// Keeps `individual` if it is feasible and better than the best so far; returns whether it was.
  /// The cost of the best solution recorded so far.
  private(set) var bestRecordedCost = Int64.max

  /// Records a feasible solution by its cost (the rich search keeps its own best state); returns whether
  /// it improves, and reports it when it does. `unconditionally` records a costlier solution that is
  /// better by another measure (it serves required clients the last one left out).
  @discardableResult
  func record(cost: Int64, routeCount: Int, unconditionally: Bool = false) -> Bool {
    guard cost < bestRecordedCost || unconditionally else { return false }
    bestRecordedCost = cost
    let progress = SolverProgress(
      cost: cost, reportedCost: Double(cost) / Double(costScale), routeCount: routeCount, iteration: iterations,
      elapsed: elapsed)
    history.append(progress)
    onImprovement?(progress)
    return true
  }

  /// Records `individual` when it is feasible and better than the best so far; returns whether it was.
  @discardableResult
  func record(_ individual: Individual) -> Bool {
    guard individual.isFeasible, record(cost: individual.distance, routeCount: individual.routeCount) else {
      return false
    }
    best = individual
    return true
  }
}
