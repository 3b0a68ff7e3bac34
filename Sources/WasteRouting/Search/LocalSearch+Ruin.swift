// Ruin and recreate (Schrimpf et al. 2000, doi:10.1006/jcph.1999.6413): remove a few clients that are
// close to each other, then reinsert each one at its cheapest granular position. The perturbation of
// the iterated local search.

extension LocalSearch {
  /// Removes up to `size` clients around a random seed client and reinserts them greedily, in random
  /// order, at the cheapest position next to one of their neighbours (or in an empty route).
  func ruinAndRecreate(size: Int, rng: inout SplitMix64) {
    guard n > 1, size > 0 else { return }
    let seed = 1 + rng.below(n)
    scratchA.removeAll(keepingCapacity: true)
    scratchA.append(seed)
    let lower = data.neighbourStart[seed], upper = data.neighbourStart[seed + 1]
    var k = lower
    while scratchA.count < size && k < upper {
      scratchA.append(data.neighbours[k])
      k += 1
    }
    // Remove.
    for client in scratchA {
      let r = routeOf[client]
      let before = prev[client], after = next[client]
      next[before] = after
      prev[after] = before
      removed[client] = true
      moveCount &+= 1
      updateRoute(r)
    }
    scratchA.shuffle(using: &rng)
    // Recreate.
    for client in scratchA {
      removed[client] = false
      var bestDelta = Int64.max
      var bestAfter = -1
      let lo = data.neighbourStart[client], hi = data.neighbourStart[client + 1]
      for index in lo..<hi {
        let v = data.neighbours[index]
        if removed[v] { continue }
        let delta = insertionDelta(client, after: v)
        if delta < bestDelta {
          bestDelta = delta
          bestAfter = v
        }
        let pv = prev[v]
        if isDepot(pv) {
          let atStart = insertionDelta(client, after: pv)
          if atStart < bestDelta {
            bestDelta = atStart
            bestAfter = pv
          }
        }
      }
      if let empty = firstEmptyRoute() {
        let delta = insertionDelta(client, after: startDepot(empty))
        if delta < bestDelta {
          bestDelta = delta
          bestAfter = startDepot(empty)
        }
      }
      if bestAfter < 0 {
        // Every neighbour is still out: open the first route.
        bestAfter = startDepot(0)
      }
      let r = routeOf[bestAfter]
      let following = next[bestAfter]
      next[bestAfter] = client
      prev[client] = bestAfter
      next[client] = following
      prev[following] = client
      routeOf[client] = r
      moveCount &+= 1
      updateRoute(r)
    }
  }

  /// Penalised cost change of inserting the unrouted `client` after `v`.
  @inline(__always)
  private func insertionDelta(_ client: Int, after v: Int) -> Int64 {
    let r = routeOf[v], y = next[v]
    let dist = d(v, client) &+ d(client, y) &- d(v, y)
    let travel = needsTravel ? t(v, client) &+ t(client, y) &- t(v, y) : dist
    return dist &+ penalty(
      load: routeLoad[r] &+ demand(client), duration: routeTravel[r] &+ travel &+ routeService[r] &+ service(client),
      distance: routeDist[r] &+ dist) &- routePenalty[r]
  }
}
