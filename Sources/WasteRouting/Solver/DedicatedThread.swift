internal import Atomics
import Foundation

/// Runs the library's long synchronous computations (searches, travel matrices, path tracing) on
/// threads of their own, so that they never hold a thread of Swift's cooperative pool.
///
/// The cooperative pool has one thread per core. A search that runs synchronously on it for its whole
/// time limit takes a core's thread away from every other task of the process: with as many searches as
/// cores, timers, other requests and cancellation handlers wait until a search ends. Here the calling
/// task suspends on a `CheckedContinuation` (holding no thread) while the work runs on a new `Thread`,
/// which resumes it at the end.
///
/// Searches (``run(named:_:)``) take one of ``searchSlots``, one per core, for their whole run: a search
/// beyond that waits, suspended and cancellable, until one ends, so a burst of requests never starts more
/// CPU-bound threads than there are cores (each would then get a fraction of a core for its whole time
/// limit, and memory for its search). Cancellation crosses over through a ``SearchCancellation`` flag:
/// `withTaskCancellationHandler` sets it when the waiting task is cancelled, and the work polls it
/// (`Task.isCancelled` means nothing on a thread that runs no task).
enum DedicatedThread {
  /// The stack size of every dedicated thread: 8 MiB, as a main thread on Linux (secondary threads on
  /// macOS default to 512 KiB).
  static let stackSize = 8 << 20

  /// The searches that may run at once in the process: one per core.
  static let searchSlots = AdmissionGate(width: max(1, ProcessInfo.processInfo.activeProcessorCount))

  /// Waits for one of ``searchSlots``, then runs `work` on a new thread; the caller stays suspended,
  /// holding no thread, until it returns.
  ///
  /// The thread's flag is also ``SearchCancellation/current`` there, so that search monitors and
  /// refinements created by `work` poll it without being handed it.
  ///
  /// - Parameters:
  ///   - name: The thread's name (shown by debuggers and `top -H`).
  ///   - work: The synchronous computation; it should poll the flag it is given and return early once
  ///     it is set.
  /// - Returns: What `work` returned.
  /// - Throws: `CancellationError` when the task is cancelled before it got a slot and started its thread
  ///   (`work` then never runs; once it has started, `work` runs to its end, with its flag set as soon as
  ///   the task is cancelled).
  static func run<Value: Sendable>(
    named name: String, threads: Int = 1, _ work: @escaping @Sendable (SearchCancellation) -> Value
  ) async throws -> Value {
    let places = try await searchSlots.enter(places: threads)
    // A slot handed over just as the task was cancelled goes straight to the next waiter.
    guard !Task.isCancelled else {
      searchSlots.leave(places: places)
      throw CancellationError()
    }
    let cancellation = SearchCancellation()
    return await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
        start(named: name) {
          Thread.current.threadDictionary[SearchCancellation.threadKey] = cancellation
          let value = work(cancellation)
          searchSlots.leave(places: places)
          continuation.resume(returning: value)
        }
      }
    } onCancel: {
      cancellation.cancel()
    }
  }

  /// `transform` of every index in `0..<count`, computed on up to one dedicated thread per core, in
  /// index order; the caller suspends, holding no thread, until all are done.
  ///
  /// Each thread takes the next index not yet taken, so uneven items balance out. The work takes no
  /// search slot and is not cancellable: give it items of bounded size.
  ///
  /// - Parameters:
  ///   - count: The number of items.
  ///   - name: The threads' name (each gets its number appended).
  ///   - transform: Computes one item; called once per index, from any of the threads.
  /// - Returns: The items, in index order.
  static func concurrentMap<Value: Sendable>(
    _ count: Int, named name: String, _ transform: @escaping @Sendable (Int) -> Value
  ) async -> [Value] {
    guard count > 0 else { return [] }
    let workerCount = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount))
    let next = ManagedAtomic<Int>(0)
    let running = ManagedAtomic<Int>(workerCount)
    let results = ResultSlots<Value>(count: count)
    return await withCheckedContinuation { (continuation: CheckedContinuation<[Value], Never>) in
      for worker in 0..<workerCount {
        start(named: "\(name) \(worker + 1)") {
          while true {
            let index = next.loadThenWrappingIncrement(ordering: .relaxed)
            guard index < count else { break }
            results.store(transform(index), at: index)
          }
          // The last thread to finish hands the results over.
          if running.wrappingDecrementThenLoad(ordering: .acquiringAndReleasing) == 0 {
            continuation.resume(returning: results.values())
          }
        }
      }
    }
  }

  // MARK: - Threads

  /// Starts a named thread with ``stackSize`` running `body`.
  static func start(named name: String, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread(block: body)
    thread.name = name
    thread.stackSize = stackSize
    thread.start()
  }
}

