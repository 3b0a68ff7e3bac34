import Foundation

/// A planning day ready to solve: the routing problem, the snapped places behind its locations, the
/// forecasts and selections of all bins, and what the planner left out before solving. Turns a solution
/// into a ``DailyPlan``.
struct PreparedDay: Sendable {
  /// The routing problem (locations: depots, disposal facilities, chosen bins).
  var problem: Problem
  /// The scenario trucks of each vehicle type of ``problem``.
  var truckGroups: [[Int]]
  /// The scenario depot of each depot of ``problem``.
  var depotIndices: [Int]
  /// The scenario facility of each disposal site of ``problem``.
  var siteIndices: [Int]
  /// The snapped place of each location of ``problem``.
  var points: [SnappedPoint]
  /// The scenario bin index of each client.
  var clientBins: [Int]
  /// Every bin's forecast, in scenario order.
  var forecasts: [BinForecast]
  /// Every bin's selection, in scenario order.
  var selections: [BinSelection]
  /// The turn rules of the matrices (paths use the same).
  var turns: TurnRules
  /// The bins left out before solving, by scenario index.
  var binExclusions: [Int: PlanExclusion] = [:]
  /// The trucks left unused, by scenario index.
  var truckExclusions: [Int: PlanExclusion] = [:]
  /// The facilities left out, by scenario index.
  var siteExclusions: [Int: PlanExclusion] = [:]
  /// The travel matrices behind ``problem`` (milliseconds and millimetres), when kept.
  var matrices: TravelMatrices?
  /// The matrix row of each location of ``problem``.
  var rows: [Int] = []
  /// The matrix rows of the extra points of a re-plan (``DailyPlanner/Preparation/extraPoints``).
  var extraRows: [Int] = []

  /// The units of the problem's capacity dimensions, for sentences.
  static let dimensionUnits = ["L", "kg"]

  /// The bins a solution's ``Solution/excludedClients`` name, with their rules, by scenario index.
  func solverExclusions(_ solution: Solution) -> [Int: PlanExclusion] {
    var result: [Int: PlanExclusion] = [:]
    for excluded in solution.excludedClients where clientBins.indices.contains(excluded.client) {
      result[clientBins[excluded.client]] = PlanExclusion.solverExclusion(
        excluded.reason, dimensionUnits: Self.dimensionUnits)
    }
    return result
  }

  /// The bins a solution leaves out with a rule, as errors of a strict planner.
  func solverExclusions(_ solution: Solution, scenario: Scenario) -> [BinExclusion] {
    solverExclusions(solution).sorted { $0.key < $1.key }.compactMap { b, exclusion in
      guard scenario.bins.indices.contains(b) else { return nil }
      return BinExclusion(
        location: ScenarioLocation("bins[\(b)]", id: scenario.bins[b].id),
        isRequired: selections.indices.contains(b) && selections[b].status == .required, exclusion: exclusion)
    }
  }

