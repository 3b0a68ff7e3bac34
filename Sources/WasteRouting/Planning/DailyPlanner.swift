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
/// Steps: load the road network; snap depots, facilities and bins to it (rejecting places off the network
/// or in a cut-off fragment); forecast and select bins (``BinSelector``); compute travel-time and distance
/// matrices between the depots, facilities and selected bins; build a routing ``Problem`` (one vehicle type
/// per group of identical trucks; demands in litres and kilograms); solve it with ``Solver``; and turn the solution into a
/// ``DailyPlan`` with times, loads and road paths.
///
/// Units of the routing problem: distances in metres, times in seconds after local midnight of the
/// planning day, costs in 1/100 000 of the scenario's currency (``costUnitsPerCurrency``).
public struct DailyPlanner: Sendable {
  /// Cost units per unit of the scenario's currency in the routing problem.
  public static let costUnitsPerCurrency: Int64 = 100_000

  /// The scenario to plan.
  public let scenario: Scenario
  /// The scenario file's path, against which the road network path is resolved (`nil`: the current folder).
  public let scenarioPath: String?
  /// The solver's settings (seed and time limit).
  public let configuration: SolverConfiguration

  /// Creates a planner for a validated scenario.
  public init(
    scenario: Scenario, scenarioPath: String? = nil,
    configuration: SolverConfiguration = SolverConfiguration()
  ) {
    self.scenario = scenario
    self.scenarioPath = scenarioPath
    self.configuration = configuration
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
  /// - Parameters:
  ///   - network: The scenario's road network if already loaded (for example by a test or the validator).
  ///   - progress: Called at each step and at each better solution, on the planning task.
  /// - Returns: The plan.
  /// - Throws: ``PlanningError``; nothing is written by the planner in any case.
  public func plan(
    network: RoadNetwork? = nil, progress: (@Sendable (PlanningProgress) -> Void)? = nil
  ) async throws(PlanningError) -> DailyPlan {
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
      do { roads = try await loadNetwork() } catch { throw .scenario(error) }
    }
    let day = try await prepare(network: roads, report: report)
    let solution: Solution
    var objective = 0.0
    if day.problem.clients.isEmpty {
      solution = Solution(routes: [])
    } else {
      report(
        .solving,
        "\(day.problem.clients.count) stops, \(scenario.trucks.count) trucks of \(day.problem.vehicleTypes.count) types",
        nil)
      let scale = Double(Self.costUnitsPerCurrency)
      do {
        let result = try await Solver(configuration).solve(day.problem) { improvement in
          report(
            .solving, "objective \(String(format: "%.2f", Double(improvement.cost) / scale))",
            Double(improvement.cost) / scale)
        }
        solution = result.solution
        objective = Double(result.cost) / scale
      } catch {
        throw .solver(error)
      }
    }
    report(.tracingPaths, "\(solution.routes.count) routes", nil)
    let settings = DailyPlan.Settings(
      seed: configuration.seed, timeLimit: configuration.timeLimit.map(Self.seconds) ?? 0,
      objective: objective,
      elapsed: Self.seconds(started.duration(to: clock.now)))
    let plan = await day.plan(solution, network: roads, scenario: scenario, settings: settings)
    report(
      .finished, "\(plan.totals.binsCollected) bins, \(String(format: "%.1f", plan.totals.kilometres)) km",
      nil)
    return plan
  }

