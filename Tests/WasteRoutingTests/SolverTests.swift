import Foundation
import Synchronization
import Testing

@testable import WasteRouting

@Suite struct SolverTests {
  static let strategies: [SolverConfiguration.Strategy] = [.geneticSearch, .iteratedLocalSearch]

  /// A small configuration whose iteration budget reaches crossover, survivor selection and restarts.
  static func configuration(
    _ strategy: SolverConfiguration.Strategy, seed: UInt64, iterations: Int
  ) -> SolverConfiguration {
    SolverConfiguration(
      strategy: strategy, seed: seed, timeLimit: .seconds(120), maxIterations: iterations, populationSize: 4,
      generationSize: 8, iterationsBeforeRestart: 25, maxRuinSize: 8, acceptanceHistoryLength: 20)
  }

  /// Checks `result` with the independent evaluator.
  static func expectChecked(_ result: SolverResult, _ problem: Problem, _ context: String) {
    let evaluation = SolutionEvaluator.evaluate(result.solution, for: problem)
    #expect(evaluation.isFeasible, "\(context): \(evaluation.violations.prefix(3))")
    #expect(evaluation.cost == result.cost, "\(context)")
    #expect(result.reportedCost == Double(result.cost) / Double(problem.costScale), "\(context)")
    #expect(result.history.last?.cost == result.cost, "\(context)")
  }

  // MARK: - Random instances

