import Testing

@testable import WasteRouting

@Suite struct SplitTests {
  /// The tiny instance: d(0,1)=5, d(0,2)=3, d(0,3)=2, d(1,2)=4, d(1,3)=4, d(2,3)=3 (symmetric); demands 4, 5,
  /// 6; capacity 10.
  private func tiny(vehicles: Int? = nil) throws -> SearchData {
    let problem = try VRPLIB.parseProblem(VRPLIBFixtures.tiny, fileName: "tiny.vrp")
    let type = problem.vehicleTypes[0]
    let limited = try Problem(
      depots: problem.depots, clients: problem.clients,
      vehicleTypes: [VehicleType(capacity: type.capacity, count: vehicles)], distances: problem.distances)
    return SearchData(problem: limited, granularity: 20)
  }

  private func split(_ tour: [Int], _ data: SearchData, _ weights: PenaltyWeights) -> Individual {
    var individual = Individual(clientCount: data.clientCount, vehicleCount: data.vehicleCount)
    individual.giantTour = tour
    var split = Split(clientCount: data.clientCount)
    split.run(&individual, data: data, weights: weights)
    return individual
  }

  /// Tour 1-2-3: [1 2][3] costs 5+4+3 + 2+2 = 16 and is feasible; [1][2 3] costs 10+8 with 1 unit over,
  /// and [1 2 3] costs 14 with 5 units over.
  @Test func tinyTourSplitsAtTheCheapestFeasibleCut() throws {
    let data = try tiny()
    let individual = split([1, 2, 3], data, PenaltyWeights(load: 1000, duration: 1000))
    #expect(individual.routes.filter { !$0.isEmpty } == [[1, 2], [3]])
    #expect(individual.distance == 16)
    #expect(individual.penalizedCost == 16)
    #expect(individual.isFeasible)
  }

  /// At 0.1 per unit of excess load, one overloaded route of 14 beats 16: the penalty is 5 × 100 / 1000 = 0.
  @Test func cheapPenaltiesAllowAnOverloadedRoute() throws {
    let individual = split([1, 2, 3], try tiny(), PenaltyWeights(load: 100, duration: 1000))
    #expect(individual.routes.filter { !$0.isEmpty } == [[1, 2, 3]])
    #expect(individual.distance == 14)
    #expect(individual.loadExcess == 5)
    #expect(individual.penalizedCost == 14)
  }

  /// One vehicle: the only split is [1 2 3], 14 plus 5 units over at 1 per unit.
  @Test func oneVehicleTakesTheWholeTour() throws {
    let individual = split([1, 2, 3], try tiny(vehicles: 1), PenaltyWeights(load: 1000, duration: 1000))
    #expect(individual.routes.filter { !$0.isEmpty } == [[1, 2, 3]])
    #expect(individual.penalizedCost == 19)
  }

  /// Every segmentation of `tour`, with its penalised cost, route count and whether each route passes
  /// the unlimited split's load bound (a route may grow while its load is at most 1.5 × capacity).
  private func segmentations(
    _ tour: [Int], _ data: SearchData, _ problem: Problem, _ weights: PenaltyWeights
  ) -> [(cost: Int64, routes: Int, bounded: Bool)] {
    let n = tour.count
    var result: [(Int64, Int, Bool)] = []
    for cuts in 0..<(1 << (n - 1)) {
      var routes: [[Int]] = [[]]
      for (k, client) in tour.enumerated() {
        if k > 0 && cuts & (1 << (k - 1)) != 0 { routes.append([]) }
        routes[routes.count - 1].append(client)
      }
      let cost = routes.reduce(0) { $0 + problem.referenceCost(ofRoute: $1, weights: weights) }
      let bound = data.capacity + data.capacity / 2
      let bounded = routes.allSatisfy { route in
        route.dropLast().reduce(0) { $0 + data.demand[$1] } <= bound
      }
      result.append((cost, routes.count, bounded))
    }
    return result
  }

  /// On random tours of up to 9 clients, Split's cost equals the best segmentation found by brute force:
  /// the best within the load bound when it needs no more vehicles than there are, the best with at most
  /// that many routes otherwise.
  @Test(arguments: 0..<60)
  func splitIsOptimalAgainstBruteForce(seed: Int) throws {
    var rng = SplitMix64(seed: UInt64(seed))
    var options = RandomProblemOptions.random(using: &rng)
    options.clientCount = 2 + rng.below(8)
    options.routeCount = 1 + rng.below(3)
    options.spareVehicles = rng.below(2)
    options.hasCoordinates = false
    let problem = try Problem.random(options, using: &rng)
    let data = SearchData(problem: problem, granularity: 20)
    let weights = PenaltyWeights(load: Int64(50 + rng.below(3_000)), duration: Int64(50 + rng.below(3_000)))
    var tour = Array(1...data.clientCount)
    tour.shuffle(using: &rng)

    let individual = split(tour, data, weights)
    let routes = individual.routes.filter { !$0.isEmpty }
    #expect(Array(routes.joined()) == tour, "routes cover the tour once, in order")
    #expect(routes.count <= data.vehicleCount)
    let recomputed = routes.reduce(0) { $0 + problem.referenceCost(ofRoute: $1, weights: weights) }
    #expect(individual.penalizedCost == recomputed)

    let all = segmentations(tour, data, problem, weights)
    let boundedBest = all.filter(\.bounded).map(\.cost).min() ?? .max
    let boundedOptima = all.filter { $0.bounded && $0.cost == boundedBest }.map(\.routes)
    let limitedBest = all.filter { $0.routes <= data.vehicleCount }.map(\.cost).min() ?? .max
    if boundedOptima.allSatisfy({ $0 <= data.vehicleCount }) {
      #expect(individual.penalizedCost == boundedBest, "\(options)")
    } else if boundedOptima.allSatisfy({ $0 > data.vehicleCount }) {
      #expect(individual.penalizedCost == limitedBest, "\(options)")
    } else {
      #expect([boundedBest, limitedBest].contains(individual.penalizedCost), "\(options)")
    }
  }
}
