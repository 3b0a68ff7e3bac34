import Foundation
import WasteRouting

/// Best-known solution costs by instance name, from a CSV file, with the `.sol` next to an instance as the
/// fallback.
struct BestKnownSolutions: Sendable {
  private var costs: [String: Double] = [:]

  /// No table: every cost comes from the `.sol` files.
  init() {}

  /// Reads a CSV with a header naming at least the columns `instance` and `bks` (as `instances/bks.csv`:
  /// `set,instance,customers,capacity,bks,source`). Fields may be quoted, with `""` for a quote; an empty
  /// `bks` means unknown.
  init(csvAtPath path: String) throws {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw BenchInputError(description: "\(path): cannot read the file")
    }
    var lines = text.split(whereSeparator: \.isNewline).map { CSV.fields(of: String($0)) }
    guard !lines.isEmpty else { throw BenchInputError(description: "\(path): empty file") }
    let header = lines.removeFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    guard let instanceColumn = header.firstIndex(of: "instance"),
      let costColumn = header.firstIndex(of: "bks")
    else {
      throw BenchInputError(description: "\(path): the header has no instance and bks columns")
    }
    for (offset, fields) in lines.enumerated() where fields.count > max(instanceColumn, costColumn) {
      let value = fields[costColumn].trimmingCharacters(in: .whitespaces)
      if value.isEmpty { continue }  // unknown
      guard let cost = Double(value), cost.isFinite, cost > 0 else {
        throw BenchInputError(description: "\(path):\(offset + 2): bks \"\(value)\" is not a positive number")
      }
      costs[fields[instanceColumn].trimmingCharacters(in: .whitespaces)] = cost
    }
  }

  /// The best-known cost of `name`: from the table, else from the `Cost` line of the `.sol` file next to
  /// `instancePath`, else `nil`.
  func cost(of name: String, instancePath: String, problem: Problem) -> Double? {
    if let cost = costs[name] { return cost }
    let fileName = ((instancePath as NSString).lastPathComponent as NSString).deletingPathExtension
    if let cost = costs[fileName] { return cost }
    let stem = (instancePath as NSString).deletingPathExtension as NSString
    guard let solutionPath = stem.appendingPathExtension("sol"),
      FileManager.default.fileExists(atPath: solutionPath)
    else { return nil }
    return try? VRPLIB.readSolution(atPath: solutionPath, problem: problem).statedCost
  }
}
