import Foundation

@testable import WasteRouting

/// A made-up day of collection in central Helsinki, with trips along real roads, for the rendering tests
/// and for looking at the SVG by eye. Set `RENDER_SAMPLE_DIR` to have the tests write the files there.
enum HelsinkiSampleMap {
  static let network = Result { try RoadNetwork.load(path: ImportTests.fixture("helsinki/Helsinki.osm.pbf")) }

  /// Every road piece of the network as a polyline.
  static func roads(_ network: RoadNetwork) -> [[Coordinate]] {
    (0..<network.edgeCount).map { edge in
      (Int(network.edgeShapeStart[edge])..<Int(network.edgeShapeStart[edge + 1])).map {
        Coordinate(x: network.shapeLongitude[$0], y: network.shapeLatitude[$0])
      }
    }
  }

  /// `trucks` trucks with `tripsPerTruck` trips of `binsPerTrip` bins each, between random points.
  static func make(trucks: Int = 4, tripsPerTruck: Int = 2, binsPerTrip: Int = 7, seed: UInt64 = 11) throws -> PlanMap {
    let network = try network.get()
    var rng = SplitMix64(seed: seed)
    func randomPoint() -> SnappedPoint {
      while true {
        let point = network.snap(
          Coordinate(
            x: Double.random(in: 24.937...24.952, using: &rng), y: Double.random(in: 60.1655...60.1780, using: &rng)))
        if point.isSnapped && point.isInLargestComponent { return point }
      }
    }
    /// The snapped point nearest `point` that every other point of the largest component can reach.
    func reachable(_ point: Coordinate) -> SnappedPoint {
      for step in 0..<400 {
        let offset = Double(step) * 0.000_05
        let snapped = network.snap(Coordinate(x: point.x + offset, y: point.y - offset / 2))
        if snapped.isSnapped && snapped.isInLargestComponent { return snapped }
      }
      return randomPoint()
    }
    let depot = reachable(Coordinate(x: 24.9385, y: 60.1765))
    let disposal = reachable(Coordinate(x: 24.9505, y: 60.1665))
    var trips: [PlanMap.Trip] = []
    var stops: [PlanMap.Stop] = []
    var binNumber = 100
    for truck in 1...trucks {
      let name = "Truck \(truck)"
      var clock = 6 * 3600 + truck * 300
      var previous = depot
      stops.append(
        PlanMap.Stop(kind: .depot, id: "D1", coordinate: depot.location!, truck: name, trip: 1, arrival: clock))
      for tripNumber in 1...tripsPerTruck {
        let start = clock
        var path: [Coordinate] = []
        var metres = 0.0
        var load = 0.0
        let bins = (0..<binsPerTrip).map { _ in randomPoint() }
        for target in bins + [disposal] {
          guard let leg = network.path(from: previous, to: target) else { continue }
          path += path.isEmpty ? leg.coordinates : Array(leg.coordinates.dropFirst())
          metres += Double(leg.length) / 1000
          clock += Int(leg.travelTime / 1000)
          previous = target
          if target == disposal {
            stops.append(
              PlanMap.Stop(
                kind: .disposal, id: "Sörnäinen", coordinate: target.location!, truck: name, trip: tripNumber,
                arrival: clock, loadAfter: 0))
            clock += 900
          } else {
            binNumber += 1
            load += Double(40 + (binNumber * 37) % 80)
            stops.append(
              PlanMap.Stop(
                kind: .bin, id: "B\(binNumber)", coordinate: target.location!, truck: name, trip: tripNumber,
                arrival: clock, loadAfter: load))
            clock += 60
          }
        }
        trips.append(
          PlanMap.Trip(
            truck: name, number: tripNumber, path: path, start: start, end: clock, load: load, distance: metres))
        if tripNumber == 1 && truck == 2 {
          stops.append(
            PlanMap.Stop(kind: .break, id: "lunch", coordinate: disposal.location!, truck: name, arrival: clock))
          clock += 1800
        }
      }
    }
    stops.append(PlanMap.Stop(kind: .bin, id: "B999", coordinate: randomPoint().location!))
    let km = trips.compactMap(\.distance).reduce(0, +) / 1000
    return PlanMap(
      title: "Helsinki centre — collection plan, Monday",
      subtitle: "\(trucks) trucks · \(trips.count) trips · \(stops.count { $0.kind == .bin }) bins · "
        + "\(MapText.decimal(km, digits: 1)) km (sample data on OSM roads)",
      roads: roads(network), trips: trips, stops: stops,
      depots: [PlanMap.Site(name: "Depot Kamppi", coordinate: depot.location!)],
      disposalSites: [PlanMap.Site(name: "Transfer station <Hietalahti & \"Co\">", coordinate: disposal.location!)])
  }
}
