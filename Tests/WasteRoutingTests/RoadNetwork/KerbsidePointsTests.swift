import Testing

@testable import WasteRouting

/// ``RoadNetwork/points(alongRoadsOf:everyMetres:)``: evenly spaced points along streets of given classes.
@Suite struct KerbsidePointsTests {
  @Test func pointsAreSpacedAlongTheChosenClasses() throws {
    let network = try RoadNetwork.load(path: ImportTests.fixture("helsinki/Helsinki.osm.pbf"))
    let classes: Set<RoadClass> = [.residential, .livingStreet]
    let length = network.length(ofRoadsOf: classes)
    #expect(length > 1_000)
    let points = network.points(alongRoadsOf: classes, everyMetres: 50)
    // One point per 50 m of each piece, rounded per piece: within a point per piece of length / 50.
    #expect(abs(Double(points.count) - length / 50) < Double(network.edgeCount))
    #expect(points.allSatisfy { classes.contains($0.roadClass) })
    let box = network.boundingBox
    let longitudes = box.minimum.x...box.maximum.x
    let latitudes = box.minimum.y...box.maximum.y
    let inside = points.allSatisfy { longitudes.contains($0.coordinate.x) && latitudes.contains($0.coordinate.y) }
    #expect(inside)
    // Every point snaps back onto the network, within a metre.
    let snapped = network.snap(points.prefix(50).map(\.coordinate), options: SnapOptions(maximumDistance: 1))
    #expect(snapped.allSatisfy { $0.isSnapped })
    // Halving the spacing about doubles the points; a bad spacing gives none.
    let dense = network.points(alongRoadsOf: classes, everyMetres: 25)
    #expect(dense.count >= 2 * points.count - network.edgeCount)
    #expect(network.points(alongRoadsOf: classes, everyMetres: 0).isEmpty)
    #expect(network.points(alongRoadsOf: classes, everyMetres: .nan).isEmpty)
  }
}
