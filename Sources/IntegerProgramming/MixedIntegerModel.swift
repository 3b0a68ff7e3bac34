/// A mixed-integer linear program, built column by column and row by row, then solved by GLPK.
///
/// The model is a plain value: building it never touches GLPK, and every call checks its input and throws
/// ``IntegerProgramError`` on misuse, because GLPK aborts the process on invalid data. A GLPK problem object
/// exists only for the duration of ``solve(timeLimit:relativeGap:incumbent:)``, so a model can be shared
/// between tasks and solved concurrently. Indices are 0-based.
///
/// ```swift
/// // A 0/1 knapsack: maximise 10a + 13b + 7c subject to 4a + 6b + 3c ≤ 9.
/// var model = MixedIntegerModel(direction: .maximize)
/// let items = try model.addBinaryColumns(costs: [10, 13, 7])
/// try model.addRow(columns: Array(items), coefficients: [4, 6, 3], bounds: .atMost(9))
/// let result = try model.solve(timeLimit: .seconds(1))
/// // result.status == .optimal, result.solution?.objectiveValue == 20
/// ```
public struct MixedIntegerModel: Sendable, Hashable {
  /// Whether the objective is minimised or maximised (GLPK's `GLP_MIN` and `GLP_MAX`).
  public enum Direction: Hashable, Sendable {
    /// Find the smallest objective value.
    case minimize
    /// Find the largest objective value.
    case maximize
  }

  /// What values a column may take (GLPK's `GLP_CV`, `GLP_IV` and `GLP_BV`).
  public enum ColumnKind: Hashable, Sendable {
    /// Any real value within the bounds.
    case continuous
    /// Integral values within the bounds, which must be integral.
    case integer
    /// 0 or 1; the bounds must lie within `0...1`.
    case binary
  }

  /// The largest number of rows, of columns and of nonzero coefficients GLPK accepts
  /// (its `M_MAX`, `N_MAX` and `NNZ_MAX`; GLPK aborts beyond them).
  public static let maximumRowCount = 100_000_000
  /// See ``maximumRowCount``.
  public static let maximumColumnCount = 100_000_000
  /// See ``maximumRowCount``.
  public static let maximumNonzeroCount = 500_000_000

  /// Whether the objective is minimised or maximised.
  public var direction: Direction

  // Columns, in parallel arrays.
  private(set) var columnKinds: [ColumnKind] = []
  private(set) var columnBounds: [Bounds] = []
  private(set) var costs: [Double] = []

  // Rows, compressed: row `i` holds entries `rowStart[i] ..< rowStart[i + 1]`.
  private(set) var rowBounds: [Bounds] = []
  private(set) var rowStart: [Int] = [0]
  private(set) var entryColumns: [Int32] = []
  private(set) var entryCoefficients: [Double] = []

  /// Creates an empty model.
  ///
  /// - Parameter direction: whether to minimise (the default) or maximise the objective.
  public init(direction: Direction = .minimize) {
    self.direction = direction
  }

  /// The number of columns (variables).
  public var columnCount: Int { costs.count }

  /// The number of rows (constraints).
  public var rowCount: Int { rowBounds.count }

  /// The number of nonzero constraint coefficients stored so far.
  public var nonzeroCount: Int { entryColumns.count }

  // MARK: - Columns

  /// Adds a column (a variable) and returns its index.
  ///
  /// GLPK's counterparts are `glp_add_cols`, `glp_set_col_kind`, `glp_set_col_bnds` and `glp_set_obj_coef`,
  /// called when the model is solved.
  ///
  /// - Parameters:
  ///   - kind: continuous, integer or binary.
  ///   - bounds: the values the column may take; non-negative by default. Integer columns need integral
  ///     bounds; binary columns need bounds within `0...1` (`.between(0, 1)` if omitted).
  ///   - cost: the column's objective coefficient.
  /// - Returns: the new column's index, `columnCount - 1`.
  /// - Throws: ``IntegerProgramError`` if the cost or a bound is not finite, the bounds are empty, an
  ///   integer bound is fractional, a binary bound lies outside `0...1`, or the model is full.
  /// - Complexity: amortised O(1).
  @discardableResult
  public mutating func addColumn(
    kind: ColumnKind = .continuous, bounds: Bounds? = nil, cost: Double = 0
  ) throws(IntegerProgramError) -> Int {
    let column = columnCount
    guard column < Self.maximumColumnCount else {
      throw .tooLarge(what: "columns", limit: Self.maximumColumnCount)
    }
    let bounds = bounds ?? (kind == .binary ? .between(0, 1) : .atLeast(0))
    try Self.validateColumn(column, kind: kind, bounds: bounds, cost: cost)
    columnKinds.append(kind)
    columnBounds.append(bounds)
    costs.append(cost)
    return column
  }

