internal import CGLPK

/// The single owner of one GLPK problem object (`glp_prob`), freed by `deinit` on every path.
///
/// It lives inside one synchronous call of ``MixedIntegerModel/solve(timeLimit:relativeGap:incumbent:)``,
/// so it never crosses threads: GLPK keeps its environment per thread (Debian builds it with thread-local
/// storage), and a problem must be deleted on the thread that created it. The model it is built from has
/// already been validated, so no GLPK call here can hit one of GLPK's aborting checks.
struct GLPKProblem: ~Copyable {
  private let problem: OpaquePointer
  private let columnCount: Int

  /// Copies `model` into a new GLPK problem (`glp_create_prob`, `glp_add_rows`, `glp_add_cols`,
  /// `glp_set_col_kind`, `glp_set_col_bnds`, `glp_set_row_bnds`, `glp_set_obj_coef`, `glp_load_matrix`).
  init(_ model: borrowing MixedIntegerModel) {
    precondition(model.columnCount > 0, "GLPK problems need a column; solve() checks this")
    // Terminal output is a per-thread setting of GLPK's environment, so silence it on every use.
    glp_term_out(GLP_OFF)
    problem = glp_create_prob()
    columnCount = model.columnCount
    glp_set_obj_dir(problem, model.direction == .minimize ? GLP_MIN : GLP_MAX)
    glp_add_cols(problem, Int32(model.columnCount))
    for column in 0..<model.columnCount {
      let j = Int32(column + 1)
      glp_set_col_kind(problem, j, model.columnKinds[column] == .continuous ? GLP_CV : GLP_IV)
      let (type, lower, upper) = Self.glpkBounds(model.columnBounds[column])
      glp_set_col_bnds(problem, j, type, lower, upper)
      glp_set_obj_coef(problem, j, model.costs[column])
    }
    guard model.rowCount > 0 else { return }
    glp_add_rows(problem, Int32(model.rowCount))
    for row in 0..<model.rowCount {
      let (type, lower, upper) = Self.glpkBounds(model.rowBounds[row])
      glp_set_row_bnds(problem, Int32(row + 1), type, lower, upper)
    }
    // GLPK arrays are 1-based: element 0 is ignored.
    var rowIndices: [Int32] = [0]
    var columnIndices: [Int32] = [0]
    var values: [Double] = [0]
    rowIndices.reserveCapacity(model.nonzeroCount + 1)
    columnIndices.reserveCapacity(model.nonzeroCount + 1)
    values.reserveCapacity(model.nonzeroCount + 1)
    for row in 0..<model.rowCount {
      for entry in model.rowStart[row]..<model.rowStart[row + 1] where model.entryCoefficients[entry] != 0 {
        rowIndices.append(Int32(row + 1))
        columnIndices.append(model.entryColumns[entry] + 1)
        values.append(model.entryCoefficients[entry])
      }
    }
    if values.count > 1 {
      glp_load_matrix(problem, Int32(values.count - 1), rowIndices, columnIndices, values)
    }
  }

  deinit { glp_delete_prob(problem) }

  // MARK: - Solving

