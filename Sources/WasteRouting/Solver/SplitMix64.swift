/// A small, fast, seedable random number generator (Steele, Lea & Flood 2014, "Fast splittable
/// pseudorandom number generators", doi:10.1145/2714064.2660195).
///
/// Every random choice of the solver draws from one of these, seeded from
/// ``SolverConfiguration/seed``, so a run is reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator from a seed.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }

  /// A uniform integer in `0..<bound` (Lemire's multiply-shift; bound > 0).
  @inline(__always)
  mutating func below(_ bound: Int) -> Int {
    Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
  }
}
