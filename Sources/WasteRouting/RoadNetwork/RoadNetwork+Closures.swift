extension RoadNetwork {
  /// The travel time of a closed arc, in milliseconds (about 11.6 days): no route of a day takes it while
  /// any other exists, and a place reachable only over it is out of every shift's reach.
  static let closedArcTime: Int32 = 1_000_000_000

  /// The network with the roads of OSM ways `ways`, and the road nearest each of `points` (within
  /// `maximumDistance` metres), closed in both directions.
  ///
  /// A closed road keeps its geometry and its length; only its travel time becomes
  /// ``closedArcTime``, so every time-based search avoids it.
  ///
  /// - Returns: The network, and the points no road lies near (indices into `points`).
  func closing(ways: Set<Int64>, near points: [Coordinate], maximumDistance: Double) -> (
    network: RoadNetwork, unmatched: [Int]
  ) {
    var closed = Set<Int>()
    if !ways.isEmpty {
      for edge in 0..<edgeCount where ways.contains(edgeWay[edge]) { closed.insert(edge) }
    }
    var unmatched: [Int] = []
    for (k, point) in points.enumerated() {
      guard
        let found = spatialIndex.nearest(
          longitude: point.x, latitude: point.y, longitudes: shapeLongitude, latitudes: shapeLatitude,
          maximumDistance: maximumDistance, accept: { _ in true })
      else {
        unmatched.append(k)
        continue
      }
      closed.insert(Int(spatialIndex.segmentEdge[found.segment]))
    }
    var network = self
    for edge in closed {
      for arc in edgeArcs(edge) { network.arcTime[arc] = Self.closedArcTime }
    }
    return (network, unmatched)
  }
}
