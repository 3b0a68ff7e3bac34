extension SolutionEvaluator {
  /// Evaluates `solution` against every rule of <doc:RouteSemantics>: schedules, loads, distances,
  /// durations and costs per route, the total cost, vehicles per type, and every violation.
  ///
  /// Routes without a client visit are ignored (as ``Solution/init(routes:excludedClients:)`` drops them).
  /// Each route is scheduled to finish as early as possible (leaving at its shift's opening, or at 0
  /// without shift), then to leave as late as possible while keeping that finish (a backward pass
  /// over the latest feasible start of every visit). A client's service starts in the first window
  /// whose close is not before the arrival; a visit that arrives after its last window closes starts
  /// on arrival and is reported late. The break starts when the previous service ends (or at the
  /// departure, when it comes first), or at its window's opening if later, and costs no travel.
  ///
  /// It shares no code with the search, so that a bug there cannot hide here. Sums saturate instead
  /// of overflowing.
  ///
  /// ```swift
  /// let evaluation = SolutionEvaluator.evaluateInDetail(solution, for: problem)
  /// for violation in evaluation.violations { print(violation) }
  /// print(evaluation.vehicleCount, evaluation.reportedDistance)
  /// ```
  ///
  /// - Complexity: O(total route length × time windows per client + number of clients).
  public static func evaluateInDetail(_ solution: Solution, for problem: Problem) -> DetailedEvaluation {
    var checker = DetailedChecker(problem: problem)
    for (index, route) in solution.routes.enumerated()
    where route.visits.contains(where: { $0.client != nil }) {
      checker.evaluate(route, index: index)
    }
    return checker.finish(excluded: solution.excludedClients)
  }
}

/// The state of one detailed evaluation: visits seen so far, routes and violations.
private struct DetailedChecker {
  let problem: Problem
  let dimensions: Int
  /// Where each client was first seen: (route, visit).
  var firstVisit: [(route: Int, visit: Int)?]
  var vehiclesPerType: [Int]
  var schedules: [RouteSchedule] = []
  var violations: [DetailedEvaluation.Violation] = []

  init(problem: Problem) {
    self.problem = problem
    dimensions = problem.dimensionCount
    firstVisit = Array(repeating: nil, count: problem.clients.count)
    vehiclesPerType = Array(repeating: 0, count: problem.vehicleTypes.count)
  }

  /// One stop of the timetable between the depots.
  struct Stop {
    var kind: ScheduledVisit.Kind
    var visitIndex: Int
    /// Travel time from the previous located stop (0 for the break, which has no location).
    var travelIn: Int64
    var windows: [TimeWindow]
    var service: Int64
  }

  // MARK: - One route

