import Foundation

/// One broken rule found by ``PlanValidator``.
public struct PlanViolation: Sendable, Hashable, CustomStringConvertible {
  /// The rule broken.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// The plan is for another day or names a truck, bin, depot or facility the scenario lacks.
    case mismatch
    /// A required bin is not emptied.
    case requiredBinMissed
    /// A bin is emptied more than once.
    case binServedTwice
    /// A truck empties a bin of a fraction it does not carry, or without the equipment the bin needs.
    case incompatibleBin
    /// A facility receives a fraction it does not take.
    case facilityRefusesFraction
    /// A trip (between disposal visits) carries more than the truck takes.
    case capacityExceeded
    /// The loads reported do not add up.
    case loadMismatch
    /// A truck returns to the depot with waste on board.
    case notEmptyAtEnd
    /// Service outside the bin's time windows, or unloading outside opening hours.
    case timeWindow
    /// A truck leaves before or returns after its shift.
    case shift
    /// A break missing where owed, taken twice, too short or outside its window, or driving beyond the
    /// driving limit before or after it.
    case breakRule
    /// A bin, truck or facility declared left out that is used anyway, or whose rule does not hold.
    case exclusion
    /// Times that go backwards or leave too little time to drive a leg.
    case timeOrder
    /// Legs that do not join, or run off the road network.
    case path
  }

  /// The rule broken.
  public var kind: Kind
  /// The truck concerned, if any.
  public var truckID: String?
  /// What is wrong, naming the truck, stop and bin.
  public var message: String

  /// Creates a violation.
  public init(kind: Kind, truckID: String?, message: String) {
    self.kind = kind
    self.truckID = truckID
    self.message = message
  }

  /// `[kind] truck T1: message`.
  public var description: String {
    "[\(kind.rawValue)] " + (truckID.map { "truck \($0): " } ?? "") + message
  }
}

/// Checks a plan against its scenario, independently of the planner and the solver.
///
/// It recomputes which bins are required from the scenario's readings (``BinSelector``), then walks
/// every truck's stops in order and checks, with its own arithmetic: each required bin emptied exactly once
/// (or declared left out with a rule) and no bin twice; fractions and equipment; the load of each trip
/// against the truck's litres and kilograms, and that the reported loads add up; every truck back empty (a
/// disposal visit after its last bin); service inside the bins' windows and unloading inside opening
/// hours; departure and return inside the shift; the break where owed (see <doc:RouteSemantics>: a window
/// rule when the route is under way during the window, a driving-limit rule when the route drives longer
/// than the limit, with at most the limit before and after it), of the right length inside its window;
/// times that never go backwards and leave each leg its travel time; and, given the road network, legs
/// that join one another and the places they connect and whose every vertex and segment lies on a road.
///
/// A re-planned truck (``Replanner``) is checked the same way, with two allowances: at each of its
/// ``DailyPlan/TruckPlan/resumptions`` the load on board is the one recorded there (what the truck
/// reported, or the plan's), and a truck with ``DailyPlan/TruckPlan/outOfServiceSince`` ends at its last
/// stop: no leg back, no load check at the end, and no break owed when it took none. Check a re-plan
/// against the scenario with its events applied (``ReplanEvents/applied(to:file:)``), which holds the
/// added bins.
///
/// Declared exclusions (``DailyPlan/BinOutcome/exclusion``, ``DailyPlan/TruckPlan/exclusion``,
/// ``DailyPlan/excludedDisposalSites``) are accepted, and the rules that are properties of the bin,
/// truck or facility alone are verified where the validator can: what it excludes is not used;
/// `noCompatibleTruck` and `loadAboveCapacity` from the scenario's trucks and the recomputed loads; a
/// truck's `noDisposalSite` from the facilities; and, given the road network, `offNetwork`,
/// `disconnected` and `depotUnusable` from snapping. Rules that depend on travel times or on the rest of
/// the plan (`windowUnreachable`, `notEnoughTrucks`...) are taken as declared.
public struct PlanValidator: Sendable {
  /// The scenario.
  public let scenario: Scenario
  /// The road network, for the path checks (`nil` skips them).
  public let network: RoadNetwork?
  /// Slack for times written to the second and for rounding, in seconds.
  public var timeTolerance: Double = 1
  /// How far a path vertex or segment midpoint may lie from a road, in metres.
  public var roadTolerance: Double = 2

  /// Creates a validator.
  public init(scenario: Scenario, network: RoadNetwork? = nil) {
    self.scenario = scenario
    self.network = network
  }

