/// How points are matched to roads.
public struct SnapOptions: Sendable, Hashable {
  /// Points farther than this from every usable road (metres) are not snapped.
  public var maximumDistance: Double
  /// On roads of this class and above, the truck must arrive and leave with the point on its right
  /// (kerbside service); `nil` lets it use either side everywhere.
  public var kerbsideFromClass: RoadClass?
  /// Whether a road of the largest strongly connected component within ``maximumDistance`` wins over a
  /// nearer road in a cut-off fragment (a bin in a pedestrian zone is served from the street, not from a
  /// dead-end service road the trucks cannot reach). When `false`, the fragment's road is taken only if no
  /// other road is equally near.
  public var prefersLargestComponent: Bool

  /// Creates options.
  public init(maximumDistance: Double = 1_000, kerbsideFromClass: RoadClass? = nil, prefersLargestComponent: Bool = false) {
    self.maximumDistance = maximumDistance
    self.kerbsideFromClass = kerbsideFromClass
    self.prefersLargestComponent = prefersLargestComponent
  }
}