  /// Random instances of 5–30 clients, symmetric or not, some with duration or distance limits, service
  /// times and separate duration matrices, some with a fleet limit: every solution is feasible and costs
  /// what the solver says, for both strategies.
  ///
  /// Genetic search must always return a solution: its repair step raises the penalties tenfold.
  /// Iterated local search has no repair step and adapts its penalties only every 100 iterations, so on
  /// instances this tight it may not reach feasibility in 200 iterations (none of these 150 misses it on
  /// one search today; 5 once did); it then throws
  /// ``SolverError/noFeasibleSolution(iterations:)``, which the test accepts for that strategy only.
  @Test(arguments: 0..<150)
  func randomInstancesGiveCheckedSolutions(seed: Int) async throws {
    var rng = SplitMix64(seed: UInt64(seed) &* 7_919)
    let options = RandomProblemOptions.random(using: &rng)
    let problem = try Problem.random(options, using: &rng)
    let budgets: [(SolverConfiguration.Strategy, Int)] = [(.geneticSearch, 40), (.iteratedLocalSearch, 200)]
    for (strategy, iterations) in budgets {
      let context = "seed \(seed), \(strategy), \(options)"
      // One search: the cooperating searches have their own tests, and one thread halves this test's time.
      var configuration = Self.configuration(strategy, seed: UInt64(seed), iterations: iterations)
      configuration.threads = 1
      let result: SolverResult
      do {
        result = try await Solver(configuration).solve(problem)
      } catch SolverError.noFeasibleSolution where strategy == .iteratedLocalSearch {
        continue
      } catch {
        Issue.record("\(context): \(error)")
        continue
      }
      Self.expectChecked(result, problem, context)
      #expect(result.iterations == iterations, "\(context)")
      #expect(result.stopReason == .iterationLimit, "\(context)")
      if let count = problem.vehicleTypes[0].count { #expect(result.solution.routes.count <= count) }
    }
  }

  // MARK: - Determinism

  @Test(arguments: strategies)
  func sameSeedGivesTheSameSolution(_ strategy: SolverConfiguration.Strategy) async throws {
    var rng = SplitMix64(seed: 42)
    var options = RandomProblemOptions.random(using: &rng)
    options.clientCount = 40
    options.hasCoordinates = true
    let problem = try Problem.random(options, using: &rng)
    let configuration = Self.configuration(strategy, seed: 7, iterations: 120)
    let first = try await Solver(configuration).solve(problem)
    let second = try await Solver(configuration).solve(problem)
    #expect(first.solution == second.solution)
    #expect(first.cost == second.cost)
    #expect(first.iterations == second.iterations)
    // Several threads report improvements as they find them: only one thread's timeline is reproducible.
    var alone = configuration
    alone.threads = 1
    let third = try await Solver(alone).solve(problem)
    let fourth = try await Solver(alone).solve(problem)
    #expect(third.solution == fourth.solution)
    #expect(third.history.map(\.cost) == fourth.history.map(\.cost))
    #expect(third.history.map(\.iteration) == fourth.history.map(\.iteration))
  }

  // MARK: - Hand-checked optima

  /// Four clients on a line at 1, 2, 3 and 4 from the depot, each of demand 1.
  static func line(capacity: Int64, serviceDuration: Int64 = 0, maxDuration: Int64? = nil, count: Int? = nil)
    throws -> Problem
  {
    let positions = [0, 1, 2, 3, 4]
    return try Problem(
      name: "line", depots: [Depot(name: "1", coordinate: Coordinate(x: 0, y: 0))],
      clients: (1...4).map {
        Client(
          name: String($0 + 1), coordinate: Coordinate(x: Double($0), y: 0), demand: 1,
          serviceDuration: serviceDuration)
      },
      vehicleTypes: [VehicleType(capacity: capacity, count: count, maxDuration: maxDuration)],
      distances: Matrix(size: 5) { Int64(abs(positions[$0] - positions[$1])) })
  }

  /// The routes of `solution` as sets of 0-based clients.
  static func routeSets(_ solution: Solution) -> Set<Set<Int>> {
    Set(solution.routes.map { Set($0.clients) })
  }

  /// One route out to 4 and back costs 8 (in any order that is monotone out and back, such as 1 3 4 2).
  @Test(arguments: strategies)
  func lineWithAmpleCapacityIsOneRoute(_ strategy: SolverConfiguration.Strategy) async throws {
    let problem = try Self.line(capacity: 10)
    let result = try await Solver(Self.configuration(strategy, seed: 1, iterations: 30)).solve(problem)
    #expect(result.cost == 8)
    #expect(result.solution.routes.count == 1)
  }

  /// Capacity 2 forces two routes: {1, 2} and {3, 4} cost 4 + 8 = 12; the other pairings cost 14.
  @Test(arguments: strategies)
  func lineWithCapacityTwoPairsNeighbours(_ strategy: SolverConfiguration.Strategy) async throws {
    let problem = try Self.line(capacity: 2)
    let result = try await Solver(Self.configuration(strategy, seed: 1, iterations: 30)).solve(problem)
    #expect(result.cost == 12)
    #expect(Self.routeSets(result.solution) == [[0, 1], [2, 3]])
  }

  /// A route may last 10 with 1 of service per client: all four take 8 + 4 = 12; {1, 2} and {3, 4} take
  /// 6 and 10 and cost 12; {1, 2, 3} and {4} take 9 and 9 but cost 14.
  @Test(arguments: strategies)
  func durationLimitSplitsTheLine(_ strategy: SolverConfiguration.Strategy) async throws {
    let problem = try Self.line(capacity: 10, serviceDuration: 1, maxDuration: 10, count: 2)
    // The single route of 8 with 2 too many is cheaper until the duration penalty exceeds 2 per unit.
    let result = try await Solver(Self.configuration(strategy, seed: 1, iterations: 1_000)).solve(problem)
    #expect(result.cost == 12)
    #expect(Self.routeSets(result.solution) == [[0, 1], [2, 3]])
  }

  /// A one-way ring: each arc costs 1 clockwise (depot, 1, 2, 3, depot) and 10 otherwise, so the only
  /// optimum is the clockwise tour of cost 4.
  @Test(arguments: strategies)
  func asymmetricRingIsDrivenClockwise(_ strategy: SolverConfiguration.Strategy) async throws {
    let problem = try Problem(
      name: "ring", depots: [Depot(name: "1")],
      clients: (2...4).map { Client(name: String($0), demand: 1) }, vehicleTypes: [VehicleType(capacity: 3)],
      distances: Matrix(size: 4) { i, j in i == j ? 0 : (j == (i + 1) % 4 ? 1 : 10) })
    let result = try await Solver(Self.configuration(strategy, seed: 3, iterations: 30)).solve(problem)
    #expect(result.cost == 4)
    #expect(result.solution.routes.map(\.clients) == [[0, 1, 2]])
  }

  /// Regression: with distances kept to four decimals (cost scale 10 000) and demands of at most 9, the
  /// load penalty started and was capped as if distances were in reported units, so an overloaded route
  /// always stayed cheaper than a new one and no feasible solution was ever found.
  @Test(arguments: strategies)
  func scaledCostsWithSmallDemandsReachFeasibility(_ strategy: SolverConfiguration.Strategy) async throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("solve-12.vrp"), rounding: .exact)
    #expect(problem.costScale == 10_000)
    let result = try await Solver(Self.configuration(strategy, seed: 1, iterations: 60)).solve(problem)
    Self.expectChecked(result, problem, "\(strategy)")
  }

  // MARK: - Budget and cancellation

  @Test(arguments: strategies)
  func timeLimitIsHonoured(_ strategy: SolverConfiguration.Strategy) async throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("X-n101-k25.vrp"))
    let configuration = SolverConfiguration(strategy: strategy, seed: 1, timeLimit: .milliseconds(300))
    let outcome: Result<SolverResult, SolverError>
    do {
      outcome = .success(try await Solver(configuration).solve(problem))
    } catch let error as SolverError {
      outcome = .failure(error)
    }
    // The limit is checked between iterations; in debug builds, one genetic-search iteration on 100
    // clients (crossover, split, local search and repair) takes up to about 100 ms. The run's own time
    // is measured: in this test process other tests' searches hold the search slots, and a solve
    // waits for one before its limit starts.
    #if DEBUG
    let allowed = Duration.milliseconds(450)
    #else
    let allowed = Duration.milliseconds(350)
    #endif
    switch outcome {
    case let .success(result):
      #expect(result.elapsed < allowed, "the 0.3 s run took \(result.elapsed)")
      #expect(result.stopReason == .timeLimit)
      // The set-partitioning refinement reserves the end of the budget and may finish early.
      #expect(result.elapsed >= .milliseconds(250))
      Self.expectChecked(result, problem, "\(strategy)")
    case .failure(.noFeasibleSolution):
      // Iterated local search in a debug build may not reach feasibility in 0.3 s; the limit still holds.
      #expect(strategy == .iteratedLocalSearch)
    case let .failure(error):
      Issue.record("\(error)")
    }
  }

  @Test(arguments: strategies)
  func cancellationReturnsTheBestSoFarPromptly(_ strategy: SolverConfiguration.Strategy) async throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("X-n101-k25.vrp"))
    let solver = Solver(SolverConfiguration(strategy: strategy, seed: 1, timeLimit: .seconds(30)))
    // Other tests may keep every thread of the cooperative pool busy, so the solve starts a thread that
    // cancels it 100 ms after its first feasible solution, and both ends are timed off the pool.
    let canceller = Canceller()
    let task = Task {
      let result = try await solver.solve(problem) { _ in canceller.start() }
      return (result, ContinuousClock.now)
    }
    canceller.task.withLock { $0 = task }
    let (result, finished) = try await task.value
    let cancelled = try #require(canceller.cancelled.withLock { $0 })
    let delay = finished - cancelled
    #expect(result.stopReason == .cancelled)
    // The flag is polled between iterations; a debug genetic-search iteration on 100 clients takes up to
    // about 100 ms on a quiet machine, several times that when the machine is loaded (the 30 s limit is
    // what an ignored cancel would show).
    #expect(delay < .seconds(2), "returned \(delay) after cancellation")
    #expect(result.elapsed < .seconds(5))
    Self.expectChecked(result, problem, "\(strategy)")
  }

  /// Cancels a task from its own thread, 100 ms after `start()` is first called.
  final class Canceller: Sendable {
    let task = Mutex<Task<(SolverResult, ContinuousClock.Instant), any Error>?>(nil)
    let cancelled = Mutex<ContinuousClock.Instant?>(nil)
    private let started = Atomic<Bool>(false)

    func start() {
      guard !started.exchange(true, ordering: .relaxed) else { return }
      Thread.detachNewThread { [self] in
        Thread.sleep(forTimeInterval: 0.1)
        while task.withLock({ $0 }) == nil { Thread.sleep(forTimeInterval: 0.001) }
        cancelled.withLock { $0 = ContinuousClock.now }
        task.withLock { $0?.cancel() }
      }
    }
  }

  @Test func runWithoutAnyLimitIsRefused() async throws {
    let problem = try Self.line(capacity: 10)
    await #expect(throws: SolverError.self) {
      try await Solver(SolverConfiguration(timeLimit: nil, maxIterations: nil)).solve(problem)
    }
  }
}
