import Foundation

/// A uniform grid over the road segments (consecutive shape points of an edge), for nearest-segment
/// queries without scanning every road.
///
/// Positions are projected to local metres (equirectangular around the network's centre latitude),
/// which is accurate to well under 1 % across a city.
struct SpatialIndex: Sendable {
  /// Metres per degree of latitude.
  static let metresPerDegree = 6_371_008.8 * Double.pi / 180

  let originLongitude: Double
  let originLatitude: Double
  let longitudeScale: Double
  let cellSize: Double
  let columns: Int
  let rows: Int
  /// Segments in cell `c`: `cellSegments[cellStart[c]..<cellStart[c + 1]]`, each the index of the segment's
  /// first shape point (the segment runs to the next point of the same edge).
  let cellStart: [Int32]
  let cellSegments: [Int32]
  /// The edge of each shape point's segment, or -1 for an edge's last point.
  let segmentEdge: [Int32]

  init(edgeShapeStart: [Int32], longitude: [Double], latitude: [Double]) {
    let minLon = longitude.min() ?? 0
    let minLat = latitude.min() ?? 0
    let maxLon = longitude.max() ?? 0
    let maxLat = latitude.max() ?? 0
    originLongitude = minLon
    originLatitude = minLat
    longitudeScale = cos((minLat + maxLat) / 2 * Double.pi / 180) * Self.metresPerDegree
    let width = max(1, (maxLon - minLon) * longitudeScale)
    let height = max(1, (maxLat - minLat) * Self.metresPerDegree)
    var size = 100.0
    while (width / size) * (height / size) > 4_000_000 { size *= 2 }
    cellSize = size
    columns = Int(width / size) + 1
    rows = Int(height / size) + 1

    var segmentEdge = [Int32](repeating: -1, count: longitude.count)
    for edge in 0..<(edgeShapeStart.count - 1) {
      for point in Int(edgeShapeStart[edge])..<(Int(edgeShapeStart[edge + 1]) - 1) {
        segmentEdge[point] = Int32(edge)
      }
    }
    self.segmentEdge = segmentEdge

    let cellCount = columns * rows
    var counts = [Int32](repeating: 0, count: cellCount + 1)
    var pairs: [(cell: Int32, segment: Int32)] = []
    pairs.reserveCapacity(longitude.count * 2)
    let originLon = minLon
    let originLat = minLat
    let scale = longitudeScale
    let columnCount = columns
    let rowCount = rows
    for point in 0..<longitude.count where segmentEdge[point] >= 0 {
      let x1 = (longitude[point] - originLon) * scale
      let y1 = (latitude[point] - originLat) * Self.metresPerDegree
      let x2 = (longitude[point + 1] - originLon) * scale
      let y2 = (latitude[point + 1] - originLat) * Self.metresPerDegree
      let c0 = max(0, min(columnCount - 1, Int(min(x1, x2) / size)))
      let c1 = max(0, min(columnCount - 1, Int(max(x1, x2) / size)))
      let r0 = max(0, min(rowCount - 1, Int(min(y1, y2) / size)))
      let r1 = max(0, min(rowCount - 1, Int(max(y1, y2) / size)))
      for r in r0...r1 {
        for c in c0...c1 {
          let cell = r * columnCount + c
          pairs.append((Int32(cell), Int32(point)))
          counts[cell + 1] += 1
        }
      }
    }
    for c in 0..<cellCount { counts[c + 1] += counts[c] }
    var fill = counts
    var segments = [Int32](repeating: 0, count: pairs.count)
    for pair in pairs {
      segments[Int(fill[Int(pair.cell)])] = pair.segment
      fill[Int(pair.cell)] += 1
    }
    cellStart = counts
    cellSegments = segments
  }

  /// Local metres of a position.
  func project(longitude: Double, latitude: Double) -> (x: Double, y: Double) {
    ((longitude - originLongitude) * longitudeScale, (latitude - originLatitude) * Self.metresPerDegree)
  }

  /// The nearest segment to a position among those `accept` allows: the index of its first shape point,
  /// the fraction along it (0...1) and the distance in metres; `nil` if none lies within `maximumDistance`.
  ///
  /// - Complexity: O(segments in the cells within the answer's distance).
  func nearest(
    longitude: Double, latitude: Double, longitudes: [Double], latitudes: [Double],
    maximumDistance: Double, accept: (Int) -> Bool
  ) -> (segment: Int, fraction: Double, distance: Double)? {
    let (px, py) = project(longitude: longitude, latitude: latitude)
    // A position that is not a finite number lies on no road; one far off the grid is clamped to a cell
    // a billion cells away, which no ring reaches.
    guard px.isFinite, py.isFinite, !maximumDistance.isNaN else { return nil }
    let column = Int(min(max((px / cellSize).rounded(.down), -1e9), 1e9))
    let row = Int(min(max((py / cellSize).rounded(.down), -1e9), 1e9))
    var best: (segment: Int, fraction: Double, distance: Double)?
    func visit(_ cell: Int) {
      for k in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
        let segment = Int(cellSegments[k])
        guard accept(segment) else { continue }
        let (ax, ay) = project(longitude: longitudes[segment], latitude: latitudes[segment])
        let (bx, by) = project(longitude: longitudes[segment + 1], latitude: latitudes[segment + 1])
        let dx = bx - ax
        let dy = by - ay
        let lengthSquared = dx * dx + dy * dy
        var t = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0
        t = min(1, max(0, t))
        let qx = ax + t * dx - px
        let qy = ay + t * dy - py
        let distance = (qx * qx + qy * qy).squareRoot()
        let isBetter =
          best.map { distance < $0.distance || (distance == $0.distance && segment < $0.segment) } ?? true
        if isBetter { best = (segment, t, distance) }
      }
    }
    // Rings of cells around the point's cell, from the first one that overlaps the grid to the last one
    // within reach or overlapping the grid.
    let firstRing = max(0, -column, column - (columns - 1), -row, row - (rows - 1))
    let coveringRing = max(abs(column), abs(row), abs(columns - 1 - column), abs(rows - 1 - row))
    let maxRing = min(Int(min(maximumDistance / cellSize, 1e9)) + 1, coveringRing)
    var ring = firstRing
    while ring <= maxRing {
      // Every cell of ring r lies at least r - 1 cells away, so once the best distance is within that,
      // no later ring can beat it.
      if let best, best.distance <= Double(ring - 1) * cellSize { break }
      let lowRow = max(0, row - ring)
      let highRow = min(rows - 1, row + ring)
      let lowColumn = max(0, column - ring)
      let highColumn = min(columns - 1, column + ring)
      if lowRow <= highRow && lowColumn <= highColumn {
        for r in lowRow...highRow {
          if r == row - ring || r == row + ring {
            for c in lowColumn...highColumn { visit(r * columns + c) }
          } else {
            if column - ring >= 0 && column - ring < columns { visit(r * columns + column - ring) }
            if ring > 0 && column + ring >= 0 && column + ring < columns {
              visit(r * columns + column + ring)
            }
          }
        }
      }
      ring += 1
    }
    guard let best, best.distance <= maximumDistance else { return nil }
    return best
  }
}
