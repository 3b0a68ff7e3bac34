/// How points are matched to roads.
public struct SnapOptions: Sendable, Hashable {
  /// Points farther than this from every usable road (metres) are not snapped.
  public var maximumDistance: Double
  /// On roads of this class and above, the truck must arrive and leave with the point on its right
  /// (kerbside service); `nil` lets it use either side everywhere.
  public var kerbsideFromClass: RoadClass?

  /// Creates options.
  public init(maximumDistance: Double = 1_000, kerbsideFromClass: RoadClass? = nil) {
    self.maximumDistance = maximumDistance
    self.kerbsideFromClass = kerbsideFromClass
  }
}
