import ArgumentParser
import Foundation
import WasteRouting
import WasteRoutingTestSupport

/// `waste-route-bench random-rich`: random rich problems through the solver and the evaluator.
struct RandomRichCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "random-rich",
    abstract: "Solve random rich problems and judge every answer with the independent evaluator.",
    discussion: """
      Draws --count problems from RichProblemGenerator (seeded by --seed and the problem's number), solves \
      each with --time-limit seconds (one thread) and judges the answer: a problem feasible by construction \
      (every required client can be served on a route of its own, which the evaluator decides, and the fleet \
      is unlimited) must be solved with every required client served; any other must be answered with a \
      plan the evaluator accepts and every required client left out named with its rule. A thrown error, a \
      rejected answer or a servable client left out is a failure. Prints one line per failure and a summary.

      Exit status: 0 when nothing failed, 1 otherwise.
      """
  )

  @Option(help: "Number of problems.")
  var count = 500

  @Option(help: "Seconds per problem.")
  var timeLimit = 1.0

  @Option(help: "Also stop each run after this many iterations.")
  var maxIterations: Int?

  @Option(help: "Seed of the first problem; problem k uses seed + k.")
  var seed: UInt64 = 1

  func validate() throws {
    guard count >= 1 else { throw ValidationError("--count must be at least 1") }
    guard timeLimit.isFinite && timeLimit > 0 else { throw ValidationError("--time-limit must be positive") }
  }

  func run() async throws {
    var feasibleSolved = 0, infeasibleAnswered = 0, excludedTotal = 0, rejected = 0
    var failures: [String] = []
    let started = Date()
    for k in 0..<count {
      let problemSeed = seed &+ UInt64(k)
      var source = SplitMix64(seed: problemSeed)
      let problem: Problem
      switch RichProblemGenerator.problem(using: &source, name: "rich-\(problemSeed)") {
      case let .success(value): problem = value
      case let .failure(error):
        rejected += 1
        printError("seed \(problemSeed): generator drew an invalid problem: \(error)")
        continue
      }
      let configuration = SolverConfiguration(
        seed: problemSeed, timeLimit: .milliseconds(Int64(timeLimit * 1_000)), maxIterations: maxIterations, threads: 1)
      let outcome = await RichProblemCheck.run(problem, configuration: configuration)
      switch outcome {
      case .feasibleSolved: feasibleSolved += 1
      case let .infeasibleAnswered(excluded):
        infeasibleAnswered += 1
        excludedTotal += excluded
      case let .failure(reason):
        failures.append("seed \(problemSeed) (\(problem.clients.count) clients): \(reason)")
        printError("FAIL seed \(problemSeed): \(reason)")
      }
      if (k + 1) % 50 == 0 { printError("[\(k + 1)/\(count)]", prefix: false) }
    }
    let elapsed = Date().timeIntervalSince(started)
    print("random rich problems: \(count), seeds \(seed)...\(seed &+ UInt64(count - 1)), \(timeLimit) s each")
    print("feasible by construction, solved and accepted by the evaluator: \(feasibleSolved)")
    print("not feasible by construction, answered with an accepted plan: \(infeasibleAnswered) (\(excludedTotal) required clients left out, each with its rule)")
    print("invalid problems drawn: \(rejected)")
    print("failures: \(failures.count)")
    for failure in failures { print("  \(failure)") }
    print(String(format: "wall time: %.1f s", elapsed))
    if !failures.isEmpty { throw ExitCode(1) }
  }
}
