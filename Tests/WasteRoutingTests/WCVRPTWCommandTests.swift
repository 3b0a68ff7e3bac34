import Foundation
import Testing

@testable import WasteRouting

/// End-to-end runs of `waste-route solve` and `check` on WCVRPTW instances and solution JSON.
@Suite struct WCVRPTWCommandTests {
  private func run(_ arguments: [String]) throws -> CommandRunner.Run {
    try CommandRunner.run(arguments)
  }

  /// A fresh temporary folder holding the tiny instance as `tiny.txt`; removed afterwards.
  private func withFolder(_ body: (_ folder: String, _ instance: String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wcvrptw-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let instance = folder + "/tiny.txt"
    try writeAtomically(WCVRPTWFixtures.text(), toPath: instance)
    try body(folder, instance)
  }

  private func lineCount(_ text: String) -> Int { text.filter { $0 == "\n" }.count }

  @Test func checkAcceptsAFeasibleSolution() throws {
    try withFolder { folder, instance in
      let problem = try WCVRPTW.readInstance(atPath: instance).problem
      let solution = folder + "/good.json"
      try SolutionJSON.write(
        Solution(routes: [Route(visits: [.client(0), .client(1), .break, .disposal(0)])]), problem: problem,
        units: SolutionJSON.wcvrptwUnits, toPath: solution)
      let result = try run(["check", instance, solution])
      #expect(result.status == 0, "\(result.standardOutput)")
      #expect(
        result.standardOutput.hasPrefix(
          "instance: tiny (2 clients, 1 disposal sites)\nfeasible: yes\nvehicles: 1\ndistance: 6\n"))
      #expect(
        result.standardOutput.contains(
          "  route 1: vehicle type 0, 2 clients, 1 disposal visits, load 14.75, distance 6, duration 5950, departs 39210, returns 45160\n"
        ))
      #expect(!result.standardOutput.contains("warning"))
      #expect(result.standardOutput.hasSuffix("violations: 0\n"))
      #expect(result.standardError.isEmpty)
    }
  }

  @Test func checkListsViolationsAndExitsOne() throws {
    try withFolder { folder, instance in
      let solution = folder + "/bad.json"
      try writeAtomically(
        #"{"format": "waste-routing-solution", "version": 1, "objective": {"vehicles": 2, "distance": 6}, "routes": [{"vehicleType": 0, "visits": [{"kind": "client", "id": "12"}, {"kind": "disposal", "id": "11"}, {"kind": "client", "id": "12"}]}]}"#,
        toPath: solution)
      let result = try run(["check", instance, solution])
      #expect(result.status == 1)
      #expect(result.standardOutput.contains("feasible: no\n"))
      #expect(result.standardOutput.contains("warning: the file says 2 vehicles, recomputed 1\n"))
      #expect(
        result.standardOutput.contains(
          #"  route 1, visit 3 (client "12"): already visited by route 1, visit 1"#))
      // Back at 27,610 s, before the lunch window opens at 11:00: no break is owed.
      #expect(!result.standardOutput.contains("break"))
      #expect(
        result.standardOutput.contains(
          #"  route 1, visit 3 (client "12"): the last client; no disposal visit follows"#))
      #expect(result.standardOutput.contains(#"  client "13" is not visited"#))
    }
  }

  @Test func checkOf102StopWithOneHugeRoute() throws {
    try withFolder { folder, _ in
      let instance = VRPLIBFixtures.path("102_stop.txt")
      let problem = try WCVRPTW.readInstance(atPath: instance).problem
      let solution = folder + "/one.json"
      let visits = problem.clients.indices.map(Visit.client) + [.disposal(0)]
      try SolutionJSON.write(Solution(routes: [Route(visits: visits)]), problem: problem, toPath: solution)
      let result = try run(["check", instance, solution])
      #expect(result.status == 1)
      #expect(result.standardOutput.contains("the trip's load"))
      #expect(result.standardOutput.contains("exceeds the maximum 40000"))
      #expect(result.standardOutput.contains("after the shift ends at 54000"))
    }
  }

  @Test func unreadableInputsExitTwoWithOneLine() throws {
    try withFolder { folder, instance in
      let broken = folder + "/broken.json"
      try writeAtomically(
        #"{"format": "waste-routing-solution", "version": 1, "routes": [{"vehicleType": 0, "visits": [{"kind": "client", "id": "12"}, {"kind": "stop"}]}]}"#,
        toPath: broken)
      let badJSON = try run(["check", instance, broken])
      #expect(badJSON.status == 2)
      #expect(badJSON.standardOutput.isEmpty)
      #expect(
        badJSON.standardError
          == "waste-route check: broken.json: $.routes[0].visits[1].kind: \"stop\" is not depot, client, disposal or break\n"
      )

      let badInstance = folder + "/bad.txt"
      try writeAtomically(
        WCVRPTWFixtures.text(rows: WCVRPTWFixtures.rows + ["14 1 2 0 2400 30 four 1"]), toPath: badInstance)
      let malformed = try run(["check", badInstance, broken])
      #expect(malformed.status == 2)
      #expect(malformed.standardError == "waste-route check: bad.txt:11: Load: \"four\" is not a number\n")
      let solved = try run(["solve", badInstance, "--max-iterations", "3", "-o", folder + "/out.json"])
      #expect(solved.status == 2)
      #expect(solved.standardError == "waste-route: bad.txt:11: Load: \"four\" is not a number\n")
      #expect(!FileManager.default.fileExists(atPath: folder + "/out.json"))
    }
  }

  @Test func formatAndTimeFormatOptions() throws {
    try withFolder { folder, instance in
      let forced = try run(["solve", instance, "--format", "vrplib", "--max-iterations", "3"])
      #expect(forced.status == 2)
      #expect(forced.standardError.hasPrefix("waste-route: tiny.txt:"))
      #expect(lineCount(forced.standardError) == 1)

      let decimal = folder + "/decimal.txt"
      var rows = WCVRPTWFixtures.rows
      rows[0] = "10   0.00   0.00  875 1500 0  9999.00 0"
      try writeAtomically(WCVRPTWFixtures.text(rows: rows), toPath: decimal)
      let hhmm = try run(["solve", decimal, "--time-format", "hhmm", "--max-iterations", "3"])
      #expect(hhmm.status == 2)
      #expect(
        hhmm.standardError
          == "waste-route: decimal.txt:7: Early_St_Time: \"875\" is not HHMM with minutes 00 to 59\n")
      let misuse = try run(["solve", VRPLIBFixtures.path("solve-12.vrp"), "--time-format", "hhmm"])
      #expect(misuse.status == 2)
      #expect(misuse.standardError == "waste-route: --time-format applies to WCVRPTW instances only\n")
    }
  }

  /// Whatever the solver can do with rich problems, `solve` either writes a solution that `check`
  /// accepts, or fails with one line on standard error and writes nothing.
  @Test(arguments: ["tiny", "102_stop"]) func solveEndsCleanly(_ name: String) throws {
    try withFolder { folder, tiny in
      let instance = name == "tiny" ? tiny : VRPLIBFixtures.path("102_stop.txt")
      let output = folder + "/solution.json"
      let solved = try run(["solve", instance, "--max-iterations", "5", "--time-limit", "5", "-o", output])
      if solved.status == 0 {
        #expect(solved.standardOutput.contains("\nvehicles: "))
        #expect(solved.standardOutput.contains(" mi\n"))
        let checked = try run(["check", instance, output])
        #expect(checked.status == 0, "\(checked.standardOutput)")
      } else {
        #expect([1, 3].contains(solved.status))
        #expect(lineCount(solved.standardError) == 1, "\(solved.standardError)")
        #expect(solved.standardError.hasPrefix("waste-route: "))
        #expect(!FileManager.default.fileExists(atPath: output))
      }
    }
  }

  @Test func vrplibInstanceWithSolutionJSON() throws {
    try withFolder { folder, _ in
      let instance = VRPLIBFixtures.path("X-n101-k25.vrp")
      let problem = try VRPLIB.readProblem(atPath: instance)
      let file = try VRPLIB.readSolution(atPath: VRPLIBFixtures.path("X-n101-k25.sol"), problem: problem)
      let json = folder + "/x.json"
      try SolutionJSON.write(file.solution, problem: problem, toPath: json)
      let result = try run(["check", instance, json])
      #expect(result.status == 0)
      #expect(result.standardOutput.contains("feasible: yes\ncost: 27591\nroutes: 26\n"))
      #expect(!result.standardOutput.contains("warning"))
    }
  }
}
