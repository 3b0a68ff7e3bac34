import Foundation
import Testing

@testable import WasteRouting

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Collects the elements and text of an XML document, or the parser's error.
private final class XMLOutline: NSObject, XMLParserDelegate {
  var elements: [String] = []
  var attributes: [[String: String]] = []
  var text = ""
  var error: Error?

  static func parse(_ text: String) -> XMLOutline {
    let outline = XMLOutline()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = outline
    if !parser.parse() { outline.error = parser.parserError ?? CocoaError(.coderReadCorrupt) }
    return outline
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String]
  ) {
    elements.append(elementName)
    self.attributes.append(attributes)
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}

@Suite struct PlanMapRenderingTests {
  static let depot = Coordinate(x: 24.9401, y: 60.1701)
  static let bin = Coordinate(x: 24.945_123_456_7, y: 60.172_987_654_3)
  static let site = Coordinate(x: 24.95, y: 60.166)

  /// One truck, one trip from the depot past a bin to the disposal site; one unassigned bin.
  static let tiny = PlanMap(
    title: "Tiny", subtitle: "one trip",
    roads: [[depot, bin], [bin, site]],
    trips: [
      PlanMap.Trip(
        truck: "T1", number: 1, path: [depot, bin, site], start: 6 * 3600 + 5 * 60 + 30, end: 7 * 3600,
        load: 120.5, distance: 1234.56)
    ],
    stops: [
      PlanMap.Stop(kind: .bin, id: "B1", coordinate: bin, truck: "T1", trip: 1, arrival: 22_000, loadAfter: 120.5),
      PlanMap.Stop(kind: .disposal, id: "S", coordinate: site, truck: "T1", trip: 1, arrival: 25_000, loadAfter: 0),
      PlanMap.Stop(kind: .bin, id: "B2", coordinate: Coordinate(x: 24.946, y: 60.168)),
    ],
    depots: [PlanMap.Site(name: "Depot", coordinate: depot)],
    disposalSites: [PlanMap.Site(name: "Site", coordinate: site)])

