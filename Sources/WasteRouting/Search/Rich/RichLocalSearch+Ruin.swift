/// A rich search state outside the local search: each slot's visits and what they cost.
struct RichSnapshot {
  /// Per route slot, its visit codes without the depots.
  var slots: [[Int]]
  /// Per client, the index of its active time window.
  var windows: [Int]
  /// Routes, fixed and unit costs plus the prizes of unvisited optional clients.
  var objective: Int64
  var loadExcess: Int64
  var timeExcess: Int64
  var unroutedRequired: Int
  var routeCount: Int

  var isFeasible: Bool { loadExcess == 0 && timeExcess == 0 && unroutedRequired == 0 }

  func penalised(_ weights: PenaltyWeights) -> Int64 {
    objective &+ weights.penalty(loadExcess: loadExcess, durationExcess: timeExcess)
      &+ Int64(unroutedRequired) &* (1 << 40)
  }
}

extension RichLocalSearch {
  /// The current routes and their costs.
  func snapshot() -> RichSnapshot {
    var snapshot = RichSnapshot(
      slots: [], windows: Array(UnsafeBufferPointer(start: window, count: n)), objective: 0, loadExcess: 0,
      timeExcess: 0, unroutedRequired: 0, routeCount: 0)
    snapshot.slots.reserveCapacity(routeCount)
    for r in 0..<routeCount {
      let base = r &* stride
      snapshot.slots.append(Array(UnsafeBufferPointer(start: code + base + 1, count: length[r] &- 2)))
      let part = parts(prefix(r, through: length[r] &- 1), type: type(r))
      snapshot.objective &+= part.objective
      snapshot.loadExcess &+= part.loadExcess
      snapshot.timeExcess &+= part.timeExcess
      if length[r] > 2 { snapshot.routeCount &+= 1 }
    }
    for c in 0..<n where routeOf[c] < 0 {
      if data.isRequired[c] { snapshot.unroutedRequired &+= 1 } else { snapshot.objective &+= data.prize[c] }
    }
    return snapshot
  }

  /// Loads `snapshot`; slots that already hold the same visits keep their caches.
  func load(_ snapshot: RichSnapshot) {
    moveCount &+= 1
    for c in 0..<n { window[c] = snapshot.windows[c] }
    for c in 0..<n { routeOf[c] = -1 }
    for r in 0..<routeCount {
      let visits = snapshot.slots[r]
      let base = r &* stride
      var same = length[r] == visits.count &+ 2
      if same {
        for (q, c) in visits.enumerated() where code[base &+ 1 &+ q] != c {
          same = false
          break
        }
      }
      if same {
        for (q, c) in visits.enumerated() where c < n {
          routeOf[c] = r
          positionOf[c] = q &+ 1
        }
        if data.hasMultipleWindows { update(r) }
        continue
      }
      code[base] = data.depotCode
      for (q, c) in visits.enumerated() { code[base &+ 1 &+ q] = c }
      code[base &+ 1 &+ visits.count] = data.depotCode
      length[r] = visits.count &+ 2
      update(r)
      whenOptimised[r] = -1
    }
    refreshEmptySlots()
  }

  /// Removes the clients in `clients` from their routes and repairs those routes.
  func unroute(_ clients: [Int]) {
    scratch.removeAll(keepingCapacity: true)
    for c in clients where routeOf[c] >= 0 {
      scratch.append(routeOf[c])
      routeOf[c] = -2  // marked
    }
    moveCount &+= 1
    for r in Set(scratch) {
      let base = r &* stride
      var write = 1
      for p in 1..<length[r] {
        let c = code[base &+ p]
        if c < n && routeOf[c] == -2 { continue }
        code[base &+ write] = c
        write &+= 1
      }
      length[r] = write
      normalise(r)
      whenOptimised[r] = -1
    }
    for c in clients where routeOf[c] == -2 { routeOf[c] = -1 }
    refreshEmptySlots()
  }

  /// Removes about `size` clients close to a random one (string-like removal over the neighbourhoods).
  func ruin(size: Int, rng: inout SplitMix64) -> [Int] {
    guard n > 0 else { return [] }
    var seed = rng.below(n)
    for _ in 0..<n where routeOf[seed] < 0 { seed = (seed &+ 1) % n }
    var chosen: [Int] = [seed]
    var seen: Set<Int> = [seed]
    var frontier = 0
    while chosen.count < size && frontier < chosen.count {
      let u = chosen[frontier]
      frontier &+= 1
      for k in data.neighbourStart[u]..<data.neighbourStart[u &+ 1] {
        let v = data.neighbours[k]
        guard chosen.count < size, routeOf[v] >= 0, seen.insert(v).inserted else { continue }
        chosen.append(v)
      }
    }
    unroute(chosen)
    return chosen
  }

  /// Removes every client of the route with the fewest clients, to try to do without it.
  func ruinSmallestRoute(rng: inout SplitMix64) -> [Int] {
    var best = -1
    var fewest = Int64.max
    for r in 0..<routeCount where length[r] > 2 {
      let count = clients(r) &* 16 &+ Int64(rng.below(16))
      if count < fewest {
        fewest = count
        best = r
      }
    }
    guard best >= 0 else { return [] }
    var removed: [Int] = []
    for p in 1..<(length[best] &- 1) where codeAt(best, p) < n { removed.append(codeAt(best, p)) }
    unroute(removed)
    return removed
  }

  /// Inserts `clients` one by one at their cheapest place (next to routed neighbours, else anywhere);
  /// optional clients only where their prize pays for the detour.
  func recreate(_ clients: [Int], rng: inout SplitMix64) {
    var pending = clients
    pending.shuffle(using: &rng)
    refreshEmptySlots()
    for u in pending where routeOf[u] < 0 {
      var insertion = bestInsertion(u, scanAll: false)
      if insertion.after < 0 {
        let anywhere = bestInsertion(u, scanAll: true)
        if anywhere.delta < insertion.delta { insertion = anywhere }
      }
      guard insertion.route >= 0 else { continue }
      if !data.isRequired[u] && insertion.delta &- data.prize[u] >= 0 { continue }
      place(u, insertion)
    }
  }
}
