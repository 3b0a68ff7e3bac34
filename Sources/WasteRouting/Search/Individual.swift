/// One solution in the genetic search: a giant tour and its split into routes, with cached costs and
/// the successor/predecessor arrays the broken-pairs distance reads.
struct Individual {
  /// Clients (1...n) in giant-tour order.
  var giantTour: [Int]
  /// Clients of each route slot, in order (empty slots allowed).
  var routes: [[Int]]
  /// Successor and predecessor of each client in its route (0 = depot).
  var successors: [Int]
  var predecessors: [Int]
  /// Total distance.
  var distance: Int64 = 0
  /// Sum over routes of load above capacity.
  var loadExcess: Int64 = 0
  /// Sum over routes of duration and distance above the limits.
  var durationExcess: Int64 = 0
  /// Number of non-empty routes.
  var routeCount = 0
  /// Distance plus penalties under the weights last used by `evaluate`.
  var penalizedCost: Int64 = 0
  /// Other individuals by broken-pairs distance, nearest first.
  var proximity: [(distance: Double, id: Int)] = []
  /// Identity within the population (for proximity lists).
  var id = 0
  /// Biased fitness, recomputed by the population.
  var fitness = 0.0

  var isFeasible: Bool { loadExcess == 0 && durationExcess == 0 }

  init(clientCount: Int, vehicleCount: Int) {
    giantTour = Array(1..<(clientCount + 1))
    routes = Array(repeating: [], count: vehicleCount)
    successors = Array(repeating: 0, count: clientCount + 1)
    predecessors = Array(repeating: 0, count: clientCount + 1)
  }

  /// Recomputes costs, successors and predecessors from `routes`.
  mutating func evaluate(_ data: SearchData, weights: PenaltyWeights) {
    distance = 0
    loadExcess = 0
    durationExcess = 0
    routeCount = 0
    var penalty: Int64 = 0
    for route in routes where !route.isEmpty {
      routeCount += 1
      var previous = 0
      for (k, client) in route.enumerated() {
        predecessors[client] = previous
        successors[client] = k + 1 < route.count ? route[k + 1] : 0
        previous = client
      }
      let totals = data.totals(of: route)
      let routeLoadExcess = totals.loadExcess(data)
      let routeDurationExcess = totals.durationExcess(data)
      distance += totals.distance
      loadExcess += routeLoadExcess
      durationExcess += routeDurationExcess
      penalty += weights.penalty(loadExcess: routeLoadExcess, durationExcess: routeDurationExcess)
    }
    penalizedCost = distance + penalty
  }

  /// Rebuilds the giant tour from the routes (route order as stored).
  mutating func rebuildGiantTour() {
    giantTour.removeAll(keepingCapacity: true)
    for route in routes { giantTour.append(contentsOf: route) }
  }

  /// Broken-pairs distance to `other`, in 0...1 (Prins 2009; Vidal et al. 2012).
  func brokenPairsDistance(to other: Individual) -> Double {
    let n = successors.count - 1
    guard n > 0 else { return 0 }
    var differences = 0
    for j in 1...n {
      if successors[j] != other.successors[j] && successors[j] != other.predecessors[j] { differences += 1 }
      if predecessors[j] == 0 && other.predecessors[j] != 0 && other.successors[j] != 0 { differences += 1 }
    }
    return Double(differences) / Double(n)
  }

  /// Average distance to the `count` nearest other individuals.
  func averageProximity(count: Int) -> Double {
    let k = min(count, proximity.count)
    guard k > 0 else { return 0 }
    var sum = 0.0
    for i in 0..<k { sum += proximity[i].distance }
    return sum / Double(k)
  }
}
