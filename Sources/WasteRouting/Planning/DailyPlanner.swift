import Foundation

/// Plans a day of waste collection: joins the road network, the fill forecasts and the routing engine.
///
/// ```swift
/// let scenario = try Scenario.load(path: "fixtures/helsinki/helsinki.scenario.json")
/// let planner = DailyPlanner(
///   scenario: scenario, scenarioPath: "fixtures/helsinki/helsinki.scenario.json",
///   configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(5)))
/// let plan = try await planner.plan { print($0.stage, $0.message) }
/// print(plan.totals.kilometres, plan.totals.binsCollected)
/// ```
///
/// Steps: validate the scenario; load the road network; snap depots, facilities and bins to it; forecast
/// and select bins (``BinSelector``); compute travel-time and distance matrices between the depots,
/// facilities and selected bins; build a routing ``Problem`` (one vehicle type per group of identical
/// trucks; demands in litres and kilograms; every required bin's prize what leaving it out costs); solve
/// it with ``Solver``; and turn the solution into a ``DailyPlan`` with times, loads and road paths.
///
/// One bad bin never fails the day: a bin off the road network or cut off from it, one no usable truck
/// may empty or whose load exceeds every such truck, and every bin the solver leaves out (window
/// unreachable, no room left in the fleet...) is left out of the plan with its rule
/// (``DailyPlan/BinOutcome/exclusion``); when the trucks cannot empty every required bin, the least urgent
/// are left out first (``SelectionPolicy/overflowLitreValue``). A truck whose depot is off the network or
/// that no usable facility can unload is left unused with its rule, and an unusable facility is listed in
/// ``DailyPlan/excludedDisposalSites``; only when no truck remains usable does planning fail. A
/// ``strict`` planner fails fast instead, at the first bin, truck or facility it cannot use.
///
/// Units of the routing problem: distances in metres, times in seconds after local midnight of the
/// planning day, costs in 1/100 000 of the scenario's currency (``costUnitsPerCurrency``).
///
/// In a service, ``plan(network:progress:)`` keeps the cooperative thread pool free (its matrices, search
/// and paths run on dedicated threads) and stops early when its task is cancelled; bound concurrent plans
/// to the number of cores (<doc:LibraryInAService>).
public struct DailyPlanner: Sendable {
  /// Cost units per unit of the scenario's currency in the routing problem.
  public static let costUnitsPerCurrency: Int64 = 100_000

  /// The scenario to plan.
  public let scenario: Scenario
  /// The scenario file's path, against which the road network path is resolved (`nil`: the current folder).
  public let scenarioPath: String?
  /// The solver's settings (seed and time limit).
  public let configuration: SolverConfiguration
  /// Whether every bin, truck or facility that cannot be served or used is an error (``PlanningError``),
  /// as ``Scenario/validateFleetFit()`` and the network checks say, rather than left out with its rule.
  public let strict: Bool

  /// Creates a planner; the scenario is validated when planning starts.
  ///
  /// A configuration with neither a time limit nor an iteration limit (the default here) gives the search
  /// ``automaticTimeLimit(stops:)``: a limit that grows with the day.
  public init(
    scenario: Scenario, scenarioPath: String? = nil,
    configuration: SolverConfiguration = SolverConfiguration(timeLimit: nil), strict: Bool = false
  ) {
    self.scenario = scenario
    self.scenarioPath = scenarioPath
    self.configuration = configuration
    self.strict = strict
  }

  /// The search's time limit for a day of `stops` stops when the configuration sets no limit: 10 seconds
  /// and 8 milliseconds per stop, at most 10 minutes (280 stops: 12.2 s; 1,000: 18 s; 4,000: 42 s; 8,000:
  /// 74 s).
  ///
  /// Measured on synthetic Heidelberg days (``SyntheticCity``, 2 cores, see the README): at 4,000 stops the
  /// plan made in this limit is within 1 % of one made in ten times as long, and the whole plan, network
  /// loading and paths included, takes under a minute.
  public static func automaticTimeLimit(stops: Int) -> Duration {
    .milliseconds(10_000 + 8 * Int64(min(max(0, stops), 73_750)))
  }

