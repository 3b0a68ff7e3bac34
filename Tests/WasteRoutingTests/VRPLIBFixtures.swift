import Foundation

@testable import WasteRouting

/// Tiny hand-checked instances and the bundled benchmark files.
enum VRPLIBFixtures {
  /// The path of a bundled file in `Fixtures/`.
  static func path(_ fileName: String) -> String {
    let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)
    return (url?.appendingPathComponent(fileName).path) ?? fileName
  }

  /// The text of a bundled file in `Fixtures/`.
  static func text(_ fileName: String) throws -> String {
    try String(contentsOfFile: path(fileName), encoding: .utf8)
  }

  /// Four nodes, depot 1 at the origin. Edges: 1–2 = 5, 1–3 = 3, 1–4 = 1.5, 2–3 = 4,
  /// 2–4 = √15.25 ≈ 3.905, 3–4 = √11.25 ≈ 3.354; rounded: 5, 3, 2, 4, 4, 3.
  /// Demands 4, 5, 6; capacity 10.
  static let tiny = """
    NAME : tiny
    COMMENT : hand-checked
    TYPE : CVRP
    DIMENSION : 4
    EDGE_WEIGHT_TYPE : EUC_2D
    CAPACITY : 10
    NODE_COORD_SECTION
    1 0 0
    2 3 4
    3 3 0
    4 0 1.5
    DEMAND_SECTION
    1 0
    2 4
    3 5
    4 6
    DEPOT_SECTION
    1
    -1
    EOF

    """

  /// ``tiny`` with the distance matrix given explicitly (the rounded distances) in `format`.
  static func tinyExplicit(format: String, weights: String) -> String {
    """
    NAME : tiny-explicit
    TYPE : CVRP
    DIMENSION : 4
    EDGE_WEIGHT_TYPE : EXPLICIT
    EDGE_WEIGHT_FORMAT : \(format)
    CAPACITY : 10
    EDGE_WEIGHT_SECTION
    \(weights)
    DEMAND_SECTION
    1 0
    2 4
    3 5
    4 6
    DEPOT_SECTION
    1
    -1
    EOF

    """
  }

  /// ``tiny`` with the first occurrence of the line `line` replaced by `replacement` (which may be several
  /// lines, or empty to delete it).
  static func tiny(replacingLine line: String, with replacement: String) -> String {
    var lines = tiny.components(separatedBy: "\n")
    guard let index = lines.firstIndex(of: line) else { return tiny }
    if replacement.isEmpty { lines.remove(at: index) } else { lines[index] = replacement }
    return lines.joined(separator: "\n")
  }

  /// ``tiny`` cut just after the first occurrence of `text`.
  static func tiny(truncatedAfter text: String) -> String {
    guard let range = tiny.range(of: text) else { return tiny }
    return String(tiny[..<range.upperBound])
  }
}
