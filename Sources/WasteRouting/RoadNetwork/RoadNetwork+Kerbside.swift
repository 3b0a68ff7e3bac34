#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A place along a road, for placing bins.
public struct KerbsidePoint: Sendable, Hashable {
  /// The position on the road's centre line.
  public var coordinate: Coordinate
  /// The class of the road.
  public var roadClass: RoadClass
  /// The OSM way of the road.
  public var wayID: Int64

  /// Creates a point.
  public init(coordinate: Coordinate, roadClass: RoadClass, wayID: Int64) {
    self.coordinate = coordinate
    self.roadClass = roadClass
    self.wayID = wayID
  }
}

extension RoadNetwork {
  /// Points every `spacingMetres` along the road pieces of the given classes that lie in the largest
  /// strongly connected component, in a stable order (by road piece, then along its shape), starting
  /// half a spacing from each piece's start. Used to place household bins along a city's streets, for
  /// synthetic scenarios.
  ///
  /// - Parameters:
  ///   - classes: The road classes to walk.
  ///   - spacingMetres: The distance between consecutive points along a piece; more than 0.
  /// - Returns: The points; empty when `spacingMetres` is not positive and finite.
  /// - Complexity: O(shape points of the network + points returned).
  public func points(alongRoadsOf classes: Set<RoadClass>, everyMetres spacingMetres: Double) -> [KerbsidePoint] {
    guard spacingMetres > 0, spacingMetres.isFinite else { return [] }
    var points: [KerbsidePoint] = []
    for edge in 0..<edgeCount where classes.contains(edgeClass[edge]) {
      let arc = edgeForwardArc[edge] >= 0 ? Int(edgeForwardArc[edge]) : Int(edgeBackwardArc[edge])
      guard arc >= 0, nodeComponent[Int(arcTail[arc])] == largestComponent,
        nodeComponent[Int(arcHead[arc])] == largestComponent
      else { continue }
      let shape = Int(edgeShapeStart[edge])..<Int(edgeShapeStart[edge + 1])
      var next = spacingMetres / 2
      var walked = 0.0
      for k in shape.dropLast() {
        let (lon1, lat1) = (shapeLongitude[k], shapeLatitude[k])
        let (lon2, lat2) = (shapeLongitude[k + 1], shapeLatitude[k + 1])
        let length = Self.metres(lon1, lat1, lon2, lat2)
        while length > 0 && next <= walked + length {
          let t = (next - walked) / length
          points.append(
            KerbsidePoint(
              coordinate: Coordinate(x: lon1 + t * (lon2 - lon1), y: lat1 + t * (lat2 - lat1)),
              roadClass: edgeClass[edge], wayID: edgeWay[edge]))
          next += spacingMetres
        }
        walked += length
      }
    }
    return points
  }

  /// The total length in metres of the road pieces of the given classes in the largest strongly
  /// connected component.
  public func length(ofRoadsOf classes: Set<RoadClass>) -> Double {
    var total = 0.0
    for edge in 0..<edgeCount where classes.contains(edgeClass[edge]) {
      let arc = edgeForwardArc[edge] >= 0 ? Int(edgeForwardArc[edge]) : Int(edgeBackwardArc[edge])
      guard arc >= 0, nodeComponent[Int(arcTail[arc])] == largestComponent else { continue }
      let shape = Int(edgeShapeStart[edge])..<Int(edgeShapeStart[edge + 1])
      for k in shape.dropLast() {
        total += Self.metres(shapeLongitude[k], shapeLatitude[k], shapeLongitude[k + 1], shapeLatitude[k + 1])
      }
    }
    return total
  }
}