  /// The configuration the search runs with for a day of `stops` stops: ``configuration``, with
  /// ``automaticTimeLimit(stops:)`` when it sets neither a time nor an iteration limit.
  public func searchConfiguration(stops: Int) -> SolverConfiguration {
    var resolved = configuration
    if resolved.timeLimit == nil && resolved.maxIterations == nil {
      resolved.timeLimit = Self.automaticTimeLimit(stops: stops)
    }
    return resolved
  }

  /// Reads the scenario's road network, decoding PBF blocks on all cores.
  ///
  /// - Throws: ``ScenarioError/roadNetwork(_:)``.
  public func loadNetwork() async throws(ScenarioError) -> RoadNetwork {
    do {
      return try await RoadNetwork.load(
        path: scenario.roadNetworkPath(relativeTo: scenarioPath), profile: scenario.roadNetwork.profile)
    } catch {
      throw .roadNetwork(error)
    }
  }

  /// Plans the day.
  ///
  /// The long steps run off Swift's cooperative thread pool: the travel matrices and the road paths on
  /// dedicated threads (one per core), the search on a thread of its own (see
  /// ``Solver/solve(_:initial:onImprovement:)``), so a service stays responsive while a plan is made. Bound
  /// the number of plans made at once to the number of cores.
  ///
  /// Cancelling the task stops the search with the best solution so far, and the plan of that solution
  /// is returned; a plan cancelled before the search found any solution (or before it started) throws
  /// `CancellationError`.
  ///
  /// - Parameters:
  ///   - network: The scenario's road network if already loaded (for example by a test or the validator).
  ///   - matrices: Travel matrices between all the scenario's places (``placeMatrices(network:)``), to
  ///     reuse instead of computing the day's; ignored when made for other places.
  ///   - progress: Called at each step and at each better solution (from the search's thread while it
  ///     runs).
  /// - Returns: The plan, with every bin, truck and facility left out and its rule.
  /// - Throws: ``PlanningError``: an invalid scenario (checked first, so a scenario built in code needs no
  ///   separate ``Scenario/validate()``), no usable truck, a solver failure, or when ``strict`` anything
  ///   that cannot be served; or `CancellationError`. Nothing is written by the planner in any case.
  public func plan(
    network: RoadNetwork? = nil, matrices: PlaceMatrices? = nil,
    progress: (@Sendable (PlanningProgress) -> Void)? = nil
  ) async throws -> DailyPlan {
    try Task.checkCancellation()
    try validateScenario()
    let clock = ContinuousClock()
    let started = clock.now
    let report: @Sendable (PlanningProgress.Stage, String, Double?) -> Void = { stage, message, objective in
      let elapsed = started.duration(to: clock.now)
      progress?(
        PlanningProgress(
          stage: stage, message: message, elapsed: Self.seconds(elapsed), bestObjective: objective))
    }
    let roads: RoadNetwork
    if let network {
      roads = network
    } else {
      report(.loadingNetwork, "reading \(scenario.roadNetwork.path)", nil)
      do { roads = try await loadNetwork() } catch { throw PlanningError.scenario(error) }
    }
    let day = try await prepare(network: roads, matrices: matrices, report: report)
    try Task.checkCancellation()
    let solution: Solution
    var objective = 0.0
    var refinement: DailyPlan.Settings.Refinement?
    var iterations = 0
    let configuration = searchConfiguration(stops: day.problem.clients.count)
    if day.problem.clients.isEmpty {
      solution = Solution(routes: [])
    } else {
      let limit = configuration.timeLimit.map(Self.seconds)
      progress?(
        PlanningProgress(
          stage: .solving,
          message: "\(day.problem.clients.count) stops, \(day.truckGroups.joined().count) trucks of \(day.problem.vehicleTypes.count) types"
            + (limit.map { String(format: ", %.0f s", $0) } ?? ""),
          elapsed: Self.seconds(started.duration(to: clock.now)), timeLimit: limit))
      let scale = Double(Self.costUnitsPerCurrency)
      do {
        let result = try await Solver(configuration).solve(day.problem) { improvement in
          report(
            .solving, "objective \(String(format: "%.2f", Double(improvement.cost) / scale))",
            Double(improvement.cost) / scale)
        }
        solution = result.solution
        objective = Double(result.cost) / scale
        iterations = result.iterations
        if configuration.refinement {
          let done = result.refinement
          refinement = DailyPlan.Settings.Refinement(
            runs: done.runs, improvements: done.improvements, objectiveReduction: Double(done.costReduction) / scale,
            seconds: Self.seconds(done.time), pooledRoutes: done.poolSize)
        }
      } catch let error as SolverError {
        throw PlanningError.solver(error)
      }
    }
    if strict {
      let left = day.solverExclusions(solution, scenario: scenario)
      if !left.isEmpty { throw PlanningError.binsCannotBeServed(left) }
    }
    report(.tracingPaths, "\(solution.routes.count) routes", nil)
    let settings = DailyPlan.Settings(
      seed: configuration.seed, timeLimitSeconds: configuration.timeLimit.map(Self.seconds) ?? 0,
      objective: objective,
      elapsedSeconds: Self.seconds(started.duration(to: clock.now)), refinement: refinement,
      iterations: iterations, threads: configuration.resolvedThreads)
    let plan = await day.plan(solution, network: roads, scenario: scenario, settings: settings)
    let left = plan.totals.binsExcluded > 0 ? ", \(plan.totals.binsExcluded) left out" : ""
    report(
      .finished,
      "\(plan.totals.binsCollected) bins\(left), \(String(format: "%.1f", plan.totals.kilometres)) km", nil)
    return plan
  }

