/// Why a road network could not be read or built.
///
/// Every case names the file, and where it helps the block (PBF), feature (GeoJSON) or line (XML, CSV),
/// so that a corrupt or truncated download can be found and fetched again.
public enum RoadNetworkError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be opened or read.
  case unreadable(file: String, reason: String)
  /// The file's extension or first bytes match no supported format.
  case unsupportedFormat(file: String)
  /// A PBF file ends inside a block (block numbers start at 1).
  case truncated(file: String, block: Int)
  /// A PBF block is malformed: bad protobuf, impossible sizes, or failed decompression.
  case corruptBlock(file: String, block: Int, reason: String)
  /// A PBF block needs a feature this reader does not implement (for example LZMA compression).
  case unsupportedFeature(file: String, block: Int, feature: String)
  /// A text file (OSM XML, CSV) is malformed at a line (lines start at 1).
  case malformedLine(file: String, line: Int, reason: String)
  /// A GeoJSON file is malformed; `feature` is the 0-based feature index, or -1 for the whole document.
  case malformedFeature(file: String, feature: Int, reason: String)
  /// The file holds no road a truck with the given profile may use.
  case noDrivableRoads(file: String)

  /// A one-line message for people.
  public var description: String {
    switch self {
    case .unreadable(let file, let reason): "\(file): cannot read: \(reason)"
    case .unsupportedFormat(let file):
      "\(file): unsupported format (expected .osm.pbf, .osm, .geojson, or a CSV nodes/links pair)"
    case .truncated(let file, let block): "\(file): truncated in block \(block)"
    case .corruptBlock(let file, let block, let reason): "\(file): corrupt block \(block): \(reason)"
    case .unsupportedFeature(let file, let block, let feature):
      "\(file): block \(block) needs unsupported feature \(feature)"
    case .malformedLine(let file, let line, let reason): "\(file):\(line): \(reason)"
    case .malformedFeature(let file, let feature, let reason):
      feature < 0 ? "\(file): \(reason)" : "\(file): feature \(feature): \(reason)"
    case .noDrivableRoads(let file): "\(file): no road a truck may use"
    }
  }
}
