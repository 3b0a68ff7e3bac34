import Foundation

/// A plan's geometry for maps: one line per trip and one point per place, free of any output format.
///
/// This is the seam between planning and rendering: GeoJSON and SVG writers take these lines and points
/// (with the road network for the background) and never look inside a ``DailyPlan``.
public struct PlanGeometry: Sendable, Hashable {
  /// A truck's drive from the depot or a disposal visit to the next disposal visit or the depot.
  public struct Trip: Sendable, Hashable {
    /// The truck's id.
    public var truckID: String
    /// The truck's position in the plan (for a colour per truck).
    public var truckIndex: Int
    /// The trip's number within the truck's day, from 0.
    public var tripIndex: Int
    /// The road-level line, in driving order (longitude, latitude).
    public var coordinates: [Coordinate]
    /// When the trip starts.
    public var departure: Date
    /// When the trip ends.
    public var arrival: Date
    /// Litres collected on the trip.
    public var litres: Double
  }

  /// A place on the map.
  public struct Place: Sendable, Hashable {
    /// What the place is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
      /// A depot.
      case depot
      /// A disposal facility.
      case disposal
      /// A bin emptied by the plan.
      case servedBin
      /// A bin left for another day.
      case unservedBin
    }

    /// What the place is.
    public var kind: Kind
    /// The id of the depot, facility or bin.
    public var id: String
    /// Where it is (longitude, latitude).
    public var coordinate: Coordinate
    /// The truck that visits it (bins only), or `nil`.
    public var truckID: String?
    /// When the truck starts service there (served bins only).
    public var time: Date?
    /// Litres collected there (served bins), or the predicted litres left (unserved bins).
    public var litres: Double?
    /// The selection status of a bin (`required`, `optional`, `skipped`).
    public var status: String?
  }

  /// The trips of all trucks, truck by truck.
  public var trips: [Trip]
  /// Depots, facilities and every bin.
  public var places: [Place]
}

extension DailyPlan {
  /// The plan's trips and places for a map (see ``PlanGeometry``).
  ///
  /// - Parameter scenario: The scenario the plan was made for (for the positions of depots, facilities and
  ///   unserved bins).
  public func geometry(scenario: Scenario) -> PlanGeometry {
    var trips: [PlanGeometry.Trip] = []
    for (t, truck) in trucks.enumerated() where truck.isUsed {
      var line: [Coordinate] = []
      var start = truck.departure ?? Date(timeIntervalSince1970: 0)
      var litres = 0.0
      var index = 0
      func close(at time: Date) {
        guard !line.isEmpty else { return }
        trips.append(
          PlanGeometry.Trip(
            truckID: truck.truckID, truckIndex: t, tripIndex: index, coordinates: line, departure: start,
            arrival: time, litres: litres))
        index += 1
        line = []
        litres = 0
        start = time
      }
      for leg in truck.legs {
        line += line.isEmpty ? leg.path : Array(leg.path.dropFirst())
        guard truck.stops.indices.contains(leg.to) else { continue }
        let stop = truck.stops[leg.to]
        if stop.kind == .disposal {
          litres = stop.litres
          close(at: stop.start)
        }
      }
      close(at: truck.arrival ?? start)
    }
    var places: [PlanGeometry.Place] = scenario.depots.map {
      PlanGeometry.Place(kind: .depot, id: $0.id, coordinate: $0.coordinate)
    }
    places += scenario.disposalSites.map {
      PlanGeometry.Place(kind: .disposal, id: $0.id, coordinate: $0.coordinate)
    }
    let stopsByTruck = Dictionary(trucks.map { ($0.truckID, $0.stops) }, uniquingKeysWith: { a, _ in a })
    for (bin, outcome) in zip(scenario.bins, bins) {
      if let truck = outcome.truckID, let k = outcome.stopIndex, let stop = stopsByTruck[truck]?[k] {
        places.append(
          PlanGeometry.Place(
            kind: .servedBin, id: bin.id, coordinate: bin.coordinate, truckID: truck, time: stop.start,
            litres: stop.litres, status: outcome.selection.status.rawValue))
      } else {
        places.append(
          PlanGeometry.Place(
            kind: .unservedBin, id: bin.id, coordinate: bin.coordinate,
            litres: DailyPlanner.litres(fill: outcome.selection.predictedFillToday, of: bin),
            status: outcome.selection.status.rawValue))
      }
    }
    return PlanGeometry(trips: trips, places: places)
  }
}

extension PlanGeometry.Place {
  init(kind: Kind, id: String, coordinate: Coordinate) {
    self.init(kind: kind, id: id, coordinate: coordinate, truckID: nil, time: nil, litres: nil, status: nil)
  }
}
