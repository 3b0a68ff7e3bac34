/// A row or a column of a ``MixedIntegerModel``, named in errors (0-based).
public enum ModelElement: Hashable, Sendable, CustomStringConvertible {
  /// Column (variable) `index`.
  case column(Int)
  /// Row (constraint) `index`.
  case row(Int)

  /// `column 3` or `row 7`.
  public var description: String {
    switch self {
    case let .column(index): "column \(index)"
    case let .row(index): "row \(index)"
    }
  }
}

/// Why a model, an incumbent or a solve request was rejected, or why GLPK could not finish.
///
/// GLPK aborts the whole process on invalid input, so ``MixedIntegerModel`` checks every value in Swift
/// before GLPK sees it and throws one of these instead. Each case names the offending index and value.
/// Indices are 0-based, as in the Swift API.
public enum IntegerProgramError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The model has no column, so there is nothing to solve.
  case emptyModel
  /// The model would exceed a size GLPK accepts (`limit` columns, rows or nonzero coefficients).
  case tooLarge(what: String, limit: Int)
  /// A column index is outside `0..<columnCount`.
  case columnOutOfRange(column: Int, columnCount: Int)
  /// A row index is outside `0..<rowCount`.
  case rowOutOfRange(row: Int, rowCount: Int)
  /// A row lists the same column twice (GLPK forbids duplicate entries).
  case duplicateColumn(row: Int, column: Int)
  /// A row's `columns` and `coefficients` arrays have different lengths.
  case lengthMismatch(row: Int, columns: Int, coefficients: Int)
  /// A constraint coefficient is NaN or infinite.
  case nonFiniteCoefficient(row: Int, column: Int, value: Double)
  /// An objective cost is NaN or infinite.
  case nonFiniteCost(column: Int, value: Double)
  /// A bound is NaN or infinite (use ``Bounds/free``, ``Bounds/atLeast(_:)`` or ``Bounds/atMost(_:)``
  /// instead).
  case nonFiniteBound(ModelElement, value: Double)
  /// A lower bound is greater than the upper bound.
  case emptyBounds(ModelElement, lower: Double, upper: Double)
  /// An integer or binary column has a fractional bound (GLPK's `glp_intopt` rejects it).
  case fractionalBound(column: Int, value: Double)
  /// A binary column has bounds outside `0...1`.
  case binaryBounds(column: Int, bounds: Bounds)
  /// The time limit is zero or negative.
  case invalidTimeLimit(Duration)
  /// The relative gap is negative, NaN or infinite.
  case invalidRelativeGap(Double)
  /// The incumbent does not have one value per column.
  case incumbentSize(expected: Int, actual: Int)
  /// An incumbent value is NaN or infinite.
  case incumbentNotFinite(column: Int, value: Double)
  /// An incumbent value of an integer or binary column is not integral.
  case incumbentNotIntegral(column: Int, value: Double)
  /// An incumbent value lies outside its column's bounds.
  case incumbentOutOfBounds(column: Int, value: Double)
  /// The incumbent violates a row: `activity` is the row's value, outside its bounds.
  case incumbentViolatesRow(row: Int, activity: Double)
  /// GLPK stopped without a usable answer (`glp_simplex` or `glp_intopt` returned `returnCode`, for example
  /// `GLP_EFAIL` on numerical trouble).
  case solverFailed(returnCode: Int)

  /// A one-line description naming the offending index and value.
  public var description: String {
    switch self {
    case .emptyModel: "the model has no column"
    case let .tooLarge(what, limit): "the model has more than \(limit) \(what), GLPK's limit"
    case let .columnOutOfRange(column, count): "column \(column) is out of range 0..<\(count)"
    case let .rowOutOfRange(row, count): "row \(row) is out of range 0..<\(count)"
    case let .duplicateColumn(row, column): "row \(row) lists column \(column) more than once"
    case let .lengthMismatch(row, columns, coefficients):
      "row \(row) has \(columns) column indices but \(coefficients) coefficients"
    case let .nonFiniteCoefficient(row, column, value):
      "the coefficient of column \(column) in row \(row) is \(value)"
    case let .nonFiniteCost(column, value): "the cost of column \(column) is \(value)"
    case let .nonFiniteBound(element, value): "a bound of \(element) is \(value)"
    case let .emptyBounds(element, lower, upper):
      "\(element) has lower bound \(lower) above its upper bound \(upper)"
    case let .fractionalBound(column, value): "integer column \(column) has fractional bound \(value)"
    case let .binaryBounds(column, bounds): "binary column \(column) has bounds \(bounds) outside 0...1"
    case let .invalidTimeLimit(limit): "the time limit \(limit) is not positive"
    case let .invalidRelativeGap(gap): "the relative gap \(gap) is not a finite non-negative number"
    case let .incumbentSize(expected, actual): "the incumbent has \(actual) values, expected \(expected)"
    case let .incumbentNotFinite(column, value): "the incumbent value of column \(column) is \(value)"
    case let .incumbentNotIntegral(column, value):
      "the incumbent value \(value) of integer column \(column) is not integral"
    case let .incumbentOutOfBounds(column, value):
      "the incumbent value \(value) of column \(column) is outside its bounds"
    case let .incumbentViolatesRow(row, activity):
      "the incumbent gives row \(row) the value \(activity), outside its bounds"
    case let .solverFailed(code): "GLPK failed with return code \(code)"
    }
  }
}