  /// ``Scenario/validate()``, and when strict ``Scenario/validateFleetFit()``.
  private func validateScenario() throws(PlanningError) {
    do {
      try scenario.validate()
      if strict { try scenario.validateFleetFit() }
    } catch {
      throw .scenario(error)
    }
  }

  /// What a re-plan changes in ``prepare(network:matrices:report:overrides:)``: bins not to plan, the only trucks
  /// to use (each its own vehicle type), and extra points to include in the travel matrices.
  struct Preparation: Sendable {
    /// Scenario bins left out of the problem (already emptied, cancelled).
    var leaving: Set<Int> = []
    /// The scenario trucks to use, each as a vehicle type of its own, or `nil` for every usable truck,
    /// identical ones grouped.
    var trucks: [Int]?
    /// Points after the problem's locations in the matrices (``PreparedDay/extraRows``).
    var extraPoints: [SnappedPoint] = []
  }

  /// Validates, snaps, forecasts, selects, computes matrices and builds the routing problem, leaving out
  /// (or, when strict, rejecting) what cannot be served.
  func prepare(
    network: RoadNetwork, matrices cache: PlaceMatrices? = nil,
    report: @Sendable (PlanningProgress.Stage, String, Double?) -> Void = { _, _, _ in },
    overrides: Preparation = Preparation()
  ) async throws(PlanningError) -> PreparedDay {
    try validateScenario()
    report(.snapping, "\(scenario.bins.count) bins, \(scenario.depots.count) depots", nil)
    let places = snapPlaces(network)
    if strict, let problem = places.problems.first { throw .scenario(problem) }
    let siteExclusions = places.siteProblems.mapValues(Self.placeExclusion)
    // Off-duty trucks are left unused even by a strict planner: not working is no fault of the scenario.
    let truckExclusions = strict ? excludedTrucks(places).filter { $0.value.rule == .offDuty } : excludedTrucks(places)
    let onlyTrucks = overrides.trucks.map(Set.init)
    let usableTrucks = scenario.trucks.indices.filter {
      truckExclusions[$0] == nil && (onlyTrucks?.contains($0) ?? true)
    }
    guard !usableTrucks.isEmpty else {
      throw .noUsableTruck(
        scenario.trucks.indices.map { t in
          "\(ScenarioLocation("trucks[\(t)]", id: scenario.trucks[t].id)): \(truckExclusions[t]?.description ?? "")"
        })
    }
    let groups = overrides.trucks == nil ? Self.truckGroups(of: usableTrucks, in: scenario) : usableTrucks.map { [$0] }
    let depots = scenario.depots.indices.filter { d in
      usableTrucks.contains {
        [scenario.trucks[$0].depot, scenario.trucks[$0].endDepot].contains(scenario.depots[d].id)
      }
    }
    let sites = scenario.disposalSites.indices.filter { places.siteProblems[$0] == nil }

    report(.selecting, "fitting \(scenario.bins.count) forecasts", nil)
    let selector = BinSelector(scenario: scenario)
    let forecasts = selector.forecasts()
    let selections = selector.select(forecasts: forecasts)
    var binExclusions = places.binProblems.mapValues(Self.placeExclusion)
    var candidates: [Int] = []
    for b in scenario.bins.indices
    where selections[b].status != .skipped && binExclusions[b] == nil && !overrides.leaving.contains(b) {
      if let exclusion = fleetExclusion(of: b, selection: selections[b], groups: groups) {
        binExclusions[b] = exclusion
      } else {
        candidates.append(b)
      }
    }
    if strict {
      let rejected = binExclusions.sorted { $0.key < $1.key }.map {
        binExclusion($0.key, $0.value, selections)
      }
      if !rejected.isEmpty { throw .binsCannotBeServed(rejected) }
    }
    let required = candidates.filter { selections[$0].status == .required }.count
    report(
      .selecting,
      "\(scenario.bins.count) bins: \(required) required, \(candidates.count - required) optional"
        + (binExclusions.isEmpty ? "" : ", \(binExclusions.count) left out"),
      nil)

    let points =
      depots.map { places.depots[$0] } + sites.map { places.sites[$0] } + candidates.map { places.bins[$0] }
      + overrides.extraPoints
    let extraStart = points.count - overrides.extraPoints.count
    report(.computingMatrices, "\(points.count) × \(points.count) travel times", nil)
    let matrices: TravelMatrices
    if let cache, cache.fits(scenario), overrides.extraPoints.isEmpty {
      let placeCount = scenario.depots.count + scenario.disposalSites.count
      matrices = cache.restricted(
        to: depots + sites.map { scenario.depots.count + $0 } + candidates.map { placeCount + $0 })
    } else {
      matrices = await network.travelMatrices(between: points, turns: scenario.roadNetwork.turnRules)
    }
    let fixedCount = depots.count + sites.count
    func location(_ point: Int) -> ScenarioLocation {
      if point < depots.count {
        return ScenarioLocation("depots[\(depots[point])]", id: scenario.depots[depots[point]].id)
      }
      if point < fixedCount {
        let site = sites[point - depots.count]
        return ScenarioLocation("disposalSites[\(site)]", id: scenario.disposalSites[site].id)
      }
      guard point < extraStart else { return ScenarioLocation("trucks", id: "position \(point - extraStart)") }
      let bin = candidates[point - fixedCount]
      return ScenarioLocation("bins[\(bin)]", id: scenario.bins[bin].id)
    }
    // The network checks above make these lists empty in practice (see ``TravelMatrices``); a depot or
    // facility in them stays an error, a bin is left out.
    var cut = Set<Int>()
    for point in matrices.excludedPoints {
      guard point >= fixedCount && point < extraStart else { throw .scenario(.unreachable(location(point))) }
      cut.insert(point)
    }
    for pair in matrices.unreachablePairs {
      if pair.from >= extraStart || pair.to >= extraStart {
        throw .scenario(.unreachable(location(max(pair.from, pair.to))))
      }
      switch (pair.from >= fixedCount, pair.to >= fixedCount) {
      case (false, false): throw .scenario(.unreachable(location(pair.to)))
      case (true, false): cut.insert(pair.from)
      case (_, true): cut.insert(pair.to)
      }
    }
    if strict, let point = cut.min() { throw .scenario(.disconnected(location(point))) }
    for point in cut {
      binExclusions[candidates[point - fixedCount]] = PlanExclusion(
        rule: .disconnected,
        reason: "cut off from the rest of the road network under the turn rules: no route there and back")
    }
    let kept = candidates.indices.filter { !cut.contains(fixedCount + $0) }
    var rowOfPoint = [Int: Int]()
    for (row, point) in matrices.pointIndices.enumerated() { rowOfPoint[point] = row }
    let clients = kept.map { candidates[$0] }
    let pointsKept = Array(0..<fixedCount) + kept.map { fixedCount + $0 }
    var rowOf = [Int: Int]()
    for (row, point) in matrices.pointIndices.enumerated() { rowOf[point] = row }
    let rows = pointsKept.map { rowOf[$0] ?? 0 }
    let problem: Problem
    do {
      problem = try makeProblem(
        matrices: matrices, rows: rows, depots: depots, sites: sites, groups: groups, bins: clients,
        selections: selections)
    } catch {
      throw .problem(error)
    }
    return PreparedDay(
      problem: problem, truckGroups: groups, depotIndices: depots, siteIndices: sites,
      points: pointsKept.map { points[$0] }, clientBins: clients, forecasts: forecasts,
      selections: selections, turns: scenario.roadNetwork.turnRules, binExclusions: binExclusions,
      truckExclusions: truckExclusions, siteExclusions: siteExclusions, matrices: matrices,
      rows: rows, extraRows: (extraStart..<points.count).map { rowOfPoint[$0] ?? 0 })
  }

