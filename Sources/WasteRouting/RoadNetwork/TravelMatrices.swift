/// Travel times and distances between snapped points, ready to build a `Problem` from.
///
/// Rows and columns follow ``pointIndices`` (positions in the list given to
/// ``RoadNetwork/travelMatrices(between:turns:metric:)``). Points that are not on a usable road, or whose
/// road lies outside the largest strongly connected component (of the node graph, and under turn rules
/// also of the arcs joined by allowed turns), are listed in ``excludedPoints`` and have no row or column,
/// so no entry is ever infinite or made up.
public struct TravelMatrices: Sendable, Hashable {
  /// The input position of each row and column.
  public let pointIndices: [Int]
  /// Travel times in milliseconds, `travelTimes[i, j]` from row `i` to column `j` (asymmetric).
  public let travelTimes: Matrix<Int64>
  /// Route lengths in millimetres, along the same routes as `travelTimes`.
  public let distances: Matrix<Int64>
  /// Input positions of points left out: not snapped, or in a small disconnected fragment (which under
  /// turn rules includes places that banned turns or forbidden U-turns cut off).
  public let excludedPoints: [Int]
  /// Pairs (as input positions) with no route although both points passed the component checks; their
  /// entries hold ``unreachable``. Empty in practice: every point's arcs lie in one strongly connected
  /// component, so this is a safety net, not an expected outcome.
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
