// The classical moves of the granular neighbourhood. Each one prices itself in O(1) from the
// prefix caches and applies itself only when strictly improving (first improvement).
// Notation as in the literature: x = next(u), y = next(v), pu = prev(u), pv = prev(v).

extension LocalSearch {
  // MARK: - Delta helpers

  /// Cost change when routes `ru != rv` change distance by `distU`/`distV`, travel time by
  /// `travelU`/`travelV`, and `load` and `serviceTime` move from `ru` to `rv`.
  @inline(__always)
  func interDelta(
    _ ru: Int, _ rv: Int, distU: Int64, distV: Int64, travelU: Int64, travelV: Int64,
    load: Int64, serviceTime: Int64
  ) -> Int64 {
    let penaltyU = penalty(
      load: routeLoad[ru] &- load, duration: routeTravel[ru] &+ travelU &+ routeService[ru] &- serviceTime,
      distance: routeDist[ru] &+ distU)
    let penaltyV = penalty(
      load: routeLoad[rv] &+ load, duration: routeTravel[rv] &+ travelV &+ routeService[rv] &+ serviceTime,
      distance: routeDist[rv] &+ distV)
    return distU &+ distV &+ penaltyU &+ penaltyV &- routePenalty[ru] &- routePenalty[rv]
  }

  /// Cost change when route `r` changes distance by `dist` and travel time by `travel`.
  @inline(__always)
  func intraDelta(_ r: Int, dist: Int64, travel: Int64) -> Int64 {
    dist &+ penalty(
      load: routeLoad[r], duration: routeTravel[r] &+ travel &+ routeService[r], distance: routeDist[r] &+ dist)
      &- routePenalty[r]
  }

  /// Whether travel times must be priced separately from distances.
  @inline(__always) var needsTravel: Bool { data.tracksDuration && !data.timeIsDistance }

  // MARK: - Relocate

  /// Moves u after v.
  func relocate(_ u: Int, after v: Int) -> Bool {
    let x = next[u], pu = prev[u], y = next[v]
    if u == y || u == v { return false }
    let ru = routeOf[u], rv = routeOf[v]
    let dU = d(pu, x) &- d(pu, u) &- d(u, x)
    let dV = d(v, u) &+ d(u, y) &- d(v, y)
    let bound = ru == rv ? routePenalty[ru] : routePenalty[ru] &+ routePenalty[rv]
    if dU &+ dV >= bound { return false }
    let tU = needsTravel ? t(pu, x) &- t(pu, u) &- t(u, x) : dU
    let tV = needsTravel ? t(v, u) &+ t(u, y) &- t(v, y) : dV
    let delta = ru == rv
      ? intraDelta(ru, dist: dU &+ dV, travel: tU &+ tV)
      : interDelta(ru, rv, distU: dU, distV: dV, travelU: tU, travelV: tV, load: demand(u), serviceTime: service(u))
    guard delta < 0 else { return false }
    let before = ru == rv ? routeCost(ru) : routeCost(ru) &+ routeCost(rv)
    insert(u, after: v)
    commit(ru, rv, costBefore: before, delta: delta)
    return true
  }

  /// Moves the pair (u, x) after v, keeping its order.
  func relocatePair(_ u: Int, after v: Int) -> Bool {
    let x = next[u], pu = prev[u], y = next[v]
    if isDepot(x) || v == x || u == y || u == v { return false }
    let xx = next[x]
    let ru = routeOf[u], rv = routeOf[v]
    // The pair's inner arc (u, x) moves from U to V with it.
    let inner = d(u, x)
    let dU = d(pu, xx) &- d(pu, u) &- inner &- d(x, xx)
    let dV = d(v, u) &+ inner &+ d(x, y) &- d(v, y)
    let bound = ru == rv ? routePenalty[ru] : routePenalty[ru] &+ routePenalty[rv]
    if dU &+ dV >= bound { return false }
    let tU = needsTravel ? t(pu, xx) &- t(pu, u) &- t(u, x) &- t(x, xx) : dU
    let tV = needsTravel ? t(v, u) &+ t(u, x) &+ t(x, y) &- t(v, y) : dV
    let delta = ru == rv
      ? intraDelta(ru, dist: dU &+ dV, travel: tU &+ tV)
      : interDelta(
        ru, rv, distU: dU, distV: dV, travelU: tU, travelV: tV, load: demand(u) &+ demand(x),
        serviceTime: service(u) &+ service(x))
    guard delta < 0 else { return false }
    let before = ru == rv ? routeCost(ru) : routeCost(ru) &+ routeCost(rv)
    insert(u, after: v)
    insert(x, after: u)
    commit(ru, rv, costBefore: before, delta: delta)
    return true
  }

