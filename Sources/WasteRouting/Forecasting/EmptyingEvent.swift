import Foundation

/// One emptying of a bin by a truck, with the sensor's fill level just before and just after it.
///
/// Fills are in **percent of the sensor's scale** (see ``FillReading``). A `fillBefore` at the sensor's cap
/// (100 on Edinburgh's sensors) is censored: the bin was at least that full. In JSON, `time` is seconds since
/// 1970-01-01T00:00:00Z: `{"time": 1465000000, "fillBefore": 78, "fillAfter": 0}`.
public struct EmptyingEvent: Sendable, Hashable, Codable {
  /// When the bin was emptied.
  public var time: Date
  /// The fill level just before the emptying, percent of the sensor's scale.
  public var fillBefore: Double
  /// The fill level just after the emptying, percent of the sensor's scale (usually 0).
  public var fillAfter: Double

  /// Creates an emptying event.
  /// - Parameters:
  ///   - time: When the bin was emptied.
  ///   - fillBefore: The fill level just before, percent of the sensor's scale.
  ///   - fillAfter: The fill level just after, percent of the sensor's scale.
  public init(time: Date, fillBefore: Double, fillAfter: Double = 0) {
    self.time = time
    self.fillBefore = fillBefore
    self.fillAfter = fillAfter
  }

  private enum CodingKeys: String, CodingKey {
    case time, fillBefore, fillAfter
  }

  /// Decodes `time` as seconds since 1970; `fillAfter` defaults to 0.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    time = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .time))
    fillBefore = try container.decode(Double.self, forKey: .fillBefore)
    fillAfter = try container.decodeIfPresent(Double.self, forKey: .fillAfter) ?? 0
  }

  /// Encodes `time` as seconds since 1970.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(time.timeIntervalSince1970, forKey: .time)
    try container.encode(fillBefore, forKey: .fillBefore)
    try container.encode(fillAfter, forKey: .fillAfter)
  }
}
