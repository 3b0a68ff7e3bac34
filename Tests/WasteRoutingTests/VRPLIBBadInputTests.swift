import Foundation
import Testing

@testable import WasteRouting

/// One malformed instance and the error it must raise.
struct BadInstance: Sendable, CustomTestStringConvertible {
  var label: String
  var text: String
  var reason: VRPLIBError.Reason
  var line: Int?

  var testDescription: String { label }
}

@Suite struct VRPLIBBadInputTests {
  typealias F = VRPLIBFixtures

  static let cases: [BadInstance] = [
    BadInstance(
      label: "missing CAPACITY", text: F.tiny(replacingLine: "CAPACITY : 10", with: ""),
      reason: .missingField("CAPACITY"), line: nil),
    BadInstance(
      label: "negative CAPACITY", text: F.tiny(replacingLine: "CAPACITY : 10", with: "CAPACITY : -10"),
      reason: .invalidValue(field: "CAPACITY", value: "-10", expected: "in 0...10^15"), line: 6),
    BadInstance(
      label: "DIMENSION not a number", text: F.tiny(replacingLine: "DIMENSION : 4", with: "DIMENSION : four"),
      reason: .invalidNumber(field: "DIMENSION", value: "four"), line: 4),
    BadInstance(
      label: "fractional DIMENSION", text: F.tiny(replacingLine: "DIMENSION : 4", with: "DIMENSION : 4.5"),
      reason: .invalidValue(field: "DIMENSION", value: "4.5", expected: "an integer"), line: 4),
    BadInstance(
      label: "DIMENSION absurdly large",
      text: F.tiny(replacingLine: "DIMENSION : 4", with: "DIMENSION : 4000000000"),
      reason: .dimensionTooLarge(4_000_000_000, limit: 20_000), line: 4),
    BadInstance(
      label: "DIMENSION beyond Int64",
      text: F.tiny(replacingLine: "DIMENSION : 4", with: "DIMENSION : 1e30"),
      reason: .invalidValue(field: "DIMENSION", value: "1e30", expected: "a 64-bit integer"), line: 4),
    BadInstance(
      label: "DIMENSION zero", text: F.tiny(replacingLine: "DIMENSION : 4", with: "DIMENSION : 0"),
      reason: .invalidValue(field: "DIMENSION", value: "0", expected: "at least 1"), line: 4),
    BadInstance(
      label: "missing DIMENSION", text: F.tiny(replacingLine: "DIMENSION : 4", with: ""),
      reason: .sectionBeforeDimension("NODE_COORD_SECTION"), line: 6),
    BadInstance(label: "empty file", text: "", reason: .missingField("DIMENSION"), line: nil),
    BadInstance(
      label: "NUL byte", text: F.tiny(replacingLine: "2 3 4", with: "2 3\u{0}4"),
      reason: .binaryContent, line: 9),
    BadInstance(
      label: "NaN coordinate", text: F.tiny(replacingLine: "2 3 4", with: "2 nan 4"),
      reason: .invalidNumber(field: "x coordinate of node 2", value: "nan"), line: 9),
    BadInstance(
      label: "infinite coordinate", text: F.tiny(replacingLine: "2 3 4", with: "2 3 -inf"),
      reason: .invalidNumber(field: "y coordinate of node 2", value: "-inf"), line: 9),
    BadInstance(
      label: "overflowing coordinate", text: F.tiny(replacingLine: "2 3 4", with: "2 3 1e400"),
      reason: .invalidNumber(field: "y coordinate of node 2", value: "1e400"), line: 9),
    BadInstance(
      label: "huge coordinate", text: F.tiny(replacingLine: "2 3 4", with: "2 3 1e300"),
      reason: .invalidValue(field: "y coordinate of node 2", value: "1e300", expected: "in -10^9...10^9"),
      line: 9),
    BadInstance(
      label: "non-numeric coordinate", text: F.tiny(replacingLine: "2 3 4", with: "2 three 4"),
      reason: .invalidNumber(field: "x coordinate of node 2", value: "three"), line: 9),
    BadInstance(
      label: "coordinate row too short", text: F.tiny(replacingLine: "2 3 4", with: "2 3"),
      reason: .wrongTokenCount(section: "NODE_COORD_SECTION", expected: 3, found: 2), line: 9),
    BadInstance(
      label: "duplicate node id", text: F.tiny(replacingLine: "3 3 0", with: "2 3 0"),
      reason: .duplicateNode(section: "NODE_COORD_SECTION", id: 2), line: 10),
    BadInstance(
      label: "missing node id", text: F.tiny(replacingLine: "3 3 0", with: ""),
      reason: .missingNode(section: "NODE_COORD_SECTION", id: 3), line: nil),
    BadInstance(
      label: "node id out of range", text: F.tiny(replacingLine: "4 0 1.5", with: "5 0 1.5"),
      reason: .nodeOutOfRange(section: "NODE_COORD_SECTION", id: "5", dimension: 4), line: 11),
    BadInstance(
      label: "node id zero", text: F.tiny(replacingLine: "1 0", with: "0 0"),
      reason: .nodeOutOfRange(section: "DEMAND_SECTION", id: "0", dimension: 4), line: 13),
    BadInstance(
      label: "non-integer node id", text: F.tiny(replacingLine: "1 0", with: "1.0 0"),
      reason: .nodeOutOfRange(section: "DEMAND_SECTION", id: "1.0", dimension: 4), line: 13),
    BadInstance(
      label: "missing DEMAND_SECTION",
      text: F.tiny(replacingLine: "DEMAND_SECTION", with: "")
        .replacingOccurrences(of: "1 0\n2 4\n3 5\n4 6\n", with: ""),
      reason: .missingSection("DEMAND_SECTION"), line: nil),
    BadInstance(
      label: "missing DEPOT_SECTION",
      text: F.tiny(replacingLine: "DEPOT_SECTION", with: "").replacingOccurrences(
        of: "\n1\n-1\n", with: "\n"),
      reason: .missingSection("DEPOT_SECTION"), line: nil),
    BadInstance(
      label: "missing NODE_COORD_SECTION",
      text: F.tiny(replacingLine: "NODE_COORD_SECTION", with: "")
        .replacingOccurrences(of: "1 0 0\n2 3 4\n3 3 0\n4 0 1.5\n", with: ""),
      reason: .missingSection("NODE_COORD_SECTION"), line: nil),
    BadInstance(
      label: "truncated in DEMAND_SECTION", text: F.tiny(truncatedAfter: "DEMAND_SECTION\n1 0\n2 4"),
      reason: .missingNode(section: "DEMAND_SECTION", id: 3), line: nil),
    BadInstance(
      label: "truncated in DEPOT_SECTION", text: F.tiny(truncatedAfter: "DEPOT_SECTION\n1\n"),
      reason: .unterminatedDepotSection, line: 17),
    BadInstance(
      label: "truncated mid-row", text: F.tiny(truncatedAfter: "NODE_COORD_SECTION\n1 0 0\n2 3"),
      reason: .wrongTokenCount(section: "NODE_COORD_SECTION", expected: 3, found: 2), line: 9),
    BadInstance(
      label: "depot out of range", text: F.tiny(replacingLine: "1", with: "7"),
      reason: .nodeOutOfRange(section: "DEPOT_SECTION", id: "7", dimension: 4), line: 18),
    BadInstance(
      label: "no depot", text: F.tiny(replacingLine: "1", with: ""),
      reason: .noDepot, line: 17),
    BadInstance(
      label: "data after the depot terminator", text: F.tiny(replacingLine: "-1", with: "-1 2"),
      reason: .unexpectedLine("-1 2"), line: 19),
    BadInstance(
      label: "negative demand", text: F.tiny(replacingLine: "3 5", with: "3 -5"),
      reason: .negativeDemand(node: 3, demand: -5), line: 15),
    BadInstance(
      label: "non-numeric demand", text: F.tiny(replacingLine: "3 5", with: "3 five"),
      reason: .invalidNumber(field: "demand of node 3", value: "five"), line: 15),
    BadInstance(
      label: "unknown EDGE_WEIGHT_TYPE",
      text: F.tiny(replacingLine: "EDGE_WEIGHT_TYPE : EUC_2D", with: "EDGE_WEIGHT_TYPE : GEO"),
      reason: .unsupported(field: "EDGE_WEIGHT_TYPE", value: "GEO"), line: 5),
    BadInstance(
      label: "missing EDGE_WEIGHT_TYPE", text: F.tiny(replacingLine: "EDGE_WEIGHT_TYPE : EUC_2D", with: ""),
      reason: .missingField("EDGE_WEIGHT_TYPE"), line: nil),
    BadInstance(
      label: "unknown EDGE_WEIGHT_FORMAT", text: F.tinyExplicit(format: "FUNCTION", weights: "1"),
      reason: .unsupported(field: "EDGE_WEIGHT_FORMAT", value: "FUNCTION"), line: 5),
    BadInstance(
      label: "too few explicit weights", text: F.tinyExplicit(format: "LOWER_ROW", weights: "5\n3 4\n2 4"),
      reason: .weightCount(format: "LOWER_ROW", expected: 6, found: 5), line: 7),
    BadInstance(
      label: "too many explicit weights",
      text: F.tinyExplicit(format: "UPPER_ROW", weights: "5 3 2\n4 4\n3 9"),
      reason: .weightCount(format: "UPPER_ROW", expected: 6, found: 7), line: 7),
    BadInstance(
      label: "negative explicit weight", text: F.tinyExplicit(format: "UPPER_ROW", weights: "5 3 2\n4 -4\n3"),
      reason: .invalidValue(field: "EDGE_WEIGHT_SECTION", value: "-4", expected: "in 0...10^10"), line: 9),
    BadInstance(
      label: "non-numeric explicit weight",
      text: F.tinyExplicit(format: "UPPER_ROW", weights: "5 3 2\n4 x\n3"),
      reason: .invalidNumber(field: "EDGE_WEIGHT_SECTION", value: "x"), line: 9),
    BadInstance(
      label: "explicit weights without a format",
      text: F.tinyExplicit(format: "UPPER_ROW", weights: "5 3 2\n4 4\n3")
        .replacingOccurrences(of: "EDGE_WEIGHT_FORMAT : UPPER_ROW\n", with: ""),
      reason: .missingField("EDGE_WEIGHT_FORMAT"), line: 6),
    BadInstance(
      label: "TYPE is not CVRP", text: F.tiny(replacingLine: "TYPE : CVRP", with: "TYPE : VRPTW"),
      reason: .unsupported(field: "TYPE", value: "VRPTW"), line: 3),
    BadInstance(
      label: "unknown section", text: F.tiny(replacingLine: "DEPOT_SECTION", with: "TIME_WINDOW_SECTION"),
      reason: .unsupported(field: "section", value: "TIME_WINDOW_SECTION"), line: 17),
    BadInstance(
      label: "duplicate section", text: F.tiny(replacingLine: "DEMAND_SECTION", with: "NODE_COORD_SECTION"),
      reason: .duplicateSection("NODE_COORD_SECTION"), line: 12),
    BadInstance(
      label: "duplicate field",
      text: F.tiny(replacingLine: "CAPACITY : 10", with: "CAPACITY : 10\nCAPACITY : 20"),
      reason: .duplicateField("CAPACITY"), line: 7),
    BadInstance(
      label: "stray text in the header", text: F.tiny(replacingLine: "TYPE : CVRP", with: "hello world"),
      reason: .unexpectedLine("hello world"), line: 3),
    BadInstance(
      label: "negative DISTANCE",
      text: F.tiny(replacingLine: "CAPACITY : 10", with: "CAPACITY : 10\nDISTANCE : -1"),
      reason: .invalidValue(field: "DISTANCE", value: "-1", expected: "in 0...10^10"), line: 7),
    BadInstance(
      label: "NaN SERVICE_TIME",
      text: F.tiny(replacingLine: "CAPACITY : 10", with: "CAPACITY : 10\nSERVICE_TIME : nan"),
      reason: .invalidNumber(field: "SERVICE_TIME", value: "nan"), line: 7),
    BadInstance(
      label: "VEHICLES with two depots",
      text: F.tiny(replacingLine: "CAPACITY : 10", with: "CAPACITY : 10\nVEHICLES : 2")
        .replacingOccurrences(of: "DEPOT_SECTION\n1\n", with: "DEPOT_SECTION\n1\n3\n"),
      reason: .unsupported(field: "VEHICLES with several depots", value: "2"), line: 7),
    BadInstance(
      label: "zero VEHICLES",
      text: F.tiny(replacingLine: "CAPACITY : 10", with: "CAPACITY : 10\nVEHICLES : 0"),
      reason: .invalidValue(field: "VEHICLES", value: "0", expected: "in 1...10^6"), line: 7),
  ]

