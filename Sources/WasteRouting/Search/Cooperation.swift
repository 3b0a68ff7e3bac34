import Foundation

/// How cooperating searches on several threads meet: each runs an epoch of its own iterations, then all
/// wait for one another, hand in their best solutions, and every search whose best is worse and did not
/// improve during the epoch takes the best of all as its current solution and goes on from there.
///
/// This is the "cooperating searches that exchange their best solutions" scheme of parallel
/// metaheuristics (Crainic's synchronous cooperation; the island models of parallel genetic search):
/// the searches start from different seeds and explore different regions, and every exchange moves the
/// laggards to the most promising one. A search still improving its own best keeps its path: taking
/// another's best resets its acceptance history, and on large instances, where a search improves through
/// most of its run, adopting at every exchange cost more than it brought (X, 50 instances, 3 s per 100
/// customers, seed 1: two threads 0.67 % against one thread's 0.58 % at the same wall time; 0.51 % with
/// this rule). Time-limited runs exchange without a barrier: at the end of each of its epochs a search
/// posts its best and takes the best posted by any, so that a thread slowed by other work on the machine
/// never holds up the rest. With an iteration limit, epochs are counted in iterations, so the
/// result depends only on the seed, the limit and the number of threads (unless a time limit ends the run
/// first); with a time limit alone, epochs end by the clock, and the result also depends on how fast each
/// thread ran. The progress reports (``SolverResult/history``) come from every thread as it improves, so
/// their order and iterations depend on thread timing whenever several threads search.
///
/// Worker `k` runs with seed `seed + k`; worker 0's is the configured seed, so one thread reproduces the
/// single-threaded search exactly.
struct Cooperation: Sendable {
  /// The number of searches.
  let workers: Int
  /// Epochs per run: the budget (time or iterations) is split into this many exchanges.
  static let epochs = 20

  /// When epoch `epoch` (1-based) of a worker ends: after `iterations` of its own, or at `time`.
  struct EpochEnd {
    var iterations: Int?
    var time: ContinuousClock.Instant?

    /// Whether the epoch is over for a search that has done `done` iterations.
    func isReached(iterations done: Int) -> Bool {
      if let iterations, done >= iterations { return true }
      if let time, ContinuousClock.now >= time { return true }
      return false
    }
  }

  /// The end of epoch `epoch` for a run that started at `start` under `configuration`.
  static func end(
    of epoch: Int, start: ContinuousClock.Instant, configuration: SolverConfiguration
  ) -> EpochEnd {
    // An iteration limit counts epochs in iterations (a time limit beside it only stops the run), so
    // the result is reproducible unless the clock ends the run first.
    if let total = configuration.maxIterations {
      return EpochEnd(iterations: max(1, total / epochs) * epoch, time: nil)
    }
    // Epochs of a twentieth of the budget, at least a tenth of a second.
    let length = max((configuration.timeLimit ?? .seconds(1)) / epochs, .milliseconds(100))
    return EpochEnd(iterations: nil, time: start + length * epoch)
  }

  /// The seed of worker `k`.
  static func seed(of k: Int, configuration: SolverConfiguration) -> UInt64 {
    configuration.seed &+ UInt64(k)
  }

  /// Runs `body(k)` for every worker `k` in `0..<workers`, worker 0 on the calling thread and the others
  /// on dedicated threads of their own (``DedicatedThread``), and returns when all have returned. The
  /// caller is itself a dedicated thread that holds one search place per worker.
  func run(_ body: @escaping @Sendable (Int) -> Void) {
    guard workers > 1 else {
      body(0)
      return
    }
    let finished = DispatchGroup()
    // The others poll the calling thread's cancellation flag, as its own search does.
    let cancellation = SearchCancellation.current
    for k in 1..<workers {
      finished.enter()
      DedicatedThread.start(named: "waste-routing search \(k + 1)") {
        if let cancellation { Thread.current.threadDictionary[SearchCancellation.threadKey] = cancellation }
        body(k)
        finished.leave()
      }
    }
    body(0)
    finished.wait()
  }
}

