/// What a map of one day's collection plan shows: roads for context, each truck's trips, the stops along
/// them, and the depots and disposal sites.
///
/// `PlanMap` is a plain value that knows nothing of the planner, so any source of routes can be drawn.
/// Coordinates are longitude/latitude in degrees (``Coordinate/x`` is the longitude). Times are seconds
/// after midnight of the plan's day; they may pass 86,400 for shifts that run past midnight.
///
/// Render it with ``GeoJSONMapWriter`` (for QGIS or geojson.io) or ``SVGMapWriter`` (a picture for a
/// browser or a report):
///
/// ```swift
/// let map = PlanMap(
///   title: "Monday 3 March",
///   trips: [PlanMap.Trip(truck: "T1", number: 1, path: [depot, bin, site, depot], start: 25_200)],
///   stops: [PlanMap.Stop(kind: .bin, id: "B17", coordinate: bin, truck: "T1", arrival: 25_800)],
///   depots: [PlanMap.Site(name: "Main depot", coordinate: depot)])
/// try SVGMapWriter().write(map, toPath: "monday.svg")
/// ```
public struct PlanMap: Sendable, Hashable {
  /// The heading drawn above the map and stored in the GeoJSON file.
  public var title: String
  /// A second line under the title (for example the plan's totals), or `nil`.
  public var subtitle: String?
  /// Road centre lines drawn as thin grey context under the routes, each a polyline of positions.
  public var roads: [[Coordinate]]
  /// The trips driven, each by one truck; a truck's trips share its colour.
  public var trips: [Trip]
  /// The places where trucks stop.
  public var stops: [Stop]
  /// The depots trucks start from and return to.
  public var depots: [Site]
  /// The sites where trucks unload.
  public var disposalSites: [Site]

  /// Creates a map.
  ///
  /// - Parameters:
  ///   - title: The heading.
  ///   - subtitle: A second heading line, or `nil`.
  ///   - roads: Road polylines for context.
  ///   - trips: The trips, in the order they should be listed and drawn.
  ///   - stops: The stops.
  ///   - depots: The depots.
  ///   - disposalSites: The disposal sites.
  public init(
    title: String, subtitle: String? = nil, roads: [[Coordinate]] = [], trips: [Trip] = [],
    stops: [Stop] = [], depots: [Site] = [], disposalSites: [Site] = []
  ) {
    self.title = title
    self.subtitle = subtitle
    self.roads = roads
    self.trips = trips
    self.stops = stops
    self.depots = depots
    self.disposalSites = disposalSites
  }

  /// The trucks on the map, in the order they first appear in ``trips`` and then in ``stops``.
  ///
  /// A truck's colour on an SVG map is picked by its position in this list.
  public var trucks: [String] {
    var seen: Set<String> = []
    var order: [String] = []
    for truck in trips.map(\.truck) + stops.compactMap(\.truck) where seen.insert(truck).inserted {
      order.append(truck)
    }
    return order
  }

  /// Totals for one truck: its distance driven and the bins it empties.
  ///
  /// - Returns: The summed ``Trip/distance`` of the truck's trips in metres (`nil` when none of them
  ///   gives a distance) and the number of its ``Stop/Kind/bin`` stops (`nil` when no stop names the
  ///   truck at all).
  public func summary(ofTruck truck: String) -> (distance: Double?, bins: Int?) {
    let distances = trips.lazy.filter { $0.truck == truck }.compactMap(\.distance)
    let distance = distances.isEmpty ? nil : distances.reduce(0, +)
    let truckStops = stops.filter { $0.truck == truck }
    let bins = truckStops.isEmpty ? nil : truckStops.count { $0.kind == .bin }
    return (distance, bins)
  }

  /// Every position the plan itself occupies: trip paths, stops, depots and disposal sites (not roads).
  var planCoordinates: [Coordinate] {
    trips.flatMap(\.path) + stops.map(\.coordinate) + depots.map(\.coordinate)
      + disposalSites.map(\.coordinate)
  }
}

extension PlanMap {
  /// One trip of one truck: from a depot or disposal site, along bins, to a disposal site or depot.
  public struct Trip: Sendable, Hashable {
    /// The truck's identifier, as shown in the legend.
    public var truck: String
    /// The trip's number in the truck's day, counting from 1.
    public var number: Int
    /// The positions driven through, in driving order (along the roads, when known).
    public var path: [Coordinate]
    /// When the trip starts, in seconds after midnight, or `nil`.
    public var start: Int?
    /// When the trip ends, in seconds after midnight, or `nil`.
    public var end: Int?
    /// The load collected on the trip, in the plan's unit (for example kilograms), or `nil`.
    public var load: Double?
    /// The distance driven in metres, or `nil`.
    public var distance: Double?

    /// Creates a trip.
    ///
    /// - Parameters:
    ///   - truck: The truck's identifier.
    ///   - number: The trip's number in the truck's day, from 1.
    ///   - path: The positions driven through, in order.
    ///   - start: Start time in seconds after midnight.
    ///   - end: End time in seconds after midnight.
    ///   - load: The load collected.
    ///   - distance: The distance driven in metres.
    public init(
      truck: String, number: Int, path: [Coordinate], start: Int? = nil, end: Int? = nil,
      load: Double? = nil, distance: Double? = nil
    ) {
      self.truck = truck
      self.number = number
      self.path = path
      self.start = start
      self.end = end
      self.load = load
      self.distance = distance
    }
  }

  /// A place where a truck stops.
  public struct Stop: Sendable, Hashable {
    /// What a truck does at a stop.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
      /// Empties a bin.
      case bin
      /// Unloads at a disposal site.
      case disposal
      /// Starts, ends or waits at a depot.
      case depot
      /// The crew takes a break.
      case `break`
    }

    /// What the truck does here.
    public var kind: Kind
    /// The stop's identifier (for a bin, the bin's id).
    public var id: String
    /// Where the stop is.
    public var coordinate: Coordinate
    /// The truck that stops here, or `nil` when not assigned (for example a bin left out of the plan).
    public var truck: String?
    /// The number of the truck's trip the stop belongs to, or `nil`.
    public var trip: Int?
    /// When the truck arrives, in seconds after midnight, or `nil`.
    public var arrival: Int?
    /// The truck's load when it leaves the stop, in the plan's unit, or `nil`.
    public var loadAfter: Double?

    /// Creates a stop.
    ///
    /// - Parameters:
    ///   - kind: What the truck does here.
    ///   - id: The stop's identifier.
    ///   - coordinate: Where the stop is.
    ///   - truck: The truck that stops here.
    ///   - trip: The number of the truck's trip.
    ///   - arrival: Arrival time in seconds after midnight.
    ///   - loadAfter: The load when leaving.
    public init(
      kind: Kind, id: String, coordinate: Coordinate, truck: String? = nil, trip: Int? = nil,
      arrival: Int? = nil, loadAfter: Double? = nil
    ) {
      self.kind = kind
      self.id = id
      self.coordinate = coordinate
      self.truck = truck
      self.trip = trip
      self.arrival = arrival
      self.loadAfter = loadAfter
    }
  }

  /// A named fixed place: a depot or a disposal site.
  public struct Site: Sendable, Hashable {
    /// The name shown next to the symbol.
    public var name: String
    /// Where the site is.
    public var coordinate: Coordinate

    /// Creates a site.
    public init(name: String, coordinate: Coordinate) {
      self.name = name
      self.coordinate = coordinate
    }
  }
}
