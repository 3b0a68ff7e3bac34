/// What the whole fleet says about fill rates: the rate and weekday pattern a bin with little history of its
/// own is assumed to follow, and the target its own fit is shrunk towards.
public struct FleetPrior: Sendable, Hashable, Codable {
  /// The fleet's typical fill rate, percentage points per day: the robust regression of every interval's
  /// rise on its length, pooled over all bins.
  public var ratePerDay: Double
  /// The fleet's typical extra rise soon after an emptying, percentage points (see
  /// ``BinForecast/postEmptyingJump``).
  public var postEmptyingJump: Double
  /// Multiplicative day-of-week factors, Monday first, averaging 1 (all 1 for a flat pattern).
  public var weekdayFactors: [Double]
  /// How many intervals of how many bins the prior was fitted from.
  public var intervalCount: Int

  /// Creates a prior.
  /// - Parameters:
  ///   - ratePerDay: Percentage points per day.
  ///   - postEmptyingJump: Percentage points.
  ///   - weekdayFactors: Seven factors, Monday first, averaging 1; `nil` (or a list of another length)
  ///     for flat.
  ///   - intervalCount: How many intervals it rests on.
  public init(ratePerDay: Double, postEmptyingJump: Double = 0, weekdayFactors: [Double]? = nil,
              intervalCount: Int = 0)
  {
    self.ratePerDay = ratePerDay
    self.postEmptyingJump = postEmptyingJump
    self.weekdayFactors = Self.sevenFactors(weekdayFactors)
    self.intervalCount = intervalCount
  }

  /// Seven factors of 1.
  static let flat = [Double](repeating: 1, count: 7)

  /// `factors` when there are seven of them, else flat: what every use of a weekday pattern reads, so
  /// that a list of another length set in code never indexes out of range.
  static func sevenFactors(_ factors: [Double]?) -> [Double] {
    guard let factors, factors.count == 7 else { return flat }
    return factors
  }
}
