import Foundation

/// Reads the lines of a waste-collection VRPTW file, then builds the ``WCVRPTWInstance``.
struct WCVRPTWReader {
  let fileName: String

  /// One stop row, with exact integer values.
  struct Row {
    var line: Int
    var id: String
    /// Coordinates in hundredths of a foot.
    var x: Int64
    var y: Int64
    /// The time fields as integers, as written (HHMM or hundredths of an hour).
    var early: Int64
    var late: Int64
    var earlyText: String
    var lateText: String
    /// Service or unloading time in milliseconds.
    var service: Int64
    /// Load in hundredths of a cubic yard (a placeholder for the depot and disposal rows).
    var load: Int64
    var loadText: String
    var type: Int
  }

  /// The five header values, exact: hundredths of a yard, stops, milliseconds, hundredths of a mile per hour.
  var capacity: Int64 = 0
  var routeCapacity: Int64 = 0
  var maxStops: Int64 = 0
  var lunch: Int64 = 0
  var speed: Int64 = 0
  var header = WCVRPTWInstance.Header(
    vehicleCapacity: 0, routeCapacity: 0, maxStops: 0, lunchDuration: 0, speed: 0)
  var capacityText = ""
  var rows: [Row] = []

  init(fileName: String) {
    self.fileName = fileName
  }

  private func failure(_ reason: WCVRPTWError.Reason, line: Int?) -> WCVRPTWError {
    WCVRPTWError(file: fileName, line: line, reason: reason)
  }

  // MARK: - Lines

  mutating func read(_ text: String) throws(WCVRPTWError) {
    // "\r\n" is one Character in Swift, so both line ends are separators.
    var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    if lines.last?.isEmpty == true { lines.removeLast() }  // the final line end
    let fields = ["vehicle capacity", "daily route yardage", "stops per day", "lunch duration", "speed"]
    var values: [(value: Substring, line: Int)] = []
    for (index, field) in fields.enumerated() {
      guard index < lines.count else { throw failure(.missingHeader(field: field), line: nil) }
      let content = lines[index].range(of: "//").map { lines[index][..<$0.lowerBound] } ?? lines[index]
      let token = content.split(whereSeparator: \.isWhitespace).first ?? ""
      values.append((token, index + 1))
    }
    capacity = try headerValue(values[0], field: fields[0], decimals: 2, expected: "a capacity ≥ 0") {
      $0 >= 0
    }
    capacityText = String(values[0].value)
    routeCapacity = try headerValue(values[1], field: fields[1], decimals: 2, expected: "a yardage ≥ 0") {
      $0 >= 0
    }
    let stops = try headerValue(values[2], field: fields[2], decimals: 2, expected: "a whole number ≥ 0") {
      $0 >= 0 && $0 % 100 == 0 && $0 / 100 <= Int64(Int32.max)
    }
    maxStops = stops / 100
    lunch = try headerValue(values[3], field: fields[3], decimals: 3, expected: "a duration ≥ 0 seconds") {
      $0 >= 0 && $0 <= 86_400_000
    }
    speed = try headerValue(values[4], field: fields[4], decimals: 2, expected: "a speed > 0 miles per hour")
    {
      $0 > 0 && $0 <= 100_000_000
    }
    header = WCVRPTWInstance.Header(
      vehicleCapacity: Double(capacity) / 100, routeCapacity: Double(routeCapacity) / 100,
      maxStops: Int(maxStops),
      lunchDuration: Double(lunch) / 1000, speed: Double(speed) / 100)

    guard lines.count > 5 else { throw failure(.missingHeader(field: "column header row"), line: nil) }
    let columnHeader = lines[5].split(whereSeparator: \.isWhitespace)
    if columnHeader.count == 8, Self.fixed(columnHeader[0], decimals: 0) != nil,
      Self.fixed(columnHeader[1], decimals: 2) != nil
    {
      throw failure(.missingColumnHeader, line: 6)
    }
    for index in lines.indices.dropFirst(6) {
      let tokens = lines[index].split(whereSeparator: \.isWhitespace)
      if tokens.isEmpty { continue }
      let line = index + 1
      guard tokens.count == 8 else {
        throw failure(.wrongFieldCount(expected: 8, found: tokens.count), line: line)
      }
      guard rows.count < WCVRPTW.maximumRows else {
        throw failure(.tooManyRows(rows.count + 1, limit: WCVRPTW.maximumRows), line: line)
      }
      rows.append(try row(tokens, line: line))
    }
  }

