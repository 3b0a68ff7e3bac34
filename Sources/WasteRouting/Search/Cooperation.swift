import Foundation

/// How cooperating searches on several threads meet: each runs an epoch of its own iterations, then all
/// wait for one another, hand in their best solutions, and every search whose best is worse takes the
/// best of all as its current solution and goes on from there.
///
/// This is the "cooperating searches that exchange their best solutions" scheme of parallel
/// metaheuristics (Crainic's synchronous cooperation; the island models of parallel genetic search):
/// the searches start from different seeds and explore different regions, and every exchange moves the
/// laggards to the most promising one. With an iteration limit (a time limit may be set too), epochs are counted in
/// iterations, so the result depends only on the seed, the limit and the number of threads; with a time
/// limit, epochs end by the clock, and the result also depends on how fast each thread ran.
///
/// Worker `k` runs with seed `seed + k`; worker 0's is the configured seed, so one thread reproduces the
/// single-threaded search exactly.
///
/// With a time limit and no iteration limit the searches do not wait for one another: at the end of each of its epochs a search
/// posts its best and takes the best posted by any (``CooperationSeat/meet(offer:stopping:)``), so a
/// thread that the machine's other work slows down never idles the rest.
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
    if let total = configuration.maxIterations {
      // Reproducible: by iterations, whatever the clock says.
      return EpochEnd(iterations: max(1, total / epochs) * epoch, time: nil)
    }
    // Epochs of a twentieth of the budget, at least a tenth of a second.
    let length = max((configuration.timeLimit ?? .seconds(10)) / epochs, .milliseconds(100))
    return EpochEnd(iterations: nil, time: start + length * epoch)
  }

  /// Whether worker `k` reports its improvements as it finds them: every worker of a run limited by time
  /// only; only the first of a run with an iteration limit (whose own trajectory, the better solutions it takes at
  /// the barriers included, is reproducible), so that the reports are reproducible too.
  static func reportsLive(_ k: Int, _ configuration: SolverConfiguration) -> Bool {
    k == 0 || configuration.maxIterations == nil
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

/// The meeting point of cooperating searches: a barrier at which each hands in an offer (its best
/// solution, or `nil`) and learns the best offer of all and whether the run stops.
///
/// The last search to arrive chooses the winner (the best offer by `isBetter`, the lowest worker index
/// among equals) and releases the others. Thread-safe; shared by the worker threads.
final class Exchange<Offer: Sendable>: @unchecked Sendable {
  // The lock guards every stored property below.
  fileprivate let condition = NSCondition()
  private let workers: Int
  fileprivate let isBetter: @Sendable (Offer, Offer) -> Bool
  private var offers: [Offer?]
  private var stopping = false
  private var arrived = 0
  private var generation = 0
  private var outcome: (winner: Offer?, index: Int?, stop: Bool) = (nil, nil, false)
  fileprivate var lastWinner: Offer?
  fileprivate let onNewBest: @Sendable (Offer) -> Void
  /// The best offer posted without waiting (``post(_:offer:)``), and its worker.
  fileprivate var posted: (offer: Offer, worker: Int)?

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

extension Exchange {
  /// Hands in worker `k`'s offer without waiting for the others, and returns the best offer posted so far
  /// by any worker (this one's included) and its worker: the asynchronous exchange of time-limited runs,
  /// where a search never waits for a slower one.
  func post(_ k: Int, offer: Offer?) -> (best: Offer?, worker: Int?) {
    condition.lock()
    defer { condition.unlock() }
    if let offer, posted.map({ isBetter(offer, $0.offer) }) ?? true {
      posted = (offer, k)
      if lastWinner.map({ isBetter(offer, $0) }) ?? true {
        lastWinner = offer
        onNewBest(offer)
      }
    }
    return (posted?.offer, posted?.worker)
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

/// One search's seat at an ``Exchange``: when its epochs end and what it learns when it meets the others.
/// Owned by the search's thread.
final class CooperationSeat<Offer: Sendable> {
  /// The search's index among the workers.
  let worker: Int
  private let exchange: Exchange<Offer>
  private let started: ContinuousClock.Instant
  private let configuration: SolverConfiguration
  private var epoch = 1
  private var end: Cooperation.EpochEnd

  init(
    worker: Int, exchange: Exchange<Offer>, started: ContinuousClock.Instant, configuration: SolverConfiguration
  ) {
    self.worker = worker
    self.exchange = exchange
    self.started = started
    self.configuration = configuration
    end = Cooperation.end(of: 1, start: started, configuration: configuration)
  }

  /// Whether the current epoch is over for a search that has done `iterations` iterations.
  func isDue(iterations: Int) -> Bool { end.isReached(iterations: iterations) }

  /// Hands in `offer` and starts the next epoch; returns the best offer of all when another search made
  /// it (`nil` when this search's own offer is the best), and whether to stop.
  ///
  /// Runs with an iteration limit (with or without a time limit) meet at a barrier (every search waits for all, and all stop when
  /// one must), so that the result depends only on the seeds; time-limited runs post their offer and take
  /// the best posted so far without waiting, so that a search slowed by other work on the machine never
  /// holds up the others, and each stops by its own clock. (Runs limited by time only.)
  func meet(offer: Offer?, stopping: Bool) -> (better: Offer?, stop: Bool) {
    epoch += 1
    end = Cooperation.end(of: epoch, start: started, configuration: configuration)
    if configuration.maxIterations == nil {
      let posted = exchange.post(worker, offer: offer)
      return (posted.worker == worker ? nil : posted.best, stopping)
    }
    let met = exchange.meet(worker, offer: offer, stopping: stopping)
    return (met.worker == worker ? nil : met.best, met.stop)
  }
}

/// Relays the improvements of cooperating searches to one progress callback, in order of cost: a report
/// goes through only when it beats every earlier one, with the time since the run started. Thread-safe.
final class ProgressRelay: @unchecked Sendable {
  // The lock guards `best` and `reports`.
  private let lock = NSLock()
  private var best = Int64.max
  private var reports: [SolverProgress] = []
  private let started: ContinuousClock.Instant
  private let forward: (@Sendable (SolverProgress) -> Void)?

  init(started: ContinuousClock.Instant, forward: (@Sendable (SolverProgress) -> Void)?) {
    self.started = started
    self.forward = forward
  }

  /// Passes `progress` on when it is the cheapest so far.
  func report(_ progress: SolverProgress) {
    lock.lock()
    defer { lock.unlock() }
    guard progress.cost < best else { return }
    best = progress.cost
    var relayed = progress
    relayed.elapsed = ContinuousClock.now - started
    reports.append(relayed)
    forward?(relayed)
  }

  /// Passes on the run's final answer when the last report passed on was not it (a plan that serves more
  /// required clients at a higher cost).
  func settle(_ progress: SolverProgress) {
    lock.lock()
    defer { lock.unlock() }
    guard reports.last?.cost != progress.cost else { return }
    best = min(best, progress.cost)
    var relayed = progress
    relayed.elapsed = ContinuousClock.now - started
    reports.append(relayed)
    forward?(relayed)
  }

  /// Every report passed on, in order.
  var history: [SolverProgress] {
    lock.lock()
    defer { lock.unlock() }
    return reports
  }
}
