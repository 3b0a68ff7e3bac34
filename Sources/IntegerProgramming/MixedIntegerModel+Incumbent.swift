extension MixedIntegerModel {
  /// Absolute (and, for large bounds, relative) tolerance for accepting an incumbent.
  static let feasibilityTolerance = 1e-6

  /// Checks that `incumbent` satisfies every bound, integrality requirement and row, and returns it with
  /// integer columns rounded to exact integers, as GLPK's `glp_ios_heur_sol` requires.
  ///
  /// GLPK trusts a heuristic solution without checking the rows, so this check must happen first.
  ///
  /// - Returns: the incumbent with integral values for integer and binary columns.
  /// - Throws: ``IntegerProgramError`` naming the first violated column or row.
  /// - Complexity: O(columns + nonzeros).
  func checkedIncumbent(_ incumbent: [Double]) throws(IntegerProgramError) -> [Double] {
    guard incumbent.count == columnCount else {
      throw .incumbentSize(expected: columnCount, actual: incumbent.count)
    }
    var values = incumbent
    for column in values.indices {
      let value = values[column]
      guard value.isFinite else { throw .incumbentNotFinite(column: column, value: value) }
      if columnKinds[column] != .continuous {
        let integral = value.rounded()
        guard abs(value - integral) <= Self.feasibilityTolerance else {
          throw .incumbentNotIntegral(column: column, value: value)
        }
        values[column] = integral
      }
      guard columnBounds[column].contains(values[column], tolerance: Self.feasibilityTolerance) else {
        throw .incumbentOutOfBounds(column: column, value: value)
      }
    }
    for row in rowBounds.indices {
      var activity = 0.0
      for entry in rowStart[row]..<rowStart[row + 1] {
        activity += entryCoefficients[entry] * values[Int(entryColumns[entry])]
      }
      guard rowBounds[row].contains(activity, tolerance: Self.feasibilityTolerance) else {
        throw .incumbentViolatesRow(row: row, activity: activity)
      }
    }
    return values
  }

  /// The objective value of `values`.
  func objectiveValue(of values: [Double]) -> Double {
    zip(costs, values).reduce(0) { $0 + $1.0 * $1.1 }
  }
}