  mutating func evaluate(_ route: Route, index: Int) {
    let routeName = "route \(index + 1)"
    var clientCount = 0
    // Coverage first, whatever the vehicle type.
    for (position, visit) in route.visits.enumerated() {
      guard case .client(let client) = visit else { continue }
      guard problem.clients.indices.contains(client) else {
        report(
          .unknownClient, index, position,
          "\(routeName), visit \(position + 1): client index \(client) does not exist")
        continue
      }
      clientCount += 1
      if let first = firstVisit[client] {
        report(
          .duplicateClient, index, position,
          "\(routeName), visit \(position + 1) (\(name(ofClient: client))): already visited by route \(first.route + 1), visit \(first.visit + 1)"
        )
      } else {
        firstVisit[client] = (index, position)
      }
    }
    guard problem.vehicleTypes.indices.contains(route.vehicleType) else {
      report(
        .unknownVehicleType, index, nil, "\(routeName): vehicle type \(route.vehicleType) does not exist")
      schedules.append(
        RouteSchedule(
          routeIndex: index, vehicleType: route.vehicleType, visits: [], trips: [], totalLoad: zeros,
          clientCount: clientCount, distance: 0, departure: 0, arrival: 0, duration: 0, waiting: 0, cost: 0))
      return
    }
    vehiclesPerType[route.vehicleType] += 1
    let type = problem.vehicleTypes[route.vehicleType]
    let typeName = "vehicle type \(route.vehicleType) (\(type.name.debugDescription))"

    // Stops, distance and loads.
    var stops: [Stop] = []
    var distance: Int64 = 0
    var previous = type.startDepot
    var trip = zeros
    var trips: [[Int64]] = []
    var tripHasClients = false
    var total = zeros
    var loads: [[Int64]] = []  // after each stop
    var breaks = 0
    var clientsSoFar = 0
    var lastClientPosition: Int?
    var lastDisposalPosition: Int?
    var tripExceeded = Array(repeating: false, count: dimensions)
    var totalExceeded = false
    func arrive(at location: Int) -> Int64 {
      distance = sum(distance, problem.distances[previous, location])
      defer { previous = location }
      return problem.durations[previous, location]
    }
    for (position, visit) in route.visits.enumerated() {
      let place = "\(routeName), visit \(position + 1)"
      switch visit {
      case .client(let client):
        guard problem.clients.indices.contains(client) else { continue }
        let data = problem.clients[client]
        let label = "\(place) (\(name(ofClient: client)))"
        if let allowed = data.allowedVehicleTypes, !allowed.contains(route.vehicleType) {
          report(.incompatibleVehicleType, index, position, "\(label): may not be served by \(typeName)")
        }
        let travel = arrive(at: problem.location(ofClient: client))
        stops.append(
          Stop(
            kind: .client(client), visitIndex: position, travelIn: travel, windows: data.timeWindows,
            service: data.serviceDuration))
        for d in data.demands.indices where d < dimensions {
          trip[d] = sum(trip[d], data.demands[d])
          total[d] = sum(total[d], data.demands[d])
        }
        tripHasClients = true
        for d in 0..<dimensions where !tripExceeded[d] {
          let capacity = d < type.capacities.count ? type.capacities[d] : 0
          if trip[d] > capacity {
            tripExceeded[d] = true
            report(
              .capacity, index, position,
              "\(label): the trip's load \(trip[d]) exceeds the capacity \(capacity) in dimension \(d + 1) (trip \(trips.count + 1))"
            )
          }
        }
        if let limit = type.maxTotalLoad, !totalExceeded, total[0] > limit {
          totalExceeded = true
          report(
            .maxTotalLoad, index, position,
            "\(label): the route's total load \(total[0]) exceeds the maximum \(limit)")
        }
        clientsSoFar += 1
        if let limit = type.maxStops, clientsSoFar == limit + 1 {
          report(
            .maxStops, index, position,
            "\(label): client number \(clientsSoFar) exceeds the maximum of \(limit) stops")
        }
        lastClientPosition = position
        loads.append(trip)
      case .disposal(let site):
        guard problem.disposalSites.indices.contains(site) else {
          report(
            .unknownDisposalSite, index, position, "\(place): disposal site index \(site) does not exist")
          continue
        }
        let data = problem.disposalSites[site]
        if let allowed = type.allowedDisposalSites, !allowed.contains(site) {
          report(
            .disallowedDisposalSite, index, position,
            "\(place) (disposal site \(data.name.debugDescription)): \(typeName) may not unload there")
        }
        let travel = arrive(at: problem.location(ofDisposalSite: site))
        stops.append(
          Stop(
            kind: .disposal(site), visitIndex: position, travelIn: travel, windows: [data.openingHours],
            service: data.unloadDuration))
        if tripHasClients { trips.append(trip) }
        trip = zeros
        tripHasClients = false
        tripExceeded = Array(repeating: false, count: dimensions)
        lastDisposalPosition = position
        loads.append(trip)
      case .break:
        breaks += 1
        guard let rule = type.breakRule else {
          report(.unexpectedBreak, index, position, "\(place) (break): \(typeName) has no break rule")
          continue
        }
        if breaks == 2 {
          report(.duplicateBreak, index, position, "\(place) (break): a second break; a route takes at most one")
        }
        stops.append(
          Stop(
            kind: .break, visitIndex: position, travelIn: 0, windows: [rule.window], service: rule.duration))
        loads.append(trip)
      }
    }
    if tripHasClients || trips.isEmpty { trips.append(trip) }
    let endTravel = arrive(at: type.endDepot)
    if !problem.disposalSites.isEmpty, let last = lastClientPosition, (lastDisposalPosition ?? -1) < last {
      report(
        .noFinalDisposal, index, last,
        "\(routeName), visit \(last + 1) (\(name(ofClient: route.visits[last].client ?? 0))): the last client; no disposal visit follows before the end depot"
      )
    }

    // Timetable: earliest finish, then latest departure with that finish.
    let shift = type.shift ?? TimeWindow(earliest: 0, latest: TimeWindow.always.latest)
    let earliest = Timetable(stops: stops, endTravel: endTravel, departure: shift.earliest)
    var latestDeparture = shift.earliest
    var latestArrival = earliest.finish
    var travelNext = endTravel
    for k in stops.indices.reversed() {
      let latestStart = latestArrival - travelNext - stops[k].service
      latestArrival = max(earliest.arrivals[k], Self.latestArrival(stops[k].windows, startingBy: latestStart))
      travelNext = stops[k].travelIn
    }
    latestDeparture = max(shift.earliest, latestArrival - travelNext)
    var timetable = Timetable(stops: stops, endTravel: endTravel, departure: latestDeparture)
    if timetable.finish != earliest.finish { timetable = earliest }  // cannot happen; keeps the rule exact
    if let rule = type.breakRule {
      checkBreak(rule, stops: stops, endTravel: endTravel, breaks: breaks, shift: shift, timetable: &timetable,
                 route: index, name: routeName)
    }

    // Timetable lines and time violations.
    var visits = [
      ScheduledVisit(
        kind: .startDepot(type.startDepot), visitIndex: nil, arrival: timetable.departure,
        start: timetable.departure, departure: timetable.departure, load: zeros)
    ]
    var waiting: Int64 = 0
    for (k, stop) in stops.enumerated() {
      let start = timetable.starts[k]
      let arrival = timetable.arrivals[k]
      waiting = sum(waiting, start - arrival)
      visits.append(
        ScheduledVisit(
          kind: stop.kind, visitIndex: stop.visitIndex, arrival: arrival, start: start,
          departure: sum(start, stop.service), load: loads.indices.contains(k) ? loads[k] : zeros))
      if let close = stop.windows.last?.latest, start > close {
        let late =
          "starts at \(time(start)), after its window closes at \(time(close)) (\(time(start - close)) late)"
        let position = stop.visitIndex
        switch stop.kind {
        case .client(let client):
          report(
            .timeWindow, index, position,
            "\(routeName), visit \(position + 1) (\(name(ofClient: client))): service \(late)")
        case .disposal(let site):
          let site = problem.disposalSites[site].name.debugDescription
          report(
            .timeWindow, index, position,
            "\(routeName), visit \(position + 1) (disposal site \(site)): unloading \(late)")
        case .break:
          report(
            .breakWindow, index, position, "\(routeName), visit \(position + 1) (break): the break \(late)")
        case .startDepot, .endDepot:
          break
        }
      }
    }
    visits.append(
      ScheduledVisit(
        kind: .endDepot(type.endDepot), visitIndex: nil, arrival: timetable.finish, start: timetable.finish,
        departure: timetable.finish, load: trip))
    if let typeShift = type.shift, timetable.finish > typeShift.latest {
      report(
        .shift, index, nil,
        "\(routeName): arrives at the end depot at \(time(timetable.finish)), after the shift ends at \(time(typeShift.latest))"
      )
    }
    let duration = timetable.finish - timetable.departure
    if let limit = type.maxDuration, duration > limit {
      report(
        .maxDuration, index, nil,
        "\(routeName): duration \(time(duration)) exceeds the maximum \(time(limit))")
    }
    if let limit = type.maxDistance, distance > limit {
      report(
        .maxDistance, index, nil,
        "\(routeName): distance \(cost(distance)) exceeds the maximum \(cost(limit))")
    }
    let routeCost = sum(
      type.fixedCost, product(type.unitDistanceCost, distance), product(type.unitDurationCost, duration))
    schedules.append(
      RouteSchedule(
        routeIndex: index, vehicleType: route.vehicleType, visits: visits, trips: trips, totalLoad: total,
        clientCount: clientCount, distance: distance, departure: timetable.departure,
        arrival: timetable.finish,
        duration: duration, waiting: waiting, cost: routeCost))
  }

