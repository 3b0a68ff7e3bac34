import Foundation
import Testing
import WasteRouting

@testable import waste_route

/// End-to-end runs of `waste-route network-info` and `waste-route matrix` on the Helsinki fixture.
@Suite struct RoadNetworkCommandTests {
  private let network = ImportTests.fixture("helsinki/Helsinki.osm.pbf")

  private func temporaryFile(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("waste-route-\(UUID().uuidString)-\(name)")
      .path
  }

  @Test func networkInfoDescribesTheGraph() throws {
    let network = try RoadNetwork.load(path: network)
    let text = WasteRouteCommand.NetworkInfo.describe(network, file: "helsinki.pbf", seconds: 0)
    #expect(text.contains("nodes: \(network.nodeCount)"))
    #expect(text.contains("arcs: \(network.arcCount)"))
    #expect(text.contains("bounding box: lon 24.93"))
  }

  @Test func matrixWritesCSVAndJSON() async throws {
    let points = temporaryFile("points.csv")
    // Two stops in central Helsinki, one in the sea far from any road.
    try "id,lon,lat\nstation,24.9414,60.1710\n\"market, south\",24.9525,60.1675\nsea,25.2,60.0\n"
      .write(toFile: points, atomically: true, encoding: .utf8)
    let csv = temporaryFile("matrix.csv")
    var command = try WasteRouteCommand.MatrixCommand.parse([network, "--points", points, "--output", csv])
    try await command.run()
    let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    #expect(lines.first == "from,to,time_s,distance_m")
    #expect(lines.count == 5)
    #expect(lines.contains { $0.hasPrefix("station,\"market, south\",") })
    #expect(lines.contains("station,station,0.000,0.000"))

    let json = temporaryFile("matrix.json")
    command = try WasteRouteCommand.MatrixCommand.parse(
      [network, "--points", points, "--output", json, "--metric", "distance", "--turns", "none"])
    try await command.run()
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json)))
    let document = try #require(object as? [String: Any])
    #expect(document["ids"] as? [String] == ["station", "market, south"])
    let distances = try #require(document["distance_m"] as? [[Double]])
    #expect(distances.count == 2 && distances[0][1] > 500 && distances[0][1] < 2_500)
    #expect(document["time_s"] == nil)
    let excluded = try #require(document["excluded"] as? [[String: String]])
    #expect(excluded == [["id": "sea", "reason": "off_network"]])
  }

  @Test func kerbsideColumnSelectsPoints() throws {
    let points = temporaryFile("kerbside.csv")
    try "id,lon,lat,kerbside\na,24.9414,60.1710,1\nb,24.9525,60.1675,0\nc,24.95,60.17,\n"
      .write(toFile: points, atomically: true, encoding: .utf8)
    let (ids, coordinates, kerbside) = try WasteRouteCommand.MatrixCommand.readPoints(points)
    #expect(ids == ["a", "b", "c"])
    #expect(coordinates.count == 3)
    #expect(kerbside == [true, false, false])
  }

  @Test func unknownKerbsideClassIsRejected() {
    #expect(throws: (any Error).self) {
      try WasteRouteCommand.MatrixCommand.parse(
        [network, "--points", "p.csv", "--output", "o.csv", "--kerbside-from", "footway"])
    }
  }
}
