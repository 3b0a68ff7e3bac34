/// Iterated local search: perturb the current solution by ruin and recreate, repair it with a focused
/// granular local search, and accept by late-acceptance hill climbing (Burke & Bykov 2017,
/// doi:10.1016/j.ejor.2016.07.012, with both enhancements of their section 4.2). Each iteration only
/// re-examines what the perturbation touched, so it stays fast on large instances.
/// One instance per task; not `Sendable`.
final class IteratedLocalSearch {
  /// What acceptance needs of a solution: its distance and excesses, priced under current weights.
  private struct Summary {
    var distance: Int64
    var loadExcess: Int64
    var durationExcess: Int64

    init(_ individual: Individual) {
      distance = individual.distance
      loadExcess = individual.loadExcess
      durationExcess = individual.durationExcess
    }

    func cost(_ weights: PenaltyWeights) -> Int64 {
      distance &+ weights.penalty(loadExcess: loadExcess, durationExcess: durationExcess)
    }
  }

  private let data: SearchData
  private let configuration: SolverConfiguration
  private let monitor: SearchMonitor
  private let localSearch: LocalSearch
  private var split: Split
  private var penalties: PenaltyManager
  private var rng: SplitMix64

  init(data: SearchData, configuration: SolverConfiguration, monitor: SearchMonitor) {
    self.data = data
    self.configuration = configuration
    self.monitor = monitor
    localSearch = LocalSearch(data: data)
    split = Split(clientCount: data.clientCount)
    penalties = PenaltyManager(data: data, targetFeasible: configuration.targetFeasibleShare)
    rng = SplitMix64(seed: configuration.seed)
  }

  /// Runs until a stopping criterion holds.
  func run() {
    var current = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
    guard data.clientCount > 0 else {
      current.evaluate(data, weights: penalties.weights)
      monitor.record(current)
      return
    }
    monitor.iterations += 1
    current.giantTour.shuffle(using: &rng)
    split.run(&current, data: data, weights: penalties.weights)
    localSearch.load(current)
    localSearch.run(weights: penalties.weights, rng: &rng, exhaustive: true)
    localSearch.export(into: &current, weights: penalties.weights, sortingRoutes: false)
    monitor.record(current)

    let initial = Summary(current)
    var history = [Summary?](repeating: nil, count: max(1, configuration.acceptanceHistoryLength))
    var historyIndex = 0
    var candidate = current
    var searchHoldsCurrent = true
    var iterationsWithoutImprovement = 0
    let maxRuin = max(1, min(configuration.maxRuinSize, data.clientCount))

    while !monitor.shouldStop() {
      monitor.iterations += 1
      if iterationsWithoutImprovement >= configuration.iterationsBeforeRestart, let best = monitor.best {
        current = best
        for k in history.indices { history[k] = nil }
        searchHoldsCurrent = false
        iterationsWithoutImprovement = 0
      }
      if !searchHoldsCurrent { localSearch.load(current, keepingUnchanged: true) }
      localSearch.markAllTested()
      localSearch.ruinAndRecreate(size: 1 + rng.below(maxRuin), rng: &rng)
      localSearch.run(weights: penalties.weights, rng: &rng, exhaustive: false)
      localSearch.export(into: &candidate, weights: penalties.weights, sortingRoutes: false)
      penalties.record(
        loadFeasible: candidate.loadExcess == 0, durationFeasible: candidate.durationExcess == 0)
      iterationsWithoutImprovement += 1
      if monitor.record(candidate) {
        iterationsWithoutImprovement = 0
        localSearch.run(weights: penalties.weights, rng: &rng, exhaustive: true)
        localSearch.export(into: &candidate, weights: penalties.weights, sortingRoutes: false)
        monitor.record(candidate)
      }

      let weights = penalties.weights
      let candidateCost = Summary(candidate).cost(weights)
      var currentCost = Summary(current).cost(weights)
      let late = history[historyIndex]
      let lateCost = (late ?? initial).cost(weights)
      if candidateCost < lateCost || candidateCost < currentCost {
        swap(&current, &candidate)
        currentCost = candidateCost
        searchHoldsCurrent = true
      } else {
        searchHoldsCurrent = false
      }
      if currentCost < lateCost || late == nil { history[historyIndex] = Summary(current) }
      historyIndex = (historyIndex + 1) % history.count
    }
  }
}
