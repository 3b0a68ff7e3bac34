extension RoadNetwork {
  /// Snaps each point to the nearest road segment the truck may use.
  ///
  /// - Parameters:
  ///   - points: Positions as longitude (`x`) and latitude (`y`) in degrees.
  ///   - options: Search radius and kerbside rule.
  /// - Returns: One snapped point per input, in order.
  /// - Complexity: About O(log n) per point with the grid index.
  public func snap(_ points: [Coordinate], options: SnapOptions = SnapOptions()) -> [SnappedPoint] {
    points.map { snap($0, options: options) }
  }

  /// Snaps one point; see ``snap(_:options:)``.
  public func snap(_ point: Coordinate, options: SnapOptions = SnapOptions()) -> SnappedPoint {
    var found = spatialIndex.nearest(
      longitude: point.x, latitude: point.y, longitudes: shapeLongitude, latitudes: shapeLatitude,
      maximumDistance: options.maximumDistance, accept: { _ in true })
    // Where roads meet or overlap (a junction, a bridge over a road), several are equally near; prefer
    // one in the largest component, so a point at a junction is not put on a fragment's dead end (or,
    // when asked, the nearest such road within reach).
    if let nearest = found, !isInLargestComponent(edge: Int(spatialIndex.segmentEdge[nearest.segment])) {
      let connected = spatialIndex.nearest(
        longitude: point.x, latitude: point.y, longitudes: shapeLongitude, latitudes: shapeLatitude,
        maximumDistance: options.prefersLargestComponent ? options.maximumDistance : nearest.distance + 0.01,
        accept: { isInLargestComponent(edge: Int(spatialIndex.segmentEdge[$0])) })
      if let connected { found = connected }
    }
    guard let found else {
      return SnappedPoint(
        coordinate: point, location: nil, distanceFromRoad: 0, roadClass: nil, isInLargestComponent: false,
        isKerbside: false, arrivals: [], departures: [], node: nil)
    }
    let segment = found.segment
    let edge = Int(spatialIndex.segmentEdge[segment])
    let first = Int(edgeShapeStart[edge])
    let last = Int(edgeShapeStart[edge + 1]) - 1
    let lon =
      shapeLongitude[segment] + found.fraction * (shapeLongitude[segment + 1] - shapeLongitude[segment])
    let lat = shapeLatitude[segment] + found.fraction * (shapeLatitude[segment + 1] - shapeLatitude[segment])

    var before = 0.0
    var total = 0.0
    for p in first..<last {
      let piece = Self.metres(
        shapeLongitude[p], shapeLatitude[p], shapeLongitude[p + 1], shapeLatitude[p + 1])
      if p < segment { before += piece }
      if p == segment { before += piece * found.fraction }
      total += piece
    }
    let fractionOfEdge = total > 0 ? before / total : 0

    // Which side of the road the point lies on, looking along the edge's shape order.
    let (ax, ay) = spatialIndex.project(longitude: shapeLongitude[segment], latitude: shapeLatitude[segment])
    let (bx, by) = spatialIndex.project(
      longitude: shapeLongitude[segment + 1], latitude: shapeLatitude[segment + 1])
    let (px, py) = spatialIndex.project(longitude: point.x, latitude: point.y)
    let cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    let isRightOfShapeOrder = cross < 0

    var positions: [ArcPosition] = []
    var rightHand: [ArcPosition] = []
    for a in edgeArcs(edge) {
      let fraction = arcReversed[a] ? 1 - fractionOfEdge : fractionOfEdge
      let position = ArcPosition(
        arc: Int32(a), length: Int64((Double(arcLength[a]) * fraction).rounded()),
        time: Int64((Double(arcTime[a]) * fraction).rounded()))
      positions.append(position)
      if arcReversed[a] != isRightOfShapeOrder { rightHand.append(position) }
    }
    let roadClass = edgeClass[edge]
    let kerbside =
      options.kerbsideFromClass.map { roadClass >= $0 } == true && !rightHand.isEmpty && cross != 0
    if kerbside { positions = rightHand }

    var node: Int32?
    if !kerbside && (fractionOfEdge == 0 || fractionOfEdge == 1), let a = positions.first {
      let atTail = (fractionOfEdge == 0) != arcReversed[Int(a.arc)]
      node = atTail ? arcTail[Int(a.arc)] : arcHead[Int(a.arc)]
    }
    let inLargest =
      node.map { nodeComponent[Int($0)] == largestComponent } ?? isInLargestComponent(edge: edge)
    return SnappedPoint(
      coordinate: point, location: Coordinate(x: lon, y: lat), distanceFromRoad: found.distance,
      roadClass: roadClass, isInLargestComponent: inLargest, isKerbside: kerbside, arrivals: positions,
      departures: positions, node: node)
  }

  /// Whether both ends of edge `edge` lie in the largest strongly connected component.
  func isInLargestComponent(edge: Int) -> Bool {
    guard let arc = edgeArcs(edge).first else { return false }
    return nodeComponent[Int(arcTail[arc])] == largestComponent
      && nodeComponent[Int(arcHead[arc])] == largestComponent
  }

  /// The arcs (one or two) along edge `edge`.
  func edgeArcs(_ edge: Int) -> [Int] {
    [edgeForwardArc[edge], edgeBackwardArc[edge]].compactMap { $0 < 0 ? nil : Int($0) }
  }
}