  /// Moves the pair (u, x) after v as (x, u).
  func relocatePairReversed(_ u: Int, after v: Int) -> Bool {
    let x = next[u], pu = prev[u], y = next[v]
    if isDepot(x) || v == x || u == y || u == v { return false }
    let xx = next[x]
    let ru = routeOf[u], rv = routeOf[v]
    let dU = d(pu, xx) &- d(pu, u) &- d(u, x) &- d(x, xx)
    let dV = d(v, x) &+ d(x, u) &+ d(u, y) &- d(v, y)
    let bound = ru == rv ? routePenalty[ru] : routePenalty[ru] &+ routePenalty[rv]
    if dU &+ dV >= bound { return false }
    let tU = needsTravel ? t(pu, xx) &- t(pu, u) &- t(u, x) &- t(x, xx) : dU
    let tV = needsTravel ? t(v, x) &+ t(x, u) &+ t(u, y) &- t(v, y) : dV
    let delta = ru == rv
      ? intraDelta(ru, dist: dU &+ dV, travel: tU &+ tV)
      : interDelta(
        ru, rv, distU: dU, distV: dV, travelU: tU, travelV: tV, load: demand(u) &+ demand(x),
        serviceTime: service(u) &+ service(x))
    guard delta < 0 else { return false }
    let before = ru == rv ? routeCost(ru) : routeCost(ru) &+ routeCost(rv)
    insert(x, after: v)
    insert(u, after: x)
    commit(ru, rv, costBefore: before, delta: delta)
    return true
  }

  // MARK: - Swap

  /// Exchanges u and v.
  func swap(_ u: Int, _ v: Int) -> Bool {
    let x = next[u], pu = prev[u], y = next[v], pv = prev[v]
    if u == pv || u == y || u == v { return false }
    let ru = routeOf[u], rv = routeOf[v]
    let dU = d(pu, v) &+ d(v, x) &- d(pu, u) &- d(u, x)
    let dV = d(pv, u) &+ d(u, y) &- d(pv, v) &- d(v, y)
    let bound = ru == rv ? routePenalty[ru] : routePenalty[ru] &+ routePenalty[rv]
    if dU &+ dV >= bound { return false }
    let tU = needsTravel ? t(pu, v) &+ t(v, x) &- t(pu, u) &- t(u, x) : dU
    let tV = needsTravel ? t(pv, u) &+ t(u, y) &- t(pv, v) &- t(v, y) : dV
    let delta = ru == rv
      ? intraDelta(ru, dist: dU &+ dV, travel: tU &+ tV)
      : interDelta(
        ru, rv, distU: dU, distV: dV, travelU: tU, travelV: tV, load: demand(u) &- demand(v),
        serviceTime: service(u) &- service(v))
    guard delta < 0 else { return false }
    let before = ru == rv ? routeCost(ru) : routeCost(ru) &+ routeCost(rv)
    swapNodes(u, v)
    commit(ru, rv, costBefore: before, delta: delta)
    return true
  }

  /// Exchanges the pair (u, x) with v.
  func swapPairWithOne(_ u: Int, _ v: Int) -> Bool {
    let x = next[u], pu = prev[u], y = next[v], pv = prev[v]
    if u == v || u == pv || x == pv || u == y || isDepot(x) || x == v { return false }
    let xx = next[x]
    let ru = routeOf[u], rv = routeOf[v]
    let inner = d(u, x)
    let dU = d(pu, v) &+ d(v, xx) &- d(pu, u) &- inner &- d(x, xx)
    let dV = d(pv, u) &+ inner &+ d(x, y) &- d(pv, v) &- d(v, y)
    let bound = ru == rv ? routePenalty[ru] : routePenalty[ru] &+ routePenalty[rv]
    if dU &+ dV >= bound { return false }
    let tU = needsTravel ? t(pu, v) &+ t(v, xx) &- t(pu, u) &- t(u, x) &- t(x, xx) : dU
    let tV = needsTravel ? t(pv, u) &+ t(u, x) &+ t(x, y) &- t(pv, v) &- t(v, y) : dV
    let delta = ru == rv
      ? intraDelta(ru, dist: dU &+ dV, travel: tU &+ tV)
      : interDelta(
        ru, rv, distU: dU, distV: dV, travelU: tU, travelV: tV, load: demand(u) &+ demand(x) &- demand(v),
        serviceTime: service(u) &+ service(x) &- service(v))
    guard delta < 0 else { return false }
    let before = ru == rv ? routeCost(ru) : routeCost(ru) &+ routeCost(rv)
    swapNodes(u, v)
    insert(x, after: u)
    commit(ru, rv, costBefore: before, delta: delta)
    return true
  }

