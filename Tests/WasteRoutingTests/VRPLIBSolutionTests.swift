import Foundation
import Testing

@testable import WasteRouting

@Suite struct VRPLIBSolutionTests {
  private func tiny(_ rounding: DistanceRounding? = nil) throws -> Problem {
    try VRPLIB.parseProblem(VRPLIBFixtures.tiny, fileName: "tiny.vrp", rounding: rounding)
  }

  /// Nodes 2 and 4, then node 3: 5 + 4 + 2 = 11 and 3 + 3 = 6 rounded; exactly 10.4051 and 6.
  private let tinySolution = Solution(routes: [Route(clients: [0, 2]), Route(clients: [1])])

  @Test func writesRoutesWithOneBasedCustomersAndTheCost() throws {
    #expect(VRPLIB.solutionText(tinySolution, problem: try tiny()) == "Route #1: 1 3\nRoute #2: 2\nCost 17\n")
    #expect(
      VRPLIB.solutionText(tinySolution, problem: try tiny(.exact))
        == "Route #1: 1 3\nRoute #2: 2\nCost 16.41\n")
  }

  @Test func writeThenReadGivesTheSameSolution() throws {
    let problem = try tiny()
    let text = VRPLIB.solutionText(tinySolution, problem: problem)
    let file = try VRPLIB.parseSolutionFile(text, fileName: "tiny.sol", problem: problem)
    #expect(file.solution == tinySolution)
    #expect(file.statedCost == 17)
  }

  @Test func acceptsSpellingVariants() throws {
    let text = "route 1: 2\n\nROUTE #2 :1   3\t\nRoute #3:\nCost: 17\nTime 1.5\n"
    let file = try VRPLIB.parseSolutionFile(text, fileName: "tiny.sol", problem: try tiny())
    #expect(file.solution == Solution(routes: [Route(clients: [1]), Route(clients: [0, 2])]))
    #expect(file.statedCost == 17)
  }

  @Test func shippedXSolutionCosts27591() throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("X-n101-k25.vrp"))
    let file = try VRPLIB.readSolution(atPath: VRPLIBFixtures.path("X-n101-k25.sol"), problem: problem)
    let evaluation = SolutionEvaluator.evaluate(file.solution, for: problem)
    #expect(evaluation.isFeasible)
    #expect(evaluation.violations.isEmpty)
    #expect(evaluation.cost == 27_591)
    #expect(evaluation.routeCount == 26)
    #expect(file.statedCost == 27_591)

    let rewritten = VRPLIB.solutionText(file.solution, problem: problem)
    #expect(rewritten == (try VRPLIBFixtures.text("X-n101-k25.sol")).replacingOccurrences(of: "\r", with: ""))
    #expect(try VRPLIB.parseSolution(rewritten, fileName: "again.sol", problem: problem) == file.solution)
  }

  @Test func shippedCMT6SolutionCosts555_43WithExactDistances() throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("CMT6.vrp"))
    let solution = try VRPLIB.parseSolution(
      VRPLIBFixtures.text("CMT6.sol"), fileName: "CMT6.sol", problem: problem)
    let evaluation = SolutionEvaluator.evaluate(solution, for: problem)
    #expect(evaluation.isFeasible)
    #expect(abs(evaluation.reportedCost - 555.43) < 0.005)
    #expect(VRPLIB.formattedCost(evaluation.cost, costScale: problem.costScale) == "555.43")
    // The longest route lasts 199.12 ≤ 200: travel plus 10 per customer.
    let longest = try #require(evaluation.routes.map(\.duration).max())
    #expect(abs(Double(longest) / 10_000 - 199.12) < 0.005)
    #expect(VRPLIB.solutionText(solution, problem: problem).hasSuffix("Cost 555.43\n"))
  }

  @Test func roundingTheCMT6DistancesGives551() throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("CMT6.vrp"), rounding: .nearest)
    let solution = try VRPLIB.parseSolution(
      VRPLIBFixtures.text("CMT6.sol"), fileName: "CMT6.sol", problem: problem)
    let evaluation = SolutionEvaluator.evaluate(solution, for: problem)
    #expect(problem.costScale == 1)
    #expect(evaluation.cost == 551)
    #expect(evaluation.isFeasible)
  }

  @Test(arguments: [
    ("Route #1: 1 4\nCost 3\n", VRPLIBError.Reason.unknownCustomer("4", customerCount: 3), 1 as Int?),
    ("Route #1: 1\nRoute #2: 0 2\n", .unknownCustomer("0", customerCount: 3), 2),
    ("Route #1: 1\nRoute #2: -3\n", .unknownCustomer("-3", customerCount: 3), 2),
    ("Route #1: 1\n\nRoute #2: 2 x3\n", .invalidCustomer("x3"), 3),
    ("Route #1: 1 2.0\n", .invalidCustomer("2.0"), 1),
    ("Route #1: 1 2 3\nCost abc\n", .invalidNumber(field: "Cost", value: "abc"), 2),
    ("Route #1: 1 2 3\n\u{0}\u{1}\n", .binaryContent, 2),
    ("Cost 17\n", .noRoutes, nil),
    ("", .noRoutes, nil),
  ])
  func badSolutionIsRejected(text: String, reason: VRPLIBError.Reason, line: Int?) throws {
    let problem = try tiny()
    let error = #expect(throws: VRPLIBError.self) {
      try VRPLIB.parseSolution(text, fileName: "bad.sol", problem: problem)
    }
    #expect(error == VRPLIBError(file: "bad.sol", line: line, reason: reason))
  }
}

@Suite struct AtomicWriteTests {
  @Test func solutionFileIsWrittenAndReplacedWhole() throws {
    let problem = try VRPLIB.parseProblem(VRPLIBFixtures.tiny, fileName: "tiny.vrp")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("io-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("tiny.sol").path

    try writeAtomically("old contents that are longer than the new ones\n", toPath: path)
    let solution = Solution(routes: [Route(clients: [0, 2]), Route(clients: [1])])
    try writeAtomically(VRPLIB.solutionText(solution, problem: problem), toPath: path)
    #expect(
      try VRPLIB.readSolution(atPath: path, problem: problem)
        == VRPLIB.SolutionFile(solution: solution, statedCost: 17))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["tiny.sol"])
  }

  @Test func missingDirectoryIsAnError() {
    let error = #expect(throws: FileWriteError.self) {
      try writeAtomically("x", toPath: "/nonexistent/dir/out.sol")
    }
    #expect(error?.path == "/nonexistent/dir/out.sol")
    #expect(error?.description.contains("\n") == false)
  }
}