// MARK: - The cancellation flag

/// Tells a search running on a ``DedicatedThread`` that the task waiting for it was cancelled.
///
/// Set once, from the cancellation handler of the waiting task; read by the search between steps (an
/// atomic load, a few nanoseconds). Once set, it stays set.
final class SearchCancellation: Sendable {
  private let flag = ManagedAtomic<Bool>(false)

  /// Creates a flag that is not set.
  init() {}

  /// Whether the waiting task was cancelled.
  var isCancelled: Bool { flag.load(ordering: .relaxed) }

  /// Sets the flag (it stays set).
  func cancel() { flag.store(true, ordering: .relaxed) }

  /// The key of a dedicated thread's flag in its `threadDictionary`.
  static let threadKey = "waste-routing.search-cancellation"

  /// The flag of the dedicated thread this runs on (see ``DedicatedThread/run(named:_:)``), or `nil` on
  /// any other thread: on a task's thread, where `Task.isCancelled` answers instead.
  static var current: SearchCancellation? {
    Thread.current.threadDictionary[threadKey] as? SearchCancellation
  }

  /// Whether the run is cancelled: `flag` when it has one, otherwise the current task's cancellation
  /// (a search called synchronously from a task, as tests do).
  static func isCancelled(_ flag: SearchCancellation?) -> Bool {
    flag?.isCancelled ?? Task.isCancelled
  }
}

// MARK: - Admission

/// A first-come, first-served counting semaphore for tasks: at most `width` places are taken at once;
/// a task may take several (a search on several threads takes one per thread); the others wait
/// suspended (holding no thread), and a waiting task that is cancelled leaves the queue at once with
/// `CancellationError`.
final class AdmissionGate: @unchecked Sendable {
  private typealias Waiter = (id: UInt64, places: Int, continuation: CheckedContinuation<Void, any Error>)

  // Guarded by `lock`.
  private let lock = NSLock()
  private let width: Int
  private var free: Int
  private var waiters: [Waiter] = []
  private var nextID: UInt64 = 0

  /// Creates a gate with `width` places.
  init(width: Int) {
    self.width = max(1, width)
    free = self.width
  }

  /// How many tasks wait to enter (for tests and diagnostics).
  var waitingCount: Int { lock.withLock { waiters.count } }

  /// Takes `places` places (at most the gate's width), waiting until that many are free and every task
  /// that waited longer got in.
  ///
  /// - Returns: the number of places taken, to give back with ``leave(places:)``.
  /// - Throws: `CancellationError` when the task is cancelled before it got in (it then holds no place).
  @discardableResult
  func enter(places: Int = 1) async throws -> Int {
    let wanted = min(max(1, places), width)
    let id = lock.withLock {
      nextID += 1
      return nextID
    }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        lock.lock()
        if Task.isCancelled {
          lock.unlock()
          continuation.resume(throwing: CancellationError())
        } else if waiters.isEmpty && free >= wanted {
          free -= wanted
          lock.unlock()
          continuation.resume()
        } else {
          waiters.append((id, wanted, continuation))
          lock.unlock()
        }
      }
    } onCancel: {
      lock.lock()
      guard let index = waiters.firstIndex(where: { $0.id == id }) else {
        // Already in (or about to see `Task.isCancelled` above): nothing to undo.
        lock.unlock()
        return
      }
      let waiter = waiters.remove(at: index)
      let admitted = admitWaiting()
      lock.unlock()
      waiter.continuation.resume(throwing: CancellationError())
      for continuation in admitted { continuation.resume() }
    }
    return wanted
  }

  /// Gives back `places` places, letting in the longest-waiting tasks that now fit.
  func leave(places: Int = 1) {
    lock.lock()
    free = min(width, free + max(1, places))
    let admitted = admitWaiting()
    lock.unlock()
    for continuation in admitted { continuation.resume() }
  }

  /// Takes places for the waiters at the head of the queue while they fit (first come, first served);
  /// called under the lock. Returns their continuations, to resume outside it.
  private func admitWaiting() -> [CheckedContinuation<Void, any Error>] {
    var admitted: [CheckedContinuation<Void, any Error>] = []
    while let first = waiters.first, first.places <= free {
      free -= first.places
      admitted.append(waiters.removeFirst().continuation)
    }
    return admitted
  }
}

// MARK: - Results of parallel work

/// One slot per item, each written once by whichever thread computed it.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
  // Guarded by `lock`: stores come from several threads.
  private let lock = NSLock()
  private var slots: [Value?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ value: Value, at index: Int) {
    lock.withLock { slots[index] = value }
  }

  /// Every item, once all are stored.
  func values() -> [Value] {
    lock.withLock { slots.map { $0! } }
  }
}
