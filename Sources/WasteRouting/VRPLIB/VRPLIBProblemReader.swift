/// Reads the lines of a VRPLIB instance into header fields and section data, checking every value as it
/// comes, then builds the ``Problem``.
///
/// Sections may only start once `DIMENSION` is known and valid, so every array is sized from a checked
/// dimension, never from raw input.
struct VRPLIBProblemReader {
  /// A header value and the line it came from.
  struct Field {
    var value: String
    var line: Int
  }

  /// The sections the reader understands.
  enum Section: String {
    case nodeCoordinates = "NODE_COORD_SECTION"
    case demands = "DEMAND_SECTION"
    case depots = "DEPOT_SECTION"
    case edgeWeights = "EDGE_WEIGHT_SECTION"
    case displayData = "DISPLAY_DATA_SECTION"
  }

  /// The largest absolute coordinate accepted, so that scaled distances stay far from `Int64` overflow.
  static let maximumCoordinate = 1e9
  /// The largest explicit weight, `DISTANCE` or `SERVICE_TIME` accepted, before scaling.
  static let maximumWeight = 1e10
  /// The largest demand or capacity accepted.
  static let maximumLoad: Int64 = 1_000_000_000_000_000
  /// Header keys whose value is kept; other keys are accepted and ignored.
  static let knownKeys: Set<String> = [
    "NAME", "COMMENT", "TYPE", "DIMENSION", "EDGE_WEIGHT_TYPE", "EDGE_WEIGHT_FORMAT", "CAPACITY",
    "DISTANCE", "SERVICE_TIME", "VEHICLES",
  ]

  let fileName: String
  private(set) var fields: [String: Field] = [:]
  private(set) var dimension: Int?
  private var section: Section?
  private var sectionLines: [Section: Int] = [:]
  private(set) var coordinates: [Coordinate?] = []
  private(set) var demands: [Int64?] = []
  private var demandLines: [Int] = []
  private(set) var depotIDs: [Int] = []
  private var depotSectionClosed = false
  private(set) var weights: [Double] = []
  private var weightCount = 0
  private var expectedWeightCount = 0
  private var weightFormat: ExplicitWeightFormat?

  init(fileName: String) {
    self.fileName = fileName
  }

  func failure(_ reason: VRPLIBError.Reason, line: Int? = nil) -> VRPLIBError {
    VRPLIBError(file: fileName, line: line, reason: reason)
  }

  // MARK: - Lines