  /// Travel times and distances between all the scenario's places (depots, facilities, bins), for
  /// ``plan(network:matrices:progress:)`` on many days with the same places.
  ///
  /// - Complexity: one road search per place; under turn rules about 2 ms each on a 14,000-junction
  ///   network, on all cores.
  public func placeMatrices(network: RoadNetwork) async -> PlaceMatrices {
    let places = snapPlaces(network)
    let matrices = await network.travelMatrices(
      between: places.depots + places.sites + places.bins, turns: scenario.roadNetwork.turnRules)
    return PlaceMatrices(
      coordinates: PlaceMatrices.coordinates(of: scenario), turns: scenario.roadNetwork.turnRules,
      matrices: matrices)
  }

  // MARK: - Snapping and reachability

  /// Every depot, facility and bin that trucks cannot serve: off the network, or cut off from the main
  /// network (by one-way streets, or under turn rules by banned turns). Empty when all are fine.
  ///
  /// ``plan(network:progress:)`` leaves out the bins among these (a strict planner stops at the first);
  /// this lists them all, for fixing a scenario. An invalid scenario gives its first validation error.
  public func placeProblems(network: RoadNetwork) -> [ScenarioError] {
    do {
      try scenario.validate()
    } catch {
      return [error]
    }
    return snapPlaces(network).problems
  }

