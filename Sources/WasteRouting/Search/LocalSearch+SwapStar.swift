// SWAP* (Vidal 2022, section 4): exchange u in route U and v in route V, each reinserted at its best
// position in the other route rather than in the other's place. The three cheapest insertion
// positions of every client into every route are cached and refreshed only when the route changes.

extension LocalSearch {
  @inline(__always) private func cacheIndex(_ route: Int, _ client: Int) -> Int { route &* (n &+ 1) &+ client }

  /// Refreshes the cached three cheapest insertions of each client of `from` into route `into`.
  private func preprocessInsertions(from: Int, into: Int) {
    var u = next[startDepot(from)]
    while !isDepot(u) {
      let lu = location[u]
      let index = cacheIndex(into, u)
      if insertStamp[index] < whenLastModified[into] {
        insertStamp[index] = moveCount
        let base = index &* 3
        insertCost[base] = .max
        insertCost[base &+ 1] = .max
        insertCost[base &+ 2] = .max
        insertAfter[base] = -1
        insertAfter[base &+ 1] = -1
        insertAfter[base &+ 2] = -1
        var p = startDepot(into)
        let last = endDepot(into)
        while p != last {
          let q = next[p]
          let cost = data.distTo(lu, from: location[p]) &+ data.dist(lu, location[q]) &- (cumDist[q] &- cumDist[p])
          if cost < insertCost[base &+ 2] {
            if cost < insertCost[base &+ 1] {
              insertCost[base &+ 2] = insertCost[base &+ 1]
              insertAfter[base &+ 2] = insertAfter[base &+ 1]
              if cost < insertCost[base] {
                insertCost[base &+ 1] = insertCost[base]
                insertAfter[base &+ 1] = insertAfter[base]
                insertCost[base] = cost
                insertAfter[base] = p
              } else {
                insertCost[base &+ 1] = cost
                insertAfter[base &+ 1] = p
              }
            } else {
              insertCost[base &+ 2] = cost
              insertAfter[base &+ 2] = p
            }
          }
          p = q
        }
      }
      u = next[u]
    }
  }

  /// The cheapest insertion of `u` into the route of `v` once `v` has left it: (cost, node to insert after).
  @inline(__always)
  private func cheapestInsertion(of u: Int, replacing v: Int) -> (Int64, Int) {
    let base = cacheIndex(routeOf[v], u) &* 3
    var best = Int64.max
    var after = -1
    for k in 0..<3 {
      let p = insertAfter[base &+ k]
      if p >= 0 && p != v && next[p] != v {
        best = insertCost[base &+ k]
        after = p
        break
      }
    }
    let pv = prev[v], y = next[v]
    let inPlace = d(pv, u) &+ d(u, y) &- d(pv, y)
    if inPlace < best {
      best = inPlace
      after = pv
    }
    return (best, after)
  }

  /// Distance change of removing `u` from its route.
  @inline(__always) private func removalGain(_ u: Int) -> Int64 {
    d(prev[u], next[u]) &- d(prev[u], u) &- d(u, next[u])
  }

