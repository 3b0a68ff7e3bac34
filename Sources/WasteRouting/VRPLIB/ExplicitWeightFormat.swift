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

  /// The position in the section's values of the weight from node index `i` to `j` (both 0-based), or
  /// `nil` for an entry the format does not list (the diagonal of `LOWER_ROW` and `UPPER_ROW`, which is 0).
  ///
  /// Triangular formats describe symmetric matrices, so `(i, j)` and `(j, i)` share a value.
  func valueIndex(from i: Int, to j: Int, dimension n: Int) -> Int? {
    let (low, high) = (min(i, j), max(i, j))
    switch rowForm {
    case .fullMatrix: return i * n + j
    case .lowerRow: return low == high ? nil : high * (high - 1) / 2 + low
    case .upperRow: return low == high ? nil : low * (n - 1) - low * (low - 1) / 2 + (high - low - 1)
    case .lowerDiagonalRow: return high * (high + 1) / 2 + low
    default: return low * n - low * (low - 1) / 2 + (high - low)
    }
  }
}
