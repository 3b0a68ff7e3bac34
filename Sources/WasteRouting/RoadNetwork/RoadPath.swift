/// A route between two snapped points: its geometry, travel time and length.
public struct RoadPath: Sendable, Hashable {
  /// The positions driven through, from the start point's road position to the end point's.
  public let coordinates: [Coordinate]
  /// Travel time in milliseconds (U-turn penalties included).
  public let travelTime: Int64
  /// Length in millimetres.
  public let length: Int64
  /// The arcs driven, in order (the first and last only in part).
  let arcs: [Int32]
}

/// Traces many routes on one network under one set of turn rules and one metric: the search's arcs,
/// turn costs and scratch buffers are prepared once, not per route (a day's plan traces thousands of legs).
/// One per thread; not `Sendable`.
final class PathTracer {
  let network: RoadNetwork
  private let plan: SearchPlan
  private let scratch: SearchScratch
  private var isTarget: [Bool]

  init(network: RoadNetwork, turns: TurnRules, metric: RouteMetric = .time) {
    self.network = network
    plan = SearchPlan(network: network, turns: turns, metric: metric)
    isTarget = [Bool](repeating: false, count: plan.edgeBased ? network.arcCount : network.nodeCount)
    scratch = SearchScratch(stateCount: isTarget.count)
  }

  /// The best routes from `source` to each of `targets` (see ``RoadNetwork/paths(from:to:turns:metric:)``).
  func paths(from source: SnappedPoint, to targets: [SnappedPoint]) -> [RoadPath?] {
    network.paths(from: source, to: targets, plan, scratch, &isTarget)
  }

  /// The best route from `source` to `target`, or `nil`.
  func path(from source: SnappedPoint, to target: SnappedPoint) -> RoadPath? {
    paths(from: source, to: [target])[0]
  }
}

extension RoadNetwork {
  /// The best route between two snapped points, with its geometry.
  ///
  /// It equals the corresponding entry of ``travelMatrices(between:turns:metric:)`` for the same rules.
  ///
  /// - Returns: The route, or `nil` when either point is not snapped or no route exists.
  /// - Complexity: One single-source search, O((arcs + nodes) log nodes).
  public func path(
    from source: SnappedPoint, to target: SnappedPoint, turns: TurnRules = .standard,
    metric: RouteMetric = .time
  ) -> RoadPath? {
    paths(from: source, to: [target], turns: turns, metric: metric)[0]
  }

  /// The best routes from one snapped point to several, with their geometry, from a single search.
  ///
  /// Use this to draw the legs leaving a stop; each route equals the corresponding matrix entry.
  ///
  /// - Returns: One route per target, `nil` where a point is not snapped or no route exists.
  /// - Complexity: One single-source search, plus the length of each route.
  public func paths(
    from source: SnappedPoint, to targets: [SnappedPoint], turns: TurnRules = .standard,
    metric: RouteMetric = .time
  ) -> [RoadPath?] {
    guard source.isSnapped else { return targets.map { _ in nil } }
    return PathTracer(network: self, turns: turns, metric: metric).paths(from: source, to: targets)
  }

  /// ``paths(from:to:turns:metric:)`` with a prepared search (`plan`, `scratch`) and target flags that
  /// are all false on entry and on return.
  fileprivate func paths(
    from source: SnappedPoint, to targets: [SnappedPoint], _ plan: SearchPlan, _ scratch: SearchScratch,
    _ isTarget: inout [Bool]
  ) -> [RoadPath?] {
    guard source.isSnapped else { return targets.map { _ in nil } }
    let options = targets.map { $0.isSnapped ? targetOptions(for: $0, plan) : [] }
    var count = 0
    for option in options.joined() where !isTarget[Int(option.state)] {
      isTarget[Int(option.state)] = true
      count += 1
    }
    search(from: source, plan, scratch, isTarget: isTarget, targetCount: count)
    for option in options.joined() { isTarget[Int(option.state)] = false }
    return zip(targets, options).map { target, options in
      guard target.isSnapped,
        let arrival = bestArrival(from: source, to: target, options, plan, scratch)
      else { return nil }
      return route(from: source, to: target, arrival, plan, scratch)
    }
  }

