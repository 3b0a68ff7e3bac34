import Foundation
import Testing
@testable import WasteRouting

/// The GLPK recombination of the rich search (``RichRefinement``): a hand-checked trip exchange, and
/// random rich problems solved with the refinement on, every result checked by the evaluator.
struct RichRefinementTests {
  /// Depot at 0, a disposal site at 25, client A (6) at 20 and B (6) at 30, capacity 10. The incumbent
  /// serves B first: 0 → B → site → A → site → 0 = 30 + 5 + 5 + 5 + 25 = 70. Its trips, priced from their
  /// starts, cost 35 (B from the depot) and 10 (A from the site); the pool also holds each trip priced
  /// from the other start, and the set covering over the two places picks A from the depot (25) and B
  /// from the site (10): 0 → A → site → B → site → 0 = 20 + 5 + 5 + 5 + 25 = 60.
  @Test func tripsSwapTheirPlacesWhenThatIsCheaper() throws {
    let problem = try Problem(
      name: "swap-trips", depots: [Depot(name: "depot")], disposalSites: [DisposalSite(name: "site")],
      clients: [Client(name: "A", demand: 6), Client(name: "B", demand: 6)],
      vehicleTypes: [VehicleType(capacities: [10])], distances: RichSolverTests.line([0, 25, 20, 30]))
    let data = RichData(problem: problem, granularity: 20)
    let search = RichLocalSearch(data: data)
    let site = data.clientCount  // the visit code of disposal site 0
    let windows = (0..<data.clientCount).map { data.windowStart[$0] }
    let incumbent = search.load(routes: [(type: 0, visits: [1, site, 0, site])], windows: windows)
    #expect(incumbent.keepsRules && incumbent.unroutedRequired == 0)
    #expect(incumbent.objective == 70)

    let refinement = RichRefinement(
      data: data, configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(10), refinement: true))
    var pool = RoutePool(capacity: 10)
    _ = pool.add(sequence: [0, site], clients: [0], kind: 0, cost: 10)
    _ = pool.add(sequence: [1, site], clients: [1], kind: 0, cost: 10)
    refinement.absorb(pool)
    let result = try #require(refinement.recombine(incumbent, in: search))
    #expect(result.objective == 60)
    #expect(result.keepsRules && result.unroutedRequired == 0)
    #expect(result.slots.filter { !$0.isEmpty } == [[0, site, 1, site]])
    #expect(refinement.statistics.improvements == 1)
    #expect(refinement.statistics.costReduction == 10)

    // The same plan through the independent evaluator.
    let solution = Solution(routes: [Route(vehicleType: 0, visits: [.client(0), .disposal(0), .client(1), .disposal(0)])])
    #expect(SolutionEvaluator.evaluate(solution, for: problem).cost == 60)
  }

  /// An incumbent that is already the cheapest choice of the pool is left alone (`nil`), and so is one
  /// with an empty pool.
  @Test func anOptimalIncumbentIsLeftAlone() throws {
    let problem = try Problem(
      name: "optimal", depots: [Depot(name: "depot")], disposalSites: [DisposalSite(name: "site")],
      clients: [Client(name: "A", demand: 6), Client(name: "B", demand: 6)],
      vehicleTypes: [VehicleType(capacities: [10])], distances: RichSolverTests.line([0, 25, 20, 30]))
    let data = RichData(problem: problem, granularity: 20)
    let search = RichLocalSearch(data: data)
    let site = data.clientCount
    let windows = (0..<data.clientCount).map { data.windowStart[$0] }
    let incumbent = search.load(routes: [(type: 0, visits: [0, site, 1, site])], windows: windows)
    let configuration = SolverConfiguration(seed: 1, timeLimit: .seconds(10), refinement: true)
    let empty = RichRefinement(data: data, configuration: configuration)
    #expect(empty.recombine(incumbent, in: search) == nil)

    let refinement = RichRefinement(data: data, configuration: configuration)
    var pool = RoutePool(capacity: 10)
    _ = pool.add(sequence: [0, site], clients: [0], kind: 0, cost: 25)
    _ = pool.add(sequence: [1, site], clients: [1], kind: 0, cost: 10)
    _ = pool.add(sequence: [1, 0, site], clients: [0, 1], kind: 0, cost: 40)  // too heavy for one trip
    refinement.absorb(pool)
    #expect(refinement.recombine(search.load(routes: [(type: 0, visits: [0, site, 1, site])], windows: windows), in: search) == nil)
  }

  /// Random rich problems (disposal trips, windows, breaks, mixed fleets, optional clients), solved with
  /// the refinement on by one search and by two cooperating ones: the refinement runs, and every result
  /// keeps every rule and costs what the evaluator says.
  @Test(arguments: [UInt64](1...6), [1, 2])
  func randomRichProblemsWithRefinementAreChecked(seed: UInt64, threads: Int) async throws {
    let problem = try RichSolverTests.randomRichProblem(seed: seed)
    // Stopped by iterations, so that the final recombination has its share of the time limit whatever
    // the machine's load.
    let configuration = SolverConfiguration(
      seed: seed, timeLimit: .seconds(20), maxIterations: 60, refinement: true, threads: threads)
    let result = try await Solver(configuration).solve(problem)
    let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
    #expect(evaluation.violations.isEmpty, "\(evaluation.violations.prefix(3))")
    #expect(evaluation.cost == result.cost)
    #expect(result.refinement.runs >= 1)
    #expect(result.refinement.poolSize >= 1)
  }
}