  /// Adds a 0/1 column and returns its index.
  ///
  /// - Parameter cost: the column's objective coefficient.
  /// - Returns: the new column's index.
  /// - Throws: ``IntegerProgramError/nonFiniteCost(column:value:)`` or
  ///   ``IntegerProgramError/tooLarge(what:limit:)``.
  /// - Complexity: amortised O(1).
  @discardableResult
  public mutating func addBinaryColumn(cost: Double) throws(IntegerProgramError) -> Int {
    try addColumn(kind: .binary, bounds: .between(0, 1), cost: cost)
  }

  /// Adds one 0/1 column per cost, all or none, and returns their indices.
  ///
  /// - Parameter costs: the columns' objective coefficients.
  /// - Returns: the new columns' indices, in the order of `costs`.
  /// - Throws: ``IntegerProgramError/nonFiniteCost(column:value:)`` naming the first non-finite cost, or
  ///   ``IntegerProgramError/tooLarge(what:limit:)``; the model is unchanged when it throws.
  /// - Complexity: O(`costs.count`).
  @discardableResult
  public mutating func addBinaryColumns(costs: [Double]) throws(IntegerProgramError) -> Range<Int> {
    let first = columnCount
    guard costs.count <= Self.maximumColumnCount - first else {
      throw .tooLarge(what: "columns", limit: Self.maximumColumnCount)
    }
    if let bad = costs.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteCost(column: first + bad, value: costs[bad])
    }
    columnKinds.append(contentsOf: repeatElement(.binary, count: costs.count))
    columnBounds.append(contentsOf: repeatElement(.between(0, 1), count: costs.count))
    self.costs.append(contentsOf: costs)
    return first..<columnCount
  }

  /// Changes a column's objective coefficient (GLPK's `glp_set_obj_coef`).
  ///
  /// - Parameters:
  ///   - column: the column's index.
  ///   - cost: the new coefficient.
  /// - Throws: ``IntegerProgramError/columnOutOfRange(column:columnCount:)`` or
  ///   ``IntegerProgramError/nonFiniteCost(column:value:)``.
  public mutating func setCost(ofColumn column: Int, to cost: Double) throws(IntegerProgramError) {
    try checkColumn(column)
    guard cost.isFinite else { throw .nonFiniteCost(column: column, value: cost) }
    costs[column] = cost
  }

  /// Changes a column's bounds (GLPK's `glp_set_col_bnds`).
  ///
  /// - Parameters:
  ///   - column: the column's index.
  ///   - bounds: the new bounds, checked as in ``addColumn(kind:bounds:cost:)``.
  /// - Throws: ``IntegerProgramError`` naming the column if it is out of range or the bounds are invalid.
  public mutating func setBounds(ofColumn column: Int, to bounds: Bounds) throws(IntegerProgramError) {
    try checkColumn(column)
    try Self.validateColumn(column, kind: columnKinds[column], bounds: bounds, cost: costs[column])
    columnBounds[column] = bounds
  }

  /// The kind, bounds and cost of a column.
  ///
  /// - Throws: ``IntegerProgramError/columnOutOfRange(column:columnCount:)``.
  public func column(
    _ column: Int
  ) throws(IntegerProgramError) -> (kind: ColumnKind, bounds: Bounds, cost: Double) {
    try checkColumn(column)
    return (columnKinds[column], columnBounds[column], costs[column])
  }

  // MARK: - Rows

  /// Adds a row (a linear constraint `bounds.lower ≤ Σ coefficients[k] · x[columns[k]] ≤ bounds.upper`)
  /// and returns its index.
  ///
  /// Zero coefficients are allowed and dropped when the model reaches GLPK (`glp_add_rows`,
  /// `glp_set_row_bnds`, `glp_load_matrix`).
  ///
  /// - Parameters:
  ///   - columns: the indices of the columns in the row, each at most once, in any order.
  ///   - coefficients: one finite coefficient per entry of `columns`.
  ///   - bounds: the range of the row's activity.
  /// - Returns: the new row's index, `rowCount - 1`.
  /// - Throws: ``IntegerProgramError`` naming the row and the offending column or value; the model is
  ///   unchanged when it throws.
  /// - Complexity: O(k log k) for k entries.
  @discardableResult
  public mutating func addRow(
    columns: [Int], coefficients: [Double], bounds: Bounds
  ) throws(IntegerProgramError) -> Int {
    let row = rowCount
    guard row < Self.maximumRowCount else { throw .tooLarge(what: "rows", limit: Self.maximumRowCount) }
    guard columns.count == coefficients.count else {
      throw .lengthMismatch(row: row, columns: columns.count, coefficients: coefficients.count)
    }
    guard nonzeroCount + columns.count <= Self.maximumNonzeroCount else {
      throw .tooLarge(what: "nonzero coefficients", limit: Self.maximumNonzeroCount)
    }
    try bounds.validate(.row(row))
    for (column, coefficient) in zip(columns, coefficients) {
      try checkColumn(column)
      guard coefficient.isFinite else {
        throw .nonFiniteCoefficient(row: row, column: column, value: coefficient)
      }
    }
    if let duplicate = Self.firstDuplicate(in: columns) {
      throw .duplicateColumn(row: row, column: duplicate)
    }
    rowBounds.append(bounds)
    entryColumns.append(contentsOf: columns.lazy.map { Int32(truncatingIfNeeded: $0) })
    entryCoefficients.append(contentsOf: coefficients)
    rowStart.append(entryColumns.count)
    return row
  }

  /// Changes a row's bounds (GLPK's `glp_set_row_bnds`).
  ///
  /// - Throws: ``IntegerProgramError`` naming the row if it is out of range or the bounds are invalid.
  public mutating func setBounds(ofRow row: Int, to bounds: Bounds) throws(IntegerProgramError) {
    guard rowBounds.indices.contains(row) else { throw .rowOutOfRange(row: row, rowCount: rowCount) }
    try bounds.validate(.row(row))
    rowBounds[row] = bounds
  }

  /// The entries of row `row`, as stored (zeros included).
  ///
  /// - Throws: ``IntegerProgramError/rowOutOfRange(row:rowCount:)``.
  public func row(
    _ row: Int
  ) throws(IntegerProgramError) -> (columns: [Int], coefficients: [Double], bounds: Bounds) {
    guard rowBounds.indices.contains(row) else { throw .rowOutOfRange(row: row, rowCount: rowCount) }
    let range = rowStart[row]..<rowStart[row + 1]
    return (entryColumns[range].map(Int.init), Array(entryCoefficients[range]), rowBounds[row])
  }

  // MARK: - Validation

  private func checkColumn(_ column: Int) throws(IntegerProgramError) {
    guard costs.indices.contains(column) else {
      throw .columnOutOfRange(column: column, columnCount: columnCount)
    }
  }

  private static func validateColumn(
    _ column: Int, kind: ColumnKind, bounds: Bounds, cost: Double
  ) throws(IntegerProgramError) {
    guard cost.isFinite else { throw .nonFiniteCost(column: column, value: cost) }
    try bounds.validate(.column(column))
    guard kind != .continuous else { return }
    for value in [bounds.lower, bounds.upper] where value.isFinite && value != value.rounded(.down) {
      throw .fractionalBound(column: column, value: value)
    }
    if kind == .binary, bounds.lower < 0 || bounds.upper > 1 {
      throw .binaryBounds(column: column, bounds: bounds)
    }
  }

  private static func firstDuplicate(in columns: [Int]) -> Int? {
    guard columns.count > 1 else { return nil }
    if columns.count <= 8 {
      for i in columns.indices {
        for j in columns.indices[(i + 1)...] where columns[i] == columns[j] { return columns[i] }
      }
      return nil
    }
    let sorted = columns.sorted()
    for (a, b) in zip(sorted, sorted.dropFirst()) where a == b { return a }
    return nil
  }
}