/// A search that can cooperate with others of the same problem (``Cooperation``): run in steps, hand
/// out its best plan, take another's, and pool routes for the final recombination.
protocol CooperatingSearch: AnyObject, SendableMetatype {
  /// A best plan, portable to another search of the same problem.
  associatedtype Plan: Sendable
  /// The first solution(s).
  func start()
  /// Iterations until the search's monitor stops the run or `pause` returns true.
  func iterate(until pause: () -> Bool)
  /// The final recombination.
  func finish()
  /// The best plan so far (with the search's own iteration count in it), or `nil`.
  var plan: Plan? { get }
  /// Takes `plan`, another search's best, as its current solution.
  func adopt(_ plan: Plan)
  /// The pooled routes of its refinement, or `nil` when the refinement is off.
  var pooledRoutes: RoutePool? { get }
  /// Adds another search's pooled routes to its refinement's pool.
  func absorb(_ pool: RoutePool)
  /// What its refinement did.
  var refinementStatistics: RefinementStatistics { get }
}

/// What a cooperative run found.
struct CooperativeOutcome<Plan: Sendable>: Sendable {
  /// The best plan of all, after the first search's final recombination.
  var best: Plan?
  /// Iterations of all searches together.
  var iterations: Int
  /// Why the run ended (the first search's reason).
  var stopReason: SolverResult.StopReason
  /// What the first search's refinement did (its final recombination ran over every search's pool).
  var refinement: RefinementStatistics
}

extension Cooperation {
  /// Runs ``workers`` searches made by `make(k)` (each on its own thread, with its own monitor), in
  /// epochs: each iterates until its epoch ends, then all meet, and a search whose best is worse than
  /// the best of all (by `isBetter`) and did not improve during the epoch takes that one. When any of
  /// them stops (time, iterations or cancellation), all stop; the others hand their route pools to the
  /// first, which runs the final recombination on the best plan.
  ///
  /// - Parameters:
  ///   - onNewBest: called with each exchange's best plan when it beats every earlier one.
  func cooperate<Search: CooperatingSearch>(
    configuration: SolverConfiguration, started: ContinuousClock.Instant,
    isBetter: @escaping @Sendable (Search.Plan, Search.Plan) -> Bool,
    onNewBest: @escaping @Sendable (Search.Plan) -> Void,
    make: @escaping @Sendable (Int) -> (Search, SearchMonitor)
  ) -> CooperativeOutcome<Search.Plan> {
    let exchange = Exchange<Search.Plan>(workers: workers, isBetter: isBetter, onNewBest: onNewBest)
    let pools = Shared([RoutePool]())
    let iterations = Shared(0)
    let outcome = Shared(CooperativeOutcome<Search.Plan>(
      best: nil, iterations: 0, stopReason: .iterationLimit, refinement: RefinementStatistics()))
    run { k in
      let (search, monitor) = make(k)
      search.start()
      var epoch = 1
      var previous = search.plan
      while true {
        let end = Cooperation.end(of: epoch, start: started, configuration: configuration)
        search.iterate { end.isReached(iterations: monitor.iterations) }
        let stops = monitor.shouldStop()
        let own = search.plan
        // A search that improved its own best during the epoch is on a productive path: it keeps it.
        let improving = own.map { plan in previous.map { isBetter(plan, $0) } ?? true } ?? false
        previous = own
        // Runs with an iteration limit meet at a barrier, so that the result depends only on the seeds;
        // time-limited runs post their best and take the best posted so far without waiting, so that a
        // search slowed by other work on the machine never idles the others, and each stops by its clock.
        let met = configuration.maxIterations == nil
          ? exchange.post(k, offer: own, stopping: stops)
          : exchange.meet(k, offer: own, stopping: stops)
        if !improving, let best = met.best, met.worker != k, own.map({ isBetter(best, $0) }) ?? true {
          search.adopt(best)
          previous = search.plan
        }
        if met.stop { break }
        epoch += 1
      }
      if k > 0, let pool = search.pooledRoutes { pools.withValue { $0.append(pool) } }
      // The first search waits for the others' pools, then recombines all of them on its best plan (the
      // best of all since the last exchange); meanwhile the others search on in the time it held back
      // for that (none when it holds none back, or the run stopped by iterations or cancellation).
      _ = exchange.meet(k, offer: nil, stopping: true)
      if k == 0 {
        for pool in pools.withValue({ $0 }) { search.absorb(pool) }
        search.finish()
      } else {
        monitor.reserve(.zero)
        search.iterate { false }
      }
      iterations.withValue { $0 += monitor.iterations }
      let final = exchange.meet(k, offer: search.plan, stopping: true)
      guard k == 0 else { return }
      if let best = final.best { exchange.announce(best) }
      outcome.withValue {
        $0.best = final.best
        $0.stopReason = monitor.stopReason
        $0.refinement = search.refinementStatistics
      }
    }
    return outcome.withValue { result in
      result.iterations = iterations.withValue { $0 }
      return result
    }
  }
}

