/// A small, fast, seedable generator (Steele, Lea and Flood 2014), so random tests are repeatable.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A 0/1 knapsack instance with a brute-force optimum for small sizes.
struct Knapsack {
  var values: [Double]
  var weights: [Double]
  var capacity: Double

  static func random(items: Int, using rng: inout SplitMix64) -> Knapsack {
    let values = (0..<items).map { _ in Double(Int.random(in: 1...100, using: &rng)) }
    let weights = (0..<items).map { _ in Double(Int.random(in: 1...60, using: &rng)) }
    return Knapsack(values: values, weights: weights, capacity: (weights.reduce(0, +) / 2).rounded(.down))
  }

  /// The best total value, by enumerating every subset.
  var bruteForceOptimum: Double {
    var best = 0.0
    for mask in 0..<(1 << values.count) {
      var value = 0.0
      var weight = 0.0
      for item in values.indices where mask & (1 << item) != 0 {
        value += values[item]
        weight += weights[item]
      }
      if weight <= capacity { best = max(best, value) }
    }
    return best
  }

  /// Items taken greedily by value per weight: a feasible, usually suboptimal, incumbent.
  var greedySelection: [Double] {
    var selection = [Double](repeating: 0, count: values.count)
    var load = 0.0
    for item in values.indices.sorted(by: { values[$0] / weights[$0] > values[$1] / weights[$1] })
    where load + weights[item] <= capacity {
      selection[item] = 1
      load += weights[item]
    }
    return selection
  }
}