  /// Snaps, forecasts, selects, computes matrices and builds the routing problem.
  func prepare(
    network: RoadNetwork, report: @Sendable (PlanningProgress.Stage, String, Double?) -> Void = { _, _, _ in }
  ) async throws(PlanningError) -> PreparedDay {
    report(.snapping, "\(scenario.bins.count) bins, \(scenario.depots.count) depots", nil)
    let places = snapPlaces(network)
    if let problem = places.problems.first { throw .scenario(problem) }
    report(.selecting, "fitting \(scenario.bins.count) forecasts", nil)
    let selector = BinSelector(scenario: scenario)
    let forecasts = selector.forecasts()
    let selections = selector.select(forecasts: forecasts)
    let chosen = selections.indices.filter { selections[$0].status != .skipped }
    let required = chosen.filter { selections[$0].status == .required }.count
    report(
      .selecting, "\(scenario.bins.count) bins: \(required) required, \(chosen.count - required) optional",
      nil)
    let points = places.depots + places.sites + chosen.map { places.bins[$0] }
    report(.computingMatrices, "\(points.count) × \(points.count) travel times", nil)
    let matrices = await network.travelMatrices(between: points, turns: scenario.roadNetwork.turnRules)
    try checkRoutable(
      matrices,
      binOfPoint: {
        $0 >= places.depots.count + places.sites.count
          ? chosen[$0 - places.depots.count - places.sites.count] : nil
      })
    let problem: Problem
    do {
      problem = try makeProblem(matrices: matrices, bins: chosen, selections: selections)
    } catch {
      throw .problem(error)
    }
    return PreparedDay(
      problem: problem, truckGroups: truckGroups, points: points, clientBins: chosen, forecasts: forecasts,
      selections: selections,
      turns: scenario.roadNetwork.turnRules)
  }

  // MARK: - Snapping and reachability

  /// Every depot, facility and bin that trucks cannot serve: off the network, or cut off from the main
  /// network (by one-way streets, or under turn rules by banned turns). Empty when all are fine.
  ///
  /// ``plan(network:progress:)`` stops at the first of these; this lists them all, for fixing a scenario.
  public func placeProblems(network: RoadNetwork) -> [ScenarioError] {
    snapPlaces(network).problems
  }

  private func snapPlaces(
    _ network: RoadNetwork
  ) -> (depots: [SnappedPoint], sites: [SnappedPoint], bins: [SnappedPoint], problems: [ScenarioError]) {
    let distance = scenario.roadNetwork.maximumSnapDistance
    let either = SnapOptions(maximumDistance: distance, prefersLargestComponent: true)
    let sameSide = SnapOptions(
      maximumDistance: distance, kerbsideFromClass: .service, prefersLargestComponent: true)
    let depots = scenario.depots.map { network.snap($0.coordinate, options: either) }
    let sites = scenario.disposalSites.map { network.snap($0.coordinate, options: either) }
    let bins = scenario.bins.map {
      network.snap($0.coordinate, options: $0.kerbside == .sameSide ? sameSide : either)
    }
    let all = depots + sites + bins
    let routable = network.routability(
      of: all, SearchPlan(network: network, turns: scenario.roadNetwork.turnRules, metric: .time))
    var problems: [ScenarioError] = []
    for (k, point) in all.enumerated() {
      let location: ScenarioLocation
      let isBin = k >= depots.count + sites.count
      if k < depots.count {
        location = ScenarioLocation("depots[\(k)]", id: scenario.depots[k].id)
      } else if !isBin {
        let s = k - depots.count
        location = ScenarioLocation("disposalSites[\(s)]", id: scenario.disposalSites[s].id)
      } else {
        let b = k - depots.count - sites.count
        location = ScenarioLocation("bins[\(b)]", id: scenario.bins[b].id)
      }
      if !point.isSnapped {
        problems.append(.offNetwork(location, maximumDistance: distance))
      } else if !routable[k] {
        problems.append(isBin ? .disconnected(location) : .unreachable(location))
      }
    }
    return (depots, sites, bins, problems)
  }

  /// Rejects points the matrices left out or could not route between (turn rules can cut places off).
  private func checkRoutable(_ matrices: TravelMatrices, binOfPoint: (Int) -> Int?) throws(PlanningError) {
    let depotCount = scenario.depots.count
    func location(_ point: Int) -> ScenarioLocation {
      if point < depotCount { return ScenarioLocation("depots[\(point)]", id: scenario.depots[point].id) }
      if let bin = binOfPoint(point) { return ScenarioLocation("bins[\(bin)]", id: scenario.bins[bin].id) }
      let site = point - depotCount
      return ScenarioLocation("disposalSites[\(site)]", id: scenario.disposalSites[site].id)
    }
    if let point = matrices.excludedPoints.first {
      throw .scenario(
        binOfPoint(point) != nil ? .disconnected(location(point)) : .unreachable(location(point)))
    }
    if let pair = matrices.unreachablePairs.first {
      let point = binOfPoint(pair.to) == nil ? pair.to : pair.from
      throw .scenario(
        binOfPoint(point) != nil ? .disconnected(location(point)) : .unreachable(location(point)))
    }
  }