  /// The snapped places and those trucks cannot serve, by scenario index.
  private struct SnappedPlaces {
    var depots: [SnappedPoint]
    var sites: [SnappedPoint]
    var bins: [SnappedPoint]
    var depotProblems: [Int: ScenarioError] = [:]
    var siteProblems: [Int: ScenarioError] = [:]
    var binProblems: [Int: ScenarioError] = [:]
    /// Every problem, depots first, then facilities, then bins.
    var problems: [ScenarioError] {
      [depotProblems, siteProblems, binProblems].flatMap { list in list.keys.sorted().compactMap { list[$0] }
      }
    }
  }

  private func snapPlaces(_ network: RoadNetwork) -> SnappedPlaces {
    let distance = scenario.roadNetwork.maximumSnapDistance
    let either = SnapOptions(maximumDistance: distance, prefersLargestComponent: true)
    let sameSide = SnapOptions(
      maximumDistance: distance, kerbsideFromClass: .service, prefersLargestComponent: true)
    var places = SnappedPlaces(
      depots: scenario.depots.map { network.snap($0.coordinate, options: either) },
      sites: scenario.disposalSites.map { network.snap($0.coordinate, options: either) },
      bins: scenario.bins.map {
        network.snap($0.coordinate, options: $0.kerbside == .sameSide ? sameSide : either)
      })
    let all = places.depots + places.sites + places.bins
    let routable = network.routability(
      of: all, SearchPlan(network: network, turns: scenario.roadNetwork.turnRules, metric: .time))
    let depotCount = places.depots.count
    let fixedCount = depotCount + places.sites.count
    for (k, point) in all.enumerated() where !point.isSnapped || !routable[k] {
      if k < depotCount {
        let location = ScenarioLocation("depots[\(k)]", id: scenario.depots[k].id)
        places.depotProblems[k] =
          point.isSnapped ? .unreachable(location) : .offNetwork(location, maximumDistance: distance)
      } else if k < fixedCount {
        let s = k - depotCount
        let location = ScenarioLocation("disposalSites[\(s)]", id: scenario.disposalSites[s].id)
        places.siteProblems[s] =
          point.isSnapped ? .unreachable(location) : .offNetwork(location, maximumDistance: distance)
      } else {
        let b = k - fixedCount
        let location = ScenarioLocation("bins[\(b)]", id: scenario.bins[b].id)
        places.binProblems[b] =
          point.isSnapped ? .disconnected(location) : .offNetwork(location, maximumDistance: distance)
      }
    }
    return places
  }

