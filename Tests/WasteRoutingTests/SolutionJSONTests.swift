import Foundation
import Testing

@testable import WasteRouting

@Suite struct SolutionJSONTests {
  private func tiny() throws -> Problem {
    try WCVRPTW.parseInstance(WCVRPTWFixtures.text(), fileName: "tiny.txt").problem
  }

  /// Stops 12 and 13 (clients 0 and 1), lunch, then disposal site 11.
  private let solution = Solution(routes: [Route(visits: [.client(0), .client(1), .break, .disposal(0)])])

  @Test func handCheckedTinySchedule() throws {
    let text = SolutionJSON.text(for: solution, problem: try tiny(), units: SolutionJSON.wcvrptwUnits)
    // Leaves at 10:53:30 so that stop 13 is done just as lunch may start (11:00); 6 miles.
    let expected = """
      {
        "format": "waste-routing-solution",
        "version": 1,
        "instance": "tiny",
        "units": {"distance": "mi", "time": "s", "load": "yd3"},
        "objective": {"vehicles": 1, "distance": 6, "cost": \(Double(1_000_031_680) / 5280), "feasible": true},
        "routes": [
          {
            "vehicleType": 0,
            "vehicleTypeName": "truck",
            "distance": 6,
            "duration": 5950,
            "cost": \(Double(1_000_031_680) / 5280),
            "visits": [
              {"kind": "depot", "id": "10", "arrival": 39210, "start": 39210, "departure": 39210, "load": [0]},
              {"kind": "client", "id": "12", "index": 0, "arrival": 39300, "start": 39300, "departure": 39480, "load": [10.5]},
              {"kind": "client", "id": "13", "index": 1, "arrival": 39570, "start": 39570, "departure": 39600, "load": [14.75]},
              {"kind": "break", "arrival": 39600, "start": 39600, "departure": 43200, "load": [14.75]},
              {"kind": "disposal", "id": "11", "index": 0, "arrival": 43470, "start": 43470, "departure": 45070, "load": [0]},
              {"kind": "depot", "id": "10", "arrival": 45160, "start": 45160, "departure": 45160, "load": [0]}
            ]
          }
        ]
      }

      """
    #expect(text == expected)
  }

  @Test func roundTrip() throws {
    let problem = try tiny()
    let text = SolutionJSON.text(for: solution, problem: problem, units: SolutionJSON.wcvrptwUnits)
    let document = try SolutionJSON.parse(Data(text.utf8), fileName: "tiny.json", problem: problem)
    #expect(document.solution == solution)
    #expect(document.instance == "tiny")
    #expect(document.statedVehicles == 1)
    #expect(document.statedDistance == 6)
    #expect(document.statedCost == Double(1_000_031_680) / 5280)
    // It is valid JSON for other tools too.
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect(object?["format"] as? String == "waste-routing-solution")
  }

