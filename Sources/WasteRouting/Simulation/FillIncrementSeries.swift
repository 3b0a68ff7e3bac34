import Foundation

/// The daily fill increments of one real bin, replayed by a ``Simulation``: how much its fill rose on
/// each day, in percentage points.
///
/// The bundled `fixtures/edinburgh/fill-increments.csv` holds 300 such series, derived from the City of
/// Edinburgh Council's litter-bin sensor data (see its `SOURCE.md`).
public struct FillIncrementSeries: Sendable, Hashable, Codable {
  /// The source bin's id.
  public var sourceID: String
  /// The local date of the first increment.
  public var firstDay: CalendarDay
  /// The rise on each day, percentage points (0 or more), at least one.
  public var increments: [Double]

  /// Creates a series.
  public init(sourceID: String, firstDay: CalendarDay, increments: [Double]) {
    self.sourceID = sourceID
    self.firstDay = firstDay
    self.increments = increments
  }

  /// The mean rise per day, percentage points.
  public var meanIncrement: Double {
    increments.isEmpty ? 0 : increments.reduce(0, +) / Double(increments.count)
  }

  /// The increment of day `k` of a replay that starts at position `offset`, wrapping round the series.
  public func increment(day k: Int, offset: Int) -> Double {
    guard !increments.isEmpty else { return 0 }
    let n = increments.count
    return increments[((offset + k) % n + n) % n]
  }

  /// Reads a CSV file with the columns `site_id`, `first_day` (YYYY-MM-DD) and `increments` (numbers
  /// separated by spaces).
  ///
  /// - Throws: ``FillIncrementError`` naming the file, the line and what is wrong.
  public static func load(path: String) throws(FillIncrementError) -> [FillIncrementSeries] {
    let file = (path as NSString).lastPathComponent
    guard let data = FileManager.default.contents(atPath: path) else {
      throw FillIncrementError(file: file, line: nil, reason: "cannot read \(path)")
    }
    return try parse(String(decoding: data, as: UTF8.self), file: file)
  }

  /// Parses the CSV text of ``load(path:)``.
  ///
  /// - Throws: ``FillIncrementError`` naming `file`, the line and what is wrong.
  public static func parse(_ text: String, file: String) throws(FillIncrementError) -> [FillIncrementSeries] {
    var series: [FillIncrementSeries] = []
    var columns: (id: Int, day: Int, increments: Int)?
    var seen: [String: Int] = [:]
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = index + 1
      let trimmed = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if trimmed.isEmpty { continue }
      let fields = CSV.fields(of: trimmed)
      guard let known = columns else {
        guard let id = fields.firstIndex(of: "site_id"), let day = fields.firstIndex(of: "first_day"),
          let increments = fields.firstIndex(of: "increments")
        else {
          throw FillIncrementError(
            file: file, line: line, reason: "the header must name the columns site_id, first_day, increments")
        }
        columns = (id, day, increments)
        continue
      }
      guard fields.count > max(known.id, known.day, known.increments) else {
        throw FillIncrementError(file: file, line: line, reason: "\(fields.count) fields, fewer than the header's")
      }
      let id = fields[known.id]
      guard !id.isEmpty else { throw FillIncrementError(file: file, line: line, reason: "empty site_id") }
      if let first = seen[id] {
        throw FillIncrementError(file: file, line: line, reason: "site_id \(id) repeats line \(first)")
      }
      seen[id] = line
      guard let day = CalendarDay(fields[known.day]) else {
        throw FillIncrementError(
          file: file, line: line, reason: "first_day \"\(fields[known.day])\" of \(id) is not a date YYYY-MM-DD")
      }
      var increments: [Double] = []
      for (k, word) in fields[known.increments].split(separator: " ").enumerated() {
        guard let value = Double(word), value.isFinite, value >= 0, value <= 1_000 else {
          throw FillIncrementError(
            file: file, line: line,
            reason: "increment \(k + 1) of \(id), \"\(word)\", is not a number of percentage points from 0 to 1000")
        }
        increments.append(value)
      }
      guard !increments.isEmpty else {
        throw FillIncrementError(file: file, line: line, reason: "bin \(id) has no increments")
      }
      series.append(FillIncrementSeries(sourceID: id, firstDay: day, increments: increments))
    }
    guard columns != nil else { throw FillIncrementError(file: file, line: nil, reason: "the file is empty") }
    guard !series.isEmpty else { throw FillIncrementError(file: file, line: nil, reason: "no bin in the file") }
    return series
  }
}

/// A fill-increment file that cannot be read, naming the file, the line and the problem.
public struct FillIncrementError: FileLocatedError, Equatable, Sendable {
  /// The file name.
  public var file: String
  /// The 1-based line, when the problem is on one.
  public var line: Int?
  /// What is wrong.
  public var reason: String

  /// Creates an error.
  public init(file: String, line: Int?, reason: String) {
    self.file = file
    self.line = line
    self.reason = reason
  }
}