  private func json(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  private func features(_ collection: [String: Any]) throws -> [[String: Any]] {
    try #require(collection["features"] as? [[String: Any]])
  }

  // MARK: GeoJSON

  @Test func geoJSONHasAFeaturePerTripStopAndSite() throws {
    let collection = try json(GeoJSONMapWriter().string(for: Self.tiny))
    #expect(collection["type"] as? String == "FeatureCollection")
    #expect(collection["crs"] == nil)
    #expect(collection["title"] as? String == "Tiny")
    let features = try features(collection)
    #expect(features.count == 1 + 3 + 1 + 1)
    let layers = features.map { ($0["properties"] as? [String: Any])?["layer"] as? String }
    #expect(layers == ["trip", "stop", "stop", "stop", "depot", "disposal_site"])
    for feature in features {
      #expect(feature["type"] as? String == "Feature")
      let geometry = try #require(feature["geometry"] as? [String: Any])
      let type = try #require(geometry["type"] as? String)
      if type == "LineString" {
        let positions = try #require(geometry["coordinates"] as? [[Double]])
        #expect(positions.count >= 2 && positions.allSatisfy { $0.count == 2 })
      } else {
        #expect(type == "Point")
        #expect((geometry["coordinates"] as? [Double])?.count == 2)
      }
    }
    let bbox = try #require(collection["bbox"] as? [Double])
    #expect(bbox == [24.9401, 60.166, 24.95, 60.172988])
  }

  @Test func geoJSONTripIsLongitudeFirstRoundedWithProperties() throws {
    let trip = try features(json(GeoJSONMapWriter().string(for: Self.tiny)))[0]
    let positions = try #require((trip["geometry"] as? [String: Any])?["coordinates"] as? [[Double]])
    #expect(positions == [[24.9401, 60.1701], [24.945123, 60.172988], [24.95, 60.166]])
    let properties = try #require(trip["properties"] as? [String: Any])
    #expect(properties["truck"] as? String == "T1")
    #expect(properties["trip"] as? Int == 1)
    #expect(properties["start"] as? String == "06:05")
    #expect(properties["start_s"] as? Int == 21_930)
    #expect(properties["end"] as? String == "07:00")
    #expect(properties["load"] as? Double == 120.5)
    #expect(properties["distance_m"] as? Double == 1234.6)
    #expect(properties["stroke"] as? String == "#0072B2")
  }

  @Test func geoJSONStopPropertiesLeaveOutWhatIsUnknown() throws {
    let features = try features(json(GeoJSONMapWriter().string(for: Self.tiny)))
    let bin = try #require(features[1]["properties"] as? [String: Any])
    #expect(bin["kind"] as? String == "bin")
    #expect(bin["id"] as? String == "B1")
    #expect(bin["arrival"] as? String == "06:06")
    #expect(bin["arrival_s"] as? Int == 22_000)
    #expect(bin["load_after"] as? Double == 120.5)
    let unassigned = try #require(features[3]["properties"] as? [String: Any])
    #expect(Set(unassigned.keys) == ["layer", "kind", "id"])
  }

  @Test func geoJSONWritesShortTripsAsPointsOrNullAndRoadsOnRequest() throws {
    let map = PlanMap(
      title: "t", roads: [[Self.depot, Self.site]],
      trips: [
        PlanMap.Trip(truck: "A", number: 1, path: [Self.depot]),
        PlanMap.Trip(truck: "A", number: 2, path: [Coordinate(x: .nan, y: 1)]),
      ])
    let plain = try features(json(GeoJSONMapWriter().string(for: map)))
    #expect((plain[0]["geometry"] as? [String: Any])?["type"] as? String == "Point")
    #expect(plain[1]["geometry"] is NSNull)
    let withRoads = try features(json(GeoJSONMapWriter(includesRoads: true, isPretty: false).string(for: map)))
    #expect(withRoads.count == 3)
    #expect((withRoads[2]["properties"] as? [String: Any])?["layer"] as? String == "road")
  }

  @Test func geoJSONEscapesNames() throws {
    let name = "Depot <North> & \"Main\"\nline\\two\u{1}"
    let map = PlanMap(title: name, depots: [PlanMap.Site(name: name, coordinate: Self.depot)])
    let collection = try json(GeoJSONMapWriter().string(for: map))
    #expect(collection["title"] as? String == name)
    let properties = try features(collection)[0]["properties"] as? [String: Any]
    #expect(properties?["name"] as? String == name)
  }

  @Test func geoJSONOfAnEmptyMapIsAnEmptyCollection() throws {
    let collection = try json(GeoJSONMapWriter().string(for: PlanMap(title: "nothing")))
    #expect(try features(collection).isEmpty)
    #expect(collection["bbox"] == nil)
  }

  // MARK: SVG

  @Test func svgIsWellFormedXML() throws {
    let outline = XMLOutline.parse(SVGMapWriter().string(for: Self.tiny))
    #expect(outline.error == nil)
    #expect(outline.elements.first == "svg")
    #expect(outline.elements.contains("clipPath"))
    // One trip: a casing and a coloured line, plus road, legend swatches and direction arrows.
    #expect(outline.elements.count { $0 == "circle" } >= 3)
    #expect(outline.text.contains("Tiny"))
    #expect(outline.text.contains("T1"))
    #expect(outline.text.contains("1.2 km"))
    #expect(outline.text.contains("1 bin"))
    #expect(outline.text.contains("Disposal site"))
  }

  @Test func svgEscapesText() throws {
    let name = "Dump <A&B> \"quoted\" 'single'\u{7}"
    let map = PlanMap(
      title: name, subtitle: "a < b",
      trips: [PlanMap.Trip(truck: "<T&1>", number: 1, path: [Self.depot, Self.site])],
      disposalSites: [PlanMap.Site(name: name, coordinate: Self.site)])
    let svg = SVGMapWriter().string(for: map)
    #expect(!svg.contains("<A&B>"))
    let outline = XMLOutline.parse(svg)
    #expect(outline.error == nil)
    #expect(outline.text.contains("Dump <A&B> \"quoted\" 'single'"))
    #expect(outline.text.contains("<T&1>"))
    #expect(outline.text.contains("a < b"))
  }

  @Test func outputIsDeterministic() throws {
    let map = try HelsinkiSampleMap.make(trucks: 3, tripsPerTruck: 1, binsPerTrip: 4)
    #expect(SVGMapWriter().string(for: map) == SVGMapWriter().string(for: map))
    #expect(GeoJSONMapWriter().data(for: map) == GeoJSONMapWriter().data(for: map))
    let again = try HelsinkiSampleMap.make(trucks: 3, tripsPerTruck: 1, binsPerTrip: 4)
    #expect(SVGMapWriter().string(for: again) == SVGMapWriter().string(for: map))
  }

  @Test func emptyMapsGiveValidPictures() throws {
    let empty = SVGMapWriter().string(for: PlanMap(title: "Empty day"))
    let outline = XMLOutline.parse(empty)
    #expect(outline.error == nil)
    #expect(outline.text.contains("Nothing to show"))
    #expect(!empty.contains("nan") && !empty.contains("inf"))

    let noTrips = SVGMapWriter().string(for: PlanMap(title: "Roads only", roads: Self.tiny.roads))
    #expect(XMLOutline.parse(noTrips).error == nil)
    #expect(!noTrips.contains("Trucks"))

    let single = SVGMapWriter().string(
      for: PlanMap(title: "One point", depots: [PlanMap.Site(name: "D", coordinate: Self.depot)]))
    let singleOutline = XMLOutline.parse(single)
    #expect(singleOutline.error == nil)
    #expect(!single.contains("nan") && !single.contains("inf"))
    #expect(singleOutline.text.contains("km"))
    // The one point is drawn in the middle of the map frame.
    let rect = try #require(
      zip(singleOutline.elements, singleOutline.attributes).first { $0.0 == "rect" && $0.1["width"] == "13" }?.1)
    let frameWidth = 1200.0 - 2 * 24 - 250 - 16
    #expect(abs((Double(rect["x"] ?? "") ?? 0) + 6.5 - (24 + frameWidth / 2)) < 0.2)
  }

