/// Granular local search over a doubly linked route representation with cached prefix sums, so that
/// every move is priced in O(1) (Vidal et al. 2013, doi:10.1016/j.cor.2012.07.018; Vidal 2022, HGS-CVRP,
/// doi:10.1016/j.cor.2021.105643).
///
/// Nodes 1...n are clients; route `r` has a start depot node `n + 1 + r` and an end depot node
/// `n + 1 + R + r`. Every array is allocated once and reused across calls; the move loop allocates
/// nothing and touches no reference-counted storage. Nothing assumes a symmetric matrix: reversed
/// segments are priced with prefix sums of the reversed arcs.
///
/// Not `Sendable`: one instance per search task.
final class LocalSearch {
  let data: SearchData
  let n: Int
  let routeCount: Int
  let nodeCount: Int

  // MARK: Per-node state
  let next: UnsafeMutablePointer<Int>
  let prev: UnsafeMutablePointer<Int>
  let routeOf: UnsafeMutablePointer<Int>
  let position: UnsafeMutablePointer<Int>
  let location: UnsafeMutablePointer<Int>
  let cumLoad: UnsafeMutablePointer<Int64>
  let cumDist: UnsafeMutablePointer<Int64>
  let cumRevDist: UnsafeMutablePointer<Int64>
  let cumTravel: UnsafeMutablePointer<Int64>
  let cumRevTravel: UnsafeMutablePointer<Int64>
  let cumService: UnsafeMutablePointer<Int64>
  let whenLastTestedRI: UnsafeMutablePointer<Int>
  /// Scratch for SWAP*: the distance change of removing each node from its route.
  let removal: UnsafeMutablePointer<Int64>
  /// Scratch for ruin and recreate: whether a client is currently out of every route.
  let removed: UnsafeMutablePointer<Bool>

  // MARK: Per-route state
  let routeLoad: UnsafeMutablePointer<Int64>
  let routeDist: UnsafeMutablePointer<Int64>
  let routeTravel: UnsafeMutablePointer<Int64>
  let routeService: UnsafeMutablePointer<Int64>
  let routePenalty: UnsafeMutablePointer<Int64>
  let routeSize: UnsafeMutablePointer<Int>
  let whenLastModified: UnsafeMutablePointer<Int>
  let whenLastTestedSwapStar: UnsafeMutablePointer<Int>
  let sectors: UnsafeMutablePointer<CircleSector>

  // MARK: SWAP* caches: the three cheapest insertions of each client into each route
  let insertCost: UnsafeMutablePointer<Int64>  // [route][client][3]
  let insertAfter: UnsafeMutablePointer<Int>  // [route][client][3]
  let insertStamp: UnsafeMutablePointer<Int>  // [route][client]

  // MARK: Scratch
  private var orderNodes: [Int]
  private var orderRoutes: [Int]
  var scratchA: [Int]
  var scratchB: [Int]

  var weights = PenaltyWeights(load: 1000, duration: 1000)
  /// Applied moves since creation; the stamps above compare against it.
  var moveCount = 0
  /// The stamp of the last `markAllTested()`.
  private var markStamp = 0
  /// The predicted cost change of the last committed move (tests compare it with a recomputation).
  private(set) var lastDelta: Int64 = 0
  private var searchCompleted = false
  private var loopID = 0
  /// Whether SWAP* runs (needs coordinates for its sector filter).
  let usesSwapStar: Bool

