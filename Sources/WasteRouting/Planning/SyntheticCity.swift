import Foundation

/// A seeded generator of city-scale planning days on a real road network: the bins one weekday's trucks
/// must empty in a city with a real city's bin density, the fleet that does it and where it unloads.
/// Everything it makes is synthetic except the roads.
///
/// The city keeps one collection point every few metres along its residential streets and living
/// streets (``RoadNetwork/points(alongRoadsOf:everyMetres:)``), spaced so that the whole city holds
/// five weekdays' worth of stops, and collects each weekday in one district: a wedge round the centre of
/// the network holding a fifth of the points (its angle drawn from the seed). Each point of the day's
/// district holds one container, drawn from a household mix:
///
/// | container | fraction | share | litres | service |
/// |---|---|---:|---:|---:|
/// | household bin | residual | 38 % | 120 or 240 | 40 s |
/// | large container | residual | 10 % | 1 100 | 80 s |
/// | household bin | bio | 22 % | 120 or 240 | 40 s |
/// | household bin | paper | 18 % | 240 | 40 s |
/// | large container | paper | 10 % | 1 100 | 80 s |
/// | street container (crane, not before 07:00) | glass | 2 % | 2 500 | 240 s |
///
/// Every container was emptied a week ago and is due today: its readings (04:30 UTC on the last three
/// days) rise steadily to a fill of 55–92 %, so that with weekly collection
/// (``SelectionPolicy/nextCollectionInDays`` = 7) the forecaster predicts it to overflow before the next
/// opportunity and the selection makes it required. The fleet has three types of truck, each collecting
/// one fraction: 26 t rear loaders (residual and paper), 18 t narrow rear loaders (bio, limited by
/// weight) and a 26 t crane truck (glass), sized per fraction to about 70 % of a shift's working time
/// plus one spare; shifts 06:00–14:30 (the crane 07:00–15:30) with a 30-minute break between 09:30 and
/// 11:30 (the crane: the EU rule, 45 minutes after at most 4 h 30 min of driving). Three disposal sites
/// with their own opening hours take residual, bio, and paper with glass.
///
/// ```swift
/// let network = try RoadNetwork.load(path: "fixtures/heidelberg/heidelberg.test.pbf")
/// let scenario = SyntheticCity(stops: 4_000, seed: 1, date: day).scenario(
///   on: network, networkPath: "fixtures/heidelberg/heidelberg.test.pbf")
/// ```
///
/// The same network, stop count and seed give the same scenario.
public struct SyntheticCity: Sendable, Hashable {
  /// The number of containers due on the day (the stops offered to the planner).
  public var stops: Int
  /// The seed of every random draw.
  public var seed: UInt64
  /// The day to plan; its readings lie on the three days before and on the day itself.
  public var date: CalendarDay
  /// The name written into the scenario.
  public var name: String
  /// The IANA time zone of the city.
  public var timeZone: String
  /// Where the depot and the three disposal sites stand: each is placed on the tertiary or larger road
  /// nearest to its point (longitude, latitude).
  public var depot: Coordinate
  /// The targets of the residual, bio and recycling (paper and glass) sites, in that order.
  public var disposalTargets: [Coordinate]

  /// Weekdays a city collects on: the city holds this many districts' worth of collection points.
  public static let districts = 5

  /// Creates a generator; the places default to Heidelberg (the bundled `fixtures/heidelberg` network).
  public init(
    stops: Int, seed: UInt64 = 1, date: CalendarDay,
    name: String = "Heidelberg", timeZone: String = "Europe/Berlin",
    depot: Coordinate = Coordinate(x: 8.660068, y: 49.4053094),
    disposalTargets: [Coordinate] = [
      Coordinate(x: 8.6443732, y: 49.4152326), Coordinate(x: 8.6300, y: 49.3900),
      Coordinate(x: 8.690136, y: 49.3799657),
    ]
  ) {
    self.stops = stops
    self.seed = seed
    self.date = date
    self.name = name
    self.timeZone = timeZone
    self.depot = depot
    self.disposalTargets = disposalTargets
  }

  /// One kind of container of the mix.
  private struct Kind {
    var fraction: String
    var share: Double
    var litres: [Double]
    var serviceTime: Int
    var crane: Bool
  }

  private static let mix: [Kind] = [
    Kind(fraction: "residual", share: 0.38, litres: [120, 240], serviceTime: 40, crane: false),
    Kind(fraction: "residual", share: 0.10, litres: [1_100], serviceTime: 80, crane: false),
    Kind(fraction: "bio", share: 0.22, litres: [120, 240], serviceTime: 40, crane: false),
    Kind(fraction: "paper", share: 0.18, litres: [240], serviceTime: 40, crane: false),
    Kind(fraction: "paper", share: 0.10, litres: [1_100], serviceTime: 80, crane: false),
    Kind(fraction: "glass", share: 0.02, litres: [2_500], serviceTime: 240, crane: true),
  ]

  private static let fractions = [
    Fraction(id: "residual", density: 0.11), Fraction(id: "bio", density: 0.45),
    Fraction(id: "paper", density: 0.07), Fraction(id: "glass", density: 0.30),
  ]

