/// A point matched to the nearest road a truck may use, at an offset along it.
///
/// Paths start and end at the snapped position, not at a junction. On a two-way road the truck may
/// arrive or leave in either direction unless kerbside service applies.
public struct SnappedPoint: Sendable, Hashable {
  /// The position given.
  public let coordinate: Coordinate
  /// The nearest position on the road, or `nil` when no usable road is within reach.
  public let location: Coordinate?
  /// Metres between `coordinate` and `location` (0 when not snapped).
  public let distanceFromRoad: Double
  /// The class of the road snapped to.
  public let roadClass: RoadClass?
  /// Whether the road lies in the network's largest strongly connected component, so that every other
  /// such point can be reached from it and reach it. Points outside it are left out of matrices.
  public let isInLargestComponent: Bool
  /// Whether kerbside service restricted the directions of approach.
  public let isKerbside: Bool

  /// Arcs the truck may arrive on, with the point's offset along each.
  let arrivals: [ArcPosition]
  /// Arcs the truck may leave on, with the point's offset along each.
  let departures: [ArcPosition]
  /// The node, when the point snapped exactly onto a junction or road end.
  let node: Int32?

  /// Whether the point lies on a road.
  public var isSnapped: Bool { location != nil }
}

/// A position on an arc: the arc and how far along it, in both metrics.
struct ArcPosition: Sendable, Hashable {
  var arc: Int32
  /// Millimetres from the arc's tail.
  var length: Int64
  /// Milliseconds from the arc's tail.
  var time: Int64
}
