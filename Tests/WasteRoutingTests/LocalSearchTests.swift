import Testing

@testable import WasteRouting

/// Every move's predicted delta against an independent recomputation, on random asymmetric instances
/// with tight limits so that penalties are active.
@Suite struct LocalSearchTests {
  /// The moves of the local search, each called directly on pairs its caller may pass.
  enum Move: String, CaseIterable, CustomTestStringConvertible {
    case relocate, relocatePair, relocatePairReversed, swap, swapPairWithOne, swapPairs
    case twoOpt, twoOptStarReversed, twoOptStar, swapStar

    var testDescription: String { rawValue }
  }

  /// A local search loaded with a random solution, and a referee that prices its routes from the
  /// problem's matrices, independently of the search's caches.
  final class Harness {
    let problem: Problem
    let data: SearchData
    let search: LocalSearch
    let weights: PenaltyWeights
    /// The referee's cost of the loaded routes, kept up to date by `check`.
    private(set) var cost: Int64 = 0
    /// Moves applied and problems found so far.
    private(set) var applied = 0
    private(set) var failures: [String] = []

    init(problem: Problem, weights: PenaltyWeights) {
      self.problem = problem
      self.weights = weights
      data = SearchData(problem: problem, granularity: 20)
      search = LocalSearch(data: data)
    }

    var n: Int { data.clientCount }

    /// Loads a random assignment of the clients to route slots, some of them empty.
    func loadRandomSolution(using rng: inout SplitMix64) {
      var individual = Individual(clientCount: n, vehicleCount: data.vehicleCount)
      let used = 1 + rng.below(data.vehicleCount)
      var clients = Array(1...n)
      clients.shuffle(using: &rng)
      for client in clients { individual.routes[rng.below(used)].append(client) }
      individual.routes.shuffle(using: &rng)
      search.weights = weights
      search.load(individual)
      cost = referenceCost(routes())
    }

    /// The routes as the links say, slot by slot.
    func routes() -> [[Int]] {
      (0..<search.routeCount).map { r in
        var route: [Int] = []
        var node = search.next[search.startDepot(r)]
        while !search.isDepot(node) && route.count <= n {
          route.append(node)
          node = search.next[node]
        }
        return route
      }
    }

    func referenceCost(_ routes: [[Int]]) -> Int64 {
      routes.reduce(0) { $0 + problem.referenceCost(ofRoute: $1, weights: weights) }
    }

    /// A fingerprint of the links and every cache a move may write.
    func fingerprint() -> [Int64] {
      var values: [Int64] = [Int64(search.moveCount)]
      for node in 0..<search.nodeCount {
        values += [
          Int64(search.next[node]), Int64(search.prev[node]), Int64(search.routeOf[node]),
          Int64(search.position[node]), search.cumLoad[node], search.cumDist[node], search.cumTravel[node],
        ]
      }
      for r in 0..<search.routeCount {
        values += [search.routeLoad[r], search.routeDist[r], search.routeTravel[r], search.routePenalty[r]]
      }
      return values
    }

    /// Calls `move` and checks its outcome: when applied, the referee's cost change equals the predicted
    /// delta and the caches are consistent; otherwise nothing changed.
    func check(_ label: @autoclosure () -> String, _ move: () -> Bool) {
      let before = fingerprint()
      guard move() else {
        if fingerprint() != before { failures.append("\(label()) returned false but changed the state") }
        return
      }
      applied += 1
      let routes = routes()
      let after = referenceCost(routes)
      if after != cost + search.lastDelta {
        failures.append("\(label()): predicted \(search.lastDelta), recomputed \(after - cost)")
      }
      if search.lastDelta >= 0 { failures.append("\(label()): applied a non-improving move") }
      checkCaches(label(), routes)
      cost = after
    }

    /// Checks `checkInvariants()` and every cached route cost against the referee.
    func checkCaches(_ label: String, _ routes: [[Int]]) {
      if !search.checkInvariants() { failures.append("\(label): checkInvariants() fails") }
      for (r, route) in routes.enumerated()
      where search.routeCost(r) != problem.referenceCost(ofRoute: route, weights: weights) {
        failures.append("\(label): cached cost of route \(r) is \(search.routeCost(r))")
      }
    }

    /// Tries `move` on every pair its caller may pass; with `likeTheSearch`, not 2-opt* reversed into an
    /// empty route, which the search never tries.
    func tryEveryPair(_ move: Move, likeTheSearch: Bool = false) {
      let starts = (0..<search.routeCount).map(search.startDepot)
      switch move {
      case .swapStar:
        for ru in 0..<search.routeCount {
          for rv in 0..<search.routeCount
          where ru != rv && search.routeSize[ru] > 0 && search.routeSize[rv] > 0 {
            check("swapStar(\(ru), \(rv))") { search.swapStar(ru, rv) }
          }
        }
        return
      default:
        break
      }
      for u in 1...n {
        for v in Array(1...n) + starts where v != u {
          let label = "\(move.rawValue)(\(u), \(v))"
          let sameRoute = search.routeOf[u] == search.routeOf[v]
          switch move {
          case .relocate: check(label) { search.relocate(u, after: v) }
          case .relocatePair: check(label) { search.relocatePair(u, after: v) }
          case .relocatePairReversed: check(label) { search.relocatePairReversed(u, after: v) }
          case .swap where v <= n: check(label) { search.swap(u, v) }
          case .swapPairWithOne where v <= n: check(label) { search.swapPairWithOne(u, v) }
          case .swapPairs where v <= n: check(label) { search.swapPairs(u, v) }
          case .twoOpt where v <= n && sameRoute: check(label) { search.twoOpt(u, v) }
          case .twoOptStarReversed where !sameRoute && !(likeTheSearch && v > n && search.next[v] > n):
            check(label) { search.twoOptStarReversed(u, v) }
          case .twoOptStar where !sameRoute: check(label) { search.twoOptStar(u, v) }
          default: break
          }
        }
      }
    }
  }

