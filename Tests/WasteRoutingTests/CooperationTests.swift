import Foundation
import Testing

@testable import WasteRouting

/// Cooperating CVRP searches (``Cooperation``): with an iteration limit the result depends only on the
/// seed, the limit and the number of threads, and is checked like any other.
@Suite struct CooperationTests {
  @Test(arguments: [SolverConfiguration.Strategy.geneticSearch, .iteratedLocalSearch])
  func twoThreadsAreReproducibleAndChecked(strategy: SolverConfiguration.Strategy) async throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("X-n101-k25.vrp"))
    var configuration = SolverConfiguration(
      strategy: strategy, seed: 5, timeLimit: nil, maxIterations: strategy == .geneticSearch ? 80 : 200,
      populationSize: 6, generationSize: 10, refinement: false, threads: 2)
    let first = try await Solver(configuration).solve(problem)
    let second = try await Solver(configuration).solve(problem)
    #expect(first.solution == second.solution)
    #expect(first.cost == second.cost)
    SolverTests.expectChecked(first, problem, "\(strategy), 2 threads")
    // Both searches ran their iterations.
    #expect(first.iterations == 2 * (configuration.maxIterations ?? 0))
    // One thread is a single search, as before cooperation existed.
    configuration.threads = 1
    let alone = try await Solver(configuration).solve(problem)
    #expect(alone.iterations == configuration.maxIterations)
    SolverTests.expectChecked(alone, problem, "\(strategy), 1 thread")
  }

  /// A time-limited run posts without waiting: a search never blocks on another.
  @Test func postingKeepsTheBestOfAll() {
    let exchange = Exchange<Int>(workers: 3, isBetter: { $0 < $1 })
    #expect(exchange.post(0, offer: 9, stopping: false).worker == 0)
    #expect(exchange.post(1, offer: nil, stopping: false).best == 9)
    let better = exchange.post(2, offer: 4, stopping: false)
    #expect(better.best == 4 && better.worker == 2)
    let worse = exchange.post(0, offer: 7, stopping: false)
    #expect(worse.best == 4 && worse.worker == 2)
  }
}
