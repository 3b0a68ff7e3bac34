import Testing
@testable import IntegerProgramming

/// Calls that GLPK would answer by aborting the process must throw instead, and leave the model unchanged.
@Suite struct MisuseTests {
  /// A valid model: three columns (continuous, integer, binary) and one row.
  private func baseModel() throws -> MixedIntegerModel {
    var model = MixedIntegerModel()
    try model.addColumn(cost: 1)
    try model.addColumn(kind: .integer, bounds: .between(-2, 2), cost: 1)
    try model.addBinaryColumn(cost: 1)
    try model.addRow(columns: [0, 1, 2], coefficients: [1, 1, 1], bounds: .atMost(3))
    return model
  }

  private static let badNumbers: [Double] = [.nan, .infinity, -.infinity, .signalingNaN]

  /// Draws one invalid call and the check its error must pass.
  private func randomMisuse(
    using rng: inout SplitMix64
  ) -> (label: String, call: (inout MixedIntegerModel) throws(IntegerProgramError) -> Void,
        matches: (IntegerProgramError) -> Bool) {
    let bad = Self.badNumbers.randomElement(using: &rng) ?? .nan
    let badIndex = Bool.random(using: &rng)
      ? -Int.random(in: 1...5, using: &rng) : Int.random(in: 3...1_000, using: &rng)
    let good = Double(Int.random(in: -5...5, using: &rng))
    switch Int.random(in: 0..<15, using: &rng) {
    case 0:
      return ("row with column \(badIndex)", { m throws(IntegerProgramError) in
        try m.addRow(columns: [0, badIndex], coefficients: [1, 1], bounds: .atMost(1))
      }, { $0 == .columnOutOfRange(column: badIndex, columnCount: 3) })
    case 1:
      return ("coefficient \(bad)", { m throws(IntegerProgramError) in
        try m.addRow(columns: [2, 1], coefficients: [1, bad], bounds: .atMost(1))
      }, { if case .nonFiniteCoefficient(row: 1, column: 1, _) = $0 { true } else { false } })
    case 2:
      return ("cost \(bad)", { m throws(IntegerProgramError) in try m.addColumn(cost: bad) },
              { if case .nonFiniteCost(column: 3, _) = $0 { true } else { false } })
    case 3:
      return ("lower above upper", { m throws(IntegerProgramError) in
        try m.addColumn(bounds: .between(good + 1, good))
      }, { $0 == .emptyBounds(.column(3), lower: good + 1, upper: good) })
    case 4:
      return ("row bound \(bad)", { m throws(IntegerProgramError) in
        try m.addRow(columns: [0], coefficients: [1], bounds: .between(0, bad))
      }, { if case .nonFiniteBound(.row(1), _) = $0 { true } else { false } })
    case 5:
      let columns = Array(repeating: 0, count: Int.random(in: 0...4, using: &rng))
      let coefficients = Array(repeating: 1.0, count: columns.count + Int.random(in: 1...3, using: &rng))
      let label = "\(columns.count) columns, \(coefficients.count) coefficients"
      return (label, { m throws(IntegerProgramError) in
        try m.addRow(columns: columns, coefficients: coefficients, bounds: .free)
      }, { $0 == .lengthMismatch(row: 1, columns: columns.count, coefficients: coefficients.count) })
    case 6:
      let column = Int.random(in: 0..<3, using: &rng)
      let columns = Array(0..<3) + Array(repeating: 0, count: Int.random(in: 0...12, using: &rng)) + [column]
      return ("duplicate column \(column)", { m throws(IntegerProgramError) in
        try m.addRow(columns: columns, coefficients: columns.map { _ in 1 }, bounds: .atLeast(0))
      }, { if case .duplicateColumn(row: 1, _) = $0 { true } else { false } })
    case 7:
      return ("binary bounds", { m throws(IntegerProgramError) in
        try m.addColumn(kind: .binary, bounds: .between(0, 2))
      }, { $0 == .binaryBounds(column: 3, bounds: .between(0, 2)) })
    case 8:
      return ("fractional integer bound", { m throws(IntegerProgramError) in
        try m.addColumn(kind: .integer, bounds: .atMost(good + 0.5))
      }, { $0 == .fractionalBound(column: 3, value: good + 0.5) })
    case 9:
      return ("set cost of column \(badIndex)", { m throws(IntegerProgramError) in
        try m.setCost(ofColumn: badIndex, to: 1)
      }, { $0 == .columnOutOfRange(column: badIndex, columnCount: 3) })
    case 10:
      return ("set bounds of row \(badIndex)", { m throws(IntegerProgramError) in
        try m.setBounds(ofRow: badIndex, to: .free)
      }, { $0 == .rowOutOfRange(row: badIndex, rowCount: 1) })
    case 11:
      return ("binary column freed", { m throws(IntegerProgramError) in
        try m.setBounds(ofColumn: 2, to: .free)
      }, { $0 == .binaryBounds(column: 2, bounds: .free) })
    case 12:
      return ("column bound \(bad)", { m throws(IntegerProgramError) in
        try m.setBounds(ofColumn: 0, to: .exactly(bad))
      }, { if case .nonFiniteBound(.column(0), _) = $0 { true } else { false } })
    case 14:
      let costs = [1, 2, bad, 4]
      return ("binary columns with cost \(bad)", { m throws(IntegerProgramError) in
        try m.addBinaryColumns(costs: costs)
      }, { if case .nonFiniteCost(column: 5, _) = $0 { true } else { false } })
    default:
      return ("set cost \(bad)", { m throws(IntegerProgramError) in try m.setCost(ofColumn: 1, to: bad) },
              { if case .nonFiniteCost(column: 1, _) = $0 { true } else { false } })
    }
  }