/// The meeting point of cooperating searches: a barrier at which each hands in an offer (its best
/// solution, or `nil`) and learns the best offer of all and whether the run stops.
///
/// The last search to arrive chooses the winner (the best offer by `isBetter`, the lowest worker index
/// among equals) and releases the others. Thread-safe; shared by the worker threads.
final class Exchange<Offer: Sendable>: @unchecked Sendable {
  // The lock guards every stored property below.
  private let condition = NSCondition()
  private let workers: Int
  private let isBetter: @Sendable (Offer, Offer) -> Bool
  private var offers: [Offer?]
  private var stopping = false
  private var arrived = 0
  private var generation = 0
  private var outcome: (winner: Offer?, index: Int?, stop: Bool) = (nil, nil, false)
  private var lastWinner: Offer?
  /// The best offer posted without waiting (``post(_:offer:stopping:)``), and its worker.
  private var posted: (offer: Offer, worker: Int)?
  private let onNewBest: @Sendable (Offer) -> Void

  /// Creates an exchange for `workers` searches; `onNewBest` is called (by the last to arrive, under the
  /// lock) whenever the best offer of an exchange beats every earlier one.
  init(
    workers: Int, isBetter: @escaping @Sendable (Offer, Offer) -> Bool,
    onNewBest: @escaping @Sendable (Offer) -> Void = { _ in }
  ) {
    self.workers = workers
    self.isBetter = isBetter
    self.onNewBest = onNewBest
    offers = Array(repeating: nil, count: workers)
  }

  /// Reports `offer` through `onNewBest` when it beats every best so far (the final recombination's
  /// result, found after the last meeting).
  func announce(_ offer: Offer) {
    condition.lock()
    defer { condition.unlock() }
    guard lastWinner.map({ isBetter(offer, $0) }) ?? true else { return }
    lastWinner = offer
    onNewBest(offer)
  }

  /// Hands in worker `k`'s offer without waiting for the others, and returns the best offer posted so far
  /// (this one's included) and its worker, and `stopping` as whether to stop: the exchange of time-limited
  /// runs, whose searches stop by their own clocks.
  func post(_ k: Int, offer: Offer?, stopping: Bool) -> (best: Offer?, worker: Int?, stop: Bool) {
    condition.lock()
    defer { condition.unlock() }
    if let offer, posted.map({ isBetter(offer, $0.offer) }) ?? true {
      posted = (offer, k)
      if lastWinner.map({ isBetter(offer, $0) }) ?? true {
        lastWinner = offer
        onNewBest(offer)
      }
    }
    return (posted?.offer, posted?.worker, stopping)
  }

