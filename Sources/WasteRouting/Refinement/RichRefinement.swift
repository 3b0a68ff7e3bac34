#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The matheuristic step of the rich search (disposal trips, windows, breaks, mixed fleets, optional
/// clients): collect the routes of local optima that keep every rule in a ``RoutePool`` (per vehicle
/// type and client set, with their disposal visits and break), and at the end recombine them with GLPK
/// into a plan that may beat the incumbent.
///
/// Each recombination works region by region, as ``PoolRefinement`` does for CVRPs: windows of
/// neighbouring routes of the incumbent (by the polar angle of their clients round the depot), each a
/// set-covering model (``SetPartitioning/choose(columns:clientCount:leaveOutCost:groupLimits:coverage:start:timeLimit:)``)
/// over the pooled routes that serve only the window's clients and clients the incumbent leaves out:
/// a row per client, covered at least once or left out at what that costs (an optional client's
/// prize; for a required client, the search's penalty plus its prize), at most as many routes of each
/// limited vehicle type as the incumbent leaves free, and the window's routes as the warm start. A client
/// covered twice stays only where removing it saves the least; every new route is priced again by the
/// search's own evaluation and kept only when all of them keep every rule and together cost less.
///
/// With disposal sites the columns are trips, not routes: a route of a waste problem holds a hundred
/// clients or more, and a model over whole routes is too large for GLPK to improve within its time
/// (measured on the Kim instances: 275 rows, 5,000 to 7,000 columns, no improvement in 0.25 s). A region
/// is then a window of neighbouring trips (the clients between two unloadings and the unloading that
/// ends them), and each pooled trip is a column per place it could take, priced from that place's
/// start (the depot or an unloading site): at most as many trips per start and vehicle type as the
/// region has. The chosen trips take those places, and the touched routes are rebuilt, their breaks
/// placed anew, and priced in full.
///
/// Its MIP time is capped at ``SolverConfiguration/refinementTimeShare`` of the budget, as for CVRPs, all
/// of it at the end. Unlike the CVRP refinement it does not also run during the search: measured on the
/// Kim instances and synthetic ones of 500 to 2,000 stops (60 s, three seeds), recombinations at a third
/// and two thirds of the budget improved the incumbent in about half the calls, but the search found as
/// much again in the time they took, and the polishing local search after each (over every client of a
/// plan of 2,000 stops) cost more: 5 runs better and 9 worse than without the refinement. At the end
/// nothing found is found again, and with cooperating searches the others search on meanwhile
/// (``Cooperation``), so only one thread pays for it.
/// Not `Sendable`: one per search.
final class RichRefinement {
  private var pool: RoutePool
  private let data: RichData
  /// The MIP time of the final recombination.
  private let limit: Duration
  /// The flag of the search's dedicated thread (`nil` elsewhere: the task's cancellation counts); a
  /// recombination stops at the next region once the run is cancelled.
  private let cancellation = SearchCancellation.current
  private(set) var statistics = RefinementStatistics()
  /// The search's move count at the last collection: routes changed since are collected next.
  private var lastCollected = -1
  /// Pooled positions grouped by their route's smallest client (compressed rows).
  private var bucketStart: [Int] = []
  private var bucketRoutes: [Int] = []
  /// Scratch: the row of each client in the current region model, or -1.
  private var row: [Int]

  /// Routes in the windows of the first pass, and how many each further pass adds.
  private static let firstWindowSize = 4
  private static let windowGrowth = 2

  init(data: RichData, configuration: SolverConfiguration) {
    self.data = data
    pool = RoutePool(capacity: max(1, configuration.routePoolCapacity))
    row = Array(repeating: -1, count: data.clientCount)
    let share = (configuration.timeLimit ?? .seconds(3)) * configuration.refinementTimeShare
    limit = max(.milliseconds(20), share)
  }

  /// The time to hold back from the search for the final recombination.
  var finalReserve: Duration { limit }

  /// The pooled routes (or trips).
  var pooled: RoutePool { pool }

  /// Adds the routes of another search's pool (of the same problem), the cheaper order of a client set
  /// winning: how cooperating searches pool what each found before the final recombination.
  func absorb(_ other: RoutePool) {
    for position in 0..<other.count {
      let route = other[position]
      pool.add(sequence: route.clients, clients: other.clientSet(at: position), kind: route.kind, cost: route.cost)
    }
    statistics.poolSize = pool.count
  }