  /// The exclusion of a place with a network problem.
  private static func placeExclusion(_ problem: ScenarioError) -> PlanExclusion {
    switch problem {
    case .offNetwork(_, let distance):
      PlanExclusion(
        rule: .offNetwork,
        reason: "no road a truck may use within \(Self.number(distance)) m of its position")
    default:
      PlanExclusion(
        rule: .disconnected,
        reason: "on a road cut off from the rest of the network: trucks cannot get there and back")
    }
  }

  // MARK: - What the fleet cannot serve

  /// The trucks the planner cannot use: a start or end depot with a network problem, or no usable facility
  /// that takes all they carry and opens during their shift.
  private func excludedTrucks(_ places: SnappedPlaces) -> [Int: PlanExclusion] {
    var depotIndex: [String: Int] = [:]
    for (d, depot) in scenario.depots.enumerated() where depotIndex[depot.id] == nil {
      depotIndex[depot.id] = d
    }
    var excluded: [Int: PlanExclusion] = [:]
    for (t, truck) in scenario.trucks.enumerated() {
      if !truck.isWorking(on: scenario.date) {
        let why =
          truck.calendar?.daysOff.contains(scenario.date) == true
          ? "\(scenario.date) is one of its days off"
          : "it does not work on \(Self.weekdayName(scenario.date.isoWeekday))s"
        excluded[t] = PlanExclusion(rule: .offDuty, reason: why)
        continue
      }
      for id in [truck.depot, truck.endDepot] where excluded[t] == nil {
        guard let d = depotIndex[id] else {
          excluded[t] = PlanExclusion(rule: .depotUnusable, reason: "its depot \"\(id)\" does not exist")
          continue
        }
        guard let problem = places.depotProblems[d] else { continue }
        let why =
          if case .offNetwork(_, let distance) = problem {
            "has no road a truck may use within \(Self.number(distance)) m"
          } else {
            "is cut off from the main road network"
          }
        excluded[t] = PlanExclusion(rule: .depotUnusable, reason: "its depot \"\(id)\" \(why)")
      }
      guard excluded[t] == nil else { continue }
      let shift = truck.shift.timeWindow
      let takers = scenario.disposalSites.indices.filter {
        Set(scenario.disposalSites[$0].fractions).isSuperset(of: truck.fractions)
      }
      let open = takers.filter {
        let hours = scenario.disposalSites[$0].openingHours.timeWindow
        return hours.earliest <= shift.latest && hours.latest >= shift.earliest
      }
      let usable = open.filter { places.siteProblems[$0] == nil }
      guard usable.isEmpty else { continue }
      let carried = truck.fractions.joined(separator: ", ")
      let reason =
        if takers.isEmpty {
          "no facility takes all it carries (\(carried))"
        } else if open.isEmpty {
          "no facility that takes all it carries (\(carried)) is open during its shift \(truck.shift)"
        } else {
          "every facility that takes all it carries (\(carried)) is off the road network or cut off from it: "
            + open.map { "\"\(scenario.disposalSites[$0].id)\"" }.joined(separator: ", ")
        }
      excluded[t] = PlanExclusion(rule: .noDisposalSite, reason: reason)
    }
    return excluded
  }

  /// The English name of an ISO 8601 weekday (1 = Monday).
  static func weekdayName(_ weekday: Int) -> String {
    let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return names.indices.contains(weekday - 1) ? names[weekday - 1] : "day \(weekday)"
  }