  /// The instance of seed `seed`: asymmetric (but one in five symmetric), alternating no limits, a duration
  /// limit on the distance matrix, a duration limit on a separate duration matrix, and both limits.
  static func instance(seed: UInt64) throws -> (Problem, PenaltyWeights, RandomProblemOptions) {
    var rng = SplitMix64(seed: seed)
    var options = RandomProblemOptions()
    options.clientCount = 5 + rng.below(20)
    options.isSymmetric = seed % 5 == 4
    options.routeCount = 2 + rng.below(3)
    options.hasServiceTimes = seed % 2 == 1
    switch seed % 4 {
    case 1: options.hasDurationLimit = true
    case 2:
      options.hasDurationLimit = true
      options.hasSeparateDurations = true
    case 3:
      options.hasDurationLimit = true
      options.hasDistanceLimit = true
      options.hasSeparateDurations = true
    default: break
    }
    options.hasFleetLimit = seed % 3 == 0
    options.spareVehicles = 2
    let problem = try Problem.random(options, using: &rng)
    let weights = PenaltyWeights(load: Int64(200 + rng.below(5_000)), duration: Int64(100 + rng.below(3_000)))
    return (problem, weights, options)
  }

  static let seeds: [UInt64] = Array(0..<16)

  @Test(arguments: Move.allCases)
  func predictedDeltaEqualsRecomputedChange(_ move: Move) throws {
    var applied = 0
    var penalisedStarts = 0
    for seed in Self.seeds {
      let (problem, weights, options) = try Self.instance(seed: seed)
      let harness = Harness(problem: problem, weights: weights)
      #expect(harness.data.timeIsDistance == !options.hasSeparateDurations)
      #expect(harness.data.tracksDuration == options.hasDurationLimit)
      var rng = SplitMix64(seed: seed &+ 1_000)
      for _ in 0..<2 {
        harness.loadRandomSolution(using: &rng)
        if (0..<harness.search.routeCount).contains(where: { harness.search.routePenalty[$0] > 0 }) {
          penalisedStarts += 1
        }
        harness.tryEveryPair(move)
      }
      #expect(harness.failures.isEmpty, "seed \(seed) (\(options)): \(harness.failures.prefix(3))")
      applied += harness.applied
    }
    #expect(applied > 20, "\(move.rawValue) applied only \(applied) moves")
    #expect(penalisedStarts > Self.seeds.count, "penalties are active in most starting solutions")
  }

  @Test func ruinAndRecreateKeepsEveryClientAndConsistentCaches() throws {
    for seed in Self.seeds {
      let (problem, weights, options) = try Self.instance(seed: seed)
      let harness = Harness(problem: problem, weights: weights)
      var rng = SplitMix64(seed: seed &+ 2_000)
      harness.loadRandomSolution(using: &rng)
      for round in 0..<20 {
        harness.search.ruinAndRecreate(size: 1 + rng.below(harness.n), rng: &rng)
        let routes = harness.routes()
        harness.checkCaches("seed \(seed) (\(options)) round \(round)", routes)
        #expect(routes.joined().sorted() == Array(1...harness.n))
      }
      #expect(harness.failures.isEmpty, "\(harness.failures.prefix(3))")
    }
  }

  /// A mispriced move can make the search cycle, hence the time limit.
  @Test(.timeLimit(.minutes(1)))
  func fullRunEndsInALocalOptimumWithConsistentCaches() throws {
    for seed in Self.seeds {
      let (problem, weights, options) = try Self.instance(seed: seed)
      let harness = Harness(problem: problem, weights: weights)
      var rng = SplitMix64(seed: seed &+ 3_000)
      harness.loadRandomSolution(using: &rng)
      let before = harness.cost
      harness.search.run(weights: weights, rng: &rng)
      let routes = harness.routes()
      harness.checkCaches("seed \(seed) (\(options))", routes)
      #expect(harness.referenceCost(routes) <= before)
      #expect(harness.failures.isEmpty, "\(harness.failures.prefix(3))")
      // With every client in every neighbourhood, no single move applies any more.
      guard harness.n <= 21 else { continue }
      let optimum = harness.referenceCost(routes)
      for move in Move.allCases where move != .swapStar {
        harness.tryEveryPair(move, likeTheSearch: true)
      }
      #expect(harness.applied == 0, "seed \(seed) (\(options)): \(optimum) is not a local optimum")
    }
  }
}
