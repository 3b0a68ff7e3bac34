/// How bins are chosen each simulated day.
public enum CollectionPolicy: String, Sendable, Hashable, Codable, CaseIterable {
  /// A fixed round: each bin on fixed weekdays at the frequency its mean rate needs (``FixedRound``).
  case fixed
  /// Today's daily planner: required when predicted to overflow by the next opportunity, optional above
  /// the scenario's optional threshold (``BinSelector``).
  case threshold
  /// The multi-day planner (``MultiDayPlanner``), re-planned each morning.
  case lookahead
}

/// The settings of a ``Simulation``.
public struct SimulationConfiguration: Sendable, Hashable {
  /// Simulated days (1...366, default 28).
  public var days: Int
  /// The first simulated day (default: the scenario's date).
  public var startDate: CalendarDay?
  /// Seeds the replay (which real bin each bin replays, from which day, the initial fills), the sensor
  /// noise and missing readings, and the solver.
  public var seed: UInt64
  /// Standard deviation of the sensors' reading error, percentage points (default 0).
  public var sensorNoise: Double
  /// The probability that a morning reading is missing (default 0).
  public var missingReadings: Double
  /// The solver's time limit per day, seconds (default 2).
  public var timeLimit: Double
  /// Cooperating searches per solve (`nil`: one per core).
  public var threads: Int?
  /// Days replayed before the first simulated day to give every bin a history (emptied at 10:00 when its
  /// morning reading is 70 % or more; not counted).
  public var warmUpDays: Int
  /// When the sensors report each morning.
  public var readingTime: ClockTime
  /// Days of readings and emptyings kept in each bin's history (older ones are dropped; default 21).
  public var historyDays: Int
  /// The multi-day planner's settings (policy ``CollectionPolicy/lookahead``).
  public var lookahead: MultiDayConfiguration
  /// The calendar of trucks that have none (`nil`: they work every day).
  public var defaultCalendar: TruckCalendar?
  /// Whether each day's plan is also validated on the road network (its paths); slower.
  public var validatesPaths: Bool

  /// Creates settings.
  public init(
    days: Int = 28, startDate: CalendarDay? = nil, seed: UInt64 = 1, sensorNoise: Double = 0,
    missingReadings: Double = 0, timeLimit: Double = 2, threads: Int? = nil, warmUpDays: Int = 14,
    readingTime: ClockTime = ClockTime(hours: 5), historyDays: Int = 21,
    lookahead: MultiDayConfiguration = MultiDayConfiguration(), defaultCalendar: TruckCalendar? = nil,
    validatesPaths: Bool = false
  ) {
    self.days = days
    self.startDate = startDate
    self.seed = seed
    self.sensorNoise = sensorNoise
    self.missingReadings = missingReadings
    self.timeLimit = timeLimit
    self.threads = threads
    self.warmUpDays = warmUpDays
    self.readingTime = readingTime
    self.historyDays = historyDays
    self.lookahead = lookahead
    self.defaultCalendar = defaultCalendar
    self.validatesPaths = validatesPaths
  }
}

/// Why a simulation stopped.
public enum SimulationError: Error, Sendable, CustomStringConvertible {
  /// A setting out of range.
  case invalidConfiguration(String)
  /// The scenario cannot be planned.
  case planning(day: CalendarDay, policy: CollectionPolicy, reason: String)
  /// A day's plan failed the ``PlanValidator``: an internal error.
  case invalidPlan(day: CalendarDay, policy: CollectionPolicy, violations: [String])

  /// One line (the first violations for an invalid plan).
  public var description: String {
    switch self {
    case .invalidConfiguration(let reason): reason
    case .planning(let day, let policy, let reason): "\(day), policy \(policy.rawValue): \(reason)"
    case .invalidPlan(let day, let policy, let violations):
      "\(day), policy \(policy.rawValue): the plan breaks \(violations.count) rule(s): "
        + violations.prefix(3).joined(separator: "; ")
    }
  }
}
