import Foundation
import Testing

@testable import WasteRouting

/// Small WCVRPTW texts for the reader, evaluator and command tests.
enum WCVRPTWFixtures {
  /// The five header lines and the column header row, CRLF and tabs as in the real files.
  static let header = [
    "280.0 \t\t\t\t// vehicle capacity (yards), real number",
    "400.0\t\t\t\t// total yardage allowed for a vehicle per day, real number",
    "500\t\t\t\t// total number of regular stops for a vehicle allowed per day",
    "3600\t\t\t\t// lunch time duration in second",
    "40\t\t\t\t// speed: MPH",
    "Stop_ID\tX(feet)\tY(feet)\tEarly_St_Time (HHMM)\tLate_St_Time (HHMM)\tSvice_Time(Sec)\tLoad (Yards)\tType",
  ]

  /// Depot 10 at the origin (04:00–15:00), disposal site 11 one mile east, stops 12 and 13 one mile
  /// north and two miles north (loads 10.5 and 4.25 yd).
  static let rows = [
    "10   0.00   0.00  0400 1500 0  9999.00 0",
    "11   5280.00   0.00  0000 2400 1600  9999.00 2",
    "12   0.00   5280.00  0700 2400 180    10.50 1",
    "13\t0.00\t10560.00\t0000\t2400\t30\t4.25\t1\t\t",
  ]

  /// `header + rows` with CRLF line ends.
  static func text(header: [String] = header, rows: [String] = rows) -> String {
    (header + rows).joined(separator: "\r\n") + "\r\n"
  }
}

@Suite struct WCVRPTWReaderTests {
  private func instance102() throws -> WCVRPTWInstance {
    try WCVRPTW.readInstance(atPath: VRPLIBFixtures.path("102_stop.txt"))
  }

