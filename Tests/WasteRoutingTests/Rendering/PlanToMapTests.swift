import Foundation
import Testing

@testable import WasteRouting

/// `DailyPlan.map(scenario:network:)` on the small city's hand-built plan, and `waste-route plan --geojson
/// --svg` end to end.
@Suite struct PlanToMapTests {
  /// The distance in metres from `point` to the nearest segment of `path` (flat, fine at this scale).
  static func metres(from point: Coordinate, to path: [Coordinate]) -> Double {
    let stretch = cos(point.y * .pi / 180) * 111_320.0
    func local(_ c: Coordinate) -> (Double, Double) { (c.x * stretch, c.y * 111_320.0) }
    let p = local(point)
    var best = Double.infinity
    for (a, b) in zip(path, path.dropFirst()) {
      let (ax, ay) = local(a)
      let (bx, by) = local(b)
      let (dx, dy) = (bx - ax, by - ay)
      let length = dx * dx + dy * dy
      let t = length > 0 ? min(1, max(0, ((p.0 - ax) * dx + (p.1 - ay) * dy) / length)) : 0
      best = min(best, hypot(p.0 - ax - t * dx, p.1 - ay - t * dy))
    }
    return best
  }

  @Test func handPlanOfTheSmallCity() async throws {
    let (_, plan, network) = try await SmallCity.handPlan()
    let map = plan.map(scenario: SmallCity.scenario, network: network)
    let truck = plan.trucks[0]

    // One trip (A, B, unload at the plant, break, home), as the plan counts it.
    #expect(map.trips.count == 1 && truck.tripCount == 1)
    let trip = try #require(map.trips.first)
    #expect(trip.truck == "T1" && trip.number == 1)
    #expect(abs(try #require(trip.distance) - truck.distanceMetres) < 1e-9)
    #expect(trip.load == truck.stops[2].litres)
    let midnight = SmallCity.instant("00:00:00")
    #expect(trip.start == Int(truck.departure!.timeIntervalSince(midnight)))
    #expect(trip.end == Int(truck.arrival!.timeIntervalSince(midnight)))
    // The path is the legs joined without repeating the joints: yard → A → B → plant → yard.
    #expect(trip.path.count == truck.legs.reduce(0) { $0 + $1.path.count } - (truck.legs.count - 1))
    #expect(trip.path.first == truck.legs[0].path.first && trip.path.last == truck.legs[3].path.last)
    #expect(zip(trip.path, trip.path.dropFirst()).allSatisfy { $0 != $1 })

    // Stops: both depot ends around the truck's four stops; C is skipped and not drawn.
    #expect(map.stops.map(\.kind) == [.depot, .bin, .bin, .disposal, .break, .depot])
    #expect(map.stops.map(\.id) == ["yard", "A", "B", "plant", "break", "yard"])
    #expect(map.stops.allSatisfy { $0.truck == "T1" && $0.trip == 1 })
    for (stop, planned) in zip(map.stops[1...4], truck.stops) {
      #expect(stop.arrival == Int(planned.arrival.timeIntervalSince(midnight)))
      #expect(stop.loadAfter == planned.loadLitres)
    }
    #expect(map.stops[2].loadAfter == truck.stops[1].loadLitres && map.stops[3].loadAfter == 0)
    // Every stop lies on the trip's path (bins within their snapping distance of the road).
    for stop in map.stops {
      #expect(Self.metres(from: stop.coordinate, to: trip.path) < 12, "\(stop.id)")
    }
    #expect(map.stops[4].coordinate == map.stops[3].coordinate)  // the break is taken at the plant
    #expect(Self.metres(from: map.stops[3].coordinate, to: trip.path) < 0.01)

    #expect(map.depots == [PlanMap.Site(name: "yard", coordinate: SmallCity.scenario.depots[0].coordinate)])
    #expect(map.disposalSites.map(\.name) == ["plant"])
    #expect(map.title == "Small city, 2026-11-27")
    let km: String = MapText.decimal(plan.totals.kilometres, digits: 1)
    let hours: String = MapText.decimal(plan.totals.hours, digits: 1)
    let litres: String = MapText.decimal(plan.totals.litresCollected.rounded(), digits: 0)
    let subtitle = "2 bins emptied (1/1 required) · \(km) km · \(hours) h · \(litres) L · 1 of 1 truck"
    #expect(map.subtitle == subtitle)

    // Roads: the three pieces of the town's streets; the far fragment is off the map.
    #expect(map.roads.count == 3)
    #expect(map.roads.allSatisfy { $0.count >= 2 })
    #expect(PlanMap.roads(of: network).count == 4)
    #expect(plan.map(scenario: SmallCity.scenario).roads.isEmpty)
  }

  @Test func optionalBinLeftOutIsAnUnassignedStop() async throws {
    let network = try SmallCity.network()
    let day = try await DailyPlanner(scenario: SmallCity.scenario).prepare(network: network)
    let route = Route(vehicleType: 0, visits: [.client(0), .disposal(0), .break])
    let plan = await day.plan(Solution(routes: [route]), network: network, scenario: SmallCity.scenario)
    let map = plan.map(scenario: SmallCity.scenario)
    let b = try #require(map.stops.last)
    #expect(b.id == "B" && b.kind == .bin && b.truck == nil && b.arrival == nil)
    #expect(map.stops.count == 6)
  }