  // MARK: - The routing problem

  /// The routing problem over depots, facilities and the chosen bins (locations in that order).
  func makeProblem(matrices: TravelMatrices, bins chosen: [Int], selections: [BinSelection])
    throws(ProblemError) -> Problem
  {
    let depotIndex = Dictionary(uniqueKeysWithValues: scenario.depots.enumerated().map { ($1.id, $0) })
    let depots = scenario.depots.map { Depot(name: $0.id, coordinate: $0.coordinate) }
    let sites = scenario.disposalSites.map {
      DisposalSite(
        name: $0.id, coordinate: $0.coordinate, openingHours: $0.openingHours.timeWindow,
        unloadDuration: Int64($0.unloadTime))
    }
    let groups = truckGroups
    let types = groups.map { group in
      let truck = scenario.trucks[group[0]]
      let allowedSites = scenario.disposalSites.indices.filter {
        Set(scenario.disposalSites[$0].fractions).isSuperset(of: truck.fractions)
      }
      return VehicleType(
        name: group.map { scenario.trucks[$0].id }.joined(separator: ","),
        capacities: [
          Int64(truck.capacityLitres.rounded(.down)), Int64(truck.capacityKilograms.rounded(.down)),
        ],
        count: group.count, startDepot: depotIndex[truck.depot]!, endDepot: depotIndex[truck.endDepot]!,
        shift: truck.shift.timeWindow,
        breakRule: truck.breakRule.map {
          BreakRule(duration: Int64($0.duration), window: $0.window.timeWindow)
        },
        allowedDisposalSites: allowedSites.count == scenario.disposalSites.count ? nil : allowedSites,
        fixedCost: Self.costUnits(truck.costs.fixed),
        unitDistanceCost: Self.costUnits(truck.costs.perKilometre / 1_000),
        unitDurationCost: Self.costUnits(truck.costs.perHour / 3_600))
    }
    let clients = chosen.map { b in
      let bin = scenario.bins[b]
      let selection = selections[b]
      let litres = Self.litres(fill: selection.predictedFillToday, of: bin)
      let density = scenario.fraction(bin.fraction)?.density ?? 0
      let allowed = groups.indices.filter {
        let truck = scenario.trucks[groups[$0][0]]
        return truck.fractions.contains(bin.fraction) && Set(truck.equipment).isSuperset(of: bin.access)
      }
      return Client(
        name: bin.id, coordinate: bin.coordinate,
        demands: [Int64(litres.rounded(.up)), Int64((litres * density).rounded(.up))],
        serviceDuration: Int64(bin.serviceTime), timeWindows: Self.merged(bin.timeWindows),
        isRequired: selection.status == .required,
        prize: selection.status == .required ? 0 : Self.costUnits(selection.prize),
        allowedVehicleTypes: allowed.count == groups.count ? nil : allowed)
    }
    func rounded(_ matrix: Matrix<Int64>) -> Matrix<Int64> {
      Matrix(unchecked: matrix.rowCount, matrix.columnCount, matrix.storage.map { ($0 + 500) / 1_000 })
    }
    return try Problem(
      name: scenario.name, depots: depots, disposalSites: sites, clients: clients, vehicleTypes: types,
      distances: rounded(matrices.distances), durations: rounded(matrices.travelTimes),
      costScale: Self.costUnitsPerCurrency, timeScale: 1)
  }

  /// The trucks that become one vehicle type: those alike in everything but their id (depots, fractions,
  /// equipment, capacities, shift, break and costs), in scenario order. Identical trucks in one type spare
  /// the search from trying the same route on each of them.
  var truckGroups: [[Int]] {
    var groups: [[Int]] = []
    var groupOf: [Truck: Int] = [:]
    for (t, truck) in scenario.trucks.enumerated() {
      var key = truck
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

  /// Litres in a bin at `fill` percent, at most its volume (waste beside an overflowing bin is not modelled).
  static func litres(fill: Double, of bin: Bin) -> Double {
    bin.capacity * min(max(fill, 0), 100) / 100
  }

  /// An amount of the scenario's currency in cost units.
  static func costUnits(_ amount: Double) -> Int64 {
    Int64((amount * Double(costUnitsPerCurrency)).rounded())
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
