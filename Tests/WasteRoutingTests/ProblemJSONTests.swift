import Foundation
import Testing

@testable import WasteRouting

/// ``ProblemDocument`` and ``ProblemJSON``: the JSON form of a problem, its schema and `solve problem.json`.
@Suite struct ProblemJSONTests {
  /// The repository root (the tests read the bundled examples and the schema from it).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
  static let examples = ["fixtures/problems/small.problem.json", "fixtures/problems/matrix.problem.json"]

  /// A problem using every field.
  static func fullProblem() throws -> Problem {
    try Problem(
      name: "full", depots: [Depot(name: "d0", coordinate: Coordinate(x: 0, y: 0)), Depot(name: "d1")],
      disposalSites: [DisposalSite(name: "s", openingHours: TimeWindow(earliest: 10, latest: 900), unloadDuration: 5)],
      clients: [
        Client(
          name: "a", coordinate: Coordinate(x: 1.5, y: -2), demands: [4, 2], serviceDuration: 3,
          timeWindows: [TimeWindow(earliest: 0, latest: 50), TimeWindow(earliest: 60, latest: 500)]),
        Client(name: "b", demands: [3], isRequired: false, prize: 70, allowedVehicleTypes: [1]),
      ],
      vehicleTypes: [
        VehicleType(
          name: "big", capacities: [10, 5], count: 2, startDepot: 0, endDepot: 1, maxDuration: 800, maxDistance: 900,
          shift: TimeWindow(earliest: 0, latest: 1_000),
          breakRule: BreakRule(duration: 30, window: TimeWindow(earliest: 100, latest: 400)), maxTotalLoad: 30,
          maxStops: 9, allowedDisposalSites: [0], fixedCost: 100, unitDistanceCost: 2, unitDurationCost: 1),
        VehicleType(name: "small", capacities: [6], breakRule: .drivingLimit(duration: 20, maxDriving: 300)),
      ],
      distances: Matrix(size: 5) { i, j in i == j ? 0 : Int64(10 + i + 2 * j) },
      durations: Matrix(size: 5) { i, j in i == j ? 0 : Int64(5 + i + j) }, costScale: 10, timeScale: 2)
  }

  @Test func aProblemRoundTripsThroughPlainJSONCoding() throws {
    let problem = try Self.fullProblem()
    let data = try JSONEncoder().encode(problem)
    let decoded = try JSONDecoder().decode(Problem.self, from: data)
    #expect(ProblemDocument(decoded) == ProblemDocument(problem))
    #expect(decoded.clients == problem.clients && decoded.vehicleTypes == problem.vehicleTypes)
    #expect(decoded.distances == problem.distances && decoded.durations == problem.durations)
    #expect(decoded.costScale == 10 && decoded.timeScale == 2 && decoded.depots == problem.depots)
    // The document itself round-trips too, its travel rule included.
    var document = try JSONDecoder().decode(
      ProblemDocument.self, from: Data(contentsOf: URL(fileURLWithPath: Self.root + "/" + Self.examples[0])))
    #expect(document.travel?.metric == .manhattan)
    #expect(try JSONDecoder().decode(ProblemDocument.self, from: JSONEncoder().encode(document)) == document)
    document.name = "renamed"
    #expect(try ProblemJSON.document(Data(ProblemJSON.text(of: document).utf8)) == document)
  }

