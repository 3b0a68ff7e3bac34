/// A cursor over protobuf wire-format bytes (varints, length-delimited fields, packed repeated fields).
///
/// It reads only what the OSM PBF schema needs; the caller guarantees the buffer outlives the reader.
struct ProtobufReader {
  /// A protobuf wire-format problem, turned into a ``RoadNetworkError`` naming the block by the caller.
  struct DecodeError: Error {
    var reason: String
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private(set) var position: Int
  private let end: Int

  init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) {
    self.bytes = bytes
    self.position = range?.lowerBound ?? 0
    self.end = range?.upperBound ?? bytes.count
  }

  var isAtEnd: Bool { position >= end }

  @inline(__always)
  mutating func varint() throws(DecodeError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while position < end {
      let byte = bytes[position]
      position &+= 1
      result |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return result }
      shift &+= 7
      if shift > 63 { throw DecodeError(reason: "varint longer than 10 bytes") }
    }
    throw DecodeError(reason: "varint runs past the end of its message")
  }

  @inline(__always)
  mutating func signedVarint() throws(DecodeError) -> Int64 {
    let raw = try varint()
    return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
  }

  /// Reads a field key: (field number, wire type).
  mutating func key() throws(DecodeError) -> (field: Int, wireType: Int) {
    let raw = try varint()
    return (Int(truncatingIfNeeded: raw >> 3), Int(raw & 7))
  }

  /// Reads a length-delimited field's extent and skips over it.
  mutating func lengthDelimited() throws(DecodeError) -> Range<Int> {
    let length = try varint()
    guard length <= UInt64(end - position) else {
      throw DecodeError(reason: "field of \(length) bytes runs past the end of its message")
    }
    let start = position
    position += Int(length)
    return start..<position
  }

  /// Skips a field of the given wire type.
  mutating func skip(wireType: Int) throws(DecodeError) {
    switch wireType {
    case 0: _ = try varint()
    case 1: try advance(8)
    case 2: _ = try lengthDelimited()
    case 5: try advance(4)
    default: throw DecodeError(reason: "unknown wire type \(wireType)")
    }
  }

  private mutating func advance(_ count: Int) throws(DecodeError) {
    guard end - position >= count else { throw DecodeError(reason: "fixed-size field runs past the end") }
    position += count
  }

  /// Calls `body` with a reader over a packed repeated field, or with the single value of an unpacked one.
  mutating func packedVarints(wireType: Int, _ body: (UInt64) -> Void) throws(DecodeError) {
    if wireType == 0 {
      body(try varint())
      return
    }
    guard wireType == 2 else {
      throw DecodeError(reason: "expected a packed field, got wire type \(wireType)")
    }
    var inner = ProtobufReader(bytes, range: try lengthDelimited())
    while !inner.isAtEnd { body(try inner.varint()) }
  }

  /// The bytes of a range as a string (UTF-8, invalid sequences repaired).
  func string(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  /// Whether the bytes of `range` equal `literal`'s UTF-8.
  func bytes(_ range: Range<Int>, equal literal: StaticString) -> Bool {
    guard range.count == literal.utf8CodeUnitCount else { return false }
    let other = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    return zip(bytes[range], other).allSatisfy { $0 == $1 }
  }

  /// A reader over `range` of the same buffer.
  func subreader(_ range: Range<Int>) -> ProtobufReader {
    ProtobufReader(bytes, range: range)
  }

  /// The underlying buffer slice.
  func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[range])
  }
}