  /// Reads every line up to `EOF` (or the end of the text); a NUL byte means a binary file.
  mutating func read(_ text: String) throws(VRPLIBError) {
    var number = 0
    for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      number += 1
      guard !rawLine.contains(0) else { throw failure(.binaryContent, line: number) }
      let tokens = Substring(rawLine).split(whereSeparator: \.isWhitespace)
      guard let first = tokens.first else { continue }
      if try !readLine(Substring(rawLine), tokens: tokens, first: first, number: number) { break }
    }
  }

  /// Reads one non-blank line; returns `false` at `EOF`.
  private mutating func readLine(
    _ line: Substring, tokens: [Substring], first: Substring, number: Int
  ) throws(VRPLIBError) -> Bool {
    let keyword = first.hasSuffix(":") ? first.dropLast().uppercased() : first.uppercased()
    if keyword == "EOF" { return false }
    if keyword.hasSuffix("_SECTION") {
      guard tokens.dropFirst().allSatisfy({ $0 == ":" }) else {
        throw failure(.unexpectedLine(String(line.trimmingWhitespace)), line: number)
      }
      try startSection(keyword, line: number)
      return true
    }
    if let colon = line.firstIndex(of: ":") {
      let key = line[..<colon].trimmingWhitespace.uppercased()
      if Self.isHeaderKey(key) {
        try readField(key, value: line[line.index(after: colon)...], line: number)
        return true
      }
    }
    guard let section else { throw failure(.unexpectedLine(String(line.trimmingWhitespace)), line: number) }
    try readRow(tokens, in: section, line: number)
    return true
  }

  /// Whether `key` looks like a header key: a letter, then letters, digits and underscores.
  private static func isHeaderKey(_ key: String) -> Bool {
    guard let first = key.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
    return key.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
  }

  // MARK: - Header

  private mutating func readField(_ key: String, value rawValue: Substring, line: Int) throws(VRPLIBError) {
    section = nil
    guard Self.knownKeys.contains(key) else { return }
    guard fields[key] == nil else { throw failure(.duplicateField(key), line: line) }
    var value = rawValue.trimmingWhitespace
    if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
    fields[key] = Field(value: String(value), line: line)
    if key == "DIMENSION" {
      let n = try integer(String(value), field: "DIMENSION", line: line)
      guard n >= 1 else {
        throw failure(
          .invalidValue(field: "DIMENSION", value: String(value), expected: "at least 1"), line: line)
      }
      guard n <= VRPLIB.maximumDimension else {
        throw failure(.dimensionTooLarge(Int(n), limit: VRPLIB.maximumDimension), line: line)
      }
      dimension = Int(n)
    }
  }

  // MARK: - Sections

  private mutating func startSection(_ name: String, line: Int) throws(VRPLIBError) {
    guard let kind = Section(rawValue: name) else {
      throw failure(.unsupported(field: "section", value: name), line: line)
    }
    guard sectionLines[kind] == nil else { throw failure(.duplicateSection(name), line: line) }
    guard let n = dimension else { throw failure(.sectionBeforeDimension(name), line: line) }
    sectionLines[kind] = line
    section = kind
    switch kind {
    case .nodeCoordinates:
      coordinates = Array(repeating: nil, count: n)
    case .demands:
      demands = Array(repeating: nil, count: n)
      demandLines = Array(repeating: 0, count: n)
    case .edgeWeights:
      guard let field = fields["EDGE_WEIGHT_FORMAT"] else {
        throw failure(.missingField("EDGE_WEIGHT_FORMAT"), line: line)
      }
      guard let format = ExplicitWeightFormat(rawValue: field.value.uppercased()) else {
        throw failure(.unsupported(field: "EDGE_WEIGHT_FORMAT", value: field.value), line: field.line)
      }
      weightFormat = format
      expectedWeightCount = format.valueCount(dimension: n)
    case .depots, .displayData:
      break
    }
  }

  /// Whether `section` was read.
  func has(_ section: Section) -> Bool { sectionLines[section] != nil }

  private mutating func readRow(_ tokens: [Substring], in section: Section, line: Int) throws(VRPLIBError) {
    switch section {
    case .nodeCoordinates:
      guard tokens.count == 3 else {
        throw failure(
          .wrongTokenCount(section: section.rawValue, expected: 3, found: tokens.count), line: line)
      }
      let id = try nodeID(tokens[0], section: section, line: line)
      guard coordinates[id - 1] == nil else {
        throw failure(.duplicateNode(section: section.rawValue, id: id), line: line)
      }
      let x = try coordinate(tokens[1], "x", node: id, line: line)
      let y = try coordinate(tokens[2], "y", node: id, line: line)
      coordinates[id - 1] = Coordinate(x: x, y: y)
    case .demands:
      guard tokens.count == 2 else {
        throw failure(
          .wrongTokenCount(section: section.rawValue, expected: 2, found: tokens.count), line: line)
      }
      let id = try nodeID(tokens[0], section: section, line: line)
      guard demands[id - 1] == nil else {
        throw failure(.duplicateNode(section: section.rawValue, id: id), line: line)
      }
      let demand = try integer(String(tokens[1]), field: "demand of node \(id)", line: line)
      guard demand >= 0 else { throw failure(.negativeDemand(node: id, demand: demand), line: line) }
      guard demand <= Self.maximumLoad else {
        throw failure(
          .invalidValue(field: "demand of node \(id)", value: String(tokens[1]), expected: "at most 10^15"),
          line: line)
      }
      demands[id - 1] = demand
      demandLines[id - 1] = line
    case .depots:
      for token in tokens {
        guard !depotSectionClosed else {
          throw failure(.unexpectedLine(tokens.joined(separator: " ")), line: line)
        }
        if token == "-1" {
          depotSectionClosed = true
          continue
        }
        let id = try nodeID(token, section: section, line: line)
        guard !depotIDs.contains(id) else {
          throw failure(.duplicateNode(section: section.rawValue, id: id), line: line)
        }
        depotIDs.append(id)
      }
    case .edgeWeights:
      for token in tokens {
        weightCount += 1
        guard let value = Double(token), value.isFinite else {
          throw failure(.invalidNumber(field: "EDGE_WEIGHT_SECTION", value: String(token)), line: line)
        }
        guard value >= 0, value <= Self.maximumWeight else {
          throw failure(
            .invalidValue(field: "EDGE_WEIGHT_SECTION", value: String(token), expected: "in 0...10^10"),
            line: line)
        }
        if weightCount <= expectedWeightCount { weights.append(value) }
      }
    case .displayData:
      break
    }
  }

  /// Checks that every value of `EDGE_WEIGHT_SECTION` was read; returns the format.
  func checkedWeightFormat() throws(VRPLIBError) -> ExplicitWeightFormat {
    guard let format = weightFormat, let line = sectionLines[.edgeWeights] else {
      throw failure(.missingSection(Section.edgeWeights.rawValue))
    }
    guard weightCount == expectedWeightCount else {
      throw failure(
        .weightCount(format: format.rawValue, expected: expectedWeightCount, found: weightCount), line: line)
    }
    return format
  }

  /// Checks that `DEPOT_SECTION` was read, ended with `-1` and listed a depot.
  func checkedDepotIDs() throws(VRPLIBError) -> [Int] {
    guard let line = sectionLines[.depots] else { throw failure(.missingSection(Section.depots.rawValue)) }
    guard depotSectionClosed else { throw failure(.unterminatedDepotSection, line: line) }
    guard !depotIDs.isEmpty else { throw failure(.noDepot, line: line) }
    return depotIDs
  }

  /// The line of node `id`'s demand row.
  func demandLine(ofNode id: Int) -> Int { demandLines[id - 1] }

  // MARK: - Values

  /// A node id in `1...dimension`.
  private func nodeID(_ token: Substring, section: Section, line: Int) throws(VRPLIBError) -> Int {
    let n = dimension ?? 0
    guard let id = Int(token), (1...n).contains(id) else {
      throw failure(.nodeOutOfRange(section: section.rawValue, id: String(token), dimension: n), line: line)
    }
    return id
  }

  /// A finite coordinate within ±``maximumCoordinate``.
  func coordinate(_ token: Substring, _ axis: String, node: Int, line: Int) throws(VRPLIBError) -> Double {
    let field = "\(axis) coordinate of node \(node)"
    guard let value = Double(token), value.isFinite else {
      throw failure(.invalidNumber(field: field, value: String(token)), line: line)
    }
    guard abs(value) <= Self.maximumCoordinate else {
      throw failure(
        .invalidValue(field: field, value: String(token), expected: "in -10^9...10^9"), line: line)
    }
    return value
  }

  /// An integer, also accepted when written with a zero fraction (`100.0`).
  func integer(_ text: String, field: String, line: Int?) throws(VRPLIBError) -> Int64 {
    if let value = Int64(text) { return value }
    guard let value = Double(text), value.isFinite else {
      throw failure(.invalidNumber(field: field, value: text), line: line)
    }
    guard abs(value) < 9e18 else {
      throw failure(.invalidValue(field: field, value: text, expected: "a 64-bit integer"), line: line)
    }
    guard value == value.rounded() else {
      throw failure(.invalidValue(field: field, value: text, expected: "an integer"), line: line)
    }
    return Int64(value)
  }
}

extension Substring {
  /// The text without leading and trailing whitespace.
  var trimmingWhitespace: Substring {
    guard let start = firstIndex(where: { !$0.isWhitespace }),
      let end = lastIndex(where: { !$0.isWhitespace })
    else { return self[endIndex...] }
    return self[start...end]
  }
}
