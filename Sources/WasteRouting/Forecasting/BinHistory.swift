import Foundation

/// Everything known about one bin's fill level: sensor readings and emptying events, each in time order.
///
/// Either list may be empty. JSON: `{"binID": "325048", "readings": [...], "emptyings": [...]}`, both lists
/// optional, times in seconds since 1970 (see ``FillReading`` and ``EmptyingEvent``).
public struct BinHistory: Sendable, Hashable, Codable {
  /// The bin's id, as the data source spells it.
  public var binID: String
  /// Sensor readings in strictly increasing time order.
  public var readings: [FillReading]
  /// Emptyings in strictly increasing time order.
  public var emptyings: [EmptyingEvent]

  /// Creates a history; call ``validate(maximumFill:)`` (or let ``FillForecaster`` do it) before use.
  public init(binID: String, readings: [FillReading] = [], emptyings: [EmptyingEvent] = []) {
    self.binID = binID
    self.readings = readings
    self.emptyings = emptyings
  }

  private enum CodingKeys: String, CodingKey {
    case binID, readings, emptyings
  }

  /// Decodes a history; missing lists are empty.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    binID = try container.decode(String.self, forKey: .binID)
    readings = try container.decodeIfPresent([FillReading].self, forKey: .readings) ?? []
    emptyings = try container.decodeIfPresent([EmptyingEvent].self, forKey: .emptyings) ?? []
  }

  /// Checks every value: fills finite and within `0...maximumFill` percent, times finite and strictly
  /// increasing within each list.
  ///
  /// - Parameter maximumFill: The largest plausible fill level, percent of the sensor's scale.
  /// - Throws: ``ForecastError`` naming the bin, the list, the index and the field of the first bad value.
  /// - Complexity: O(*n*) in the number of readings and emptyings.
  public func validate(maximumFill: Double) throws(ForecastError) {
    var previous = -Double.infinity
    for (index, reading) in readings.enumerated() {
      let time = ForecastInputLocation(binID: binID, list: .readings, index: index, field: "time")
      try Self.check(time: reading.time, after: previous, at: time)
      previous = reading.time.timeIntervalSince1970
      let fill = ForecastInputLocation(binID: binID, list: .readings, index: index, field: "fill")
      try Self.check(fill: reading.fill, maximum: maximumFill, at: fill)
    }
    previous = -Double.infinity
    for (index, emptying) in emptyings.enumerated() {
      let time = ForecastInputLocation(binID: binID, list: .emptyings, index: index, field: "time")
      try Self.check(time: emptying.time, after: previous, at: time)
      previous = emptying.time.timeIntervalSince1970
      let before = ForecastInputLocation(binID: binID, list: .emptyings, index: index, field: "fillBefore")
      try Self.check(fill: emptying.fillBefore, maximum: maximumFill, at: before)
      let after = ForecastInputLocation(binID: binID, list: .emptyings, index: index, field: "fillAfter")
      try Self.check(fill: emptying.fillAfter, maximum: maximumFill, at: after)
    }
  }

  private static func check(time: Date, after previous: Double, at location: ForecastInputLocation)
    throws(ForecastError)
  {
    let seconds = time.timeIntervalSince1970
    guard seconds.isFinite else { throw .notFinite(location) }
    guard seconds > previous else { throw .outOfTimeOrder(location) }
  }

  private static func check(fill: Double, maximum: Double, at location: ForecastInputLocation)
    throws(ForecastError)
  {
    guard fill.isFinite else { throw .notFinite(location) }
    guard fill >= 0 else { throw .negativeFill(location, value: fill) }
    guard fill <= maximum else { throw .absurdFill(location, value: fill, limit: maximum) }
  }
}
