import Foundation
import Testing

@testable import WasteRouting

/// End-to-end runs of the built `waste-route check`.
@Suite struct CheckCommandTests {

  private func run(_ arguments: [String]) throws -> CommandRunner.Run {
    try CommandRunner.run(arguments)
  }

  private func temporaryFile(_ text: String, name: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("io-\(UUID())-\(name)").path
    try writeAtomically(text, toPath: path)
    return path
  }

  @Test func feasibleSolutionExitsZero() throws {
    let result = try run([
      "check", VRPLIBFixtures.path("X-n101-k25.vrp"), VRPLIBFixtures.path("X-n101-k25.sol"),
    ])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("feasible: yes\ncost: 27591\nroutes: 26\n"))
    #expect(result.standardOutput.hasSuffix("violations: 0\n"))
    #expect(result.standardError.isEmpty)
  }

  @Test func cmtInstanceIsCheckedWithExactDistancesByDefault() throws {
    let arguments = ["check", VRPLIBFixtures.path("CMT6.vrp"), VRPLIBFixtures.path("CMT6.sol")]
    let exact = try run(arguments)
    #expect(exact.status == 0)
    #expect(exact.standardOutput.contains("cost: 555.43\n"))
    #expect(!exact.standardOutput.contains("warning"))
    let rounded = try run(arguments + ["--rounding", "nearest"])
    #expect(rounded.status == 0)
    #expect(rounded.standardOutput.contains("cost: 551\n"))
    #expect(rounded.standardOutput.contains("warning: the Cost line says 555.43, recomputed 551"))
  }

  @Test func infeasibleSolutionExitsOneAndListsViolations() throws {
    let instance = try temporaryFile(VRPLIBFixtures.tiny, name: "tiny.vrp")
    let solution = try temporaryFile("Route #1: 1 2 3\nRoute #2: 3\nCost 14\n", name: "tiny.sol")
    defer {
      try? FileManager.default.removeItem(atPath: instance)
      try? FileManager.default.removeItem(atPath: solution)
    }
    let result = try run(["check", instance, solution])
    #expect(result.status == 1)
    #expect(result.standardOutput.contains("feasible: no\n"))
    #expect(result.standardOutput.contains("  route 1: load 15 exceeds the capacity 10\n"))
    #expect(result.standardOutput.contains(#"  client 3 ("4") is visited twice (routes 1 and 2)"#))
  }

  @Test func unreadableInputExitsTwoWithOneLineOnStandardError() throws {
    let solution = VRPLIBFixtures.path("X-n101-k25.sol")
    let missing = try run(["check", "/nonexistent/missing.vrp", solution])
    #expect(missing.status == 2)
    #expect(missing.standardOutput.isEmpty)
    #expect(missing.standardError.hasPrefix("waste-route check: missing.vrp: cannot read the file"))
    #expect(missing.standardError.filter { $0 == "\n" }.count == 1)

    let wrongPair = try run(["check", VRPLIBFixtures.path("CMT6.vrp"), solution])
    #expect(wrongPair.status == 2)
    #expect(wrongPair.standardError.contains(#"X-n101-k25.sol:3: customer "70" is not in 1...50"#))
  }

  @Test func badRoundingIsAUsageError() throws {
    let result = try run(["check", "a.vrp", "b.sol", "--rounding", "up"])
    #expect(result.status != 0 && result.status != 1)
  }

  @Test func helpDescribesArgumentsAndExitStatus() throws {
    let result = try run(["check", "--help"])
    #expect(result.status == 0)
    for text in [
      "USAGE: waste-route check <instance> <solution> [--rounding <rounding>]", "(values: nearest, exact)",
      "Exit status: 0 feasible, 1 infeasible, 2 unreadable",
    ] {
      #expect(result.standardOutput.contains(text))
    }
  }
}
