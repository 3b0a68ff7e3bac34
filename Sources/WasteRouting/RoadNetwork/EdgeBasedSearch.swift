/// Turn costs between arcs for the edge-based search.
struct TurnCosts: Sendable {
  var rules: TurnRules
  /// U-turn penalty added to the optimised metric and to the other one (milliseconds or 0).
  var primaryPenalty: Int64
  var secondaryPenalty: Int64
}

extension RoadNetwork {
  /// The extra cost of turning from arc `from` into arc `to` at `from`'s head, or `nil` when the turn is
  /// banned (a restriction, or a U-turn the rules forbid there).
  @inline(__always)
  func turnCost(from: Int, to: Int, _ turns: TurnCosts) -> (primary: Int64, secondary: Int64)? {
    if turns.rules.obeysRestrictions && isBanned(from: from, to: to) { return nil }
    guard Int(arcTwin[from]) == to else { return (0, 0) }
    switch turns.rules.uTurns {
    case .forbidden:
      return nil
    case .atDeadEnds:
      let head = Int(arcHead[from])
      guard arcStart[head + 1] - arcStart[head] == 1 else { return nil }
      return (turns.primaryPenalty, turns.secondaryPenalty)
    case .allowed:
      return (turns.primaryPenalty, turns.secondaryPenalty)
    }
  }

  /// The seeds for leaving from arc `arc` at offset (`primary`, `secondary`) from its tail: the arcs the
  /// truck may turn into at its head, with the cost of the rest of `arc` and of the turn.
  func edgeBasedSeeds(
    leaving arc: Int, primaryOffset: Int64, secondaryOffset: Int64, primaryCost: [Int32],
    secondaryCost: [Int32], turns: TurnCosts, into seeds: inout [SearchSeed]
  ) {
    let head = Int(arcHead[arc])
    let restPrimary = Int64(primaryCost[arc]) - primaryOffset
    let restSecondary = Int64(secondaryCost[arc]) - secondaryOffset
    for next in arcs(from: head) {
      guard let turn = turnCost(from: arc, to: next, turns) else { continue }
      seeds.append(
        SearchSeed(
          state: Int32(next), primary: restPrimary + turn.primary, secondary: restSecondary + turn.secondary))
    }
  }

