/// A rich search state outside the local search: each slot's visits and what they cost.
struct RichSnapshot {
  /// Per route slot, its visit codes without the depots (slots beyond the end are empty).
  var slots: [[Int]]
  /// Per client, the index of its active time window.
  var windows: [Int]
  /// Routes, fixed and unit costs plus the prizes of unvisited optional clients (the solution's cost).
  var objective: Int64
  var loadExcess: Int64
  var timeExcess: Int64
  /// Active required clients left unrouted.
  var unroutedRequired: Int
  /// The prizes of the active required clients left unrouted (what leaving them out costs).
  var requiredPrizeLeftOut: Int64
  /// What leaving the required clients out costs in the search (their count times the penalty, plus
  /// their prizes).
  var leftOutCost: Int64
  var routeCount: Int

  /// Whether every route keeps every rule (some required clients may still be unrouted).
  var keepsRules: Bool { loadExcess == 0 && timeExcess == 0 }
  /// Whether the solution keeps every rule and serves every active required client.
  var isFeasible: Bool { keepsRules && unroutedRequired == 0 }

  func penalised(_ weights: PenaltyWeights) -> Int64 {
    objective &+ weights.penalty(loadExcess: loadExcess, durationExcess: timeExcess) &+ leftOutCost
  }

  /// Whether `self` is a better plan than `other`, both keeping the rules: fewer required clients left
  /// out, then lower cost including their prizes.
  func isBetterPlan(than other: RichSnapshot?) -> Bool {
    guard let other else { return true }
    if unroutedRequired != other.unroutedRequired { return unroutedRequired < other.unroutedRequired }
    return objective &+ requiredPrizeLeftOut < other.objective &+ other.requiredPrizeLeftOut
  }
}

extension RichLocalSearch {
  /// The current routes and their costs.
  func snapshot() -> RichSnapshot {
    var snapshot = RichSnapshot(
      slots: [], windows: Array(UnsafeBufferPointer(start: window, count: n)), objective: 0, loadExcess: 0,
      timeExcess: 0, unroutedRequired: 0, requiredPrizeLeftOut: 0, leftOutCost: 0, routeCount: 0)
    snapshot.slots.reserveCapacity(routeCount)
    for r in 0..<routeCount {
      snapshot.slots.append(Array(UnsafeBufferPointer(start: code + cell(r, 1), count: length[r] &- 2)))
      let part = parts(prefix(r, through: length[r] &- 1), type: type(r))
      snapshot.objective &+= part.objective
      snapshot.loadExcess &+= part.loadExcess
      snapshot.timeExcess &+= part.timeExcess
      if length[r] > 2 { snapshot.routeCount &+= 1 }
    }
    for c in data.activeClients where routeOf[c] < 0 {
      if data.isRequired[c] {
        snapshot.unroutedRequired &+= 1
        snapshot.requiredPrizeLeftOut &+= data.prize[c]
        snapshot.leftOutCost &+= leaveOutCost(c)
      } else {
        snapshot.objective &+= data.prize[c]
      }
    }
    return snapshot
  }