  /// Adds to the pool the routes of `search` changed since the last call that keep every rule (with
  /// disposal sites, their trips).
  func collect(_ search: RichLocalSearch) {
    for r in 0..<search.routeCount where search.length[r] > 2 && search.whenModified[r] > lastCollected {
      let t = search.type(r)
      let parts = search.parts(search.prefix(r, through: search.length[r] &- 1), type: t)
      guard parts.loadExcess == 0, parts.timeExcess == 0 else { continue }
      if data.needsDisposal {
        for trip in trips(of: r, in: search) {
          pool.add(
            sequence: trip.codes, clients: trip.codes.filter { $0 < data.clientCount }.sorted(), kind: t,
            cost: tripCost(trip.codes, from: trip.start, type: t))
        }
      } else {
        let visits = (1..<(search.length[r] &- 1)).map { search.codeAt(r, $0) }
        pool.add(sequence: visits, clients: visits.filter { $0 < data.clientCount }.sorted(), kind: t, cost: parts.objective)
      }
    }
    lastCollected = search.moveCount
    statistics.poolSize = pool.count
  }

  // MARK: - Trips

  /// A trip of a route: the clients between two unloadings (or from the start depot to the first) and
  /// the unloading that ends it, without the break; `first...last` are its positions in the route.
  struct Trip {
    var route: Int
    var first: Int
    var last: Int
    /// Where it starts: the start depot's or the previous unloading site's location.
    var start: Int
    /// Its clients and its final disposal visit, in order.
    var codes: [Int]
  }

  /// The trips of route `r` that serve at least one client.
  func trips(of r: Int, in search: RichLocalSearch) -> [Trip] {
    var result: [Trip] = []
    var start = data.startLocation[search.type(r)]
    var codes: [Int] = []
    var first = 1
    for p in 1..<(search.length[r] &- 1) {
      let c = search.codeAt(r, p)
      if c == data.breakCode { continue }
      if codes.isEmpty { first = p }
      codes.append(c)
      if c >= data.clientCount {
        if codes.count > 1 { result.append(Trip(route: r, first: first, last: p, start: start, codes: codes)) }
        start = data.siteLocation[c &- data.clientCount]
        codes = []
      }
    }
    return result
  }

  /// What a trip costs on its own: distance from `start` through its stops, and the time it drives,
  /// serves and unloads, at the unit costs of type `t`.
  func tripCost(_ codes: [Int], from start: Int, type t: Int) -> Int64 {
    var last = start
    var distance: Int64 = 0
    var time: Int64 = 0
    for c in codes {
      let l = c < data.clientCount ? data.clientLocation[c] : data.siteLocation[c &- data.clientCount]
      distance &+= data.dist(last, l)
      time &+= data.time(last, l) &+ (c < data.clientCount ? data.service[c] : data.siteUnload[c &- data.clientCount])
      last = l
    }
    return data.unitDistanceCost[t] &* distance &+ data.unitDurationCost[t] &* time
  }

  /// Recombines the pool around `incumbent` (which must keep every rule) in `search`; returns a better
  /// plan (fewer required clients left out, or cheaper), or `nil`. Leaves `search` holding the result,
  /// or an unspecified state when it returns `nil`.
  func recombine(
    _ incumbent: RichSnapshot, in search: RichLocalSearch, available: Duration? = nil
  ) -> RichSnapshot? {
    let limit = min(limit, available ?? .seconds(Int64.max))
    guard limit >= .milliseconds(5), incumbent.keepsRules, !pool.isEmpty else { return nil }
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = started + limit
    defer {
      statistics.runs += 1
      statistics.time += clock.now - started
    }
    indexPool()
    search.load(incumbent)
    var improved = false
    if data.needsDisposal {
      improved = recombineTrips(in: search, deadline: deadline)
    } else {
      improved = recombineRoutes(in: search, deadline: deadline)
    }
    guard improved else { return nil }
    let result = search.snapshot()
    guard result.keepsRules, result.isBetterPlan(than: incumbent) else { return nil }
    statistics.improvements += 1
    statistics.costReduction += max(0, incumbent.objective &+ incumbent.leftOutCost &- result.objective &- result.leftOutCost)
    return result
  }

