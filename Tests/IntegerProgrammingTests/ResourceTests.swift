import Testing
@testable import IntegerProgramming

/// Memory, threads and the time budget.
@Suite struct ResourceTests {
  @Test func glpkIsThreadLocal() {
    #expect(GLPKEnvironment.isThreadLocal)
    #expect(GLPKEnvironment.version.hasPrefix("5."))
  }

  /// GLPK's accounting is per thread; the whole test body is synchronous, so it stays on one thread.
  @Test func repeatedSolvesReturnMemoryToTheBaseline() throws {
    var rng = SplitMix64(seed: 3)
    let knapsack = Knapsack.random(items: 10, using: &rng)
    let model = try knapsack.model()
    var infeasible = MixedIntegerModel()
    let column = try infeasible.addBinaryColumn(cost: 1)
    try infeasible.addRow(columns: [column], coefficients: [1], bounds: .exactly(2))
    _ = try model.solve(timeLimit: .seconds(1))
    let baseline = GLPKEnvironment.memoryInUse()

    do {
      let problem = GLPKProblem(model)
      #expect(GLPKEnvironment.memoryInUse().blocks > baseline.blocks)
      _ = consume problem
    }
    #expect(GLPKEnvironment.memoryInUse() == baseline)

    for round in 0..<500 {
      switch round % 4 {
      case 0: _ = try model.solve(timeLimit: .seconds(1))
      case 1: _ = try model.solve(timeLimit: .seconds(1), incumbent: knapsack.greedySelection)
      case 2: _ = try infeasible.solve(timeLimit: .seconds(1))
      default: _ = try? model.solve(timeLimit: .seconds(1), incumbent: Array(repeating: 1, count: 10))
      }
    }
    #expect(GLPKEnvironment.memoryInUse() == baseline)
  }

  @Test func separateModelsSolveConcurrently() async throws {
    let knapsacks = (0..<8).map { seed in
      var rng = SplitMix64(seed: 100 + UInt64(seed))
      return Knapsack.random(items: 12, using: &rng)
    }
    let models = try knapsacks.map { try $0.model() }
    let objectives = try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
      for (index, model) in models.enumerated() {
        group.addTask {
          var best: Double?
          for _ in 0..<10 { best = try model.solve(timeLimit: .seconds(2)).solution?.objectiveValue }
          return (index, best)
        }
      }
      var objectives = [Double?](repeating: nil, count: models.count)
      for try await (index, objective) in group { objectives[index] = objective }
      return objectives
    }
    #expect(objectives == knapsacks.map { $0.bruteForceOptimum })
  }

  @Test func millisecondsRoundUpAndClamp() {
    let now = ContinuousClock.now
    #expect(GLPKProblem.milliseconds(until: now - .seconds(1)) == 1)
    #expect((1...2).contains(GLPKProblem.milliseconds(until: now + .microseconds(10))))
    #expect(GLPKProblem.milliseconds(until: now + .seconds(Int64.max / 2)) == Int32.max - 1)
    let tenSeconds = GLPKProblem.milliseconds(until: now + .seconds(10))
    #expect(tenSeconds > 9_900 && tenSeconds <= 10_000)
  }
}
