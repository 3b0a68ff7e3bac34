/// Granular local search for rich problems: disposal trips, time windows with time warp, breaks,
/// several capacity dimensions, mixed fleets, optional clients.
///
/// Each route is an array of positions (start depot, visits, end depot) with cached prefix and suffix
/// segments, so that any route made of a prefix, a few stops and a suffix is priced in O(1)
/// (``DurationSegment``, ``LoadSegment``, driving time for the break's driving-time rule); a route is
/// rebuilt in O(length) when a move is applied. The break has no location: it is taken where the vehicle
/// is, so it adds no distance; a route holds it only when it is owed or pays.
///
/// Storage grows as needed: each route owns a run of positions in flat buffers (`start[r]`,
/// `room[r]`) and moves to a larger run when it outgrows its own (a route may need an unloading stop
/// after every client, and the break); the buffers are compacted and enlarged when they fill up. Slots
/// are added to a type with an unlimited count whenever it has no empty one left, so a new route is
/// always available to such a type. Debug builds assert every position against its route's room.
///
/// Not `Sendable`: one instance per search task.
final class RichLocalSearch {
  let data: RichData
  let n: Int
  /// The number of route slots (grows for unlimited types, never shrinks).
  private(set) var routeCount: Int
  private var routeCapacity: Int

  // MARK: Per position (slot r, position p at start[r] + p, p < room[r])
  private(set) var code: UnsafeMutablePointer<Int>
  private(set) var place: UnsafeMutablePointer<Int>  // location, or -1 for the break
  private(set) var realBefore: UnsafeMutablePointer<Int>  // the last location at or before p
  private(set) var preDist: UnsafeMutablePointer<Int64>
  private(set) var sufDist: UnsafeMutablePointer<Int64>
  private(set) var preDrive: UnsafeMutablePointer<Int64>  // travel time from the start to p
  private(set) var sufDrive: UnsafeMutablePointer<Int64>  // travel time from p to the end
  private(set) var preTime: UnsafeMutablePointer<DurationSegment>
  private(set) var sufTime: UnsafeMutablePointer<DurationSegment>
  private(set) var preLoad: UnsafeMutablePointer<LoadSegment>
  private(set) var sufLoad: UnsafeMutablePointer<LoadSegment>
  private(set) var sufAllowed: UnsafeMutablePointer<UInt64>
  private var cellCapacity: Int
  private var cellsUsed: Int

  // MARK: Per route
  private(set) var slotType: UnsafeMutablePointer<Int>
  private(set) var start: UnsafeMutablePointer<Int>
  private(set) var room: UnsafeMutablePointer<Int>
  private(set) var length: UnsafeMutablePointer<Int>
  private(set) var routeCost: UnsafeMutablePointer<Int64>
  private(set) var breakPosition: UnsafeMutablePointer<Int>  // -1 when none
  private(set) var lastDisposal: UnsafeMutablePointer<Int>  // -1 when none
  private(set) var whenModified: UnsafeMutablePointer<Int>
  private(set) var whenOptimised: UnsafeMutablePointer<Int>

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
  /// Each vehicle type's limits and costs side by side, so that pricing a route reads one record
  /// instead of a dozen arrays.
  private let rules: UnsafeMutablePointer<TypeRules>
  var weights: PenaltyWeights {
    get { weightStore.pointee }
    set { weightStore.pointee = newValue }
  }
  var moveCount = 1
  private var order: [Int]
  /// The first empty slot of each type (-1: none), refreshed after every change of routes.
  var emptySlot: [Int]
  var scratch: [Int] = []
  /// The unloading site (or -1) and break place (or -1) of the new route `costOfNewRoute` priced best.
  var newRouteLayout = (site: -1, breakAfter: -1)
  /// When set, insertions are only made where the route stays feasible (the construction).
  var feasibleOnly = false

  /// Room for a new route: the depots, a client, an unloading stop and the break, with slack.
  static let minimumRoom = 8