  /// Checks the break rule of a route: a missing break must not be owed (under the window rule the route
  /// may leave later to start after the window's latest start, which then becomes its timetable), and
  /// under the driving-time rule the driving before and after the break stays within the limit.
  mutating func checkBreak(
    _ rule: BreakRule, stops: [Stop], endTravel: Int64, breaks: Int, shift: TimeWindow,
    timetable: inout Timetable, route index: Int, name routeName: String
  ) {
    if let limit = rule.maxDrivingBeforeBreak {
      let driving = stops.reduce(endTravel) { sum($0, $1.travelIn) }
      guard let b = stops.firstIndex(where: { if case .break = $0.kind { true } else { false } }) else {
        if driving > limit {
          report(
            .missingBreak, index, nil,
            "\(routeName): drives \(time(driving)) without a break, more than the \(time(limit)) allowed")
        }
        return
      }
      let before = stops[..<b].reduce(Int64(0)) { sum($0, $1.travelIn) }
      if before > limit {
        report(
          .drivingTime, index, stops[b].visitIndex,
          "\(routeName): drives \(time(before)) before the break, more than the \(time(limit)) allowed")
      }
      if driving - before > limit {
        report(
          .drivingTime, index, stops[b].visitIndex,
          "\(routeName): drives \(time(driving - before)) after the break, more than the \(time(limit)) allowed")
      }
      return
    }
    guard breaks == 0, timetable.finish > rule.window.earliest else { return }
    // Not back before the window opens: the route owes the break unless it can leave after its latest start.
    let later = Timetable(
      stops: stops, endTravel: endTravel, departure: max(timetable.departure, rule.window.latest))
    let onTime = zip(later.starts, stops).allSatisfy { start, stop in start <= (stop.windows.last?.latest ?? .max) }
    if onTime && later.finish <= shift.latest {
      timetable = later
    } else {
      report(
        .missingBreak, index, nil,
        "\(routeName): no break, but the route is under way during the break window (it is back at \(time(timetable.finish)), after the window opens at \(time(rule.window.earliest)))")
    }
  }

