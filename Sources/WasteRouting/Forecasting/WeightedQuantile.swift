/// The weighted `q`-quantile (0...1) of `values`: the smallest value whose cumulative weight reaches
/// `q` of the total, averaging the two middle values at an exact tie. Non-positive weights count as zero.
///
/// - Returns: `nil` when no value has a positive weight.
/// - Complexity: O(*n* log *n*).
func weightedQuantile(_ values: [Double], weights: [Double], _ q: Double) -> Double? {
  precondition(values.count == weights.count, "one weight per value")
  let order = values.indices.filter { weights[$0] > 0 }.sorted { values[$0] < values[$1] }
  let total = order.reduce(0.0) { $0 + weights[$1] }
  guard total > 0, let last = order.last else { return nil }
  let target = q * total
  var cumulative = 0.0
  for (position, index) in order.enumerated() {
    cumulative += weights[index]
    if cumulative >= target {
      let isTie = abs(cumulative - target) <= 1e-12 * total && position + 1 < order.count
      return isTie ? (values[index] + values[order[position + 1]]) / 2 : values[index]
    }
  }
  return values[last]
}
