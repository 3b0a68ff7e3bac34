import Foundation

/// Writes a ``PlanMap`` as an RFC 7946 GeoJSON `FeatureCollection` for QGIS, geojson.io and other GIS
/// tools.
///
/// The collection holds, in this order:
/// - a `LineString` per trip, with properties `layer: "trip"`, `truck`, `trip`, `start`/`end` (`HH:MM`)
///   with `start_s`/`end_s` (seconds after midnight), `load`, `distance_m`;
/// - a `Point` per stop: `layer: "stop"`, `kind` (`bin`, `disposal`, `depot`, `break`), `id`, `truck`,
///   `trip`, `arrival`/`arrival_s`, `load_after`;
/// - a `Point` per depot (`layer: "depot"`) and disposal site (`layer: "disposal_site"`) with its `name`;
/// - when ``includesRoads`` is set, a `LineString` per road (`layer: "road"`).
///
/// Properties that the map leaves `nil` are omitted. Trips and stops also carry the
/// [simplestyle](https://github.com/mapbox/simplestyle-spec) keys `stroke` or `marker-color` with the
/// truck's colour on the SVG map, which geojson.io uses. Positions are `[longitude, latitude]` rounded to
/// 6 decimals (about 0.1 m); there is no `crs` member (RFC 7946 fixes WGS 84). The title and subtitle
/// are foreign members of the collection. A trip with a single position becomes a `Point` and one with
/// none has a `null` geometry; non-finite positions are dropped. Keys are written in a fixed order, so the
/// same map always gives the same bytes.
public struct GeoJSONMapWriter: Sendable, Hashable {
  /// Whether the road polylines are written too (off by default: they are context, and large).
  public var includesRoads: Bool
  /// Whether to indent the output with one feature per line (otherwise a single line).
  public var isPretty: Bool

  /// Creates a writer.
  ///
  /// - Parameters:
  ///   - includesRoads: Whether to write the roads as features.
  ///   - isPretty: Whether to put each feature on a line of its own.
  public init(includesRoads: Bool = false, isPretty: Bool = true) {
    self.includesRoads = includesRoads
    self.isPretty = isPretty
  }

  /// The GeoJSON text of `map`.
  public func string(for map: PlanMap) -> String {
    var features: [String] = []
    let trucks = map.trucks
    var styleOfTruck: [String: TruckStyle] = [:]
    for (index, truck) in trucks.enumerated() { styleOfTruck[truck] = TruckStyle(index: index) }

    for trip in map.trips {
      var properties: [(String, String)] = [
        ("layer", MapText.json("trip")), ("truck", MapText.json(trip.truck)), ("trip", "\(trip.number)"),
      ]
      properties += timeProperties("start", trip.start) + timeProperties("end", trip.end)
      if let load = trip.load, load.isFinite { properties.append(("load", MapText.decimal(load, digits: 3))) }
      if let distance = trip.distance, distance.isFinite {
        properties.append(("distance_m", MapText.decimal(distance, digits: 1)))
      }
      if let style = styleOfTruck[trip.truck] { properties.append(("stroke", MapText.json(style.colour))) }
      features.append(feature(geometry: lineGeometry(trip.path), properties: properties))
    }
    for stop in map.stops {
      var properties: [(String, String)] = [
        ("layer", MapText.json("stop")), ("kind", MapText.json(stop.kind.rawValue)), ("id", MapText.json(stop.id)),
      ]
      if let truck = stop.truck { properties.append(("truck", MapText.json(truck))) }
      if let trip = stop.trip { properties.append(("trip", "\(trip)")) }
      properties += timeProperties("arrival", stop.arrival)
      if let load = stop.loadAfter, load.isFinite {
        properties.append(("load_after", MapText.decimal(load, digits: 3)))
      }
      if let truck = stop.truck, let style = styleOfTruck[truck] {
        properties.append(("marker-color", MapText.json(style.colour)))
      }
      features.append(feature(geometry: pointGeometry(stop.coordinate), properties: properties))
    }
    for (layer, sites) in [("depot", map.depots), ("disposal_site", map.disposalSites)] {
      for site in sites {
        features.append(
          feature(
            geometry: pointGeometry(site.coordinate),
            properties: [("layer", MapText.json(layer)), ("name", MapText.json(site.name))]))
      }
    }
    if includesRoads {
      for road in map.roads {
        features.append(feature(geometry: lineGeometry(road), properties: [("layer", MapText.json("road"))]))
      }
    }

    var head = "{\"type\":\"FeatureCollection\",\"title\":\(MapText.json(map.title))"
    if let subtitle = map.subtitle { head += ",\"subtitle\":\(MapText.json(subtitle))" }
    if let box = boundingBox(map) { head += ",\"bbox\":[\(box.joined(separator: ","))]" }
    head += ",\"features\":["
    if features.isEmpty { return head + "]}" + (isPretty ? "\n" : "") }
    if isPretty {
      return head + "\n" + features.joined(separator: ",\n") + "\n]}\n"
    }
    return head + features.joined(separator: ",") + "]}"
  }

  /// The GeoJSON of `map` as UTF-8 bytes.
  public func data(for map: PlanMap) -> Data { Data(string(for: map).utf8) }

  /// Writes the GeoJSON of `map` to `path` atomically (see ``writeAtomically(_:toPath:)``).
  ///
  /// - Throws: ``FileWriteError`` when the file cannot be written.
  public func write(_ map: PlanMap, toPath path: String) throws(FileWriteError) {
    try writeAtomically(string(for: map), toPath: path)
  }

  // MARK: Pieces

  private func feature(geometry: String, properties: [(String, String)]) -> String {
    let members = properties.map { "\(MapText.json($0.0)):\($0.1)" }.joined(separator: ",")
    return "{\"type\":\"Feature\",\"geometry\":\(geometry),\"properties\":{\(members)}}"
  }

  private func timeProperties(_ name: String, _ seconds: Int?) -> [(String, String)] {
    guard let seconds else { return [] }
    return [(name, MapText.json(MapText.clock(seconds))), (name + "_s", "\(seconds)")]
  }

  private func position(_ point: Coordinate) -> String {
    "[\(MapText.decimal(point.x, digits: 6)),\(MapText.decimal(point.y, digits: 6))]"
  }

  private func pointGeometry(_ point: Coordinate) -> String {
    guard point.x.isFinite, point.y.isFinite else { return "null" }
    return "{\"type\":\"Point\",\"coordinates\":\(position(point))}"
  }

  private func lineGeometry(_ points: [Coordinate]) -> String {
    let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
    switch finite.count {
    case 0: return "null"
    case 1: return pointGeometry(finite[0])
    default:
      return "{\"type\":\"LineString\",\"coordinates\":[\(finite.map(position).joined(separator: ","))]}"
    }
  }

  /// `[west, south, east, north]` of everything written, or `nil` when nothing has a position.
  private func boundingBox(_ map: PlanMap) -> [String]? {
    let points = (map.planCoordinates + (includesRoads ? map.roads.flatMap { $0 } : []))
      .filter { $0.x.isFinite && $0.y.isFinite }
    guard let west = points.map(\.x).min(), let east = points.map(\.x).max(),
      let south = points.map(\.y).min(), let north = points.map(\.y).max()
    else { return nil }
    return [west, south, east, north].map { MapText.decimal($0, digits: 6) }
  }
}
