/// Granular local search for rich problems: disposal trips, time windows with time warp, breaks,
/// several capacity dimensions, mixed fleets, optional clients.
///
/// Each route is an array of positions (start depot, visits, end depot) with cached prefix and suffix
/// segments, so that any route made of a prefix, a few stops and a suffix is priced in O(1)
/// (``DurationSegment``, ``LoadSegment``); a route is rebuilt in O(length) when a move is applied.
/// The break has no location: it is taken where the vehicle is, so it adds no distance.
///
/// Not `Sendable`: one instance per search task.
final class RichLocalSearch {
  let data: RichData
  let n: Int
  let routeCount: Int
  /// Positions per route slot.
  let stride: Int

  // MARK: Per position (slot r, position p at r * stride + p)
  let code: UnsafeMutablePointer<Int>
  let place: UnsafeMutablePointer<Int>  // location, or -1 for the break
  let realBefore: UnsafeMutablePointer<Int>  // the last location at or before p
  let preDist: UnsafeMutablePointer<Int64>
  let sufDist: UnsafeMutablePointer<Int64>
  let preTime: UnsafeMutablePointer<DurationSegment>
  let sufTime: UnsafeMutablePointer<DurationSegment>
  let preLoad: UnsafeMutablePointer<LoadSegment>
  let sufLoad: UnsafeMutablePointer<LoadSegment>
  let sufAllowed: UnsafeMutablePointer<UInt64>

  // MARK: Per route
  let length: UnsafeMutablePointer<Int>
  let routeCost: UnsafeMutablePointer<Int64>
  let breakPosition: UnsafeMutablePointer<Int>  // -1 when none
  let lastDisposal: UnsafeMutablePointer<Int>  // -1 when none
  let whenModified: UnsafeMutablePointer<Int>
  let whenOptimised: UnsafeMutablePointer<Int>

  // MARK: Per client
  let routeOf: UnsafeMutablePointer<Int>  // -1 when unrouted
  let positionOf: UnsafeMutablePointer<Int>
  let window: UnsafeMutablePointer<Int>  // index into data.windowEarliest of the active window
  /// Clients whose surroundings changed since they were last examined (PyVRP's "promising" nodes):
  /// only they are examined, so that a search after a small perturbation stays local.
  let promising: UnsafeMutablePointer<Bool>
  /// The move count when each client was last examined.
  let examined: UnsafeMutablePointer<Int>

  /// The penalty weights, behind a pointer so that pricing a route reads them without a dynamic
  /// exclusivity check.
  private let weightStore: UnsafeMutablePointer<PenaltyWeights>
  var weights: PenaltyWeights {
    get { weightStore.pointee }
    set { weightStore.pointee = newValue }
  }
  var moveCount = 1
  private var order: [Int]
  /// The first empty slot of each type, refreshed after every change of routes.
  var emptySlot: [Int]
  var scratch: [Int] = []
  /// The unloading site (or -1) and break place (or -1) of the new route `costOfNewRoute` priced best.
  var newRouteLayout = (site: -1, breakAfter: -1)

