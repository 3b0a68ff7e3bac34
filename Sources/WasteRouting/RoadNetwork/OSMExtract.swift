/// The raw content every reader produces: node positions, tagged ways and turn restrictions.
///
/// Readers keep only what a road graph needs (ways with a `highway` tag, `type=restriction` relations);
/// ``RoadNetworkBuilder`` applies the truck profile.
struct OSMExtract: Sendable {
  /// Whether a position read from a text format is a place on the globe: finite, longitude within
  /// ±180°, latitude within ±90°. The text readers reject any other with its line or feature.
  static func isPosition(longitude: Double, latitude: Double) -> Bool {
    abs(longitude) <= 180 && abs(latitude) <= 90
  }

  /// Node ids, parallel to `longitudes` and `latitudes`; nodes no kept way uses may be present.
  var nodeIDs: [Int64] = []
  /// Longitudes in degrees.
  var longitudes: [Double] = []
  /// Latitudes in degrees.
  var latitudes: [Double] = []
  /// Ways that carry a `highway` tag.
  var ways: [OSMWay] = []
  /// Turn restrictions with a via node.
  var restrictions: [OSMTurnRestriction] = []
  /// Restrictions this import cannot apply (via ways, missing members).
  var skippedRestrictionCount = 0
  /// Nodes with a barrier a truck cannot pass (bollards, blocks...): roads are cut there.
  var blockingBarriers: Set<Int64> = []

  /// Appends everything `other` holds, after what this one holds.
  mutating func append(_ other: OSMExtract) {
    nodeIDs += other.nodeIDs
    longitudes += other.longitudes
    latitudes += other.latitudes
    ways += other.ways
    restrictions += other.restrictions
    skippedRestrictionCount += other.skippedRestrictionCount
    blockingBarriers.formUnion(other.blockingBarriers)
  }

  mutating func appendNode(id: Int64, longitude: Double, latitude: Double) {
    nodeIDs.append(id)
    longitudes.append(longitude)
    latitudes.append(latitude)
  }
}

/// An OSM way: its id, node references and tags.
struct OSMWay: Sendable {
  var id: Int64
  var nodeRefs: [Int64]
  var tags: [String: String]
}
