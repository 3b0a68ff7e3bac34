/// Penalty weights for capacity and duration violations, in thousandths of a cost unit per unit of
/// excess, so that penalised costs stay exact integers.
struct PenaltyWeights: Equatable {
  /// Weight of one unit of load above capacity, ×1000.
  var load: Int64
  /// Weight of one unit of duration (or distance) above the route limit, ×1000.
  var duration: Int64

  /// The penalty of a route with these excesses (never negative).
  @inline(__always)
  func penalty(loadExcess: Int64, durationExcess: Int64) -> Int64 {
    (loadExcess &* load &+ durationExcess &* duration) / 1000
  }

  /// These weights multiplied by `factor` (the repair phase uses ×10).
  func scaled(by factor: Int64) -> PenaltyWeights {
    PenaltyWeights(load: load &* factor, duration: duration &* factor)
  }
}

/// Adapts the penalty weights so that about `targetFeasible` of the local search outputs are
/// feasible (Vidal et al. 2012; Vidal 2022, HGS-CVRP).
struct PenaltyManager {
  private(set) var weights: PenaltyWeights
  private var loadFeasible: [Bool] = []
  private var durationFeasible: [Bool] = []
  private let targetFeasible: Double
  private let window: Int
  private let increase: Double
  private let decrease: Double
  private static let minimum: Int64 = 10  // 0.01 per unit
  private static let maximum: Int64 = 100_000_000  // 100 000 per unit
  /// The largest load weight: 100 000 per unit of load in reported units of distance.
  private let maximumLoad: Int64
  private let maximumDuration: Int64

  /// Creates a manager that updates the weights after every `window` records, multiplying a weight by
  /// `increase` when too few records were feasible and by `decrease` when too many were.
  init(
    data: SearchData, targetFeasible: Double, window: Int = 100, increase: Double = 1.2, decrease: Double = 0.85
  ) {
    // The HGS-CVRP bounds hold in reported units of distance; a cost scale of 10 000 (distances kept to
    // four decimals) multiplies distances, not loads, so it multiplies the load weights too.
    let scale = Double(max(1, data.costScale))
    let ratio = data.maxDemand > 0 ? Double(data.maxArcDistance) / scale / Double(data.maxDemand) : 1
    let load = Int64((max(0.1, min(1000, ratio)) * scale * 1000).rounded())
    let (maximumLoad, overflow) = Self.maximum.multipliedReportingOverflow(by: max(1, data.costScale))
    self.init(
      weights: PenaltyWeights(load: load, duration: 1000), maximumLoad: overflow ? Int64.max / 1_000_000 : maximumLoad,
      maximumDuration: Self.maximum, targetFeasible: targetFeasible, window: window, increase: increase,
      decrease: decrease)
  }

  /// Starts from `initial` weights (rich problems, whose units the search data does not know), each at
  /// most 10^6 per unit, so that excesses up to 10^12 units cannot overflow.
  init(
    initial: PenaltyWeights, targetFeasible: Double, window: Int = 100, increase: Double = 1.2,
    decrease: Double = 0.85
  ) {
    let maximum: Int64 = 1_000_000_000
    self.init(
      weights: PenaltyWeights(load: min(initial.load, maximum), duration: min(initial.duration, maximum)),
      maximumLoad: maximum, maximumDuration: maximum, targetFeasible: targetFeasible, window: window,
      increase: increase, decrease: decrease)
  }

  private init(
    weights: PenaltyWeights, maximumLoad: Int64, maximumDuration: Int64, targetFeasible: Double, window: Int,
    increase: Double, decrease: Double
  ) {
    self.weights = weights
    self.maximumLoad = maximumLoad
    self.maximumDuration = maximumDuration
    self.targetFeasible = targetFeasible
    self.window = window
    self.increase = increase
    self.decrease = decrease
    loadFeasible.reserveCapacity(window)
    durationFeasible.reserveCapacity(window)
  }

  /// Records whether a local search output respected capacity and duration.
  mutating func record(loadFeasible isLoadFeasible: Bool, durationFeasible isDurationFeasible: Bool) {
    loadFeasible.append(isLoadFeasible)
    durationFeasible.append(isDurationFeasible)
    if loadFeasible.count >= window {
      weights.load = adjusted(weights.load, feasibleShare: share(loadFeasible), maximum: maximumLoad)
      weights.duration = adjusted(
        weights.duration, feasibleShare: share(durationFeasible), maximum: maximumDuration)
      loadFeasible.removeAll(keepingCapacity: true)
      durationFeasible.removeAll(keepingCapacity: true)
    }
  }

  /// Whether the last call to `record` changed the weights.
  var justUpdated: Bool { loadFeasible.isEmpty }

  private func share(_ flags: [Bool]) -> Double {
    Double(flags.lazy.filter { $0 }.count) / Double(flags.count)
  }

  private func adjusted(_ weight: Int64, feasibleShare: Double, maximum: Int64) -> Int64 {
    var value = Double(weight)
    if feasibleShare < targetFeasible - 0.05 {
      value = value * increase + 1
    } else if feasibleShare > targetFeasible + 0.05 {
      value *= decrease
    }
    return min(maximum, max(Self.minimum, Int64(value.rounded())))
  }
}
