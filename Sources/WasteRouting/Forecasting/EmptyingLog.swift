import Foundation

/// Reads a log of emptying events, one row per emptying, into per-bin histories.
///
/// The layout is that of the Edinburgh litter-bin export (`../shared/cities/edinburgh/collections.csv`):
/// a header row naming at least `site_id` (the bin's id), a time column whose name starts with
/// `collected_at` (local wall-clock time `YYYY-MM-DD HH:MM:SS`), `fill_before_pct` and `fill_after_pct`
/// (percent of the sensor's scale). Other columns are ignored. Rows may come in any order; each bin's
/// emptyings are sorted by time.
public enum EmptyingLog {
  /// Reads the CSV file at `path`.
  ///
  /// - Parameters:
  ///   - path: The CSV file.
  ///   - timeZone: The zone of the wall-clock times in the file (Edinburgh: `Europe/London`).
  /// - Returns: One history per bin, ordered by bin id (numerically when all ids are integers); only
  ///   `emptyings` are filled.
  /// - Throws: ``ForecastError`` when the file cannot be read, a column is missing or a field does not
  ///   parse (with its line), or a bin has two emptyings at the same time
  ///   (``ForecastError/outOfTimeOrder(_:)`` at the later entry's index in the bin's sorted list).
  public static func read(csvAtPath path: String, timeZone: TimeZone) throws(ForecastError) -> [BinHistory] {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .unreadableFile(path: path, reason: error.localizedDescription)
    }
    return try parse(csv: [UInt8](data), path: path, timeZone: timeZone)
  }

  /// Parses CSV text already in memory; `path` only names the source in errors.
  static func parse(csv bytes: [UInt8], path: String, timeZone: TimeZone) throws(ForecastError)
    -> [BinHistory]
  {
    let table = CSVTable(bytes: bytes)
    let header = table.header
    func column(_ name: String) throws(ForecastError) -> Int {
      guard let index = header.firstIndex(of: name) else { throw .missingColumn(path: path, column: name) }
      return index
    }
    let idColumn = try column("site_id")
    let beforeColumn = try column("fill_before_pct")
    let afterColumn = try column("fill_after_pct")
    guard let timeColumn = header.firstIndex(where: { $0.hasPrefix("collected_at") }) else {
      throw .missingColumn(path: path, column: "collected_at…")
    }
    var emptyingsByBin: [String: [EmptyingEvent]] = [:]
    var failure: ForecastError?
    table.forEachRow { line, fields in
      func field(_ index: Int) -> String {
        index < fields.count ? fields[index].trimmingCharacters(in: .whitespaces) : ""
      }
      let id = field(idColumn)
      guard !id.isEmpty else {
        failure = .malformedField(path: path, line: line, column: "site_id", text: id)
        return false
      }
      guard let time = wallClockTime(field(timeColumn), timeZone: timeZone) else {
        failure = .malformedField(path: path, line: line, column: header[timeColumn], text: field(timeColumn))
        return false
      }
      guard let before = Double(field(beforeColumn)) else {
        failure = .malformedField(path: path, line: line, column: "fill_before_pct",
                                  text: field(beforeColumn))
        return false
      }
      guard let after = Double(field(afterColumn)) else {
        failure = .malformedField(path: path, line: line, column: "fill_after_pct", text: field(afterColumn))
        return false
      }
      emptyingsByBin[id, default: []].append(EmptyingEvent(time: time, fillBefore: before, fillAfter: after))
      return true
    }
    if let failure { throw failure }
    let ids = emptyingsByBin.keys.sorted { a, b in
      switch (Int(a), Int(b)) {
      case (let x?, let y?): x < y
      default: a < b
      }
    }
    return ids.map { id in
      let sorted = (emptyingsByBin[id] ?? []).sorted { $0.time < $1.time }
      return BinHistory(binID: id, emptyings: sorted)
    }
  }

  /// The instant of a wall-clock time `YYYY-MM-DD HH:MM[:SS]` (or with `T`) in `timeZone`.
  static func wallClockTime(_ text: String, timeZone: TimeZone) -> Date? {
    let parts = text.split(whereSeparator: { " T-:".contains($0) }).map { Int($0) }
    guard parts.count == 5 || parts.count == 6, parts.allSatisfy({ $0 != nil }) else { return nil }
    let numbers = parts.compactMap { $0 }
    let (year, month, day, hour, minute) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
    let second = numbers.count == 6 ? numbers[5] : 0
    guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
      (0...59).contains(minute), (0...60).contains(second)
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute,
                                    second: second)
    guard components.isValidDate(in: calendar) else { return nil }
    return calendar.date(from: components)
  }
}