  /// Route windows of growing size round the depot; returns whether any region improved.
  private func recombineRoutes(in search: RichLocalSearch, deadline: ContinuousClock.Instant) -> Bool {
    let clock = ContinuousClock()
    var improved = false
    var windowSize = Self.firstWindowSize
    var pass = 0
    passes: while true {
      let slots = (0..<search.routeCount).filter { search.length[$0] > 2 }
      let order = slots.sorted { angleKey(search, $0) < angleKey(search, $1) }
      let size = min(windowSize, order.count)
      guard size > 0 else { break }
      let step = max(1, size / 2)
      let windowCount = size < order.count ? (order.count + step - 1) / step : 1
      let offset = size < order.count ? (pass * max(1, step / 2)) % order.count : 0
      for window in 0..<windowCount {
        let remaining = deadline - clock.now
        guard remaining >= .milliseconds(2), !SearchCancellation.isCancelled(cancellation) else {
          break passes
        }
        let region = (0..<size).map { order[(offset + window * step + $0) % order.count] }
        // Routes emptied by an earlier window of this pass are skipped.
        let live = Array(Set(region.filter { search.length[$0] > 2 })).sorted()
        guard !live.isEmpty else { continue }
        if recombineRegion(live, in: search, timeLimit: remaining / (windowCount - window)) { improved = true }
      }
      guard size < order.count else { break }
      windowSize += Self.windowGrowth
      pass += 1
    }
    return improved
  }

  /// Windows of neighbouring trips (by the direction of their clients round the depot), growing pass by
  /// pass; returns whether any region improved.
  private func recombineTrips(in search: RichLocalSearch, deadline: ContinuousClock.Instant) -> Bool {
    let clock = ContinuousClock()
    var improved = false
    var windowSize = Self.firstWindowSize
    var pass = 0
    passes: while true {
      var all: [Trip] = []
      for r in 0..<search.routeCount where search.length[r] > 2 { all += trips(of: r, in: search) }
      let size = min(windowSize, all.count)
      guard size > 0 else { break }
      let order = all.indices.sorted { tripAngle(all[$0]) < tripAngle(all[$1]) }
      let step = max(1, size / 2)
      let windowCount = size < order.count ? (order.count + step - 1) / step : 1
      let offset = size < order.count ? (pass * max(1, step / 2)) % order.count : 0
      var changed = false
      for window in 0..<windowCount {
        let remaining = deadline - clock.now
        guard remaining >= .milliseconds(2), !SearchCancellation.isCancelled(cancellation) else {
          break passes
        }
        // Trips found at the start of the pass; once a region changed routes, find them again.
        var current = all
        if changed {
          current = []
          for r in 0..<search.routeCount where search.length[r] > 2 { current += trips(of: r, in: search) }
        }
        let wanted = Set((0..<size).map { all[order[(offset + window * step + $0) % order.count]].codes })
        let region = current.filter { wanted.contains($0.codes) }
        guard !region.isEmpty else { continue }
        if recombineTripRegion(region, in: search, timeLimit: remaining / (windowCount - window)) {
          improved = true
          changed = true
        }
      }
      guard size < order.count else { break }
      windowSize += Self.windowGrowth
      pass += 1
    }
    return improved
  }

