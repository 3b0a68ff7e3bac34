import Foundation

/// Simulates weeks of collection day by day under several policies, on fill processes replayed from real
/// bins, and measures what each policy drives and how many bins overflow.
///
/// Each bin of the scenario replays the daily fill increments of one real bin (``FillIncrementSeries``,
/// assigned by a seeded shuffle, from a seeded starting day, wrapping round). Each simulated day:
///
/// 1. At ``SimulationConfiguration/readingTime`` every sensor reports the bin's fill (capped at 100 %,
///    plus Gaussian noise of ``SimulationConfiguration/sensorNoise``, missing with probability
///    ``SimulationConfiguration/missingReadings``).
/// 2. The policy selects the day's bins from what is known that morning: the fixed round's weekdays
///    (``FixedRound``), the thresholds of ``BinSelector``, or the ``MultiDayPlanner``'s schedule.
/// 3. ``DailyPlanner`` plans the day on the road network (travel matrices computed once for all places),
///    and ``PlanValidator`` checks the plan; a plan breaking a rule stops the simulation.
/// 4. The plan is executed: each emptied bin is emptied at its stop's time (its fill resets to 0), the
///    others keep filling. A bin counts as overflowing on a day when its true fill reaches the scenario's
///    overflow fill before it is emptied (or again after); the litres arriving while it is full count as
///    overflow litres.
///
/// Before the first day, ``SimulationConfiguration/warmUpDays`` days are replayed under a neutral rule
/// (emptied at 10:00 when the morning reading is 70 % or more) from fills drawn uniformly in 0–50 %, so
/// every bin starts with a history; they are the same for every policy and not counted.
public struct Simulation: Sendable {
  /// The city: bins, trucks, depots, facilities, road network.
  public let scenario: Scenario
  /// The scenario file's path (for the road network's relative path).
  public let scenarioPath: String?
  /// The real fill processes to replay.
  public let increments: [FillIncrementSeries]
  /// The settings.
  public let configuration: SimulationConfiguration

  /// Creates a simulation.
  public init(
    scenario: Scenario, scenarioPath: String? = nil, increments: [FillIncrementSeries],
    configuration: SimulationConfiguration = SimulationConfiguration()
  ) {
    self.scenario = scenario
    self.scenarioPath = scenarioPath
    self.increments = increments
    self.configuration = configuration
  }

  /// One step of progress: the policy, the day and a message.
  public struct Progress: Sendable {
    /// The policy.
    public var policy: CollectionPolicy
    /// The day's index, from 0.
    public var day: Int
    /// The day's numbers, once planned.
    public var result: SimulationReport.DayResult?
  }

  /// Runs the policies side by side, day by day (each day every policy in turn, so that they share the
  /// machine's load).
  ///
  /// - Parameters:
  ///   - policies: The policies, in the report's order.
  ///   - network: The road network, when already loaded.
  ///   - progress: Called after each policy's day.
  /// - Returns: The report.
  /// - Throws: ``SimulationError``, or the road network's ``ScenarioError``; `CancellationError`.
  public func run(
    policies: [CollectionPolicy], network: RoadNetwork? = nil,
    progress: (@Sendable (Progress) -> Void)? = nil
  ) async throws -> SimulationReport {
    let base = try prepared()
    let roads: RoadNetwork
    if let network {
      roads = network
    } else {
      roads = try await DailyPlanner(scenario: base, scenarioPath: scenarioPath).loadNetwork()
    }
    let matrices = await DailyPlanner(scenario: base, scenarioPath: scenarioPath).placeMatrices(network: roads)
    let start = configuration.startDate ?? scenario.date
    let replay = Replay(scenario: base, increments: increments, configuration: configuration, start: start)
    let warmed = replay.warmUp()
    let round = FixedRound(
      scenario: base, meanRates: replay.series.map(\.meanIncrement),
      workingWeekdays: Array(Set(base.trucks.flatMap { $0.calendar?.weekdays ?? Array(1...7) })))
    var states = policies.map { _ in warmed }
    var results = policies.map { _ in [SimulationReport.DayResult]() }
    for k in 0..<configuration.days {
      let date = start.adding(days: k)
      for (p, policy) in policies.enumerated() {
        try Task.checkCancellation()
        let result = try await simulateDay(
          k, date: date, policy: policy, state: &states[p], replay: replay, round: round, base: base,
          network: roads, matrices: matrices)
        results[p].append(result)
        progress?(Progress(policy: policy, day: k, result: result))
      }
    }
    return SimulationReport(
      scenario: scenario.name, startDate: start, days: configuration.days, seed: configuration.seed,
      sensorNoise: configuration.sensorNoise, missingReadings: configuration.missingReadings,
      timeLimitSeconds: configuration.timeLimit, horizonDays: configuration.lookahead.horizonDays,
      binCount: base.bins.count, fillSource: "the daily fill increments of \(Set(replay.series.map(\.sourceID)).count) real bins",
      policies: zip(policies, results).map { policy, days in
        SimulationReport.PolicyResult(policy: policy, days: days, summary: Self.summary(days))
      })
  }