  /// The plan of a solution: stops with times and loads, road paths, bin outcomes, exclusions and totals.
  func plan(
    _ solution: Solution, network: RoadNetwork, scenario: Scenario,
    settings: DailyPlan.Settings = DailyPlan.Settings(
      seed: 0, timeLimitSeconds: 0, objective: 0, elapsedSeconds: 0)
  ) async -> DailyPlan {
    // The routes of a vehicle type go to its trucks in scenario order.
    var assigned: [Int: Route] = [:]
    var used = [Int](repeating: 0, count: truckGroups.count)
    for route in solution.routes
    where truckGroups.indices.contains(route.vehicleType)
      && used[route.vehicleType] < truckGroups[route.vehicleType].count
    {
      assigned[truckGroups[route.vehicleType][used[route.vehicleType]]] = route
      used[route.vehicleType] += 1
    }
    let routeOfTruck = assigned
    let day = self
    // Path tracing runs one search per leg: on dedicated threads, off the cooperative pool.
    let truckPlans = await DedicatedThread.concurrentMap(
      scenario.trucks.count, named: "waste-routing paths"
    ) { t in
      day.truckPlan(t, route: routeOfTruck[t], network: network, scenario: scenario)
    }
    let binIndex = Dictionary(scenario.bins.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    var served: [Int: (truck: String, stop: Int)] = [:]
    for plan in truckPlans {
      for (k, stop) in plan.stops.enumerated() where stop.kind == .bin {
        if let id = stop.id, let b = binIndex[id] { served[b] = (plan.truckID, k) }
      }
    }
    let exclusions = binExclusions.merging(solverExclusions(solution)) { before, _ in before }
    let outcomes = scenario.bins.indices.map { b -> DailyPlan.BinOutcome in
      let selection = selections[b]
      if let (truck, stop) = served[b] {
        return DailyPlan.BinOutcome(
          selection: selection, truckID: truck, stopIndex: stop, unservedReason: nil)
      }
      if let exclusion = exclusions[b] {
        let status = selection.status == .skipped ? " (skipped today, but it could not be served either)" : ""
        return DailyPlan.BinOutcome(
          selection: selection, truckID: nil, stopIndex: nil,
          unservedReason: "left out: \(exclusion.reason)\(status)", exclusion: exclusion)
      }
      let reason: String =
        switch selection.status {
        case .skipped: selection.reason
        case .optional:
          "optional: its prize of \(String(format: "%.2f", selection.prize)) did not outweigh the detour to it"
        case .required: "required, but the routes leave it out"
        }
      return DailyPlan.BinOutcome(selection: selection, truckID: nil, stopIndex: nil, unservedReason: reason)
    }
    let excludedSites = siteExclusions.sorted { $0.key < $1.key }.compactMap { s, exclusion in
      scenario.disposalSites.indices.contains(s)
        ? DailyPlan.ExcludedDisposalSite(id: scenario.disposalSites[s].id, exclusion: exclusion) : nil
    }
    return DailyPlan(
      scenario: scenario.name, attribution: scenario.attribution, date: scenario.date,
      timeZone: scenario.timeZone, settings: settings, trucks: truckPlans, bins: outcomes,
      excludedDisposalSites: excludedSites, totals: Self.totals(truckPlans, outcomes, scenario: scenario))
  }

  /// One truck's plan; an unused truck gets an empty one.
  func truckPlan(_ t: Int, route: Route?, network: RoadNetwork, scenario: Scenario) -> DailyPlan.TruckPlan {
    let truck = scenario.trucks[t]
    guard let route, !route.clients.isEmpty, problem.vehicleTypes.indices.contains(route.vehicleType) else {
      return DailyPlan.TruckPlan(
        truckID: truck.id, startDepot: truck.depot, endDepot: truck.endDepot, departure: nil, arrival: nil,
        stops: [], legs: [], distanceMetres: 0, durationSeconds: 0, collectedLitres: 0, collectedKilograms: 0,
        tripCount: 0, loadUtilisation: 0, timeUtilisation: 0, cost: 0, exclusion: truckExclusions[t])
    }
    let timing = RouteTiming(route, in: problem)
    let midnight = scenario.date.start(in: scenario.calendarTimeZone)
    func instant(_ time: Int64) -> Date { midnight.addingTimeInterval(Double(time)) }
    let type = problem.vehicleTypes[route.vehicleType]
    var stops: [DailyPlan.PlanStop] = []
    var litres = 0.0
    var kilograms = 0.0
    var collectedLitres = 0.0
    var collectedKilograms = 0.0
    var trips = 0
    // Locations driven through: (stop index or -1, problem location).
    var places: [(stop: Int, location: Int)] = [(-1, type.startDepot)]
    for (k, visit) in route.visits.enumerated() {
      let times = timing.visits[k]
      switch visit {
      case .client(let c):
        let b = clientBins[c]
        let bin = scenario.bins[b]
        let last = BinSelector.lastObservation(of: bin) ?? (instant(times.start), 0, false)
        let fill = forecasts[b].predictedFill(
          at: instant(times.start), lastFill: last.fill, at: last.time, justEmptied: last.emptied)
        // To the centilitre and the decagram, so that plans read well; loads add up the rounded values.
        let volume = BinSelector.rounded(DailyPlanner.litres(fill: fill, of: bin), 100)
        let weight = BinSelector.rounded(volume * (scenario.fraction(bin.fraction)?.density ?? 0), 100)
        litres = BinSelector.rounded(litres + volume, 100)
        kilograms = BinSelector.rounded(kilograms + weight, 100)
        collectedLitres = BinSelector.rounded(collectedLitres + volume, 100)
        collectedKilograms = BinSelector.rounded(collectedKilograms + weight, 100)
        stops.append(
          DailyPlan.PlanStop(
            kind: .bin, id: bin.id, position: bin.coordinate, arrival: instant(times.arrival),
            start: instant(times.start), departure: instant(times.end), litres: volume, kilograms: weight,
            loadLitres: litres, loadKilograms: kilograms))
        places.append((k, problem.location(ofClient: c)))
      case .disposal(let s):
        let site = scenario.disposalSites[siteIndices[s]]
        stops.append(
          DailyPlan.PlanStop(
            kind: .disposal, id: site.id, position: site.coordinate, arrival: instant(times.arrival),
            start: instant(times.start), departure: instant(times.end), litres: litres, kilograms: kilograms,
            loadLitres: 0, loadKilograms: 0))
        litres = 0
        kilograms = 0
        trips += 1
        places.append((k, problem.location(ofDisposalSite: s)))
      case .break:
        stops.append(
          DailyPlan.PlanStop(
            kind: .break, id: nil, position: nil, arrival: instant(times.arrival),
            start: instant(times.start),
            departure: instant(times.end), litres: 0, kilograms: 0, loadLitres: litres,
            loadKilograms: kilograms))
      }
    }
    places.append((stops.count, type.endDepot))
    var legs: [DailyPlan.PlanLeg] = []
    // One prepared search for all of the truck's legs.
    let tracer = PathTracer(network: network, turns: turns)
    for (a, b) in zip(places, places.dropFirst()) {
      let path = tracer.path(from: points[a.location], to: points[b.location])
      legs.append(
        DailyPlan.PlanLeg(
          from: a.stop, to: b.stop,
          distanceMetres: path.map { Double($0.length) / 1_000 }
            ?? Double(problem.distances[a.location, b.location]),
          travelTimeSeconds: path.map { Double($0.travelTime) / 1_000 }
            ?? Double(problem.durations[a.location, b.location]),
          path: path?.coordinates ?? []))
    }
    let distance = legs.reduce(0) { $0 + $1.distanceMetres }
    let duration = Double(timing.arrival - timing.departure)
    let shiftLength = Double(truck.shift.to.secondsAfterMidnight - truck.shift.from.secondsAfterMidnight)
    let cost =
      truck.costs.fixed + truck.costs.perKilometre * distance / 1_000 + truck.costs.perHour * duration / 3_600
    return DailyPlan.TruckPlan(
      truckID: truck.id, startDepot: truck.depot, endDepot: truck.endDepot,
      departure: instant(timing.departure),
      arrival: instant(timing.arrival), stops: stops, legs: legs, distanceMetres: distance,
      durationSeconds: duration,
      collectedLitres: collectedLitres, collectedKilograms: collectedKilograms, tripCount: trips,
      loadUtilisation: trips > 0 ? collectedLitres / (truck.capacityLitres * Double(trips)) : 0,
      timeUtilisation: shiftLength > 0 ? duration / shiftLength : 0, cost: cost)
  }

  static func totals(
    _ trucks: [DailyPlan.TruckPlan], _ bins: [DailyPlan.BinOutcome], scenario: Scenario
  ) -> DailyPlan.Totals {
    let truckOf = Dictionary(scenario.trucks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let used = trucks.filter(\.isUsed)
    func shiftSeconds(_ plan: DailyPlan.TruckPlan) -> Double {
      truckOf[plan.truckID].map {
        Double($0.shift.to.secondsAfterMidnight - $0.shift.from.secondsAfterMidnight)
      }
        ?? 0
    }
    let capacity = used.reduce(0.0) {
      $0 + (truckOf[$1.truckID]?.capacityLitres ?? 0) * Double($1.tripCount)
    }
    let shiftTotal = used.reduce(0.0) { $0 + shiftSeconds($1) }
    let litres = trucks.reduce(0) { $0 + $1.collectedLitres }
    let seconds = trucks.reduce(0) { $0 + $1.durationSeconds }
    let overflow = scenario.selection.overflowFill
    var riskBins = 0
    var riskLitres = 0.0
    for (bin, outcome) in zip(scenario.bins, bins) where !outcome.isServed {
      let fill = outcome.selection.predictedFillAtNextOpportunity
      if fill >= overflow {
        riskBins += 1
        riskLitres += bin.capacity * (fill - overflow) / 100
      }
    }
    func count(_ status: BinSelection.Status, _ include: (DailyPlan.BinOutcome) -> Bool = { _ in true })
      -> Int
    {
      bins.filter { $0.selection.status == status && include($0) }.count
    }
    var byRule: [String: Int] = [:]
    for outcome in bins { if let rule = outcome.exclusion?.rule { byRule[rule.rawValue, default: 0] += 1 } }
    return DailyPlan.Totals(
      kilometres: trucks.reduce(0) { $0 + $1.distanceMetres } / 1_000, hours: seconds / 3_600,
      trucksUsed: used.count, trucksAvailable: trucks.count,
      trucksExcluded: trucks.filter { $0.exclusion != nil }.count,
      binsCollected: bins.filter(\.isServed).count,
      litresCollected: litres, kilogramsCollected: trucks.reduce(0) { $0 + $1.collectedKilograms },
      requiredBins: count(.required), requiredCollected: count(.required, \.isServed),
      requiredExcluded: count(.required) { $0.exclusion != nil }, optionalBins: count(.optional),
      optionalCollected: count(.optional, \.isServed),
      optionalExcluded: count(.optional) { $0.exclusion != nil },
      skippedBins: count(.skipped), binsExcluded: bins.filter { $0.exclusion != nil }.count,
      exclusionsByRule: byRule, overflowRiskBins: riskBins, overflowRiskLitres: riskLitres,
      loadUtilisation: capacity > 0 ? litres / capacity : 0,
      timeUtilisation: shiftTotal > 0 ? seconds / shiftTotal : 0, cost: trucks.reduce(0) { $0 + $1.cost })
  }
}
