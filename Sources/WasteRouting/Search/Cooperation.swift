import Foundation

/// How cooperating searches on several threads meet: each runs an epoch of its own iterations, then all
/// wait for one another, hand in their best solutions, and every search whose best is worse takes the
/// best of all as its current solution and goes on from there.
///
/// This is the "cooperating searches that exchange their best solutions" scheme of parallel
/// metaheuristics (Crainic's synchronous cooperation; the island models of parallel genetic search):
/// the searches start from different seeds and explore different regions, and every exchange moves the
/// laggards to the most promising one. With an iteration limit and no time limit, epochs are counted in
/// iterations, so the result depends only on the seed, the limit and the number of threads; with a time
/// limit, epochs end by the clock, and the result also depends on how fast each thread ran.
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
    if let timeLimit = configuration.timeLimit {
      // Epochs of a twentieth of the budget, at least a tenth of a second.
      let length = max(timeLimit / epochs, .milliseconds(100))
      return EpochEnd(iterations: nil, time: start + length * epoch)
    }
    let total = configuration.maxIterations ?? 0
    return EpochEnd(iterations: max(1, total / epochs) * epoch, time: nil)
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
  private let condition = NSCondition()
  private let workers: Int
  private let isBetter: @Sendable (Offer, Offer) -> Bool
  private var offers: [Offer?]
  private var stopping = false
  private var arrived = 0
  private var generation = 0
  private var outcome: (winner: Offer?, index: Int?, stop: Bool) = (nil, nil, false)
  private var lastWinner: Offer?
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
