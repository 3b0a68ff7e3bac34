import Foundation

/// Reading the waste-collection VRPTW instances of Kim, Kim & Sahoo (2006).
///
/// A file starts with five numbers, each followed by a `//` comment: the vehicle capacity (cubic
/// yards), the yardage a vehicle may collect per day, the most regular stops per vehicle and day, the
/// lunch duration (seconds) and the speed (miles per hour). Line 6 is a column header. Then each row
/// has 8 whitespace-separated fields, `Stop_ID X(feet) Y(feet) Early_St_Time Late_St_Time
/// Service_Time(s) Load(yd³) Stop_Type`, with type 0 the depot (the first row), 1 a regular stop and 2
/// a disposal facility. Rows are indexed by their order, not by `Stop_ID`. CRLF line ends, tabs and
/// trailing whitespace are accepted.
///
/// The ``Problem`` it builds, following the convention of the benchmark's authors:
/// - distances are Manhattan distances in whole feet, exact, with ``Problem/costScale`` 5280 so that
///   reported distances and costs are miles;
/// - durations are milliseconds with ``Problem/timeScale`` 1000 (reported seconds); travel takes
///   `ceil(feet × 3 600 000 / (5280 × speed))` ms, never less than the exact time;
/// - time windows bound the start of service (regular stops) or unloading (disposal facilities), the
///   depot's window is the vehicles' shift, and times count from midnight;
/// - loads are hundredths of a cubic yard (rounded half away from zero);
/// - one vehicle type, as many vehicles as needed, with the capacity, the daily yardage as
///   ``VehicleType/maxTotalLoad``, the stop limit as ``VehicleType/maxStops``, the lunch as a break
///   starting between 11:00 and 12:00, and ``fixedCostPerVehicle`` so that fewer vehicles always win.
///
/// Time fields are HHMM (leading zeros optional, `2400` the end of day), except in a file where some
/// time value has a minute part above 59: such a file is read as decimal hours (`875` is 08:45).
/// ``TimeFormat`` overrides the guess.
///
/// ```swift
/// let instance = try WCVRPTW.readInstance(atPath: "102_stop.txt")
/// print(instance.problem.clients.count, instance.problem.disposalSites.count)  // 99 2
/// ```
public enum WCVRPTW {
  /// How the time fields of a file are written.
  public enum TimeFormat: String, Sendable, Hashable, CaseIterable {
    /// `HHMM`: `600` is 06:00, `2400` the end of the day.
    case hhmm
    /// Hundredths of an hour: `875` is 08:45, `1650` is 16:30.
    case decimal
  }

  /// The cost of using a vehicle, in feet: 10⁹ ft (about 189 394 miles), far more than any day's
  /// driving, so that solutions are compared by vehicles first and by distance second.
  public static let fixedCostPerVehicle: Int64 = 1_000_000_000

  /// Feet per mile: the ``Problem/costScale`` of the problems built here.
  public static let feetPerMile: Int64 = 5280

  /// Load units per cubic yard: loads are hundredths of a yard.
  public static let loadScale: Int64 = 100

  /// The earliest and latest start of the lunch break, in seconds after midnight (11:00 and 12:00).
  public static let lunchWindowSeconds = (earliest: Int64(11 * 3600), latest: Int64(12 * 3600))

  /// The most stop rows accepted (the matrices are dense).
  public static let maximumRows = 20_000

  /// The largest file accepted, in bytes (64 MiB).
  public static let maximumFileSize = 64 * 1024 * 1024

  /// Reads and validates an instance file.
  ///
  /// - Parameters:
  ///   - path: the `.txt` file.
  ///   - timeFormat: how to read the time fields; `nil` guesses (see ``WCVRPTW``).
  /// - Throws: ``WCVRPTWError`` naming the file, the line and the offending field.
  public static func readInstance(
    atPath path: String, timeFormat: TimeFormat? = nil
  ) throws(WCVRPTWError) -> WCVRPTWInstance {
    let fileName = (path as NSString).lastPathComponent
    let text = try readText(atPath: path, fileName: fileName)
    return try parseInstance(text, fileName: fileName, timeFormat: timeFormat)
  }

