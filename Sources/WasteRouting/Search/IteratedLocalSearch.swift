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
  let monitor: SearchMonitor
  private let localSearch: LocalSearch
  private var split: Split
  private var penalties: PenaltyManager
  private var rng: SplitMix64
  /// The set-partitioning refinement, when switched on.
  let refinement: PoolRefinement?
  /// A giant tour (1-based clients) to start from instead of a random one, for a warm start.
  var initialTour: [Int]?

  init(data: SearchData, configuration: SolverConfiguration, monitor: SearchMonitor) {
    self.data = data
    self.configuration = configuration
    self.monitor = monitor
    localSearch = LocalSearch(data: data)
    split = Split(clientCount: data.clientCount)
    // A single trajectory needs mostly feasible candidates (PyVRP's defaults for its iterated local
    // search), unlike a population that keeps a feasible subpopulation.
    penalties = PenaltyManager(data: data, targetFeasible: 0.65, window: 500, increase: 1.5, decrease: 0.9)
    rng = SplitMix64(seed: configuration.seed)
    refinement = configuration.refinement ? PoolRefinement(data: data, configuration: configuration) : nil
    if let refinement { monitor.reserve(refinement.finalReserve) }
  }

  // MARK: - The search, in steps

  /// The state of the search between steps.
  private var current: Individual?
  private var candidate: Individual?
  private var initial: Summary?
  private var history: [Summary?] = []
  private var historyIndex = 0
  private var searchHoldsCurrent = true
  private var iterationsWithoutImprovement = 0
  private var changedSlots: [Int] = []

  /// Runs until a stopping criterion holds: ``start()``, ``iterate(until:)``, ``finish()``.
  func run() {
    start()
    iterate()
    finish()
  }

  /// The first solution (a random or the initial giant tour, split and locally optimised).
  func start() {
    var first = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
    guard data.clientCount > 0 else {
      first.evaluate(data, weights: penalties.weights)
      monitor.record(first)
      return
    }
    monitor.iterations += 1
    if let initialTour {
      first.giantTour = initialTour
    } else {
      first.giantTour.shuffle(using: &rng)
    }
    split.run(&first, data: data, weights: penalties.weights)
    localSearch.load(first)
    localSearch.run(weights: penalties.weights, rng: &rng, exhaustive: true)
    localSearch.export(into: &first, weights: penalties.weights, sortingRoutes: false)
    monitor.record(first)
    current = first
    candidate = first
    initial = Summary(first)
    history = Array(repeating: nil, count: max(1, configuration.acceptanceHistoryLength))
    refinement?.collect(first)
  }

  /// Iterations until the monitor stops the run or `pause` returns true (checked before each).
  func iterate(until pause: () -> Bool = { false }) {
    guard var current, var candidate, let initial else { return }
    defer {
      self.current = current
      self.candidate = candidate
    }
    let maxRuin = max(1, min(configuration.maxRuinSize, data.clientCount))
    while !pause() && !monitor.shouldStop() {
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
      if monitor.best == nil && !candidate.isFeasible {
        // Until a first feasible solution exists, repair each candidate under ten-fold penalties (as
        // HGS-CVRP repairs offspring) rather than wait for the weights to adapt.
        // The search state then holds the repaired candidate, which replaces the candidate.
        localSearch.run(weights: penalties.weights.scaled(by: 10), rng: &rng, exhaustive: false)
        localSearch.export(into: &candidate, weights: penalties.weights, sortingRoutes: false)
      }
      if monitor.record(candidate) {
        iterationsWithoutImprovement = 0
        localSearch.run(weights: penalties.weights, rng: &rng, exhaustive: true)
        localSearch.export(into: &candidate, weights: penalties.weights, sortingRoutes: false)
        monitor.record(candidate)
      }
      if let refinement {
        localSearch.changedRoutes(into: &changedSlots)
        refinement.collect(candidate, slots: changedSlots)
      }
      if let refinement, refinement.isDue(budgetShareUsed: monitor.budgetShareUsed),
        let best = monitor.best, var improved = refinement.recombine(best)
      {
        // The recombined routes are rarely a local optimum of the moves: polish them.
        localSearch.load(improved)
        localSearch.run(weights: penalties.weights, rng: &rng, exhaustive: true)
        localSearch.export(into: &improved, weights: penalties.weights, sortingRoutes: false)
        if improved.isFeasible { monitor.record(improved) }
        current = improved
        searchHoldsCurrent = true
        continue
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

  /// The final recombination, unless the run was cancelled.
  func finish() {
    if let refinement, monitor.stopReason != .cancelled, let best = monitor.best,
      let improved = refinement.recombine(best, isFinal: true, available: monitor.remaining)
    {
      monitor.record(improved)
    }
  }

  /// Takes another search's best routes (1-based clients) as the current solution, and as the best
  /// when better; the late-acceptance history starts again from it.
  func adopt(routes: [[Int]]) {
    guard current != nil else { return }
    var adopted = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
    for (slot, route) in routes.prefix(data.vehicleCount).enumerated() { adopted.routes[slot] = route }
    adopted.rebuildGiantTour()
    adopted.evaluate(data, weights: penalties.weights)
    monitor.record(adopted)
    current = adopted
    searchHoldsCurrent = false
    for k in history.indices { history[k] = nil }
    iterationsWithoutImprovement = 0
  }
}
