/// What shortest paths minimise.
public enum RouteMetric: String, Sendable, Hashable, Codable, CaseIterable {
  /// The fastest route; its length is reported alongside.
  case time
  /// The shortest route; its travel time is reported alongside.
  case distance
}