  @Test func excludedClientsAreWrittenAsVersionTwoAndReadBack() throws {
    let problem = try tiny()
    let left = Solution(
      routes: [Route(visits: [.client(0), .break, .disposal(0)])],
      excludedClients: [ExcludedClient(client: 1, reason: .notEnoughVehicles)])
    let text = SolutionJSON.text(for: left, problem: problem, units: SolutionJSON.wcvrptwUnits)
    #expect(text.contains(#""version": 2,"#))
    #expect(
      text.contains(
        #"    {"kind": "client", "id": "13", "index": 1, "required": true, "rule": "notEnoughVehicles", "reason": "the limited fleet has no room left for it"}"#
      ))
    let document = try SolutionJSON.parse(Data(text.utf8), fileName: "left.json", problem: problem)
    #expect(document.solution == left)
    // Without exclusions the file stays version 1, as older readers expect.
    #expect(SolutionJSON.text(for: solution, problem: problem).contains(#""version": 1,"#))
  }

  @Test func loadAboveCapacityTakesItsNumbersFromTheProblem() throws {
    let problem = try tiny()
    let text = #"""
      {"format": "waste-routing-solution", "version": 2, "routes": [],
       "excluded": [{"id": "12", "rule": "loadAboveCapacity", "dimension": 0, "demand": 1, "largestCapacity": 2}]}
      """#
    let document = try SolutionJSON.parse(Data(text.utf8), fileName: "x.json", problem: problem)
    let capacity = problem.vehicleTypes.map(\.capacity).max() ?? 0
    #expect(
      document.solution.excludedClients == [
        ExcludedClient(
          client: 0,
          reason: .loadAboveCapacity(
            dimension: 0, demand: problem.clients[0].demand, largestCapacity: capacity))
      ])
  }

  @Test func roundTripOf102StopWithSeveralRoutes() throws {
    let problem = try WCVRPTW.readInstance(atPath: VRPLIBFixtures.path("102_stop.txt")).problem
    let half = problem.clients.count / 2
    let routes = [
      Route(visits: (0..<half).map(Visit.client) + [.disposal(1), .break]),
      Route(visits: [.break] + (half..<problem.clients.count).map(Visit.client) + [.disposal(0)]),
    ]
    let text = SolutionJSON.text(for: Solution(routes: routes), problem: problem)
    let document = try SolutionJSON.parse(Data(text.utf8), fileName: "102.json", problem: problem)
    #expect(document.solution.routes == routes)
  }

  @Test func writesAtomicallyAndReadsBack() throws {
    let problem = try tiny()
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("solution-\(UUID()).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try SolutionJSON.write(solution, problem: problem, toPath: path)
    #expect(try SolutionJSON.read(atPath: path, problem: problem).solution == solution)
    #expect(throws: FileWriteError.self) {
      try SolutionJSON.write(solution, problem: problem, toPath: "/nonexistent/dir/solution.json")
    }
    #expect(throws: SolutionJSONError.self) {
      try SolutionJSON.read(atPath: "/nonexistent/x.json", problem: problem)
    }
  }

  @Test func idsAloneAreEnough() throws {
    let text = """
      {"format": "waste-routing-solution", "version": 1, "routes": [
        {"vehicleType": 0, "visits": [{"kind": "client", "id": "13"}, {"kind": "break"}, {"kind": "client", "id": "12"},
          {"kind": "disposal", "id": "11"}, {"kind": "depot"}]}]}
      """
    let document = try SolutionJSON.parse(Data(text.utf8), fileName: "ids.json", problem: try tiny())
    #expect(document.solution.routes == [Route(visits: [.client(1), .break, .client(0), .disposal(0)])])
    #expect(document.instance == nil && document.statedCost == nil)
  }

  /// A broken file, the path its error must name and the message.
  struct BadFile: CustomTestStringConvertible, Sendable {
    var label: String
    var text: String
    var path: String
    var message: String
    var testDescription: String { label }
  }

  static let badFiles: [BadFile] = {
    func routes(_ visits: String, vehicleType: String = "0") -> String {
      #"{"format": "waste-routing-solution", "version": 1, "routes": [{"vehicleType": \#(vehicleType), "visits": [\#(visits)]}]}"#
    }
    return [
      BadFile(label: "not JSON", text: "{routes", path: "$", message: "not valid JSON"),
      BadFile(label: "an array", text: "[]", path: "$", message: "expected an object"),
      BadFile(
        label: "wrong format", text: #"{"format": "vrp", "version": 1}"#, path: "$.format",
        message: #"expected "waste-routing-solution", found "vrp""#),
      BadFile(
        label: "missing format", text: #"{"version": 1}"#, path: "$.format",
        message: #"expected "waste-routing-solution", found nothing"#),
      BadFile(
        label: "future version", text: #"{"format": "waste-routing-solution", "version": 3, "routes": []}"#,
        path: "$.version", message: "version 3 is not supported (expected 1 to 2)"),
      BadFile(
        label: "unknown exclusion rule",
        text:
          #"{"format": "waste-routing-solution", "version": 2, "excluded": [{"index": 0, "rule": "tooFar"}], "routes": []}"#,
        path: "$.excluded[0].rule",
        message:
          #""tooFar" is not an exclusion rule (noCompatibleVehicle, loadAboveCapacity, noDisposalSite, windowUnreachable, routeLimitExceeded, notEnoughVehicles)"#
      ),
      BadFile(
        label: "excluded client that does not exist",
        text:
          #"{"format": "waste-routing-solution", "version": 2, "excluded": [{"index": 99, "rule": "notEnoughVehicles"}], "routes": []}"#,
        path: "$.excluded[0].index", message: "client index 99 does not exist (the instance has 2)"),
      BadFile(
        label: "missing routes", text: #"{"format": "waste-routing-solution", "version": 1}"#,
        path: "$.routes",
        message: "missing"),
      BadFile(
        label: "vehicle type is a string", text: routes("", vehicleType: #""truck""#),
        path: "$.routes[0].vehicleType", message: "expected an integer"),
      BadFile(
        label: "negative vehicle type", text: routes("", vehicleType: "-1"), path: "$.routes[0].vehicleType",
        message: "-1 is not a vehicle type index (0 or more)"),
      BadFile(
        label: "unknown kind", text: routes(#"{"kind": "client", "index": 0}, {"kind": "lunch"}"#),
        path: "$.routes[0].visits[1].kind", message: #""lunch" is not depot, client, disposal or break"#),
      BadFile(
        label: "missing kind", text: routes(#"{"index": 0}"#), path: "$.routes[0].visits[0].kind",
        message: "missing"),
      BadFile(
        label: "unknown id", text: routes(#"{"kind": "client", "id": "99"}"#),
        path: "$.routes[0].visits[0].id",
        message: #"no client is named "99""#),
      BadFile(
        label: "index out of range", text: routes(#"{"kind": "disposal", "index": 3}"#),
        path: "$.routes[0].visits[0].index",
        message: "disposal site index 3 does not exist (the instance has 1)"),
      BadFile(
        label: "id and index disagree", text: routes(#"{"kind": "client", "id": "13", "index": 0}"#),
        path: "$.routes[0].visits[0].id", message: #""13" does not match client index 0, which is "12""#),
      BadFile(
        label: "neither id nor index", text: routes(#"{"kind": "client"}"#), path: "$.routes[0].visits[0]",
        message: #"a client visit needs an "index" or an "id""#),
      BadFile(
        label: "depot in the middle",
        text: routes(#"{"kind": "client", "index": 0}, {"kind": "depot"}, {"kind": "client", "index": 1}"#),
        path: "$.routes[0].visits[1].kind", message: "a depot visit may only open or close a route"),
      BadFile(
        label: "numeric id", text: routes(#"{"kind": "client", "id": 12}"#), path: "$.routes[0].visits[0].id",
        message: "expected a string"),
    ]
  }()

  @Test(arguments: badFiles) func errorsNameTheJSONPath(_ bad: BadFile) throws {
    #expect(throws: SolutionJSONError(file: "bad.json", path: bad.path, message: bad.message)) {
      try SolutionJSON.parse(Data(bad.text.utf8), fileName: "bad.json", problem: try tiny())
    }
  }

  @Test func numbersAndStrings() {
    #expect(SolutionJSON.number(14_400_262, scale: 1000) == "14400.262")
    #expect(SolutionJSON.number(-1_500, scale: 1000) == "-1.5")
    #expect(SolutionJSON.number(10_560, scale: 5280) == "2")
    #expect(SolutionJSON.number(15_387, scale: 5280) == "\(15_387.0 / 5280)")
    #expect(SolutionJSON.string("a\"b\\c\n\u{1}") == #""a\"b\\c\n\u0001""#)
  }
}
