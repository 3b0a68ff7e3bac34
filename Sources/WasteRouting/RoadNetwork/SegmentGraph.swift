/// The network at full resolution: every OSM node on a usable road is a vertex and every piece of road
/// between consecutive nodes is an arc, with the lengths and times the network uses.
///
/// Meant for export and comparison with other tools (for example `scipy.sparse.csgraph`), not for
/// routing: ``RoadNetwork`` routes on junctions only, which gives the same shortest paths on a graph
/// several times smaller.
public struct SegmentGraph: Sendable, Hashable {
  /// Vertex longitudes in degrees. Vertices `0..<RoadNetwork.nodeCount` are the network's nodes.
  public var longitudes: [Double]
  /// Vertex latitudes in degrees.
  public var latitudes: [Double]
  /// The OSM node id of each vertex (synthetic for GeoJSON and CSV shape points).
  public var osmIDs: [Int64]
  /// Arc tails (vertex indices).
  public var tails: [Int32]
  /// Arc heads (vertex indices).
  public var heads: [Int32]
  /// Arc lengths in metres.
  public var lengths: [Double]
  /// Arc travel times in seconds.
  public var times: [Double]
}

extension RoadNetwork {
  /// The full-resolution graph behind this network (see ``SegmentGraph``).
  ///
  /// - Complexity: O(shape points + arcs).
  public func segmentGraph() -> SegmentGraph {
    var vertexOfShape = [Int32](repeating: -1, count: shapeLongitude.count)
    var graph = SegmentGraph(
      longitudes: nodeLongitude, latitudes: nodeLatitude, osmIDs: nodeOSMID, tails: [], heads: [],
      lengths: [],
      times: [])
    for edge in 0..<edgeCount {
      let first = Int(edgeShapeStart[edge])
      let last = Int(edgeShapeStart[edge + 1]) - 1
      let arcs = edgeArcs(edge)
      guard let anyArc = arcs.first else { continue }
      vertexOfShape[first] = arcReversed[anyArc] ? arcHead[anyArc] : arcTail[anyArc]
      vertexOfShape[last] = arcReversed[anyArc] ? arcTail[anyArc] : arcHead[anyArc]
      for point in (first + 1)..<max(first + 1, last) {
        vertexOfShape[point] = Int32(graph.longitudes.count)
        graph.longitudes.append(shapeLongitude[point])
        graph.latitudes.append(shapeLatitude[point])
        graph.osmIDs.append(shapeOSMID[point])
      }
      var total = 0.0
      var pieces: [Double] = []
      for point in first..<last {
        let piece = Self.metres(
          shapeLongitude[point], shapeLatitude[point], shapeLongitude[point + 1], shapeLatitude[point + 1])
        pieces.append(piece)
        total += piece
      }
      for arc in arcs {
        let secondsPerMetre = total > 0 ? Double(arcTime[arc]) / 1000 / total : 0
        for (k, point) in (first..<last).enumerated() {
          let (a, b) = (vertexOfShape[point], vertexOfShape[point + 1])
          graph.tails.append(arcReversed[arc] ? b : a)
          graph.heads.append(arcReversed[arc] ? a : b)
          graph.lengths.append(pieces[k])
          graph.times.append(pieces[k] * secondsPerMetre)
        }
      }
    }
    return graph
  }
}
