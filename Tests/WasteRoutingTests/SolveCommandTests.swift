import Foundation
import Testing

@testable import WasteRouting

/// End-to-end runs of the built `waste-route solve`.
@Suite struct SolveCommandTests {

  private func run(_ arguments: [String]) throws -> CommandRunner.Run {
    try CommandRunner.run(arguments)
  }

  /// A path in a fresh temporary folder, which `body` may fill; the folder is removed afterwards.
  private func withTemporaryFolder(_ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("solve-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try body(folder)
  }

  @Test func solutionOfX101PassesCheck() throws {
    try withTemporaryFolder { folder in
      let instance = VRPLIBFixtures.path("X-n101-k25.vrp")
      let solution = folder + "/tmp.sol"
      let solved = try run([
        "solve", instance, "--max-iterations", "50", "--seed", "1", "--threads", "1", "-o", solution,
      ])
      #expect(solved.status == 0, "\(solved.standardError)")
      #expect(solved.standardOutput.hasPrefix("instance: X-n101-k25 (100 customers)\ncost: "))
      #expect(solved.standardOutput.contains("iterations: 50\n"))
      #expect(solved.standardOutput.contains("(iterationLimit)"))
      let checked = try run(["check", instance, solution])
      #expect(checked.status == 0)
      #expect(checked.standardOutput.contains("feasible: yes\n"))
      #expect(!checked.standardOutput.contains("warning"))
      let stated = solved.standardOutput.split(separator: "\n").first { $0.hasPrefix("cost: ") }
      #expect(stated.map { checked.standardOutput.contains("\n\($0)\n") } == true)
    }
  }

  /// The exact `.sol` of a 12-customer instance with a fixed seed and iteration budget. Regenerate the
  /// golden file (in its own commit) only when a change of the search is meant to change results.
  @Test func goldenSolution() throws {
    try withTemporaryFolder { folder in
      let solution = folder + "/golden.sol"
      let solved = try run([
        "solve", VRPLIBFixtures.path("solve-12.vrp"), "--max-iterations", "60", "--seed", "1", "--threads", "1",
        "-o", solution,
      ])
      #expect(solved.status == 0, "\(solved.standardError)")
      let written = try String(contentsOfFile: solution, encoding: .utf8)
      #expect(written == (try VRPLIBFixtures.text("solve-12.sol")))
    }
  }

  @Test func missingInstanceFailsWithOneLineAndNoOutput() throws {
    try withTemporaryFolder { folder in
      let solution = folder + "/out.sol"
      let result = try run(["solve", folder + "/missing.vrp", "--max-iterations", "5", "-o", solution])
      #expect(result.status == 2)
      #expect(result.standardOutput.isEmpty)
      #expect(result.standardError.hasPrefix("waste-route: missing.vrp: cannot read the file"))
      #expect(result.standardError.filter { $0 == "\n" }.count == 1)
      #expect(!FileManager.default.fileExists(atPath: solution))
    }
  }

  @Test func malformedInstanceFailsWithOneLineAndNoOutput() throws {
    try withTemporaryFolder { folder in
      let instance = folder + "/bad.vrp"
      let solution = folder + "/out.sol"
      let text = VRPLIBFixtures.tiny(replacingLine: "CAPACITY : 10", with: "CAPACITY : ten")
      try writeAtomically(text, toPath: instance)
      let result = try run(["solve", instance, "--max-iterations", "5", "-o", solution])
      #expect(result.status == 2)
      #expect(result.standardError.hasPrefix("waste-route: bad.vrp"))
      #expect(result.standardError.contains("ten"))
      #expect(result.standardError.filter { $0 == "\n" }.count == 1)
      #expect(!FileManager.default.fileExists(atPath: solution))
    }
  }

  @Test(arguments: [
    ["--time-limit", "-1"], ["--time-limit=-1"], ["--time-limit", "0"], ["--max-iterations", "0"],
  ])
  func invalidBudgetIsAUsageErrorWithNoOutput(_ budget: [String]) throws {
    try withTemporaryFolder { folder in
      let solution = folder + "/out.sol"
      let result = try run(["solve", VRPLIBFixtures.path("solve-12.vrp"), "-o", solution] + budget)
      #expect(result.status != 0)
      #expect(result.standardOutput.isEmpty)
      #expect(result.standardError.hasPrefix("Error: "))
      #expect(!FileManager.default.fileExists(atPath: solution))
    }
  }
}
