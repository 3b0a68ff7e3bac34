extension RichLocalSearch {
  /// The clients no vehicle can serve even on a route of its own, each with the rule that stops it
  /// (see ``ExclusionReason``). Run on a search whose slots are all empty.
  ///
  /// A route of its own is the start depot, the client in one of its windows, an allowed disposal site
  /// when the problem has any, and the break nowhere or before, between or after those; it is priced
  /// by the search's own segments, so that what it accepts the construction can build.
  ///
  /// - Complexity: O(clients × types × windows × sites).
  func intrinsicExclusions() -> [ExcludedClient] {
    refreshEmptySlots()
    var excluded: [ExcludedClient] = []
    let saved = feasibleOnly
    feasibleOnly = false
    defer { feasibleOnly = saved }
    for u in 0..<n {
      if let reason = exclusionReason(u) { excluded.append(ExcludedClient(client: u, reason: reason)) }
    }
    return excluded
  }

  /// Why client `u` cannot be served on a route of its own by any vehicle type, or `nil` when it can.
  private func exclusionReason(_ u: Int) -> ExclusionReason? {
    // Ranks follow the order of the cases: the reason comes from the type that got furthest.
    var worst: (rank: Int, reason: ExclusionReason) = (0, .noCompatibleVehicle)
    func note(_ rank: Int, _ reason: ExclusionReason) {
      if rank > worst.rank { worst = (rank, reason) }
    }
    var overloaded: (dimension: Int, demand: Int64)?
    for t in 0..<data.typeCount where data.allows(u, type: t) {
      let demand = data.demand[u]
      let capacity = data.capacity[t]
      if let d = (0..<Problem.maxDimensions).first(where: { demand[$0] > capacity[$0] }) {
        if overloaded == nil { overloaded = (d, demand[d]) }
        continue
      }
      if demand[0] > data.maxTotalLoad[t] || data.maxStops[t] < 1 {
        note(4, .routeLimitExceeded)
        continue
      }
      let r = emptySlot[t] >= 0 ? emptySlot[t] : (0..<routeCount).first { type($0) == t && length[$0] == 2 } ?? -1
      guard r >= 0 else { continue }
      switch ownRoute(u, slot: r) {
      case .servable: return nil
      case .siteClosed: note(2, .noDisposalSite)
      case .windowMissed: note(3, .windowUnreachable)
      case .limitExceeded: note(4, .routeLimitExceeded)
      }
    }
    if worst.rank == 0, let overloaded {
      let largest = (0..<data.typeCount).filter { data.allows(u, type: $0) }
        .map { data.capacity[$0][overloaded.dimension] }.max() ?? 0
      return .loadAboveCapacity(dimension: overloaded.dimension, demand: overloaded.demand, largestCapacity: largest)
    }
    return worst.reason
  }

  private enum OwnRoute { case servable, siteClosed, windowMissed, limitExceeded }

  /// Whether `u` alone in empty slot `r` keeps every rule in some layout, and if not, what breaks.
  private func ownRoute(_ u: Int, slot r: Int) -> OwnRoute {
    let t = type(r)
    let siteRange = data.needsDisposal ? data.typeSiteStart[t]..<data.typeSiteStart[t &+ 1] : 0..<1
    let breakPlaces = data.hasBreak[t] ? -1...(data.needsDisposal ? 2 : 1) : -1...(-1)
    let saved = window[u]
    defer { window[u] = saved }
    func layout(site: Int, breakAfter: Int) -> Partial {
      var partial = prefix(r, through: 0)
      if breakAfter == 0 { append(&partial, data.breakCode, type: t) }
      append(&partial, u, type: t)
      if breakAfter == 1 { append(&partial, data.breakCode, type: t) }
      if site >= 0 { append(&partial, site, type: t) }
      if breakAfter == 2 { append(&partial, data.breakCode, type: t) }
      appendSuffix(&partial, r, from: 1, type: t)
      return partial
    }
    var onTime = false
    var onTimeWithoutSite = false
    for w in data.windowStart[u]..<data.windowStart[u &+ 1] {
      window[u] = w
      for k in siteRange {
        for breakAfter in breakPlaces {
          let partial = layout(site: data.needsDisposal ? n &+ data.typeSites[k] : -1, breakAfter: breakAfter)
          let (_, loadExcess, timeExcess) = parts(partial, type: t)
          if loadExcess == 0 && timeExcess == 0 { return .servable }
          if partial.time.timeWarp == 0 { onTime = true }
          if data.needsDisposal && layout(site: -1, breakAfter: breakAfter).time.timeWarp == 0 {
            onTimeWithoutSite = true
          }
        }
      }
    }
    if onTime { return .limitExceeded }
    return data.needsDisposal && onTimeWithoutSite ? .siteClosed : .windowMissed
  }
}
