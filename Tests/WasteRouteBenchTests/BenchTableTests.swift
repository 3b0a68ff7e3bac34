import Foundation
import Testing

@testable import waste_route_bench

@Suite struct BenchTableTests {
  private func sample() -> BenchTable {
    var table = BenchTable(
      title: "sample",
      columns: [.text("city", csv: "city"), .number("km", csv: "km"), .text("note", csv: "note")])
    table.header = ["date: today"]
    table.append(["Hamburg, Eimsbüttel", "12.50", "a \"quoted\" | piped"])
    table.append(["Helsinki", ""])  // padded with an empty cell
    table.notes = ["A note."]
    return table
  }

  @Test func markdownAlignsNumbersEscapesPipesAndMarksEmptyCells() {
    #expect(
      sample().markdown() == """
        # sample

        - date: today

        | city | km | note |
        |---|---:|---|
        | Hamburg, Eimsbüttel | 12.50 | a "quoted" \\| piped |
        | Helsinki | – | – |

        A note.

        """)
  }

  @Test func csvQuotesCommasAndQuotesOnly() {
    #expect(
      sample().csv() == """
        city,km,note
        "Hamburg, Eimsbüttel",12.50,"a ""quoted"" | piped"
        Helsinki,,

        """)
  }

  @Test func writesBothFilesOrNeither() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-table-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let prefix = (folder as NSString).appendingPathComponent("run")
    try sample().write(prefix: prefix)
    #expect(try String(contentsOfFile: prefix + ".md", encoding: .utf8) == sample().markdown())
    #expect(try String(contentsOfFile: prefix + ".csv", encoding: .utf8) == sample().csv())
    let missing = (folder as NSString).appendingPathComponent("no/such/run")
    #expect(throws: BenchInputError.self) { try sample().write(prefix: missing) }
    #expect(!FileManager.default.fileExists(atPath: missing + ".md"))
  }

  @Test func fixedNeverPrintsMinusZero() {
    #expect(Cell.fixed(-0.001, 2) == "0.00")
    #expect(Cell.fixed(-0.006, 2) == "-0.01")
    #expect(Cell.fixed(nil, 2) == "")
    #expect(Cell.fixed(.nan, 2) == "")
  }

  @Test func progressIsPlainLinesWhenNotATerminal() {
    let lines = LockedLines()
    let progress = BenchProgress(isTerminal: false) { lines.append($0) }
    progress.status("[1/2] a: solving 0.1 s", stage: "a solving")
    progress.status("[1/2] a: solving 0.5 s", stage: "a solving")  // same stage: not repeated
    progress.status("[1/2] a: validating", stage: "a validating")
    progress.finished("[1/2] a: done")
    progress.done()
    #expect(lines.text == "[1/2] a: solving 0.1 s\n[1/2] a: validating\n[1/2] a: done\n")
    #expect(!lines.text.contains("\r"))
  }

  @Test func vrplibIsTheDefaultSubcommand() throws {
    let command = try BenchCommand.parseAsRoot(["instances/X", "--per-100", "3", "--seeds", "1", "2"])
    let vrplib = try #require(command as? VRPLIBCommand)
    #expect(vrplib.inputs == ["instances/X"])
    #expect(vrplib.seeds == [1, 2])
    #expect(try BenchCommand.parseAsRoot(["cities", "--time-limit", "1"]) is CitiesCommand)
    #expect(try BenchCommand.parseAsRoot(["kim", "102_stop.txt"]) is KimCommand)
    let simulate = try #require(
      try BenchCommand.parseAsRoot(["simulate", "--days", "2", "--policies", "fixed", "lookahead"]) as? SimulateCommand)
    #expect(simulate.policies == [.fixed, .lookahead])
  }
}

/// Text written by a progress display under test.
final class LockedLines: @unchecked Sendable {
  private let lock = NSLock()
  private var parts: [String] = []

  func append(_ text: String) { lock.withLock { parts.append(text) } }

  var text: String { lock.withLock { parts.joined() } }
}