  init(data: RichData) {
    self.data = data
    n = data.clientCount
    let slots = data.initialSlots
    routeCount = slots.count
    routeCapacity = max(4, slots.count)
    func make<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
      let pointer = UnsafeMutablePointer<T>.allocate(capacity: count)
      pointer.initialize(repeating: value, count: count)
      return pointer
    }
    // A first room per route from the clients and sites a route would hold if all were shared evenly.
    let perRoute = Self.minimumRoom + 2 * (data.activeClients.count / max(1, slots.count))
    let firstRoom = min(max(Self.minimumRoom, perRoute), 2 * data.activeClients.count + 4)
    cellCapacity = max(64, firstRoom * slots.count + 4 * Self.minimumRoom)
    cellsUsed = 0
    let cells = cellCapacity
    let zeroTime = DurationSegment(service: 0, earliest: 0, latest: 0)
    code = make(cells, 0)
    place = make(cells, 0)
    realBefore = make(cells, 0)
    preDist = make(cells, 0)
    sufDist = make(cells, 0)
    preDrive = make(cells, 0)
    sufDrive = make(cells, 0)
    preTime = make(cells, zeroTime)
    sufTime = make(cells, zeroTime)
    preLoad = make(cells, .empty)
    sufLoad = make(cells, .empty)
    sufAllowed = make(cells, 0)
    let routes = routeCapacity
    slotType = make(routes, 0)
    start = make(routes, 0)
    room = make(routes, 0)
    length = make(routes, 2)
    routeCost = make(routes, 0)
    breakPosition = make(routes, -1)
    lastDisposal = make(routes, -1)
    whenModified = make(routes, 0)
    whenOptimised = make(routes, -1)
    routeOf = make(max(1, n), -1)
    positionOf = make(max(1, n), 0)
    window = make(max(1, n), 0)
    promising = make(max(1, n), true)
    examined = make(max(1, n), -1)
    for c in 0..<n { window[c] = data.windowStart[c] }
    order = data.activeClients
    weightStore = make(1, PenaltyWeights(load: 1000, duration: 1000))
    rules = UnsafeMutablePointer<TypeRules>.allocate(capacity: max(1, data.typeCount))
    for t in 0..<data.typeCount { (rules + t).initialize(to: TypeRules(data, type: t)) }
    emptySlot = Array(repeating: -1, count: data.typeCount)
    for (r, t) in slots.enumerated() {
      slotType[r] = t
      start[r] = cellsUsed
      room[r] = firstRoom
      cellsUsed &+= firstRoom
      clear(r)
    }
    refreshEmptySlots()
  }

  deinit {
    for pointer in [code, place, realBefore, slotType, start, room, length, breakPosition, lastDisposal,
                    whenModified, whenOptimised, routeOf, positionOf, window, examined] {
      pointer.deallocate()
    }
    for pointer in [preDist, sufDist, preDrive, sufDrive, routeCost] { pointer.deallocate() }
    preTime.deallocate()
    sufTime.deallocate()
    preLoad.deallocate()
    sufLoad.deallocate()
    sufAllowed.deallocate()
    promising.deallocate()
    weightStore.deallocate()
    rules.deallocate()
  }

  // MARK: - Storage

  /// The buffer index of position `p` of route `r` (bounds asserted in debug builds).
  @inline(__always)
  func cell(_ r: Int, _ p: Int) -> Int {
    assert(r >= 0 && r < routeCount && p >= 0 && p < room[r], "position \(p) outside route \(r)")
    return start[r] &+ p
  }

  /// Makes room for route `r` to hold `positions` positions, moving it to a larger run when needed.
  func ensureRoom(_ r: Int, for positions: Int) {
    guard positions > room[r] else { return }
    let wanted = max(Self.minimumRoom, 2 * positions)
    if cellsUsed &+ wanted > cellCapacity { compact(growing: r, to: wanted) }
    if positions > room[r] {
      copyCells(from: start[r], to: cellsUsed, count: length[r])
      start[r] = cellsUsed
      room[r] = wanted
      cellsUsed &+= wanted
    }
  }

  private func copyCells(from source: Int, to target: Int, count: Int) {
    guard count > 0, source != target else { return }
    assert(source >= 0 && target >= 0 && source &+ count <= cellCapacity && target &+ count <= cellCapacity)
    func copy<T>(_ pointer: UnsafeMutablePointer<T>) { (pointer + target).update(from: pointer + source, count: count) }
    copy(code)
    copy(place)
    copy(realBefore)
    copy(preDist)
    copy(sufDist)
    copy(preDrive)
    copy(sufDrive)
    copy(preTime)
    copy(sufTime)
    copy(preLoad)
    copy(sufLoad)
    copy(sufAllowed)
  }

  /// Lays every route out again, each with its room (route `growing` with `wanted`), in buffers with
  /// twice the room needed.
  private func compact(growing: Int, to wanted: Int) {
    var needed = 0
    for r in 0..<routeCount { needed &+= r == growing ? max(wanted, room[r]) : max(Self.minimumRoom, room[r]) }
    let capacity = max(2 * needed, 64)
    var starts = [Int](repeating: 0, count: routeCount)
    var next = 0
    for r in 0..<routeCount {
      starts[r] = next
      next &+= r == growing ? max(wanted, room[r]) : max(Self.minimumRoom, room[r])
    }
    func moved<T>(_ old: UnsafeMutablePointer<T>, _ fill: T) -> UnsafeMutablePointer<T> {
      let pointer = UnsafeMutablePointer<T>.allocate(capacity: capacity)
      pointer.initialize(repeating: fill, count: capacity)
      for r in 0..<routeCount where length[r] > 0 {
        (pointer + starts[r]).update(from: old + start[r], count: length[r])
      }
      old.deallocate()
      return pointer
    }
    let zeroTime = DurationSegment(service: 0, earliest: 0, latest: 0)
    code = moved(code, 0)
    place = moved(place, 0)
    realBefore = moved(realBefore, 0)
    preDist = moved(preDist, 0)
    sufDist = moved(sufDist, 0)
    preDrive = moved(preDrive, 0)
    sufDrive = moved(sufDrive, 0)
    preTime = moved(preTime, zeroTime)
    sufTime = moved(sufTime, zeroTime)
    preLoad = moved(preLoad, .empty)
    sufLoad = moved(sufLoad, .empty)
    sufAllowed = moved(sufAllowed, 0)
    for r in 0..<routeCount {
      start[r] = starts[r]
      room[r] = r == growing ? max(wanted, room[r]) : max(Self.minimumRoom, room[r])
    }
    cellCapacity = capacity
    cellsUsed = next
  }

  /// Adds an empty slot of type `t` and returns it.
  @discardableResult
  func addSlot(type t: Int) -> Int {
    if routeCount == routeCapacity {
      let capacity = 2 * routeCapacity
      func grown<T>(_ old: UnsafeMutablePointer<T>, _ fill: T) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        pointer.initialize(repeating: fill, count: capacity)
        pointer.update(from: old, count: routeCount)
        old.deallocate()
        return pointer
      }
      slotType = grown(slotType, 0)
      start = grown(start, 0)
      room = grown(room, 0)
      length = grown(length, 2)
      routeCost = grown(routeCost, 0)
      breakPosition = grown(breakPosition, -1)
      lastDisposal = grown(lastDisposal, -1)
      whenModified = grown(whenModified, 0)
      whenOptimised = grown(whenOptimised, -1)
      routeCapacity = capacity
    }
    let r = routeCount
    routeCount &+= 1
    slotType[r] = t
    length[r] = 0
    room[r] = 0
    ensureRoom(r, for: Self.minimumRoom)
    clear(r)
    return r
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
    /// Travel time so far.
    var drive: Int64
    /// Travel time before the break, or -1 when the route has no break (yet).
    var driveAtBreak: Int64
  }

  @inline(__always)
  func prefix(_ r: Int, through p: Int) -> Partial {
    let i = cell(r, p)
    let b = breakPosition[r]
    return Partial(
      time: preTime[i], distance: preDist[i], load: preLoad[i], last: realBefore[i], drive: preDrive[i],
      driveAtBreak: b > 0 && b <= p ? preDrive[cell(r, b)] : -1)
  }

  /// Appends stop `c` to a route of type `t`.
  @inline(__always)
  func append(_ partial: inout Partial, _ c: Int, type t: Int) {
    if c == data.breakCode {
      partial.time = partial.time.then(timeSegment(c, type: t), travel: 0)
      partial.driveAtBreak = partial.drive
      return
    }
    let l = location(of: c)
    let travel = data.time(partial.last, l)
    partial.time = partial.time.then(timeSegment(c, type: t), travel: travel)
    partial.distance &+= data.dist(partial.last, l)
    partial.drive &+= travel
    partial.load = partial.load.then(loadSegment(c), capacity: data.capacity[t])
    partial.last = l
  }

  /// Appends route `r` from position `p` to its end.
  @inline(__always)
  func appendSuffix(_ partial: inout Partial, _ r: Int, from p: Int, type t: Int) {
    var p = p
    var i = cell(r, p)
    if code[i] == data.breakCode {
      partial.time = partial.time.then(timeSegment(data.breakCode, type: t), travel: 0)
      partial.driveAtBreak = partial.drive
      p &+= 1
      i &+= 1
    }
    let l = place[i]
    let travel = data.time(partial.last, l)
    let b = breakPosition[r]
    if b > p {
      // The break lies further on: the driving up to the stop before it happens before the break.
      partial.driveAtBreak = partial.drive &+ travel &+ sufDrive[i] &- sufDrive[cell(r, b &- 1)]
    }
    partial.time = partial.time.then(sufTime[i], travel: travel)
    partial.distance &+= data.dist(partial.last, l) &+ sufDist[i]
    partial.drive &+= travel &+ sufDrive[i]
    partial.load = partial.load.then(sufLoad[i], capacity: data.capacity[t])
  }

  /// The excess owed to a vehicle type's break `rule` by a complete route: a missing break that is owed,
  /// or driving beyond the driving-time limit before or after the break.
  @inline(__always)
  private func breakExcess(_ partial: Partial, _ rule: TypeRules) -> Int64 {
    switch rule.breakKind {
    case .none:
      return 0
    case .drivingTime:
      let limit = rule.breakMaxDrive
      if partial.driveAtBreak < 0 { return max(0, partial.drive &- limit) }
      return max(0, partial.driveAtBreak &- limit) &+ max(0, partial.drive &- partial.driveAtBreak &- limit)
    case .window:
      guard partial.driveAtBreak < 0 else { return 0 }
      // Owed unless the route can be back before the window opens or leave after its latest start.
      let time = partial.time
      let early = max(0, time.earliest &+ time.duration &- time.timeWarp &- rule.breakOpens)
      let late = max(0, rule.breakCloses &- time.latest)
      return min(early, late)
    }
  }

  /// The objective cost and the excesses of a complete route of type `t` (all 0 when it visits no client).
  @inline(__always)
  func parts(_ partial: Partial, type t: Int) -> (objective: Int64, loadExcess: Int64, timeExcess: Int64) {
    guard partial.load.stops > 0 else { return (0, 0, 0) }
    let rule = rules[t]
    let load = partial.load
    var loadExcess = load.routeExcess(rule.capacity)
    if load.total > rule.maxTotalLoad { loadExcess &+= load.total &- rule.maxTotalLoad }
    if load.stops > rule.maxStops { loadExcess &+= load.stops &- rule.maxStops }
    let time = partial.time
    var timeExcess = time.timeWarp &+ breakExcess(partial, rule)
    if time.duration > rule.maxDuration { timeExcess &+= time.duration &- rule.maxDuration }
    if partial.distance > rule.maxDistance { timeExcess &+= partial.distance &- rule.maxDistance }
    let objective = rule.fixedCost &+ rule.unitDistanceCost &* partial.distance
      &+ rule.unitDurationCost &* time.duration
    return (objective, loadExcess, timeExcess)
  }

  /// The penalised cost of a complete route of type `t` (0 when it visits no client); with
  /// ``feasibleOnly`` set, a route with any excess costs ``infeasible``. Penalties saturate at
  /// ``infeasible`` instead of overflowing.
  @inline(__always)
  func cost(_ partial: Partial, type t: Int) -> Int64 {
    let (objective, loadExcess, timeExcess) = parts(partial, type: t)
    if (loadExcess | timeExcess) == 0 { return objective }
    return objective &+ penalty(loadExcess: loadExcess, timeExcess: timeExcess)
  }

  /// The penalty of a route's excesses at the current weights, at most ``infeasible`` (exactly that under
  /// ``feasibleOnly``).
  @inline(never)
  func penalty(loadExcess: Int64, timeExcess: Int64) -> Int64 {
    if feasibleOnly { return Self.infeasible }
    let weights = weightStore.pointee
    let (load, loadOverflow) = loadExcess.multipliedReportingOverflow(by: weights.load)
    let (time, timeOverflow) = timeExcess.multipliedReportingOverflow(by: weights.duration)
    let (sum, sumOverflow) = load.addingReportingOverflow(time)
    if loadOverflow || timeOverflow || sumOverflow { return Self.infeasible }
    return min(sum / 1000, Self.infeasible)
  }

  /// The penalised cost of a route of type `t` visiting `visits` (codes without the depots), priced from
  /// scratch.
  func price(_ visits: [Int], type t: Int) -> Int64 {
    var partial = Partial(
      time: depotSegment(type: t), distance: 0, load: .empty, last: data.startLocation[t], drive: 0,
      driveAtBreak: -1)
    for c in visits { append(&partial, c, type: t) }
    let end = data.endLocation[t]
    let travel = data.time(partial.last, end)
    partial.time = partial.time.then(depotSegment(type: t), travel: travel)
    partial.distance &+= data.dist(partial.last, end)
    partial.drive &+= travel
    return cost(partial, type: t)
  }

  /// The cost of a route that breaks a rule during the construction: far above any real cost, and
  /// small enough that two of them add up without overflow.
  static let infeasible: Int64 = 1 << 61

  // MARK: - Routes

  @inline(__always) func type(_ r: Int) -> Int { slotType[r] }
  @inline(__always) func clients(_ r: Int) -> Int64 { preLoad[cell(r, length[r] &- 1)].stops }
  @inline(__always) func codeAt(_ r: Int, _ p: Int) -> Int { code[cell(r, p)] }

  /// Sets position `p` of route `r` to `c` (caches not updated).
  @inline(__always) func setCode(_ r: Int, _ p: Int, _ c: Int) { code[cell(r, p)] = c }

  /// Makes slot `r` an empty route.
  func clear(_ r: Int) {
    ensureRoom(r, for: 2)
    code[cell(r, 0)] = data.depotCode
    code[cell(r, 1)] = data.depotCode
    length[r] = 2
    update(r)
  }

  /// Rebuilds the caches of route `r` from its codes.
  func update(_ r: Int) {
    let t = type(r)
    let m = length[r]
    let base = cell(r, 0)
    assert(m >= 2 && m <= room[r])
    let capacity = data.capacity[t]
    place[base] = data.startLocation[t]
    place[base &+ m &- 1] = data.endLocation[t]
    breakPosition[r] = -1
    lastDisposal[r] = -1
    realBefore[base] = place[base]
    preDist[base] = 0
    preDrive[base] = 0
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
        preDrive[i] = preDrive[i &- 1]
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
      let travel = data.time(from, place[i])
      realBefore[i] = place[i]
      preDist[i] = preDist[i &- 1] &+ data.dist(from, place[i])
      preDrive[i] = preDrive[i &- 1] &+ travel
      preTime[i] = preTime[i &- 1].then(segment, travel: travel)
      preLoad[i] = p == m &- 1 ? preLoad[i &- 1] : preLoad[i &- 1].then(loadSegment(c), capacity: capacity)
    }
    let end = base &+ m &- 1
    sufDist[end] = 0
    sufDrive[end] = 0
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
        sufDrive[i] = sufDrive[i &+ 1]
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
      sufDrive[i] = data.time(place[i], place[after]) &+ sufDrive[after]
      sufLoad[i] = ownLoad.then(sufLoad[after], capacity: capacity)
      sufAllowed[i] = sufAllowed[after] & (c < n && p > 0 ? data.allowedTypes[c] : ~0)
      p &-= 1
    }
    routeCost[r] = cost(prefix(r, through: m &- 1), type: t)
    whenModified[r] = moveCount
  }

  /// Inserts `c` after position `p` of route `r` (caches not updated).
  func insert(_ c: Int, into r: Int, after p: Int) {
    let m = length[r]
    ensureRoom(r, for: m &+ 1)
    assert(p >= 0 && p < m && m &+ 1 <= room[r], "insertion after \(p) into route \(r) of length \(m), room \(room[r])")
    let base = cell(r, 0)
    var q = m
    while q > p &+ 1 {
      code[base &+ q] = code[base &+ q &- 1]
      q &-= 1
    }
    code[cell(r, p &+ 1)] = c
    length[r] = m &+ 1
  }

  /// Removes position `p` of route `r` (caches not updated).
  func remove(from r: Int, at p: Int) {
    let base = cell(r, 0)
    let m = length[r]
    assert(p > 0 && p < m &- 1)
    for q in p..<(m &- 1) { code[base &+ q] = code[base &+ q &+ 1] }
    length[r] = m &- 1
  }

  /// Replaces route `r`'s visits (without depots) by `visits` (caches not updated).
  func setVisits(_ r: Int, _ visits: some Collection<Int>) {
    ensureRoom(r, for: visits.count &+ 2)
    assert(visits.count &+ 2 <= room[r], "\(visits.count) visits in route \(r) of room \(room[r])")
    let base = cell(r, 0)
    code[base] = data.depotCode
    var q = 1
    for c in visits {
      code[base &+ q] = c
      q &+= 1
    }
    code[base &+ q] = data.depotCode
    length[r] = q &+ 1
  }

  /// Makes route `r` consistent after clients left or arrived: an empty route loses its disposal
  /// visits and break; a non-empty one gets a final disposal visit when it needs one, keeps at most one
  /// break, and gets one where it is owed.
  func normalise(_ r: Int) {
    let t = type(r)
    var clientCount = 0
    for p in 1..<(length[r] &- 1) where codeAt(r, p) < n { clientCount &+= 1 }
    if clientCount == 0 {
      clear(r)
      return
    }
    // A final unloading after the last client.
    if data.needsDisposal {
      var lastClient = 0
      var finalSite = -1
      for p in 1..<(length[r] &- 1) {
        let c = codeAt(r, p)
        if c < n { lastClient = p; finalSite = -1 } else if isSite(c) { finalSite = p }
      }
      if finalSite < 0 { insert(n &+ nearestSite(after: location(of: codeAt(r, lastClient)), type: t), into: r, after: lastClient) }
    }
    var breaks = 0
    var p = 1
    while p < length[r] &- 1 {
      if codeAt(r, p) == data.breakCode {
        breaks &+= 1
        if breaks > 1 || !data.hasBreak[t] {
          remove(from: r, at: p)
          continue
        }
      }
      p &+= 1
    }
    update(r)
    if data.hasBreak[t] {
      if breakPosition[r] > 0 { placeBreak(r) } else { addBreak(r) }
    }
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
      let c = codeAt(r, q)
      if c < n { promising[c] = true }
    }
  }

  /// Marks every client as promising (a full search).
  func markAll() {
    for c in data.activeClients { promising[c] = true }
  }

  /// Finds the first empty slot of each type, adding one to every unlimited type that has none.
  func refreshEmptySlots() {
    for t in 0..<data.typeCount { emptySlot[t] = -1 }
    for r in 0..<routeCount where length[r] == 2 && emptySlot[type(r)] < 0 { emptySlot[type(r)] = r }
    for t in 0..<data.typeCount where emptySlot[t] < 0 && data.unlimited[t] { emptySlot[t] = addSlot(type: t) }
  }

  /// Moves the client order for the next pass.
  func shuffleOrder(rng: inout SplitMix64) { order.shuffle(using: &rng) }
  var clientOrder: [Int] { order }

  /// What leaving client `u` unrouted costs in the search: its prize, and for a required client the
  /// penalty that makes serving it worth more than any insertion.
  @inline(__always)
  func leaveOutCost(_ u: Int) -> Int64 {
    data.isRequired[u] ? data.unroutedPenalty &+ data.prize[u] : data.prize[u]
  }
}