  /// The scenario with default calendars, checked, and the settings checked.
  func prepared() throws -> Scenario {
    guard (1...366).contains(configuration.days) else {
      throw SimulationError.invalidConfiguration("days must be from 1 to 366, not \(configuration.days)")
    }
    guard configuration.sensorNoise.isFinite, (0...50).contains(configuration.sensorNoise) else {
      throw SimulationError.invalidConfiguration(
        "the sensor noise must be 0 to 50 percentage points, not \(configuration.sensorNoise)")
    }
    guard configuration.missingReadings.isFinite, (0...1).contains(configuration.missingReadings) else {
      throw SimulationError.invalidConfiguration(
        "the share of missing readings must be from 0 to 1, not \(configuration.missingReadings)")
    }
    guard configuration.timeLimit.isFinite, configuration.timeLimit > 0 else {
      throw SimulationError.invalidConfiguration("the time limit must be positive, not \(configuration.timeLimit)")
    }
    guard (0...366).contains(configuration.warmUpDays), (1...366).contains(configuration.historyDays) else {
      throw SimulationError.invalidConfiguration("warm-up days 0 to 366 and history days 1 to 366")
    }
    guard !increments.isEmpty else {
      throw SimulationError.invalidConfiguration("no fill increments to replay")
    }
    var base = scenario
    if let calendar = configuration.defaultCalendar {
      for t in base.trucks.indices where base.trucks[t].calendar == nil { base.trucks[t].calendar = calendar }
    }
    base.schedule = nil
    try base.validate()
    return base
  }

  // MARK: - One day

