import WasteRouting

/// Runs a rich problem through ``Solver`` and judges the answer with the independent evaluator.
///
/// The verdict needs no trust in the solver: whether a client can be served alone is decided by
/// evaluating routes of one client with ``SolutionEvaluator/evaluateInDetail(_:for:)``.
public enum RichProblemCheck {
  /// What happened to one problem.
  public enum Outcome: Sendable, Equatable {
    /// Feasible by construction (every required client has a route of its own that keeps every rule,
    /// and the fleet is unlimited): solved, every required client served, the evaluator agrees.
    case feasibleSolved
    /// Not feasible by construction: answered with a plan the evaluator accepts, naming every
    /// required client left out with its rule (`excluded` of them).
    case infeasibleAnswered(excluded: Int)
    /// A failure: the solver threw, or the evaluator rejected its answer, or a client that can be
    /// served was left out of a feasible problem. The text says which.
    case failure(String)

    /// Whether this is a failure.
    public var isFailure: Bool {
      if case .failure = self { return true }
      return false
    }
  }

  /// Whether `problem` is feasible by construction: every vehicle type is unlimited and every required
  /// client can be served on a route of its own.
  public static func isFeasibleByConstruction(_ problem: Problem) -> Bool {
    problem.vehicleTypes.allSatisfy { $0.count == nil }
      && problem.clients.indices.allSatisfy { !problem.clients[$0].isRequired || servesAlone($0, in: problem) }
  }

  /// Whether some vehicle type may serve `client` on a route of its own (start depot, the client, a
  /// disposal site when there are any, the break anywhere or not at all, end depot) that the evaluator
  /// accepts.
  public static func servesAlone(_ client: Int, in problem: Problem) -> Bool {
    let data = problem.clients[client]
    for t in data.allowedVehicleTypes ?? Array(problem.vehicleTypes.indices) {
      let type = problem.vehicleTypes[t]
      var cores: [[Visit]] = [[.client(client)]]
      for s in type.allowedDisposalSites ?? Array(problem.disposalSites.indices) {
        cores.append([.client(client), .disposal(s)])
      }
      for core in cores {
        var layouts = [core]
        if type.breakRule != nil {
          for k in 0...core.count {
            var layout = core
            layout.insert(.break, at: k)
            layouts.append(layout)
          }
        }
        for visits in layouts {
          let solution = Solution(routes: [Route(vehicleType: t, visits: visits)])
          // Only the route's own rules: the other clients are missing from this one-route solution.
          if !SolutionEvaluator.evaluateInDetail(solution, for: problem).violations.contains(where: { $0.route == 0 }) {
            return true
          }
        }
      }
    }
    return false
  }

  /// Judges the solver's answer `result` (or the error it threw) for `problem`.
  public static func judge(_ problem: Problem, _ result: Result<SolverResult, any Error>) -> Outcome {
    let feasible = isFeasibleByConstruction(problem)
    let answer: SolverResult
    switch result {
    case let .success(value): answer = value
    case let .failure(error): return .failure("the solver threw \(error)")
    }
    let evaluation = SolutionEvaluator.evaluateInDetail(answer.solution, for: problem)
    if let first = evaluation.violations.first {
      return .failure("the evaluator rejects the answer (\(evaluation.violations.count) violations): \(first)")
    }
    if evaluation.cost != answer.cost {
      return .failure("the solver says \(answer.cost), the evaluator \(evaluation.cost)")
    }
    let excluded = answer.solution.excludedClients
    let requiredLeftOut = excluded.filter { problem.clients[$0.client].isRequired }
    if feasible, let first = requiredLeftOut.first {
      return .failure(
        "feasible by construction, but required client \(problem.clients[first.client].name) is left out as \(first.reason.rule)")
    }
    for exclusion in excluded where exclusion.reason.isIntrinsic && servesAlone(exclusion.client, in: problem) {
      return .failure(
        "client \(problem.clients[exclusion.client].name) is left out as \(exclusion.reason.rule), but it can be served alone")
    }
    return feasible ? .feasibleSolved : .infeasibleAnswered(excluded: requiredLeftOut.count)
  }

  /// Solves `problem` with `configuration` and judges the answer.
  public static func run(_ problem: Problem, configuration: SolverConfiguration) async -> Outcome {
    let result: Result<SolverResult, any Error>
    do {
      result = .success(try await Solver(configuration).solve(problem))
    } catch {
      result = .failure(error)
    }
    return judge(problem, result)
  }
}