  /// Solves the problem by branch and cut: `glp_simplex` for the root relaxation, then `glp_intopt`.
  ///
  /// GLPK's MIP presolver (`presolve = GLP_ON`) is not used: it renumbers columns, so a heuristic solution
  /// could not be handed over, and it gives the root relaxation the whole time limit and then the tree
  /// search the whole limit again (measured: 0.70 s for a 0.5 s limit on a 5 000-route set-partitioning
  /// model, against 0.51 s here). Without it, `glp_intopt` needs the optimal basis `glp_simplex` leaves.
  ///
  /// - Parameters:
  ///   - deadline: when to stop, on the continuous clock.
  ///   - relativeGap: GLPK's `mip_gap`, already checked to be finite and non-negative.
  ///   - incumbent: a checked, integral-rounded feasible solution, or `nil`.
  ///   - isCancelled: polled by the branch-and-cut callback; `true` stops the tree search.
  /// - Returns: the GLPK outcome, translated; never worse than `incumbent`.
  /// - Throws: ``IntegerProgramError/solverFailed(returnCode:)`` when GLPK fails without any solution.
  func solve(
    model: borrowing MixedIntegerModel,
    deadline: ContinuousClock.Instant,
    relativeGap: Double,
    incumbent: [Double]?,
    isCancelled: () -> Bool
  ) throws(IntegerProgramError) -> MIPResult {
    let fallback = incumbent.map { MIPSolution(objectiveValue: model.objectiveValue(of: $0), values: $0) }
    glp_term_out(GLP_OFF)
    glp_scale_prob(problem, GLP_SF_AUTO)
    var simplex = glp_smcp()
    glp_init_smcp(&simplex)
    simplex.msg_lev = GLP_MSG_OFF
    simplex.tm_lim = Self.milliseconds(until: deadline)
    let simplexCode = glp_simplex(problem, &simplex)
    switch (simplexCode, glp_get_status(problem)) {
    case (0, GLP_OPT): break
    case (0, GLP_UNBND): return MIPResult(status: .unbounded, solution: nil)
    case (0, GLP_NOFEAS) where fallback == nil: return MIPResult(status: .infeasible, solution: nil)
    case (GLP_ETMLIM, _), (0, _):
      return MIPResult(status: fallback == nil ? .noSolutionFound : .feasible, solution: fallback)
    default:
      guard let fallback else { throw .solverFailed(returnCode: Int(simplexCode)) }
      return MIPResult(status: .feasible, solution: fallback)
    }

    var parameters = glp_iocp()
    glp_init_iocp(&parameters)
    parameters.msg_lev = GLP_MSG_OFF
    parameters.presolve = GLP_OFF
    parameters.mip_gap = relativeGap
    parameters.tm_lim = Self.milliseconds(until: deadline)
    parameters.cb_func = branchAndCutCallback
    let (code, accepted) = withoutActuallyEscaping(isCancelled) { isCancelled in
      var context = BranchAndCutContext(incumbent: incumbent.map { [0] + $0 }, isCancelled: isCancelled)
      let code = withUnsafeMutablePointer(to: &context) { context in
        parameters.cb_info = UnsafeMutableRawPointer(context)
        return glp_intopt(problem, &parameters)
      }
      return (code, context.accepted)
    }

    let found: MIPResult.Status?
    switch glp_mip_status(problem) {
    case GLP_OPT: found = .optimal
    case GLP_FEAS: found = .feasible
    case GLP_NOFEAS where fallback == nil: return MIPResult(status: .infeasible, solution: nil)
    default: found = nil
    }
    if let found {
      let values = (1...Int32(columnCount)).map { glp_mip_col_val(problem, $0) }
      let solution = MIPSolution(objectiveValue: glp_mip_obj_val(problem), values: values)
      if let fallback, Self.isWorse(solution, than: fallback, direction: model.direction) {
        return MIPResult(status: .feasible, solution: fallback, incumbentAccepted: accepted)
      }
      return MIPResult(status: found, solution: solution, incumbentAccepted: accepted)
    }
    if let fallback {
      return MIPResult(status: .feasible, solution: fallback, incumbentAccepted: accepted)
    }
    switch code {
    case 0, GLP_ETMLIM, GLP_ESTOP, GLP_EMIPGAP: return MIPResult(status: .noSolutionFound, solution: nil)
    default: throw .solverFailed(returnCode: Int(code))
    }
  }

  // MARK: - Helpers

  /// GLPK's bound type and values for `bounds`.
  private static func glpkBounds(_ bounds: Bounds) -> (Int32, Double, Double) {
    switch bounds {
    case .free: (GLP_FR, 0, 0)
    case let .atLeast(lower): (GLP_LO, lower, 0)
    case let .atMost(upper): (GLP_UP, 0, upper)
    case let .between(lower, upper) where lower == upper: (GLP_FX, lower, upper)
    case let .between(lower, upper): (GLP_DB, lower, upper)
    case let .exactly(value): (GLP_FX, value, value)
    }
  }

  /// The time left until `deadline`, in GLPK's unit (whole milliseconds, at least 1, rounded up).
  static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
    let remaining = deadline - ContinuousClock.now
    guard remaining > .zero else { return 1 }
    let (seconds, attoseconds) = remaining.components
    let milliseconds = seconds.multipliedReportingOverflow(by: 1_000)
    guard !milliseconds.overflow else { return Int32.max - 1 }
    let total = milliseconds.partialValue + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(clamping: max(1, min(total, Int64(Int32.max - 1))))
  }

  private static func isWorse(
    _ solution: MIPSolution, than other: MIPSolution, direction: MixedIntegerModel.Direction
  ) -> Bool {
    switch direction {
    case .minimize: solution.objectiveValue > other.objectiveValue
    case .maximize: solution.objectiveValue < other.objectiveValue
    }
  }
}

/// State shared with ``branchAndCutCallback(_:_:)`` through GLPK's `cb_info` pointer.
private struct BranchAndCutContext {
  /// The incumbent with a leading unused element, as GLPK's 1-based `glp_ios_heur_sol` reads it.
  var incumbent: [Double]?
  /// Whether the caller wants the search stopped (its task, or the flag of its dedicated thread).
  let isCancelled: () -> Bool
  var offered = false
  var accepted = false
}

/// GLPK's branch-and-cut callback (`glp_iocp.cb_func`): hands over the incumbent at the first request for a
/// heuristic solution (`GLP_IHEUR`, `glp_ios_heur_sol`), and stops the search (`glp_ios_terminate`) once
/// the context's `isCancelled` says so.
private func branchAndCutCallback(_ tree: OpaquePointer?, _ info: UnsafeMutableRawPointer?) {
  guard let tree, let info else { return }
  let context = info.assumingMemoryBound(to: BranchAndCutContext.self)
  if context.pointee.isCancelled() {
    glp_ios_terminate(tree)
    return
  }
  guard glp_ios_reason(tree) == GLP_IHEUR, !context.pointee.offered,
    let incumbent = context.pointee.incumbent
  else { return }
  context.pointee.offered = true
  context.pointee.accepted = incumbent.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) } == 0
}