  /// Why no usable truck can take bin `b`, or `nil`: none carries its fraction with the equipment it
  /// needs, its predicted load exceeds every such truck in litres or kilograms, or its time windows lie
  /// outside the shift of every truck that could take it (by the clock alone; the solver finds the
  /// windows that travel times put out of reach).
  private func fleetExclusion(of b: Int, selection: BinSelection, groups: [[Int]]) -> PlanExclusion? {
    let bin = scenario.bins[b]
    let compatible = groups.compactMap { $0.first }.map { scenario.trucks[$0] }.filter {
      $0.fractions.contains(bin.fraction) && Set($0.equipment).isSuperset(of: bin.access)
    }
    guard !compatible.isEmpty else {
      let needs = bin.access.isEmpty ? "" : " with \(bin.access.joined(separator: ", "))"
      return PlanExclusion(
        rule: .noCompatibleTruck, reason: "no usable truck carries \"\(bin.fraction)\"\(needs)")
    }
    let demand = demands(of: bin, selection: selection)
    let fitting = compatible.filter {
      demand[0] <= Self.capacityUnits($0.capacityLitres)
        && demand[1] <= Self.capacityUnits($0.capacityKilograms)
    }
    if !fitting.isEmpty {
      let windows = Self.merged(bin.timeWindows)
      let service = Int64(bin.serviceTime)
      let reachable =
        windows.isEmpty
        || fitting.contains { truck in
          let shift = truck.shift.timeWindow
          return windows.contains { $0.latest >= shift.earliest && $0.earliest + service <= shift.latest }
        }
      guard !reachable else { return nil }
      let shifts = Set(fitting.map { "\($0.shift)" }).sorted().joined(separator: ", ")
      let times = bin.timeWindows.map { "\($0)" }.joined(separator: ", ")
      return PlanExclusion(
        rule: .windowUnreachable,
        reason:
          "its time windows (\(times)) lie outside the shift of every truck that may empty it (\(shifts))")
    }
    let litres = compatible.map { Self.capacityUnits($0.capacityLitres) }.max() ?? 0
    let kilograms = compatible.map { Self.capacityUnits($0.capacityKilograms) }.max() ?? 0
    let reason =
      demand[0] > litres
      ? "its predicted \(demand[0]) L exceed every compatible truck's capacity (at most \(litres) L)"
      : demand[1] > kilograms
        ? "its predicted \(demand[1]) kg exceed every compatible truck's payload (at most \(kilograms) kg)"
        : "no compatible truck takes both its predicted \(demand[0]) L and \(demand[1]) kg"
    return PlanExclusion(rule: .loadAboveCapacity, reason: reason)
  }

  private func binExclusion(_ b: Int, _ exclusion: PlanExclusion, _ selections: [BinSelection])
    -> BinExclusion
  {
    BinExclusion(
      location: ScenarioLocation("bins[\(b)]", id: scenario.bins[b].id),
      isRequired: selections[b].status == .required, exclusion: exclusion)
  }

  // MARK: - The routing problem

  /// A bin's demands: its predicted litres at the end of today's shifts (rounded up, at most its volume),
  /// and their kilograms.
  func demands(of bin: Bin, selection: BinSelection) -> [Int64] {
    let litres = Self.litres(fill: selection.predictedFillToday, of: bin)
    let density = scenario.fraction(bin.fraction)?.density ?? 0
    return [Int64(litres.rounded(.up)), Int64((litres * density).rounded(.up))]
  }

  /// The routing problem over the given depots, facilities and bins (scenario indices; locations in that
  /// order), with matrix rows `rows` for its locations.
  func makeProblem(
    matrices: TravelMatrices, rows: [Int], depots depotIndices: [Int], sites siteIndices: [Int],
    groups: [[Int]], bins chosen: [Int], selections: [BinSelection]
  ) throws(ProblemError) -> Problem {
    var depotIndex: [String: Int] = [:]
    for (k, d) in depotIndices.enumerated() where depotIndex[scenario.depots[d].id] == nil {
      depotIndex[scenario.depots[d].id] = k
    }
    let depots = depotIndices.map {
      Depot(name: scenario.depots[$0].id, coordinate: scenario.depots[$0].coordinate)
    }
    let sites = siteIndices.map {
      let site = scenario.disposalSites[$0]
      return DisposalSite(
        name: site.id, coordinate: site.coordinate, openingHours: site.openingHours.timeWindow,
        unloadDuration: Int64(site.unloadTime))
    }
    let types = groups.compactMap { group -> VehicleType? in
      guard let first = group.first else { return nil }
      let truck = scenario.trucks[first]
      let allowedSites = siteIndices.indices.filter {
        Set(scenario.disposalSites[siteIndices[$0]].fractions).isSuperset(of: truck.fractions)
      }
      return VehicleType(
        name: group.map { scenario.trucks[$0].id }.joined(separator: ","),
        capacities: [Self.capacityUnits(truck.capacityLitres), Self.capacityUnits(truck.capacityKilograms)],
        count: group.count,
        // Validated scenarios name known depots, and the planner keeps every depot of a usable truck.
        startDepot: depotIndex[truck.depot] ?? -1, endDepot: depotIndex[truck.endDepot] ?? -1,
        shift: truck.shift.timeWindow,
        breakRule: truck.breakRule.map { Self.breakRule($0, shift: truck.shift) },
        allowedDisposalSites: allowedSites.count == siteIndices.count ? nil : allowedSites,
        fixedCost: Self.costUnits(truck.costs.fixed),
        unitDistanceCost: Self.costUnits(truck.costs.perKilometre / 1_000),
        unitDurationCost: Self.costUnits(truck.costs.perHour / 3_600))
    }
    let clients = chosen.map { b in
      let bin = scenario.bins[b]
      let selection = selections[b]
      let allowed = groups.indices.filter {
        guard let first = groups[$0].first else { return false }
        let truck = scenario.trucks[first]
        return truck.fractions.contains(bin.fraction) && Set(truck.equipment).isSuperset(of: bin.access)
      }
      return Client(
        name: bin.id, coordinate: bin.coordinate, demands: demands(of: bin, selection: selection),
        serviceDuration: Int64(bin.serviceTime), timeWindows: Self.merged(bin.timeWindows),
        isRequired: selection.status == .required,
        // Optional: what emptying it saves; required: what leaving it out costs (the least urgent go first).
        prize: Self.costUnits(selection.prize),
        allowedVehicleTypes: allowed.count == groups.count ? nil : allowed)
    }
    // Milliseconds and millimetres, rounded to seconds and metres.
    func rounded(_ matrix: Matrix<Int64>) -> Matrix<Int64> {
      Matrix(size: rows.count) { i, j in (matrix[rows[i], rows[j]] + 500) / 1_000 }
    }
    return try Problem(
      name: scenario.name, depots: depots, disposalSites: sites, clients: clients, vehicleTypes: types,
      distances: rounded(matrices.distances), durations: rounded(matrices.travelTimes),
      costScale: Self.costUnitsPerCurrency, timeScale: 1)
  }