  @Test func defaultsFillTheOmittedFields() throws {
    let problem = try ProblemJSON.parse(
      Data(Self.text(#"{"name": "a"}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]").utf8))
    #expect(problem.clients[0] == Client(name: "a", demands: []))
    #expect(problem.vehicleTypes[0] == VehicleType(capacities: [5]))
    #expect(problem.durations == problem.distances && problem.name == "t")
  }

  @Test func aTravelRuleMakesTheMatricesFromCoordinates() throws {
    let text = """
      {"format": "waste-routing-problem", "version": 1, "depots": [{"name": "d", "coordinate": {"x": 0, "y": 0}}],
       "clients": [{"name": "a", "coordinate": {"x": 3, "y": 4}}, {"name": "b", "coordinate": {"x": -1, "y": 0.5}}],
       "vehicleTypes": [{"capacities": [1]}], "travel": {"metric": "%@", "distanceScale": 10, "speed": 4, "rounding": "%@"}}
      """
    let euclidean = try ProblemJSON.parse(Data(String(format: text, "euclidean", "nearest").utf8))
    // d–a: 5 × 10 = 50, 50 / 4 = 12.5 → 13; d–b: √1.25 × 10 = 11.18 → 11, / 4 = 2.8 → 3.
    #expect(euclidean.distances[0, 1] == 50 && euclidean.durations[0, 1] == 13)
    #expect(euclidean.distances[0, 2] == 11 && euclidean.durations[2, 0] == 3)
    let manhattan = try ProblemJSON.parse(Data(String(format: text, "manhattan", "up").utf8))
    // a–b: (4 + 3.5) × 10 = 75, / 4 = 18.75 → 19.
    #expect(manhattan.distances[1, 2] == 75 && manhattan.durations[1, 2] == 19 && manhattan.distances[1, 1] == 0)
  }

  /// A document with one client, one vehicle type and the given matrix (or rule), as text.
  static func text(_ client: String, _ type: String, matrix: String) -> String {
    """
    {"format": "waste-routing-problem", "version": 1, "name": "t", "depots": [{"name": "d"}],
     "clients": [\(client)], "vehicleTypes": [\(type)], "distances": \(matrix)}
    """
  }

  @Test(arguments: [
    (text(#"{"demands": [1]}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]"), "$.clients[0].name", "missing"),
    (text(#"{"name": 3}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]"), "$.clients[0].name", "expected a string"),
    (text(#"{"name": "a"}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1]]"), "$.distances[1]", "has 1 entries, expected 2"),
    (text(#"{"name": "a"}"#, #"{"capacities": [5]}"#, matrix: "[[0,-1],[1,0]]"), "$.distances[0][1]", "is negative (-1)"),
    (text(#"{"name": "a"}"#, #"{"capacities": [5]}"#, matrix: "[[0,1]]"), "$.distances",
     "has 1 rows, expected one per location (2: depots, disposal sites, clients)"),
    (text(#"{"name": "a", "allowedVehicleTypes": [0, 4]}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]"),
     "$.clients[0].allowedVehicleTypes[1]", "vehicle type 4 does not exist (there are 1)"),
    (text(#"{"name": "a", "demands": [-2]}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]"), "$.clients[0].demands",
     "client a has negative demand -2"),
    (text(#"{"name": "a", "timeWindows": [{"earliest": 9, "latest": 3}]}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]"),
     "$.clients[0].timeWindows", "location a has time window [9, 3], which closes before it opens or overlaps another"),
    (text(#"{"name": "a"}"#, #"{"capacities": [5], "endDepot": 2}"#, matrix: "[[0,1],[1,0]]"), "$.vehicleTypes[0].endDepot",
     "depot 2 does not exist (there are 1)"),
    (text(#"{"name": "a"}"#, #"{"capacities": [5], "count": 0}"#, matrix: "[[0,1],[1,0]]"), "$.vehicleTypes[0].count",
     "vehicle type vehicle has count 0, expected at least 1"),
    (text(#"{"name": "a"}"#, #"{"capacities": [5], "fixedCost": -1}"#, matrix: "[[0,1],[1,0]]"), "$.vehicleTypes[0]",
     "vehicle type vehicle has negative fixed cost -1"),
    (text(#"{"name": "a", "coordinate": {"x": 1, "y": 1}}"#, #"{"capacities": [5]}"#, matrix: "null").replacingOccurrences(
      of: #""distances": null"#, with: #""travel": {"metric": "euclidean"}"#), "$.depots[0].coordinate",
     "missing: a travel rule needs every location's coordinate"),
    (text(#"{"name": "a"}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]").replacingOccurrences(
      of: #""version": 1"#, with: #""version": 7"#), "$.version", "version 7 is not supported (expected 1)"),
    (text(#"{"name": "a"}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]").replacingOccurrences(
      of: #""distances""#, with: #""distance""#), "$", #"give either "distances" (a matrix) or "travel" (a rule over coordinates)"#),
    ("{", "$", "not valid JSON"),
  ])
  func errorsNameTheJSONPath(text: String, path: String, message: String) {
    #expect(throws: ProblemJSONError(file: "p.json", path: path, message: message)) {
      try ProblemJSON.parse(Data(text.utf8), fileName: "p.json")
    }
  }

  @Test func decodingAProblemThatBreaksARuleNamesThePath() throws {
    let text = Self.text(#"{"name": "a", "demands": [-2]}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]")
    do {
      _ = try JSONDecoder().decode(Problem.self, from: Data(text.utf8))
      Issue.record("decoded an invalid problem")
    } catch DecodingError.dataCorrupted(let context) {
      #expect(context.debugDescription == "$.clients[0].demands: client a has negative demand -2")
    }
  }

  // MARK: - The schema and the bundled examples

  /// The schema's object definitions: the required keys and the allowed keys of each object kind.
  static func schemaObjects() throws -> [String: (required: Set<String>, allowed: Set<String>)] {
    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/schemas/problem.schema.json"))
    let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    func entry(_ object: [String: Any]) -> (Set<String>, Set<String>) {
      (Set(object["required"] as? [String] ?? []), Set((object["properties"] as? [String: Any] ?? [:]).keys))
    }
    let properties = try #require(schema["properties"] as? [String: Any])
    var result: [String: (required: Set<String>, allowed: Set<String>)] = ["": entry(schema)]
    for key in ["depots", "disposalSites", "clients", "vehicleTypes"] {
      let items = try #require((properties[key] as? [String: Any])?["items"] as? [String: Any])
      result[key] = entry(items)
    }
    result["travel"] = entry(try #require(properties["travel"] as? [String: Any]))
    return result
  }

  @Test func theBundledExamplesHaveTheSchemasKeysAndSolve() async throws {
    let objects = try Self.schemaObjects()
    for example in Self.examples {
      let data = try Data(contentsOf: URL(fileURLWithPath: Self.root + "/" + example))
      let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      func check(_ object: [String: Any], _ kind: String, _ where_: String) throws {
        let rule = try #require(objects[kind])
        #expect(rule.required.isSubset(of: object.keys), "\(example) \(where_): missing \(rule.required.subtracting(object.keys))")
        #expect(Set(object.keys).isSubset(of: rule.allowed), "\(example) \(where_): unknown \(Set(object.keys).subtracting(rule.allowed))")
      }
      try check(json, "", "$")
      for kind in ["depots", "disposalSites", "clients", "vehicleTypes"] {
        for (k, item) in (json[kind] as? [[String: Any]] ?? []).enumerated() { try check(item, kind, "$.\(kind)[\(k)]") }
      }
      if let travel = json["travel"] as? [String: Any] { try check(travel, "travel", "$.travel") }
      let problem = try ProblemJSON.parse(data)
      var configuration = RichSolverTests.configuration(seed: 1, iterations: 100)
      configuration.threads = 1
      let result = try await Solver(configuration).solve(problem)
      #expect(SolutionEvaluator.evaluateInDetail(result.solution, for: problem).isFeasible)
    }
    // What the library writes uses only keys the schema knows.
    let written = try #require(
      try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.fullProblem())) as? [String: Any])
    #expect(Set(written.keys).isSubset(of: try #require(objects[""]).allowed))
    for kind in ["depots", "disposalSites", "clients", "vehicleTypes"] {
      for item in written[kind] as? [[String: Any]] ?? [] {
        #expect(Set(item.keys).isSubset(of: try #require(objects[kind]).allowed), "\(kind): \(item.keys)")
      }
    }
  }

  // MARK: - The command line

  @Test func solveReadsAProblemFileAndWritesCheckedSolutionJSON() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("problem-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let instance = Self.root + "/fixtures/problems/small.problem.json"
    let output = folder + "/small.solution.json"
    let run = try CommandRunner.run([
      "solve", instance, "--max-iterations", "200", "--seed", "1", "--threads", "1", "--refinement", "off", "-o", output,
    ])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.hasPrefix("instance: small (10 stops, 1 disposal sites)\nvehicles: "))
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect(text.contains(#""format": "waste-routing-solution""#))
    let check = try CommandRunner.run(["check", instance, output])
    #expect(check.status == 0 && check.standardOutput.contains("feasible: yes\n"), "\(check.standardOutput)")
    // Warm-started from that solution, one iteration is no worse.
    let again = try CommandRunner.run([
      "solve", instance, "--initial", output, "--max-iterations", "1", "--threads", "1", "--refinement", "off",
      "-o", folder + "/again.json",
    ])
    #expect(again.status == 0, "\(again.standardError)")
    let first = try SolutionJSON.read(atPath: output, problem: try ProblemJSON.read(atPath: instance))
    let second = try SolutionJSON.read(atPath: folder + "/again.json", problem: try ProblemJSON.read(atPath: instance))
    #expect(try #require(second.statedCost) <= (try #require(first.statedCost)))
    // A bad file: exit 2 and one line naming the file and the path; nothing written.
    let bad = folder + "/bad.json"
    try writeAtomically(Self.text(#"{"name": "a", "demands": "x"}"#, #"{"capacities": [5]}"#, matrix: "[[0,1],[1,0]]"), toPath: bad)
    let failed = try CommandRunner.run(["solve", bad, "-o", folder + "/never.json"])
    #expect(failed.status == 2)
    #expect(failed.standardError == "waste-route: bad.json: $.clients[0].demands: expected an array\n")
    #expect(!FileManager.default.fileExists(atPath: folder + "/never.json"))
    // An initial solution that names a client the problem lacks: exit 2.
    let wrong = folder + "/wrong.json"
    try writeAtomically(
      #"{"format": "waste-routing-solution", "version": 1, "routes": [{"vehicleType": 0, "visits": [{"kind": "client", "index": 40}]}]}"#,
      toPath: wrong)
    let refused = try CommandRunner.run(["solve", instance, "--initial", wrong, "--max-iterations", "1"])
    #expect(refused.status == 2)
    #expect(refused.standardError.contains("wrong.json: $.routes[0].visits[0].index: client index 40 does not exist"))
  }

  @Test func solveStartsAVRPLIBInstanceFromASolFile() throws {
    let fixtures = Self.root + "/Tests/WasteRoutingTests/Fixtures"
    let run = try CommandRunner.run([
      "solve", fixtures + "/X-n101-k25.vrp", "--initial", fixtures + "/X-n101-k25.sol", "--max-iterations", "1",
      "--threads", "1", "--refinement", "off",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let sol = try String(contentsOfFile: fixtures + "/X-n101-k25.sol", encoding: .utf8)
    let stated = try #require(sol.split(separator: "\n").first { $0.hasPrefix("Cost") }?.split(separator: " ").last)
    let cost = try #require(run.standardOutput.split(separator: "\n").first { $0.hasPrefix("cost: ") })
    #expect(Double(cost.dropFirst(6))! <= Double(stated)!)
  }
}
