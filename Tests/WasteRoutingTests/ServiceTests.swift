import Foundation
import Synchronization
import Testing

@testable import WasteRouting

/// The library inside a service: long searches never hold the threads of the tasks that await them, so
/// timers and cancellation stay prompt with more solves than cores, and cancellation ends every solve
/// with its best solution so far or `CancellationError`.
///
/// The timed tasks run on a task executor of their own, a serial dispatch queue:
/// one thread, as a cooperative pool would have on a one-core machine. Other tests of this process may
/// keep every thread of the cooperative pool busy with synchronous work, which says nothing about the
/// library; a solve that searched on its caller's thread would block this executor and fail the test.
@Suite(.serialized) struct ServiceTests {
  /// A capacitated instance (genetic search) and a rich one (disposal trips, windows, lunch). The rich
  /// one is the smaller Kim instance: the rich search checks for cancellation between iterations only,
  /// and its first construction and descent on 277 stops take seconds in a debug build.
  enum Kind: String, CaseIterable, Sendable {
    case cvrp
    case rich

    func problem() throws -> Problem {
      switch self {
      case .cvrp: try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("X-n101-k25.vrp"))
      case .rich: try WCVRPTW.readInstance(atPath: VRPLIBFixtures.path("102_stop.txt")).problem
      }
    }
  }

  /// What one child task of a run reports.
  enum Event: Sendable {
    case timer
    case solved(SolverResult, returned: ContinuousClock.Instant)
    case cancelled(returned: ContinuousClock.Instant)
    case failed(String)
  }

  /// Runs `count` concurrent solves of `problem` with a 60 s limit beside a timer task that sleeps
  /// `timer` and then cancels them all; returns when the cancel ran and every solve's event.
  static func solveAndCancel(
    _ problem: Problem, count: Int, timer: Duration
  ) async -> (cancelled: ContinuousClock.Instant?, events: [Event]) {
    let solver = Solver(SolverConfiguration(seed: 1, timeLimit: .seconds(60)))
    return await withTaskGroup(of: Event.self) { group in
      for _ in 0..<count {
        group.addTask { await solve(problem, with: solver) }
      }
      group.addTask {
        try? await Task.sleep(for: timer)
        return .timer
      }
      var cancelled: ContinuousClock.Instant?
      var events: [Event] = []
      for await event in group {
        if case .timer = event {
          cancelled = .now
          group.cancelAll()
        } else {
          events.append(event)
        }
      }
      return (cancelled, events)
    }
  }

  /// A task executor running one job at a time on a serial dispatch queue.
  final class QueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "waste-routing.tests.service")

    func enqueue(_ job: consuming ExecutorJob) {
      let job = UnownedJob(job)
      let executor = asUnownedTaskExecutor()
      queue.async { job.runSynchronously(on: executor) }
    }
  }

  static func solve(_ problem: Problem, with solver: Solver) async -> Event {
    do {
      return .solved(try await solver.solve(problem), returned: .now)
    } catch is CancellationError {
      return .cancelled(returned: .now)
    } catch {
      return .failed("\(error)")
    }
  }

  // MARK: - More solves than cores

  /// Twice as many 60 s solves as cores (4 on a 2-core machine) and a 0.5 s timer that cancels them:
  /// the timer runs on time, and every solve returns within moments of the cancel, with its best
  /// solution so far (stopped by the cancel, checked by the evaluator) or `CancellationError` (when it
  /// was still waiting for a core, or had found nothing yet). Before searches left the cooperative pool,
  /// the timer ran only after two solves' whole time limits.
  @Test(arguments: Kind.allCases)
  func aTimerCancelsMoreSolvesThanCoresPromptly(_ kind: Kind) async throws {
    let problem = try kind.problem()
    let count = 2 * max(1, ProcessInfo.processInfo.activeProcessorCount)
    let start = ContinuousClock.now
    let (cancelled, events) = await withTaskExecutorPreference(QueueExecutor()) {
      await Self.solveAndCancel(problem, count: count, timer: .milliseconds(500))
    }
    let cancel = try #require(cancelled)
    // Without the fix the timer waits for two solves' whole 60 s limits; the margin absorbs a loaded
    // CI machine running the other suites in parallel (0.9 s has been seen there).
    #expect(cancel - start < .seconds(3), "the 0.5 s timer ran after \(cancel - start)")
    #expect(events.count == count)
    for event in events {
      switch event {
      case let .solved(result, returned):
        #expect(returned - cancel < .seconds(3), "returned \(returned - cancel) after the cancel")
        #expect(result.stopReason == .cancelled)
        let evaluation = SolutionEvaluator.evaluate(result.solution, for: problem)
        #expect(evaluation.isFeasible, "\(evaluation.violations.prefix(3))")
        #expect(evaluation.cost == result.cost)
      case let .cancelled(returned):
        #expect(returned - cancel < .seconds(3), "threw \(returned - cancel) after the cancel")
      case let .failed(message):
        Issue.record("a cancelled solve failed: \(message)")
      case .timer:
        Issue.record("two timers")
      }
    }
  }

  /// Solves started in an already cancelled task group throw `CancellationError` at once, without
  /// searching (never ``SolverError/noFeasibleSolution(iterations:)``).
  @Test(arguments: Kind.allCases)
  func solvesStartedCancelledThrowCancellationError(_ kind: Kind) async throws {
    let problem = try kind.problem()
    let solver = Solver(SolverConfiguration(seed: 1, timeLimit: .seconds(60)))
    let start = ContinuousClock.now
    let events = await withTaskExecutorPreference(QueueExecutor()) {
      await withTaskGroup(of: Event.self) { group in
        group.cancelAll()
        for _ in 0..<4 {
          group.addTask { await Self.solve(problem, with: solver) }
        }
        return await group.reduce(into: []) { $0.append($1) }
      }
    }
    #expect(events.count == 4)
    for event in events {
      guard case let .cancelled(returned) = event else {
        Issue.record("expected CancellationError, got \(event)")
        continue
      }
      #expect(returned - start < .seconds(3))
    }
  }

  // MARK: - The planner

  /// A plan cancelled before it started throws `CancellationError`; one cancelled while its search runs
  /// returns the plan of the best solution so far.
  @Test func cancelledPlansStopPromptly() async throws {
    let network = try SmallCity.network()
    let planner = DailyPlanner(
      scenario: SmallCity.scenario, configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(60)))
    let executor = QueueExecutor()
    let early = Task(executorPreference: executor) {
      withUnsafeCurrentTask { $0?.cancel() }
      return try await planner.plan(network: network)
    }
    await #expect(throws: CancellationError.self) { try await early.value }

    // Cancelled once the search has a solution (it may first wait for a search slot).
    let searching = Shared(false)
    let late = Task(executorPreference: executor) {
      try await planner.plan(network: network) { progress in
        guard progress.stage == .solving, progress.bestObjective != nil else { return }
        searching.value.withLock { $0 = true }
      }
    }
    while !searching.value.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
    try await Task.sleep(for: .milliseconds(200))
    let cancelled = ContinuousClock.now
    late.cancel()
    let plan = try await late.value
    #expect(ContinuousClock.now - cancelled < .seconds(3))
    #expect(plan.bins.contains { $0.selection.binID == "A" && $0.truckID == "T1" })
  }

  // MARK: - The mechanism

  /// A value shared between tasks.
  final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
  }

  /// The search slots admit one search per core, first come first served; a waiting search that is
  /// cancelled leaves the queue at once with `CancellationError`, and a freed slot goes to the next.
  @Test func admissionGateQueuesInOrderAndDropsCancelledWaiters() async throws {
    let gate = AdmissionGate(width: 1)
    try await gate.enter()
    let order = Shared<[Int]>([])
    let first = Task {
      try await gate.enter()
      order.value.withLock { $0.append(1) }
      gate.leave()
    }
    while gate.waitingCount < 1 { try await Task.sleep(for: .milliseconds(1)) }
    let dropped = Task { try await gate.enter() }
    while gate.waitingCount < 2 { try await Task.sleep(for: .milliseconds(1)) }
    let second = Task {
      try await gate.enter()
      order.value.withLock { $0.append(2) }
      gate.leave()
    }
    while gate.waitingCount < 3 { try await Task.sleep(for: .milliseconds(1)) }
    dropped.cancel()
    await #expect(throws: CancellationError.self) { try await dropped.value }
    #expect(gate.waitingCount == 2)
    gate.leave()
    try await first.value
    try await second.value
    #expect(order.value.withLock { $0 } == [1, 2])
    // Every place is free again: as many tasks as the width get in without waiting.
    try await gate.enter()
    #expect(gate.waitingCount == 0)
    gate.leave()
  }

  /// Parallel work on dedicated threads returns every item in index order.
  @Test func concurrentMapKeepsTheOrder() async {
    let squares = await DedicatedThread.concurrentMap(1_000, named: "test") { $0 * $0 }
    #expect(squares == (0..<1_000).map { $0 * $0 })
    #expect(await DedicatedThread.concurrentMap(0, named: "test") { $0 }.isEmpty)
  }
}