  @Test func simplificationKeepsEndsAndCorners() {
    let line = (0...10).map { Coordinate(x: 8 + Double($0) * 0.0001, y: 49 + ($0 == 5 ? 0.0003 : 0.000_001)) }
    let simple = PlanMap.simplified(line, tolerance: 2)
    #expect(simple.first == line.first && simple.last == line.last)
    #expect(simple.contains(line[5]) && simple.count <= 5)
    #expect(PlanMap.simplified(Array(line.prefix(2)), tolerance: 2) == Array(line.prefix(2)))
  }

  @Test func geoJSONOfThePlanIsWellFormed() async throws {
    let (_, plan, network) = try await SmallCity.handPlan()
    let text = GeoJSONMapWriter(includesRoads: true).string(
      for: plan.map(scenario: SmallCity.scenario, network: network))
    let collection = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let features = try #require(collection["features"] as? [[String: Any]])
    let expected = 12  // a trip, six stops, a depot, a disposal site, three roads
    #expect(features.count == expected)
    for feature in features {
      let geometry = try #require(feature["geometry"] as? [String: Any])
      if geometry["type"] as? String == "LineString" {
        let positions = try #require(geometry["coordinates"] as? [[Double]])
        #expect(positions.count >= 2)
        let inTown = positions.allSatisfy { (p: [Double]) -> Bool in
          abs(p[0] - 8.0) < 0.01 && abs(p[1] - 49.0) < 0.01
        }
        #expect(inTown)  // longitude first
      }
    }
  }

  /// A fresh folder holding the small city's road file and scenario; removed afterwards.
  private func withSmallCity(_ body: (String) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-map-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for name in ["small-city.osm", "small-city.scenario.json"] {
      try FileManager.default.copyItem(
        atPath: VRPLIBFixtures.path("planning/" + name), toPath: folder + "/" + name)
    }
    try await body(folder)
  }

  @Test func planCommandWritesBothMaps() async throws {
    try await withSmallCity { folder in
      let run = try CommandRunner.run([
        "plan", folder + "/small-city.scenario.json", "--seed", "1", "--time-limit", "1",
        "--geojson", folder + "/plan.geojson", "--svg", folder + "/plan.svg",
      ])
      #expect(run.status == 0, "\(run.standardError)")
      #expect(run.standardOutput.contains("map: \(folder)/plan.geojson\nmap: \(folder)/plan.svg\n"))
      let geojson = try #require(FileManager.default.contents(atPath: folder + "/plan.geojson"))
      let collection = try #require(try JSONSerialization.jsonObject(with: geojson) as? [String: Any])
      #expect(collection["title"] as? String == "Small city, 2026-11-27")
      let layers = (collection["features"] as? [[String: Any]] ?? []).compactMap {
        ($0["properties"] as? [String: Any])?["layer"] as? String
      }
      #expect(layers.contains("trip") && layers.contains("stop") && layers.contains("depot"))
      let svg = try #require(FileManager.default.contents(atPath: folder + "/plan.svg"))
      let text = String(decoding: svg, as: UTF8.self)
      #expect(
        text.hasPrefix("<?xml") && text.contains("Small city, 2026-11-27") && text.hasSuffix("</svg>\n"))
      #expect(!FileManager.default.fileExists(atPath: folder + "/plan.json"))
    }
  }

  @Test func planCommandWritesNoMapOnBadInput() async throws {
    try await withSmallCity { folder in
      var scenario = SmallCity.scenario
      scenario.bins[1].fraction = "glass"
      let bad = folder + "/bad.scenario.json"
      try scenario.jsonData().write(to: URL(fileURLWithPath: bad))
      let outputs = [
        "-o", folder + "/plan.json", "--geojson", folder + "/plan.geojson", "--svg", folder + "/plan.svg",
      ]
      let run = try CommandRunner.run(["plan", bad, "--time-limit", "1"] + outputs)
      #expect(run.status == 2)
      // A map into a missing folder: nothing at all is written, not even the plan.
      let missing = try CommandRunner.run([
        "plan", folder + "/small-city.scenario.json", "--time-limit", "1", "-o", folder + "/plan.json",
        "--geojson", folder + "/plan.geojson", "--svg", folder + "/none/plan.svg",
      ])
      #expect(missing.status == 2)
      #expect(missing.standardError.contains("no such folder"), "\(missing.standardError)")
      // The same file for two outputs.
      let twice = try CommandRunner.run([
        "plan", folder + "/small-city.scenario.json", "--time-limit", "1", "--geojson", folder + "/map",
        "--svg", folder + "/map",
      ])
      #expect(twice.status == 2 && twice.standardError.contains("named for two outputs"))
      for name in ["plan.json", "plan.geojson", "plan.svg", "map"] {
        #expect(!FileManager.default.fileExists(atPath: folder + "/" + name), "\(name)")
      }
    }
  }
}
