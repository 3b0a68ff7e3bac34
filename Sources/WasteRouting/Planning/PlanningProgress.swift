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

  /// Creates a report.
  public init(stage: Stage, message: String, elapsed: Double, bestObjective: Double? = nil) {
    self.stage = stage
    self.message = message
    self.elapsed = elapsed
    self.bestObjective = bestObjective
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

  /// One line.
  public var description: String {
    switch self {
    case .scenario(let error): "\(error)"
    case .problem(let error): "routing problem: \(error)"
    case .solver(let error): "solver: \(error)"
    }
  }
}
