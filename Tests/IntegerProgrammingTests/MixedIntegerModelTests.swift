import Foundation
import Synchronization
import Testing
@testable import IntegerProgramming

extension Knapsack {
  func model() throws -> MixedIntegerModel {
    var model = MixedIntegerModel(direction: .maximize)
    let items = try model.addBinaryColumns(costs: values)
    try model.addRow(columns: Array(items), coefficients: weights, bounds: .atMost(capacity))
    return model
  }
}

@Suite struct KnownOptimumTests {
  @Test func documentedKnapsack() throws {
    var model = MixedIntegerModel(direction: .maximize)
    let items = try model.addBinaryColumns(costs: [10, 13, 7])
    try model.addRow(columns: Array(items), coefficients: [4, 6, 3], bounds: .atMost(9))
    let result = try model.solve(timeLimit: .seconds(1))
    #expect(result.status == .optimal)
    #expect(result.isProvenOptimal)
    #expect(result.solution == MIPSolution(objectiveValue: 20, values: [0, 1, 1]))
  }

  @Test(arguments: 0..<10) func randomKnapsackMatchesBruteForce(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let knapsack = Knapsack.random(items: 12, using: &rng)
    let result = try knapsack.model().solve(timeLimit: .seconds(2))
    let solution = try #require(result.solution)
    #expect(result.status == .optimal)
    #expect(solution.objectiveValue == knapsack.bruteForceOptimum)
    #expect(zip(solution.values, knapsack.weights).reduce(0) { $0 + $1.0 * $1.1 } <= knapsack.capacity)
    #expect(solution.values.allSatisfy { $0 == 0 || $0 == 1 })
  }

  @Test(arguments: 0..<5) func assignmentMatchesBruteForce(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let n = 5
    let cost = (0..<n * n).map { _ in Double(Int.random(in: 1...50, using: &rng)) }
    var model = MixedIntegerModel()
    for entry in 0..<n * n { try model.addBinaryColumn(cost: cost[entry]) }
    for i in 0..<n {
      try model.addRow(columns: (0..<n).map { i * n + $0 }, coefficients: Array(repeating: 1, count: n),
                       bounds: .exactly(1))
      try model.addRow(columns: (0..<n).map { $0 * n + i }, coefficients: Array(repeating: 1, count: n),
                       bounds: .exactly(1))
    }
    let solution = try #require(try model.solve(timeLimit: .seconds(2)).solution)
    #expect(solution.objectiveValue == Self.bestAssignment(cost, n: n))
    for i in 0..<n {
      #expect((0..<n).reduce(0) { $0 + solution.values[i * n + $1] } == 1)
      #expect((0..<n).reduce(0) { $0 + solution.values[$1 * n + i] } == 1)
    }
  }

  @Test(arguments: 0..<5) func setPartitioningMatchesBruteForce(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let elements = 8
    // A feasible partition first (singletons), then random subsets.
    var sets = (0..<elements).map { [$0] }
    for _ in 0..<8 {
      sets.append(Array(Set((0..<3).map { _ in Int.random(in: 0..<elements, using: &rng) })).sorted())
    }
    let costs = sets.map { Double($0.count * 10 - Int.random(in: 0...15, using: &rng)) }
    var model = MixedIntegerModel()
    for cost in costs { try model.addBinaryColumn(cost: cost) }
    for element in 0..<elements {
      let covering = sets.indices.filter { sets[$0].contains(element) }
      try model.addRow(columns: covering, coefficients: covering.map { _ in 1 }, bounds: .exactly(1))
    }
    let result = try model.solve(timeLimit: .seconds(2))
    let solution = try #require(result.solution)
    var best = Double.infinity
    for mask in 0..<(1 << sets.count) {
      var covered = [Int](repeating: 0, count: elements)
      var cost = 0.0
      for set in sets.indices where mask & (1 << set) != 0 {
        for element in sets[set] { covered[element] += 1 }
        cost += costs[set]
      }
      if covered.allSatisfy({ $0 == 1 }) { best = min(best, cost) }
    }
    #expect(result.status == .optimal)
    #expect(solution.objectiveValue == best)
  }

  @Test func continuousLinearProgram() throws {
    // Maximise x + y subject to 2x + y ≤ 4 and x + 2y ≤ 4: optimum x = y = 4/3.
    var model = MixedIntegerModel(direction: .maximize)
    let x = try model.addColumn(cost: 1)
    let y = try model.addColumn(cost: 1)
    try model.addRow(columns: [x, y], coefficients: [2, 1], bounds: .atMost(4))
    try model.addRow(columns: [y, x], coefficients: [2, 1], bounds: .atMost(4))
    let solution = try #require(try model.solve(timeLimit: .seconds(1)).solution)
    #expect(abs(solution.objectiveValue - 8.0 / 3) < 1e-9)
    #expect(abs(solution.values[x] - 4.0 / 3) < 1e-9 && abs(solution.values[y] - 4.0 / 3) < 1e-9)
  }

