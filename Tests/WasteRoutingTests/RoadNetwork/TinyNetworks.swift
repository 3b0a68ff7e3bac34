@testable import WasteRouting

/// Builds small OSM XML documents for hand-checked networks. Node `k` sits at
/// (lon 8 + x × 0.001, lat 49 + y × 0.001).
struct TinyOSM {
  var nodes: [(id: Int, x: Double, y: Double)] = []
  var ways: [(id: Int, refs: [Int], tags: [String: String])] = []
  var restrictions: [(kind: String, from: Int, via: Int, to: Int)] = []
  var nodeTags: [Int: [String: String]] = [:]

  static func longitude(_ x: Double) -> Double { 8 + x * 0.001 }
  static func latitude(_ y: Double) -> Double { 49 + y * 0.001 }

  func coordinate(_ id: Int) -> Coordinate {
    guard let node = nodes.first(where: { $0.id == id }) else { preconditionFailure("no node \(id)") }
    return Coordinate(x: Self.longitude(node.x), y: Self.latitude(node.y))
  }

  /// Metres along the straight pieces between consecutive listed nodes.
  func metres(_ ids: [Int]) -> Double {
    zip(ids, ids.dropFirst()).reduce(0) { total, pair in
      let a = coordinate(pair.0)
      let b = coordinate(pair.1)
      return total + RoadNetwork.metres(a.x, a.y, b.x, b.y)
    }
  }

  var xml: String {
    var text = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\">\n"
    for node in nodes {
      let attributes = "id=\"\(node.id)\" lat=\"\(Self.latitude(node.y))\" lon=\"\(Self.longitude(node.x))\""
      guard let tags = nodeTags[node.id] else {
        text += "  <node \(attributes)/>\n"
        continue
      }
      text += "  <node \(attributes)>\n"
      for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
        text += "    <tag k=\"\(key)\" v=\"\(value)\"/>\n"
      }
      text += "  </node>\n"
    }
    for way in ways {
      text += "  <way id=\"\(way.id)\">\n"
      for ref in way.refs { text += "    <nd ref=\"\(ref)\"/>\n" }
      for (key, value) in way.tags.sorted(by: { $0.key < $1.key }) {
        text += "    <tag k=\"\(key)\" v=\"\(value)\"/>\n"
      }
      text += "  </way>\n"
    }
    for (index, restriction) in restrictions.enumerated() {
      text += """
          <relation id="\(index + 1)">
            <member type="way" ref="\(restriction.from)" role="from"/>
            <member type="node" ref="\(restriction.via)" role="via"/>
            <member type="way" ref="\(restriction.to)" role="to"/>
            <tag k="type" v="restriction"/>
            <tag k="restriction" v="\(restriction.kind)"/>
          </relation>

        """
    }
    return text + "</osm>\n"
  }

  func network(profile: TruckProfile = .refuseTruck) throws -> RoadNetwork {
    try RoadNetwork.fromOSMXML(xml, profile: profile)
  }
}