  /// Dijkstra's algorithm on arcs: the cost of a state is the cost of reaching the arc's tail ready to
  /// drive it, so turn restrictions and U-turn penalties apply between consecutive arcs. Stops once
  /// `targetCount` arcs marked in `isTarget` are settled.
  func edgeBasedSearch(
    _ scratch: SearchScratch, seeds: [SearchSeed], edgeArcs: [EdgeSearchArc], turns: TurnCosts,
    isTarget: [Bool], targetCount: Int, recordsParents: Bool = true
  ) {
    scratch.reset()
    for seed in seeds {
      scratch.offer(Int(seed.state), primary: seed.primary, secondary: seed.secondary, parent: -1)
    }
    var remaining = targetCount
    let generation = scratch.generation
    let labels = scratch.labels
    let parent = scratch.parent
    let uTurns = turns.rules.uTurns
    let obeysRestrictions = turns.rules.obeysRestrictions
    bannedTurnTarget.withUnsafeBufferPointer { bannedTarget in
      bannedTurnStart.withUnsafeBufferPointer { bannedStart in
        arcStart.withUnsafeBufferPointer { arcStart in
          arcTwin.withUnsafeBufferPointer { arcTwin in
            edgeArcs.withUnsafeBufferPointer { arcs in
              isTarget.withUnsafeBufferPointer { isTarget in
                while remaining > 0, let (popped, state) = scratch.pop() {
                  var a = Int(state)
                  if labels[a].settled == generation || popped > labels[a].primary { continue }
                  labels[a].settled = generation
                  if isTarget[a] { remaining &-= 1 }
                  var arc = arcs[a]
                  var twin = Int(arcTwin[a])
                  var cost = popped
                  var otherHere = labels[a].secondary
                  // Follow arcs with a single way on, whose only way in is the arc before (a road between two
                  // junctions cut into pieces): their labels are final at once, so they skip the heap.
                  var followedIntoSettled = false
                  while arc.onlyNext >= 0 {
                    let b = Int(arc.onlyNext)
                    let isUTurn = b == twin
                    let candidate = cost &+ Int64(arc.primary) &+ (isUTurn ? turns.primaryPenalty : 0)
                    if labels[b].settled == generation
                      || (labels[b].reached == generation && labels[b].primary <= candidate)
                    {
                      followedIntoSettled = true
                      break
                    }
                    let other = otherHere &+ Int64(arc.secondary) &+ (isUTurn ? turns.secondaryPenalty : 0)
                    labels[b] = SearchScratch.Label(
                      primary: candidate, secondary: other, reached: generation, settled: generation)
                    if recordsParents { parent[b] = Int32(truncatingIfNeeded: a) }
                    if isTarget[b] { remaining &-= 1 }
                    a = b
                    arc = arcs[b]
                    twin = Int(arcTwin[b])
                    cost = candidate
                    otherHere = other
                  }
                  if followedIntoSettled { continue }
                  let atHead = cost &+ Int64(arc.primary)
                  let otherAtHead = otherHere &+ Int64(arc.secondary)
                  let head = Int(arc.head)
                  let first = Int(arcStart[head])
                  let end = Int(arcStart[head &+ 1])
                  let bannedFirst = obeysRestrictions ? Int(bannedStart[a]) : 0
                  let bannedEnd = obeysRestrictions ? Int(bannedStart[a &+ 1]) : 0
                  var b = first
                  while b < end {
                    defer { b &+= 1 }
                    var extra: Int64 = 0
                    var extraOther: Int64 = 0
                    if b == twin {
                      if uTurns == .forbidden || (uTurns == .atDeadEnds && end &- first != 1) { continue }
                      extra = turns.primaryPenalty
                      extraOther = turns.secondaryPenalty
                    }
                    if bannedFirst < bannedEnd {
                      var k = bannedFirst
                      var banned = false
                      while k < bannedEnd {
                        if Int(bannedTarget[k]) == b { banned = true }
                        k &+= 1
                      }
                      if banned { continue }
                    }
                    let candidate = atHead &+ extra
                    if labels[b].reached != generation || candidate < labels[b].primary {
                      labels[b] = SearchScratch.Label(
                        primary: candidate, secondary: otherAtHead &+ extraOther, reached: generation,
                        settled: labels[b].settled)
                      if recordsParents { parent[b] = Int32(truncatingIfNeeded: a) }
                      scratch.push(candidate, Int32(truncatingIfNeeded: b))
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// The arcs packed for the edge-based search under `turns`; with `followsChains`, each arc also names
  /// its only way on when there is exactly one and it has no other way in.
  func edgeSearchArcs(
    primaryCost: [Int32], secondaryCost: [Int32], turns: TurnRules, followsChains: Bool = true
  ) -> [EdgeSearchArc] {
    let rules = TurnCosts(rules: turns, primaryPenalty: 0, secondaryPenalty: 0)
    return (0..<arcCount).map { a in
      let head = Int(arcHead[a])
      var onlyNext: Int32 = -1
      if followsChains {
        let ways = arcs(from: head).filter { turnCost(from: a, to: $0, rules) != nil }
        if ways.count == 1, let next = ways.first, next != a {
          let ins = (Int(inArcStart[head])..<Int(inArcStart[head + 1])).map { Int(inArcs[$0]) }
          if !ins.contains(where: { $0 != a && turnCost(from: $0, to: next, rules) != nil }) {
            onlyNext = Int32(next)
          }
        }
      }
      return EdgeSearchArc(
        primary: primaryCost[a], secondary: secondaryCost[a], head: arcHead[a], onlyNext: onlyNext)
    }
  }
}

/// One arc as the edge-based search reads it: its costs, its head and its only way on (or -1), in 16
/// bytes, so that the records of a city's arcs stay in the processor's second-level cache.
struct EdgeSearchArc: Sendable {
  var primary: Int32
  var secondary: Int32
  var head: Int32
  var onlyNext: Int32
}