  @Test func mixedIntegerWithFreeAndBoundedColumns() throws {
    // Minimise z - 2n where z is free, z ≥ 1.5 n - 3 and z ≥ -n, n integer in [0, 10]:
    // z = max(1.5n - 3, -n); the objective max(1.5n - 3, -n) - 2n is smallest at n = 10 (z = 12, 12 - 20).
    var model = MixedIntegerModel()
    let z = try model.addColumn(bounds: .free, cost: 1)
    let n = try model.addColumn(kind: .integer, bounds: .between(0, 10), cost: -2)
    try model.addRow(columns: [z, n], coefficients: [1, -1.5], bounds: .atLeast(-3))
    try model.addRow(columns: [z, n], coefficients: [1, 1], bounds: .atLeast(0))
    let solution = try #require(try model.solve(timeLimit: .seconds(1)).solution)
    #expect(solution.values[n] == 10)
    #expect(abs(solution.objectiveValue - -8) < 1e-9)
  }

  @Test func boundsOnlyModelWithoutRows() throws {
    var model = MixedIntegerModel()
    try model.addColumn(kind: .integer, bounds: .between(-3, 5), cost: 1)
    try model.addColumn(kind: .binary, bounds: .exactly(1), cost: 2)
    let result = try model.solve(timeLimit: .seconds(1))
    #expect(result.solution == MIPSolution(objectiveValue: -1, values: [-3, 1]))
  }

  private static func bestAssignment(_ cost: [Double], n: Int) -> Double {
    func search(_ row: Int, _ used: Int) -> Double {
      guard row < n else { return 0 }
      var best = Double.infinity
      for column in 0..<n where used & (1 << column) == 0 {
        best = min(best, cost[row * n + column] + search(row + 1, used | 1 << column))
      }
      return best
    }
    return search(0, 0)
  }
}

@Suite struct StatusTests {
  @Test func infeasibleRelaxation() throws {
    var model = MixedIntegerModel()
    let x = try model.addBinaryColumn(cost: 1)
    let y = try model.addBinaryColumn(cost: 1)
    try model.addRow(columns: [x, y], coefficients: [1, 1], bounds: .atLeast(3))
    #expect(try model.solve(timeLimit: .seconds(1)) == MIPResult(status: .infeasible, solution: nil))
  }

  @Test func integerInfeasibleButRelaxationFeasible() throws {
    // 2x = 1 has the fractional solution 0.5 only.
    var model = MixedIntegerModel()
    let x = try model.addColumn(kind: .integer, bounds: .between(0, 4), cost: 1)
    try model.addRow(columns: [x], coefficients: [2], bounds: .exactly(1))
    #expect(try model.solve(timeLimit: .seconds(1)).status == .infeasible)
  }

  @Test func unbounded() throws {
    var model = MixedIntegerModel(direction: .maximize)
    let x = try model.addColumn(kind: .integer, cost: 1)
    let y = try model.addColumn(cost: 0)
    try model.addRow(columns: [x, y], coefficients: [1, -1], bounds: .atMost(1))
    #expect(try model.solve(timeLimit: .seconds(1)) == MIPResult(status: .unbounded, solution: nil))
  }

  /// A market-split-like equality knapsack (Cornuéjols and Dawande 1999): hopeless for plain branch and
  /// bound, so only the time limit ends the search.
  private func hardModel(seed: UInt64) throws -> MixedIntegerModel {
    var rng = SplitMix64(seed: seed)
    var model = MixedIntegerModel(direction: .maximize)
    let count = 60
    for _ in 0..<count { try model.addBinaryColumn(cost: Double(Int.random(in: 1...1_000, using: &rng))) }
    for _ in 0..<3 {
      let weights = (0..<count).map { _ in Double(Int.random(in: 0...99_999, using: &rng)) }
      try model.addRow(columns: Array(0..<count), coefficients: weights,
                       bounds: .exactly((weights.reduce(0, +) / 2).rounded(.down)))
    }
    return model
  }

  @Test func timeLimitStopsAHardModelPromptly() throws {
    let model = try hardModel(seed: 7)
    let clock = ContinuousClock()
    var result: MIPResult?
    let elapsed = try clock.measure { result = try model.solve(timeLimit: .milliseconds(100)) }
    let status = try #require(result?.status)
    #expect(status == .feasible || status == .noSolutionFound)
    // Unlimited, this model runs for minutes; the margin absorbs a loaded machine.
    #expect(elapsed < .seconds(2))
  }

