import Foundation
import Testing

@testable import WasteRouting

@Suite struct ImportTests {
  static let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fixtures")

  static func fixture(_ path: String) -> String { fixtures.appendingPathComponent(path).path }

  /// Arcs as (tail OSM id, head OSM id, millimetres, milliseconds), sorted.
  private func arcs(_ network: RoadNetwork) -> [[Int64]] {
    let graph = network.segmentGraph()
    return graph.tails.indices.map {
      [
        graph.osmIDs[Int(graph.tails[$0])], graph.osmIDs[Int(graph.heads[$0])],
        Int64((graph.lengths[$0] * 1000).rounded()), Int64((graph.times[$0] * 1000).rounded()),
      ]
    }.sorted { $0.lexicographicallyPrecedes($1) }
  }

  @Test func helsinkiPBFAndXMLGiveTheSameGraph() throws {
    let pbf = try RoadNetwork.load(path: Self.fixture("helsinki/Helsinki.osm.pbf"))
    let xml = try RoadNetwork.load(path: Self.fixture("helsinki/Helsinki_highways.osm.gz"))
    #expect(pbf.nodeCount == xml.nodeCount)
    #expect(pbf.arcCount == xml.arcCount)
    #expect(pbf.nodeOSMID == xml.nodeOSMID)
    #expect(pbf.nodeLongitude == xml.nodeLongitude)
    #expect(pbf.nodeLatitude == xml.nodeLatitude)
    #expect(pbf.arcLength == xml.arcLength)
    #expect(pbf.arcTime == xml.arcTime)
    #expect(arcs(pbf) == arcs(xml))
    #expect(pbf.nodeCount > 900)
    // Only the PBF has relations.
    #expect(pbf.importSummary.appliedRestrictions > 0)
    #expect(xml.importSummary.appliedRestrictions == 0)
  }

  @Test func concurrentPBFReadEqualsSequentialRead() async throws {
    let path = Self.fixture("helsinki/Helsinki.osm.pbf")
    // In an async context the async overload is chosen; a synchronous closure selects the other one.
    let sequential = try { () throws(RoadNetworkError) in try RoadNetwork.load(path: path) }()
    let concurrent = try await RoadNetwork.load(path: path)
    #expect(arcs(sequential) == arcs(concurrent))
    #expect(sequential.nodeOSMID == concurrent.nodeOSMID)
    #expect(sequential.bannedTurnTarget == concurrent.bannedTurnTarget)
    let bytes = try RoadNetwork.readFile(path, gunzip: false)
    let extract = try await OSMPBFReader(fileName: path).readConcurrently(bytes, tasks: 3)
    let reference = try OSMPBFReader(fileName: path).read(bytes)
    #expect(extract.nodeIDs == reference.nodeIDs)
    #expect(extract.ways.map(\.id) == reference.ways.map(\.id))
    #expect(extract.restrictions == reference.restrictions)
    #expect(extract.blockingBarriers == reference.blockingBarriers)
  }

  @Test func geoJSONLinesJoinAtSharedCoordinates() throws {
    let network = try RoadNetwork.load(path: Self.fixture("hamburg/hamburg_highways_2km2.geojson"))
    #expect(network.nodeCount > 500)
    #expect(network.largestComponentNodeCount > network.nodeCount / 2)
    let box = network.boundingBox
    #expect(box.minimum.x > 9.94 && box.maximum.x < 9.97)
  }

  @Test func csvLinksAndNodesLoad() async throws {
    let network = try await RoadNetwork.load(path: Self.fixture("coquimbo/la_serena_links.csv.gz"))
    #expect(network.nodeCount > 500)
    #expect(network.boundingBox.minimum.x < -71.2)
    let points = network.snap([Coordinate(x: -71.25, y: -29.905), Coordinate(x: -71.24, y: -29.90)])
    let matrices = await network.travelMatrices(between: points, turns: .standard)
    #expect(matrices.pointIndices.count + matrices.excludedPoints.count == 2)
  }

  @Test func truncatedPBFNamesTheBlock() throws {
    let bytes = try RoadNetwork.readFile(Self.fixture("helsinki/Helsinki.osm.pbf"), gunzip: false)
    let cut = Array(bytes[0..<(bytes.count / 2)])
    #expect(throws: RoadNetworkError.self) { try OSMPBFReader(fileName: "cut.pbf").read(cut) }
    do {
      _ = try OSMPBFReader(fileName: "cut.pbf").read(cut)
    } catch {
      guard case .truncated(let file, let block) = error else {
        Issue.record("expected .truncated, got \(error)")
        return
      }
      #expect(file == "cut.pbf")
      #expect(block > 1)
    }
  }

