/// Hybrid genetic search with advanced diversity control (Vidal et al. 2012; Vidal 2022, HGS-CVRP):
/// order crossover on giant tours, Split, granular local search, repair under raised penalties, and a
/// population managed by biased fitness. One instance per task; not `Sendable`.
final class GeneticSearch {
  private let data: SearchData
  private let configuration: SolverConfiguration
  private let localSearch: LocalSearch
  private var split: Split
  private var population: Population
  private var penalties: PenaltyManager
  private var rng: SplitMix64
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private let deadline: ContinuousClock.Instant?

  /// The best feasible individual seen, and when.
  private(set) var best: Individual?
  private(set) var iterations = 0
  private(set) var history: [SolverProgress] = []
  private(set) var stopReason: SolverResult.StopReason = .iterationLimit
  private let onImprovement: (@Sendable (SolverProgress) -> Void)?
  private let costScale: Int64

  init(
    data: SearchData, configuration: SolverConfiguration, costScale: Int64,
    onImprovement: (@Sendable (SolverProgress) -> Void)?
  ) {
    self.data = data
    self.configuration = configuration
    self.costScale = costScale
    self.onImprovement = onImprovement
    localSearch = LocalSearch(data: data)
    split = Split(clientCount: data.clientCount)
    population = Population(
      minimumSize: configuration.populationSize, generationSize: configuration.generationSize,
      eliteCount: configuration.eliteCount, closeCount: configuration.closeCount)
    penalties = PenaltyManager(data: data, targetFeasible: configuration.targetFeasibleShare)
    rng = SplitMix64(seed: configuration.seed)
    let now = ContinuousClock.now
    start = now
    deadline = configuration.timeLimit.map { now + $0 }
  }

  var elapsed: Duration { clock.now - start }

  /// Whether the search must stop now (time, iterations or cancellation), recording why.
  private func shouldStop() -> Bool {
    if let limit = configuration.maxIterations, iterations >= limit {
      stopReason = .iterationLimit
      return true
    }
    if let deadline, clock.now >= deadline {
      stopReason = .timeLimit
      return true
    }
    if Task.isCancelled {
      stopReason = .cancelled
      return true
    }
    return false
  }

  /// Runs until a stopping criterion holds.
  func run() {
    guard data.clientCount > 0 else {
      var empty = Individual(clientCount: 0, vehicleCount: data.vehicleCount)
      empty.evaluate(data, weights: penalties.weights)
      record(empty)
      return
    }
    var iterationsWithoutImprovement = 0
    initialisePopulation()
    while !shouldStop() {
      iterations += 1
      let first = population.binaryTournament(using: &rng)
      let second = population.binaryTournament(using: &rng)
      var child = orderCrossover(first, second)
      let improved = educate(&child)
      iterationsWithoutImprovement = improved ? 0 : iterationsWithoutImprovement + 1
      if iterationsWithoutImprovement >= configuration.iterationsBeforeRestart {
        population.clear()
        initialisePopulation()
        iterationsWithoutImprovement = 0
      }
    }
  }

  /// Fills the population with 4 × μ locally optimised random solutions (or fewer if time runs out).
  private func initialisePopulation() {
    let target = 4 * configuration.populationSize
    var made = 0
    while made < target && !shouldStop() {
      iterations += 1
      made += 1
      var individual = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
      individual.giantTour.shuffle(using: &rng)
      _ = educate(&individual)
    }
  }

  /// Split, local search, population insertion and (half of the time) repair. Returns whether the
  /// best feasible solution improved.
  private func educate(_ individual: inout Individual) -> Bool {
    split.run(&individual, data: data, weights: penalties.weights)
    localSearch.load(individual)
    localSearch.run(weights: penalties.weights, rng: &rng)
    localSearch.export(into: &individual, weights: penalties.weights)
    penalties.record(
      loadFeasible: individual.loadExcess == 0, durationFeasible: individual.durationExcess == 0)
    if penalties.justUpdated { population.reprice(data, weights: penalties.weights) }
    population.add(individual)
    var improved = record(individual)
    if !individual.isFeasible && rng.below(2) == 0 {
      let repairWeights = penalties.weights.scaled(by: 10)
      localSearch.load(individual)
      localSearch.run(weights: repairWeights, rng: &rng)
      localSearch.export(into: &individual, weights: penalties.weights)
      if individual.isFeasible {
        population.add(individual)
        improved = record(individual) || improved
      }
    }
    return improved
  }

  /// Keeps `individual` if it is the best feasible solution so far.
  @discardableResult
  private func record(_ individual: Individual) -> Bool {
    guard individual.isFeasible, individual.distance < best?.distance ?? .max else { return false }
    best = individual
    let progress = SolverProgress(
      cost: individual.distance, reportedCost: Double(individual.distance) / Double(costScale),
      routeCount: individual.routeCount, iteration: iterations, elapsed: elapsed)
    history.append(progress)
    onImprovement?(progress)
    return true
  }

  /// Order crossover (OX) on giant tours: a random slice of the first parent, the rest in the order
  /// of the second.
  private func orderCrossover(_ first: Individual, _ second: Individual) -> Individual {
    let n = data.clientCount
    var child = Individual(clientCount: n, vehicleCount: data.vehicleCount)
    guard n > 1 else { return child }
    var taken = Array(repeating: false, count: n + 1)
    let begin = rng.below(n)
    var end = rng.below(n)
    while end == begin { end = rng.below(n) }
    var j = begin
    while j % n != (end + 1) % n {
      let client = first.giantTour[j % n]
      child.giantTour[j % n] = client
      taken[client] = true
      j += 1
    }
    for i in 1...n {
      let client = second.giantTour[(end + i) % n]
      if !taken[client] {
        child.giantTour[j % n] = client
        j += 1
      }
    }
    return child
  }
}
