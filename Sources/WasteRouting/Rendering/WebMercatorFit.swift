import Foundation

/// A Web Mercator (EPSG:3857) projection scaled and shifted so that a set of positions fills a frame on
/// screen, north up, with the same scale across and down.
struct WebMercatorFit {
  /// The frame on screen, in pixels from the top left.
  struct Frame: Hashable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
  }

  /// The Earth radius of Web Mercator, in metres.
  static let radius = 6_378_137.0
  /// The latitude where Web Mercator's square world ends.
  static let latitudeLimit = 85.051_128_78

  /// Pixels per projected metre.
  let scale: Double
  /// The projected centre of the fitted positions, drawn at the frame's centre.
  let centre: (x: Double, y: Double)
  /// The frame's centre on screen.
  let screenCentre: (x: Double, y: Double)
  /// The latitude of the fitted positions' centre, where the scale bar is true.
  let centreLatitude: Double

  /// Fits `points` (non-finite ones ignored) into `frame` less `padding` on every side.
  ///
  /// A box smaller than `minimumSpan` ground metres (a single point, or none) is widened to that span so the
  /// scale stays finite. With no points the map centres on 0°, 0°.
  init(points: [Coordinate], frame: Frame, padding: Double, minimumSpan: Double = 500) {
    let projected = points.filter { $0.x.isFinite && $0.y.isFinite }.map(Self.project)
    let xs = projected.map(\.x)
    let ys = projected.map(\.y)
    let (minX, maxX) = (xs.min() ?? 0, xs.max() ?? 0)
    let (minY, maxY) = (ys.min() ?? 0, ys.max() ?? 0)
    centre = ((minX + maxX) / 2, (minY + maxY) / 2)
    centreLatitude = Self.latitude(ofProjectedY: centre.y)
    // A ground metre is 1 / cos(latitude) projected metres.
    let minimum = minimumSpan / max(0.01, cos(centreLatitude * .pi / 180))
    let width = max(1, frame.width - 2 * padding)
    let height = max(1, frame.height - 2 * padding)
    scale = min(width / max(maxX - minX, minimum), height / max(maxY - minY, minimum))
    screenCentre = (frame.x + frame.width / 2, frame.y + frame.height / 2)
  }

  /// The Web Mercator position of `point` in metres, latitude clamped to the projection's limit.
  static func project(_ point: Coordinate) -> (x: Double, y: Double) {
    let latitude = min(latitudeLimit, max(-latitudeLimit, point.y)) * .pi / 180
    return (radius * point.x * .pi / 180, radius * log(tan(.pi / 4 + latitude / 2)))
  }

  /// The latitude in degrees of projected northing `y`.
  static func latitude(ofProjectedY y: Double) -> Double {
    (2 * atan(exp(y / radius)) - .pi / 2) * 180 / .pi
  }

  /// Where `point` is drawn, in pixels (y grows downwards).
  func screen(_ point: Coordinate) -> (x: Double, y: Double) {
    let p = Self.project(point)
    return (screenCentre.x + (p.x - centre.x) * scale, screenCentre.y - (p.y - centre.y) * scale)
  }

  /// Pixels per ground metre at the centre latitude.
  var pixelsPerMetre: Double { scale / max(0.01, cos(centreLatitude * .pi / 180)) }
}
