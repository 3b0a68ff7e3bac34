import Foundation

extension DailyPlan {
  /// The plan as a ``PlanMap``, ready for ``SVGMapWriter`` or ``GeoJSONMapWriter``.
  ///
  /// - Each used truck's day becomes one ``PlanMap/Trip`` per run ending at a disposal visit (as many as
  ///   ``TruckPlan/tripCount``), its path the road-level geometry of its legs joined in driving order; the
  ///   drive back to the depot after the last unloading belongs to the last trip. A truck that never
  ///   unloads gets a single trip.
  /// - Stops: the start depot, every bin, disposal visit and break, and the end depot, each with the
  ///   truck, the trip number, the arrival time and the litres on board when leaving. A break is drawn
  ///   where the truck stands when it starts. Required and optional bins the plan leaves out are
  ///   unassigned bin stops (no truck); skipped bins are not drawn.
  /// - Depots and disposal sites come from the scenario, named by their ids.
  /// - The title names the scenario and the day; the subtitle gives the totals.
  /// - Roads, when `network` is given, are its road pieces as grey polylines (see
  ///   ``PlanMap/roads(of:around:shortestServiceRoad:tolerance:)``).
  ///
  /// Times are seconds after midnight of the plan's day in its time zone; loads are litres.
  ///
  /// ```swift
  /// let map = plan.map(scenario: scenario, network: try await planner.loadNetwork())
  /// try SVGMapWriter().write(map, toPath: "plan.svg")
  /// try GeoJSONMapWriter().write(map, toPath: "plan.geojson")
  /// ```
  ///
  /// - Parameters:
  ///   - scenario: The scenario the plan was made for (depot, site and bin positions).
  ///   - network: The road network, for the grey roads under the routes, or `nil` for none.
  /// - Returns: The map.
  public func map(scenario: Scenario, network: RoadNetwork? = nil) -> PlanMap {
    let zone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)!
    let midnight = date.start(in: zone)
    func seconds(_ instant: Date?) -> Int? {
      instant.map { Int($0.timeIntervalSince(midnight).rounded(.down)) }
    }
    let depotPosition = Dictionary(
      scenario.depots.map { ($0.id, $0.coordinate) }, uniquingKeysWith: { a, _ in a })

