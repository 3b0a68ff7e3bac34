extension RichLocalSearch {
  /// The longest run of stops an intra-route move may shift (each is priced stop by stop).
  static let intraRouteSpan = 16

  // MARK: - Driver

  /// Applies improving moves until none is left. Only promising clients are examined: those whose
  /// surroundings changed since they were last examined, and unvisited optional clients one of whose
  /// neighbours' routes changed since.
  func search() {
    refreshEmptySlots()
    var improved = true
    while improved {
      improved = false
      for u in clientOrder where routeOf[u] < 0 && !promising[u] {
        for k in data.neighbourStart[u]..<data.neighbourStart[u &+ 1] {
          let r = routeOf[data.neighbours[k]]
          if r >= 0 && whenModified[r] > examined[u] {
            promising[u] = true
            break
          }
        }
      }
      for u in clientOrder where promising[u] {
        promising[u] = false
        examined[u] = moveCount
        if routeOf[u] < 0 {
          if insertUnrouted(u) { improved = true }
          continue
        }
        if removeIfCheaper(u) {
          improved = true
          continue
        }
        for k in data.neighbourStart[u]..<data.neighbourStart[u &+ 1] {
          let v = data.neighbours[k]
          let routeV = routeOf[v]
          guard routeV >= 0 else { continue }
          if relocate(u, near: v) || swap(u, v) || relocatePair(u, after: v)
            || (routeOf[u] != routeV ? twoOptStar(u, v) : twoOpt(u, v))
          {
            improved = true
            break
          }
        }
        if routeOf[u] >= 0 && relocateToEmptyRoute(u) { improved = true }
      }
      for r in 0..<routeCount where length[r] > 2 && whenModified[r] > whenOptimised[r] {
        whenOptimised[r] = moveCount
        if optimiseStops(r) { improved = true }
      }
    }
  }

  // MARK: - Applying

  /// Rebuilds the touched routes after their codes changed, then checks (debug builds) that the
  /// routes now cost what the move predicted.
  func commit(_ routes: (Int, Int), predicted delta: Int64, before: Int64) {
    moveCount &+= 1
    rebuild(routes.0)
    if routes.1 != routes.0 { rebuild(routes.1) }
    assert(
      data.hasMultipleWindows || cost(of: routes) &- before == delta,
      "move predicted \(delta), got \(cost(of: routes) &- before)")
    refreshEmptySlots()
  }

  /// Updates route `r`'s caches, or clears it when it has no client left.
  private func rebuild(_ r: Int) {
    for p in 1..<(length[r] &- 1) where codeAt(r, p) < n {
      update(r)
      return
    }
    clear(r)
  }

  /// The cached cost of one or two routes.
  private func cost(of routes: (Int, Int)) -> Int64 {
    routes.0 == routes.1 ? routeCost[routes.0] : routeCost[routes.0] &+ routeCost[routes.1]
  }

  // MARK: - Relocate

  /// Moves `u` next to `v` (just after or just before it), when that is cheaper.
  private func relocate(_ u: Int, near v: Int) -> Bool {
    let routeV = routeOf[v]
    let pv = positionOf[v]
    return relocate(u, into: routeV, after: pv) || relocate(u, into: routeV, after: pv &- 1)
  }

  /// The cost of route `r` with client `u` inserted after position `p`, trying each of `u`'s windows;
  /// sets `window[u]` to the best.
  private func costWithInsertion(_ u: Int, into r: Int, after p: Int) -> Int64 {
    let t = type(r)
    var best = Int64.max
    var bestWindow = window[u]
    for w in data.windowStart[u]..<data.windowStart[u &+ 1] {
      window[u] = w
      var partial = prefix(r, through: p)
      append(&partial, u, type: t)
      appendSuffix(&partial, r, from: p &+ 1, type: t)
      let c = cost(partial, type: t)
      if c < best {
        best = c
        bestWindow = w
      }
    }
    window[u] = bestWindow
    return best
  }

  /// The cost of route `r` without position `p`.
  private func costWithout(_ r: Int, at p: Int) -> Int64 {
    let t = type(r)
    var partial = prefix(r, through: p &- 1)
    appendSuffix(&partial, r, from: p &+ 1, type: t)
    return cost(partial, type: t)
  }

  private func relocate(_ u: Int, into routeV: Int, after p: Int) -> Bool {
    let routeU = routeOf[u]
    let pu = positionOf[u]
    guard data.allows(u, type: type(routeV)) else { return false }
    if routeU == routeV {
      guard p != pu, p != pu &- 1, abs(p &- pu) <= Self.intraRouteSpan else { return false }
      let newCost = intraMoveCost(routeU, from: pu, after: p)
      let delta = newCost &- routeCost[routeU]
      guard delta < 0 else { return false }
      let before = routeCost[routeU]
      markAround(routeU, pu)
      markAround(routeU, p)
      markAround(routeU, p &+ 1)
      remove(from: routeU, at: pu)
      insert(u, into: routeU, after: p > pu ? p &- 1 : p)
      commit((routeU, routeU), predicted: delta, before: before)
      promising[u] = true
      return true
    }
    let saved = window[u]
    let newV = costWithInsertion(u, into: routeV, after: p)
    let newU = costWithout(routeU, at: pu)
    let delta = newU &+ newV &- routeCost[routeU] &- routeCost[routeV]
    guard delta < 0 else {
      window[u] = saved
      return false
    }
    let before = routeCost[routeU] &+ routeCost[routeV]
    markAround(routeU, pu)
    markAround(routeV, p)
    markAround(routeV, p &+ 1)
    remove(from: routeU, at: pu)
    insert(u, into: routeV, after: p)
    commit((routeU, routeV), predicted: delta, before: before)
    promising[u] = true
    return true
  }

  /// The cost of route `r` with the stop at position `from` moved to just after position `after`.
  func intraMoveCost(_ r: Int, from: Int, after: Int) -> Int64 {
    let t = type(r)
    let moved = codeAt(r, from)
    var partial: Partial
    if after < from {
      partial = prefix(r, through: after)
      append(&partial, moved, type: t)
      var q = after &+ 1
      while q < from {
        append(&partial, codeAt(r, q), type: t)
        q &+= 1
      }
    } else {
      partial = prefix(r, through: from &- 1)
      var q = from &+ 1
      while q <= after {
        append(&partial, codeAt(r, q), type: t)
        q &+= 1
      }
      append(&partial, moved, type: t)
    }
    appendSuffix(&partial, r, from: max(from, after) &+ 1, type: t)
    return cost(partial, type: t)
  }

  // MARK: - Pairs and reversals

  /// Moves `u` and the client after it (in that order or reversed) to just after `v`, in another route.
  private func relocatePair(_ u: Int, after v: Int) -> Bool {
    let routeU = routeOf[u]
    let routeV = routeOf[v]
    guard routeU != routeV else { return false }
    let pu = positionOf[u]
    let x = codeAt(routeU, pu &+ 1)
    let tV = type(routeV)
    guard x < n, data.allows(u, type: tV), data.allows(x, type: tV) else { return false }
    let tU = type(routeU)
    let pv = positionOf[v]
    var newU = prefix(routeU, through: pu &- 1)
    appendSuffix(&newU, routeU, from: pu &+ 2, type: tU)
    let costU = cost(newU, type: tU)
    var forward = prefix(routeV, through: pv)
    append(&forward, u, type: tV)
    append(&forward, x, type: tV)
    appendSuffix(&forward, routeV, from: pv &+ 1, type: tV)
    var reversed = prefix(routeV, through: pv)
    append(&reversed, x, type: tV)
    append(&reversed, u, type: tV)
    appendSuffix(&reversed, routeV, from: pv &+ 1, type: tV)
    let costForward = cost(forward, type: tV)
    let costReversed = cost(reversed, type: tV)
    let delta = costU &+ min(costForward, costReversed) &- routeCost[routeU] &- routeCost[routeV]
    guard delta < 0 else { return false }
    let before = routeCost[routeU] &+ routeCost[routeV]
    markAround(routeU, pu)
    markAround(routeU, pu &+ 1)
    markAround(routeV, pv)
    markAround(routeV, pv &+ 1)
    remove(from: routeU, at: pu &+ 1)
    remove(from: routeU, at: pu)
    if costForward <= costReversed {
      insert(x, into: routeV, after: pv)
      insert(u, into: routeV, after: pv)
    } else {
      insert(u, into: routeV, after: pv)
      insert(x, into: routeV, after: pv)
    }
    commit((routeU, routeV), predicted: delta, before: before)
    promising[u] = true
    promising[x] = true
    return true
  }

  /// Reverses the stops strictly after `u` up to and including `v` (same route, `u` before `v`).
  private func twoOpt(_ u: Int, _ v: Int) -> Bool {
    let r = routeOf[u]
    let pu = positionOf[u]
    let pv = positionOf[v]
    guard pu < pv, pv &- pu <= Self.intraRouteSpan, pv &- pu >= 2 else { return false }
    let t = type(r)
    var partial = prefix(r, through: pu)
    var q = pv
    while q > pu {
      append(&partial, codeAt(r, q), type: t)
      q &-= 1
    }
    appendSuffix(&partial, r, from: pv &+ 1, type: t)
    let delta = cost(partial, type: t) &- routeCost[r]
    guard delta < 0 else { return false }
    let before = routeCost[r]
    var low = cell(r, pu &+ 1)
    var high = cell(r, pv)
    while low < high {
      let c = code[low]
      code[low] = code[high]
      code[high] = c
      low &+= 1
      high &-= 1
    }
    for p in pu...(pv &+ 1) { markAround(r, p) }
    commit((r, r), predicted: delta, before: before)
    return true
  }

  // MARK: - Swap

  private func swap(_ u: Int, _ v: Int) -> Bool {
    let routeU = routeOf[u]
    let routeV = routeOf[v]
    let pu = positionOf[u]
    let pv = positionOf[v]
    if routeU == routeV {
      let (a, b) = pu < pv ? (pu, pv) : (pv, pu)
      guard b &- a <= Self.intraRouteSpan else { return false }
      let t = type(routeU)
      var partial = prefix(routeU, through: a &- 1)
      append(&partial, codeAt(routeU, b), type: t)
      for q in (a &+ 1)..<b { append(&partial, codeAt(routeU, q), type: t) }
      append(&partial, codeAt(routeU, a), type: t)
      appendSuffix(&partial, routeU, from: b &+ 1, type: t)
      let delta = cost(partial, type: t) &- routeCost[routeU]
      guard delta < 0 else { return false }
      let before = routeCost[routeU]
      markAround(routeU, a)
      markAround(routeU, b)
      let first = codeAt(routeU, a)
      setCode(routeU, a, codeAt(routeU, b))
      setCode(routeU, b, first)
      commit((routeU, routeU), predicted: delta, before: before)
      return true
    }
    let tU = type(routeU)
    let tV = type(routeV)
    guard data.allows(u, type: tV), data.allows(v, type: tU) else { return false }
    var newU = prefix(routeU, through: pu &- 1)
    append(&newU, v, type: tU)
    appendSuffix(&newU, routeU, from: pu &+ 1, type: tU)
    var newV = prefix(routeV, through: pv &- 1)
    append(&newV, u, type: tV)
    appendSuffix(&newV, routeV, from: pv &+ 1, type: tV)
    let delta = cost(newU, type: tU) &+ cost(newV, type: tV) &- routeCost[routeU] &- routeCost[routeV]
    guard delta < 0 else { return false }
    let before = routeCost[routeU] &+ routeCost[routeV]
    markAround(routeU, pu)
    markAround(routeV, pv)
    setCode(routeU, pu, v)
    setCode(routeV, pv, u)
    commit((routeU, routeV), predicted: delta, before: before)
    return true
  }

  // MARK: - 2-opt*

  /// Exchanges the route ends after `u` and after `v`.
  private func twoOptStar(_ u: Int, _ v: Int) -> Bool {
    let routeU = routeOf[u]
    let routeV = routeOf[v]
    let tU = type(routeU)
    let tV = type(routeV)
    guard data.tailClass[tU] == data.tailClass[tV] else { return false }
    let pu = positionOf[u]
    let pv = positionOf[v]
    guard sufAllowed[cell(routeV, pv &+ 1)] & (1 << UInt64(tU)) != 0,
      sufAllowed[cell(routeU, pu &+ 1)] & (1 << UInt64(tV)) != 0
    else { return false }
    // A route takes at most one break: both new routes must keep at most one.
    let headU = breakPosition[routeU] > 0 && breakPosition[routeU] < pu ? 1 : 0
    let headV = breakPosition[routeV] > 0 && breakPosition[routeV] < pv ? 1 : 0
    let tailU = breakPosition[routeU] > pu ? 1 : 0
    let tailV = breakPosition[routeV] > pv ? 1 : 0
    guard headU &+ tailV <= 1, headV &+ tailU <= 1 else { return false }
    var newU = prefix(routeU, through: pu)
    appendSuffix(&newU, routeV, from: pv &+ 1, type: tU)
    var newV = prefix(routeV, through: pv)
    appendSuffix(&newV, routeU, from: pu &+ 1, type: tV)
    let delta = cost(newU, type: tU) &+ cost(newV, type: tV) &- routeCost[routeU] &- routeCost[routeV]
    guard delta < 0 else { return false }
    let before = routeCost[routeU] &+ routeCost[routeV]
    markAround(routeU, pu)
    markAround(routeU, pu &+ 1)
    markAround(routeV, pv)
    markAround(routeV, pv &+ 1)
    scratch.removeAll(keepingCapacity: true)
    for q in (pu &+ 1)..<length[routeU] { scratch.append(codeAt(routeU, q)) }
    let tailLength = length[routeV] &- pv &- 1
    ensureRoom(routeU, for: pu &+ 1 &+ tailLength)
    for q in 0..<tailLength { setCode(routeU, pu &+ 1 &+ q, codeAt(routeV, pv &+ 1 &+ q)) }
    length[routeU] = pu &+ 1 &+ tailLength
    ensureRoom(routeV, for: pv &+ 1 &+ scratch.count)
    for (q, c) in scratch.enumerated() { setCode(routeV, pv &+ 1 &+ q, c) }
    length[routeV] = pv &+ 1 &+ scratch.count
    commit((routeU, routeV), predicted: delta, before: before)
    return true
  }

  // MARK: - Empty routes and optional clients

  /// The cost of a new route in empty slot `r` serving only `u`: each of its windows, each allowed
  /// disposal site (when the problem has any) and the break nowhere or in each place it can take; sets
  /// `window[u]` to the best window and remembers the layout for `fill`.
  func costOfNewRoute(_ u: Int, slot r: Int) -> Int64 {
    let t = type(r)
    let breakPlaces = data.hasBreak[t] ? -1...(data.needsDisposal ? 2 : 1) : -1...(-1)
    var best = Int64.max
    var bestWindow = window[u]
    /// Prices the layouts with unloading site `site` (-1 for none); returns whether one keeps every rule.
    func price(site: Int) -> Bool {
      var keepsRules = false
      for w in data.windowStart[u]..<data.windowStart[u &+ 1] {
        window[u] = w
        for breakAfter in breakPlaces {
          var partial = prefix(r, through: 0)
          if breakAfter == 0 { append(&partial, data.breakCode, type: t) }
          append(&partial, u, type: t)
          if breakAfter == 1 { append(&partial, data.breakCode, type: t) }
          if site >= 0 { append(&partial, site, type: t) }
          if breakAfter == 2 { append(&partial, data.breakCode, type: t) }
          appendSuffix(&partial, r, from: 1, type: t)
          let (objective, loadExcess, timeExcess) = parts(partial, type: t)
          let c = (loadExcess | timeExcess) == 0 ? objective : objective &+ penalty(loadExcess: loadExcess, timeExcess: timeExcess)
          if (loadExcess | timeExcess) == 0 { keepsRules = true }
          if c < best {
            best = c
            bestWindow = w
            newRouteLayout = (site, breakAfter)
          }
        }
      }
      return keepsRules
    }
    if data.needsDisposal {
      // The site nearest on the way home first; the others only when no layout with it keeps the rules.
      let nearest = nearestSite(after: data.clientLocation[u], type: t)
      if !price(site: n &+ nearest) {
        for k in data.typeSiteStart[t]..<data.typeSiteStart[t &+ 1] where data.typeSites[k] != nearest {
          _ = price(site: n &+ data.typeSites[k])
        }
      }
    } else {
      _ = price(site: -1)
    }
    window[u] = bestWindow
    return best
  }

  /// Makes empty slot `r` the route `costOfNewRoute(u, slot: r)` priced last.
  private func fill(_ r: Int, with u: Int) {
    let (site, breakAfter) = newRouteLayout
    scratch.removeAll(keepingCapacity: true)
    if breakAfter == 0 { scratch.append(data.breakCode) }
    scratch.append(u)
    if breakAfter == 1 { scratch.append(data.breakCode) }
    if site >= 0 { scratch.append(site) }
    if breakAfter == 2 { scratch.append(data.breakCode) }
    setVisits(r, scratch)
  }

  private func relocateToEmptyRoute(_ u: Int) -> Bool {
    let routeU = routeOf[u]
    let pu = positionOf[u]
    for t in 0..<data.typeCount {
      let r = emptySlot[t]
      guard r >= 0, data.allows(u, type: t), clients(routeU) > 1 || t != type(routeU) else { continue }
      let newU = costWithout(routeU, at: pu)
      let saved = window[u]
      let newR = costOfNewRoute(u, slot: r)
      let delta = newU &+ newR &- routeCost[routeU]
      guard delta < 0 else {
        window[u] = saved
        continue
      }
      let before = routeCost[routeU]
      markAround(routeU, pu)
      remove(from: routeU, at: pu)
      fill(r, with: u)
      commit((routeU, r), predicted: delta, before: before)
      return true
    }
    return false
  }

  /// The cheapest place for unrouted `u` next to its routed neighbours or in an empty route:
  /// (route, after position or -1 for a new route, cost change, time window of `u`).
  func bestInsertion(_ u: Int, scanAll: Bool) -> Insertion {
    var best = (route: -1, after: -1, delta: Int64.max)
    var bestWindow = window[u]
    func consider(_ r: Int, _ p: Int) {
      guard data.allows(u, type: type(r)) else { return }
      let delta = costWithInsertion(u, into: r, after: p) &- routeCost[r]
      if delta < best.delta {
        best = (r, p, delta)
        bestWindow = window[u]
      }
    }
    if scanAll {
      for r in 0..<routeCount where length[r] > 2 {
        let end = data.needsDisposal ? max(1, lastDisposal[r]) : length[r] &- 1
        for p in 0..<end { consider(r, p) }
      }
    } else {
      for k in data.neighbourStart[u]..<data.neighbourStart[u &+ 1] {
        let v = data.neighbours[k]
        let r = routeOf[v]
        guard r >= 0 else { continue }
        consider(r, positionOf[v])
        consider(r, positionOf[v] &- 1)
      }
    }
    window[u] = bestWindow
    for t in 0..<data.typeCount {
      let r = emptySlot[t]
      guard r >= 0, data.allows(u, type: t) else { continue }
      let delta = costOfNewRoute(u, slot: r)
      if delta < best.delta {
        best = (r, -1, delta)
        bestWindow = window[u]
      }
    }
    window[u] = bestWindow
    return Insertion(route: best.route, after: best.after, delta: best.delta, window: bestWindow)
  }

  /// Where and how an unrouted client goes.
  struct Insertion {
    var route: Int
    var after: Int
    var delta: Int64
    var window: Int
  }

  /// Inserts unrouted `u` where `bestInsertion` said.
  func place(_ u: Int, _ insertion: Insertion) {
    let before = routeCost[insertion.route]
    window[u] = insertion.window
    if insertion.after < 0 {
      _ = costOfNewRoute(u, slot: insertion.route)
      fill(insertion.route, with: u)
    } else {
      insert(u, into: insertion.route, after: insertion.after)
    }
    commit((insertion.route, insertion.route), predicted: insertion.delta, before: before)
    markAround(insertion.route, positionOf[u])
  }

  /// Inserts unrouted `u` at its best place when that costs less than leaving it out.
  private func insertUnrouted(_ u: Int) -> Bool {
    let insertion = bestInsertion(u, scanAll: false)
    guard insertion.route >= 0, insertion.delta < leaveOutCost(u) else { return false }
    place(u, insertion)
    return true
  }

  /// Takes `u` out of its route when serving it costs more than leaving it out: an optional client whose
  /// prize no longer pays for its detour, or a required one only while penalties make its route worse
  /// than leaving it out.
  private func removeIfCheaper(_ u: Int) -> Bool {
    let r = routeOf[u]
    let delta = costWithout(r, at: positionOf[u]) &- routeCost[r]
    guard delta &+ leaveOutCost(u) < 0 else { return false }
    let before = routeCost[r]
    markAround(r, positionOf[u])
    remove(from: r, at: positionOf[u])
    routeOf[u] = -1
    commit((r, r), predicted: delta, before: before)
    return true
  }

  // MARK: - Disposal visits and the break

  /// Improves where route `r` unloads and breaks: drops unneeded unloading stops, moves each to its best
  /// place and site, adds one where the load needs it, and moves the break to its best place.
  func optimiseStops(_ r: Int) -> Bool {
    var improved = false
    var changed = true
    while changed && length[r] > 2 {
      changed = false
      if data.needsDisposal {
        if dropDisposal(r) || addDisposal(r) {
          changed = true
        } else {
          var p = 1
          while p < length[r] &- 1 {
            if isSite(codeAt(r, p)) && moveStop(r, at: p) { changed = true }
            p &+= 1
          }
        }
      }
      if data.hasBreak[type(r)] && (breakPosition[r] > 0 ? dropBreak(r) || placeBreak(r) : addBreak(r)) {
        changed = true
      }
      if changed {
        improved = true
        moveCount &+= 1
        refreshEmptySlots()
      }
    }
    return improved
  }

  private func dropDisposal(_ r: Int) -> Bool {
    for p in 1..<(length[r] &- 1) where isSite(codeAt(r, p)) && p != lastDisposal[r] {
      let delta = costWithout(r, at: p) &- routeCost[r]
      if delta <= 0 {
        let before = routeCost[r]
        remove(from: r, at: p)
        commit((r, r), predicted: delta, before: before)
        return true
      }
    }
    return false
  }

  private func addDisposal(_ r: Int) -> Bool {
    let t = type(r)
    let whole = prefix(r, through: length[r] &- 1)
    guard whole.load.routeExcess(data.capacity[t]) > 0 else { return false }
    var best = (delta: Int64(0), after: -1, site: -1)
    for p in 1..<lastDisposal[r] where codeAt(r, p) < n {
      for k in data.typeSiteStart[t]..<data.typeSiteStart[t &+ 1] {
        let site = n &+ data.typeSites[k]
        var partial = prefix(r, through: p)
        append(&partial, site, type: t)
        appendSuffix(&partial, r, from: p &+ 1, type: t)
        let delta = cost(partial, type: t) &- routeCost[r]
        if delta < best.delta { best = (delta, p, site) }
      }
    }
    guard best.after >= 0 else { return false }
    let before = routeCost[r]
    markAround(r, best.after)
    markAround(r, best.after &+ 1)
    insert(best.site, into: r, after: best.after)
    commit((r, r), predicted: best.delta, before: before)
    return true
  }
}
