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
  private let monitor: SearchMonitor
  /// The set-partitioning refinement, when switched on.
  let refinement: PoolRefinement?
  /// A giant tour (1-based clients) to seed the first population with, for a warm start.
  var initialTour: [Int]?
  /// Where the search meets cooperating searches (``Cooperation``), or `nil` for a search alone.
  var seat: CooperationSeat<Individual>?

  init(data: SearchData, configuration: SolverConfiguration, monitor: SearchMonitor) {
    self.data = data
    self.configuration = configuration
    self.monitor = monitor
    localSearch = LocalSearch(data: data)
    split = Split(clientCount: data.clientCount)
    population = Population(
      minimumSize: configuration.populationSize, generationSize: configuration.generationSize,
      eliteCount: configuration.eliteCount, closeCount: configuration.closeCount)
    penalties = PenaltyManager(data: data, targetFeasible: configuration.targetFeasibleShare)
    rng = SplitMix64(seed: configuration.seed)
    refinement = configuration.refinement ? PoolRefinement(data: data, configuration: configuration) : nil
    if let refinement { monitor.reserve(refinement.finalReserve) }
  }

  /// Runs until a stopping criterion holds.
  func run() {
    guard data.clientCount > 0 else {
      var empty = Individual(clientCount: 0, vehicleCount: data.vehicleCount)
      empty.evaluate(data, weights: penalties.weights)
      monitor.record(empty)
      return
    }
    var iterationsWithoutImprovement = 0
    initialisePopulation()
    while true {
      let stopping = monitor.shouldStop()
      if let seat, stopping || seat.isDue(iterations: monitor.iterations) {
        // Meet the other searches; a better solution of theirs joins the population.
        let met = seat.meet(offer: monitor.best, stopping: stopping)
        if var better = met.better, better.distance < monitor.best?.distance ?? .max {
          better.evaluate(data, weights: penalties.weights)
          monitor.record(better)
          population.add(better)
          iterationsWithoutImprovement = 0
        }
        if met.stop { break }
      } else if stopping {
        break
      }
      monitor.iterations += 1
      let first = population.binaryTournament(using: &rng)
      let second = population.binaryTournament(using: &rng)
      var child = orderCrossover(first, second)
      let improved = educate(&child)
      iterationsWithoutImprovement = improved ? 0 : iterationsWithoutImprovement + 1
      if let refinement, refinement.isDue(budgetShareUsed: monitor.budgetShareUsed),
        let best = monitor.best, let recombined = refinement.recombine(best)
      {
        monitor.record(recombined)
        var polished = recombined
        _ = educate(&polished)
        iterationsWithoutImprovement = 0
      }
      if iterationsWithoutImprovement >= configuration.iterationsBeforeRestart {
        population.clear()
        initialisePopulation()
        iterationsWithoutImprovement = 0
      }
    }
    if let refinement, monitor.stopReason != .cancelled, let best = monitor.best,
      let recombined = refinement.recombine(best, isFinal: true, available: monitor.remaining)
    {
      monitor.record(recombined)
    }
  }

  /// Fills the population with 4 × μ locally optimised random solutions (or fewer if time runs out).
  private func initialisePopulation() {
    let target = 4 * configuration.populationSize
    var made = 0
    while made < target && !monitor.shouldStop() {
      monitor.iterations += 1
      made += 1
      var individual = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
      if made == 1, let tour = initialTour {
        // The warm start: its visiting order, split into routes.
        individual.giantTour = tour
        initialTour = nil
      } else if data.hasCoordinates && made % 2 == 0 {
        // A sweep from a random angle with jitter: compact routes, diverse starts.
        let offset = rng.below(65_536)
        var keyed = individual.giantTour.map { client in
          (((data.polarAngle[client] - offset) & 0xFFFF) + rng.below(6_554), client)
        }
        keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        individual.giantTour = keyed.map(\.1)
      } else {
        individual.giantTour.shuffle(using: &rng)
      }
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
    refinement?.collect(individual)
    var improved = monitor.record(individual)
    if !individual.isFeasible && rng.below(2) == 0 {
      let repairWeights = penalties.weights.scaled(by: 10)
      localSearch.load(individual)
      localSearch.run(weights: repairWeights, rng: &rng)
      localSearch.export(into: &individual, weights: penalties.weights)
      if individual.isFeasible {
        population.add(individual)
        refinement?.collect(individual)
        improved = monitor.record(individual) || improved
      }
    }
    return improved
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
