import Foundation

/// Reading and writing the VRPLIB (TSPLIB95 CVRP) instance format and the CVRPLIB `.sol` format.
///
/// An instance is a `KEY : value` header (`NAME`, `TYPE : CVRP`, `DIMENSION`, `EDGE_WEIGHT_TYPE`,
/// `CAPACITY`, and optionally `EDGE_WEIGHT_FORMAT`, `DISTANCE`, `SERVICE_TIME`, `VEHICLES`) followed by
/// sections (`NODE_COORD_SECTION`, `DEMAND_SECTION`, `DEPOT_SECTION` ending in `-1`,
/// `EDGE_WEIGHT_SECTION`) and `EOF`. Values are separated by any whitespace; CRLF line ends are accepted.
///
/// The nodes listed in `DEPOT_SECTION` become ``Problem/depots`` in that order (their demand is ignored);
/// the other nodes become ``Problem/clients`` in increasing node id, named by their node id. There is one vehicle type per depot,
/// starting and ending there, with capacity `CAPACITY`, count `VEHICLES` (single-depot files only) and
/// maximum duration `DISTANCE`; route duration is travel plus `SERVICE_TIME` per client, and the duration
/// matrix is the distance matrix. See ``DistanceRounding`` for how distances become integers.
///
/// ```swift
/// let problem = try VRPLIB.readProblem(atPath: "instances/X/X-n101-k25.vrp")
/// let solution = try VRPLIB.parseSolution(text, fileName: "X-n101-k25.sol", problem: problem)
/// print(SolutionEvaluator.evaluate(solution, for: problem).reportedCost)  // 27591.0
/// ```
public enum VRPLIB {
  /// The largest `DIMENSION` accepted. Distances are a dense matrix of 8-byte integers, so this many
  /// nodes already take 3.2 GB.
  public static let maximumDimension = 20_000

  /// The largest file accepted, in bytes (256 MiB).
  public static let maximumFileSize = 256 * 1024 * 1024

  /// The ``Problem/costScale`` of ``DistanceRounding/exact`` when distances are fractional: four decimals.
  public static let exactCostScale: Int64 = 10_000

  /// Reads and validates a VRPLIB instance file.
  ///
  /// - Parameters:
  ///   - path: the `.vrp` file.
  ///   - rounding: the distance convention; `nil` infers it from the file (see ``DistanceRounding``).
  /// - Throws: ``VRPLIBError`` naming the file, the line or field, and the offending value.
  public static func readProblem(
    atPath path: String, rounding: DistanceRounding? = nil
  ) throws(VRPLIBError) -> Problem {
    let fileName = (path as NSString).lastPathComponent
    let text = try readText(atPath: path, fileName: fileName)
    return try parseProblem(text, fileName: fileName, rounding: rounding)
  }

  /// Parses and validates the text of a VRPLIB instance.
  ///
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - fileName: the name used in error messages (and as the problem name when there is no `NAME`).
  ///   - rounding: the distance convention; `nil` infers it from the file (see ``DistanceRounding``).
  /// - Throws: ``VRPLIBError`` naming the file, the line or field, and the offending value.
  public static func parseProblem(
    _ text: String, fileName: String, rounding: DistanceRounding? = nil
  ) throws(VRPLIBError) -> Problem {
    var reader = VRPLIBProblemReader(fileName: fileName)
    try reader.read(text)
    return try reader.makeProblem(rounding: rounding)
  }

  // MARK: - Files

  /// The contents of a text file, refusing unreadable, huge, binary and non-UTF-8 files.
  static func readText(atPath path: String, fileName: String) throws(VRPLIBError) -> String {
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      throw VRPLIBError(file: fileName, line: nil, reason: .unreadableFile(describe(error)))
    }
    if let size = (attributes[.size] as? NSNumber)?.intValue, size > maximumFileSize {
      throw VRPLIBError(file: fileName, line: nil, reason: .fileTooLarge(bytes: size, limit: maximumFileSize))
    }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw VRPLIBError(file: fileName, line: nil, reason: .unreadableFile(describe(error)))
    }
    return try decodeText(data, fileName: fileName)
  }

  /// Decodes `data` as UTF-8 text, refusing NUL bytes (binary files) and invalid UTF-8.
  static func decodeText(_ data: Data, fileName: String) throws(VRPLIBError) -> String {
    if let nul = data.firstIndex(of: 0) {
      let line = data[data.startIndex..<nul].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
      throw VRPLIBError(file: fileName, line: line, reason: .binaryContent)
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw VRPLIBError(file: fileName, line: nil, reason: .invalidUTF8)
    }
    return text
  }

  /// A one-line description of a Foundation error.
  private static func describe(_ error: any Error) -> String {
    let text = (error as NSError).localizedDescription
    return text.split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}
