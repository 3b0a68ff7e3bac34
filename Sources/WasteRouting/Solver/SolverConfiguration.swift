import Foundation

/// Settings of a ``Solver`` run. The defaults are those of HGS-CVRP (Vidal 2022) and suit instances
/// of 50 to 1 000 clients.
public struct SolverConfiguration: Sendable, Hashable {
  /// The metaheuristic around the local search.
  public enum Strategy: String, Sendable, Hashable, CaseIterable {
    /// Hybrid genetic search (Vidal et al. 2012; Vidal 2022).
    case geneticSearch
    /// Iterated local search with ruin-and-recreate perturbations and late-acceptance hill climbing
    /// (Burke & Bykov 2017).
    case iteratedLocalSearch
    /// Chosen from the instance size (threshold from runs on X instances; see the README).
    case automatic

    /// The concrete strategy for an instance with `clientCount` clients.
    func resolved(clientCount: Int) -> Strategy {
      guard self == .automatic else { return self }
      return clientCount <= Self.geneticSearchClientLimit ? .geneticSearch : .iteratedLocalSearch
    }

    /// Instances up to this many clients use genetic search under ``automatic``.
    static let geneticSearchClientLimit = 250
  }

  /// The metaheuristic; ``Strategy/automatic`` by default.
  public var strategy: Strategy
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
  /// Iterations without improvement before the population restarts (genetic search) or the search
  /// returns to the best solution (iterated local search).
  public var iterationsBeforeRestart: Int
  /// Most clients removed by one ruin-and-recreate perturbation (iterated local search).
  public var maxRuinSize: Int
  /// Length of the late-acceptance history (iterated local search).
  public var acceptanceHistoryLength: Int
  /// The late-acceptance history length of the search for problems with disposal sites, time windows,
  /// breaks or mixed fleets (shorter than ``acceptanceHistoryLength``: on the Kim benchmark, 50 beat 10,
  /// 20, 100, 300 and 1 000 over three seeds).
  public var richAcceptanceHistoryLength: Int
  /// Whether routes of local optima are recombined by GLPK: at one and two thirds of the budget and at
  /// the end, the best solution is rebuilt region by region from pooled routes by small set-covering
  /// models.
  ///
  /// The MIP runs under time caps, so a run whose MIP stops on its cap is not bit-for-bit
  /// reproducible; switch refinement off for exact reproducibility.
  public var refinement: Bool
  /// The share of the time budget the refinement may spend in GLPK (0...1): a quarter of it at each
  /// checkpoint and half at the end.
  public var refinementTimeShare: Double
  /// The most distinct routes kept for the refinement.
  public var routePoolCapacity: Int
  /// How many cooperating searches run at once, each on a thread of its own (`nil`: one per core), for
  /// rich problems and plain CVRPs alike. They exchange their best solutions twenty times per run (a
  /// search whose own best did not improve since the last exchange takes the best of all); 1 runs a
  /// single search, exactly as before cooperation existed.
  ///
  /// Deterministic: with an iteration limit (a time limit may be set too, as a safety stop) the searches
  /// meet at a barrier after every
  /// twentieth of their iterations, so the result depends only on the seed, the limit and this number
  /// (``maxIterations`` then counts each search's iterations; refinement off, as for one thread). Not
  /// deterministic: with only a time limit each search posts its best at its own epoch ends and takes the best
  /// posted so far without waiting, so the result also depends on how fast each thread ran.
  public var threads: Int?

  /// The number of searches a run uses: ``threads``, or one per core, at least 1.
  public var resolvedThreads: Int {
    max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Creates a configuration.
  public init(
    strategy: Strategy = .automatic,
    seed: UInt64 = 1,
    timeLimit: Duration? = .seconds(10),
    maxIterations: Int? = nil,
    granularity: Int = 20,
    populationSize: Int = 25,
    generationSize: Int = 40,
    eliteCount: Int = 4,
    closeCount: Int = 5,
    targetFeasibleShare: Double = 0.2,
    iterationsBeforeRestart: Int = 20_000,
    maxRuinSize: Int = 25,
    acceptanceHistoryLength: Int = 300,
    richAcceptanceHistoryLength: Int = 50,
    refinement: Bool = true,
    refinementTimeShare: Double = 0.05,
    routePoolCapacity: Int = 100_000,
    threads: Int? = nil
  ) {
    self.strategy = strategy
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
    self.maxRuinSize = maxRuinSize
    self.acceptanceHistoryLength = acceptanceHistoryLength
    self.richAcceptanceHistoryLength = richAcceptanceHistoryLength
    self.refinement = refinement
    self.refinementTimeShare = refinementTimeShare
    self.routePoolCapacity = routePoolCapacity
    self.threads = threads
  }
}