  // MARK: - Whole solution

  mutating func finish(excluded: [ExcludedClient] = []) -> DetailedEvaluation {
    for (index, type) in problem.vehicleTypes.enumerated() {
      if let count = type.count, vehiclesPerType[index] > count {
        report(
          .vehicleCount, nil, nil,
          "vehicle type \(index) (\(type.name.debugDescription)) drives \(vehiclesPerType[index]) routes, only \(count) exist"
        )
      }
    }
    var declared: [Int: ExclusionReason] = [:]
    for exclusion in excluded { declared[exclusion.client] = exclusion.reason }
    var prizes: Int64 = 0
    for (client, data) in problem.clients.enumerated() where firstVisit[client] == nil {
      if let reason = declared[client] {
        if let why = SolutionEvaluator.exclusionProblem(client, reason, in: problem, vehiclesUsed: vehiclesPerType) {
          report(.unjustifiedExclusion, nil, nil, "\(name(ofClient: client)) is left out as \(reason.rule), but \(why)")
        }
      } else if data.isRequired {
        report(.missingClient, nil, nil, "\(name(ofClient: client)) is not visited")
      }
      if !data.isRequired { prizes = sum(prizes, data.prize) }
    }
    for exclusion in excluded {
      if !problem.clients.indices.contains(exclusion.client) {
        report(.unjustifiedExclusion, nil, nil, "an exclusion names client index \(exclusion.client), which does not exist")
      } else if let (route, visit) = firstVisit[exclusion.client] {
        report(
          .unjustifiedExclusion, route, visit,
          "\(name(ofClient: exclusion.client)) is declared left out (\(exclusion.reason.rule)) but route \(route + 1) visits it")
      }
    }
    let distance = schedules.reduce(Int64(0)) { sum($0, $1.distance) }
    let total = sum(schedules.reduce(Int64(0)) { sum($0, $1.cost) }, prizes)
    return DetailedEvaluation(
      isFeasible: violations.isEmpty, cost: total, reportedCost: problem.reportedCost(total),
      distance: distance,
      reportedDistance: problem.reportedCost(distance), unvisitedPrizes: prizes,
      vehiclesPerType: vehiclesPerType,
      vehicleCount: schedules.count, routes: schedules, violations: violations)
  }

  // MARK: - Helpers

  var zeros: [Int64] { Array(repeating: 0, count: dimensions) }

  mutating func report(
    _ kind: DetailedEvaluation.Violation.Kind, _ route: Int?, _ visit: Int?, _ message: String
  ) {
    violations.append(DetailedEvaluation.Violation(kind: kind, route: route, visit: visit, message: message))
  }

  func name(ofClient client: Int) -> String {
    problem.clients.indices.contains(client)
      ? "client \(problem.clients[client].name.debugDescription)" : "client index \(client)"
  }

  /// A duration-unit value in reported time units.
  func time(_ value: Int64) -> String { Self.format(problem.reportedTime(value)) }

  /// A matrix-unit value in reported units.
  func cost(_ value: Int64) -> String { Self.format(problem.reportedCost(value)) }

  static func format(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }

  /// The latest arrival from which service can start by `latestStart` inside one of `windows`.
  ///
  /// `Int64.min` when no window opens by then (the caller keeps the earliest schedule's arrival).
  static func latestArrival(_ windows: [TimeWindow], startingBy latestStart: Int64) -> Int64 {
    guard !windows.isEmpty else { return latestStart }
    var best = Int64.min
    for window in windows where window.earliest <= latestStart {
      best = max(best, min(window.latest, latestStart))
    }
    return best
  }
}

