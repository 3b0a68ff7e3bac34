/// An integer-feasible assignment of values to every column.
public struct MIPSolution: Hashable, Sendable {
  /// The objective value of ``values``.
  public var objectiveValue: Double
  /// One value per column, in column order; integer and binary columns hold integral values.
  public var values: [Double]

  /// Creates a solution.
  public init(objectiveValue: Double, values: [Double]) {
    self.objectiveValue = objectiveValue
    self.values = values
  }
}

/// What a solve found.
public struct MIPResult: Hashable, Sendable {
  /// How the search ended.
  public enum Status: Hashable, Sendable {
    /// The solution is optimal (within the requested relative gap of zero): the search was complete.
    case optimal
    /// A solution was found, but the search stopped early, at the time limit, at the relative gap, or on
    /// task cancellation; it may not be optimal.
    case feasible
    /// The model has no integer-feasible solution (proven).
    case infeasible
    /// The LP relaxation is unbounded, so the model has no finite optimum (it is unbounded if feasible).
    case unbounded
    /// The search stopped (time limit or cancellation) before finding any solution.
    case noSolutionFound
  }

  /// How the search ended.
  public var status: Status
  /// The best solution found, present exactly when ``status`` is ``Status/optimal`` or ``Status/feasible``.
  public var solution: MIPSolution?
  /// Whether GLPK took the incumbent passed to the solve as its starting solution. `false` when no incumbent
  /// was given, or when GLPK never asked for one (for example when the root LP relaxation was already
  /// integral, or the time ran out first).
  public var incumbentAccepted: Bool

  /// Whether the result carries a solution proven optimal.
  public var isProvenOptimal: Bool { status == .optimal }

  /// Creates a result.
  public init(status: Status, solution: MIPSolution?, incumbentAccepted: Bool = false) {
    self.status = status
    self.solution = solution
    self.incumbentAccepted = incumbentAccepted
  }
}
