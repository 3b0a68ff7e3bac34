import ArgumentParser
import Foundation
import WasteRouting

/// One result table of a benchmark, rendered as Markdown for people and as CSV for other tools.
///
/// The cells are plain text without units or emphasis, so the CSV can be read back as numbers; the
/// Markdown adds the header lines (what was run, where, when) and notes below the table.
struct BenchTable: Sendable, Equatable {
  /// A column: its header in the Markdown table, its name in the CSV, and how it is aligned.
  struct Column: Sendable, Equatable {
    var title: String
    var csvName: String
    var isNumeric: Bool

    /// A left-aligned text column.
    static func text(_ title: String, csv: String) -> Column { Column(title: title, csvName: csv, isNumeric: false) }

    /// A right-aligned number column.
    static func number(_ title: String, csv: String) -> Column {
      Column(title: title, csvName: csv, isNumeric: true)
    }
  }

  var title: String
  var columns: [Column]
  var rows: [[String]] = []
  /// Lines before the table (`- date: …`), without the list marker.
  var header: [String] = []
  /// Paragraphs after the table.
  var notes: [String] = []

  /// Adds a row; a row shorter than the columns is padded with empty cells, a longer one cut.
  mutating func append(_ cells: [String]) {
    var row = Array(cells.prefix(columns.count))
    row += Array(repeating: "", count: columns.count - row.count)
    rows.append(row)
  }

  /// The table in Markdown: a title, the header lines as a list, the table, the notes.
  func markdown() -> String {
    var lines = ["# \(title)", ""]
    if !header.isEmpty { lines += header.map { "- \($0)" } + [""] }
    lines.append("| " + columns.map { Self.markdownCell($0.title) }.joined(separator: " | ") + " |")
    lines.append("|" + columns.map { $0.isNumeric ? "---:|" : "---|" }.joined())
    for row in rows {
      lines.append("| " + row.map { $0.isEmpty ? "–" : Self.markdownCell($0) }.joined(separator: " | ") + " |")
    }
    for note in notes { lines += ["", note] }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The table in CSV (RFC 4180): the column names, then one line per row.
  func csv() -> String {
    var lines = [columns.map { Self.csvField($0.csvName) }.joined(separator: ",")]
    lines += rows.map { $0.map(Self.csvField).joined(separator: ",") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Prints the Markdown table and, given a prefix, writes both files (``write(prefix:)``); a file that
  /// cannot be written is reported on standard error with exit status 2.
  func emit(prefix: String?) throws {
    print(markdown(), terminator: "")
    guard let prefix else { return }
    do {
      try write(prefix: prefix)
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
  }

  /// Writes `PREFIX.md` and `PREFIX.csv` atomically, both or (when the folder is missing) neither.
  func write(prefix: String) throws {
    let folder = URL(fileURLWithPath: prefix).deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw BenchInputError(description: "cannot write \(prefix).md and \(prefix).csv: no such folder \(folder)")
    }
    try writeAtomically(markdown(), toPath: prefix + ".md")
    try writeAtomically(csv(), toPath: prefix + ".csv")
  }

  /// A field quoted when it holds a comma, a quote or a line break (quotes doubled).
  static func csvField(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A cell that cannot break the Markdown table: pipes escaped, line breaks as spaces.
  static func markdownCell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}

/// Number formats shared by the tables.
enum Cell {
  /// `value` with `digits` decimals, or empty when unknown; never `-0.00`.
  static func fixed(_ value: Double?, _ digits: Int) -> String {
    guard let value, value.isFinite else { return "" }
    let text = String(format: "%.\(digits)f", value)
    let zero = String(format: "%.\(digits)f", 0.0)
    return text == "-" + zero ? zero : text
  }

  /// An integer, or empty when unknown.
  static func integer(_ value: Int?) -> String { value.map(String.init) ?? "" }

  /// `yes` or `no`.
  static func flag(_ value: Bool) -> String { value ? "yes" : "no" }
}

/// The lines every report starts with: when, where, under what load, built how, run how.
struct RunContext: Sendable {
  var started: Date
  var machine: Machine
  /// The 1-, 5- and 15-minute load averages at the start and the end (`uptime`).
  var loadAtStart: String?
  var loadAtEnd: String?
  var commandLine: [String]

  /// Captures the context now; call ``finish()`` when the runs are done.
  static func now(commandLine: [String] = CommandLine.arguments) -> RunContext {
    RunContext(
      started: Date(), machine: .current(), loadAtStart: Self.loadAverage(), loadAtEnd: nil,
      commandLine: commandLine)
  }

  /// Records the load at the end.
  mutating func finish() { loadAtEnd = Self.loadAverage() }

  /// The header lines of a report.
  var headerLines: [String] {
    var lines = [
      "date: \(ISO8601DateFormatter().string(from: started))",
      "machine: \(machine.description)",
    ]
    if let loadAtStart {
      lines.append("load average (1, 5, 15 min): \(loadAtStart) at the start" + (loadAtEnd.map { ", \($0) at the end" } ?? ""))
    }
    lines += [
      "build: \(BenchReport.buildConfiguration)",
      "command: `\(command)` (in `\(FileManager.default.currentDirectoryPath)`)",
    ]
    return lines
  }

  /// The command line, with the executable's name alone.
  var command: String {
    let name = commandLine.first.map { ($0 as NSString).lastPathComponent } ?? "waste-route-bench"
    return ([name] + commandLine.dropFirst()).map(Self.shellQuoted).joined(separator: " ")
  }

  /// The first three fields of `/proc/loadavg`, or `nil` where there is none.
  static func loadAverage() -> String? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    let fields = text.split(separator: " ").prefix(3)
    return fields.count == 3 ? fields.joined(separator: " ") : nil
  }

  static func shellQuoted(_ argument: String) -> String {
    let safe = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@".contains($0) }
    guard !safe || argument.isEmpty else { return argument }
    return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