  /// Parses and validates the text of an instance.
  ///
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - fileName: the name used in messages; without its extension, the problem's name.
  ///   - timeFormat: how to read the time fields; `nil` guesses (see ``WCVRPTW``).
  /// - Throws: ``WCVRPTWError`` naming the file, the line and the offending field.
  public static func parseInstance(
    _ text: String, fileName: String, timeFormat: TimeFormat? = nil
  ) throws(WCVRPTWError) -> WCVRPTWInstance {
    var reader = WCVRPTWReader(fileName: fileName)
    try reader.read(text)
    return try reader.makeInstance(timeFormat: timeFormat)
  }

  /// Whether `text` looks like this format rather than VRPLIB: its first non-blank line is a number
  /// followed by a `//` comment.
  public static func looksLikeInstance(_ text: some StringProtocol) -> Bool {
    guard let line = text.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) })
    else { return false }
    guard let comment = line.range(of: "//") else { return false }
    let value = line[..<comment.lowerBound].split(whereSeparator: \.isWhitespace)
    return value.count == 1 && Double(value[0]) != nil
  }

  /// Whether the file at `path` looks like this format (see ``looksLikeInstance(_:)``); `false` when
  /// it cannot be read.
  public static func looksLikeInstance(atPath path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: 4096) else { return false }
    return looksLikeInstance(String(decoding: data, as: UTF8.self))
  }

  // MARK: - Files

  /// The contents of a text file: UTF-8, or ISO Latin-1 when it is not valid UTF-8.
  static func readText(atPath path: String, fileName: String) throws(WCVRPTWError) -> String {
    let data: Data
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      if let size = (attributes[.size] as? NSNumber)?.intValue, size > maximumFileSize {
        throw WCVRPTWError(
          file: fileName, line: nil, reason: .fileTooLarge(bytes: size, limit: maximumFileSize))
      }
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch let error as WCVRPTWError {
      throw error
    } catch {
      let message = (error as NSError).localizedDescription.split(whereSeparator: \.isNewline).joined(
        separator: " ")
      throw WCVRPTWError(file: fileName, line: nil, reason: .unreadableFile(message))
    }
    if let nul = data.firstIndex(of: 0) {
      let line = data[data.startIndex..<nul].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
      throw WCVRPTWError(file: fileName, line: line, reason: .binaryContent)
    }
    return String(validating: data, as: UTF8.self) ?? String(data: data, encoding: .isoLatin1)
      ?? String(decoding: data, as: UTF8.self)
  }
}

/// A waste-collection VRPTW instance: the ``Problem`` and what the file said beyond it.
public struct WCVRPTWInstance: Sendable {
  /// The problem: location 0 is the depot, then the disposal facilities, then the regular stops, each
  /// group in file order.
  public let problem: Problem
  /// The `Stop_ID` of every row, in file order.
  public let stopIDs: [String]
  /// The row (0-based, in file order) of each location of ``problem``.
  public let rowOfLocation: [Int]
  /// The 1-based line of each row, in file order.
  public let lineOfRow: [Int]
  /// How the time fields were read (given, or guessed from the values).
  public let timeFormat: WCVRPTW.TimeFormat
  /// The header values as written: vehicle capacity and daily yardage (cubic yards), stops per day,
  /// lunch duration (seconds) and speed (miles per hour).
  public let header: Header

  /// The five header values of a file.
  public struct Header: Sendable, Hashable {
    /// Vehicle capacity, cubic yards.
    public var vehicleCapacity: Double
    /// Yardage a vehicle may collect per day.
    public var routeCapacity: Double
    /// Regular stops per vehicle per day.
    public var maxStops: Int
    /// Lunch duration, seconds.
    public var lunchDuration: Double
    /// Speed, miles per hour.
    public var speed: Double
  }

  /// The `Stop_ID` of location `location` of ``problem``.
  public func stopID(ofLocation location: Int) -> String { stopIDs[rowOfLocation[location]] }
}
