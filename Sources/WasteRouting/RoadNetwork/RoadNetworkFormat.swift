import Foundation

/// The input formats ``RoadNetwork/load(path:profile:)-3wlw4`` reads.
public enum RoadNetworkFormat: String, Sendable, Hashable, CaseIterable {
  /// OpenStreetMap PBF (`.osm.pbf`, `.pbf`).
  case osmPBF
  /// OpenStreetMap XML (`.osm`, `.xml`, optionally gzip-compressed).
  case osmXML
  /// GeoJSON with LineString features carrying OSM tags (`.geojson`, `.json`).
  case geoJSON
  /// A CSV links table (`…links.csv`, optionally `.gz`) next to its nodes table (`…nodes.csv`).
  case csv

  /// The format a file name suggests, or `nil`.
  public init?(path: String) {
    let name = path.lowercased().replacingOccurrences(of: ".gz", with: "")
    if name.hasSuffix(".pbf") {
      self = .osmPBF
    } else if name.hasSuffix(".osm") || name.hasSuffix(".xml") {
      self = .osmXML
    } else if name.hasSuffix(".geojson") || name.hasSuffix(".json") {
      self = .geoJSON
    } else if name.hasSuffix(".csv") {
      self = .csv
    } else {
      return nil
    }
  }
}
