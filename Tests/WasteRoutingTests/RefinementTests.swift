import Foundation
import IntegerProgramming
import Testing
@testable import WasteRouting

/// SplitMix64 (Steele, Lea and Flood 2014), private to these tests so that random cases are repeatable.
private struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite struct RoutePoolTests {
  @Test func duplicateSetKeepsTheCheaperSequence() {
    var pool = RoutePool(capacity: 10)
    let changes = [
      pool.add(clients: [0, 1, 2], cost: 10),
      pool.add(clients: [2, 1, 0], cost: 8),   // cheaper order of the same clients
      pool.add(clients: [1, 0, 2], cost: 9),   // costlier: ignored
      pool.add(clients: [1, 2, 0], cost: 8),   // no cheaper: ignored
      pool.add(clients: [], cost: 0),          // empty: ignored
    ]
    #expect(changes == [true, true, false, false, false])
    #expect(pool.count == 1)
    #expect(pool[0] == RoutePool.Route(clients: [2, 1, 0], cost: 8))
    #expect(pool.position(ofClients: [0, 2, 1]) == 0)
    #expect(pool.position(ofClients: [0, 2]) == nil)
    pool.checkInvariants()
  }

  @Test func evictionKeepsTheBestRoutesPerClient() {
    var pool = RoutePool(capacity: 3)
    pool.add(clients: [0], cost: 10)        // 10 per client
    pool.add(clients: [1, 2], cost: 10)     // 5
    pool.add(clients: [3, 4, 5], cost: 60)  // 20
    let changes = [
      pool.add(clients: [6, 7], cost: 8),   // 4: evicts [3, 4, 5]
      pool.add(clients: [8], cost: 50),     // 50: worse than every pooled route, dropped
    ]
    #expect(changes == [true, false])
    #expect(pool.position(ofClients: [3, 4, 5]) == nil)
    #expect(pool.count == 3)
    #expect(Set(pool.routes.map(\.cost)) == [10, 10, 8])
    pool.checkInvariants()
  }

  /// The pool against a plain reference: dictionary of client sets, linear search for the worst route.
  @Test(arguments: 0..<20) func matchesAReferenceModel(seed: UInt64) {
    var rng = SeededGenerator(state: seed)
    let capacity = Int.random(in: 1...25, using: &rng)
    var pool = RoutePool(capacity: capacity)
    var reference: [[Int]: (sequence: [Int], cost: Int64, stamp: Int)] = [:]
    for stamp in 0..<400 {
      let clients = Array((0..<10).shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)))
      let cost = Int64.random(in: 1...100, using: &rng)
      let key = clients.sorted()
      var changed = false
      if let existing = reference[key] {
        if cost < existing.cost {
          reference[key] = (clients, cost, stamp)
          changed = true
        }
      } else {
        let ratio = { (entry: (sequence: [Int], cost: Int64, stamp: Int)) in
          Double(entry.cost) / Double(entry.sequence.count)
        }
        let worst = reference.max { a, b in
          ratio(a.value) != ratio(b.value) ? ratio(a.value) < ratio(b.value) : a.value.stamp > b.value.stamp
        }
        if reference.count < capacity {
          changed = true
        } else if let worst, Double(cost) / Double(clients.count) < ratio(worst.value) {
          reference[worst.key] = nil
          changed = true
        }
        if changed { reference[key] = (clients, cost, stamp) }
      }
      let added = pool.add(clients: clients, cost: cost)
      #expect(added == changed)
      #expect(pool.count == reference.count)
    }
    pool.checkInvariants()
    let pooled = Dictionary(uniqueKeysWithValues: pool.routes.map { ($0.clients.sorted(), $0) })
    #expect(pooled == reference.mapValues { RoutePool.Route(clients: $0.sequence, cost: $0.cost) })
  }

  /// Adding stays cheap once the pool is full (amortised O(log n) eviction): four times the adds take
  /// well under eight times as long, whatever else the machine is doing.
  @Test func manyAddsStayFast() {
    func adds(_ count: Int) -> (Duration, RoutePool) {
      var rng = SeededGenerator(state: 1)
      var pool = RoutePool(capacity: 5_000)
      let elapsed = ContinuousClock().measure {
        for _ in 0..<count {
          let size = Int.random(in: 3...12, using: &rng)
          let clients = (0..<size).map { _ in Int.random(in: 0..<500, using: &rng) }
          pool.add(clients: Array(Set(clients)), cost: Int64.random(in: 100...10_000, using: &rng))
        }
      }
      return (elapsed, pool)
    }
    let (short, _) = adds(10_000)
    let (long, pool) = adds(40_000)
    #expect(pool.count == 5_000)
    #expect(long < short * 8 + .milliseconds(200), "10,000 adds \(short), 40,000 adds \(long)")
    pool.checkInvariants()
  }
}