  private func headerValue(
    _ token: (value: Substring, line: Int), field: String, decimals: Int, expected: String,
    valid: (Int64) -> Bool
  ) throws(WCVRPTWError) -> Int64 {
    guard let value = Self.fixed(token.value, decimals: decimals) else {
      throw failure(.invalidHeaderValue(field: field, value: String(token.value)), line: token.line)
    }
    guard valid(value) else {
      throw failure(
        .invalidValue(field: field, value: String(token.value), expected: expected), line: token.line)
    }
    return value
  }

  private func row(_ tokens: [Substring], line: Int) throws(WCVRPTWError) -> Row {
    func number(_ index: Int, _ field: String, decimals: Int) throws(WCVRPTWError) -> Int64 {
      guard let value = Self.fixed(tokens[index], decimals: decimals) else {
        throw failure(.invalidNumber(field: field, value: String(tokens[index])), line: line)
      }
      return value
    }
    func check(_ ok: Bool, _ index: Int, _ field: String, _ expected: String) throws(WCVRPTWError) {
      if !ok {
        throw failure(
          .invalidValue(field: field, value: String(tokens[index]), expected: expected), line: line)
      }
    }
    let limit: Int64 = 100_000_000_000  // 10⁹ feet in hundredths: travel times cannot overflow
    let x = try number(1, "X", decimals: 2)
    try check(abs(x) <= limit, 1, "X", "a coordinate within ±10⁹ feet")
    let y = try number(2, "Y", decimals: 2)
    try check(abs(y) <= limit, 2, "Y", "a coordinate within ±10⁹ feet")
    let early = try number(3, "Early_St_Time", decimals: 0)
    try check((0...9999).contains(early), 3, "Early_St_Time", "a time of day (0 to 2400)")
    let late = try number(4, "Late_St_Time", decimals: 0)
    try check((0...9999).contains(late), 4, "Late_St_Time", "a time of day (0 to 2400)")
    let service = try number(5, "Service_Time", decimals: 3)
    try check((0...86_400_000).contains(service), 5, "Service_Time", "a duration of 0 to 86400 seconds")
    let load = try number(6, "Load", decimals: 2)
    guard let type = Self.fixed(tokens[7], decimals: 0), (0...2).contains(type), Self.isWhole(tokens[7])
    else {
      throw failure(.unknownStopType(String(tokens[7])), line: line)
    }
    if type == 1 {
      try check(load >= 0, 6, "Load", "a load ≥ 0 cubic yards")
    }
    return Row(
      line: line, id: String(tokens[0]), x: x, y: y, early: early, late: late, earlyText: String(tokens[3]),
      lateText: String(tokens[4]), service: service, load: load, loadText: String(tokens[6]), type: Int(type))
  }

  // MARK: - Problem

