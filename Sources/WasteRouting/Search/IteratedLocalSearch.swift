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
  /// The set-partitioning refinement, when switched on.
  let refinement: PoolRefinement?
  /// A giant tour (1-based clients) to start from instead of a random one, for a warm start.
  var initialTour: [Int]?
  /// Where the search meets cooperating searches (``Cooperation``), or `nil` for a search alone.
  var seat: CooperationSeat<Individual>?

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

  /// Runs until a stopping criterion holds.
  func run() {
    var current = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
    guard data.clientCount > 0 else {
      current.evaluate(data, weights: penalties.weights)
      monitor.record(current)
      return
    }
    monitor.iterations += 1
    if let initialTour {
      current.giantTour = initialTour
    } else {
      current.giantTour.shuffle(using: &rng)
    }
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
    var changedSlots: [Int] = []
    refinement?.collect(current)

    while true {
      let stopping = monitor.shouldStop()
      if let seat, stopping || seat.isDue(iterations: monitor.iterations) {
        // Meet the other searches; a better solution of theirs becomes the current one.
        let met = seat.meet(offer: monitor.best, stopping: stopping)
        if var better = met.better, better.distance < monitor.best?.distance ?? .max {
          better.evaluate(data, weights: penalties.weights)
          monitor.record(better)
          current = better
          searchHoldsCurrent = false
          iterationsWithoutImprovement = 0
        }
        if met.stop { break }
      } else if stopping {
        break
      }
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
    if let refinement, monitor.stopReason != .cancelled, let best = monitor.best,
      let improved = refinement.recombine(best, isFinal: true, available: monitor.remaining)
    {
      monitor.record(improved)
    }
  }
}