  @Test func legendWrapsLongRowsAndSummarisesTrucksThatDoNotFit() throws {
    let trips = (1...60).map { k in
      PlanMap.Trip(
        truck: k == 1 ? "Refuse collector north-east" : "T\(k)", number: 1,
        path: [Self.depot, Coordinate(x: Self.depot.x + Double(k) * 0.001, y: Self.site.y)], distance: 123_456)
    }
    let svg = SVGMapWriter().string(for: PlanMap(title: "Many", trips: trips))
    let outline = XMLOutline.parse(svg)
    #expect(outline.error == nil)
    #expect(outline.text.contains("Refuse collector north-…"))
    #expect(outline.text.contains("123 km"))
    let more = try #require(outline.text.range(of: #"and (\d+) more trucks"#, options: .regularExpression))
    let count = Int(outline.text[more].split(separator: " ")[1]) ?? 0
    #expect(count > 20 && count < 60)
    // Trip tooltips name every truck; the legend rows name the first 60 - count.
    #expect(svg.contains(">T\(60 - count)</tspan>") && !svg.contains(">T\(61 - count)</tspan>"))
  }

  @Test func projectionIsMonotonic() {
    let points = (0...20).map { Coordinate(x: 24.9 + Double($0) * 0.005, y: 60.1 + Double($0) * 0.004) }
    let fit = WebMercatorFit(
      points: points, frame: WebMercatorFit.Frame(x: 10, y: 20, width: 800, height: 600), padding: 20)
    let screen = points.map(fit.screen)
    for k in 1..<screen.count {
      #expect(screen[k].x > screen[k - 1].x)
      #expect(screen[k].y < screen[k - 1].y)  // north is up
    }
    // Fitted inside the frame less padding, touching it on the binding side.
    #expect(screen.allSatisfy { $0.x >= 29.99 && $0.x <= 790.01 && $0.y >= 39.99 && $0.y <= 600.01 })
    #expect(abs(screen[0].y - 600) < 0.01 || abs(screen[0].x - 30) < 0.01)
    // Equal ground distances look equal across and down (conformal): 1 km east vs 1 km north.
    let centre = Coordinate(x: 24.95, y: 60.14)
    let east = Coordinate(x: 24.95 + 1 / (111.319_49 * cos(60.14 * .pi / 180)), y: 60.14)
    let north = Coordinate(x: 24.95, y: 60.14 + 1 / 111.319_49)
    let (c, e, n) = (fit.screen(centre), fit.screen(east), fit.screen(north))
    #expect(abs((e.x - c.x) / (c.y - n.y) - 1) < 0.01)
    #expect(abs((e.x - c.x) / fit.pixelsPerMetre - 1000) < 10)
  }