@Suite struct SetPartitioningTests {
  /// Covers `0..<clientCount` exactly once.
  private func expectPartition(_ selection: SetPartitioning.Selection, clientCount: Int) {
    #expect(selection.routes.flatMap { $0 }.sorted() == Array(0..<clientCount))
  }

  @Test func recombinationBeatsTheIncumbent() throws {
    var pool = RoutePool(capacity: 100)
    let incumbent = [
      RoutePool.Route(clients: [0, 1, 2], cost: 30), RoutePool.Route(clients: [3, 4, 5], cost: 30),
    ]
    for route in incumbent { pool.add(clients: route.clients, cost: route.cost) }
    pool.add(clients: [1, 0], cost: 12)
    pool.add(clients: [2, 3], cost: 14)
    pool.add(clients: [5, 4], cost: 13)
    pool.add(clients: [0, 3], cost: 5)        // cheap, but leaves no partner for 1 and 2 alone
    pool.add(clients: [1, 2, 4, 5], cost: 40)
    let selection = try #require(try SetPartitioning.solve(
      pool: pool, clientCount: 6, incumbent: incumbent, timeLimit: .seconds(1)))
    #expect(selection.cost == 39)
    #expect(selection.isProvenOptimal)
    #expect(Set(selection.routes) == [[1, 0], [2, 3], [5, 4]])
    expectPartition(selection, clientCount: 6)
  }

  @Test func routeCountBoundIsRespected() throws {
    var pool = RoutePool(capacity: 100)
    pool.add(clients: [0], cost: 1)
    pool.add(clients: [1], cost: 1)
    pool.add(clients: [2], cost: 1)
    pool.add(clients: [0, 1, 2], cost: 10)
    pool.add(clients: [0, 1], cost: 5)
    let free = try #require(try SetPartitioning.solve(pool: pool, clientCount: 3, timeLimit: .seconds(1)))
    #expect(free.cost == 3)
    let two = try #require(try SetPartitioning.solve(
      pool: pool, clientCount: 3, maximumRouteCount: 2, timeLimit: .seconds(1)))
    #expect(two.cost == 6)
    #expect(two.routes.count == 2)
    let one = try #require(try SetPartitioning.solve(
      pool: pool, clientCount: 3, maximumRouteCount: 1, timeLimit: .seconds(1)))
    #expect(one.routes == [[0, 1, 2]])
  }

  @Test func uncoverableClientGivesNil() throws {
    var pool = RoutePool(capacity: 10)
    pool.add(clients: [0, 1], cost: 3)
    #expect(try SetPartitioning.solve(pool: pool, clientCount: 3, timeLimit: .seconds(1)) == nil)
    pool.add(clients: [1, 2], cost: 3)
    // Every client is covered, but no exact partition exists.
    #expect(try SetPartitioning.solve(pool: pool, clientCount: 3, timeLimit: .seconds(1)) == nil)
  }

  @Test func incumbentMissingFromThePoolIsAdded() throws {
    var pool = RoutePool(capacity: 10)
    pool.add(clients: [0, 1], cost: 10)
    pool.add(clients: [2, 1], cost: 4)  // cheaper order of the incumbent's second route
    let incumbent = [RoutePool.Route(clients: [0], cost: 3), RoutePool.Route(clients: [1, 2], cost: 6)]
    let selection = try #require(try SetPartitioning.solve(
      pool: pool, clientCount: 3, incumbent: incumbent, timeLimit: .seconds(1)))
    #expect(selection.cost == 7)
    #expect(Set(selection.routes) == [[0], [2, 1]])
  }

  @Test func invalidIncumbentThrows() {
    var pool = RoutePool(capacity: 10)
    pool.add(clients: [0, 1], cost: 10)
    pool.add(clients: [1], cost: 10)
    let incumbent = [RoutePool.Route(clients: [0, 1], cost: 10), RoutePool.Route(clients: [1], cost: 10)]
    #expect(throws: IntegerProgramError.incumbentViolatesRow(row: 1, activity: 2)) {
      try SetPartitioning.solve(pool: pool, clientCount: 2, incumbent: incumbent, timeLimit: .seconds(1))
    }
  }

  @Test(arguments: 0..<10) func randomPoolsGivePartitionsNoWorseThanTheIncumbent(seed: UInt64) throws {
    var rng = SeededGenerator(state: seed)
    let instance = RandomPoolInstance(clientCount: 40, solutions: 30, shape: .clusters, using: &rng)
    let selection = try #require(try SetPartitioning.solve(
      pool: instance.pool, clientCount: 40, incumbent: instance.incumbent, timeLimit: .seconds(2)))
    expectPartition(selection, clientCount: 40)
    #expect(selection.cost <= instance.incumbent.reduce(0) { $0 + $1.cost })
    let costOfSequence = Dictionary(instance.pool.routes.map { ($0.clients, $0.cost) }, uniquingKeysWith: min)
    #expect(selection.cost == selection.routes.reduce(0) { $0 + (costOfSequence[$1] ?? .max / 1_000) })
  }

  /// The timing experiment of issue #4: `WASTE_ROUTING_SP_TIMING=1 swift test -c release --filter timing`.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["WASTE_ROUTING_SP_TIMING"] != nil))
  func timingOnALargePool() throws {
    let cases: [(Int, Int, UInt64, RandomPoolInstance.Shape)] = [
      (500, 5_000, 1, .sweep), (500, 5_000, 2, .sweep),
      (500, 5_000, 1, .clusters), (500, 5_000, 2, .clusters), (500, 5_000, 3, .clusters),
      (200, 2_000, 4, .clusters),
    ]
    for (clients, routes, seed, shape) in cases {
      var rng = SeededGenerator(state: seed)
      let instance = RandomPoolInstance(
        clientCount: clients, solutions: 400, capacity: routes, shape: shape, using: &rng)
      let incumbentCost = instance.incumbent.reduce(0) { $0 + $1.cost }
      for limit in [Duration.milliseconds(500), .seconds(5)] {
        let clock = ContinuousClock()
        var selection: SetPartitioning.Selection?
        let elapsed = try clock.measure {
          selection = try SetPartitioning.solve(
            pool: instance.pool, clientCount: clients, incumbent: instance.incumbent, timeLimit: limit)
        }
        print("""
          set partitioning (\(shape)): \(clients) clients, \(instance.pool.count) routes, limit \(limit): \
          \(elapsed), incumbent \(incumbentCost) -> \(selection?.cost ?? -1), \
          optimal \(selection?.isProvenOptimal ?? false)
          """)
      }
    }
  }
}

