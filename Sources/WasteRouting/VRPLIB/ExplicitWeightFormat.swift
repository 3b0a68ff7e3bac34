/// The layouts of an `EDGE_WEIGHT_SECTION` (TSPLIB95 `EDGE_WEIGHT_FORMAT`).
///
/// Every format but `FULL_MATRIX` describes a symmetric matrix by one triangle. For a symmetric matrix
/// a column-wise lower triangle lists the same values as the row-wise upper triangle, so each `*_COL`
/// format reads like the matching `*_ROW` one.
enum ExplicitWeightFormat: String, CaseIterable {
  case fullMatrix = "FULL_MATRIX"
  case lowerRow = "LOWER_ROW"
  case upperRow = "UPPER_ROW"
  case lowerDiagonalRow = "LOWER_DIAG_ROW"
  case upperDiagonalRow = "UPPER_DIAG_ROW"
  case lowerColumn = "LOWER_COL"
  case upperColumn = "UPPER_COL"
  case lowerDiagonalColumn = "LOWER_DIAG_COL"
  case upperDiagonalColumn = "UPPER_DIAG_COL"

  /// The row-wise format listing the same values in the same order.
  private var rowForm: Self {
    switch self {
    case .lowerColumn: .upperRow
    case .upperColumn: .lowerRow
    case .lowerDiagonalColumn: .upperDiagonalRow
    case .upperDiagonalColumn: .lowerDiagonalRow
    default: self
    }
  }

  /// How many values the section holds for `dimension` nodes.
  func valueCount(dimension n: Int) -> Int {
    switch rowForm {
    case .fullMatrix: n * n
    case .lowerRow, .upperRow: n * (n - 1) / 2
    default: n * (n + 1) / 2
    }
  }

  /// The columns of row `i` that the section lists, in order.
  private func columns(ofRow i: Int, dimension n: Int) -> Range<Int> {
    switch rowForm {
    case .fullMatrix: 0..<n
    case .lowerRow: 0..<i
    case .upperRow: (i + 1)..<n
    case .lowerDiagonalRow: 0..<(i + 1)
    default: i..<n
    }
  }

  /// The full `n`×`n` matrix, row-major, from the section's values (exactly ``valueCount(dimension:)``).
  /// Triangular formats are mirrored; entries they do not list (the diagonal) are zero.
  func matrix(from values: [Double], dimension n: Int) -> [Double] {
    precondition(values.count == valueCount(dimension: n), "weight count was not checked")
    var full = Array(repeating: 0.0, count: n * n)
    var next = 0
    for i in 0..<n {
      for j in columns(ofRow: i, dimension: n) {
        full[i * n + j] = values[next]
        if rowForm != .fullMatrix { full[j * n + i] = values[next] }
        next += 1
      }
    }
    return full
  }
}