  /// Replaces the trips of `region` by a cheaper choice of pooled trips serving the same clients, each
  /// put in the place of one of them (the route and position where it costs least); returns whether it
  /// did. The routes are priced again, their breaks placed anew, and the change undone unless every
  /// touched route keeps every rule and together they cost less.
  private func recombineTripRegion(_ region: [Trip], in search: RichLocalSearch, timeLimit: Duration) -> Bool {
    // Rows: the region's clients, then clients the plan leaves out that a candidate trip serves; a row may
    // stay uncovered at what leaving its client out costs.
    var clients: [Int] = []
    for trip in region { clients += trip.codes.filter { $0 < data.clientCount } }
    for c in clients { row[c] = 0 }
    defer { for c in clients { row[c] = -1 } }
    @inline(__always) func available(_ c: Int) -> Bool { row[c] >= 0 || (search.routeOf[c] < 0 && data.active[c]) }
    let types = Set(region.map { search.type($0.route) })
    var candidates: [Int] = []
    let regionClients = clients
    for c in regionClients {
      for position in bucketRoutes[bucketStart[c]..<bucketStart[c + 1]]
      where types.contains(pool[position].kind) && pool.clientSet(at: position).allSatisfy(available) {
        candidates.append(position)
      }
    }
    guard !candidates.isEmpty else { return false }
    for position in candidates {
      for c in pool.clientSet(at: position) where row[c] < 0 {
        row[c] = 0
        clients.append(c)
      }
    }
    for (k, c) in clients.enumerated() { row[c] = k }
    // Places: the region's trips grouped by vehicle type and start (the depot or an unloading site), so
    // that a column priced from one start takes a place with that start. Each pooled trip is a column per
    // place group of its type, priced from that start; at most as many trips per group as it has places.
    var groups: [(type: Int, start: Int)] = []
    var groupOf: [Int] = []
    for trip in region {
      let key = (type: search.type(trip.route), start: trip.start)
      if let g = groups.firstIndex(where: { $0 == key }) {
        groupOf.append(g)
      } else {
        groupOf.append(groups.count)
        groups.append(key)
      }
    }
    var columns: [SetPartitioning.Column] = []
    var codes: [(type: Int, codes: [Int])] = []
    for (k, trip) in region.enumerated() {
      let t = search.type(trip.route)
      codes.append((t, trip.codes))
      columns.append(SetPartitioning.Column(
        clients: trip.codes.filter { $0 < data.clientCount }.map { row[$0] }, cost: tripCost(trip.codes, from: trip.start, type: t),
        group: groupOf[k]))
    }
    for position in candidates {
      let route = pool[position]
      let rows = pool.clientSet(at: position).map { row[$0] }
      for (g, group) in groups.enumerated() where group.type == route.kind {
        codes.append((route.kind, route.clients))
        columns.append(SetPartitioning.Column(
          clients: rows, cost: tripCost(route.clients, from: group.start, type: route.kind), group: g))
      }
    }
    let limits: [Int?] = groups.indices.map { g in groupOf.count { $0 == g } }
    let leftOutBefore = clients[regionClients.count...].reduce(Int64(0)) { $0 &+ search.leaveOutCost($1) }
    let before = columns.prefix(region.count).reduce(Int64(0)) { $0 &+ $1.cost } &+ leftOutBefore
    let choice: SetPartitioning.Choice?
    do {
      choice = try SetPartitioning.choose(
        columns: columns, clientCount: clients.count, leaveOutCost: clients.map { search.leaveOutCost($0) },
        groupLimits: limits, coverage: .atLeastOnce, start: columns.indices.map { $0 < region.count },
        timeLimit: timeLimit)
    } catch {
      statistics.failures += 1
      return false
    }
    guard let choice, choice.cost < before, choice.columns.contains(where: { $0 >= region.count }) else { return false }
    var chosen = choice.columns.map { (type: codes[$0].type, visits: codes[$0].codes, group: columns[$0].group) }
    var deduplicated = chosen.map { (type: $0.type, visits: $0.visits) }
    removeDuplicates(&deduplicated, search: search)
    for k in chosen.indices { chosen[k].visits = deduplicated[k].visits }
    chosen.removeAll { !$0.visits.contains { $0 < data.clientCount } }

    // Each chosen trip takes a place of its group, the trip's own first (keeping its route when it can).
    var assigned = [Int?](repeating: nil, count: region.count)
    for (j, trip) in chosen.enumerated() {
      let places = region.indices.filter { groupOf[$0] == trip.group && assigned[$0] == nil }
      guard let k = places.first(where: { region[$0].codes == trip.visits }) ?? places.first else { return false }
      assigned[k] = j
    }

    // Rebuild the touched routes: their trips in order, the region's replaced, breaks placed anew.
    let touched = Array(Set(region.map(\.route))).sorted()
    let saved = touched.map { r in (r, (1..<(search.length[r] &- 1)).map { search.codeAt(r, $0) }) }
    let costBefore = touched.reduce(Int64(0)) { $0 &+ search.routeCost[$1] } &+ leftOutBefore
    for r in touched {
      var visits: [Int] = []
      for trip in trips(of: r, in: search) {
        if let k = region.firstIndex(where: { $0.route == r && $0.first == trip.first }) {
          if let j = assigned[k] { visits += chosen[j].visits }
        } else {
          visits += trip.codes
        }
      }
      for c in (1..<(search.length[r] &- 1)).map({ search.codeAt(r, $0) }) where c < data.clientCount { search.routeOf[c] = -1 }
      search.setVisits(r, visits)
    }
    var keepsRules = true
    var costAfter: Int64 = 0
    for r in touched {
      search.normalise(r)
      if search.length[r] > 2 {
        let parts = search.parts(search.prefix(r, through: search.length[r] &- 1), type: search.type(r))
        if parts.loadExcess != 0 || parts.timeExcess != 0 { keepsRules = false }
        costAfter &+= parts.objective
      }
    }
    for c in clients where search.routeOf[c] < 0 { costAfter &+= search.leaveOutCost(c) }
    if keepsRules && costAfter < costBefore {
      for c in clients { search.promising[c] = true }
      search.moveCount &+= 1
      search.refreshEmptySlots()
      return true
    }
    for c in clients { search.routeOf[c] = -1 }
    for (r, route) in saved {
      search.setVisits(r, route)
      search.update(r)
    }
    search.refreshEmptySlots()
    return false
  }

