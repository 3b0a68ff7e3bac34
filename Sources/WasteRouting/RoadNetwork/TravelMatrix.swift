import Foundation

/// Every target's options in flat arrays: target `j` has options `start[j]..<start[j + 1]`.
struct FlatTargets: Sendable {
  var start: [Int32] = [0]
  var state: [Int32] = []
  var primary: [Int64] = []
  var secondary: [Int64] = []

  init(_ targets: [[TargetOption]]) {
    for options in targets {
      for option in options {
        state.append(option.state)
        primary.append(option.primary)
        secondary.append(option.secondary)
      }
      start.append(Int32(state.count))
    }
  }

  /// The best (primary, secondary) cost of each target after a search; unreachable ones get
  /// ``TravelMatrices/unreachable``.
  func costs(_ scratch: SearchScratch, primaries: inout [Int64], secondaries: inout [Int64]) {
    let generation = scratch.generation
    for j in 0..<(start.count - 1) {
      var best = TravelMatrices.unreachable
      var bestOther = TravelMatrices.unreachable
      for k in Int(start[j])..<Int(start[j + 1]) {
        let s = Int(state[k])
        let label = scratch.labels[s]
        guard label.reached == generation else { continue }
        let cost = label.primary + primary[k]
        if cost < best {
          best = cost
          bestOther = label.secondary + secondary[k]
        }
      }
      primaries[j] = best
      secondaries[j] = bestOther
    }
  }
}

/// Where a search may end for one point: a state and the cost still to add.
struct TargetOption: Sendable {
  var state: Int32
  var primary: Int64
  var secondary: Int64
}

extension RoadNetwork {
  /// Computes travel times and distances between every pair of routable points.
  ///
  /// One shortest-path tree per source, each stopped once every target is settled, runs in parallel on
  /// dedicated threads, one per core, off Swift's cooperative thread pool (the caller suspends meanwhile);
  /// each thread owns its scratch buffers. The work runs to completion even if the task is cancelled.
  /// With ``TurnRules/none`` the search runs on nodes, otherwise on arcs (edge-based) so that turn restrictions and U-turn rules hold. Chosen by
  /// measurement: on a 14k-junction city graph a bounded Dijkstra per source takes about a millisecond,
  /// so 1,000 × 1,000 matrices need no preprocessing such as contraction hierarchies.
  ///
  /// - Parameters:
  ///   - points: Snapped points, for example from ``snap(_:options:)->[SnappedPoint]``.
  ///   - turns: Turn rules; ``TurnRules/none`` selects the fast node-based search.
  ///   - metric: Whether routes minimise time (default) or distance.
  /// - Returns: Matrices over the routable points, with the others reported.
  /// - Complexity: O(n × (arcs + nodes) log nodes) for n points, divided by the cores.
  public func travelMatrices(
    between points: [SnappedPoint], turns: TurnRules = .standard, metric: RouteMetric = .time
  ) async -> TravelMatrices {
    await travelMatrices(between: points, plan: SearchPlan(network: self, turns: turns, metric: metric))
  }

  /// Computes matrices with a given search plan (tests compare plans).
  func travelMatrices(between points: [SnappedPoint], plan: SearchPlan) async -> TravelMatrices {
    let metric = plan.metric
    let isRoutable = routability(of: points, plan)
    let routable = points.indices.filter { isRoutable[$0] }
    let excluded = points.indices.filter { !isRoutable[$0] }
    let routablePoints = routable.map { points[$0] }
    let targets = routablePoints.map { targetOptions(for: $0, plan) }
    let stateCount = plan.edgeBased ? arcCount : nodeCount
    var isTarget = [Bool](repeating: false, count: stateCount)
    var targetCount = 0
    for option in targets.joined() where !isTarget[Int(option.state)] {
      isTarget[Int(option.state)] = true
      targetCount += 1
    }
    let n = routable.count
    let flat = FlatTargets(targets)
    let direct = directRoutes(routablePoints, plan)
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let chunkCount = min(n, cores * 4)
    let network = self
    let sharedTarget = isTarget
    let count = targetCount

    let chunks = await DedicatedThread.concurrentMap(chunkCount, named: "waste-routing matrices") { chunk in
      let rows = (chunk * n / chunkCount)..<((chunk + 1) * n / chunkCount)
      let scratch = SearchScratch(stateCount: stateCount)
      var rowTimes = [Int64](repeating: 0, count: rows.count * n)
      var rowLengths = [Int64](repeating: 0, count: rows.count * n)
      var primaries = [Int64](repeating: 0, count: n)
      var secondaries = [Int64](repeating: 0, count: n)
      for (k, i) in rows.enumerated() {
        network.search(
          from: routablePoints[i], plan, scratch, isTarget: sharedTarget, targetCount: count,
          recordsParents: false)
        flat.costs(scratch, primaries: &primaries, secondaries: &secondaries)
        for d in direct.start[i]..<direct.start[i + 1]
        where direct.primary[d] < primaries[direct.target[d]] {
          primaries[direct.target[d]] = direct.primary[d]
          secondaries[direct.target[d]] = direct.secondary[d]
        }
        for j in 0..<n {
          if primaries[j] == TravelMatrices.unreachable {
            rowTimes[k * n + j] = TravelMatrices.unreachable
            rowLengths[k * n + j] = TravelMatrices.unreachable
          } else {
            let (time, length) = plan.timeAndLength(primary: primaries[j], secondary: secondaries[j])
            rowTimes[k * n + j] = time
            rowLengths[k * n + j] = length
          }
        }
      }
      return (times: rowTimes, lengths: rowLengths)
    }
    var times: [Int64] = []
    var lengths: [Int64] = []
    times.reserveCapacity(n * n)
    lengths.reserveCapacity(n * n)
    for chunk in chunks {
      times.append(contentsOf: chunk.times)
      lengths.append(contentsOf: chunk.lengths)
    }
    var unreachable: [PointPair] = []
    for i in 0..<n {
      for j in 0..<n where times[i * n + j] == TravelMatrices.unreachable {
        unreachable.append(PointPair(from: routable[i], to: routable[j]))
      }
    }
    return TravelMatrices(
      pointIndices: routable, travelTimes: Matrix(unchecked: n, n, times),
      distances: Matrix(unchecked: n, n, lengths), excludedPoints: excluded,
      unreachablePairs: unreachable, metric: metric)
  }