  /// Exchanges the pairs (u, x) and (v, y).
  func swapPairs(_ u: Int, _ v: Int) -> Bool {
    let x = next[u], pu = prev[u], y = next[v], pv = prev[v]
    if u == v || isDepot(x) || isDepot(y) || y == pu || u == y || x == v || v == next[x] { return false }
    let xx = next[x], yy = next[y]
    let ru = routeOf[u], rv = routeOf[v]
    // The inner arcs (u, x) and (v, y) change routes with their pairs.
    let innerU = d(u, x), innerV = d(v, y)
    let dU = d(pu, v) &+ innerV &+ d(y, xx) &- d(pu, u) &- innerU &- d(x, xx)
    let dV = d(pv, u) &+ innerU &+ d(x, yy) &- d(pv, v) &- innerV &- d(y, yy)
    let bound = ru == rv ? routePenalty[ru] : routePenalty[ru] &+ routePenalty[rv]
    if dU &+ dV >= bound { return false }
    let tU = needsTravel ? t(pu, v) &+ t(v, y) &+ t(y, xx) &- t(pu, u) &- t(u, x) &- t(x, xx) : dU
    let tV = needsTravel ? t(pv, u) &+ t(u, x) &+ t(x, yy) &- t(pv, v) &- t(v, y) &- t(y, yy) : dV
    let delta = ru == rv
      ? intraDelta(ru, dist: dU &+ dV, travel: tU &+ tV)
      : interDelta(
        ru, rv, distU: dU, distV: dV, travelU: tU, travelV: tV,
        load: demand(u) &+ demand(x) &- demand(v) &- demand(y),
        serviceTime: service(u) &+ service(x) &- service(v) &- service(y))
    guard delta < 0 else { return false }
    let before = ru == rv ? routeCost(ru) : routeCost(ru) &+ routeCost(rv)
    swapNodes(u, v)
    swapNodes(x, y)
    commit(ru, rv, costBefore: before, delta: delta)
    return true
  }

  // MARK: - 2-opt and 2-opt*

  /// Within one route with u before v: replaces (u, x) and (v, y) by (u, v) and (x, y), reversing x...v.
  func twoOpt(_ u: Int, _ v: Int) -> Bool {
    let r = routeOf[u]
    if position[u] >= position[v] { return false }
    let x = next[u], y = next[v]
    if x == v { return false }
    let dist = d(u, v) &+ d(x, y) &- d(u, x) &- d(v, y)
      &+ (cumRevDist[v] &- cumRevDist[x]) &- (cumDist[v] &- cumDist[x])
    if dist >= routePenalty[r] { return false }
    let travel = needsTravel
      ? t(u, v) &+ t(x, y) &- t(u, x) &- t(v, y) &+ (cumRevTravel[v] &- cumRevTravel[x])
        &- (cumTravel[v] &- cumTravel[x])
      : dist
    let delta = intraDelta(r, dist: dist, travel: travel)
    guard delta < 0 else { return false }
    let before = routeCost(r)
    var node = x
    while node != y {
      let following = next[node]
      let previous = prev[node]
      next[node] = previous
      prev[node] = following
      node = following
    }
    next[u] = v
    prev[v] = u
    next[x] = y
    prev[y] = x
    commit(r, r, costBefore: before, delta: delta)
    return true
  }