    var trips: [PlanMap.Trip] = []
    var stops: [PlanMap.Stop] = []
    for truck in trucks where truck.isUsed {
      let id = truck.truckID
      let disposals = truck.stops.count { $0.kind == .disposal }
      let tripCount = max(1, disposals)
      // The trip of each stop: trips end at disposal visits; later stops (a break on the way home)
      // belong to the last trip.
      var tripOfStop: [Int] = []
      var number = 1
      for stop in truck.stops {
        tripOfStop.append(min(number, tripCount))
        if stop.kind == .disposal { number += 1 }
      }
      // Paths and distances: a leg belongs to the trip of the stop it drives to (the end depot: last trip).
      var paths = Array(repeating: [Coordinate](), count: tripCount)
      var distances = Array(repeating: 0.0, count: tripCount)
      for leg in truck.legs {
        let trip = leg.to < tripOfStop.count && leg.to >= 0 ? tripOfStop[leg.to] : tripCount
        let k = trip - 1
        let joinsPrevious = paths[k].last != nil && paths[k].last == leg.path.first
        paths[k] += joinsPrevious ? Array(leg.path.dropFirst()) : leg.path
        distances[k] += leg.distanceMetres
      }
      // The first trip starts at the depot; each later one when the truck leaves the disposal site.
      var starts: [Int?] = [seconds(truck.departure)]
      var ends: [Int?] = []
      var loads: [Double?] = []
      for stop in truck.stops where stop.kind == .disposal {
        starts.append(seconds(stop.departure))
        ends.append(seconds(stop.start))
        loads.append(stop.litres)
      }
      while ends.count < tripCount {
        ends.append(seconds(truck.arrival))
        loads.append(truck.stops.last { $0.kind == .bin }?.loadLitres)
      }
      // The drive home after the last unloading ends the last trip.
      if disposals > 0 { ends[tripCount - 1] = seconds(truck.arrival) }
      for k in 0..<tripCount {
        trips.append(
          PlanMap.Trip(
            truck: id, number: k + 1, path: paths[k], start: starts[k], end: ends[k], load: loads[k],
            distance: distances[k]))
      }

      // Stops, with the depots at both ends.
      let start = depotPosition[truck.startDepot] ?? truck.legs.first?.path.first
      if let start {
        stops.append(
          PlanMap.Stop(
            kind: .depot, id: truck.startDepot, coordinate: start, truck: id, trip: 1,
            arrival: seconds(truck.departure), loadAfter: 0))
      }
      var here = start
      for (k, stop) in truck.stops.enumerated() {
        let kind: PlanMap.Stop.Kind =
          switch stop.kind {
          case .bin: .bin
          case .disposal: .disposal
          case .break: .break
          }
        // The break has no place of its own: it is taken where the previous stop was.
        if let position = stop.position { here = position }
        guard let coordinate = here else { continue }
        stops.append(
          PlanMap.Stop(
            kind: kind, id: stop.id ?? "break", coordinate: coordinate, truck: id, trip: tripOfStop[k],
            arrival: seconds(stop.arrival), loadAfter: stop.loadLitres))
      }
      if let end = depotPosition[truck.endDepot] ?? truck.legs.last?.path.last {
        stops.append(
          PlanMap.Stop(
            kind: .depot, id: truck.endDepot, coordinate: end, truck: id, trip: tripCount,
            arrival: seconds(truck.arrival), loadAfter: truck.stops.last?.loadLitres ?? 0))
      }
    }
    for (bin, outcome) in zip(scenario.bins, bins)
    where !outcome.isServed && outcome.selection.status != .skipped {
      stops.append(PlanMap.Stop(kind: .bin, id: bin.id, coordinate: bin.coordinate))
    }

    var map = PlanMap(
      title: "\(scenario.name), \(date)", subtitle: Self.subtitle(totals), trips: trips, stops: stops,
      depots: scenario.depots.map { PlanMap.Site(name: $0.id, coordinate: $0.coordinate) },
      disposalSites: scenario.disposalSites.map { PlanMap.Site(name: $0.id, coordinate: $0.coordinate) })
    if let network {
      map.roads = PlanMap.roads(of: network, around: map.planCoordinates)
    }
    return map
  }

  /// The totals in one line: bins, required bins, distance, hours, litres and trucks.
  static func subtitle(_ totals: Totals) -> String {
    let bins = totals.binsCollected == 1 ? "1 bin" : "\(totals.binsCollected) bins"
    let trucks =
      "\(totals.trucksUsed) of \(totals.trucksAvailable) truck\(totals.trucksAvailable == 1 ? "" : "s")"
    return [
      "\(bins) emptied (\(totals.requiredCollected)/\(totals.requiredBins) required)",
      MapText.decimal(totals.kilometres, digits: 1) + " km",
      MapText.decimal(totals.hours, digits: 1) + " h",
      MapText.decimal(totals.litresCollected.rounded(), digits: 0) + " L",
      trucks,
    ].joined(separator: " · ")
  }
}

