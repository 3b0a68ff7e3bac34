/// The time behaviour of a run of consecutive stops, for O(1) concatenation with time warp
/// (Vidal et al. 2013, doi:10.1016/j.cor.2012.07.018): its least duration (service, travel and waiting
/// inside it), the lateness it cannot avoid, and the window in which it may start without adding either.
struct DurationSegment {
  var duration: Int64
  var timeWarp: Int64
  var earliest: Int64
  var latest: Int64

  /// A single stop with `service` time whose start must lie in `earliest...latest`.
  @inline(__always)
  init(service: Int64, earliest: Int64, latest: Int64) {
    duration = service
    timeWarp = 0
    self.earliest = earliest
    self.latest = latest
  }

  @inline(__always)
  private init(duration: Int64, timeWarp: Int64, earliest: Int64, latest: Int64) {
    self.duration = duration
    self.timeWarp = timeWarp
    self.earliest = earliest
    self.latest = latest
  }

  /// `self` followed, after `travel`, by `next`.
  @inline(__always)
  func then(_ next: DurationSegment, travel: Int64) -> DurationSegment {
    let atNext = duration &- timeWarp &+ travel
    let wait = max(next.earliest &- atNext &- latest, 0)
    let warp = max(earliest &+ atNext &- next.latest, 0)
    return DurationSegment(
      duration: duration &+ next.duration &+ travel &+ wait,
      timeWarp: timeWarp &+ next.timeWarp &+ warp,
      earliest: max(next.earliest &- atNext, earliest) &- wait,
      latest: min(next.latest &- atNext, latest) &+ warp)
  }
}

/// The load behaviour of a run of consecutive stops that may contain unloading stops, for O(1)
/// concatenation: the load collected before its first unloading (`head`), after its last (`tail`),
/// and the capacity excess of the complete trips in between.
///
/// Without an unloading stop, `head == tail` is the whole load.
struct LoadSegment {
  var head: SIMD4<Int64>
  var tail: SIMD4<Int64>
  var innerExcess: Int64
  var unloads: Bool
  /// The first dimension collected in total, over all trips.
  var total: Int64
  /// The number of clients.
  var stops: Int64

  static let empty = LoadSegment(head: .zero, tail: .zero, innerExcess: 0, unloads: false, total: 0, stops: 0)
  static let unloading = LoadSegment(head: .zero, tail: .zero, innerExcess: 0, unloads: true, total: 0, stops: 0)

  @inline(__always)
  static func client(_ demand: SIMD4<Int64>) -> LoadSegment {
    LoadSegment(head: demand, tail: demand, innerExcess: 0, unloads: false, total: demand[0], stops: 1)
  }

  /// `self` followed by `next`, with trips checked against `capacity`.
  @inline(__always)
  func then(_ next: LoadSegment, capacity: SIMD4<Int64>) -> LoadSegment {
    var result = self
    result.total = total &+ next.total
    result.stops = stops &+ next.stops
    switch (unloads, next.unloads) {
    case (false, false):
      result.head = head &+ next.head
      result.tail = result.head
    case (true, false):
      result.tail = tail &+ next.head
    case (false, true):
      result.head = head &+ next.head
      result.tail = next.tail
      result.innerExcess = next.innerExcess
      result.unloads = true
    case (true, true):
      result.tail = next.tail
      result.innerExcess = innerExcess &+ next.innerExcess &+ LoadSegment.excess(tail &+ next.head, capacity)
    }
    return result
  }

  /// The capacity excess of all trips, when the segment is a whole route.
  @inline(__always)
  func routeExcess(_ capacity: SIMD4<Int64>) -> Int64 {
    unloads
      ? innerExcess &+ LoadSegment.excess(head, capacity) &+ LoadSegment.excess(tail, capacity)
      : LoadSegment.excess(head, capacity)
  }

  @inline(__always)
  static func excess(_ load: SIMD4<Int64>, _ capacity: SIMD4<Int64>) -> Int64 {
    let over = load &- capacity
    return over.replacing(with: SIMD4<Int64>(), where: over .< SIMD4<Int64>()).wrappedSum()
  }
}
