import Foundation
import Testing

@testable import WasteRouting

@Suite struct VRPLIBReaderTests {
  /// The tiny instance's distances rounded to the nearest integer, by location.
  static let roundedMatrix: [Int64] = [
    0, 5, 3, 2,
    5, 0, 4, 4,
    3, 4, 0, 3,
    2, 4, 3, 0,
  ]

  @Test func tinyInstanceReadsAsWritten() throws {
    let problem = try VRPLIB.parseProblem(VRPLIBFixtures.tiny, fileName: "tiny.vrp")
    #expect(problem.name == "tiny")
    #expect(problem.depots == [Depot(name: "1", coordinate: Coordinate(x: 0, y: 0))])
    #expect(problem.clients.map(\.name) == ["2", "3", "4"])
    #expect(problem.clients.map(\.demand) == [4, 5, 6])
    #expect(problem.clients[2].coordinate == Coordinate(x: 0, y: 1.5))
    #expect(problem.vehicleTypes == [VehicleType(name: "vehicle", capacity: 10)])
    #expect(problem.costScale == 1)
    #expect(problem.distances.storage == Self.roundedMatrix)
    #expect(problem.durations == problem.distances)
  }

  @Test func exactRoundingKeepsFourDecimals() throws {
    let problem = try VRPLIB.parseProblem(VRPLIBFixtures.tiny, fileName: "tiny.vrp", rounding: .exact)
    #expect(problem.costScale == 10_000)
    #expect(
      problem.distances.storage == [
        0, 50_000, 30_000, 15_000,
        50_000, 0, 40_000, 39_051,
        30_000, 40_000, 0, 33_541,
        15_000, 39_051, 33_541, 0,
      ])
  }

  @Test func cmtAndGoldenNamesDefaultToExactDistances() throws {
    for name in ["CMT99", "Golden_42", "golden_1"] {
      let text = VRPLIBFixtures.tiny(replacingLine: "NAME : tiny", with: "NAME : \(name)")
      #expect(try VRPLIB.parseProblem(text, fileName: "cmt.vrp").costScale == 10_000)
      #expect(try VRPLIB.parseProblem(text, fileName: "cmt.vrp", rounding: .nearest).costScale == 1)
    }
  }

  @Test func ceilingForCeil2D() throws {
    let text = VRPLIBFixtures.tiny(
      replacingLine: "EDGE_WEIGHT_TYPE : EUC_2D", with: "EDGE_WEIGHT_TYPE : CEIL_2D")
    let problem = try VRPLIB.parseProblem(text, fileName: "ceil.vrp")
    #expect(problem.distances.storage == [0, 5, 3, 2, 5, 0, 4, 4, 3, 4, 0, 4, 2, 4, 4, 0])
  }

  @Test func distanceServiceTimeAndVehiclesBecomeLimits() throws {
    let text = VRPLIBFixtures.tiny(
      replacingLine: "CAPACITY : 10",
      with: "CAPACITY : 10\nDISTANCE : 20.5\nSERVICE_TIME : 2.25\nVEHICLES : 3")
    let nearest = try VRPLIB.parseProblem(text, fileName: "limits.vrp")
    #expect(nearest.vehicleTypes[0].maxDuration == 20)
    #expect(nearest.vehicleTypes[0].count == 3)
    #expect(nearest.clients.map(\.serviceDuration) == [2, 2, 2])
    let exact = try VRPLIB.parseProblem(text, fileName: "limits.vrp", rounding: .exact)
    #expect(exact.vehicleTypes[0].maxDuration == 205_000)
    #expect(exact.clients.map(\.serviceDuration) == [22_500, 22_500, 22_500])
  }

  @Test func depotsComeFirstThenClientsByNodeID() throws {
    let text = VRPLIBFixtures.tiny(replacingLine: "1", with: "3\n1")
      .replacingOccurrences(of: "3 5\n", with: "3 0\n")
    let problem = try VRPLIB.parseProblem(text, fileName: "two-depots.vrp")
    #expect(problem.depots.map(\.name) == ["3", "1"])
    #expect(problem.clients.map(\.name) == ["2", "4"])
    #expect(problem.vehicleTypes.map(\.startDepot) == [0, 1])
    // Location order 3, 1, 2, 4.
    #expect(problem.distances[0, 1] == 3 && problem.distances[0, 2] == 4 && problem.distances[1, 3] == 2)
  }

  @Test(arguments: [
    ("FULL_MATRIX", "0 5 3 2\n5 0 4 4\n3 4 0 3\n2 4 3 0"),
    ("LOWER_ROW", "5\n3 4\n2 4 3"),
    ("UPPER_ROW", "5 3 2\n4 4\n3"),
    ("LOWER_DIAG_ROW", "0\n5 0\n3 4 0\n2 4 3 0"),
    ("UPPER_DIAG_ROW", "0 5 3 2\n0 4 4\n0 3\n0"),
    ("LOWER_COL", "5 3 2\n4 4\n3"),
    ("UPPER_COL", "5\n3 4\n2 4 3"),
    ("LOWER_DIAG_COL", "0 5 3 2\n0 4 4\n0 3\n0"),
    ("UPPER_DIAG_COL", "0\n5 0\n3 4 0\n2 4 3 0"),
    ("UPPER_ROW", "5 3 2 4 4 3"),
  ])
  func everyExplicitFormatGivesTheSameMatrix(format: String, weights: String) throws {
    let text = VRPLIBFixtures.tinyExplicit(format: format, weights: weights)
    let problem = try VRPLIB.parseProblem(text, fileName: "explicit.vrp")
    #expect(problem.costScale == 1)
    #expect(problem.distances.storage == Self.roundedMatrix)
    #expect(problem.clients.allSatisfy { $0.coordinate == nil })
  }

  @Test func fractionalExplicitWeightsAreKeptOrRounded() throws {
    let text = VRPLIBFixtures.tinyExplicit(format: "LOWER_ROW", weights: "5\n3 4\n1.5 3.905 3.354")
    let given = try VRPLIB.parseProblem(text, fileName: "explicit.vrp")
    #expect(given.costScale == 10_000)
    #expect(given.distances[1, 3] == 39_050 && given.distances[3, 0] == 15_000)
    let nearest = try VRPLIB.parseProblem(text, fileName: "explicit.vrp", rounding: .nearest)
    #expect(nearest.distances.storage == Self.roundedMatrix)
  }

  @Test func cmtFixtureUsesExactDistancesAndItsLimits() throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("CMT6.vrp"))
    #expect(problem.name == "CMT6")
    #expect(problem.clients.count == 50)
    #expect(problem.costScale == 10_000)
    #expect(problem.vehicleTypes[0].capacity == 160)
    #expect(problem.vehicleTypes[0].maxDuration == 2_000_000)
    #expect(problem.clients.allSatisfy { $0.serviceDuration == 100_000 })
  }

  @Test func xFixtureWithTabsAndCRLFIsRead() throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("X-n101-k25.vrp"))
    #expect(problem.name == "X-n101-k25")
    #expect(problem.clients.count == 100)
    #expect(problem.vehicleTypes[0].capacity == 206)
    #expect(problem.depots[0].coordinate == Coordinate(x: 365, y: 689))
    #expect(problem.costScale == 1)
  }

  /// Every file of the shared benchmark folder, when it is present (it is not part of the package).
  @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedInstances)))
  func everySharedInstanceParses() throws {
    var count = 0
    for set in ["X", "A", "B", "P", "CMT", "Golden"] {
      let folder = Self.sharedInstances + "/" + set
      let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".vrp") }
      for file in files {
        let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
        #expect(throws: Never.self) { try VRPLIB.parseProblem(text, fileName: file) }
        count += 1
      }
    }
    #expect(count == 158)
  }

  /// `shared/instances` beside the package folder (where the project's machines and CI keep it).
  static let sharedInstances = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/instances").path
}