  /// Loads `snapshot`; slots that already hold the same visits keep their caches.
  func load(_ snapshot: RichSnapshot) {
    moveCount &+= 1
    for c in 0..<n { window[c] = snapshot.windows[c] }
    for c in 0..<n { routeOf[c] = -1 }
    let empty: [Int] = []
    for r in 0..<routeCount {
      let visits = r < snapshot.slots.count ? snapshot.slots[r] : empty
      var same = length[r] == visits.count &+ 2
      if same {
        for (q, c) in visits.enumerated() where codeAt(r, 1 &+ q) != c {
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
      setVisits(r, visits)
      update(r)
      whenOptimised[r] = -1
      for c in visits where c < n { promising[c] = true }
    }
    refreshEmptySlots()
  }

  /// Loads routes given by vehicle type (from another search of the same problem, whose slots may be
  /// numbered differently): each into a slot of its type, slots added to unlimited types as needed.
  /// Routes of a limited type beyond its slots are dropped (a plan of this problem never has them).
  /// - Returns: the loaded state.
  func load(routes: [(type: Int, visits: [Int])], windows: [Int]) -> RichSnapshot {
    var slots = Array(repeating: [Int](), count: routeCount)
    var taken = Array(repeating: false, count: routeCount)
    for route in routes {
      var slot = (0..<routeCount).first { !taken[$0] && type($0) == route.type }
      if slot == nil && data.unlimited[route.type] {
        slot = addSlot(type: route.type)
        slots.append([])
        taken.append(false)
      }
      guard let slot else { continue }
      taken[slot] = true
      slots[slot] = route.visits
    }
    var snapshot = self.snapshot()
    snapshot.slots = slots
    snapshot.windows = windows
    load(snapshot)
    return self.snapshot()
  }

  /// Removes the clients in `clients` from their routes and repairs those routes.
  func unroute(_ clients: [Int]) {
    scratch.removeAll(keepingCapacity: true)
    for c in clients where routeOf[c] >= 0 {
      markAround(routeOf[c], positionOf[c])
      scratch.append(routeOf[c])
      routeOf[c] = -2  // marked
    }
    moveCount &+= 1
    for r in Set(scratch) {
      var write = 1
      for p in 1..<length[r] {
        let c = codeAt(r, p)
        if c < n && routeOf[c] == -2 { continue }
        setCode(r, write, c)
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
    let active = data.activeClients
    guard !active.isEmpty else { return [] }
    var k = rng.below(active.count)
    for _ in 0..<active.count where routeOf[active[k]] < 0 { k = (k &+ 1) % active.count }
    let seed = active[k]
    guard routeOf[seed] >= 0 else { return [] }
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

  /// Takes clients out of the routes that break a rule until every route keeps every rule, then puts
  /// them back where they fit without breaking one. Each time it takes out, of the clients whose
  /// removal makes the route keep the rules (else of all), the one cheapest to leave out: the fewest and
  /// least urgent required clients are left out (``leaveOutCost(_:)``).
  ///
  /// Used while the fleet cannot serve every required client, so that every iteration ends with a plan
  /// of what can be served.
  func repairByRemoval(rng: inout SplitMix64) {
    var removed: [Int] = []
    for r in 0..<routeCount where length[r] > 2 {
      while length[r] > 2 {
        let t = type(r)
        let whole = parts(prefix(r, through: length[r] &- 1), type: t)
        guard whole.loadExcess | whole.timeExcess != 0 else { break }
        var victim = (client: -1, fixes: false, cost: Int64.max)
        for p in 1..<(length[r] &- 1) where codeAt(r, p) < n {
          let c = codeAt(r, p)
          var partial = prefix(r, through: p &- 1)
          appendSuffix(&partial, r, from: p &+ 1, type: t)
          let after = parts(partial, type: t)
          let fixes = after.loadExcess | after.timeExcess == 0
          let cost = leaveOutCost(c)
          if (fixes && !victim.fixes) || (fixes == victim.fixes && cost < victim.cost) { victim = (c, fixes, cost) }
        }
        guard victim.client >= 0 else { break }
        removed.append(victim.client)
        unroute([victim.client])
        _ = optimiseStops(r)
      }
    }
    guard !removed.isEmpty else { return }
    let saved = feasibleOnly
    feasibleOnly = true
    recreate(removed, rng: &rng)
    feasibleOnly = saved
  }

  /// Inserts `clients` one by one at their cheapest place (next to routed neighbours, else anywhere),
  /// each only where that costs less than leaving it out (for an optional client, its prize). With
  /// ``feasibleOnly`` set, only where every route keeps every rule (the construction).
  func recreate(_ clients: [Int], rng: inout SplitMix64) {
    var pending = clients
    pending.shuffle(using: &rng)
    refreshEmptySlots()
    for u in pending where routeOf[u] < 0 && data.active[u] {
      var insertion = bestInsertion(u, scanAll: false)
      if insertion.after < 0 {
        let anywhere = bestInsertion(u, scanAll: true)
        if anywhere.delta < insertion.delta { insertion = anywhere }
      }
      // Leaving a required client out costs more than any insertion that keeps the rules, and less than
      // one that breaks them under `feasibleOnly`.
      guard insertion.route >= 0, insertion.delta < leaveOutCost(u) else { continue }
      place(u, insertion)
    }
  }
}