  /// Tries the best SWAP* (or relocation found on the way) between routes `ru` and `rv`.
  func swapStar(_ ru: Int, _ rv: Int) -> Bool {
    preprocessInsertions(from: ru, into: rv)
    preprocessInsertions(from: rv, into: ru)
    var bestEstimate: Int64 = 0
    var bestU = -1, bestV = -1, afterU = -1, afterV = -1
    let penaltyBefore = routePenalty[ru] &+ routePenalty[rv]
    let estimateDuration = data.tracksDuration && data.timeIsDistance

    scratchB.removeAll(keepingCapacity: true)
    var w = next[startDepot(rv)]
    while !isDepot(w) {
      scratchB.append(w)
      removal[w] = removalGain(w)
      w = next[w]
    }
    var u = next[startDepot(ru)]
    while !isDepot(u) {
      let removeU = removalGain(u)
      removal[u] = removeU
      for v in scratchB {
        let removeV = removal[v]
        let loadU = routeLoad[ru] &- demand(u) &+ demand(v)
        let loadV = routeLoad[rv] &+ demand(u) &- demand(v)
        let loadPenalties = penalty(load: loadU, duration: 0, distance: 0) &+ penalty(load: loadV, duration: 0, distance: 0)
        if removeU &+ removeV &+ loadPenalties &- penaltyBefore < bestEstimate {
          let (extraV, positionU) = cheapestInsertion(of: u, replacing: v)
          let (extraU, positionV) = cheapestInsertion(of: v, replacing: u)
          let distU = routeDist[ru] &+ removeU &+ extraU
          let distV = routeDist[rv] &+ removeV &+ extraV
          let durationU = estimateDuration
            ? distU &+ routeService[ru] &- service(u) &+ service(v) : 0
          let durationV = estimateDuration
            ? distV &+ routeService[rv] &- service(v) &+ service(u) : 0
          let estimate = removeU &+ removeV &+ extraU &+ extraV
            &+ penalty(load: loadU, duration: durationU, distance: distU)
            &+ penalty(load: loadV, duration: durationV, distance: distV) &- penaltyBefore
          if estimate < bestEstimate {
            bestEstimate = estimate
            bestU = u
            bestV = v
            afterU = positionU
            afterV = positionV
          }
        }
      }
      u = next[u]
    }
    // Relocations come for free from the same caches.
    for (from, into) in [(ru, rv), (rv, ru)] {
      var w = next[startDepot(from)]
      while !isDepot(w) {
        let base = cacheIndex(into, w) &* 3
        let insertion = insertCost[base]
        let after = insertAfter[base]
        if after >= 0 {
          let remove = removal[w]
          let distFrom = routeDist[from] &+ remove
          let distInto = routeDist[into] &+ insertion
          let durationFrom = estimateDuration ? distFrom &+ routeService[from] &- service(w) : 0
          let durationInto = estimateDuration ? distInto &+ routeService[into] &+ service(w) : 0
          let estimate = remove &+ insertion
            &+ penalty(load: routeLoad[from] &- demand(w), duration: durationFrom, distance: distFrom)
            &+ penalty(load: routeLoad[into] &+ demand(w), duration: durationInto, distance: distInto)
            &- penaltyBefore
          if estimate < bestEstimate {
            bestEstimate = estimate
            if from == ru {
              bestU = w
              bestV = -1
              afterU = after
            } else {
              bestU = -1
              bestV = w
              afterV = after
            }
          }
        }
        w = next[w]
      }
    }
    guard bestU >= 0 || bestV >= 0 else { return false }

    // Price the chosen move exactly before applying it.
    scratchA.removeAll(keepingCapacity: true)
    scratchB.removeAll(keepingCapacity: true)
    buildSequence(of: ru, removing: bestU, inserting: bestV, after: afterV, into: &scratchA)
    buildSequence(of: rv, removing: bestV, inserting: bestU, after: afterU, into: &scratchB)
    let before = routeCost(ru) &+ routeCost(rv)
    let after = sequenceCost(scratchA, startDepot(ru)) &+ sequenceCost(scratchB, startDepot(rv))
    guard after < before else { return false }
    relink(ru, scratchA)
    relink(rv, scratchB)
    commit(ru, rv, costBefore: before, delta: after &- before)
    return true
  }

  /// The clients of route `r` without `removed` and with `inserted` placed after node `after`.
  private func buildSequence(of r: Int, removing removed: Int, inserting inserted: Int, after: Int, into out: inout [Int]) {
    if inserted >= 0 && after == startDepot(r) { out.append(inserted) }
    var node = next[startDepot(r)]
    while !isDepot(node) {
      if node != removed { out.append(node) }
      if inserted >= 0 && node == after { out.append(inserted) }
      node = next[node]
    }
  }

  /// Distance plus penalty of a route visiting `clients` from the depot of `start`.
  private func sequenceCost(_ clients: [Int], _ start: Int) -> Int64 {
    var previous = start
    var dist: Int64 = 0
    var travel: Int64 = 0
    var load: Int64 = 0
    var serviceSum: Int64 = 0
    for client in clients {
      dist &+= d(previous, client)
      travel &+= t(previous, client)
      load &+= demand(client)
      serviceSum &+= service(client)
      previous = client
    }
    dist &+= d(previous, start)
    travel &+= t(previous, start)
    return dist &+ penalty(load: load, duration: travel &+ serviceSum, distance: dist)
  }
}