/// The limits and costs of one vehicle type that pricing a route reads (copied from ``RichData``).
struct TypeRules {
  /// Which break rule the type keeps.
  enum BreakKind: UInt8 {
    /// No break.
    case none
    /// A break owed while under way in its window.
    case window
    /// The driving-time rule: a break before `breakMaxDrive` of driving, and no more after it.
    case drivingTime
  }

  var capacity: SIMD4<Int64>
  var maxTotalLoad: Int64
  var maxStops: Int64
  var maxDuration: Int64
  var maxDistance: Int64
  var fixedCost: Int64
  var unitDistanceCost: Int64
  var unitDurationCost: Int64
  var breakMaxDrive: Int64
  var breakOpens: Int64
  var breakCloses: Int64
  var breakKind: BreakKind

  init(_ data: RichData, type t: Int) {
    capacity = data.capacity[t]
    maxTotalLoad = data.maxTotalLoad[t]
    maxStops = data.maxStops[t]
    maxDuration = data.maxDuration[t]
    maxDistance = data.maxDistance[t]
    fixedCost = data.fixedCost[t]
    unitDistanceCost = data.unitDistanceCost[t]
    unitDurationCost = data.unitDurationCost[t]
    breakMaxDrive = data.breakMaxDrive[t]
    breakOpens = data.breakOpens[t]
    breakCloses = data.breakCloses[t]
    breakKind = !data.hasBreak[t] ? .none : data.drivingRule[t] ? .drivingTime : .window
  }
}
