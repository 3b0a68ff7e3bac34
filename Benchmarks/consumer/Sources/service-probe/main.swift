import Foundation
import WasteRouting

// Starts `count` concurrent solves of one instance in a task group, plus a timer task that sleeps
// `cancelAfter` seconds and then cancels the group, the way a service stops work whose client left.
// Prints when the timer actually ran and how long each solve took to return after the cancel.

// MARK: - Options

struct Options {
  var kind = "cvrp"
  var count = 4
  var limit = 60.0
  var cancelAfter = 0.5
  var preCancelled = false
  var instance: String?
  var seed: UInt64 = 1

  init(_ arguments: [String]) {
    var rest = arguments.dropFirst()[...]
    func value(_ name: String) -> String {
      guard let next = rest.popFirst() else { fail("\(name) needs a value") }
      return next
    }
    while let argument = rest.popFirst() {
      switch argument {
      case "--kind": kind = value(argument)
      case "--count": count = Int(value(argument)) ?? 0
      case "--limit": limit = Double(value(argument)) ?? 0
      case "--cancel-after": cancelAfter = Double(value(argument)) ?? 0
      case "--pre-cancelled": preCancelled = true
      case "--instance": instance = value(argument)
      case "--seed": seed = UInt64(value(argument)) ?? 1
      default: fail("unknown argument \(argument)")
      }
    }
    guard ["cvrp", "rich"].contains(kind), count > 0, limit > 0, cancelAfter >= 0 else {
      fail("usage: service-probe --kind cvrp|rich --count N [--limit S] [--cancel-after S] [--pre-cancelled]")
    }
  }
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("service-probe: \(message)\n".utf8))
  exit(2)
}

// MARK: - The instance

let options = Options(CommandLine.arguments)
let fixtures = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().appendingPathComponent("../../../../Tests/WasteRoutingTests/Fixtures")
  .standardizedFileURL.path
let path = options.instance ?? fixtures + (options.kind == "cvrp" ? "/X-n101-k25.vrp" : "/277_stop.txt")
let problem: Problem
do {
  problem = options.kind == "cvrp"
    ? try VRPLIB.readProblem(atPath: path) : try WCVRPTW.readInstance(atPath: path).problem
} catch {
  fail("\(path): \(error)")
}

// MARK: - The run

enum Event: Sendable {
  case timer(fired: ContinuousClock.Instant)
  case solve(index: Int, returned: ContinuousClock.Instant, outcome: String, improvements: Int)
}

/// Counts a solve's improvements from the search's progress callback.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

let solver = Solver(
  SolverConfiguration(seed: options.seed, timeLimit: .milliseconds(Int64(options.limit * 1_000))))
let start = ContinuousClock.now
let cancelAfter = options.cancelAfter
let events = await withTaskGroup(of: Event.self) { group in
  if options.preCancelled { group.cancelAll() }
  for index in 0..<options.count {
    group.addTask {
      let improvements = Counter()
      let outcome: String
      do {
        let result = try await solver.solve(problem) { _ in improvements.increment() }
        outcome = "best so far \(result.reportedCost) (stop: \(result.stopReason.rawValue))"
      } catch {
        outcome = error is CancellationError ? "CancellationError" : "error: \(error)"
      }
      return .solve(index: index, returned: .now, outcome: outcome, improvements: improvements.value)
    }
  }
  if !options.preCancelled {
    group.addTask {
      try? await Task.sleep(for: .milliseconds(Int64(cancelAfter * 1_000)))
      return .timer(fired: .now)
    }
  }
  var events: [Event] = []
  for await event in group {
    if case .timer = event { group.cancelAll() }
    events.append(event)
  }
  return events
}

// MARK: - Report

let cancelled: ContinuousClock.Instant
let instanceName = (path as NSString).lastPathComponent
print(
  "\(options.kind) \(instanceName): \(options.count) concurrent solves, \(options.limit) s limit, "
    + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
if options.preCancelled {
  cancelled = start
  print("started in an already cancelled task group")
} else {
  guard case let .timer(fired)? = events.first(where: { if case .timer = $0 { true } else { false } }) else {
    fail("the timer did not run")
  }
  cancelled = fired
  print(
    String(
      format: "timer due at %.3f s ran at %.3f s (late by %.3f s); cancelAll() then", cancelAfter,
      seconds(fired - start), seconds(fired - start) - cancelAfter))
}
var latencies: [Double] = []
for case let .solve(index, returned, outcome, improvements) in events.sorted(by: { a, b in
  if case let .solve(i, _, _, _) = a, case let .solve(j, _, _, _) = b { return i < j }
  return false
}) {
  let latency = seconds(returned - cancelled)
  latencies.append(latency)
  print(
    String(
      format: "solve %2d returned at %7.3f s, %7.3f s after the cancel: ", index + 1,
      seconds(returned - start), latency) + "\(outcome) (\(improvements) improvements)")
}
print(
  String(
    format: "after the cancel: fastest %.3f s, slowest %.3f s", latencies.min() ?? 0, latencies.max() ?? 0))
