import Testing

@testable import WasteRouting

/// ``Solver/solve(_:initial:onImprovement:)``: a warm start from given routes.
@Suite struct WarmStartTests {
  typealias R = RichSolverTests

  /// A waste problem: a depot at 0, a site at 50, twelve clients of 4 on a line, trucks of 10.
  static func wasteProblem() throws -> Problem {
    try Problem(
      name: "warm", depots: [Depot(name: "depot")], disposalSites: [DisposalSite(name: "site", unloadDuration: 5)],
      clients: (0..<12).map { Client(name: "c\($0)", demands: [4], serviceDuration: 2) },
      vehicleTypes: [VehicleType(capacities: [10], shift: TimeWindow(earliest: 0, latest: 5_000), fixedCost: 1_000)],
      distances: R.line([0, 50] + (0..<12).map { Int64(5 + 8 * $0) }))
  }

  @Test func richSearchStartsFromTheGivenRoutes() async throws {
    let problem = try Self.wasteProblem()
    var configuration = R.configuration(seed: 1, iterations: 300)
    configuration.threads = 1
    let good = try await Solver(configuration).solve(problem)
    // One iteration from the good solution is at least as good, and never worse than what it was given.
    configuration.maxIterations = 1
    let warm = try await Solver(configuration).solve(problem, initial: good.solution)
    #expect(warm.cost <= good.cost)
    let cold = try await Solver(configuration).solve(problem)
    #expect(warm.cost <= cold.cost)
    #expect(SolutionEvaluator.evaluateInDetail(warm.solution, for: problem).isFeasible)
  }

  @Test func missingClientsAreInsertedAndBrokenRoutesRepaired() async throws {
    let problem = try Self.wasteProblem()
    var configuration = R.configuration(seed: 1, iterations: 1)
    configuration.threads = 1
    // One route with all twelve clients and no unloading: far over capacity; three clients missing.
    let overloaded = Solution(routes: [Route(visits: (0..<9).map(Visit.client) + [.disposal(0)])])
    let result = try await Solver(configuration).solve(problem, initial: overloaded)
    let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
    #expect(evaluation.isFeasible, "\(evaluation.violations)")
    #expect(Set(result.solution.routes.flatMap(\.clients)) == Set(0..<12))
  }

  @Test func aStartThatDoesNotFitIsRefusedByName() async throws {
    let problem = try Self.wasteProblem()
    let solver = Solver(R.configuration(seed: 1, iterations: 1))
    await #expect(throws: SolverError.invalidInitialSolution("route 1: client index 40 does not exist")) {
      try await solver.solve(problem, initial: Solution(routes: [Route(visits: [.client(40)])]))
    }
    await #expect(throws: SolverError.invalidInitialSolution("route 2: client c3 is visited twice")) {
      try await solver.solve(
        problem, initial: Solution(routes: [Route(visits: [.client(3)]), Route(visits: [.client(3), .disposal(0)])]))
    }
    await #expect(throws: SolverError.invalidInitialSolution("route 1: vehicle type 2 does not exist")) {
      try await solver.solve(problem, initial: Solution(routes: [Route(vehicleType: 2, visits: [.client(1)])]))
    }
  }

  @Test(arguments: [SolverConfiguration.Strategy.geneticSearch, .iteratedLocalSearch])
  func capacitatedSearchStartsFromTheGivenOrder(strategy: SolverConfiguration.Strategy) async throws {
    let problem = try Problem(
      depots: [Depot(name: "1")], clients: (0..<10).map { Client(name: "\($0 + 2)", demand: 3) },
      vehicleTypes: [VehicleType(capacity: 9)], distances: R.line([0] + (0..<10).map { Int64(3 + 4 * $0) }))
    var configuration = R.configuration(seed: 1, iterations: 200)
    configuration.strategy = strategy
    configuration.threads = 1
    let good = try await Solver(configuration).solve(problem)
    configuration.maxIterations = 1
    let warm = try await Solver(configuration).solve(problem, initial: good.solution)
    #expect(warm.cost <= good.cost)
    #expect(SolutionEvaluator.evaluate(warm.solution, for: problem).isFeasible)
  }
}
