/// A sector of the circle around the depot, in 1/65 536 turns, covering a route's clients.
/// SWAP* only pairs routes whose sectors overlap (Vidal 2022, section 4).
struct CircleSector {
  var start = 0
  var end = 0

  @inline(__always) private static func positive(_ value: Int) -> Int { value & 0xFFFF }

  /// A sector holding only `angle`.
  init(angle: Int) {
    start = angle
    end = angle
  }

  init() {}

  func encloses(_ angle: Int) -> Bool { Self.positive(angle - start) <= Self.positive(end - start) }

  /// Grows the sector minimally so that it encloses `angle`.
  mutating func extend(_ angle: Int) {
    guard !encloses(angle) else { return }
    if Self.positive(angle - end) <= Self.positive(start - angle) { end = angle } else { start = angle }
  }

  static func overlap(_ a: CircleSector, _ b: CircleSector) -> Bool {
    positive(b.start - a.start) <= positive(a.end - a.start) || positive(a.start - b.start) <= positive(b.end - b.start)
  }
}
