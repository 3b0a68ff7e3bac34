import Foundation
import Testing

@testable import WasteRouting

/// End-to-end runs of `waste-route solve` and `check` with clients that cannot be served (issue #11).
@Suite struct ExclusionCommandTests {
  /// A fresh temporary folder; removed afterwards.
  private func withFolder(_ body: (_ folder: String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("excluded-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try body(folder)
  }

  /// The tiny VRPLIB instance with customer 4 (client 2) demanding 12 of a capacity of 10.
  private static let tooLarge = VRPLIBFixtures.tiny(replacingLine: "4 6", with: "4 12")

  @Test func checkAcceptsDeclaredExclusionsAndVerifiesThem() throws {
    try withFolder { folder in
      let instance = folder + "/large.vrp"
      try writeAtomically(Self.tooLarge, toPath: instance)
      let problem = try VRPLIB.readProblem(atPath: instance)
      let solution = folder + "/left.json"
      let load = ExclusionReason.loadAboveCapacity(dimension: 0, demand: 12, largestCapacity: 10)
      try SolutionJSON.write(
        Solution(
          routes: [Route(clients: [0, 1])], excludedClients: [ExcludedClient(client: 2, reason: load)]),
        problem: problem, toPath: solution)
      let accepted = try CommandRunner.run(["check", instance, solution])
      #expect(accepted.status == 0, "\(accepted.standardOutput)")
      #expect(accepted.standardOutput.contains("feasible: yes\n"))
      #expect(accepted.standardOutput.contains("excluded: 1 client (1 required): loadAboveCapacity 1\n"))
      #expect(accepted.standardOutput.hasSuffix("violations: 0\n"))
      // Claiming customer 3 (demand 5) is too large too: the instance says otherwise.
      try SolutionJSON.write(
        Solution(
          routes: [Route(clients: [0])],
          excludedClients: [
            ExcludedClient(client: 1, reason: load), ExcludedClient(client: 2, reason: load),
          ]),
        problem: problem, toPath: solution)
      let rejected = try CommandRunner.run(["check", instance, solution])
      #expect(rejected.status == 1)
      #expect(
        rejected.standardOutput.contains("is left out as loadAboveCapacity, but"),
        "\(rejected.standardOutput)")
      // A required client neither visited nor declared is still missing.
      try SolutionJSON.write(Solution(routes: [Route(clients: [0, 1])]), problem: problem, toPath: solution)
      #expect(try CommandRunner.run(["check", instance, solution]).status == 1)
    }
  }

  @Test func strictSolveRejectsAClientAboveEveryCapacity() throws {
    try withFolder { folder in
      let instance = folder + "/large.vrp"
      try writeAtomically(Self.tooLarge, toPath: instance)
      let run = try CommandRunner.run([
        "solve", instance, "--strict", "--time-limit", "1", "-o", folder + "/large.sol",
      ])
      #expect(run.status == 2, "\(run.standardError)")
      #expect(!FileManager.default.fileExists(atPath: folder + "/large.sol"))
    }
  }

  @Test func solveLeavesOutAClientAboveEveryCapacity() throws {
    try withFolder { folder in
      let instance = folder + "/large.vrp"
      try writeAtomically(Self.tooLarge, toPath: instance)
      let output = folder + "/large.json"
      let run = try CommandRunner.run(["solve", instance, "--time-limit", "1", "-o", output])
      #expect(run.status == 4, "\(run.standardError)")
      #expect(run.standardOutput.contains("excluded: 1 client (1 required): loadAboveCapacity 1\n"))
      #expect(run.standardOutput.contains(#"  client "4" (index 2, required): loadAboveCapacity: "#))
      let text = try String(contentsOfFile: output, encoding: .utf8)
      #expect(text.contains(#""version": 2,"#) && text.contains(#""rule": "loadAboveCapacity""#))
      let checked = try CommandRunner.run(["check", instance, output])
      #expect(checked.status == 0, "\(checked.standardOutput)")
    }
  }
}
