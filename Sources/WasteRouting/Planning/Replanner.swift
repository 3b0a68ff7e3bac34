import Foundation

/// Changes a day's plan during the day: keeps what has been driven, starts each truck where it is with
/// what it carries, and plans the rest again, warm-started from the current routes.
///
/// ```swift
/// let replanner = Replanner(
///   scenario: scenario, scenarioPath: path, plan: morningPlan, events: events,
///   configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(10)), stabilityCost: 20)
/// let plan = try await replanner.replan()
/// print(Replanner.movedBins(from: morningPlan, to: plan).count)
/// ```
///
/// At ``ReplanEvents/now`` (for a truck out of service, at its event's time) the stops a truck has begun
/// are kept as they are. Each truck still at work goes on from its last kept stop (or the position it
/// reported) at `now`, or when that stop ends, with the load the plan (or its report) puts on board: in
/// the routing problem its start is a depot of its own there, its shift begins then, its fixed cost is
/// spent, and what it carries is a required client at its start (served at once) that the first trip
/// unloads. A break already taken is not owed again. Trucks not yet out start from their depot at `now`;
/// trucks back at the depot stay there. The bins already emptied, reported done or cancelled are not
/// planned; the urgent bins added are. Closed roads cost days of travel. The search starts from the
/// current plan's remaining routes (``Solver/solve(_:initial:onImprovement:)``).
///
/// **Stability cost.** With ``stabilityCost`` S > 0 (in the scenario's currency), moving a bin from the
/// truck the plan gave it to another costs S: first, every bin planned on a truck that can still work
/// may only stay on that truck, as an optional stop whose leaving-out costs its prize plus S (a required bin's
/// prize is what leaving it out costs, ``BinSelection/prize``), while the work of trucks out of service
/// and the added bins may go to any truck; the search thus drops a bin from its truck only where keeping
/// it costs more than S on top of its prize. Second, only the bins dropped are offered to every truck
/// (their original status and prize), warm-started from the first answer; the others stay where the
/// first answer put them. The two searches share the time limit (60 % and 40 %). With S = 0 every bin
/// may go to any truck in one search.
public struct Replanner: Sendable {
  /// The scenario the plan was made for (without the events).
  public let scenario: Scenario
  /// The scenario file's path, against which the road network path is resolved.
  public let scenarioPath: String?
  /// The current plan (the morning's, or the last re-plan).
  public let plan: DailyPlan
  /// What happened since.
  public let events: ReplanEvents
  /// The solver's settings; the time limit is the whole re-plan's search time.
  public let configuration: SolverConfiguration
  /// The cost, in the scenario's currency, of moving one bin to another truck than the plan's (0: none).
  public let stabilityCost: Double

  /// Creates a re-planner.
  public init(
    scenario: Scenario, scenarioPath: String? = nil, plan: DailyPlan, events: ReplanEvents,
    configuration: SolverConfiguration = SolverConfiguration(), stabilityCost: Double = 0
  ) {
    self.scenario = scenario
    self.scenarioPath = scenarioPath
    self.plan = plan
    self.events = events
    self.configuration = configuration
    self.stabilityCost = stabilityCost
  }

  /// The bins the new plan empties with another truck than the old one (both plans empty them), by id.
  public static func movedBins(from old: DailyPlan, to new: DailyPlan) -> [String] {
    var before: [String: String] = [:]
    for outcome in old.bins { if let truck = outcome.truckID { before[outcome.selection.binID] = truck } }
    return new.bins.compactMap { outcome in
      guard let truck = outcome.truckID, let was = before[outcome.selection.binID], was != truck else { return nil }
      return outcome.selection.binID
    }
  }

  /// Where a truck stands at the re-plan.
  struct TruckState {
    /// The scenario truck.
    var truck: Int
    /// The stops kept.
    var fixed: Int
    /// When it went out of service.
    var outOfService: Date?
    /// Whether it takes new work.
    var available: Bool
    /// Whether it is under way (kept stops, or a reported position), rather than at its depot.
    var underWay: Bool
    /// Seconds after midnight when it can go on.
    var startTime: Int64
    /// The reported position.
    var reported: Coordinate?
    /// The index of the last kept stop with a place (-1: the start depot).
    var lastPlace: Int
    /// Load on board.
    var litres: Double
    var kilograms: Double
    /// Whether the kept stops include the break.
    var breakTaken: Bool
  }