  /// Whether each point can reach, and be reached from, every other routable point: it lies in the
  /// largest strongly connected component of nodes and, under turn rules, of arcs joined by allowed turns
  /// (banned turns and forbidden U-turns can cut off a place that the node graph still reaches).
  func routability(of points: [SnappedPoint], _ plan: SearchPlan) -> [Bool] {
    let inNodeComponent = points.map { $0.isSnapped && $0.isInLargestComponent }
    guard plan.edgeBased else { return inNodeComponent }
    var transitionStart: [Int32] = [0]
    var transitionTarget: [Int32] = []
    for a in 0..<arcCount {
      for b in arcs(from: Int(arcHead[a])) where turnCost(from: a, to: b, plan.turns) != nil {
        transitionTarget.append(Int32(b))
      }
      transitionStart.append(Int32(transitionTarget.count))
    }
    let components = StronglyConnectedComponents(
      nodeCount: arcCount, arcStart: transitionStart, arcHead: transitionTarget)
    // The largest arc component within the largest node component (another node component may hold
    // more arcs).
    var sizes = [Int](repeating: 0, count: components.count)
    for arc in 0..<arcCount where nodeComponent[Int(arcTail[arc])] == largestComponent {
      sizes[Int(components.component[arc])] += 1
    }
    let largest = sizes.indices.max { (sizes[$0], -$0) < (sizes[$1], -$1) } ?? 0
    func inLargest(_ arc: Int) -> Bool { Int(components.component[arc]) == largest }
    return points.indices.map { i in
      guard inNodeComponent[i] else { return false }
      let point = points[i]
      if let node = point.node {
        let entering = (Int(inArcStart[Int(node)])..<Int(inArcStart[Int(node) + 1])).map { Int(inArcs[$0]) }
        return entering.contains(where: inLargest) && arcs(from: Int(node)).contains(where: inLargest)
      }
      return point.arrivals.contains { inLargest(Int($0.arc)) }
    }
  }

  /// Routes that stay on one arc, which no search finds: for each source `i`, the targets `target[d]`
  /// for `d` in `start[i]..<start[i + 1]` with their costs.
  func directRoutes(
    _ points: [SnappedPoint], _ plan: SearchPlan
  ) -> (start: [Int], target: [Int], primary: [Int64], secondary: [Int64]) {
    var arrivalsOnArc: [Int32: [(point: Int, position: ArcPosition)]] = [:]
    var pointsAtNode: [Int32: [Int]] = [:]
    for (j, point) in points.enumerated() {
      if let node = point.node {
        pointsAtNode[node, default: []].append(j)
      } else {
        for arrival in point.arrivals { arrivalsOnArc[arrival.arc, default: []].append((j, arrival)) }
      }
    }
    var result: (start: [Int], target: [Int], primary: [Int64], secondary: [Int64]) = ([0], [], [], [])
    for point in points {
      if let node = point.node {
        for j in pointsAtNode[node] ?? [] {
          result.target.append(j)
          result.primary.append(0)
          result.secondary.append(0)
        }
      } else {
        for departure in point.departures {
          // Driving the rest of the arc to a point on its head node.
          let rest = plan.offsets(
            ArcPosition(
              arc: departure.arc, length: Int64(arcLength[Int(departure.arc)]) - departure.length,
              time: Int64(arcTime[Int(departure.arc)]) - departure.time))
          for j in pointsAtNode[arcHead[Int(departure.arc)]] ?? [] {
            result.target.append(j)
            result.primary.append(rest.primary)
            result.secondary.append(rest.secondary)
          }
          for (j, arrival) in arrivalsOnArc[departure.arc] ?? [] where arrival.length >= departure.length {
            let from = plan.offsets(departure)
            let to = plan.offsets(arrival)
            result.target.append(j)
            result.primary.append(to.primary - from.primary)
            result.secondary.append(to.secondary - from.secondary)
          }
        }
      }
      result.start.append(result.target.count)
    }
    return result
  }