  @Test func paletteRepeatsWithDashesAfterSevenTrucks() {
    let styles = (0..<15).map(TruckStyle.init(index:))
    #expect(Set(styles.prefix(7).map(\.colour)).count == 7)
    #expect(styles.prefix(7).allSatisfy { $0.dashes == nil })
    #expect(styles[7].colour == styles[0].colour && styles[7].dashes != nil)
    #expect(styles[14].dashes != styles[7].dashes)
    #expect(Set(styles).count == 15)
  }

  @Test func trucksAndSummaries() {
    #expect(Self.tiny.trucks == ["T1"])
    let summary = Self.tiny.summary(ofTruck: "T1")
    #expect(summary.distance == 1234.56 && summary.bins == 1)
    #expect(Self.tiny.summary(ofTruck: "T9").distance == nil)
  }

  @Test func numbersAndClockTimes() {
    #expect(MapText.decimal(24.945_123_456_7, digits: 6) == "24.945123")
    #expect(MapText.decimal(-0.000_000_1, digits: 6) == "0")
    #expect(MapText.decimal(-3.25, digits: 1) == "-3.3")
    #expect(MapText.decimal(2.0, digits: 3) == "2")
    #expect(MapText.decimal(0.05, digits: 2) == "0.05")
    #expect(MapText.clock(0) == "00:00")
    #expect(MapText.clock(6 * 3600 + 59) == "06:00")
    #expect(MapText.clock(25 * 3600 + 5 * 60) == "25:05")
    #expect(SVGMapWriter.Drawing.scaleBarMetres(maximumPixels: 180, pixelsPerMetre: 0.5) == 200)
    #expect(SVGMapWriter.Drawing.scaleBarMetres(maximumPixels: 180, pixelsPerMetre: 0.05) == 2000)
  }

  // MARK: A real sample

  @Test func helsinkiSampleRendersAndParses() throws {
    let map = try HelsinkiSampleMap.make()
    #expect(map.trips.count == 8 && map.trips.allSatisfy { $0.path.count > 10 })
    let svg = SVGMapWriter().string(for: map)
    #expect(XMLOutline.parse(svg).error == nil)
    let geoJSON = GeoJSONMapWriter().string(for: map)
    #expect(try features(json(geoJSON)).count == map.trips.count + map.stops.count + 2)
    if let directory = ProcessInfo.processInfo.environment["RENDER_SAMPLE_DIR"] {
      try SVGMapWriter().write(map, toPath: directory + "/helsinki-plan.svg")
      try GeoJSONMapWriter().write(map, toPath: directory + "/helsinki-plan.geojson")
      let many = try HelsinkiSampleMap.make(trucks: 10, tripsPerTruck: 1, binsPerTrip: 4, seed: 5)
      try SVGMapWriter().write(many, toPath: directory + "/helsinki-ten-trucks.svg")
      try SVGMapWriter().write(PlanMap(title: "Empty day"), toPath: directory + "/empty.svg")
      var renamed = many
      for k in renamed.trips.indices where k % 3 == 0 { renamed.trips[k].truck = "Refuse truck \(k) (north)" }
      renamed.stops = renamed.stops.map { stop in
        var stop = stop
        if let truck = stop.truck, let number = Int(truck.dropFirst(6)), (number - 1) % 3 == 0 {
          stop.truck = "Refuse truck \(number - 1) (north)"
        }
        return stop
      }
      try SVGMapWriter(width: 1000, height: 700).write(renamed, toPath: directory + "/long-names.svg")
    }
  }
}