  /// Makes the new plan.
  ///
  /// - Parameters:
  ///   - network: The scenario's road network if already loaded (closures are applied to a copy).
  ///   - progress: Called at each step.
  /// - Returns: The plan of the whole day: kept stops, then the new ones.
  /// - Throws: ``ReplanError``, or `CancellationError`.
  public func replan(network: RoadNetwork? = nil, progress: (@Sendable (PlanningProgress) -> Void)? = nil)
    async throws -> DailyPlan
  {
    let clock = ContinuousClock()
    let started = clock.now
    try events.check(against: scenario)
    let day = try events.applied(to: scenario)
    guard plan.date == scenario.date else {
      throw ReplanError.planMismatch("the plan is for \(plan.date), the scenario for \(scenario.date)")
    }
    let planner = DailyPlanner(scenario: day, scenarioPath: scenarioPath, configuration: configuration)
    let roads: RoadNetwork
    if let network {
      roads = network
    } else {
      progress?(PlanningProgress(stage: .loadingNetwork, message: day.roadNetwork.path, elapsed: 0, bestObjective: nil))
      do { roads = try await planner.loadNetwork() } catch { throw ReplanError.planning(.scenario(error)) }
    }
    let closures = events.closures
    let closed = roads.closing(
      ways: closures.ways, near: closures.points, maximumDistance: day.roadNetwork.maximumSnapDistance)
    let network = closed.network
    let midnight = day.date.start(in: day.calendarTimeZone)
    func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince(midnight).rounded(.up)) }
    func instant(_ time: Int64) -> Date { midnight.addingTimeInterval(Double(time)) }

    // Each truck's state at `now`.
    let plans = Dictionary(plan.trucks.map { ($0.truckID, $0) }, uniquingKeysWith: { a, _ in a })
    let applying = events.applying
    var states: [TruckState] = []
    for (t, truck) in day.trucks.enumerated() {
      guard let old = plans[truck.id] else { throw ReplanError.planMismatch("truck \(truck.id) is not in the plan") }
      let outAt = applying.first { $0.kind == .truckOutOfService && $0.truck == truck.id }?.time
      let cut = outAt ?? events.now
      let status = applying.last { $0.kind == .truckStatus && $0.truck == truck.id }
      var fixed = old.stops.prefix { $0.start < cut }.count
      let departed = old.departure.map { $0 < cut } ?? false
      if !departed { fixed = 0 }
      let finished = old.isUsed && outAt == nil && (old.arrival.map { $0 <= events.now } ?? false)
      let kept = old.stops.prefix(fixed)
      let lastPlace = kept.indices.last { kept[$0].kind != .break } ?? -1
      let lastEnd = kept.last.map { seconds($0.departure) } ?? 0
      let nowSeconds = seconds(events.now)
      let shift = truck.shift.timeWindow
      var startTime = max(nowSeconds, lastEnd, shift.earliest)
      if let reportedAt = status?.time, status?.position != nil { startTime = max(startTime, seconds(reportedAt)) }
      let underWay = fixed > 0 || (status?.position != nil && departed)
      let available = outAt == nil && !finished && startTime < shift.latest && (old.isUsed || old.exclusion == nil)
      states.append(
        TruckState(
          truck: t, fixed: finished ? old.stops.count : fixed, outOfService: outAt, available: available,
          underWay: underWay, startTime: startTime, reported: underWay ? status?.position?.coordinate : nil,
          lastPlace: lastPlace, litres: status?.litres ?? kept.last?.loadLitres ?? 0,
          kilograms: status?.kilograms ?? kept.last?.loadKilograms ?? 0,
          breakTaken: kept.contains { $0.kind == .break }))
    }

    // Bins not to plan again: emptied by kept stops, reported done, cancelled.
    let binIndex = Dictionary(day.bins.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    var emptied = Set<Int>()
    for state in states {
      guard let old = plans[day.trucks[state.truck].id] else { continue }
      for stop in old.stops.prefix(state.fixed) where stop.kind == .bin {
        if let id = stop.id, let b = binIndex[id] { emptied.insert(b) }
      }
    }
    var done = Set<Int>()
    var cancelled = Set<Int>()
    for event in applying {
      for id in event.bins ?? [] {
        guard let b = binIndex[id], !emptied.contains(b) else { continue }
        if event.kind == .binsDone { done.insert(b) }
        if event.kind == .binsCancelled { cancelled.insert(b) }
      }
    }

    // The places trucks under way start from, as extra matrix points.
    let snapOptions = SnapOptions(maximumDistance: day.roadNetwork.maximumSnapDistance, prefersLargestComponent: true)
    let depotCoordinate = Dictionary(day.depots.map { ($0.id, $0.coordinate) }, uniquingKeysWith: { a, _ in a })
    func startCoordinate(_ state: TruckState) -> Coordinate? {
      if let reported = state.reported { return reported }
      let truck = day.trucks[state.truck]
      guard state.lastPlace >= 0, let old = plans[truck.id] else { return depotCoordinate[truck.depot] }
      return old.stops[state.lastPlace].position
    }
    let moving = states.filter { $0.available && $0.underWay }
    var extraPoints: [SnappedPoint] = []
    for state in moving {
      guard let coordinate = startCoordinate(state) else {
        throw ReplanError.planMismatch("truck \(day.trucks[state.truck].id): its last stop has no position")
      }
      let point = network.snap(coordinate, options: snapOptions)
      guard point.isSnapped else {
        throw ReplanError.planMismatch(
          "truck \(day.trucks[state.truck].id): no road within \(day.roadNetwork.maximumSnapDistance) m of its position")
      }
      extraPoints.append(point)
    }
    let availableTrucks = states.filter(\.available).map(\.truck)

    progress?(
      PlanningProgress(
        stage: .selecting,
        message: "\(availableTrucks.count) trucks at work, \(emptied.count) bins emptied, \(done.count) done elsewhere, \(cancelled.count) cancelled",
        elapsed: DailyPlanner.seconds(started.duration(to: clock.now)), bestObjective: nil))
    var solution = Solution(routes: [])
    var objective = 0.0
    var prepared: PreparedDay?
    var problem: Problem?
    if !availableTrucks.isEmpty {
      let day0: PreparedDay
      do {
        day0 = try await planner.prepare(
          network: network,
          overrides: DailyPlanner.Preparation(
            leaving: emptied.union(done).union(cancelled), trucks: availableTrucks, extraPoints: extraPoints))
      } catch {
        throw ReplanError.planning(error)
      }
      prepared = day0
      try Task.checkCancellation()
      let built = try buildProblem(day0, states: states, moving: moving, plans: plans, day: day, released: nil)
      problem = built.problem
      let scale = Double(DailyPlanner.costUnitsPerCurrency)
      let stages = stabilityCost > 0 ? 2 : 1
      var first = configuration
      if stages == 2, let limit = configuration.timeLimit { first.timeLimit = limit * 0.6 }
      let report: @Sendable (SolverProgress) -> Void = { improvement in
        progress?(
          PlanningProgress(
            stage: .solving, message: "objective \(String(format: "%.2f", Double(improvement.cost) / scale))",
            elapsed: DailyPlanner.seconds(started.duration(to: clock.now)),
            bestObjective: Double(improvement.cost) / scale))
      }
      do {
        let result = try await Solver(first).solve(built.problem, initial: built.initial, onImprovement: report)
        solution = result.solution
        objective = Double(result.cost) / scale
        if stages == 2 {
          // The bins the first search dropped from their trucks go to any truck now.
          let served = Set(solution.routes.flatMap(\.clients))
          let dropped = Set(built.restricted.filter { !served.contains($0) })
          if !dropped.isEmpty {
            let second = try buildProblem(
              day0, states: states, moving: moving, plans: plans, day: day,
              released: (dropped: dropped, keptOn: keptTypes(solution, restricted: built.restricted)))
            var rest = configuration
            if let limit = configuration.timeLimit { rest.timeLimit = limit * 0.4 }
            let result2 = try await Solver(rest).solve(second.problem, initial: solution, onImprovement: report)
            solution = result2.solution
            objective = Double(result2.cost) / scale
            problem = second.problem
          }
        }
      } catch let error as SolverError {
        throw ReplanError.planning(.solver(error))
      }
    }
    progress?(
      PlanningProgress(
        stage: .tracingPaths, message: "\(solution.routes.count) routes",
        elapsed: DailyPlanner.seconds(started.duration(to: clock.now)), bestObjective: nil))
    let settings = DailyPlan.Settings(
      seed: configuration.seed, timeLimitSeconds: configuration.timeLimit.map(DailyPlanner.seconds) ?? 0,
      objective: objective, elapsedSeconds: 0)
    var result = await assemble(
      solution: solution, problem: problem, prepared: prepared, states: states, moving: moving,
      extraPoints: extraPoints, plans: plans, day: day, network: network, done: done, cancelled: cancelled,
      settings: settings, instant: instant)
    result = DailyPlan(
      scenario: result.scenario, attribution: result.attribution, date: result.date, timeZone: result.timeZone,
      settings: DailyPlan.Settings(
        seed: settings.seed, timeLimitSeconds: settings.timeLimitSeconds, objective: objective,
        elapsedSeconds: DailyPlanner.seconds(started.duration(to: clock.now))),
      trucks: result.trucks, bins: result.bins, excludedDisposalSites: result.excludedDisposalSites,
      totals: result.totals)
    progress?(
      PlanningProgress(
        stage: .finished, message: "\(result.totals.binsCollected) bins",
        elapsed: DailyPlanner.seconds(started.duration(to: clock.now)), bestObjective: nil))
    return result
  }

  /// The vehicle type that serves each restricted client in `solution`.
  private func keptTypes(_ solution: Solution, restricted: [Int]) -> [Int: Int] {
    let wanted = Set(restricted)
    var result: [Int: Int] = [:]
    for route in solution.routes {
      for c in route.clients where wanted.contains(c) { result[c] = route.vehicleType }
    }
    return result
  }

  // MARK: - The routing problem

  /// The re-plan's problem: the prepared day's, plus a start depot and a carried-load client per truck
  /// under way, trucks starting when they can go on, and the stability rule; with the warm start.
  ///
  /// - Parameter released: for the second search, the clients dropped (any truck) and the type each kept
  ///   client stays on.
  private func buildProblem(
    _ prepared: PreparedDay, states: [TruckState], moving: [TruckState], plans: [String: DailyPlan.TruckPlan],
    day: Scenario, released: (dropped: Set<Int>, keptOn: [Int: Int])?
  ) throws(ReplanError) -> (problem: Problem, initial: Solution, restricted: [Int]) {
    let base = prepared.problem
    guard let matrices = prepared.matrices else { throw ReplanError.planMismatch("no travel matrices") }
    guard base.vehicleTypes.count <= 64 else {
      throw ReplanError.planMismatch("more than 64 trucks at work: one vehicle type each is more than the search takes")
    }
    let depotCount = base.depots.count
    let siteCount = base.disposalSites.count
    var typeOfTruck: [Int: Int] = [:]
    for (type, group) in prepared.truckGroups.enumerated() { if let t = group.first { typeOfTruck[t] = type } }
    let movingIndex = Dictionary(moving.enumerated().map { ($1.truck, $0) }, uniquingKeysWith: { a, _ in a })
    let nowSeconds = Int64(events.now.timeIntervalSince(day.date.start(in: day.calendarTimeZone)).rounded(.up))

    // Locations: depots, truck starts, sites, clients, carried loads.
    var depots = base.depots
    var rows = Array(prepared.rows[0..<depotCount])
    for (k, state) in moving.enumerated() {
      depots.append(Depot(name: "\(day.trucks[state.truck].id) now", coordinate: nil))
      rows.append(prepared.extraRows[k])
    }
    rows += prepared.rows[depotCount..<(depotCount + siteCount)]
    rows += prepared.rows[(depotCount + siteCount)...]
    var types = base.vehicleTypes
    var clients = base.clients
    var carried: [Int: Int] = [:]  // type → carried-load client
    for (type, group) in prepared.truckGroups.enumerated() {
      guard let t = group.first else { continue }
      let state = states[t]
      var vehicle = types[type]
      let shift = vehicle.shift ?? .always
      let start = state.underWay ? state.startTime : max(shift.earliest, nowSeconds, state.startTime)
      vehicle.shift = TimeWindow(earliest: start, latest: max(start, shift.latest))
      if let rule = vehicle.breakRule {
        let latestStart = min(rule.window.latest, shift.latest - rule.duration)
        if state.breakTaken || rule.window.latest < start || max(rule.window.earliest, start) > latestStart {
          vehicle.breakRule = nil
        }
      }
      if let k = movingIndex[t] {
        vehicle.startDepot = depotCount + k
        vehicle.fixedCost = 0
        let litres = Int64(state.litres.rounded(.up))
        let kilograms = Int64(state.kilograms.rounded(.up))
        if litres > 0 || kilograms > 0 {
          carried[type] = clients.count
          clients.append(
            Client(
              name: "\(day.trucks[t].id) load", demands: [min(litres, vehicle.capacities[0]), min(kilograms, vehicle.capacities[1])],
              serviceDuration: 0, timeWindows: [TimeWindow(earliest: start, latest: start)], isRequired: true,
              prize: 0, allowedVehicleTypes: [type]))
          rows.append(prepared.extraRows[k])
        }
      }
      types[type] = vehicle
    }

    // Where the current plan has each remaining bin: truck and visiting order.
    let clientOfBin = Dictionary(prepared.clientBins.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let binIndex = Dictionary(day.bins.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let siteOf = Dictionary(
      prepared.siteIndices.enumerated().map { (day.disposalSites[$1].id, $0) }, uniquingKeysWith: { a, _ in a })
    var initial: [Route] = []
    var restricted: [Int] = []
    let stabilityUnits = DailyPlanner.costUnits(stabilityCost)
    for state in states where state.available {
      guard let type = typeOfTruck[state.truck], let old = plans[day.trucks[state.truck].id] else { continue }
      var visits: [Visit] = carried[type].map { [.client($0)] } ?? []
      for stop in old.stops.dropFirst(state.fixed) {
        switch stop.kind {
        case .bin:
          guard let id = stop.id, let b = binIndex[id], let c = clientOfBin[b] else { continue }
          visits.append(.client(c))
          if stabilityCost > 0 { restricted.append(c) }
        case .disposal:
          if let id = stop.id, let s = siteOf[id] { visits.append(.disposal(s)) }
        case .break:
          if types[type].breakRule != nil { visits.append(.break) }
        }
      }
      if visits.contains(where: { $0.client != nil }) { initial.append(Route(vehicleType: type, visits: visits)) }
      for c in restricted where released == nil || released?.dropped.contains(c) == false {
        guard clients[c].allowedVehicleTypes != [type] else { continue }
        if visits.contains(.client(c)) {
          let keptType = released?.keptOn[c] ?? type
          clients[c].allowedVehicleTypes = [keptType]
          if released == nil {
            clients[c].isRequired = false
            clients[c].prize = clients[c].prize &+ stabilityUnits
          }
        }
      }
    }
    let size = rows.count
    func rounded(_ matrix: Matrix<Int64>) -> Matrix<Int64> {
      Matrix(size: size) { i, j in (matrix[rows[i], rows[j]] + 500) / 1_000 }
    }
    do {
      let problem = try Problem(
        name: base.name, depots: depots, disposalSites: base.disposalSites, clients: clients, vehicleTypes: types,
        distances: rounded(matrices.distances), durations: rounded(matrices.travelTimes),
        costScale: base.costScale, timeScale: base.timeScale)
      return (problem, Solution(routes: initial), restricted)
    } catch {
      throw ReplanError.planning(.problem(error))
    }
  }

  // MARK: - The new plan

  /// The plan: each truck's kept stops and legs, then its new ones; bin outcomes and totals.
  private func assemble(
    solution: Solution, problem: Problem?, prepared: PreparedDay?, states: [TruckState], moving: [TruckState],
    extraPoints: [SnappedPoint], plans: [String: DailyPlan.TruckPlan], day: Scenario, network: RoadNetwork,
    done: Set<Int>, cancelled: Set<Int>, settings: DailyPlan.Settings, instant: (Int64) -> Date
  ) async -> DailyPlan {
    var routeOfType: [Int: Route] = [:]
    for route in solution.routes { routeOfType[route.vehicleType] = route }
    var typeOfTruck: [Int: Int] = [:]
    for (type, group) in (prepared?.truckGroups ?? []).enumerated() { if let t = group.first { typeOfTruck[t] = type } }
    let movingIndex = Dictionary(moving.enumerated().map { ($1.truck, $0) }, uniquingKeysWith: { a, _ in a })
    let snapOptions = SnapOptions(maximumDistance: day.roadNetwork.maximumSnapDistance, prefersLargestComponent: true)
    var trucks: [DailyPlan.TruckPlan] = []
    for state in states {
      let truck = day.trucks[state.truck]
      guard let old = plans[truck.id] else { continue }
      var stops = Array(old.stops.prefix(state.fixed))
      var legs = old.legs.filter { $0.to < state.fixed }
      var departure = stops.isEmpty ? nil : old.departure
      var arrival: Date?
      var resumptions = old.resumptions
      var outOfService: Date?
      if let out = state.outOfService {
        outOfService = stops.isEmpty ? nil : out
        arrival = stops.isEmpty ? nil : max(out, stops.last?.departure ?? out)
      } else if !state.available {
        stops = old.stops
        legs = old.legs
        departure = old.departure
        arrival = old.arrival
      } else if let problem, let prepared, let type = typeOfTruck[state.truck] {
        let route = routeOfType[type]
        var litres = state.litres
        var kilograms = state.kilograms
        var newStops: [DailyPlan.PlanStop] = []
        // Places driven through: (stop index, snapped point).
        var places: [(stop: Int, point: SnappedPoint)] = []
        let startPoint: SnappedPoint
        if let k = movingIndex[state.truck] {
          startPoint = extraPoints[k]
        } else {
          startPoint = prepared.points[problem.vehicleTypes[type].startDepot]
        }
        var timing: RouteTiming?
        if let route, route.clients.contains(where: { $0 < prepared.clientBins.count }) || state.underWay {
          timing = RouteTiming(route, in: problem)
        }
        if let route, let timing {
          for (k, visit) in route.visits.enumerated() {
            let times = timing.visits[k]
            switch visit {
            case .client(let c):
              guard c < prepared.clientBins.count else { continue }  // the carried load
              let b = prepared.clientBins[c]
              let bin = day.bins[b]
              let last = BinSelector.lastObservation(of: bin) ?? (instant(times.start), 0, false)
              let fill = prepared.forecasts[b].predictedFill(
                at: instant(times.start), lastFill: last.fill, at: last.time, justEmptied: last.emptied)
              let volume = BinSelector.rounded(DailyPlanner.litres(fill: fill, of: bin), 100)
              let weight = BinSelector.rounded(volume * (day.fraction(bin.fraction)?.density ?? 0), 100)
              litres = BinSelector.rounded(litres + volume, 100)
              kilograms = BinSelector.rounded(kilograms + weight, 100)
              places.append((stops.count + newStops.count, prepared.points[prepared.problem.location(ofClient: c)]))
              newStops.append(
                DailyPlan.PlanStop(
                  kind: .bin, id: bin.id, position: bin.coordinate, arrival: instant(times.arrival),
                  start: instant(times.start), departure: instant(times.end), litres: volume, kilograms: weight,
                  loadLitres: litres, loadKilograms: kilograms))
            case .disposal(let s):
              let site = day.disposalSites[prepared.siteIndices[s]]
              places.append((stops.count + newStops.count, prepared.points[prepared.problem.location(ofDisposalSite: s)]))
              newStops.append(
                DailyPlan.PlanStop(
                  kind: .disposal, id: site.id, position: site.coordinate, arrival: instant(times.arrival),
                  start: instant(times.start), departure: instant(times.end), litres: litres, kilograms: kilograms,
                  loadLitres: 0, loadKilograms: 0))
              litres = 0
              kilograms = 0
            case .break:
              newStops.append(
                DailyPlan.PlanStop(
                  kind: .break, id: nil, position: nil, arrival: instant(times.arrival), start: instant(times.start),
                  departure: instant(times.end), litres: 0, kilograms: 0, loadLitres: litres, loadKilograms: kilograms))
            }
          }
        }
        let endDepot = prepared.points[problem.vehicleTypes[type].endDepot]
        if newStops.isEmpty && !state.underWay {
          // Not out yet, and nothing to do: the truck stays at the depot.
          trucks.append(
            Self.truckPlan(
              truck, old: old, stops: [], legs: [], departure: nil, arrival: nil, resumptions: old.resumptions,
              outOfService: nil))
          continue
        }
        let first = stops.count
        stops += newStops
        places.append((stops.count, endDepot))
        // The leg out of the start: from the last kept place (through the reported position, if any).
        let from = state.underWay ? state.lastPlace : -1
        var previous = (stop: from, point: startPoint)
        var through: SnappedPoint?
        if state.reported != nil, state.underWay {
          let lastPoint: SnappedPoint? =
            state.lastPlace >= 0
            ? stops[state.lastPlace].position.map { network.snap($0, options: snapOptions) }
            : prepared.points[day.depots.firstIndex { $0.id == truck.depot }.flatMap { d in prepared.depotIndices.firstIndex(of: d) } ?? 0]
          through = lastPoint
        }
        for place in places {
          var leg = Self.leg(from: previous.point, to: place.point, network: network, turns: prepared.turns, problem: nil)
          if let through {
            let head = Self.leg(from: through, to: previous.point, network: network, turns: prepared.turns, problem: nil)
            leg = DailyPlan.PlanLeg(
              from: previous.stop, to: place.stop, distanceMetres: head.distanceMetres + leg.distanceMetres,
              travelTimeSeconds: head.travelTimeSeconds + leg.travelTimeSeconds, path: head.path + leg.path)
          }
          legs.append(
            DailyPlan.PlanLeg(
              from: previous.stop, to: place.stop, distanceMetres: leg.distanceMetres,
              travelTimeSeconds: leg.travelTimeSeconds, path: leg.path))
          through = nil
          previous = place
        }
        if let timing {
          departure = departure ?? instant(timing.departure)
          arrival = instant(timing.arrival)
        } else {
          let back = legs.last?.travelTimeSeconds ?? 0
          arrival = instant(state.startTime).addingTimeInterval(back)
          departure = departure ?? instant(state.startTime)
        }
        if state.underWay {
          resumptions.append(
            DailyPlan.TruckPlan.Resumption(
              time: instant(state.startTime), stopIndex: first, position: state.reported, litres: state.litres,
              kilograms: state.kilograms))
        }
      }
      trucks.append(
        Self.truckPlan(
          truck, old: old, stops: stops, legs: legs, departure: departure, arrival: arrival,
          resumptions: resumptions, outOfService: outOfService))
    }

    // Bin outcomes.
    let selector = BinSelector(scenario: day)
    let selections = prepared?.selections ?? selector.select(forecasts: selector.forecasts())
    let binIndex = Dictionary(day.bins.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    var served: [Int: (truck: String, stop: Int)] = [:]
    for plan in trucks {
      for (k, stop) in plan.stops.enumerated() where stop.kind == .bin {
        if let id = stop.id, let b = binIndex[id] { served[b] = (plan.truckID, k) }
      }
    }
    var exclusions = prepared?.binExclusions ?? [:]
    if let prepared { exclusions.merge(prepared.solverExclusions(solution)) { before, _ in before } }
    for b in done {
      exclusions[b] = PlanExclusion(rule: .emptiedOutsidePlan, reason: "reported emptied outside the plan")
    }
    for b in cancelled { exclusions[b] = PlanExclusion(rule: .cancelled, reason: "its collection was cancelled today") }
    let outcomes = day.bins.indices.map { b -> DailyPlan.BinOutcome in
      let selection = selections[b]
      if let (truck, stop) = served[b] {
        return DailyPlan.BinOutcome(selection: selection, truckID: truck, stopIndex: stop, unservedReason: nil)
      }
      if let exclusion = exclusions[b] {
        return DailyPlan.BinOutcome(
          selection: selection, truckID: nil, stopIndex: nil, unservedReason: "left out: \(exclusion.reason)",
          exclusion: exclusion)
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
    return DailyPlan(
      scenario: day.name, attribution: day.attribution, date: day.date, timeZone: day.timeZone, settings: settings,
      trucks: trucks, bins: outcomes, excludedDisposalSites: plan.excludedDisposalSites,
      totals: PreparedDay.totals(trucks, outcomes, scenario: day))
  }

  /// A leg between two snapped points, with its road path (or nothing when none exists).
  private static func leg(
    from: SnappedPoint, to: SnappedPoint, network: RoadNetwork, turns: TurnRules, problem: Problem?
  ) -> DailyPlan.PlanLeg {
    let path = network.paths(from: from, to: [to], turns: turns)[0]
    return DailyPlan.PlanLeg(
      from: 0, to: 0, distanceMetres: path.map { Double($0.length) / 1_000 } ?? 0,
      travelTimeSeconds: path.map { Double($0.travelTime) / 1_000 } ?? 0, path: path?.coordinates ?? [])
  }

  /// A truck's plan with its totals recomputed from its stops and legs.
  private static func truckPlan(
    _ truck: Truck, old: DailyPlan.TruckPlan, stops: [DailyPlan.PlanStop], legs: [DailyPlan.PlanLeg],
    departure: Date?, arrival: Date?, resumptions: [DailyPlan.TruckPlan.Resumption], outOfService: Date?
  ) -> DailyPlan.TruckPlan {
    let distance = legs.reduce(0) { $0 + $1.distanceMetres }
    let duration = departure.flatMap { d in arrival.map { $0.timeIntervalSince(d) } } ?? 0
    let collectedLitres = stops.filter { $0.kind == .bin }.reduce(0) { $0 + $1.litres }
    let collectedKilograms = stops.filter { $0.kind == .bin }.reduce(0) { $0 + $1.kilograms }
    let trips = stops.filter { $0.kind == .disposal }.count
    let shiftLength = Double(truck.shift.to.secondsAfterMidnight - truck.shift.from.secondsAfterMidnight)
    let used = !stops.isEmpty
    var result = DailyPlan.TruckPlan(
      truckID: truck.id, startDepot: truck.depot, endDepot: truck.endDepot, departure: used ? departure : nil,
      arrival: used ? arrival : nil, stops: stops, legs: used ? legs : [], distanceMetres: used ? distance : 0,
      durationSeconds: used ? duration : 0, collectedLitres: collectedLitres, collectedKilograms: collectedKilograms,
      tripCount: trips, loadUtilisation: trips > 0 ? collectedLitres / (truck.capacityLitres * Double(trips)) : 0,
      timeUtilisation: shiftLength > 0 && used ? duration / shiftLength : 0,
      cost: used ? truck.costs.fixed + truck.costs.perKilometre * distance / 1_000 + truck.costs.perHour * duration / 3_600 : 0,
      exclusion: used ? nil : old.exclusion)
    result.outOfServiceSince = outOfService
    result.resumptions = used ? resumptions : []
    return result
  }
}
