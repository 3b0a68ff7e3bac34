/// What ``DailyPlanner`` is doing, reported as it goes.
public struct PlanningProgress: Sendable, Hashable {
  /// The steps of planning, in order.
  public enum Stage: String, Sendable, Hashable, CaseIterable {
    /// Reading the road network file.
    case loadingNetwork
    /// Matching bins, depots and facilities to roads.
    case snapping
    /// Fitting fill forecasts and selecting bins.
    case selecting
    /// Computing travel times and distances between the selected places.
    case computingMatrices
    /// Searching for routes (reported at the start and at every better solution).
    case solving
    /// Tracing the road-level path of every leg.
    case tracingPaths
    /// The plan is ready.
    case finished
  }

  /// The current step.
  public var stage: Stage
  /// One line for people, for example `412 bins: 96 required, 57 optional`.
  public var message: String
  /// Seconds since planning started.
  public var elapsed: Double
  /// The best objective so far, in the scenario's currency (solving only).
  public var bestObjective: Double?
  /// The search's time limit in seconds, given with the first report of the solving stage (the limit may
  /// grow with the day: ``DailyPlanner/automaticTimeLimit(stops:)``).
  public var timeLimit: Double?

  /// Creates a report.
  public init(stage: Stage, message: String, elapsed: Double, bestObjective: Double? = nil, timeLimit: Double? = nil) {
    self.stage = stage
    self.message = message
    self.elapsed = elapsed
    self.bestObjective = bestObjective
    self.timeLimit = timeLimit
  }
}

/// Why a day could not be planned.
public enum PlanningError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The scenario is invalid (including the checks against the road network).
  case scenario(ScenarioError)
  /// The routing problem built from the scenario is invalid (a planner bug if the scenario was valid).
  case problem(ProblemError)
  /// The solver found no plan.
  case solver(SolverError)
  /// No truck can work: each one's depot is off the road network or cut off from it, or no usable
  /// facility can unload it (one line per truck).
  case noUsableTruck([String])
  /// A strict planner (``DailyPlanner/strict``) met bins it cannot serve, each with its rule.
  case binsCannotBeServed([BinExclusion])

  /// One line (several for the lists).
  public var description: String {
    switch self {
    case .scenario(let error): "\(error)"
    case .problem(let error): "routing problem: \(error)"
    case .solver(let error): "solver: \(error)"
    case .noUsableTruck(let trucks):
      (["no truck can work:"] + trucks.map { "  " + $0 }).joined(separator: "\n")
    case .binsCannotBeServed(let bins):
      (["\(bins.count) bin\(bins.count == 1 ? "" : "s") cannot be served:"] + bins.map { "  \($0)" })
        .joined(separator: "\n")
    }
  }

  /// Whether the error is about the input (the CLI's exit status 2) rather than a day the fleet cannot
  /// manage (status 1): everything but a solver failure and bins left out only for lack of trucks.
  public var isInputError: Bool {
    switch self {
    case .scenario, .problem, .noUsableTruck: true
    case .solver: false
    case .binsCannotBeServed(let bins): bins.contains { $0.exclusion.isIntrinsic }
    }
  }
}