  /// A truck type of the fleet and the fraction it collects.
  private struct TruckType {
    var prefix: String
    var fraction: String
    var litres: Double
    var kilograms: Double
    var costs: Truck.Costs
    var shift: ClockWindow
    var breakRule: Truck.Break
    var equipment: [String]
  }

  private static func truckType(for fraction: String) -> TruckType {
    let day = ClockWindow(from: ClockTime(hours: 6), to: ClockTime(hours: 14, minutes: 30))
    let lunch = Truck.Break(
      duration: 1_800, window: ClockWindow(from: ClockTime(hours: 9, minutes: 30), to: ClockTime(hours: 11, minutes: 30)))
    switch fraction {
    case "bio":
      return TruckType(
        prefix: "B", fraction: fraction, litres: 30_000, kilograms: 6_500,
        costs: Truck.Costs(fixed: 130, perKilometre: 1.3, perHour: 55), shift: day, breakRule: lunch, equipment: [])
    case "glass":
      return TruckType(
        prefix: "G", fraction: fraction, litres: 40_000, kilograms: 12_000,
        costs: Truck.Costs(fixed: 180, perKilometre: 1.7, perHour: 55),
        shift: ClockWindow(from: ClockTime(hours: 7), to: ClockTime(hours: 15, minutes: 30)),
        breakRule: Truck.Break(duration: 2_700, maxDrivingBeforeBreak: 16_200), equipment: ["crane"])
    default:
      return TruckType(
        prefix: fraction == "paper" ? "P" : "R", fraction: fraction, litres: 40_000, kilograms: 10_000,
        costs: Truck.Costs(fixed: 160, perKilometre: 1.6, perHour: 55), shift: day, breakRule: lunch,
        equipment: [])
    }
  }

  /// The scenario on `network`, whose file the scenario names as `networkPath` (relative to where the
  /// scenario file will be written, or absolute).
  ///
  /// - Returns: The scenario, with fewer bins than ``stops`` only when the network's residential streets
  ///   are too short to hold them (under a metre per point).
  public func scenario(on network: RoadNetwork, networkPath: String) -> Scenario {
    var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x5EED)
    let streets: Set<RoadClass> = [.residential, .livingStreet]
    let length = network.length(ofRoadsOf: streets)
    let wanted = max(0, stops) * Self.districts
    let spacing = wanted > 0 ? max(1, length / Double(wanted)) : 1
    let all = wanted > 0 ? network.points(alongRoadsOf: streets, everyMetres: spacing) : []
    // The day's district: the wedge round the network's centre holding `stops` consecutive points by angle.
    let box = network.boundingBox
    let centre = Coordinate(x: (box.minimum.x + box.maximum.x) / 2, y: (box.minimum.y + box.maximum.y) / 2)
    let cosLatitude = cos(centre.y * .pi / 180)
    let byAngle = all.indices.sorted { a, b in
      let angleA = atan2(all[a].coordinate.y - centre.y, (all[a].coordinate.x - centre.x) * cosLatitude)
      let angleB = atan2(all[b].coordinate.y - centre.y, (all[b].coordinate.x - centre.x) * cosLatitude)
      return angleA != angleB ? angleA < angleB : a < b
    }
    let count = min(stops, all.count)
    let first = all.isEmpty ? 0 : Int(rng.next() % UInt64(all.count))
    var chosen = (0..<count).map { byAngle[(first + $0) % all.count] }
    chosen.sort()  // network order: stable ids along the streets

    let morning = date.date(at: ClockTime(hours: 4, minutes: 30), in: PlanTime.utc)
    let day = 86_400.0
    var bins: [Bin] = []
    bins.reserveCapacity(count)
    var workload: [String: (seconds: Double, litres: Double, kilograms: Double)] = [:]
    for (k, index) in chosen.enumerated() {
      let kind = Self.pick(Self.mix, rng: &rng)
      let litres = kind.litres[Int(rng.next() % UInt64(kind.litres.count))]
      let fill = 55 + 37 * Self.uniform(&rng)  // today's fill, percent
      let emptied = morning.addingTimeInterval(-7 * day + 5.5 * 3_600)  // 10:00 UTC a week ago
      let rate = fill / (morning.timeIntervalSince(emptied) / day)  // percent per day
      let readings = (0...2).reversed().map { back -> FillReading in
        let time = morning.addingTimeInterval(-Double(back) * day)
        let days = time.timeIntervalSince(emptied) / day
        let noise = (Self.uniform(&rng) - 0.5) * 2
        return FillReading(time: time, fill: max(0, min(100, (rate * days + (back == 0 ? 0 : noise)).rounded(toPlaces: 1))))
      }
      let point = all[index].coordinate
      bins.append(
        Bin(
          id: kind.fraction + String(format: "-%05d", k + 1), lon: point.x.rounded(toPlaces: 7),
          lat: point.y.rounded(toPlaces: 7), capacity: litres, fraction: kind.fraction, readings: readings,
          emptyings: [EmptyingEvent(time: emptied, fillBefore: (80 + 15 * Self.uniform(&rng)).rounded(toPlaces: 1))],
          serviceTime: kind.serviceTime,
          timeWindows: kind.crane ? [ClockWindow(from: ClockTime(hours: 7), to: ClockTime(hours: 19))] : [],
          access: kind.crane ? ["crane"] : []))
      let density = Self.fractions.first { $0.id == kind.fraction }?.density ?? 0.1
      let load = litres * min(100, fill * 1.1) / 100  // the fill grows until the truck comes
      var work = workload[kind.fraction] ?? (0, 0, 0)
      work.seconds += Double(kind.serviceTime) + 25  // service and the drive to the next stop
      work.litres += load
      work.kilograms += load * density
      workload[kind.fraction] = work
    }