  /// The mean direction of a trip's clients round the depot, or its smallest client without coordinates.
  private func tripAngle(_ trip: Trip) -> Double {
    let clients = trip.codes.filter { $0 < data.clientCount }
    guard !data.clientAngle.isEmpty else { return Double(clients.min() ?? 0) }
    let x = clients.reduce(0.0) { $0 + cos(data.clientAngle[$1]) }
    let y = clients.reduce(0.0) { $0 + sin(data.clientAngle[$1]) }
    return atan2(y, x)
  }

  /// Replaces the routes in `slots` of `search`, and clients it leaves out, by a cheaper choice of pooled
  /// routes; returns whether it did.
  private func recombineRegion(_ slots: [Int], in search: RichLocalSearch, timeLimit: Duration) -> Bool {
    let n = data.clientCount
    // Rows: the region's clients, then the clients left out that some candidate route serves.
    var clients: [Int] = []
    for r in slots {
      for p in 1..<(search.length[r] &- 1) where search.codeAt(r, p) < n { clients.append(search.codeAt(r, p)) }
    }
    for c in clients { row[c] = 0 }
    defer { for c in clients { row[c] = -1 } }
    @inline(__always) func available(_ c: Int) -> Bool { row[c] >= 0 || (search.routeOf[c] < 0 && data.active[c]) }
    var candidates: [Int] = []
    var seen = Set<Int>()
    for c in clients {
      for position in bucketRoutes[bucketStart[c]..<bucketStart[c + 1]] where pool.clientSet(at: position).allSatisfy(available) {
        candidates.append(position)
      }
    }
    // Routes whose smallest client is one the incumbent leaves out.
    for c in data.activeClients where search.routeOf[c] < 0 && row[c] < 0 {
      for position in bucketRoutes[bucketStart[c]..<bucketStart[c + 1]] where pool.clientSet(at: position).allSatisfy(available) {
        candidates.append(position)
      }
    }
    guard !candidates.isEmpty else { return false }
    for position in candidates {
      for c in pool.clientSet(at: position) where row[c] < 0 && seen.insert(c).inserted { clients.append(c) }
    }
    for (k, c) in clients.enumerated() { row[c] = k }

    // Columns: the incumbent's routes of the region (the warm start), then the candidates.
    var columns: [SetPartitioning.Column] = []
    var visits: [[Int]] = []
    for r in slots {
      let route = (1..<(search.length[r] &- 1)).map { search.codeAt(r, $0) }
      visits.append(route)
      columns.append(SetPartitioning.Column(
        clients: route.filter { $0 < n }.map { row[$0] }, cost: search.routeCost[r], group: search.type(r)))
    }
    for position in candidates {
      let route = pool[position]
      visits.append(route.clients)
      columns.append(SetPartitioning.Column(
        clients: pool.clientSet(at: position).map { row[$0] }, cost: route.cost, group: route.kind))
    }
    // Fleet limits: what the incumbent's routes outside the region leave of each limited type.
    var limits = [Int?](repeating: nil, count: data.typeCount)
    for t in 0..<data.typeCount where !data.unlimited[t] {
      var outside = 0
      for r in 0..<search.routeCount where search.length[r] > 2 && search.type(r) == t && !slots.contains(r) { outside += 1 }
      limits[t] = data.initialSlots.count { $0 == t } - outside
    }
    let leaveOut: [Int64?] = clients.map { search.leaveOutCost($0) }
    let start = columns.indices.map { $0 < slots.count }
    let before = columns.prefix(slots.count).reduce(Int64(0)) { $0 &+ $1.cost }
      &+ clients.filter { search.routeOf[$0] < 0 }.reduce(Int64(0)) { $0 &+ search.leaveOutCost($1) }
    let choice: SetPartitioning.Choice?
    do {
      choice = try SetPartitioning.choose(
        columns: columns, clientCount: clients.count, leaveOutCost: leaveOut, groupLimits: limits,
        coverage: .atLeastOnce, start: start, timeLimit: timeLimit)
    } catch {
      statistics.failures += 1
      return false
    }
    guard let choice, choice.cost < before, choice.columns.contains(where: { $0 >= slots.count }) else { return false }

    // Each client once: a copy stays only where removing it would save the least.
    var chosen = choice.columns.map { (type: columns[$0].group, visits: visits[$0]) }
    removeDuplicates(&chosen, search: search)
    chosen.removeAll { !$0.visits.contains { $0 < n } }

    // Apply, price, and undo unless every route keeps the rules and the region got cheaper.
    let saved = slots.map { r in (r, (1..<(search.length[r] &- 1)).map { search.codeAt(r, $0) }) }
    for c in clients { search.routeOf[c] = -1 }
    for r in slots { search.clear(r) }
    var used: [Int] = []
    var after: Int64 = 0
    var keepsRules = true
    for route in chosen {
      guard let slot = freeSlot(of: route.type, in: search, preferring: slots, used: used) else {
        keepsRules = false
        break
      }
      used.append(slot)
      search.setVisits(slot, route.visits)
      search.update(slot)
      let parts = search.parts(search.prefix(slot, through: search.length[slot] &- 1), type: route.type)
      if parts.loadExcess != 0 || parts.timeExcess != 0 { keepsRules = false }
      after &+= parts.objective
    }
    for c in clients where search.routeOf[c] < 0 { after &+= search.leaveOutCost(c) }
    if keepsRules && after < before {
      for c in clients { search.promising[c] = true }
      search.moveCount &+= 1
      search.refreshEmptySlots()
      return true
    }
    for slot in used { search.clear(slot) }
    for c in clients { search.routeOf[c] = -1 }
    for (r, route) in saved {
      search.setVisits(r, route)
      search.update(r)
    }
    search.refreshEmptySlots()
    return false
  }