  /// Hands in worker `k`'s offer and waits for every worker; returns the best offer of all (and its
  /// worker) and whether the run stops (some worker reached a limit or was cancelled).
  func meet(_ k: Int, offer: Offer?, stopping stops: Bool) -> (best: Offer?, worker: Int?, stop: Bool) {
    condition.lock()
    defer { condition.unlock() }
    offers[k] = offer
    stopping = stopping || stops
    arrived += 1
    let mine = generation
    if arrived == workers {
      var best: (offer: Offer, index: Int)?
      for (index, candidate) in offers.enumerated() {
        guard let candidate else { continue }
        if let current = best, !isBetter(candidate, current.offer) { continue }
        best = (candidate, index)
      }
      outcome = (best?.offer, best?.index, stopping)
      if let winner = best?.offer, lastWinner.map({ isBetter(winner, $0) }) ?? true {
        lastWinner = winner
        onNewBest(winner)
      }
      arrived = 0
      stopping = false
      offers = Array(repeating: nil, count: workers)
      generation += 1
      condition.broadcast()
    } else {
      while generation == mine { condition.wait() }
    }
    return (outcome.winner, outcome.index, outcome.stop)
  }
}

/// A value shared by cooperating searches, read and written under a lock.
final class Shared<Value: Sendable>: @unchecked Sendable {
  // The lock guards `value`.
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  /// Runs `body` on the value under the lock.
  func withValue<Result>(_ body: (inout Value) -> Result) -> Result {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}

/// A CVRP plan outside any search: its routes (1-based clients) and distance.
struct CapacitatedPlan: Sendable {
  var routes: [[Int]]
  var distance: Int64
  var routeCount: Int
  /// Iterations of the search that found it.
  var iterations: Int

  /// Whether `self` is shorter than `other`.
  func isBetter(than other: CapacitatedPlan) -> Bool { distance < other.distance }

  /// The best feasible solution that `monitor` recorded, if any.
  init?(_ monitor: SearchMonitor) {
    guard let best = monitor.best else { return nil }
    routes = best.routes.filter { !$0.isEmpty }
    distance = best.distance
    routeCount = best.routeCount
    iterations = monitor.iterations
  }
}

extension IteratedLocalSearch: CooperatingSearch {
  var plan: CapacitatedPlan? { CapacitatedPlan(monitor) }
  func adopt(_ plan: CapacitatedPlan) { adopt(routes: plan.routes) }
  var pooledRoutes: RoutePool? { refinement?.pooled }
  func absorb(_ pool: RoutePool) { refinement?.absorb(pool) }
  var refinementStatistics: RefinementStatistics { refinement?.statistics ?? RefinementStatistics() }
}

extension GeneticSearch: CooperatingSearch {
  var plan: CapacitatedPlan? { CapacitatedPlan(monitor) }
  func adopt(_ plan: CapacitatedPlan) { adopt(routes: plan.routes) }
  var pooledRoutes: RoutePool? { refinement?.pooled }
  func absorb(_ pool: RoutePool) { refinement?.absorb(pool) }
  var refinementStatistics: RefinementStatistics { refinement?.statistics ?? RefinementStatistics() }
}

/// Passes on the progress of cooperating searches as one run's: each report whose cost beats every
/// earlier one goes to the run's history and callback, whichever search found it.
final class ProgressRelay: Sendable {
  private let state = Shared((history: [SolverProgress](), best: Int64.max))
  private let onImprovement: (@Sendable (SolverProgress) -> Void)?
  private let started: ContinuousClock.Instant

  init(started: ContinuousClock.Instant, onImprovement: (@Sendable (SolverProgress) -> Void)?) {
    self.started = started
    self.onImprovement = onImprovement
  }

  /// A callback for one search's monitor: its reports, with the run's elapsed time.
  var callback: @Sendable (SolverProgress) -> Void {
    { [self] progress in
      var progress = progress
      progress.elapsed = ContinuousClock.now - started
      report(progress)
    }
  }

  /// Records `progress` when it is better than every report so far; `always` records it anyway (a plan
  /// that serves more required clients at a higher cost).
  func report(_ progress: SolverProgress, always: Bool = false) {
    let better = state.withValue { state -> Bool in
      guard always || progress.cost < state.best else { return false }
      state.best = progress.cost
      state.history.append(progress)
      return true
    }
    if better { onImprovement?(progress) }
  }

  /// Every improvement, in order.
  var history: [SolverProgress] { state.withValue { $0.history } }
}