  init(data: SearchData) {
    self.data = data
    n = data.clientCount
    routeCount = data.vehicleCount
    nodeCount = n + 1 + 2 * routeCount
    func make<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
      let pointer = UnsafeMutablePointer<T>.allocate(capacity: count)
      pointer.initialize(repeating: value, count: count)
      return pointer
    }
    next = make(nodeCount, 0)
    prev = make(nodeCount, 0)
    routeOf = make(nodeCount, 0)
    position = make(nodeCount, 0)
    location = make(nodeCount, 0)
    cumLoad = make(nodeCount, 0)
    cumDist = make(nodeCount, 0)
    cumRevDist = make(nodeCount, 0)
    cumTravel = make(nodeCount, 0)
    cumRevTravel = make(nodeCount, 0)
    cumService = make(nodeCount, 0)
    whenLastTestedRI = make(nodeCount, -1)
    removal = make(nodeCount, 0)
    removed = make(nodeCount, false)
    routeLoad = make(routeCount, 0)
    routeDist = make(routeCount, 0)
    routeTravel = make(routeCount, 0)
    routeService = make(routeCount, 0)
    routePenalty = make(routeCount, 0)
    routeSize = make(routeCount, 0)
    whenLastModified = make(routeCount, 0)
    whenLastTestedSwapStar = make(routeCount, -1)
    sectors = make(routeCount, CircleSector())
    usesSwapStar = data.hasCoordinates
    let cacheCount = usesSwapStar ? routeCount * (n + 1) : 0
    insertCost = make(cacheCount * 3, 0)
    insertAfter = make(cacheCount * 3, 0)
    insertStamp = make(cacheCount, -1)
    orderNodes = Array(1..<(n + 1))
    orderRoutes = Array(0..<routeCount)
    scratchA = []
    scratchA.reserveCapacity(n)
    scratchB = []
    scratchB.reserveCapacity(n)
    for node in 0...n { location[node] = node }
    for r in 0..<routeCount {
      routeOf[startDepot(r)] = r
      routeOf[endDepot(r)] = r
    }
  }

  deinit {
    for pointer in [next, prev, routeOf, position, location, whenLastTestedRI, routeSize, whenLastModified,
                    whenLastTestedSwapStar, insertAfter, insertStamp] {
      pointer.deallocate()
    }
    for pointer in [removal, cumLoad, cumDist, cumRevDist, cumTravel, cumRevTravel, cumService, routeLoad, routeDist,
                    routeTravel, routeService, routePenalty, insertCost] {
      pointer.deallocate()
    }
    sectors.deallocate()
    removed.deallocate()
  }

  // MARK: - Accessors

  @inline(__always) func startDepot(_ r: Int) -> Int { n &+ 1 &+ r }
  @inline(__always) func endDepot(_ r: Int) -> Int { n &+ 1 &+ routeCount &+ r }
  @inline(__always) func isDepot(_ node: Int) -> Bool { node > n }
  @inline(__always) func d(_ a: Int, _ b: Int) -> Int64 { data.dist(location[a], location[b]) }
  @inline(__always) func t(_ a: Int, _ b: Int) -> Int64 { data.time(location[a], location[b]) }
  @inline(__always) func demand(_ node: Int) -> Int64 { data.demand[location[node]] }
  @inline(__always) func service(_ node: Int) -> Int64 { data.service[location[node]] }

  /// The penalty of a route with this load, duration (travel + service) and distance.
  @inline(__always)
  func penalty(load: Int64, duration: Int64, distance: Int64) -> Int64 {
    let loadExcess = load > data.capacity ? load &- data.capacity : 0
    var durationExcess: Int64 = distance > data.maxDistance ? distance &- data.maxDistance : 0
    if data.tracksDuration && duration > data.maxDuration { durationExcess &+= duration &- data.maxDuration }
    return weights.penalty(loadExcess: loadExcess, durationExcess: durationExcess)
  }

  /// Distance plus penalty of route `r`, from the caches.
  @inline(__always) func routeCost(_ r: Int) -> Int64 { routeDist[r] &+ routePenalty[r] }

  // MARK: - Loading and exporting

  /// Loads `individual`'s routes (route slot `r` gets `individual.routes[r]`).
  ///
  /// With `keepingUnchanged`, a route whose clients are already in slot `r` in the same order keeps
  /// its caches and stamps, so that reloading a slightly different solution stays cheap.
  func load(_ individual: Individual, keepingUnchanged: Bool = false) {
    moveCount += 1
    for r in 0..<routeCount {
      if keepingUnchanged && holds(individual.routes[r], inSlot: r) { continue }
      var previous = startDepot(r)
      for client in individual.routes[r] {
        next[previous] = client
        prev[client] = previous
        routeOf[client] = r
        previous = client
      }
      next[previous] = endDepot(r)
      prev[endDepot(r)] = previous
      updateRoute(r)
      whenLastTestedSwapStar[r] = -1
    }
    for node in 1..<(n + 1) { whenLastTestedRI[node] = -1 }
  }

  /// Whether route slot `r` visits exactly `clients`, in order.
  private func holds(_ clients: [Int], inSlot r: Int) -> Bool {
    guard routeSize[r] == clients.count else { return false }
    var node = next[startDepot(r)]
    for client in clients {
      if node != client { return false }
      node = next[node]
    }
    return true
  }

  /// Writes the routes into `individual` (sorted by polar angle of their barycentre when coordinates
  /// exist, so that the giant tour keeps nearby routes together) and evaluates it.
  ///
  /// Without `sortingRoutes`, route slot `r` goes to `individual.routes[r]`.
  func export(into individual: inout Individual, weights exportWeights: PenaltyWeights, sortingRoutes: Bool = true) {
    let sorts = sortingRoutes && data.hasCoordinates
    var keyed: [(key: Double, route: Int)] = []
    keyed.reserveCapacity(routeCount)
    for r in 0..<routeCount {
      var key = Double(r)
      if sorts && routeSize[r] > 0 {
        var sum = 0.0
        var node = next[startDepot(r)]
        while !isDepot(node) {
          sum += Double(data.polarAngle[node])
          node = next[node]
        }
        key = sum / Double(routeSize[r])
      }
      keyed.append((key, r))
    }
    if sorts { keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.route < $1.route } }
    for (slot, entry) in keyed.enumerated() {
      individual.routes[slot].removeAll(keepingCapacity: true)
      var node = next[startDepot(entry.route)]
      while !isDepot(node) {
        individual.routes[slot].append(node)
        node = next[node]
      }
    }
    individual.rebuildGiantTour()
    individual.evaluate(data, weights: exportWeights)
  }

  /// Recomputes the prefix caches and totals of route `r`.
  func updateRoute(_ r: Int) {
    var node = startDepot(r)
    var index = 0
    var load: Int64 = 0
    var dist: Int64 = 0
    var revDist: Int64 = 0
    var travel: Int64 = 0
    var revTravel: Int64 = 0
    var serviceSum: Int64 = 0
    position[node] = 0
    cumLoad[node] = 0
    cumDist[node] = 0
    cumRevDist[node] = 0
    cumTravel[node] = 0
    cumRevTravel[node] = 0
    cumService[node] = 0
    var sector = CircleSector()
    var first = true
    repeat {
      let following = next[node]
      index &+= 1
      load &+= demand(following)
      dist &+= d(node, following)
      revDist &+= d(following, node)
      if data.tracksDuration {
        travel &+= t(node, following)
        revTravel &+= t(following, node)
        serviceSum &+= service(following)
      }
      position[following] = index
      routeOf[following] = r
      cumLoad[following] = load
      cumDist[following] = dist
      cumRevDist[following] = revDist
      cumTravel[following] = travel
      cumRevTravel[following] = revTravel
      cumService[following] = serviceSum
      if usesSwapStar && !isDepot(following) {
        let angle = data.polarAngle[following]
        if first {
          sector = CircleSector(angle: angle)
          first = false
        } else {
          sector.extend(angle)
        }
      }
      node = following
    } while !isDepot(node)
    routeSize[r] = index &- 1
    routeLoad[r] = load
    routeDist[r] = dist
    routeTravel[r] = travel
    routeService[r] = serviceSum
    routePenalty[r] = penalty(load: load, duration: travel &+ serviceSum, distance: dist)
    whenLastModified[r] = moveCount
    sectors[r] = sector
  }

  /// Recomputes every route's penalty under the current weights.
  private func refreshPenalties() {
    for r in 0..<routeCount {
      routePenalty[r] = penalty(load: routeLoad[r], duration: routeTravel[r] &+ routeService[r], distance: routeDist[r])
    }
  }

  // MARK: - Linked-list edits

  /// Moves `u` to just after `v` (possibly in another route). Caches are stale until `updateRoute`.
  @inline(__always)
  func insert(_ u: Int, after v: Int) {
    let pu = prev[u], x = next[u]
    next[pu] = x
    prev[x] = pu
    let y = next[v]
    next[v] = u
    prev[u] = v
    next[u] = y
    prev[y] = u
    routeOf[u] = routeOf[v]
  }

  /// Exchanges the places of `u` and `v`.
  @inline(__always)
  func swapNodes(_ u: Int, _ v: Int) {
    let pu = prev[u], x = next[u], pv = prev[v], y = next[v]
    let ru = routeOf[u], rv = routeOf[v]
    next[pu] = v
    prev[v] = pu
    next[v] = x
    prev[x] = v
    next[pv] = u
    prev[u] = pv
    next[u] = y
    prev[y] = u
    routeOf[u] = rv
    routeOf[v] = ru
  }

  /// Rewrites route `r` to visit `clients` in order.
  func relink(_ r: Int, _ clients: [Int]) {
    var previous = startDepot(r)
    for client in clients {
      next[previous] = client
      prev[client] = previous
      routeOf[client] = r
      previous = client
    }
    next[previous] = endDepot(r)
    prev[endDepot(r)] = previous
  }

  /// Records an applied move: refreshes the touched routes and, in debug builds, checks that the
  /// predicted delta equals the recomputed cost change.
  @inline(__always)
  func commit(_ ru: Int, _ rv: Int, costBefore: Int64, delta: Int64) {
    moveCount &+= 1
    lastDelta = delta
    searchCompleted = false
    updateRoute(ru)
    if rv != ru { updateRoute(rv) }
    assert(
      (ru == rv ? routeCost(ru) : routeCost(ru) + routeCost(rv)) == costBefore + delta,
      "a move's predicted delta differs from the recomputed cost change")
  }

  // MARK: - Main loop

  /// Improves the loaded solution until no move in the neighbourhood improves it.
  ///
  /// An exhaustive run tests every pair on its first pass. A focused run (after ``markAllTested()``
  /// and a perturbation) tests only pairs involving a route changed since then.
  func run(weights runWeights: PenaltyWeights, rng: inout SplitMix64, exhaustive: Bool = true) {
    weights = runWeights
    refreshPenalties()
    orderNodes.shuffle(using: &rng)
    orderRoutes.shuffle(using: &rng)
    let granularity = max(1, data.neighbours.count / max(1, n))
    for u in 1..<(n + 1) where rng.below(granularity) == 0 {
      let lower = data.neighbourStart[u], upper = data.neighbourStart[u + 1]
      data.neighbours[lower..<upper].shuffle(using: &rng)
    }
    searchCompleted = false
    loopID = exhaustive ? 0 : 1
    while !searchCompleted {
      if loopID > 1 { searchCompleted = true }
      let pass = loopID
      data.neighbours.withUnsafeBufferPointer { neighbours in
        data.neighbourStart.withUnsafeBufferPointer { starts in
          improveWithNeighbours(neighbours, starts, pass: pass)
        }
      }
      // SWAP* is costly next to the focused moves: measured on X-n979, iterated local search found
      // better solutions in the same time when only exhaustive runs used it.
      if usesSwapStar && exhaustive { improveWithSwapStar(pass: pass) }
      loopID += 1
    }
  }

  /// One pass of the granular moves; `pass` is the loop number (0 tests every pair).
  private func improveWithNeighbours(
    _ neighbours: UnsafeBufferPointer<Int>, _ starts: UnsafeBufferPointer<Int>, pass: Int
  ) {
    for u in orderNodes {
      let lastTest = whenLastTestedRI[u]
      whenLastTestedRI[u] = moveCount
      for k in starts[u]..<starts[u + 1] {
        let v = neighbours[k]
        if pass > 0 && max(whenLastModified[routeOf[u]], whenLastModified[routeOf[v]]) <= lastTest { continue }
        if tryMoves(u, v) { continue }
        let pv = prev[v]
        if isDepot(pv) {
          if relocate(u, after: pv) || relocatePair(u, after: pv) || relocatePairReversed(u, after: pv) { continue }
          if routeOf[u] != routeOf[pv] && (twoOptStarReversed(u, pv) || twoOptStar(u, pv)) { continue }
        }
      }
      // Moves into an empty route, not on the first loop so as not to inflate the fleet (HGS-CVRP).
      if pass > 0, let empty = firstEmptyRoute() {
        let depot = startDepot(empty)
        _ = relocate(u, after: depot) || relocatePair(u, after: depot) || relocatePairReversed(u, after: depot)
          || twoOptStar(u, depot)
      }
    }
  }

  @inline(__always)
  private func tryMoves(_ u: Int, _ v: Int) -> Bool {
    if relocate(u, after: v) { return true }
    if relocatePair(u, after: v) { return true }
    if relocatePairReversed(u, after: v) { return true }
    if u <= v && swap(u, v) { return true }
    if swapPairWithOne(u, v) { return true }
    if u <= v && swapPairs(u, v) { return true }
    if routeOf[u] == routeOf[v] {
      if twoOpt(u, v) { return true }
    } else {
      if twoOptStarReversed(u, v) { return true }
      if twoOptStar(u, v) { return true }
    }
    return false
  }

  func firstEmptyRoute() -> Int? {
    for r in 0..<routeCount where routeSize[r] == 0 { return r }
    return nil
  }

  private func improveWithSwapStar(pass: Int) {
    for i in 0..<routeCount {
      let ru = orderRoutes[i]
      let lastTest = whenLastTestedSwapStar[ru]
      whenLastTestedSwapStar[ru] = moveCount
      guard routeSize[ru] > 0 else { continue }
      for j in 0..<routeCount {
        let rv = orderRoutes[j]
        guard ru < rv, routeSize[rv] > 0 else { continue }
        if pass > 0 && max(whenLastModified[ru], whenLastModified[rv]) <= lastTest { continue }
        if CircleSector.overlap(sectors[ru], sectors[rv]) { _ = swapStar(ru, rv) }
      }
    }
  }

  /// Route slots changed since `markAllTested()` was last called, in increasing order.
  func changedRoutes(into slots: inout [Int]) {
    slots.removeAll(keepingCapacity: true)
    for r in 0..<routeCount where whenLastModified[r] > markStamp { slots.append(r) }
  }

  /// Marks every client and route as tested now, so that a following focused run only looks at
  /// what changes afterwards.
  func markAllTested() {
    moveCount &+= 1
    markStamp = moveCount
    for node in 1..<(n + 1) { whenLastTestedRI[node] = moveCount }
    for r in 0..<routeCount { whenLastTestedSwapStar[r] = moveCount }
  }

  // MARK: - Invariants

  /// Checks every cache against a recomputation from the links (tests and debug builds).
  func checkInvariants() -> Bool {
    var seen = Array(repeating: false, count: n + 1)
    for r in 0..<routeCount {
      var node = next[startDepot(r)]
      var count = 0
      var load: Int64 = 0
      var previous = startDepot(r)
      var dist: Int64 = 0
      while !isDepot(node) {
        guard prev[node] == previous, routeOf[node] == r, !seen[node] else { return false }
        seen[node] = true
        count += 1
        load += demand(node)
        dist += d(previous, node)
        previous = node
        node = next[node]
      }
      dist += d(previous, node)
      guard node == endDepot(r), count == routeSize[r], load == routeLoad[r], dist == routeDist[r] else {
        return false
      }
    }
    return seen.dropFirst().allSatisfy { $0 }
  }
}