  @Test(arguments: cases)
  func badInstanceIsRejected(_ bad: BadInstance) {
    let error = #expect(throws: VRPLIBError.self) {
      try VRPLIB.parseProblem(bad.text, fileName: "bad.vrp")
    }
    #expect(error?.reason == bad.reason)
    #expect(error?.line == bad.line)
    #expect(error?.file == "bad.vrp")
    if let description = error?.description {
      #expect(description.hasPrefix("bad.vrp"))
      #expect(!description.contains("\n"))
    }
  }

  @Test func descriptionNamesFileLineAndValue() throws {
    let text = F.tiny(replacingLine: "2 3 4", with: "2 nan 4")
    let error = #expect(throws: VRPLIBError.self) { try VRPLIB.parseProblem(text, fileName: "bad.vrp") }
    #expect(error?.description == #"bad.vrp:9: x coordinate of node 2: "nan" is not a finite number"#)
  }

  @Test func longOrControlValuesStayOnOneLine() throws {
    let garbage = String(repeating: "x", count: 500) + "\u{7}\r"
    let text = F.tiny(replacingLine: "TYPE : CVRP", with: garbage)
    let error = #expect(throws: VRPLIBError.self) { try VRPLIB.parseProblem(text, fileName: "bad.vrp") }
    let description = try #require(error?.description)
    #expect(description.count < 120)
    #expect(!description.contains { $0.isNewline })
  }

  @Test func binaryContentIsRejected() {
    let data = Data("NAME : x\nTYPE : CVRP\n\0\u{1}\u{2}".utf8)
    let error = #expect(throws: VRPLIBError.self) { try VRPLIB.decodeText(data, fileName: "bin.vrp") }
    #expect(error == VRPLIBError(file: "bin.vrp", line: 3, reason: .binaryContent))
  }

  @Test func invalidUTF8IsRejected() {
    let data = Data([0x4E, 0x41, 0x4D, 0x45, 0xFF, 0xFE, 0x0A])
    let error = #expect(throws: VRPLIBError.self) { try VRPLIB.decodeText(data, fileName: "bin.vrp") }
    #expect(error == VRPLIBError(file: "bin.vrp", line: nil, reason: .invalidUTF8))
  }

  @Test func missingFileIsRejected() {
    let error = #expect(throws: VRPLIBError.self) {
      try VRPLIB.readProblem(atPath: "/nonexistent/dir/missing.vrp")
    }
    #expect(error?.file == "missing.vrp")
    if case .unreadableFile = error?.reason {
    } else {
      Issue.record("unexpected \(String(describing: error))")
    }
  }

  @Test func binaryFileOnDiskIsRejected() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("io-binary-\(UUID()).vrp").path
    try Data((0..<256).map { UInt8($0) }).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let error = #expect(throws: VRPLIBError.self) { try VRPLIB.readProblem(atPath: path) }
    #expect(error?.reason == .binaryContent)
  }
}