extension PlanMap {
  /// The road pieces of `network` as polylines for the grey background of a map.
  ///
  /// Only pieces with a point near `positions` are kept: within the box around them widened to a square
  /// and grown by half its side on every side, which covers what ``SVGMapWriter`` shows. Short service
  /// roads (driveways, parking aisles) are left out, and each polyline is simplified (Douglas–Peucker) to
  /// `tolerance` metres, which keeps a city's SVG small (a plan across most of Heidelberg, 14,000 road
  /// pieces, gives about 360 kB).
  ///
  /// - Parameters:
  ///   - network: The road network.
  ///   - positions: The places the map shows; all roads when empty.
  ///   - shortestServiceRoad: The length in metres below which `highway=service` pieces are left out (0
  ///     keeps them all, `.infinity` none).
  ///   - tolerance: How far in metres a simplified line may stray from the road's shape (0 keeps every
  ///     point).
  /// - Returns: One polyline of at least two positions per road piece kept, in the network's order.
  ///
  /// ``DailyPlan/map(scenario:network:)`` calls this with the defaults around the plan's places.
  public static func roads(
    of network: RoadNetwork, around positions: [Coordinate] = [], shortestServiceRoad: Double = 50,
    tolerance: Double = 2
  ) -> [[Coordinate]] {
    let finite = positions.filter { $0.x.isFinite && $0.y.isFinite }
    var box: (west: Double, south: Double, east: Double, north: Double)?
    if let west = finite.map(\.x).min(), let east = finite.map(\.x).max(),
      let south = finite.map(\.y).min(), let north = finite.map(\.y).max()
    {
      let middle = (south + north) / 2
      let stretch = max(0.01, cos(middle * .pi / 180))
      // The square's side in degrees of latitude; half a side each way from the centre plus half a side
      // of margin gives a half-width of one side.
      let half = max((east - west) * stretch, north - south, 0.002)
      let centre = ((west + east) / 2, middle)
      box = (centre.0 - half / stretch, centre.1 - half, centre.0 + half / stretch, centre.1 + half)
    }
    var roads: [[Coordinate]] = []
    for edge in 0..<network.edgeCount {
      let shape = (Int(network.edgeShapeStart[edge])..<Int(network.edgeShapeStart[edge + 1])).map {
        Coordinate(x: network.shapeLongitude[$0], y: network.shapeLatitude[$0])
      }
      guard shape.count >= 2 else { continue }
      if network.edgeClass[edge] == .service && shortestServiceRoad > 0 {
        let length = zip(shape, shape.dropFirst()).reduce(0.0) {
          $0 + RoadNetwork.metres($1.0.x, $1.0.y, $1.1.x, $1.1.y)
        }
        if length < shortestServiceRoad { continue }
      }
      if let box,
        !shape.contains(where: {
          box.west <= $0.x && $0.x <= box.east && box.south <= $0.y && $0.y <= box.north
        })
      {
        continue
      }
      roads.append(tolerance > 0 ? simplified(shape, tolerance: tolerance) : shape)
    }
    return roads
  }

  /// `line` with the points dropped that lie within `tolerance` metres of the simplified line
  /// (Douglas–Peucker on a local flat projection); the ends are always kept.
  static func simplified(_ line: [Coordinate], tolerance: Double) -> [Coordinate] {
    guard line.count > 2 else { return line }
    let metresPerDegree = 111_320.0
    let stretch = cos(line[0].y * .pi / 180)
    let points = line.map { ($0.x * metresPerDegree * stretch, $0.y * metresPerDegree) }
    var keep = Array(repeating: false, count: line.count)
    keep[0] = true
    keep[line.count - 1] = true
    var pending = [(0, line.count - 1)]
    while let (first, last) = pending.popLast() {
      guard last > first + 1 else { continue }
      let (ax, ay) = points[first]
      let (bx, by) = points[last]
      let (dx, dy) = (bx - ax, by - ay)
      let lengthSquared = dx * dx + dy * dy
      var farthest = first
      var distance = 0.0
      for k in (first + 1)..<last {
        let (px, py) = points[k]
        var t = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0
        t = min(1, max(0, t))
        let (ex, ey) = (px - ax - t * dx, py - ay - t * dy)
        let d = (ex * ex + ey * ey).squareRoot()
        if d > distance {
          distance = d
          farthest = k
        }
      }
      if distance > tolerance {
        keep[farthest] = true
        pending.append((first, farthest))
        pending.append((farthest, last))
      }
    }
    return line.indices.filter { keep[$0] }.map { line[$0] }
  }
}