  @Test(arguments: 0..<200) func invalidBuilderCallThrowsAndChangesNothing(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let (label, call, matches) = randomMisuse(using: &rng)
    let original = try baseModel()
    var model = original
    do {
      try call(&model)
      Issue.record("\(label): no error")
    } catch {
      #expect(matches(error), "\(label): \(error)")
    }
    #expect(model == original, "\(label) changed the model")
    #expect(try model.solve(timeLimit: .seconds(1)).status == .optimal)
  }

  @Test func invalidSolveRequests() throws {
    let model = try baseModel()
    #expect(throws: IntegerProgramError.invalidTimeLimit(.zero)) { try model.solve(timeLimit: .zero) }
    #expect(throws: IntegerProgramError.invalidTimeLimit(.seconds(-1))) {
      try model.solve(timeLimit: .seconds(-1))
    }
    #expect(throws: IntegerProgramError.invalidRelativeGap(-0.1)) {
      try model.solve(timeLimit: .seconds(1), relativeGap: -0.1)
    }
    #expect(throws: IntegerProgramError.self) { try model.solve(timeLimit: .seconds(1), relativeGap: .nan) }
    #expect(throws: IntegerProgramError.emptyModel) { try MixedIntegerModel().solve(timeLimit: .seconds(1)) }
  }

  @Test func infeasibleIncumbentsAreRejected() throws {
    // Columns: x ≥ 0 continuous, n ∈ [-2, 2] integer, b binary; row x + n + b ≤ 3.
    let model = try baseModel()
    let cases: [([Double], IntegerProgramError)] = [
      ([0, 0], .incumbentSize(expected: 3, actual: 2)),
      ([0, 0, 0, 0], .incumbentSize(expected: 3, actual: 4)),
      ([0, 0.5, 0], .incumbentNotIntegral(column: 1, value: 0.5)),
      ([0, 3, 0], .incumbentOutOfBounds(column: 1, value: 3)),
      ([-1, 0, 0], .incumbentOutOfBounds(column: 0, value: -1)),
      ([0, 0, 2], .incumbentOutOfBounds(column: 2, value: 2)),
      ([2.5, 1, 1], .incumbentViolatesRow(row: 0, activity: 4.5)),
      ([.infinity, 0, 0], .incumbentNotFinite(column: 0, value: .infinity)),
    ]
    for (incumbent, expected) in cases {
      #expect(throws: expected) { try model.solve(timeLimit: .seconds(1), incumbent: incumbent) }
    }
    #expect(throws: IntegerProgramError.self) {
      try model.solve(timeLimit: .seconds(1), incumbent: [.nan, 0, 0])
    }
    // Within tolerance is fine.
    #expect(try model.solve(timeLimit: .seconds(1), incumbent: [1 + 1e-8, 1, 1]).status == .optimal)
  }

  @Test func errorsDescribeTheOffendingItem() {
    #expect(IntegerProgramError.duplicateColumn(row: 4, column: 7).description
      == "row 4 lists column 7 more than once")
    #expect(IntegerProgramError.emptyBounds(.column(2), lower: 1, upper: 0).description
      == "column 2 has lower bound 1.0 above its upper bound 0.0")
  }
}
