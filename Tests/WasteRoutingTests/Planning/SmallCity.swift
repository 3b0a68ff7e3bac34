import Foundation

@testable import WasteRouting

/// A hand-checkable town: a straight main street of four 0.001° blocks (about 73 m each) driven at
/// 36 km/h, a side street, and a separate two-block fragment 660 m to the north.
///
/// ```
///   20 ── 21                      (fragment, y = 6)
///
///               6                 (side street, y = 1)
///               │
///   1 ── 2 ──── 3 ──── 4 ──── 5   (main street, y = 0)
/// depot  A             C    disposal
/// ```
/// Bin A is required, B (on the side street, by node 6) optional, C skipped.
enum SmallCity {
  static let osm: TinyOSM = {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0), (3, 2, 0), (4, 3, 0), (5, 4, 0), (6, 2, 1), (20, 0, 6), (21, 1, 6)]
    let street = ["highway": "residential", "maxspeed": "36"]
    osm.ways = [(100, [1, 2, 3, 4, 5], street), (101, [3, 6], street), (200, [20, 21], street)]
    return osm
  }()

  static func network() throws -> RoadNetwork { try osm.network() }

  static func time(_ text: String) -> Date { ISO8601Time.parse(text)! }

  static func bin(_ id: String, x: Double, y: Double, capacity: Double, fills: (Double, Double)) -> Bin {
    Bin(
      id: id, lon: TinyOSM.longitude(x), lat: TinyOSM.latitude(y), capacity: capacity, fraction: "residual",
      readings: [
        FillReading(time: time("2026-11-26T06:00:00Z"), fill: fills.0),
        FillReading(time: time("2026-11-27T05:00:00Z"), fill: fills.1),
      ])
  }

  static let truck = Truck(
    id: "T1", depot: "yard", fractions: ["residual"], capacityLitres: 1_000, capacityKilograms: 500,
    shift: ClockWindow(from: ClockTime(hours: 6), to: ClockTime(hours: 14)),
    breakRule: Truck.Break(
      duration: 1_800, window: ClockWindow(from: ClockTime(hours: 9), to: ClockTime(hours: 12))),
    costs: Truck.Costs(fixed: 50, perKilometre: 2, perHour: 36))

  static let scenario = Scenario(
    name: "Small city", attribution: "synthetic test town", date: CalendarDay("2026-11-27")!, timeZone: "UTC",
    roadNetwork: Scenario.RoadNetworkSource(path: "small-city.osm", obeysTurnRules: false),
    fractions: [Fraction(id: "residual", density: 0.1)],
    depots: [FleetDepot(id: "yard", lon: TinyOSM.longitude(0), lat: TinyOSM.latitude(0))],
    disposalSites: [
      DisposalFacility(
        id: "plant", lon: TinyOSM.longitude(4), lat: TinyOSM.latitude(0), fractions: ["residual"],
        openingHours: ClockWindow(from: ClockTime(hours: 6), to: ClockTime(hours: 18)), unloadTime: 600)
    ],
    trucks: [truck],
    bins: [
      bin("A", x: 1, y: 0.05, capacity: 240, fills: (70, 95)),
      bin("B", x: 2, y: 0.9, capacity: 240, fills: (40, 55)),
      bin("C", x: 3, y: 0.05, capacity: 660, fills: (10, 15)),
    ],
    selection: SelectionPolicy(
      overflowFill: 100, optionalFill: 60, nextCollectionInDays: 1, savedVisitValue: 6))
}