/// A pool like the search would gather: the routes of many random solutions, each route ordered by angle
/// around a central depot and priced by rounded Euclidean length; the incumbent is the last solution.
///
/// `sweep` solutions cut the clients, sorted by angle, into routes of 6–14 from a random starting angle
/// (an easy, nearly interval-structured pool); `clusters` solutions grow each route from a random unserved
/// client through 5–13 of its nearest unserved clients, so routes overlap irregularly.
private struct RandomPoolInstance {
  enum Shape { case sweep, clusters }

  var pool: RoutePool
  var incumbent: [RoutePool.Route]

  init(
    clientCount: Int, solutions: Int, capacity: Int = 100_000, shape: Shape = .clusters,
    using rng: inout SeededGenerator
  ) {
    let points = (0..<clientCount).map { _ in
      (x: Double.random(in: -100...100, using: &rng), y: Double.random(in: -100...100, using: &rng))
    }
    let angle = { (client: Int) in atan2(points[client].y, points[client].x) }
    let byAngle = points.indices.sorted { angle($0) < angle($1) }
    func distance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
      ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }
    func route(_ clients: [Int]) -> RoutePool.Route {
      let ordered = clients.sorted { angle($0) < angle($1) }
      let stops = [(x: 0.0, y: 0.0)] + ordered.map { points[$0] } + [(x: 0.0, y: 0.0)]
      let length = zip(stops, stops.dropFirst()).reduce(0) { $0 + distance($1.0, $1.1) }
      return RoutePool.Route(clients: ordered, cost: Int64(length.rounded()))
    }
    pool = RoutePool(capacity: capacity)
    incumbent = []
    for _ in 0..<solutions {
      var routes: [RoutePool.Route] = []
      switch shape {
      case .sweep:
        let offset = Int.random(in: 0..<clientCount, using: &rng)
        var start = 0
        while start < clientCount {
          let end = min(clientCount, start + Int.random(in: 6...14, using: &rng))
          routes.append(route((start..<end).map { byAngle[($0 + offset) % clientCount] }))
          start = end
        }
      case .clusters:
        var unserved = Array(0..<clientCount)
        while let seed = unserved.randomElement(using: &rng) {
          let size = Int.random(in: 5...13, using: &rng)
          unserved.sort { distance(points[$0], points[seed]) < distance(points[$1], points[seed]) }
          routes.append(route(Array(unserved.prefix(size))))
          unserved.removeFirst(min(size, unserved.count))
        }
      }
      for route in routes { pool.add(clients: route.clients, cost: route.cost) }
      incumbent = routes
    }
    for route in incumbent { pool.add(clients: route.clients, cost: route.cost) }
  }
}

