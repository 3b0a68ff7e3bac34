/// Settings of a ``Solver`` run. The defaults are those of HGS-CVRP (Vidal 2022) and suit instances
/// of 50 to 1 000 clients.
public struct SolverConfiguration: Sendable, Hashable {
  /// Seed of every random choice; the same seed, input and iteration limit give the same solution.
  public var seed: UInt64
  /// Wall-clock budget, or `nil` for none (then set ``maxIterations``).
  public var timeLimit: Duration?
  /// Budget in iterations (one crossover, split and local search each), or `nil` for none.
  public var maxIterations: Int?
  /// Number of nearest neighbours examined per client by the local search.
  public var granularity: Int
  /// Minimum subpopulation size (μ).
  public var populationSize: Int
  /// Offspring generated before survivor selection (λ).
  public var generationSize: Int
  /// Number of elite individuals protected by the biased fitness.
  public var eliteCount: Int
  /// Number of closest individuals that define diversity.
  public var closeCount: Int
  /// Share of local-search outputs that penalty adaptation aims to keep feasible.
  public var targetFeasibleShare: Double
  /// Iterations without improvement before the population restarts.
  public var iterationsBeforeRestart: Int

  /// Creates a configuration.
  public init(
    seed: UInt64 = 1,
    timeLimit: Duration? = .seconds(10),
    maxIterations: Int? = nil,
    granularity: Int = 20,
    populationSize: Int = 25,
    generationSize: Int = 40,
    eliteCount: Int = 4,
    closeCount: Int = 5,
    targetFeasibleShare: Double = 0.2,
    iterationsBeforeRestart: Int = 20_000
  ) {
    self.seed = seed
    self.timeLimit = timeLimit
    self.maxIterations = maxIterations
    self.granularity = granularity
    self.populationSize = populationSize
    self.generationSize = generationSize
    self.eliteCount = eliteCount
    self.closeCount = closeCount
    self.targetFeasibleShare = targetFeasibleShare
    self.iterationsBeforeRestart = iterationsBeforeRestart
  }
}