    // Trucks per fraction: the work (stops, and 40 minutes per trip to unload) at 70 % of a shift's
    // working time, and one spare.
    var trucks: [Truck] = []
    for fraction in Self.fractions.map(\.id) {
      guard let work = workload[fraction] else { continue }
      let type = Self.truckType(for: fraction)
      let trips = max(work.litres / type.litres, work.kilograms / type.kilograms)
      let shiftSeconds = Double(type.shift.to.secondsAfterMidnight - type.shift.from.secondsAfterMidnight)
      let working = (shiftSeconds - Double(type.breakRule.duration) - 1_800) * 0.7
      let needed = Int(((work.seconds + trips.rounded(.up) * 2_400) / working).rounded(.up))
      for k in 1...(needed + 1) {
        trucks.append(
          Truck(
            id: type.prefix + String(format: "%02d", k), depot: "depot", fractions: [fraction],
            capacityLitres: type.litres, capacityKilograms: type.kilograms, shift: type.shift,
            breakRule: type.breakRule, costs: type.costs, equipment: type.equipment))
      }
    }

    // The depot and the sites on the nearest tertiary or larger road to their targets.
    let mainRoads = network.points(alongRoadsOf: [.tertiary, .secondary, .primary], everyMetres: 100)
    func place(_ target: Coordinate) -> Coordinate {
      let nearest = mainRoads.min { a, b in
        Self.squaredDistance(a.coordinate, target, cosLatitude) < Self.squaredDistance(b.coordinate, target, cosLatitude)
      }
      guard let nearest else { return target }
      return Coordinate(x: nearest.coordinate.x.rounded(toPlaces: 7), y: nearest.coordinate.y.rounded(toPlaces: 7))
    }
    let depotPlace = place(depot)
    let siteFractions = [["residual"], ["bio"], ["paper", "glass"]]
    let siteNames = ["incinerator", "compost", "recycling"]
    let siteHours = [
      ClockWindow(from: ClockTime(hours: 6), to: ClockTime(hours: 16)),
      ClockWindow(from: ClockTime(hours: 6, minutes: 30), to: ClockTime(hours: 15)),
      ClockWindow(from: ClockTime(hours: 7), to: ClockTime(hours: 15, minutes: 30)),
    ]
    var sites: [DisposalFacility] = []
    for (k, target) in disposalTargets.prefix(3).enumerated() {
      let point = place(target)
      sites.append(
        DisposalFacility(
          id: siteNames[k], lon: point.x, lat: point.y, fractions: siteFractions[k], openingHours: siteHours[k],
          unloadTime: k == 2 ? 1_200 : 900))
    }
    return Scenario(
      name: "\(name) (synthetic, \(count) stops, seed \(seed))",
      attribution: """
        Roads: (c) OpenStreetMap contributors, ODbL 1.0. SYNTHETIC: every bin, fill reading, depot and \
        disposal-site position, fleet and cost, made by WasteRouting's SyntheticCity (\(count) stops, seed \
        \(seed), one weekday's district of a city with a collection point every \
        \(String(format: "%.1f", spacing)) m of residential street).
        """,
      date: date, timeZone: timeZone, roadNetwork: Scenario.RoadNetworkSource(path: networkPath),
      fractions: Self.fractions, depots: [FleetDepot(id: "depot", lon: depotPlace.x, lat: depotPlace.y)],
      disposalSites: sites, trucks: trucks, bins: bins,
      selection: SelectionPolicy(overflowFill: 100, optionalFill: 90, nextCollectionInDays: 7, savedVisitValue: 6))
  }

  private static func pick(_ kinds: [Kind], rng: inout SplitMix64) -> Kind {
    var draw = uniform(&rng)
    for kind in kinds {
      if draw < kind.share { return kind }
      draw -= kind.share
    }
    return kinds[0]
  }

  /// A uniform draw from [0, 1).
  private static func uniform(_ rng: inout SplitMix64) -> Double {
    Double(rng.next() >> 11) / Double(UInt64(1) << 53)
  }

  private static func squaredDistance(_ a: Coordinate, _ b: Coordinate, _ cosLatitude: Double) -> Double {
    let dx = (a.x - b.x) * cosLatitude
    let dy = a.y - b.y
    return dx * dx + dy * dy
  }
}

extension Double {
  fileprivate func rounded(toPlaces places: Int) -> Double {
    let scale = pow(10, Double(places))
    return (self * scale).rounded() / scale
  }
}