@Suite struct SetCoveringTests {
  /// A cover may beat every partition of the same pool; it then serves some client twice.
  @Test func coverCanBeCheaperThanEveryPartition() throws {
    var pool = RoutePool(capacity: 10)
    pool.add(clients: [0, 1, 2], cost: 6)
    pool.add(clients: [2, 3], cost: 5)
    pool.add(clients: [0, 1], cost: 8)
    pool.add(clients: [3], cost: 6)
    let partition = try #require(try SetPartitioning.solve(pool: pool, clientCount: 4, timeLimit: .seconds(1)))
    #expect(partition.cost == 12)  // [0, 1, 2] + [3]
    let cover = try #require(try SetPartitioning.solve(
      pool: pool, clientCount: 4, coverage: .atLeastOnce, timeLimit: .seconds(1)))
    #expect(cover.cost == 11)
    #expect(Set(cover.routes) == [[0, 1, 2], [2, 3]])
    #expect(cover.isProvenOptimal)
  }
}

/// The refinement as the search uses it: routes collected from solutions, recombined around an incumbent.
@Suite struct PoolRefinementTests {
  /// Depot at the origin; client 3 lies on the way to clients 4 and 5, clients 1 and 2 just beside it.
  /// Rounded distances: [3, 1, 2] 22, [3, 4, 5] 42, [1, 2] 21, [1, 3] 21, [2, 5] 42, [1] and [2] 20,
  /// [4] 40, [5] 42. Three clients fit in a truck.
  static let line = """
    NAME : line
    TYPE : CVRP
    DIMENSION : 6
    EDGE_WEIGHT_TYPE : EUC_2D
    CAPACITY : 3
    NODE_COORD_SECTION
    1 0 0
    2 10 1
    3 10 2
    4 10 0
    5 20 0
    6 21 0
    DEMAND_SECTION
    1 0
    2 1
    3 1
    4 1
    5 1
    6 1
    DEPOT_SECTION
    1
    -1
    EOF
    """

  private func individual(_ routes: [[Int]], _ data: SearchData) -> Individual {
    var individual = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
    for (slot, route) in routes.enumerated() { individual.routes[slot] = route }
    individual.rebuildGiantTour()
    individual.evaluate(data, weights: PenaltyWeights(load: 1000, duration: 1000))
    return individual
  }