  init(data: RichData) {
    self.data = data
    n = data.clientCount
    routeCount = data.slotType.count
    stride = n + 4 + max(8, n / 2)
    func make<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
      let pointer = UnsafeMutablePointer<T>.allocate(capacity: count)
      pointer.initialize(repeating: value, count: count)
      return pointer
    }
    let cells = routeCount * stride
    let zeroTime = DurationSegment(service: 0, earliest: 0, latest: 0)
    code = make(cells, 0)
    place = make(cells, 0)
    realBefore = make(cells, 0)
    preDist = make(cells, 0)
    sufDist = make(cells, 0)
    preTime = make(cells, zeroTime)
    sufTime = make(cells, zeroTime)
    preLoad = make(cells, .empty)
    sufLoad = make(cells, .empty)
    sufAllowed = make(cells, 0)
    length = make(routeCount, 2)
    routeCost = make(routeCount, 0)
    breakPosition = make(routeCount, -1)
    lastDisposal = make(routeCount, -1)
    whenModified = make(routeCount, 0)
    whenOptimised = make(routeCount, -1)
    routeOf = make(max(1, n), -1)
    positionOf = make(max(1, n), 0)
    window = make(max(1, n), 0)
    promising = make(max(1, n), true)
    examined = make(max(1, n), -1)
    for c in 0..<n { window[c] = data.windowStart[c] }
    order = Array(0..<n)
    weightStore = make(1, PenaltyWeights(load: 1000, duration: 1000))
    emptySlot = Array(repeating: -1, count: data.typeCount)
    for r in 0..<routeCount { clear(r) }
  }

  deinit {
    for pointer in [code, place, realBefore, length, breakPosition, lastDisposal, whenModified, whenOptimised,
                    routeOf, positionOf, window, examined] {
      pointer.deallocate()
    }
    for pointer in [preDist, sufDist, routeCost] { pointer.deallocate() }
    preTime.deallocate()
    promising.deallocate()
    weightStore.deallocate()
    sufTime.deallocate()
    preLoad.deallocate()
    sufLoad.deallocate()
    sufAllowed.deallocate()
  }

  // MARK: - Stops and segments

  @inline(__always) func isClient(_ c: Int) -> Bool { c < n }
  @inline(__always) func isSite(_ c: Int) -> Bool { c >= n && c < data.breakCode }

  @inline(__always)
  func location(of c: Int) -> Int {
    c < n ? data.clientLocation[c] : data.siteLocation[c &- n]
  }

  /// The time segment of stop `c` (not a depot) in a vehicle of type `t`.
  @inline(__always)
  func timeSegment(_ c: Int, type t: Int) -> DurationSegment {
    if c < n {
      let w = window[c]
      return DurationSegment(service: data.service[c], earliest: data.windowEarliest[w], latest: data.windowLatest[w])
    }
    if c == data.breakCode {
      return DurationSegment(service: data.breakDuration[t], earliest: data.breakOpens[t], latest: data.breakCloses[t])
    }
    let s = c &- n
    return DurationSegment(service: data.siteUnload[s], earliest: data.siteOpens[s], latest: data.siteCloses[s])
  }

  @inline(__always)
  func loadSegment(_ c: Int) -> LoadSegment {
    if c < n { return .client(data.demand[c]) }
    return c == data.breakCode ? .empty : .unloading
  }

  @inline(__always)
  func depotSegment(type t: Int) -> DurationSegment {
    DurationSegment(service: 0, earliest: data.shiftStart[t], latest: data.shiftEnd[t])
  }

  /// A route under construction for pricing: a prefix, then stops, then a suffix.
  struct Partial {
    var time: DurationSegment
    var distance: Int64
    var load: LoadSegment
    var last: Int
  }

  @inline(__always)
  func prefix(_ r: Int, through p: Int) -> Partial {
    let i = r &* stride &+ p
    return Partial(time: preTime[i], distance: preDist[i], load: preLoad[i], last: realBefore[i])
  }

  /// Appends stop `c` to a route of type `t`.
  @inline(__always)
  func append(_ partial: inout Partial, _ c: Int, type t: Int) {
    if c == data.breakCode {
      partial.time = partial.time.then(timeSegment(c, type: t), travel: 0)
      return
    }
    let l = location(of: c)
    partial.time = partial.time.then(timeSegment(c, type: t), travel: data.time(partial.last, l))
    partial.distance &+= data.dist(partial.last, l)
    partial.load = partial.load.then(loadSegment(c), capacity: data.capacity[t])
    partial.last = l
  }

  /// Appends route `r` from position `p` to its end.
  @inline(__always)
  func appendSuffix(_ partial: inout Partial, _ r: Int, from p: Int, type t: Int) {
    var p = p
    var i = r &* stride &+ p
    if code[i] == data.breakCode {
      partial.time = partial.time.then(timeSegment(data.breakCode, type: t), travel: 0)
      p &+= 1
      i &+= 1
    }
    let l = place[i]
    partial.time = partial.time.then(sufTime[i], travel: data.time(partial.last, l))
    partial.distance &+= data.dist(partial.last, l) &+ sufDist[i]
    partial.load = partial.load.then(sufLoad[i], capacity: data.capacity[t])
  }

  /// The objective cost and the excesses of a complete route of type `t` (all 0 when it visits no client).
  @inline(__always)
  func parts(_ partial: Partial, type t: Int) -> (objective: Int64, loadExcess: Int64, timeExcess: Int64) {
    guard partial.load.stops > 0 else { return (0, 0, 0) }
    let load = partial.load
    var loadExcess = load.routeExcess(data.capacity[t])
    if load.total > data.maxTotalLoad[t] { loadExcess &+= load.total &- data.maxTotalLoad[t] }
    if load.stops > data.maxStops[t] { loadExcess &+= load.stops &- data.maxStops[t] }
    let time = partial.time
    var timeExcess = time.timeWarp
    if time.duration > data.maxDuration[t] { timeExcess &+= time.duration &- data.maxDuration[t] }
    if partial.distance > data.maxDistance[t] { timeExcess &+= partial.distance &- data.maxDistance[t] }
    let objective = data.fixedCost[t] &+ data.unitDistanceCost[t] &* partial.distance
      &+ data.unitDurationCost[t] &* time.duration
    return (objective, loadExcess, timeExcess)
  }

  /// The penalised cost of a complete route of type `t` (0 when it visits no client).
  @inline(__always)
  func cost(_ partial: Partial, type t: Int) -> Int64 {
    let (objective, loadExcess, timeExcess) = parts(partial, type: t)
    return objective &+ weightStore.pointee.penalty(loadExcess: loadExcess, durationExcess: timeExcess)
  }

  // MARK: - Routes

  @inline(__always) func type(_ r: Int) -> Int { data.slotType[r] }
  @inline(__always) func clients(_ r: Int) -> Int64 { preLoad[r &* stride &+ length[r] &- 1].stops }
  @inline(__always) func codeAt(_ r: Int, _ p: Int) -> Int { code[r &* stride &+ p] }

  /// Makes slot `r` an empty route.
  func clear(_ r: Int) {
    let base = r * stride
    code[base] = data.depotCode
    code[base + 1] = data.depotCode
    length[r] = 2
    update(r)
  }

  /// Rebuilds the caches of route `r` from its codes.
  func update(_ r: Int) {
    let t = type(r)
    let base = r &* stride
    let m = length[r]
    let capacity = data.capacity[t]
    place[base] = data.startLocation[t]
    place[base &+ m &- 1] = data.endLocation[t]
    breakPosition[r] = -1
    lastDisposal[r] = -1
    realBefore[base] = place[base]
    preDist[base] = 0
    preTime[base] = depotSegment(type: t)
    preLoad[base] = .empty
    for p in 1..<m {
      let i = base &+ p
      let c = code[i]
      if c == data.breakCode {
        breakPosition[r] = p
        place[i] = -1
        realBefore[i] = realBefore[i &- 1]
        preDist[i] = preDist[i &- 1]
        preTime[i] = preTime[i &- 1].then(timeSegment(c, type: t), travel: 0)
        preLoad[i] = preLoad[i &- 1]
        continue
      }
      let segment: DurationSegment
      if p == m &- 1 {
        segment = depotSegment(type: t)
      } else {
        place[i] = location(of: c)
        segment = timeSegment(c, type: t)
        if c < n {
          routeOf[c] = r
          positionOf[c] = p
        } else {
          lastDisposal[r] = p
        }
      }
      let from = realBefore[i &- 1]
      realBefore[i] = place[i]
      preDist[i] = preDist[i &- 1] &+ data.dist(from, place[i])
      preTime[i] = preTime[i &- 1].then(segment, travel: data.time(from, place[i]))
      preLoad[i] = p == m &- 1 ? preLoad[i &- 1] : preLoad[i &- 1].then(loadSegment(c), capacity: capacity)
    }
    let end = base &+ m &- 1
    sufDist[end] = 0
    sufTime[end] = depotSegment(type: t)
    sufLoad[end] = .empty
    sufAllowed[end] = ~0
    var p = m &- 2
    while p >= 0 {
      let i = base &+ p
      let c = code[i]
      if c == data.breakCode {
        // Never read directly (appendSuffix expands the break): keep the next position's caches.
        sufDist[i] = sufDist[i &+ 1]
        sufTime[i] = sufTime[i &+ 1]
        sufLoad[i] = sufLoad[i &+ 1]
        sufAllowed[i] = sufAllowed[i &+ 1]
        p &-= 1
        continue
      }
      let own = p == 0 ? depotSegment(type: t) : timeSegment(c, type: t)
      let ownLoad = p == 0 ? LoadSegment.empty : loadSegment(c)
      var after = i &+ 1
      var rest = sufTime[after]
      if code[after] == data.breakCode {
        after &+= 1
        rest = timeSegment(data.breakCode, type: t).then(sufTime[after], travel: data.time(place[i], place[after]))
        sufTime[i] = own.then(rest, travel: 0)
      } else {
        sufTime[i] = own.then(rest, travel: data.time(place[i], place[after]))
      }
      sufDist[i] = data.dist(place[i], place[after]) &+ sufDist[after]
      sufLoad[i] = ownLoad.then(sufLoad[after], capacity: capacity)
      sufAllowed[i] = sufAllowed[after] & (c < n && p > 0 ? data.allowedTypes[c] : ~0)
      p &-= 1
    }
    routeCost[r] = cost(prefix(r, through: m &- 1), type: t)
    whenModified[r] = moveCount
  }

  /// Inserts `c` after position `p` of route `r` (caches not updated).
  func insert(_ c: Int, into r: Int, after p: Int) {
    let base = r &* stride
    let m = length[r]
    precondition(m < stride, "route slot overflow")
    var q = m
    while q > p &+ 1 {
      code[base &+ q] = code[base &+ q &- 1]
      q &-= 1
    }
    code[base &+ p &+ 1] = c
    length[r] = m &+ 1
  }

  /// Removes position `p` of route `r` (caches not updated).
  func remove(from r: Int, at p: Int) {
    let base = r &* stride
    let m = length[r]
    for q in p..<(m &- 1) { code[base &+ q] = code[base &+ q &+ 1] }
    length[r] = m &- 1
  }

  /// Makes route `r` consistent after clients left or arrived: an empty route loses its disposal
  /// visits and break; a non-empty one gets a final disposal visit and a break when it needs them.
  func normalise(_ r: Int) {
    let base = r &* stride
    let t = type(r)
    var clientCount = 0
    for p in 1..<(length[r] &- 1) where code[base &+ p] < n { clientCount &+= 1 }
    if clientCount == 0 {
      clear(r)
      return
    }
    // A final unloading after the last client.
    if data.needsDisposal {
      var lastClient = 0
      var finalSite = -1
      for p in 1..<(length[r] &- 1) {
        let c = code[base &+ p]
        if c < n { lastClient = p; finalSite = -1 } else if isSite(c) { finalSite = p }
      }
      if finalSite < 0 { insert(n &+ nearestSite(after: location(of: code[base &+ lastClient]), type: t), into: r, after: lastClient) }
    }
    if data.hasBreak[t] {
      var breaks = 0
      var p = 1
      while p < length[r] &- 1 {
        if code[base &+ p] == data.breakCode {
          breaks &+= 1
          if breaks > 1 {
            remove(from: r, at: p)
            continue
          }
        }
        p &+= 1
      }
      if breaks == 0 { insert(data.breakCode, into: r, after: 0) }
    }
    update(r)
    if data.hasBreak[t] { placeBreak(r) }
  }

  /// The allowed site of type `t` nearest to location `l` then the end depot.
  func nearestSite(after l: Int, type t: Int) -> Int {
    var best = data.typeSites[data.typeSiteStart[t]]
    var bestCost = Int64.max
    for k in data.typeSiteStart[t]..<data.typeSiteStart[t &+ 1] {
      let s = data.typeSites[k]
      let c = data.dist(l, data.siteLocation[s]) &+ data.dist(data.siteLocation[s], data.endLocation[t])
      if c < bestCost {
        bestCost = c
        best = s
      }
    }
    return best
  }

  /// Marks the clients at positions `p - 1 ... p + 1` of route `r` as promising.
  @inline(__always)
  func markAround(_ r: Int, _ p: Int) {
    let low = max(1, p &- 1)
    let high = min(length[r] &- 2, p &+ 1)
    guard low <= high else { return }
    for q in low...high {
      let c = code[r &* stride &+ q]
      if c < n { promising[c] = true }
    }
  }

  /// Marks every client as promising (a full search).
  func markAll() {
    for c in 0..<n { promising[c] = true }
  }

  func refreshEmptySlots() {
    for t in 0..<data.typeCount { emptySlot[t] = -1 }
    for r in 0..<routeCount where length[r] == 2 && emptySlot[type(r)] < 0 { emptySlot[type(r)] = r }
  }

  /// Moves the client order for the next pass.
  func shuffleOrder(rng: inout SplitMix64) { order.shuffle(using: &rng) }
  var clientOrder: [Int] { order }
}