  func makeInstance(timeFormat: WCVRPTW.TimeFormat?) throws(WCVRPTWError) -> WCVRPTWInstance {
    guard let first = rows.first else { throw failure(.noDepot, line: nil) }
    guard first.type == 0 else { throw failure(.depotNotFirst(stopID: first.id), line: first.line) }
    var lineOfID: [String: Int] = [:]
    for row in rows {
      if let previous = lineOfID[row.id] {
        throw failure(.duplicateStopID(row.id, firstLine: previous), line: row.line)
      }
      lineOfID[row.id] = row.line
      if row.type == 0, row.line != first.line { throw failure(.secondDepot(stopID: row.id), line: row.line) }
    }
    let disposalRows = rows.indices.filter { rows[$0].type == 2 }
    let clientRows = rows.indices.filter { rows[$0].type == 1 }
    guard !disposalRows.isEmpty else { throw failure(.noDisposalSite, line: nil) }

    let format =
      timeFormat ?? (rows.contains { $0.early % 100 > 59 || $0.late % 100 > 59 } ? .decimal : .hhmm)
    var windows: [TimeWindow] = []
    for row in rows {
      let earliest = try milliseconds(
        row.early, text: row.earlyText, field: "Early_St_Time", format: format, line: row.line)
      let latest = try milliseconds(
        row.late, text: row.lateText, field: "Late_St_Time", format: format, line: row.line)
      guard earliest <= latest else {
        throw failure(
          .windowClosesBeforeOpening(stopID: row.id, earliest: row.earlyText, latest: row.lateText),
          line: row.line)
      }
      windows.append(TimeWindow(earliest: earliest, latest: latest))
      if row.type == 1, row.load > capacity {
        throw failure(
          .loadExceedsCapacity(stopID: row.id, load: row.loadText, capacity: capacityText), line: row.line)
      }
    }

    let order = [0] + disposalRows + clientRows
    let feet = Matrix(size: order.count) { a, b in
      let (p, q) = (rows[order[a]], rows[order[b]])
      let hundredths = abs(p.x - q.x) + abs(p.y - q.y)
      return (hundredths + 50) / 100
    }
    // ms = feet / 5280 mi ÷ (speed / 100) mph × 3 600 000 ms/h, rounded up; at most 4·10⁹ ft × 3.6·10⁸.
    let denominator = WCVRPTW.feetPerMile * speed
    let durations = Matrix(size: order.count) { a, b in
      (feet[a, b] * 360_000_000 + denominator - 1) / denominator
    }
    func coordinate(_ row: Row) -> Coordinate { Coordinate(x: Double(row.x) / 100, y: Double(row.y) / 100) }
    let vehicle = VehicleType(
      name: "truck", capacities: [capacity], count: nil, startDepot: 0, endDepot: 0, shift: windows[0],
      breakRule: BreakRule(
        duration: lunch,
        window: TimeWindow(
          earliest: WCVRPTW.lunchWindowSeconds.earliest * 1000,
          latest: WCVRPTW.lunchWindowSeconds.latest * 1000)),
      maxTotalLoad: routeCapacity, maxStops: Int(maxStops), fixedCost: WCVRPTW.fixedCostPerVehicle,
      unitDistanceCost: 1, unitDurationCost: 0)
    let name = (fileName as NSString).deletingPathExtension
    let problem: Problem
    do {
      problem = try Problem(
        name: name, depots: [Depot(name: first.id, coordinate: coordinate(first))],
        disposalSites: disposalRows.map {
          DisposalSite(
            name: rows[$0].id, coordinate: coordinate(rows[$0]), openingHours: windows[$0],
            unloadDuration: rows[$0].service)
        },
        clients: clientRows.map {
          Client(
            name: rows[$0].id, coordinate: coordinate(rows[$0]), demands: [rows[$0].load],
            serviceDuration: rows[$0].service, timeWindows: [windows[$0]])
        },
        vehicleTypes: [vehicle], distances: feet, durations: durations, costScale: WCVRPTW.feetPerMile,
        timeScale: 1000)
    } catch {
      throw failure(.problem(error), line: nil)
    }
    return WCVRPTWInstance(
      problem: problem, stopIDs: rows.map(\.id), rowOfLocation: order, lineOfRow: rows.map(\.line),
      timeFormat: format, header: header)
  }

  /// A time field in milliseconds after midnight.
  private func milliseconds(
    _ value: Int64, text: String, field: String, format: WCVRPTW.TimeFormat, line: Int
  ) throws(WCVRPTWError) -> Int64 {
    switch format {
    case .hhmm:
      guard value % 100 <= 59 else {
        throw failure(
          .invalidValue(field: field, value: text, expected: "HHMM with minutes 00 to 59"), line: line)
      }
      return ((value / 100) * 3600 + (value % 100) * 60) * 1000
    case .decimal:
      return value * 36 * 1000
    }
  }

  // MARK: - Numbers

  /// `token` as an integer number of `10^-decimals` units, rounded half away from zero; `nil` when it
  /// is not a plain decimal number (`-12.5`, `+3`, `.25`, `0700`).
  static func fixed(_ token: Substring, decimals: Int) -> Int64? {
    var characters = token.utf8[...]
    var negative = false
    if let sign = characters.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      negative = sign == UInt8(ascii: "-")
      characters = characters.dropFirst()
    }
    guard !characters.isEmpty, characters.count <= 40 else { return nil }
    var value: Int64 = 0
    var digits = 0
    var fraction = -1  // digits after the point; -1 before it
    var roundUp = false
    for character in characters {
      if character == UInt8(ascii: ".") {
        guard fraction < 0 else { return nil }
        fraction = 0
        continue
      }
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character) else { return nil }
      let digit = Int64(character - UInt8(ascii: "0"))
      digits += 1
      if fraction >= 0 {
        fraction += 1
        if fraction > decimals {
          if fraction == decimals + 1 { roundUp = digit >= 5 }
          continue
        }
      }
      let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (added, overflow2) = shifted.addingReportingOverflow(digit)
      guard !overflow1, !overflow2 else { return nil }
      value = added
    }
    guard digits > 0 else { return nil }
    for _ in 0..<max(0, decimals - max(fraction, 0)) {
      let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
      guard !overflow else { return nil }
      value = shifted
    }
    if roundUp { value += 1 }
    return negative ? -value : value
  }

  /// Whether `token` is a whole number (no non-zero digit after a point).
  static func isWhole(_ token: Substring) -> Bool {
    guard let point = token.firstIndex(of: ".") else { return true }
    return token[token.index(after: point)...].allSatisfy { $0 == "0" }
  }
}
