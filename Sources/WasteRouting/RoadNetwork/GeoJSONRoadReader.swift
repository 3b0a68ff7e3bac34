import Foundation

/// Reads roads from GeoJSON: `LineString` and `MultiLineString` features whose properties are OSM tags.
///
/// GeoJSON exports (such as `osmium export`) carry no node ids, so lines are joined where they share an
/// identical coordinate; each distinct coordinate becomes one node.
struct GeoJSONRoadReader {
  /// The file name used in error messages.
  var fileName: String

  private struct CoordinateKey: Hashable {
    var longitude: UInt64
    var latitude: UInt64
  }

  /// Decodes a whole document.
  func read(_ data: [UInt8]) throws(RoadNetworkError) -> OSMExtract {
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: Data(data))
    } catch {
      throw .malformedFeature(
        file: fileName, feature: -1, reason: "invalid JSON: \(error.localizedDescription)")
    }
    guard let collection = root as? [String: Any], let features = collection["features"] as? [Any] else {
      throw .malformedFeature(file: fileName, feature: -1, reason: "not a FeatureCollection")
    }
    var extract = OSMExtract()
    var nodeOfCoordinate: [CoordinateKey: Int64] = [:]
    // Barrier points sit on a road's vertex; they are matched once every line is read.
    var barriers: [CoordinateKey] = []
    for (index, element) in features.enumerated() {
      guard let feature = element as? [String: Any] else {
        throw .malformedFeature(file: fileName, feature: index, reason: "not an object")
      }
      guard let properties = feature["properties"] as? [String: Any],
        let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String
      else { continue }
      if type == "Point", properties["barrier"] is String {
        if let pair = geometry["coordinates"] as? [Any], pair.count >= 2,
          let longitude = (pair[0] as? NSNumber)?.doubleValue,
          let latitude = (pair[1] as? NSNumber)?.doubleValue,
          BarrierRules.blocksTrucks(properties.compactMapValues { $0 as? String })
        {
          barriers.append(CoordinateKey(longitude: longitude.bitPattern, latitude: latitude.bitPattern))
        }
        continue
      }
      guard properties["highway"] is String else { continue }
      let lines: [Any]
      switch type {
      case "LineString": lines = [geometry["coordinates"] as Any]
      case "MultiLineString":
        guard let parts = geometry["coordinates"] as? [Any] else {
          throw .malformedFeature(
            file: fileName, feature: index, reason: "MultiLineString without coordinates")
        }
        lines = parts
      default: continue
      }
      var tags: [String: String] = [:]
      for (key, value) in properties {
        if let text = value as? String {
          tags[key] = text
        } else if let number = value as? NSNumber {
          tags[key] = number.stringValue
        }
      }
      for (part, line) in lines.enumerated() {
        guard let points = line as? [Any] else {
          throw .malformedFeature(file: fileName, feature: index, reason: "line without coordinates")
        }
        var refs: [Int64] = []
        for point in points {
          guard let pair = point as? [Any], pair.count >= 2,
            let longitude = (pair[0] as? NSNumber)?.doubleValue,
            let latitude = (pair[1] as? NSNumber)?.doubleValue,
            OSMExtract.isPosition(longitude: longitude, latitude: latitude)
          else {
            throw .malformedFeature(file: fileName, feature: index, reason: "invalid position \(point)")
          }
          let key = CoordinateKey(longitude: longitude.bitPattern, latitude: latitude.bitPattern)
          if let id = nodeOfCoordinate[key] {
            refs.append(id)
          } else {
            let id = Int64(extract.nodeIDs.count + 1)
            nodeOfCoordinate[key] = id
            extract.appendNode(id: id, longitude: longitude, latitude: latitude)
            refs.append(id)
          }
        }
        let wayID = Int64(index) * 1_000 + Int64(part)
        extract.ways.append(OSMWay(id: wayID, nodeRefs: refs, tags: tags))
      }
    }
    for barrier in barriers {
      if let node = nodeOfCoordinate[barrier] { extract.blockingBarriers.insert(node) }
    }
    return extract
  }
}