  @Test func corruptPBFNamesTheBlock() throws {
    var bytes = try RoadNetwork.readFile(Self.fixture("helsinki/Helsinki.osm.pbf"), gunzip: false)
    // Damage the compressed data of the second block (the first data block).
    for k in 400..<440 { bytes[k] ^= 0x5A }
    do {
      _ = try OSMPBFReader(fileName: "bad.pbf").read(bytes)
      Issue.record("a damaged block was accepted")
    } catch {
      guard case .corruptBlock(let file, let block, _) = error else {
        Issue.record("expected .corruptBlock, got \(error)")
        return
      }
      #expect(file == "bad.pbf")
      #expect(block == 2)
    }
  }

  /// A PBF whose header block requires a feature this reader lacks names the block and the feature.
  @Test func unsupportedPBFFeatureIsNamed() {
    func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] {
      [number << 3 | 2, UInt8(bytes.count)] + bytes
    }
    let header = field(4, Array("OsmSchema-V0.6".utf8)) + field(4, Array("LocationsOnWays".utf8))
    let blob = field(1, header)
    let blobHeader = field(1, Array("OSMHeader".utf8)) + [3 << 3, UInt8(blob.count)]
    let file = [0, 0, 0, UInt8(blobHeader.count)] + blobHeader + blob
    #expect(throws: RoadNetworkError.unsupportedFeature(file: "f.pbf", block: 1, feature: "LocationsOnWays"))
    {
      _ = try OSMPBFReader(fileName: "f.pbf").read(file)
    }
  }

  @Test func malformedGeoJSONNamesTheFeature() {
    let text = """
      {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"highway": "residential"},
      "geometry": {"type": "LineString", "coordinates": [[9.9, 53.5], ["x", 53.6]]}}]}
      """
    #expect(throws: RoadNetworkError.self) {
      _ = try GeoJSONRoadReader(fileName: "g.geojson").read(Array(text.utf8))
    }
    do {
      _ = try GeoJSONRoadReader(fileName: "g.geojson").read(Array(text.utf8))
    } catch {
      guard case .malformedFeature(let file, let feature, _) = error else {
        Issue.record("expected .malformedFeature, got \(error)")
        return
      }
      #expect(file == "g.geojson")
      #expect(feature == 0)
    }
    #expect(throws: RoadNetworkError.self) {
      _ = try GeoJSONRoadReader(fileName: "g.geojson").read(Array("{".utf8))
    }
  }

  @Test func malformedXMLNamesTheLine() {
    let text = "<osm>\n<node id=\"1\" lat=\"49\" lon=\"8\"/>\n<node id=\"x\" lat=\"49\"/>\n</osm>\n"
    #expect(
      throws: RoadNetworkError.malformedLine(
        file: "bad.osm", line: 3, reason: "<node> without a valid id, lat and lon")
    ) {
      _ = try OSMXMLReader(fileName: "bad.osm").read(Array(text.utf8))
    }
  }

  @Test func malformedCSVNamesTheLine() {
    let nodes = "node_id,lon,lat\n1,-71.2,-29.9\n2,-71.3,oops\n"
    #expect(
      throws: RoadNetworkError.malformedLine(file: "n.csv", line: 3, reason: "invalid node_id, lon or lat")
    ) {
      _ = try CSVRoadReader(nodesFileName: "n.csv", linksFileName: "l.csv")
        .read(nodes: Array(nodes.utf8), links: Array("link_id,a_node,b_node,direction,link_type\n".utf8))
    }
  }

  @Test func missingFileIsUnreadable() {
    #expect(
      throws: RoadNetworkError.unreadable(
        file: "/nonexistent.osm.pbf", reason: "no such file or not readable")
    ) {
      _ = try RoadNetwork.load(path: "/nonexistent.osm.pbf")
    }
  }

  @Test func xmlEntitiesAreDecoded() {
    #expect(OSMXMLReader.unescaped(ArraySlice("a &amp; b &#x41;&#66; &lt;".utf8)) == "a & b AB <")
  }
}
