/// Travel times and distances between snapped points, ready to build a `Problem` from.
///
/// Rows and columns follow ``pointIndices`` (positions in the list given to
/// ``RoadNetwork/travelMatrices(between:turns:metric:)``). Points that are not on a usable road, or whose
/// road lies outside the largest strongly connected component, are listed in ``excludedPoints`` and have
/// no row or column, so no entry is ever infinite or made up.
public struct TravelMatrices: Sendable, Hashable {
  /// The input position of each row and column.
  public let pointIndices: [Int]
  /// Travel times in milliseconds, `travelTimes[i, j]` from row `i` to column `j` (asymmetric).
  public let travelTimes: Matrix<Int64>
  /// Route lengths in millimetres, along the same routes as `travelTimes`.
  public let distances: Matrix<Int64>
  /// Input positions of points left out: not snapped, or in a small disconnected fragment.
  public let excludedPoints: [Int]
  /// Pairs (as input positions) with no route under the turn rules or kerbside constraints, although
  /// both points lie in the largest component; their entries hold ``unreachable``.
  public let unreachablePairs: [PointPair]
  /// The metric the routes minimise.
  public let metric: RouteMetric

  /// The entry of a pair without a route (only possible with turn rules or kerbside service).
  public static let unreachable = Int64.max / 4
}

/// An ordered pair of input positions.
public struct PointPair: Sendable, Hashable, Codable {
  /// Where the route starts.
  public var from: Int
  /// Where it ends.
  public var to: Int

  /// Creates a pair.
  public init(from: Int, to: Int) {
    self.from = from
    self.to = to
  }
}
