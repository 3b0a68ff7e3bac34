/// The range a column's value or a row's activity may take.
///
/// Every bound must be finite: an infinite side is expressed by the case itself (``atLeast(_:)`` has no
/// upper bound). ``between(_:_:)`` with equal ends is the same as ``exactly(_:)``. These are GLPK's bound
/// types `GLP_FR`, `GLP_LO`, `GLP_UP`, `GLP_DB` and `GLP_FX`.
public enum Bounds: Hashable, Sendable, CustomStringConvertible {
  /// No bound: any value.
  case free
  /// At least the given value.
  case atLeast(Double)
  /// At most the given value.
  case atMost(Double)
  /// Between the two values, inclusive; the first must not exceed the second.
  case between(Double, Double)
  /// Exactly the given value.
  case exactly(Double)

  /// The lower bound, or `-infinity`.
  public var lower: Double {
    switch self {
    case .free, .atMost: -.infinity
    case let .atLeast(value), let .between(value, _), let .exactly(value): value
    }
  }

  /// The upper bound, or `+infinity`.
  public var upper: Double {
    switch self {
    case .free, .atLeast: .infinity
    case let .atMost(value), let .between(_, value), let .exactly(value): value
    }
  }

  /// `free`, `≥ 2`, `≤ 3`, `[0, 1]` or `= 4`.
  public var description: String {
    switch self {
    case .free: "free"
    case let .atLeast(value): "≥ \(value)"
    case let .atMost(value): "≤ \(value)"
    case let .between(lower, upper): "[\(lower), \(upper)]"
    case let .exactly(value): "= \(value)"
    }
  }

  /// Whether `value` lies within the bounds, allowing `tolerance` relative to the bound's magnitude.
  func contains(_ value: Double, tolerance: Double) -> Bool {
    let lower = self.lower
    let upper = self.upper
    return value >= lower - tolerance * max(1, abs(lower)) && value <= upper + tolerance * max(1, abs(upper))
  }

  /// Checks that the finite ends are finite numbers and in order.
  func validate(_ element: ModelElement) throws(IntegerProgramError) {
    switch self {
    case .free: return
    case let .atLeast(value), let .atMost(value), let .exactly(value):
      guard value.isFinite else { throw .nonFiniteBound(element, value: value) }
    case let .between(lower, upper):
      guard lower.isFinite else { throw .nonFiniteBound(element, value: lower) }
      guard upper.isFinite else { throw .nonFiniteBound(element, value: upper) }
      guard lower <= upper else { throw .emptyBounds(element, lower: lower, upper: upper) }
    }
  }
}