  /// Between routes: replaces (u, x) and (v, y) by (u, v) and (x, y). Route U becomes
  /// start...u, v...first(V) reversed; route V becomes last(U)...x reversed, y...end.
  func twoOptStarReversed(_ u: Int, _ v: Int) -> Bool {
    let ru = routeOf[u], rv = routeOf[v]
    let x = next[u], y = next[v]
    let endU = endDepot(ru)
    let distA = cumDist[u] &+ d(u, v) &+ cumRevDist[v]
    let distB = (cumRevDist[endU] &- cumRevDist[x]) &+ d(x, y) &+ (routeDist[rv] &- cumDist[y])
    let dist = distA &+ distB &- routeDist[ru] &- routeDist[rv]
    if dist >= routePenalty[ru] &+ routePenalty[rv] { return false }
    let loadA = cumLoad[u] &+ cumLoad[v]
    let loadB = routeLoad[ru] &+ routeLoad[rv] &- loadA
    var durationA: Int64 = 0
    var durationB: Int64 = 0
    if data.tracksDuration {
      let serviceA = cumService[u] &+ cumService[v]
      durationA = cumTravel[u] &+ t(u, v) &+ cumRevTravel[v] &+ serviceA
      durationB = (cumRevTravel[endU] &- cumRevTravel[x]) &+ t(x, y) &+ (routeTravel[rv] &- cumTravel[y])
        &+ (routeService[ru] &+ routeService[rv] &- serviceA)
    }
    let delta = dist &+ penalty(load: loadA, duration: durationA, distance: distA)
      &+ penalty(load: loadB, duration: durationB, distance: distB) &- routePenalty[ru] &- routePenalty[rv]
    guard delta < 0 else { return false }
    let before = routeCost(ru) &+ routeCost(rv)
    scratchA.removeAll(keepingCapacity: true)
    scratchB.removeAll(keepingCapacity: true)
    var node = next[startDepot(ru)]
    while node != x {
      scratchA.append(node)
      node = next[node]
    }
    node = v
    while !isDepot(node) {
      scratchA.append(node)
      node = prev[node]
    }
    node = prev[endU]
    while node != u {
      scratchB.append(node)
      node = prev[node]
    }
    node = y
    while !isDepot(node) {
      scratchB.append(node)
      node = next[node]
    }
    relink(ru, scratchA)
    relink(rv, scratchB)
    commit(ru, rv, costBefore: before, delta: delta)
    return true
  }

  /// Between routes: replaces (u, x) and (v, y) by (u, y) and (v, x), exchanging the route tails.
  func twoOptStar(_ u: Int, _ v: Int) -> Bool {
    let ru = routeOf[u], rv = routeOf[v]
    let x = next[u], y = next[v]
    let distA = cumDist[u] &+ d(u, y) &+ (routeDist[rv] &- cumDist[y])
    let distB = cumDist[v] &+ d(v, x) &+ (routeDist[ru] &- cumDist[x])
    let dist = distA &+ distB &- routeDist[ru] &- routeDist[rv]
    if dist >= routePenalty[ru] &+ routePenalty[rv] { return false }
    let loadA = cumLoad[u] &+ routeLoad[rv] &- cumLoad[v]
    let loadB = cumLoad[v] &+ routeLoad[ru] &- cumLoad[u]
    var durationA: Int64 = 0
    var durationB: Int64 = 0
    if data.tracksDuration {
      durationA = cumTravel[u] &+ t(u, y) &+ (routeTravel[rv] &- cumTravel[y])
        &+ cumService[u] &+ (routeService[rv] &- cumService[v])
      durationB = cumTravel[v] &+ t(v, x) &+ (routeTravel[ru] &- cumTravel[x])
        &+ cumService[v] &+ (routeService[ru] &- cumService[u])
    }
    let delta = dist &+ penalty(load: loadA, duration: durationA, distance: distA)
      &+ penalty(load: loadB, duration: durationB, distance: distB) &- routePenalty[ru] &- routePenalty[rv]
    guard delta < 0 else { return false }
    let before = routeCost(ru) &+ routeCost(rv)
    scratchA.removeAll(keepingCapacity: true)
    scratchB.removeAll(keepingCapacity: true)
    var node = next[startDepot(ru)]
    while node != x {
      scratchA.append(node)
      node = next[node]
    }
    node = y
    while !isDepot(node) {
      scratchA.append(node)
      node = next[node]
    }
    node = next[startDepot(rv)]
    while node != y {
      scratchB.append(node)
      node = next[node]
    }
    node = x
    while !isDepot(node) {
      scratchB.append(node)
      node = next[node]
    }
    relink(ru, scratchA)
    relink(rv, scratchB)
    commit(ru, rv, costBefore: before, delta: delta)
    return true
  }
}