  /// The pool holds [3, 1, 2] and [3, 4, 5] from two solutions. The best partition of the pool costs 82
  /// ([3, 4, 5] + [1] + [2]); the cover of those two routes costs 64, and dropping client 3 from
  /// [3, 1, 2], where it saves more, leaves [1, 2] + [3, 4, 5] = 63.
  @Test func coveringFindsWhatNoPartitionOfThePoolHolds() throws {
    let problem = try VRPLIB.parseProblem(Self.line, fileName: "line.vrp")
    let data = SearchData(problem: problem, granularity: 5)
    let refinement = PoolRefinement(
      data: data, configuration: SolverConfiguration(timeLimit: .seconds(10)))
    let incumbent = individual([[1, 3], [2, 5], [4]], data)
    #expect(incumbent.isFeasible && incumbent.distance == 103)
    refinement.collect(individual([[3, 1, 2], [4], [5]], data))
    refinement.collect(individual([[3, 4, 5], [1], [2]], data))
    refinement.collect(incumbent)

    let result = try #require(refinement.recombine(incumbent, isFinal: true))
    #expect(result.distance == 63)
    #expect(result.isFeasible)
    #expect(Set(result.routes.filter { !$0.isEmpty }.map { Set($0) }) == [[1, 2], [3, 4, 5]])
    #expect(refinement.statistics.improvements == 1)
    #expect(refinement.statistics.costReduction == 40)
    #expect(refinement.statistics.poolSize == 8)

    // The same pool as a partitioning model (0-based clients) stops at 82.
    var pool = RoutePool(capacity: 10)
    for (route, cost) in [([2, 0, 1], 22), ([2, 3, 4], 42), ([0], 20), ([1], 20), ([3], 40), ([4], 42),
                          ([0, 2], 21), ([1, 4], 42)] as [([Int], Int64)] {
      pool.add(clients: route, cost: cost)
    }
    let partition = try #require(try SetPartitioning.solve(pool: pool, clientCount: 5, timeLimit: .seconds(1)))
    #expect(partition.cost == 82)
  }

  /// Nothing to gain: the incumbent is the only solution pooled.
  @Test func aLoneIncumbentIsNotImproved() throws {
    let problem = try VRPLIB.parseProblem(Self.line, fileName: "line.vrp")
    let data = SearchData(problem: problem, granularity: 5)
    let refinement = PoolRefinement(data: data, configuration: SolverConfiguration(timeLimit: .seconds(10)))
    let incumbent = individual([[1, 3], [2, 5], [4]], data)
    refinement.collect(incumbent)
    #expect(refinement.recombine(incumbent) == nil)
    #expect(refinement.statistics.runs == 1 && refinement.statistics.improvements == 0)
  }

  /// Seeded random problems, asymmetric and with duration limits for some seeds (where dropping a
  /// duplicated client may not save anything). The incumbent is the first feasible local optimum, so the
  /// pool of later ones usually holds something better. Whatever the refinement returns serves every
  /// client once, is feasible, and is cheaper than the incumbent by exactly the recorded reduction.
  @Test func recombinationsAreValidImprovements() throws {
    var improved = 0
    for seed in 0..<8 as Range<UInt64> {
      var rng = SplitMix64(seed: seed)
      var options = RandomProblemOptions()
      options.clientCount = 60
      options.routeCount = 8
      options.slack = 1.5
      options.isSymmetric = seed % 2 == 0
      options.hasDurationLimit = seed % 4 >= 2
      options.hasServiceTimes = seed % 4 >= 2
      let problem = try Problem.random(options, using: &rng)
      let data = SearchData(problem: problem, granularity: 10)
      let refinement = PoolRefinement(data: data, configuration: SolverConfiguration(timeLimit: .seconds(20)))
      let search = LocalSearch(data: data)
      let weights = PenaltyWeights(load: 10_000, duration: 10_000)
      var split = Split(clientCount: data.clientCount)
      var first: Individual?
      for _ in 0..<30 {
        var individual = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
        individual.giantTour.shuffle(using: &rng)
        split.run(&individual, data: data, weights: weights)
        search.load(individual)
        search.run(weights: weights, rng: &rng)
        search.export(into: &individual, weights: weights)
        refinement.collect(individual)
        if individual.isFeasible && first == nil { first = individual }
      }
      let incumbent = try #require(first, "seed \(seed)")
      guard let result = refinement.recombine(incumbent, isFinal: true) else { continue }
      improved += 1
      #expect(result.isFeasible, "seed \(seed)")
      #expect(result.routes.flatMap { $0 }.sorted() == Array(1...data.clientCount), "seed \(seed)")
      #expect(incumbent.distance - result.distance == refinement.statistics.costReduction, "seed \(seed)")
      #expect(
        result.distance == result.routes.reduce(0) { $0 + ($1.isEmpty ? 0 : data.totals(of: $1).distance) },
        "seed \(seed)")
    }
    #expect(improved >= 6, "the refinement improved \(improved) of 8 incumbents")
  }
}