  /// The routing model's break rule for a truck's break: its window (the shift when it has none) and its
  /// driving limit.
  static func breakRule(_ rule: Truck.Break, shift: ClockWindow) -> BreakRule {
    BreakRule(
      duration: Int64(rule.duration), window: (rule.window ?? shift).timeWindow,
      maxDrivingBeforeBreak: rule.maxDrivingBeforeBreak.map(Int64.init))
  }

  /// The given trucks grouped into vehicle types: those alike in everything but their id (depots,
  /// fractions, equipment, capacities, shift, break and costs), in scenario order. Identical trucks in one
  /// type spare the search from trying the same route on each of them.
  static func truckGroups(of trucks: [Int], in scenario: Scenario) -> [[Int]] {
    var groups: [[Int]] = []
    var groupOf: [Truck: Int] = [:]
    for t in trucks {
      var key = scenario.trucks[t]
      key.id = ""
      key.fractions.sort()
      key.equipment.sort()
      if let g = groupOf[key] {
        groups[g].append(t)
      } else {
        groupOf[key] = groups.count
        groups.append([t])
      }
    }
    return groups
  }

  /// A capacity in whole litres or kilograms (validated capacities are at most 1 000 000).
  static func capacityUnits(_ value: Double) -> Int64 {
    value.isFinite ? Int64(max(0, min(value, 1e15)).rounded(.down)) : 0
  }

  /// `value` without a needless `.0`.
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }

  /// Litres in a bin at `fill` percent, at most its volume (waste beside an overflowing bin is not modelled).
  static func litres(fill: Double, of bin: Bin) -> Double {
    bin.capacity * min(max(fill, 0), 100) / 100
  }

  /// An amount of the scenario's currency in cost units (validated amounts stay far inside the range;
  /// others are clamped rather than trapping).
  static func costUnits(_ amount: Double) -> Int64 {
    let units = (amount * Double(costUnitsPerCurrency)).rounded()
    guard units.isFinite else { return units > 0 ? Int64.max / 4 : 0 }
    return Int64(max(-Double(Int64.max / 4), min(units, Double(Int64.max / 4))))
  }

  /// Windows sorted, with overlapping ones joined.
  static func merged(_ windows: [ClockWindow]) -> [TimeWindow] {
    var result: [TimeWindow] = []
    for window in windows.map(\.timeWindow).sorted(by: { $0.earliest < $1.earliest }) {
      if let last = result.last, window.earliest <= last.latest {
        result[result.count - 1].latest = max(last.latest, window.latest)
      } else {
        result.append(window)
      }
    }
    return result
  }

  /// A duration in seconds.
  public static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }
}