  @Test func reads102StopCounts() throws {
    let instance = try instance102()
    let problem = instance.problem
    #expect(problem.name == "102_stop")
    #expect(problem.depots.count == 1)
    #expect(problem.disposalSites.count == 2)
    #expect(problem.clients.count == 99)
    #expect(problem.locationCount == 102)
    #expect(instance.timeFormat == .hhmm)
    #expect(instance.stopIDs.count == 102)
    #expect(instance.header.vehicleCapacity == 280 && instance.header.speed == 40)
    #expect(problem.clients.reduce(0) { $0 + $1.demand } == 89_700)
    let type = try #require(problem.vehicleTypes.first)
    #expect(type.capacities == [28_000])
    #expect(type.maxTotalLoad == 40_000)
    #expect(type.maxStops == 500)
    #expect(type.shift == TimeWindow(earliest: 4 * 3_600_000, latest: 15 * 3_600_000))
    #expect(
      type.breakRule
        == BreakRule(duration: 3_600_000, window: TimeWindow(earliest: 39_600_000, latest: 43_200_000)))
    #expect(type.count == nil)
    #expect(type.fixedCost == 1_000_000_000)
    #expect(problem.costScale == 5280 && problem.timeScale == 1000)
    // Row 3 is the first regular stop: window 07:00–24:00, 180 s, 12 yd.
    let first = problem.clients[0]
    #expect(first.name == "3")
    #expect(first.timeWindows == [TimeWindow(earliest: 7 * 3_600_000, latest: 24 * 3_600_000)])
    #expect(first.serviceDuration == 180_000)
    #expect(first.demands == [1200])
    #expect(problem.disposalSites[0].unloadDuration == 1_600_000)
    #expect(instance.stopID(ofLocation: problem.location(ofClient: 0)) == "3")
  }

  @Test func stops0And1Of102StopAre15387FeetAnd262Seconds() throws {
    let problem = try instance102().problem
    // Row 0 is the depot (location 0), row 1 the first disposal site (location 1).
    #expect(problem.distances[0, 1] == 15_387)
    #expect(problem.distances[1, 0] == 15_387)
    #expect(abs(problem.reportedCost(problem.distances[0, 1]) - 2.914) < 0.0005)
    // 15387 ft × 3 600 000 / (5280 × 40) = 262 278.4 ms, rounded up.
    #expect(problem.durations[0, 1] == 262_279)
    #expect(abs(problem.reportedTime(problem.durations[0, 1]) - 262.3) < 0.05)
  }

  @Test func reads277StopWithDisposalRowInTheMiddle() throws {
    let instance = try WCVRPTW.readInstance(atPath: VRPLIBFixtures.path("277_stop.txt"))
    #expect(instance.problem.clients.count == 275)
    #expect(instance.problem.disposalSites.map(\.name) == ["1"])
    #expect(instance.rowOfLocation.prefix(3) == [0, 1, 2])
    #expect(instance.problem.vehicleTypes[0].maxTotalLoad == 220_000)
  }

  @Test func tinyTextWithTabsAndTrailingWhitespace() throws {
    let instance = try WCVRPTW.parseInstance(WCVRPTWFixtures.text(), fileName: "tiny.txt")
    let problem = instance.problem
    #expect(problem.name == "tiny")
    #expect(problem.clients.map(\.name) == ["12", "13"])
    #expect(problem.clients.map(\.demands) == [[1050], [425]])
    #expect(problem.distances[0, 2] == 5280)  // depot to stop 12
    #expect(problem.distances[1, 3] == 15_840)  // site to stop 13
    #expect(problem.durations[0, 1] == 90_000)  // one mile at 40 mph
  }

  @Test func decimalHoursAreGuessedFromAMinutePartAbove59() throws {
    var rows = WCVRPTWFixtures.rows
    rows[0] = "10   0.00   0.00  875 1650 0  9999.00 0"
    let instance = try WCVRPTW.parseInstance(WCVRPTWFixtures.text(rows: rows), fileName: "decimal.txt")
    #expect(instance.timeFormat == .decimal)
    #expect(instance.problem.vehicleTypes[0].shift == TimeWindow(earliest: 31_500_000, latest: 59_400_000))
    // Every field of the file is decimal: 0700 is 07:00 either way, 2400 is 24:00.
    #expect(instance.problem.clients[0].timeWindows == [TimeWindow(earliest: 25_200_000, latest: 86_400_000)])
  }

  @Test func timeFormatOverride() throws {
    var rows = WCVRPTWFixtures.rows
    rows[0] = "10   0.00   0.00  450 1530 0  9999.00 0"
    let text = WCVRPTWFixtures.text(rows: rows)
    let guessed = try WCVRPTW.parseInstance(text, fileName: "t.txt")
    #expect(guessed.timeFormat == .hhmm)
    #expect(guessed.problem.vehicleTypes[0].shift == TimeWindow(earliest: 17_400_000, latest: 55_800_000))
    let decimal = try WCVRPTW.parseInstance(text, fileName: "t.txt", timeFormat: .decimal)
    #expect(decimal.timeFormat == .decimal)
    #expect(decimal.problem.vehicleTypes[0].shift == TimeWindow(earliest: 16_200_000, latest: 55_080_000))
    rows[0] = "10   0.00   0.00  875 1500 0  9999.00 0"
    #expect(
      throws: WCVRPTWError(
        file: "t.txt", line: 7,
        reason: .invalidValue(field: "Early_St_Time", value: "875", expected: "HHMM with minutes 00 to 59"))
    ) {
      try WCVRPTW.parseInstance(WCVRPTWFixtures.text(rows: rows), fileName: "t.txt", timeFormat: .hhmm)
    }
  }

  @Test func detection() throws {
    #expect(WCVRPTW.looksLikeInstance(WCVRPTWFixtures.text()))
    #expect(WCVRPTW.looksLikeInstance(atPath: VRPLIBFixtures.path("102_stop.txt")))
    #expect(!WCVRPTW.looksLikeInstance(VRPLIBFixtures.tiny))
    #expect(!WCVRPTW.looksLikeInstance(atPath: VRPLIBFixtures.path("CMT6.vrp")))
    #expect(!WCVRPTW.looksLikeInstance(atPath: "/nonexistent/file.txt"))
  }

  /// One malformed input, the line it must name and the reason.
  struct BadCase: CustomTestStringConvertible, Sendable {
    var label: String
    var header: [String] = WCVRPTWFixtures.header
    var rows: [String] = WCVRPTWFixtures.rows
    var line: Int?
    var reason: WCVRPTWError.Reason
    var testDescription: String { label }
  }

  static let badCases: [BadCase] = {
    func replacingRow(_ index: Int, with row: String) -> [String] {
      var rows = WCVRPTWFixtures.rows
      rows[index] = row
      return rows
    }
    func replacingHeader(_ index: Int, with line: String) -> [String] {
      var header = WCVRPTWFixtures.header
      header[index] = line
      return header
    }
    return [
      BadCase(
        label: "seven fields", rows: replacingRow(2, with: "12 0 5280 0700 2400 180 10.5"), line: 9,
        reason: .wrongFieldCount(expected: 8, found: 7)),
      BadCase(
        label: "nine fields", rows: replacingRow(3, with: "13 0 10560 0 2400 30 4.25 1 7"), line: 10,
        reason: .wrongFieldCount(expected: 8, found: 9)),
      BadCase(
        label: "non-numeric X", rows: replacingRow(2, with: "12 east 5280 0700 2400 180 10.5 1"), line: 9,
        reason: .invalidNumber(field: "X", value: "east")),
      BadCase(
        label: "non-numeric load", rows: replacingRow(3, with: "13 0 10560 0 2400 30 4,25 1"), line: 10,
        reason: .invalidNumber(field: "Load", value: "4,25")),
      BadCase(
        label: "non-numeric service", rows: replacingRow(1, with: "11 5280 0 0 2400 1e3 9999 2"), line: 8,
        reason: .invalidNumber(field: "Service_Time", value: "1e3")),
      BadCase(
        label: "unknown stop type", rows: replacingRow(2, with: "12 0 5280 0700 2400 180 10.5 3"), line: 9,
        reason: .unknownStopType("3")),
      BadCase(
        label: "fractional stop type", rows: replacingRow(2, with: "12 0 5280 0700 2400 180 10.5 1.5"),
        line: 9,
        reason: .unknownStopType("1.5")),
      BadCase(
        label: "depot not first", rows: Array(WCVRPTWFixtures.rows.dropFirst()), line: 7,
        reason: .depotNotFirst(stopID: "11")),
      BadCase(
        label: "second depot", rows: replacingRow(3, with: "13 0 10560 0 2400 30 4.25 0"), line: 10,
        reason: .secondDepot(stopID: "13")),
      BadCase(label: "no rows", rows: [], line: nil, reason: .noDepot),
      BadCase(
        label: "no disposal site", rows: replacingRow(1, with: "11 5280 0 0 2400 1600 2 1"), line: nil,
        reason: .noDisposalSite),
      BadCase(
        label: "duplicate stop id", rows: replacingRow(3, with: "12 0 10560 0 2400 30 4.25 1"), line: 10,
        reason: .duplicateStopID("12", firstLine: 9)),
      BadCase(
        label: "window closes before it opens", rows: replacingRow(2, with: "12 0 5280 1700 0900 180 10.5 1"),
        line: 9, reason: .windowClosesBeforeOpening(stopID: "12", earliest: "1700", latest: "0900")),
      BadCase(
        label: "negative time", rows: replacingRow(2, with: "12 0 5280 -100 0900 180 10.5 1"), line: 9,
        reason: .invalidValue(field: "Early_St_Time", value: "-100", expected: "a time of day (0 to 2400)")),
      BadCase(
        label: "negative load", rows: replacingRow(2, with: "12 0 5280 0 0900 180 -1 1"), line: 9,
        reason: .invalidValue(field: "Load", value: "-1", expected: "a load ≥ 0 cubic yards")),
      BadCase(
        label: "load above capacity", rows: replacingRow(2, with: "12 0 5280 0 0900 180 280.5 1"), line: 9,
        reason: .loadExceedsCapacity(stopID: "12", load: "280.5", capacity: "280.0")),
      BadCase(
        label: "non-numeric header", header: replacingHeader(0, with: "lots\t// vehicle capacity"), line: 1,
        reason: .invalidHeaderValue(field: "vehicle capacity", value: "lots")),
      BadCase(
        label: "zero speed", header: replacingHeader(4, with: "0\t// speed: MPH"), line: 5,
        reason: .invalidValue(field: "speed", value: "0", expected: "a speed > 0 miles per hour")),
      BadCase(
        label: "fractional stop limit", header: replacingHeader(2, with: "12.5 // stops"), line: 3,
        reason: .invalidValue(field: "stops per day", value: "12.5", expected: "a whole number ≥ 0")),
      BadCase(
        label: "missing column header", header: Array(WCVRPTWFixtures.header.prefix(5)), line: 6,
        reason: .missingColumnHeader),
      BadCase(
        label: "truncated header", header: Array(WCVRPTWFixtures.header.prefix(3)), rows: [], line: nil,
        reason: .missingHeader(field: "lunch duration")),
      BadCase(
        label: "break cannot fit the shift", rows: replacingRow(0, with: "10 0 0 1230 1500 0 9999 0"),
        line: nil,
        reason: .problem(.breakDoesNotFit(vehicleType: "truck"))),
    ]
  }()

  @Test(arguments: badCases) func malformedInputNamesItsLine(_ bad: BadCase) {
    let text = WCVRPTWFixtures.text(header: bad.header, rows: bad.rows)
    #expect(throws: WCVRPTWError(file: "bad.txt", line: bad.line, reason: bad.reason)) {
      try WCVRPTW.parseInstance(text, fileName: "bad.txt")
    }
  }

  @Test func messagesAreOneLineWithFileAndLine() {
    let error = WCVRPTWError(file: "bad.txt", line: 9, reason: .wrongFieldCount(expected: 8, found: 7))
    #expect(error.description == "bad.txt:9: a stop row needs 8 fields, found 7")
    let text = WCVRPTWFixtures.text(rows: ["10 0 0 0400 1500 0 9999 0", "11 1 2 0 2400 0 9999\n\"x\" 2"])
    do {
      _ = try WCVRPTW.parseInstance(text, fileName: "bad.txt")
      Issue.record("expected an error")
    } catch {
      #expect(!error.description.contains("\n"))
      #expect(error.description.hasPrefix("bad.txt:8: "))
    }
  }

  @Test func unreadableAndBinaryFiles() throws {
    #expect(throws: WCVRPTWError.self) { try WCVRPTW.readInstance(atPath: "/nonexistent/x.txt") }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("wcvrptw-\(UUID()).txt").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data([0x31, 0x0A, 0x00]).write(to: URL(fileURLWithPath: path))
    #expect(throws: WCVRPTWError(file: (path as NSString).lastPathComponent, line: 2, reason: .binaryContent))
    {
      try WCVRPTW.readInstance(atPath: path)
    }
  }

  @Test func fixedPointNumbers() {
    #expect(WCVRPTWReader.fixed("12.345", decimals: 2) == 1235)
    #expect(WCVRPTWReader.fixed("-0.005", decimals: 2) == -1)
    #expect(WCVRPTWReader.fixed("0700", decimals: 0) == 700)
    #expect(WCVRPTWReader.fixed(".5", decimals: 1) == 5)
    #expect(WCVRPTWReader.fixed("+3", decimals: 3) == 3000)
    #expect(WCVRPTWReader.fixed("1.2.3", decimals: 2) == nil)
    #expect(WCVRPTWReader.fixed(".", decimals: 2) == nil)
    #expect(WCVRPTWReader.fixed("99999999999999999999", decimals: 0) == nil)
  }
}