/// Arrival and start times of every stop when the route leaves at `departure`.
private struct Timetable {
  var departure: Int64
  var arrivals: [Int64] = []
  var starts: [Int64] = []
  var finish: Int64 = 0

  init(stops: [DetailedChecker.Stop], endTravel: Int64, departure: Int64) {
    self.departure = departure
    var time = departure
    for stop in stops {
      let arrival = sum(time, stop.travelIn)
      let start = Self.serviceStart(arrival: arrival, windows: stop.windows)
      arrivals.append(arrival)
      starts.append(start)
      time = sum(start, stop.service)
    }
    finish = sum(time, endTravel)
  }

  /// The start in the first window whose close is not before `arrival`, or the arrival itself when
  /// there is no window or every window has closed (a late start, reported as a violation).
  static func serviceStart(arrival: Int64, windows: [TimeWindow]) -> Int64 {
    for window in windows where window.latest >= arrival {
      return max(arrival, window.earliest)
    }
    return arrival
  }
}

/// The sum of `values`, saturating at the bounds of `Int64` instead of overflowing.
private func sum(_ values: Int64...) -> Int64 {
  var total: Int64 = 0
  for value in values {
    let (result, overflow) = total.addingReportingOverflow(value)
    if overflow { return value > 0 ? .max : .min }
    total = result
  }
  return total
}

/// `a × b`, saturating at the bounds of `Int64` instead of overflowing.
private func product(_ a: Int64, _ b: Int64) -> Int64 {
  let (result, overflow) = a.multipliedReportingOverflow(by: b)
  if overflow { return (a < 0) == (b < 0) ? .max : .min }
  return result
}

extension SolutionEvaluator {
  /// Why the declared exclusion of `client` does not hold, or `nil` when it does.
  ///
  /// The intrinsic rules are checked from the problem: no compatible type, a load above every compatible
  /// type's capacity, or (window, disposal site, route limits) no route of its own — the start depot,
  /// the client, any allowed site, the break nowhere or anywhere — that this evaluator accepts. A client
  /// left out for want of vehicles must have no compatible type with an unused vehicle that could serve
  /// it alone.
  static func exclusionProblem(
    _ client: Int, _ reason: ExclusionReason, in problem: Problem, vehiclesUsed: [Int]
  ) -> String? {
    let data = problem.clients[client]
    let types = (data.allowedVehicleTypes ?? Array(problem.vehicleTypes.indices))
      .filter { problem.vehicleTypes.indices.contains($0) }
    switch reason {
    case .noCompatibleVehicle:
      return types.first.map { "vehicle type \($0) may serve it" }
    case let .loadAboveCapacity(dimension, _, _):
      let demand = dimension < data.demands.count ? data.demands[dimension] : 0
      for t in types {
        let capacities = problem.vehicleTypes[t].capacities
        let capacity = dimension < capacities.count ? capacities[dimension] : 0
        if demand <= capacity { return "vehicle type \(t) carries \(capacity) in dimension \(dimension)" }
      }
      return nil
    case .noDisposalSite, .windowUnreachable, .routeLimitExceeded:
      return types.first { servesAlone(client, type: $0, in: problem) }
        .map { "vehicle type \($0) can serve it on a route of its own" }
    case .notEnoughVehicles:
      return types.first { t in
        (problem.vehicleTypes[t].count.map { vehiclesUsed[t] < $0 } ?? true) && servesAlone(client, type: t, in: problem)
      }.map { "a vehicle of type \($0) stays unused and could serve it alone" }
    }
  }

  /// Whether a vehicle of type `t` can serve `client` on a route of its own that breaks no rule.
  static func servesAlone(_ client: Int, type t: Int, in problem: Problem) -> Bool {
    let type = problem.vehicleTypes[t]
    let sites: [Int?] = problem.disposalSites.isEmpty
      ? [nil] : (type.allowedDisposalSites ?? Array(problem.disposalSites.indices)).map { $0 }
    for site in sites {
      let core: [Visit] = [.client(client)] + (site.map { [Visit.disposal($0)] } ?? [])
      var layouts = [core]
      if type.breakRule != nil {
        for k in 0...core.count {
          var layout = core
          layout.insert(.break, at: k)
          layouts.append(layout)
        }
      }
      for visits in layouts {
        var checker = DetailedChecker(problem: problem)
        checker.evaluate(Route(vehicleType: t, visits: visits), index: 0)
        if checker.violations.isEmpty { return true }
      }
    }
    return false
  }
}
