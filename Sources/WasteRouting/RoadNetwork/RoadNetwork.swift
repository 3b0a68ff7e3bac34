import Foundation

/// A directed road graph for one truck profile, in compressed sparse row form.
///
/// Nodes are junctions and road ends; each road piece between two of them is an *edge* with its shape
/// (the OSM nodes along it). A truck drives an edge as one or two *arcs*: one for each direction it may
/// use, so one-way streets and roundabouts have one arc. Arcs leaving node `v` are
/// `arcStart[v]..<arcStart[v + 1]`. Lengths are in millimetres and travel times in milliseconds, so all
/// path sums are exact integers.
///
/// The network is an immutable value; searches on it run concurrently without locks.
///
/// ```swift
/// let network = try RoadNetwork.load(path: "heidelberg.osm.pbf")
/// let stops = network.snap([Coordinate(x: 8.69, y: 49.41), Coordinate(x: 8.70, y: 49.40)])
/// let matrices = await network.travelMatrices(between: stops, turns: .standard)
/// ```
public struct RoadNetwork: Sendable {
  /// The truck profile the graph was built for.
  public let profile: TruckProfile

  // MARK: Nodes
  let nodeLongitude: [Double]
  let nodeLatitude: [Double]
  let nodeOSMID: [Int64]

  // MARK: Edges (road pieces with shape)
  /// Shape of edge `e`: points `edgeShapeStart[e]..<edgeShapeStart[e + 1]`, both junctions included.
  let edgeShapeStart: [Int32]
  let shapeLongitude: [Double]
  let shapeLatitude: [Double]
  let shapeOSMID: [Int64]
  let edgeClass: [RoadClass]
  let edgeWay: [Int64]
  /// The arc driving edge `e` in shape order, or -1.
  let edgeForwardArc: [Int32]
  /// The arc driving edge `e` against shape order, or -1.
  let edgeBackwardArc: [Int32]

  // MARK: Arcs (CSR by tail)
  let arcStart: [Int32]
  let arcTail: [Int32]
  let arcHead: [Int32]
  /// The edge an arc drives along.
  let arcEdge: [Int32]
  /// Whether the arc drives its edge against the edge's shape order.
  let arcReversed: [Bool]
  /// Length in millimetres.
  let arcLength: [Int32]
  /// Travel time in milliseconds.
  var arcTime: [Int32]
  /// The arc along the same edge in the other direction, or -1.
  let arcTwin: [Int32]
  /// Arcs entering node `v`: `inArcs[inArcStart[v]..<inArcStart[v + 1]]`.
  let inArcStart: [Int32]
  let inArcs: [Int32]

  // MARK: Turns
  /// Banned turns from arc `a`: `bannedTurnTarget[bannedTurnStart[a]..<bannedTurnStart[a + 1]]`.
  let bannedTurnStart: [Int32]
  let bannedTurnTarget: [Int32]

  // MARK: Components and index
  /// The strongly connected component of each node; the largest one is `largestComponent`.
  let nodeComponent: [Int32]
  let largestComponent: Int32
  let componentCount: Int
  let spatialIndex: SpatialIndex

  /// Statistics from the import, for reports.
  public let importSummary: ImportSummary

  /// The number of nodes (junctions and road ends).
  public var nodeCount: Int { nodeLongitude.count }
  /// The number of directed arcs.
  public var arcCount: Int { arcHead.count }
  /// The number of road pieces between junctions (each one or two arcs).
  public var edgeCount: Int { edgeClass.count }
  /// The number of strongly connected components of the node graph.
  public var stronglyConnectedComponentCount: Int { componentCount }
  /// The number of nodes in the largest strongly connected component.
  public var largestComponentNodeCount: Int { nodeComponent.lazy.filter { $0 == largestComponent }.count }

  /// The smallest box holding every node and shape point: (min lon, min lat, max lon, max lat).
  public var boundingBox: (minimum: Coordinate, maximum: Coordinate) {
    guard let minLon = shapeLongitude.min(), let maxLon = shapeLongitude.max(),
      let minLat = shapeLatitude.min(), let maxLat = shapeLatitude.max()
    else { return (Coordinate(x: 0, y: 0), Coordinate(x: 0, y: 0)) }
    return (Coordinate(x: minLon, y: minLat), Coordinate(x: maxLon, y: maxLat))
  }

  /// The position of node `node`.
  public func coordinate(ofNode node: Int) -> Coordinate {
    Coordinate(x: nodeLongitude[node], y: nodeLatitude[node])
  }

  @inline(__always)
  func arcs(from node: Int) -> Range<Int> { Int(arcStart[node])..<Int(arcStart[node + 1]) }

  /// Shape point indices of arc `arc` in driving order.
  func shapeIndices(ofArc arc: Int) -> [Int] {
    let edge = Int(arcEdge[arc])
    let range = Int(edgeShapeStart[edge])..<Int(edgeShapeStart[edge + 1])
    return arcReversed[arc] ? range.reversed() : Array(range)
  }

  /// Whether the turn from arc `from` into arc `to` (leaving `from`'s head) is banned by a restriction.
  @inline(__always)
  func isBanned(from: Int, to: Int) -> Bool {
    var i = Int(bannedTurnStart[from])
    let end = Int(bannedTurnStart[from + 1])
    while i < end {
      if Int(bannedTurnTarget[i]) == to { return true }
      i &+= 1
    }
    return false
  }

  /// The great-circle distance in metres between two positions (haversine, mean Earth radius).
  static func metres(_ lon1: Double, _ lat1: Double, _ lon2: Double, _ lat2: Double) -> Double {
    let radians = Double.pi / 180
    let dLat = (lat2 - lat1) * radians
    let dLon = (lon2 - lon1) * radians
    let a =
      sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2)
      * sin(dLon / 2)
    return 2 * 6_371_008.8 * asin(min(1, a.squareRoot()))
  }
}
