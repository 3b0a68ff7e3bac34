import Foundation

/// One fill-level sensor reading of a bin.
///
/// Fill is in **percent of the sensor's scale**, 0 (empty) to 100 (the sensor's "full"); some sensors read a
/// little above 100 (Amsterdam's Sidcon press containers reach 106), and on Edinburgh's Enevo sensors 100 %
/// means about 80 % physically full. In JSON, `time` is seconds since 1970-01-01T00:00:00Z:
/// `{"time": 1465000000, "fill": 42.5, "isAfterEmptying": false}` (`isAfterEmptying` may be omitted).
public struct FillReading: Sendable, Hashable, Codable {
  /// When the reading was taken.
  public var time: Date
  /// The fill level, in percent of the sensor's scale (0...100, a little more on some sensors).
  public var fill: Double
  /// Whether the reading was taken right after an emptying, so the fill drop before it is a reset, not noise.
  public var isAfterEmptying: Bool

  /// Creates a reading.
  /// - Parameters:
  ///   - time: When the reading was taken.
  ///   - fill: The fill level, percent of the sensor's scale.
  ///   - isAfterEmptying: Whether the bin was emptied just before this reading.
  public init(time: Date, fill: Double, isAfterEmptying: Bool = false) {
    self.time = time
    self.fill = fill
    self.isAfterEmptying = isAfterEmptying
  }

  private enum CodingKeys: String, CodingKey {
    case time, fill, isAfterEmptying
  }

  /// Decodes `time` as seconds since 1970; `isAfterEmptying` defaults to `false`.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    time = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .time))
    fill = try container.decode(Double.self, forKey: .fill)
    isAfterEmptying = try container.decodeIfPresent(Bool.self, forKey: .isAfterEmptying) ?? false
  }

  /// Encodes `time` as seconds since 1970.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(time.timeIntervalSince1970, forKey: .time)
    try container.encode(fill, forKey: .fill)
    try container.encode(isAfterEmptying, forKey: .isAfterEmptying)
  }
}
