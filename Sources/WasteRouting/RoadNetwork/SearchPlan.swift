/// The search to run for given turn rules and metric: node- or edge-based, and the arc costs.
struct SearchPlan: Sendable {
  var edgeBased: Bool
  var metric: RouteMetric
  var primaryCost: [Int32]
  var secondaryCost: [Int32]
  /// Heads and costs packed per arc for the node-based search.
  var searchArcs: [SearchArc]
  /// Arcs packed for the edge-based search (empty for the node-based one).
  var edgeArcs: [EdgeSearchArc]
  var turns: TurnCosts

  init(network: RoadNetwork, turns: TurnRules, metric: RouteMetric, followsChains: Bool = true) {
    edgeBased = turns.needsEdgeBasedSearch
    self.metric = metric
    let penalty = turns.uTurnPenaltyMilliseconds
    switch metric {
    case .time:
      primaryCost = network.arcTime
      secondaryCost = network.arcLength
      self.turns = TurnCosts(rules: turns, primaryPenalty: penalty, secondaryPenalty: 0)
    case .distance:
      primaryCost = network.arcLength
      secondaryCost = network.arcTime
      self.turns = TurnCosts(rules: turns, primaryPenalty: 0, secondaryPenalty: penalty)
    }
    if edgeBased {
      searchArcs = []
      edgeArcs = network.edgeSearchArcs(
        primaryCost: primaryCost, secondaryCost: secondaryCost, turns: turns, followsChains: followsChains)
    } else {
      searchArcs = zip(network.arcHead, zip(primaryCost, secondaryCost)).map {
        SearchArc(head: $0.0, primary: $0.1.0, secondary: $0.1.1)
      }
      edgeArcs = []
    }
  }

  func offsets(_ position: ArcPosition) -> (primary: Int64, secondary: Int64) {
    metric == .time ? (position.time, position.length) : (position.length, position.time)
  }

  /// (time, length) from (primary, secondary).
  func timeAndLength(primary: Int64, secondary: Int64) -> (time: Int64, length: Int64) {
    metric == .time ? (primary, secondary) : (secondary, primary)
  }
}