  /// Every broken rule, in plan order; empty when the plan is valid.
  public func violations(of plan: DailyPlan) -> [PlanViolation] {
    var found: [PlanViolation] = []
    func flag(_ kind: PlanViolation.Kind, _ truck: String?, _ message: String) {
      found.append(PlanViolation(kind: kind, truckID: truck, message: message))
    }
    if plan.date != scenario.date {
      flag(.mismatch, nil, "the plan is for \(plan.date), the scenario for \(scenario.date)")
    }
    let selector = BinSelector(scenario: scenario)
    let selections = selector.select(forecasts: selector.forecasts())
    let binIndex = Dictionary(scenario.bins.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    var declared: [Int: PlanExclusion] = [:]
    for outcome in plan.bins {
      if let exclusion = outcome.exclusion, let b = binIndex[outcome.selection.binID] {
        declared[b] = exclusion
      }
    }
    checkExclusions(plan, declared: declared, selections: selections, flag: flag)
    var visits = [Int](repeating: 0, count: scenario.bins.count)
    var seenTrucks = Set<String>()
    for truckPlan in plan.trucks {
      guard let truck = scenario.trucks.first(where: { $0.id == truckPlan.truckID }) else {
        flag(.mismatch, truckPlan.truckID, "no such truck in the scenario")
        continue
      }
      if !seenTrucks.insert(truck.id).inserted {
        flag(.mismatch, truck.id, "the truck appears twice in the plan")
      }
      for stop in truckPlan.stops where stop.kind == .bin {
        if let id = stop.id, let b = binIndex[id] { visits[b] += 1 }
      }
      check(truckPlan, of: truck, binIndex: binIndex, flag: flag)
    }
    for (b, bin) in scenario.bins.enumerated() {
      if visits[b] > 1 { flag(.binServedTwice, nil, "bin \(bin.id) is emptied \(visits[b]) times") }
      if selections[b].status == .required && visits[b] == 0 && declared[b] == nil {
        flag(.requiredBinMissed, nil, "required bin \(bin.id) is not emptied (\(selections[b].reason))")
      }
      if let exclusion = declared[b], visits[b] > 0 {
        flag(.exclusion, nil, "bin \(bin.id) is declared left out (\(exclusion.rule.rawValue)) but emptied")
      }
    }
    return found
  }

  // MARK: - Declared exclusions

  private func checkExclusions(
    _ plan: DailyPlan, declared: [Int: PlanExclusion], selections: [BinSelection],
    flag: (PlanViolation.Kind, String?, String) -> Void
  ) {
    // Place problems, when the network is given.
    var binProblems: [String: ScenarioError] = [:]
    var depotProblems: [String: ScenarioError] = [:]
    var siteProblems: [String: ScenarioError] = [:]
    if let network {
      for problem in DailyPlanner(scenario: scenario).placeProblems(network: network) {
        switch problem {
        case .offNetwork, .disconnected, .unreachable: break
        default: continue  // an invalid scenario: its first error, not a place
        }
        guard let id = problem.location.id else { continue }
        let path = problem.location.path
        if path.hasPrefix("bins[") {
          binProblems[id] = problem
        } else if path.hasPrefix("depots[") {
          depotProblems[id] = problem
        } else {
          siteProblems[id] = problem
        }
      }
    }
    func isOffNetwork(_ problem: ScenarioError?) -> Bool {
      if case .offNetwork = problem { true } else { false }
    }
    // Facilities.
    var unusableSites = Set<String>()
    for site in plan.excludedDisposalSites {
      unusableSites.insert(site.id)
      let visited = plan.trucks.contains { $0.stops.contains { $0.kind == .disposal && $0.id == site.id } }
      if visited {
        flag(
          .exclusion, nil,
          "facility \(site.id) is declared unusable (\(site.exclusion.rule.rawValue)) but used")
      }
      if network != nil,
        siteProblems[site.id] == nil
          || (site.exclusion.rule == .offNetwork
            && !isOffNetwork(siteProblems[site.id]))
      {
        flag(
          .exclusion, nil, "facility \(site.id) is declared \(site.exclusion.rule.rawValue), but it is not")
      }
    }
    // Trucks.
    var usableTrucks: [Truck] = []
    let plannedTrucks = Dictionary(plan.trucks.map { ($0.truckID, $0) }, uniquingKeysWith: { a, _ in a })
    for truck in scenario.trucks {
      guard let exclusion = plannedTrucks[truck.id]?.exclusion else {
        usableTrucks.append(truck)
        continue
      }
      if plannedTrucks[truck.id]?.isUsed == true {
        flag(.exclusion, truck.id, "declared unusable (\(exclusion.rule.rawValue)) but it drives")
      }
      switch exclusion.rule {
      case .depotUnusable:
        if network != nil, depotProblems[truck.depot] == nil, depotProblems[truck.endDepot] == nil {
          flag(.exclusion, truck.id, "declared depotUnusable, but its depots are on the road network")
        }
      case .noDisposalSite:
        let shift = truck.shift
        let site = scenario.disposalSites.first {
          !unusableSites.contains($0.id) && Set($0.fractions).isSuperset(of: truck.fractions)
            && $0.openingHours.from <= shift.to && $0.openingHours.to >= shift.from
        }
        if let site {
          flag(
            .exclusion, truck.id,
            "declared noDisposalSite, but facility \(site.id) takes all it carries during its shift")
        }
      default:
        break
      }
    }
    // Bins.
    let density = Dictionary(scenario.fractions.map { ($0.id, $0.density) }, uniquingKeysWith: { a, _ in a })
    for (b, exclusion) in declared.sorted(by: { $0.key < $1.key }) {
      let bin = scenario.bins[b]
      func unfounded(_ why: String) {
        flag(.exclusion, nil, "bin \(bin.id) is declared \(exclusion.rule.rawValue), but \(why)")
      }
      let compatible = usableTrucks.filter {
        $0.fractions.contains(bin.fraction) && Set($0.equipment).isSuperset(of: bin.access)
      }
      switch exclusion.rule {
      case .offNetwork:
        if network != nil, !isOffNetwork(binProblems[bin.id]) { unfounded("a road lies within reach") }
      case .disconnected:
        if network != nil, binProblems[bin.id] == nil { unfounded("it is on the main road network") }
      case .noCompatibleTruck:
        if let truck = compatible.first { unfounded("truck \(truck.id) may empty it") }
      case .loadAboveCapacity:
        let litres = DailyPlanner.litres(fill: selections[b].predictedFillToday, of: bin)
        let kilograms = litres * (density[bin.fraction] ?? 0)
        let fitting = compatible.first {
          litres.rounded(.up) <= $0.capacityLitres.rounded(.down)
            && kilograms.rounded(.up) <= $0.capacityKilograms.rounded(.down)
        }
        if let truck = fitting {
          unfounded(
            "its predicted \(Self.whole(litres.rounded(.up))) L and \(Self.whole(kilograms.rounded(.up))) kg fit truck \(truck.id)"
          )
        }
      default:
        break
      }
    }
  }

  // MARK: - One truck

  private func check(
    _ plan: DailyPlan.TruckPlan, of truck: Truck, binIndex: [String: Int],
    flag report: (PlanViolation.Kind, String?, String) -> Void
  ) {
    let id = truck.id
    func flag(_ kind: PlanViolation.Kind, _ message: String) { report(kind, id, message) }
    if plan.startDepot != truck.depot || plan.endDepot != truck.endDepot {
      flag(
        .mismatch,
        "depots \(plan.startDepot) → \(plan.endDepot), the scenario says \(truck.depot) → \(truck.endDepot)")
    }
    guard !plan.stops.isEmpty else {
      if !plan.legs.isEmpty { flag(.path, "an unused truck has legs") }
      return
    }
    guard let departure = plan.departure, let arrival = plan.arrival else {
      flag(.shift, "a used truck without departure or return time")
      return
    }
    let midnight = scenario.date.start(in: scenario.calendarTimeZone)
    func clock(_ date: Date) -> Double { date.timeIntervalSince(midnight) }
    let tolerance = timeTolerance
    if clock(departure) < Double(truck.shift.from.secondsAfterMidnight) - tolerance {
      flag(.shift, "leaves at \(stamp(departure)), before its shift \(truck.shift)")
    }
    if clock(arrival) > Double(truck.shift.to.secondsAfterMidnight) + tolerance {
      flag(.shift, "returns at \(stamp(arrival)), after its shift \(truck.shift)")
    }
    let density = Dictionary(scenario.fractions.map { ($0.id, $0.density) }, uniquingKeysWith: { a, _ in a })
    var litres = 0.0
    var kilograms = 0.0
    var fractionsOnBoard = Set<String>()
    var breaks = 0
    var breakStop: Int?
    var previousEnd = departure
    // A re-plan took the day over here: the load is what the truck then carried (reported or planned).
    func resume(at k: Int) {
      if let resumption = plan.resumptions.last(where: { $0.stopIndex == k }) {
        litres = resumption.litres
        kilograms = resumption.kilograms
      }
    }
    for (k, stop) in plan.stops.enumerated() {
      resume(at: k)
      let name = "stop \(k) (\(stop.kind.rawValue)\(stop.id.map { " \($0)" } ?? ""))"
      if stop.arrival < previousEnd.addingTimeInterval(-tolerance)
        || stop.start < stop.arrival.addingTimeInterval(-tolerance)
        || stop.departure < stop.start.addingTimeInterval(-tolerance)
      {
        flag(.timeOrder, "\(name): times go backwards")
      }
      previousEnd = stop.departure
      switch stop.kind {
      case .bin:
        guard let binID = stop.id, let b = binIndex[binID] else {
          flag(.mismatch, "\(name): no such bin in the scenario")
          continue
        }
        let bin = scenario.bins[b]
        if !truck.fractions.contains(bin.fraction) {
          flag(.incompatibleBin, "\(name): the truck does not carry \(bin.fraction)")
        }
        if !Set(truck.equipment).isSuperset(of: bin.access) {
          flag(.incompatibleBin, "\(name): the bin needs \(bin.access.joined(separator: ", "))")
        }
        if stop.litres < 0 || stop.litres > bin.capacity + 1e-6 {
          flag(.loadMismatch, "\(name): collects \(stop.litres) L from a \(bin.capacity) L bin")
        }
        let weight = stop.litres * (density[bin.fraction] ?? 0)
        if abs(weight - stop.kilograms) > 0.01 + 1e-6 * weight {
          flag(.loadMismatch, "\(name): \(stop.kilograms) kg for \(stop.litres) L of \(bin.fraction)")
        }
        if !bin.timeWindows.isEmpty {
          let start = clock(stop.start)
          let inside = bin.timeWindows.contains {
            start >= Double($0.from.secondsAfterMidnight) - tolerance
              && start <= Double($0.to.secondsAfterMidnight) + tolerance
          }
          if !inside {
            flag(.timeWindow, "\(name): service at \(stamp(stop.start)) is outside the bin's windows")
          }
        }
        if stop.departure.timeIntervalSince(stop.start) < Double(bin.serviceTime) - tolerance {
          flag(.timeOrder, "\(name): less than the bin's service time of \(bin.serviceTime) s")
        }
        litres += stop.litres
        kilograms += stop.kilograms
        fractionsOnBoard.insert(bin.fraction)
        if litres > truck.capacityLitres + 1e-6 {
          flag(
            .capacityExceeded,
            "\(name): \(Self.whole(litres.rounded())) L on board, the truck takes \(Self.whole(truck.capacityLitres)) L"
          )
        }
        if kilograms > truck.capacityKilograms + 1e-6 {
          flag(
            .capacityExceeded,
            "\(name): \(Self.whole(kilograms.rounded())) kg on board, the truck takes \(Self.whole(truck.capacityKilograms)) kg"
          )
        }
      case .disposal:
        guard let siteID = stop.id, let site = scenario.disposalSites.first(where: { $0.id == siteID }) else {
          flag(.mismatch, "\(name): no such disposal facility in the scenario")
          continue
        }
        let refused = fractionsOnBoard.subtracting(site.fractions)
        if !refused.isEmpty {
          flag(.facilityRefusesFraction, "\(name): does not take \(refused.sorted().joined(separator: ", "))")
        }
        if abs(stop.litres - litres) > 0.01 {
          flag(.loadMismatch, "\(name): unloads \(stop.litres) L, \(litres) L were on board")
        }
        let start = clock(stop.start)
        if start < Double(site.openingHours.from.secondsAfterMidnight) - tolerance
          || start > Double(site.openingHours.to.secondsAfterMidnight) + tolerance
        {
          flag(.timeWindow, "\(name): unloads at \(stamp(stop.start)), outside \(site.openingHours)")
        }
        if stop.departure.timeIntervalSince(stop.start) < Double(site.unloadTime) - tolerance {
          flag(.timeOrder, "\(name): less than the unloading time of \(site.unloadTime) s")
        }
        litres = 0
        kilograms = 0
        fractionsOnBoard = []
      case .break:
        breaks += 1
        breakStop = breakStop ?? k
        guard let rule = truck.breakRule else {
          flag(.breakRule, "\(name): the truck has no break rule")
          continue
        }
        let start = clock(stop.start)
        let window = rule.window ?? truck.shift
        if start < Double(window.from.secondsAfterMidnight) - tolerance
          || start > Double(window.to.secondsAfterMidnight) + tolerance
        {
          flag(.breakRule, "\(name): starts at \(stamp(stop.start)), outside \(window)")
        }
        if stop.departure.timeIntervalSince(stop.start) < Double(rule.duration) - tolerance {
          flag(
            .breakRule,
            "\(name): lasts \(Self.whole(stop.departure.timeIntervalSince(stop.start))) s, the rule says \(rule.duration) s"
          )
        }
      }
      if abs(stop.loadLitres - litres) > 0.01 || abs(stop.loadKilograms - kilograms) > 0.01 {
        flag(.loadMismatch, "\(name): reports \(stop.loadLitres) L on board, the stops add up to \(litres) L")
      }
    }
    resume(at: plan.stops.count)
    let outOfService = plan.outOfServiceSince != nil
    if let rule = truck.breakRule, !(outOfService && breaks == 0) {
      checkBreak(
        rule, of: truck, plan: plan, breaks: breaks, at: breakStop, departure: clock(departure),
        arrival: clock(arrival), flag: flag)
    }
    if litres > 0.01 && !outOfService {
      flag(.notEmptyAtEnd, "returns with \(Self.whole(litres.rounded())) L on board")
    }
    if arrival < previousEnd.addingTimeInterval(-tolerance) {
      flag(.timeOrder, "returns before its last stop ends")
    }
    checkLegs(plan, truck: truck, flag: flag)
  }

  /// Whether the break is owed (see <doc:RouteSemantics>), taken exactly once when it is and at most once
  /// otherwise, and, under a driving limit, whether the driving before it and after it stays within it.
  private func checkBreak(
    _ rule: Truck.Break, of truck: Truck, plan: DailyPlan.TruckPlan, breaks: Int, at breakStop: Int?,
    departure: Double, arrival: Double, flag: (PlanViolation.Kind, String) -> Void
  ) {
    let tolerance = timeTolerance
    let owed: Bool
    let why: String
    if let limit = rule.maxDrivingBeforeBreak {
      let driving = plan.legs.reduce(0) { $0 + $1.travelTimeSeconds }
      owed = driving > Double(limit) + tolerance * Double(plan.legs.count)
      why = "it drives \(Self.whole(driving.rounded())) s, the limit before a break is \(limit) s"
    } else if let window = rule.window {
      // A route back by the time the window opens, or leaving once it has closed, owes no break.
      owed =
        arrival > Double(window.from.secondsAfterMidnight) + tolerance
        && departure < Double(window.to.secondsAfterMidnight) - tolerance
      why = "the route works into the break window \(window)"
    } else {
      owed = true
      why = "the rule has neither window nor driving limit"
    }
    if owed && breaks != 1 {
      flag(.breakRule, "takes \(breaks) breaks, the rule asks for exactly one (\(why))")
    } else if !owed && breaks > 1 {
      flag(.breakRule, "takes \(breaks) breaks, the rule allows one at most")
    }
    guard let limit = rule.maxDrivingBeforeBreak.map(Double.init), let k = breakStop, breaks == 1 else {
      return
    }
    // The break is taken where the truck stands: legs ending before it are driven before it.
    let before = plan.legs.filter { $0.to < k }
    let after = plan.legs.filter { $0.to >= k }
    for (part, legs) in [("before", before), ("after", after)] {
      let driving = legs.reduce(0) { $0 + $1.travelTimeSeconds }
      if driving > limit + tolerance * Double(legs.count) {
        flag(
          .breakRule,
          "drives \(Self.whole(driving.rounded())) s \(part) the break, the limit is \(Self.whole(limit)) s")
      }
    }
  }

  // MARK: - Legs and paths

  private func checkLegs(
    _ plan: DailyPlan.TruckPlan, truck: Truck, flag: (PlanViolation.Kind, String) -> Void
  ) {
    // The places driven between: the start depot, each stop with a position, the end depot.
    let moving = plan.stops.indices.filter { plan.stops[$0].kind != .break }
    var expected = Array(zip([-1] + moving, moving + [plan.stops.count]))
    // A truck that went out of service does not drive back.
    if plan.outOfServiceSince != nil { expected.removeLast() }
    let actual = plan.legs.map { ($0.from, $0.to) }
    guard actual.count == expected.count, zip(actual, expected).allSatisfy({ $0 == $1 }) else {
      flag(
        .path,
        "legs \(actual.map { "\($0.0)→\($0.1)" }.joined(separator: ", ")) do not link the depot, the stops and the depot in order"
      )
      return
    }
    for (k, leg) in plan.legs.enumerated() {
      let ready = leg.from < 0 ? plan.departure : plan.stops[leg.from].departure
      let arrival = leg.to < plan.stops.count ? plan.stops[leg.to].arrival : plan.arrival
      if let ready, let arrival,
        arrival.timeIntervalSince(ready) < leg.travelTimeSeconds - timeTolerance
          - breakTime(plan, between: leg)
      {
        flag(
          .timeOrder,
          "leg \(k): \(Self.whole(leg.travelTimeSeconds)) s of driving in \(Self.whole(arrival.timeIntervalSince(ready))) s"
        )
      }
    }
    guard let network else { return }
    let depots = Dictionary(scenario.depots.map { ($0.id, $0.coordinate) }, uniquingKeysWith: { a, _ in a })
    let snapDistance = scenario.roadNetwork.maximumSnapDistance + roadTolerance
    func place(_ index: Int) -> Coordinate? {
      if index < 0 { return depots[truck.depot] }
      if index >= plan.stops.count { return depots[truck.endDepot] }
      return plan.stops[index].position
    }
    var previousEnd: Coordinate?
    for (k, leg) in plan.legs.enumerated() {
      guard let first = leg.path.first, let last = leg.path.last else {
        flag(.path, "leg \(k) has no path")
        previousEnd = nil
        continue
      }
      if let end = previousEnd, Self.metres(end, first) > roadTolerance {
        flag(.path, "leg \(k) starts \(Self.whole(Self.metres(end, first))) m from where leg \(k - 1) ended")
      }
      previousEnd = last
      if let from = place(leg.from), Self.metres(from, first) > snapDistance {
        flag(.path, "leg \(k) starts \(Self.whole(Self.metres(from, first))) m from its place")
      }
      if let to = place(leg.to), Self.metres(to, last) > snapDistance {
        flag(.path, "leg \(k) ends \(Self.whole(Self.metres(to, last))) m from its place")
      }
      // A plan file may hold anything: only positions on the globe are snapped.
      if let bad = leg.path.first(where: { !Self.isPosition($0) }) {
        flag(.path, "leg \(k) has a point that is not a longitude and latitude: \(bad.x), \(bad.y)")
        continue
      }
      let options = SnapOptions(maximumDistance: roadTolerance)
      var checked = leg.path
      for (a, b) in zip(leg.path, leg.path.dropFirst()) {
        checked.append(Coordinate(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2))
      }
      if let off = checked.first(where: { !network.snap($0, options: options).isSnapped }) {
        flag(.path, "leg \(k) leaves the road network near \(String(format: "%.6f, %.6f", off.x, off.y))")
      }
    }
  }

  /// Seconds of break between the ends of a leg (the break is taken where the truck stands).
  private func breakTime(_ plan: DailyPlan.TruckPlan, between leg: DailyPlan.PlanLeg) -> Double {
    let range = (leg.from + 1)..<max(leg.from + 1, leg.to)
    return range.reduce(0.0) { total, k in
      let stop = plan.stops[k]
      return stop.kind == .break ? total + stop.departure.timeIntervalSince(stop.arrival) : total
    }
  }

  private func stamp(_ date: Date) -> String { ISO8601Time.format(date, in: scenario.calendarTimeZone) }

  /// Whether `point` is a finite longitude (-180...180) and latitude (-90...90).
  static func isPosition(_ point: Coordinate) -> Bool {
    point.x.isFinite && point.y.isFinite && abs(point.x) <= 180 && abs(point.y) <= 90
  }

  /// `value` as a whole number for messages; any double (a plan file may hold absurd or non-finite
  /// numbers) is written without trapping.
  static func whole(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
    return String(Int64(value.rounded()))
  }

  /// Great-circle metres between two positions (haversine).
  static func metres(_ a: Coordinate, _ b: Coordinate) -> Double {
    let radians = Double.pi / 180
    let dLat = (b.y - a.y) * radians
    let dLon = (b.x - a.x) * radians
    let h =
      sin(dLat / 2) * sin(dLat / 2) + cos(a.y * radians) * cos(b.y * radians) * sin(dLon / 2) * sin(dLon / 2)
    return 2 * 6_371_008.8 * asin(min(1, sqrt(h)))
  }
}
