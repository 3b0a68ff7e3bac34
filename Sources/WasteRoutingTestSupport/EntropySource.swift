import WasteRouting

/// Where a generator's random choices come from: a seeded generator, or the bytes of a fuzz input.
///
/// Every draw is a multiply-shift of one 64-bit word (no rejection loop), so a source that repeats
/// itself, or runs dry and returns zeros, still ends every generation.
public protocol EntropySource {
  /// The next 64 bits; the high bits matter most.
  mutating func nextWord() -> UInt64
}

extension EntropySource {
  /// A number in `0..<bound` (0 when `bound` is 0 or less).
  public mutating func below(_ bound: Int) -> Int {
    guard bound > 0 else { return 0 }
    return Int(truncatingIfNeeded: nextWord().multipliedFullWidth(by: UInt64(bound)).high)
  }

  /// A number in `range`.
  public mutating func pick(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.count)
  }

  /// A number in `range`.
  public mutating func pick(_ range: ClosedRange<Int64>) -> Int64 {
    let width = UInt64(range.upperBound - range.lowerBound) &+ 1
    if width == 0 { return Int64(bitPattern: nextWord()) }
    return range.lowerBound + Int64(nextWord().multipliedFullWidth(by: width).high)
  }

  /// `true` with probability `1 / oneIn`.
  public mutating func chance(_ oneIn: Int) -> Bool { below(oneIn) == 0 }
}

extension SplitMix64: EntropySource {
  /// The next 64 random bits.
  public mutating func nextWord() -> UInt64 { next() }
}

/// The bytes of a fuzz input as an entropy source: two bytes per draw, zeros once they run out.
///
/// Two bytes per draw keep the mapping from input to problem short and local, so that libFuzzer's
/// mutations change one decision at a time.
public struct FuzzEntropy: EntropySource {
  private let bytes: [UInt8]
  private var position = 0

  /// A source reading `bytes` from the start.
  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// Whether every byte was used.
  public var isExhausted: Bool { position >= bytes.count }

  /// The next two bytes in the high bits of a word.
  public mutating func nextWord() -> UInt64 {
    var word: UInt64 = 0
    for shift in [56, 48] as [UInt64] where position < bytes.count {
      word |= UInt64(bytes[position]) << shift
      position += 1
    }
    // Spread the two bytes over the lower bits too, so that small bounds see every byte value.
    return word | (word >> 16) | (word >> 32) | (word >> 48)
  }
}