  // MARK: - Building blocks shared with path reconstruction

  /// The states a search from `point` starts at.
  func seeds(for point: SnappedPoint, _ plan: SearchPlan) -> [SearchSeed] {
    var seeds: [SearchSeed] = []
    if let node = point.node {
      if plan.edgeBased {
        for arc in arcs(from: Int(node)) {
          seeds.append(SearchSeed(state: Int32(arc), primary: 0, secondary: 0))
        }
      } else {
        seeds.append(SearchSeed(state: node, primary: 0, secondary: 0))
      }
      return seeds
    }
    for departure in point.departures {
      let arc = Int(departure.arc)
      let offset = plan.offsets(departure)
      if plan.edgeBased {
        edgeBasedSeeds(
          leaving: arc, primaryOffset: offset.primary, secondaryOffset: offset.secondary,
          primaryCost: plan.primaryCost, secondaryCost: plan.secondaryCost, turns: plan.turns, into: &seeds)
      } else {
        seeds.append(
          SearchSeed(
            state: arcHead[arc], primary: Int64(plan.primaryCost[arc]) - offset.primary,
            secondary: Int64(plan.secondaryCost[arc]) - offset.secondary))
      }
    }
    return seeds
  }

  /// The states at which a search may reach `point`, with the cost still to add from each.
  func targetOptions(for point: SnappedPoint, _ plan: SearchPlan) -> [TargetOption] {
    var options: [TargetOption] = []
    if let node = point.node {
      if plan.edgeBased {
        for k in Int(inArcStart[Int(node)])..<Int(inArcStart[Int(node) + 1]) {
          let arc = Int(inArcs[k])
          options.append(
            TargetOption(
              state: Int32(arc), primary: Int64(plan.primaryCost[arc]),
              secondary: Int64(plan.secondaryCost[arc])))
        }
      } else {
        options.append(TargetOption(state: node, primary: 0, secondary: 0))
      }
      return options
    }
    for arrival in point.arrivals {
      let offset = plan.offsets(arrival)
      let state = plan.edgeBased ? arrival.arc : arcTail[Int(arrival.arc)]
      options.append(TargetOption(state: state, primary: offset.primary, secondary: offset.secondary))
    }
    return options
  }

  /// Runs the plan's search from `point`, stopping once the marked targets are settled.
  func search(
    from point: SnappedPoint, _ plan: SearchPlan, _ scratch: SearchScratch, isTarget: [Bool],
    targetCount: Int, recordsParents: Bool = true
  ) {
    let seeds = seeds(for: point, plan)
    if plan.edgeBased {
      edgeBasedSearch(
        scratch, seeds: seeds, edgeArcs: plan.edgeArcs, turns: plan.turns, isTarget: isTarget,
        targetCount: targetCount, recordsParents: recordsParents)
    } else {
      nodeBasedSearch(
        scratch, seeds: seeds, searchArcs: plan.searchArcs, isTarget: isTarget, targetCount: targetCount,
        recordsParents: recordsParents)
    }
  }

  /// How a route from `source` reaches `target`: along the same arc without a search, or through a
  /// target option; `nil` when there is no route.
  enum Arrival {
    case direct(primary: Int64, secondary: Int64)
    case option(TargetOption, primary: Int64, secondary: Int64)

    var primary: Int64 {
      switch self {
      case .direct(let primary, _), .option(_, let primary, _): primary
      }
    }
  }

  /// The best arrival at `target` after a search from `source` has filled `scratch`.
  func bestArrival(
    from source: SnappedPoint, to target: SnappedPoint, _ options: [TargetOption], _ plan: SearchPlan,
    _ scratch: SearchScratch
  ) -> Arrival? {
    var best: Arrival?
    if let node = source.node, node == target.node { return .direct(primary: 0, secondary: 0) }
    if source.node == nil, let node = target.node {
      for departure in source.departures where arcHead[Int(departure.arc)] == node {
        let rest = plan.offsets(
          ArcPosition(
            arc: departure.arc, length: Int64(arcLength[Int(departure.arc)]) - departure.length,
            time: Int64(arcTime[Int(departure.arc)]) - departure.time))
        if best.map({ rest.primary < $0.primary }) ?? true {
          best = .direct(primary: rest.primary, secondary: rest.secondary)
        }
      }
    }
    if source.node == nil && target.node == nil {
      for departure in source.departures {
        for arrival in target.arrivals
        where arrival.arc == departure.arc && arrival.length >= departure.length {
          let from = plan.offsets(departure)
          let to = plan.offsets(arrival)
          if best.map({ to.primary - from.primary < $0.primary }) ?? true {
            best = .direct(primary: to.primary - from.primary, secondary: to.secondary - from.secondary)
          }
        }
      }
    }
    for option in options {
      let state = Int(option.state)
      guard scratch.isReached(state) else { continue }
      let primary = scratch.primary(state) + option.primary
      if best.map({ primary < $0.primary }) ?? true {
        best = .option(option, primary: primary, secondary: scratch.secondary(state) + option.secondary)
      }
    }
    return best
  }
}
