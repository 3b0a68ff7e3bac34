/// Reads a road network from two CSV tables: nodes (`node_id, lon, lat, …`) and links
/// (`link_id, a_node, b_node, direction, …, link_type, modes, …, geometry_lonlat`), as AequilibraE writes.
///
/// `direction` is 1 for a→b only, -1 for b→a only and 0 for both ways; `link_type` is read as the OSM
/// `highway` class; links whose `modes` lack `c` (car) are skipped when a `modes` column exists.
/// `geometry_lonlat`, when present, is `lon lat;lon lat;…` from a to b.
struct CSVRoadReader {
  /// The nodes file name, for error messages.
  var nodesFileName: String
  /// The links file name, for error messages.
  var linksFileName: String

  /// Decodes both tables.
  func read(nodes: [UInt8], links: [UInt8]) throws(RoadNetworkError) -> OSMExtract {
    var extract = OSMExtract()
    try readNodes(nodes, into: &extract)
    var nextShapeNode = Int64.min / 2
    let rows = CSVTable(bytes: links)
    let header = rows.header
    func column(_ name: String) throws(RoadNetworkError) -> Int {
      guard let index = header.firstIndex(of: name) else {
        throw .malformedLine(file: linksFileName, line: 1, reason: "no column \(name)")
      }
      return index
    }
    let idColumn = try column("link_id")
    let aColumn = try column("a_node")
    let bColumn = try column("b_node")
    let directionColumn = try column("direction")
    let typeColumn = try column("link_type")
    let modesColumn = header.firstIndex(of: "modes")
    let geometryColumn = header.firstIndex(of: "geometry_lonlat")
    var failure: RoadNetworkError?
    rows.forEachRow { line, fields in
      func fail(_ reason: String) -> Bool {
        failure = .malformedLine(file: linksFileName, line: line, reason: reason)
        return false
      }
      let needed = max(idColumn, aColumn, bColumn, directionColumn, typeColumn)
      guard fields.count > needed else { return fail("expected at least \(needed + 1) fields") }
      if let modesColumn, modesColumn < fields.count, !fields[modesColumn].contains("c") { return true }
      guard let id = Int64(fields[idColumn]), let a = Int64(fields[aColumn]), let b = Int64(fields[bColumn]),
        let direction = Int(fields[directionColumn])
      else { return fail("invalid link id, node id or direction") }
      var refs = [a]
      if let geometryColumn, geometryColumn < fields.count, !fields[geometryColumn].isEmpty {
        let points = fields[geometryColumn].split(separator: ";")
        for point in points.dropFirst().dropLast() {
          let parts = point.split(separator: " ")
          guard parts.count == 2, let longitude = Double(parts[0]), let latitude = Double(parts[1]),
            OSMExtract.isPosition(longitude: longitude, latitude: latitude)
          else {
            return fail("invalid geometry point '\(point)'")
          }
          nextShapeNode += 1
          extract.appendNode(id: nextShapeNode, longitude: longitude, latitude: latitude)
          refs.append(nextShapeNode)
        }
      }
      refs.append(b)
      let oneway = direction == 1 ? "yes" : direction == -1 ? "-1" : "no"
      extract.ways.append(
        OSMWay(id: id, nodeRefs: refs, tags: ["highway": fields[typeColumn], "oneway": oneway]))
      return true
    }
    if let failure { throw failure }
    return extract
  }

  private func readNodes(_ bytes: [UInt8], into extract: inout OSMExtract) throws(RoadNetworkError) {
    let rows = CSVTable(bytes: bytes)
    guard let idColumn = rows.header.firstIndex(of: "node_id"),
      let lonColumn = rows.header.firstIndex(of: "lon"),
      let latColumn = rows.header.firstIndex(of: "lat")
    else { throw .malformedLine(file: nodesFileName, line: 1, reason: "expected columns node_id, lon, lat") }
    var failure: RoadNetworkError?
    rows.forEachRow { line, fields in
      guard fields.count > max(idColumn, lonColumn, latColumn), let id = Int64(fields[idColumn]),
        let longitude = Double(fields[lonColumn]), let latitude = Double(fields[latColumn]),
        OSMExtract.isPosition(longitude: longitude, latitude: latitude)
      else {
        failure = .malformedLine(file: nodesFileName, line: line, reason: "invalid node_id, lon or lat")
        return false
      }
      extract.appendNode(id: id, longitude: longitude, latitude: latitude)
      return true
    }
    if let failure { throw failure }
  }
}