  /// Walks the search's parent links back from `arrival` and collects the geometry.
  private func route(
    from source: SnappedPoint, to target: SnappedPoint, _ arrival: Arrival, _ plan: SearchPlan,
    _ scratch: SearchScratch
  ) -> RoadPath? {
    switch arrival {
    case .direct(let primary, let secondary):
      let (time, length) = plan.timeAndLength(primary: primary, secondary: secondary)
      if let node = source.node, node == target.node {
        return RoadPath(coordinates: [coordinate(ofNode: Int(node))], travelTime: 0, length: 0, arcs: [])
      }
      if let node = target.node {
        let departure = source.departures.first { arcHead[Int($0.arc)] == node }
        guard let departure else { return nil }
        return RoadPath(
          coordinates: points(
            alongArc: Int(departure.arc), from: departure.length, to: Int64(arcLength[Int(departure.arc)])),
          travelTime: time, length: length, arcs: [departure.arc])
      }
      let from = source.departures.first { departure in
        target.arrivals.contains {
          $0.arc == departure.arc && $0.length >= departure.length
            && plan.offsets($0).primary - plan.offsets(departure).primary == primary
        }
      }
      guard let from, let to = target.arrivals.first(where: { $0.arc == from.arc }) else { return nil }
      return RoadPath(
        coordinates: points(alongArc: Int(from.arc), from: from.length, to: to.length),
        travelTime: time, length: length, arcs: [from.arc])
    case .option(let option, let primary, let secondary):
      let (time, length) = plan.timeAndLength(primary: primary, secondary: secondary)
      // Arcs driven in full, found by walking parents back from the target state.
      var full: [Int32] = []
      var state = option.state
      var lastArrivalArc: Int32?
      if plan.edgeBased {
        // The target state is the arc driven last (in part, or in full when the target is a node).
        lastArrivalArc = state
        var previous = scratch.parent[Int(state)]
        while previous >= 0 {
          full.append(previous)
          previous = scratch.parent[Int(previous)]
        }
        if target.node != nil, let last = lastArrivalArc {
          full.insert(last, at: 0)
          lastArrivalArc = nil
        }
      } else {
        var arc = scratch.parent[Int(state)]
        while arc >= 0 {
          full.append(arc)
          state = arcTail[Int(arc)]
          arc = scratch.parent[Int(state)]
        }
        if target.node == nil {
          lastArrivalArc =
            target.arrivals.first {
              arcTail[Int($0.arc)] == option.state && plan.offsets($0).primary == option.primary
            }?.arc
        }
      }
      full.reverse()
      var coordinates: [Coordinate] = []
      var driven: [Int32] = []
      let firstState =
        full.first.map { arcTail[Int($0)] } ?? (lastArrivalArc.map { arcTail[Int($0)] } ?? option.state)
      if source.node == nil {
        // Leave along the departure arc whose head is where the full arcs begin.
        let departure = source.departures.first { arcHead[Int($0.arc)] == firstState }
        if let departure {
          coordinates += points(
            alongArc: Int(departure.arc), from: departure.length, to: Int64(arcLength[Int(departure.arc)]))
          driven.append(departure.arc)
        }
      } else {
        coordinates.append(coordinate(ofNode: Int(firstState)))
      }
      for arc in full {
        coordinates += points(alongArc: Int(arc), from: 0, to: Int64(arcLength[Int(arc)])).dropFirst()
        driven.append(arc)
      }
      if let last = lastArrivalArc, let arrival = target.arrivals.first(where: { $0.arc == last }) {
        coordinates += points(alongArc: Int(last), from: 0, to: arrival.length).dropFirst()
        driven.append(last)
      }
      return RoadPath(coordinates: coordinates, travelTime: time, length: length, arcs: driven)
    }
  }

  /// The positions along arc `arc` between two offsets in millimetres from its tail, in driving order.
  func points(alongArc arc: Int, from start: Int64, to end: Int64) -> [Coordinate] {
    let shape = shapeIndices(ofArc: arc)
    var pieces: [Double] = []
    var total = 0.0
    for k in 1..<shape.count {
      let piece = Self.metres(
        shapeLongitude[shape[k - 1]], shapeLatitude[shape[k - 1]], shapeLongitude[shape[k]],
        shapeLatitude[shape[k]])
      pieces.append(piece)
      total += piece
    }
    let arcMillimetres = max(1, Double(arcLength[arc]))
    let startMetres = Double(start) / arcMillimetres * total
    let endMetres = Double(end) / arcMillimetres * total
    func position(at metres: Double) -> Coordinate {
      var walked = 0.0
      for k in 1..<shape.count {
        let piece = pieces[k - 1]
        if walked + piece >= metres || k == shape.count - 1 {
          let t = piece > 0 ? min(1, max(0, (metres - walked) / piece)) : 0
          let a = shape[k - 1]
          let b = shape[k]
          return Coordinate(
            x: shapeLongitude[a] + t * (shapeLongitude[b] - shapeLongitude[a]),
            y: shapeLatitude[a] + t * (shapeLatitude[b] - shapeLatitude[a]))
        }
        walked += piece
      }
      return Coordinate(x: shapeLongitude[shape[0]], y: shapeLatitude[shape[0]])
    }
    var result = [position(at: startMetres)]
    var walked = 0.0
    for k in 1..<(shape.count - 1) {
      walked += pieces[k - 1]
      if walked > startMetres && walked < endMetres {
        result.append(Coordinate(x: shapeLongitude[shape[k]], y: shapeLatitude[shape[k]]))
      }
    }
    result.append(position(at: endMetres))
    return result
  }
}