  private func simulateDay(
    _ k: Int, date: CalendarDay, policy: CollectionPolicy, state: inout Replay.State, replay: Replay,
    round: FixedRound, base: Scenario, network: RoadNetwork, matrices: PlaceMatrices
  ) async throws -> SimulationReport.DayResult {
    let clock = ContinuousClock()
    let started = clock.now
    let day = replay.warmUpDays + k
    replay.morning(day, date: date, state: &state)
    var scenario = replay.scenario(of: state, date: date, base: base)
    let working = scenario.trucks.filter { $0.isWorking(on: date) }.count
    var lookahead: SimulationReport.LookaheadDay?
    var emptied: [Int: Double] = [:]
    var plan: DailyPlan?
    if working > 0 {
      switch policy {
      case .fixed:
        scenario.schedule = CollectionSchedule(
          source: "fixed round", required: round.bins(on: date).map { scenario.bins[$0].id })
      case .threshold:
        scenario.schedule = nil
      case .lookahead:
        let forecasts = BinSelector(scenario: scenario).forecasts()
        let planned: MultiDayPlan
        do {
          planned = try MultiDayPlanner(scenario: scenario, configuration: configuration.lookahead)
            .plan(forecasts: forecasts, matrices: matrices)
        } catch {
          throw SimulationError.planning(day: date, policy: policy, reason: "\(error)")
        }
        scenario.schedule = planned.schedule
        lookahead = SimulationReport.LookaheadDay(
          exactObjective: planned.exact?.objective, provenOptimal: planned.exact?.isProvenOptimal ?? false,
          greedyObjective: planned.greedy.objective, exactSeconds: planned.exact?.seconds,
          greedySeconds: planned.greedy.seconds, expectedOverflowBinDays: planned.expectedOverflowBinDays,
          trucksPlanned: planned.assignment.trucks)
      }
      let planner = DailyPlanner(
        scenario: scenario, scenarioPath: scenarioPath,
        configuration: SolverConfiguration(
          seed: configuration.seed &+ UInt64(k),
          timeLimit: .milliseconds(Int64((configuration.timeLimit * 1_000).rounded())), threads: configuration.threads))
      let made: DailyPlan
      do {
        made = try await planner.plan(network: network, matrices: matrices)
      } catch let error as CancellationError {
        throw error
      } catch {
        throw SimulationError.planning(day: date, policy: policy, reason: "\(error)")
      }
      let violations = PlanValidator(scenario: scenario, network: configuration.validatesPaths ? network : nil)
        .violations(of: made)
      guard violations.isEmpty else {
        throw SimulationError.invalidPlan(day: date, policy: policy, violations: violations.map(\.description))
      }
      let dayStart = date.start(in: scenario.calendarTimeZone)
      let index = Dictionary(scenario.bins.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
      for truck in made.trucks {
        for stop in truck.stops where stop.kind == .bin {
          if let id = stop.id, let b = index[id] {
            emptied[b] = min(1, max(0, stop.start.timeIntervalSince(dayStart) / 86_400))
          }
        }
      }
      plan = made
    }
    let outcome = replay.evening(day, date: date, emptied: emptied, state: &state)
    let elapsed = DailyPlanner.seconds(started.duration(to: clock.now))
    return SimulationReport.DayResult(
      date: date, trucksAvailable: working, trucksUsed: plan?.totals.trucksUsed ?? 0,
      requiredBins: plan?.totals.requiredBins ?? 0,
      requiredLeftOut: (plan?.totals.requiredBins ?? 0) - (plan?.totals.requiredCollected ?? 0),
      binsEmptied: emptied.count, kilometres: plan?.totals.kilometres ?? 0,
      drivingHours: (plan?.trucks ?? []).reduce(0) { $0 + $1.legs.reduce(0) { $0 + $1.travelTimeSeconds } } / 3_600,
      crewHours: plan?.totals.hours ?? 0, cost: plan?.totals.cost ?? 0,
      meanFillAtEmptying: outcome.fills.isEmpty ? 0 : outcome.fills.reduce(0, +) / Double(outcome.fills.count),
      overflowBins: outcome.overflowBins, overflowLitres: outcome.overflowLitres, seconds: elapsed,
      lookahead: lookahead)
  }

  /// A policy's totals.
  static func summary(_ days: [SimulationReport.DayResult]) -> SimulationReport.Summary {
    let working = days.filter { $0.trucksAvailable > 0 }
    let emptied = days.reduce(0) { $0 + $1.binsEmptied }
    let fillSum = days.reduce(0.0) { $0 + $1.meanFillAtEmptying * Double($1.binsEmptied) }
    return SimulationReport.Summary(
      kilometres: days.reduce(0) { $0 + $1.kilometres }, drivingHours: days.reduce(0) { $0 + $1.drivingHours },
      crewHours: days.reduce(0) { $0 + $1.crewHours }, cost: days.reduce(0) { $0 + $1.cost },
      trucksPerDay: working.isEmpty ? 0 : Double(working.reduce(0) { $0 + $1.trucksUsed }) / Double(working.count),
      binsEmptied: emptied, meanFillAtEmptying: emptied > 0 ? fillSum / Double(emptied) : 0,
      overflowBinDays: days.reduce(0) { $0 + $1.overflowBins }, overflowLitres: days.reduce(0) { $0 + $1.overflowLitres },
      requiredLeftOut: days.reduce(0) { $0 + $1.requiredLeftOut },
      secondsPerDay: days.isEmpty ? 0 : days.reduce(0) { $0 + $1.seconds } / Double(days.count))
  }
}