  @Test func cancellationStopsTheSearch() async throws {
    let model = try hardModel(seed: 7)
    // CPU-bound tests running in parallel may hold every thread of the cooperative pool, so the solve is
    // timed on its own task and cancelled from a thread of its own.
    let task = Task {
      let clock = ContinuousClock()
      var result: MIPResult?
      let elapsed = try clock.measure { result = try model.solve(timeLimit: .seconds(30)) }
      return (result, elapsed)
    }
    Thread.detachNewThread {
      Thread.sleep(forTimeInterval: 0.05)
      task.cancel()
    }
    let (result, elapsed) = try await task.value
    let status = try #require(result?.status)
    #expect(elapsed < .seconds(2))
    #expect(status == .feasible || status == .noSolutionFound)
  }

  /// A caller running on a thread of its own (where `Task.isCancelled` is always false) stops GLPK with
  /// its own flag, set here from another thread.
  @Test func aCancellationFlagStopsTheSearchOnAnyThread() throws {
    let model = try hardModel(seed: 7)
    let flag = Flag()
    Thread.detachNewThread {
      Thread.sleep(forTimeInterval: 0.05)
      flag.value.store(true, ordering: .relaxed)
    }
    let clock = ContinuousClock()
    var result: MIPResult?
    let elapsed = try clock.measure {
      result = try model.solve(timeLimit: .seconds(30)) { flag.value.load(ordering: .relaxed) }
    }
    let status = try #require(result?.status)
    #expect(elapsed < .seconds(2))
    #expect(status == .feasible || status == .noSolutionFound)
  }

  /// A flag shared between threads.
  final class Flag: Sendable {
    let value = Atomic<Bool>(false)
  }

  @Test func incumbentIsReturnedWhenNothingBetterIsFound() throws {
    // One millisecond is too short for the root relaxation and the search, or just enough for a little.
    var rng = SplitMix64(seed: 11)
    let knapsack = Knapsack.random(items: 40, using: &rng)
    let model = try knapsack.model()
    let incumbent = knapsack.greedySelection
    let result = try model.solve(timeLimit: .milliseconds(1), incumbent: incumbent)
    let solution = try #require(result.solution)
    #expect(result.status == .feasible || result.status == .optimal)
    #expect(solution.objectiveValue >= model.objectiveValue(of: incumbent))
  }

  @Test(arguments: 0..<5) func incumbentIsAcceptedAndNeverWorsened(seed: UInt64) throws {
    // Even weights and an odd capacity make the root relaxation fractional, so GLPK asks for a heuristic
    // solution (an integral root would end the search before any `GLP_IHEUR` request).
    var rng = SplitMix64(seed: seed)
    var knapsack = Knapsack.random(items: 14, using: &rng)
    knapsack.weights = knapsack.weights.map { 2 * $0 }
    knapsack.capacity = 2 * knapsack.capacity + 1
    let model = try knapsack.model()
    let incumbent = knapsack.greedySelection
    let result = try model.solve(timeLimit: .seconds(2), incumbent: incumbent)
    let solution = try #require(result.solution)
    #expect(result.incumbentAccepted)
    #expect(result.status == .optimal)
    #expect(solution.objectiveValue >= model.objectiveValue(of: incumbent))
    #expect(solution.objectiveValue == knapsack.bruteForceOptimum)
  }

  @Test func optimalIncumbentStaysOptimal() throws {
    var model = MixedIntegerModel(direction: .maximize)
    let items = try model.addBinaryColumns(costs: [10, 13, 7])
    try model.addRow(columns: Array(items), coefficients: [4, 6, 3], bounds: .atMost(9))
    let result = try model.solve(timeLimit: .seconds(1), incumbent: [0, 1, 1])
    #expect(result.status == .optimal)
    #expect(result.solution == MIPSolution(objectiveValue: 20, values: [0, 1, 1]))
  }

  @Test func nearlyIntegralIncumbentIsRounded() throws {
    var model = MixedIntegerModel()
    let x = try model.addColumn(kind: .integer, bounds: .between(0, 5), cost: 1)
    let y = try model.addColumn(kind: .integer, bounds: .between(0, 5), cost: 1)
    try model.addRow(columns: [x, y], coefficients: [3, 2], bounds: .atLeast(7))
    let result = try model.solve(timeLimit: .seconds(1), incumbent: [1 + 1e-9, 2 - 1e-9])
    #expect(result.solution?.objectiveValue == 3)
    #expect(result.status == .optimal)
  }
}