  /// An empty slot of type `t`: first one of the region's own, else any, else a new one for an unlimited type.
  private func freeSlot(of t: Int, in search: RichLocalSearch, preferring region: [Int], used: [Int]) -> Int? {
    if let r = region.first(where: { search.type($0) == t && search.length[$0] == 2 && !used.contains($0) }) { return r }
    if let r = (0..<search.routeCount).first(where: { search.type($0) == t && search.length[$0] == 2 && !used.contains($0) }) {
      return r
    }
    return data.unlimited[t] ? search.addSlot(type: t) : nil
  }

  /// Keeps each client in one of the chosen routes: where removing it would save the least.
  private func removeDuplicates(_ routes: inout [(type: Int, visits: [Int])], search: RichLocalSearch) {
    var holders: [Int: [Int]] = [:]
    for (k, route) in routes.enumerated() {
      for c in route.visits where c < data.clientCount { holders[c, default: []].append(k) }
    }
    for (c, holding) in holders.sorted(by: { $0.key < $1.key }) where holding.count > 1 {
      var remaining = holding
      while remaining.count > 1 {
        var best = 0
        var bestSaving = Int64.min
        for (k, r) in remaining.enumerated() {
          let route = routes[r]
          let saving = search.price(route.visits, type: route.type) &- search.price(route.visits.filter { $0 != c }, type: route.type)
          if saving > bestSaving { (best, bestSaving) = (k, saving) }
        }
        let r = remaining.remove(at: best)
        routes[r].visits.removeAll { $0 == c }
      }
    }
  }

  /// Groups the pooled routes by their smallest client.
  private func indexPool() {
    bucketStart = Array(repeating: 0, count: data.clientCount + 1)
    for position in 0..<pool.count { bucketStart[pool.smallestClient(at: position) + 1] += 1 }
    for client in 0..<data.clientCount { bucketStart[client + 1] += bucketStart[client] }
    var next = bucketStart
    bucketRoutes = Array(repeating: 0, count: pool.count)
    for position in 0..<pool.count {
      let client = pool.smallestClient(at: position)
      bucketRoutes[next[client]] = position
      next[client] += 1
    }
  }

  /// Where route `r` lies round the depot: the mean direction of its clients, or its first client.
  private func angleKey(_ search: RichLocalSearch, _ r: Int) -> Double {
    var first = Double(Int.max)
    var sumX = 0.0
    var sumY = 0.0
    for p in 1..<(search.length[r] &- 1) where search.codeAt(r, p) < data.clientCount {
      let c = search.codeAt(r, p)
      first = min(first, Double(c))
      guard !data.clientAngle.isEmpty else { continue }
      sumX += cos(data.clientAngle[c])
      sumY += sin(data.clientAngle[c])
    }
    return data.clientAngle.isEmpty ? first : atan2(sumY, sumX)
  }
}


