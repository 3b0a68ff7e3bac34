/// Optimal segmentation of a giant tour into routes (Prins 2004, doi:10.1016/S0305-0548(03)00158-8;
/// Vidal 2016 for the limited-fleet variant), minimising distance plus penalties.
struct Split {
  private var potential: [Int64]
  private var predecessor: [Int]
  private var layered: [Int64] = []
  private var layeredPredecessor: [Int] = []

  init(clientCount: Int) {
    potential = Array(repeating: 0, count: clientCount + 1)
    predecessor = Array(repeating: 0, count: clientCount + 1)
  }

  /// Splits `individual.giantTour` into at most `data.vehicleCount` routes and evaluates it.
  mutating func run(_ individual: inout Individual, data: SearchData, weights: PenaltyWeights) {
    let n = individual.giantTour.count
    guard n > 0 else {
      individual.evaluate(data, weights: weights)
      return
    }
    let unlimited = bellman(individual.giantTour, data: data, weights: weights)
    if unlimited <= data.vehicleCount {
      writeRoutes(into: &individual, count: unlimited) { self.predecessor[$0] }
    } else {
      limitedFleet(&individual, data: data, weights: weights)
    }
    individual.evaluate(data, weights: weights)
  }

  /// The penalised cost of the route visiting `tour[i..<j]`, extended one client at a time.
  @inline(__always)
  private static func routeCost(
    distance: Int64, load: Int64, duration: Int64, last: Int, data: SearchData, weights: PenaltyWeights
  ) -> Int64 {
    let length = distance + data.dist(last, 0)
    var excess = max(0, length - data.maxDistance)
    if data.tracksDuration { excess += max(0, duration + data.time(last, 0) - data.maxDuration) }
    return length + weights.penalty(loadExcess: max(0, load - data.capacity), durationExcess: excess)
  }

  /// Unlimited-fleet split; returns the number of routes.
  private mutating func bellman(_ tour: [Int], data: SearchData, weights: PenaltyWeights) -> Int {
    let n = tour.count
    let loadBound = data.capacity + data.capacity / 2
    potential[0] = 0
    for j in 1...n { potential[j] = .max }
    for i in 0..<n where potential[i] != .max {
      var load: Int64 = 0
      var distance: Int64 = 0
      var duration: Int64 = 0
      var previous = 0
      var j = i + 1
      while j <= n && (load <= loadBound || j == i + 1) {
        let client = tour[j - 1]
        load += data.demand[client]
        distance += data.dist(previous, client)
        duration += data.time(previous, client) + data.service[client]
        previous = client
        let cost = potential[i] + Self.routeCost(
          distance: distance, load: load, duration: duration, last: client, data: data, weights: weights)
        if cost < potential[j] {
          potential[j] = cost
          predecessor[j] = i
        }
        j += 1
      }
    }
    var count = 0
    var j = n
    while j > 0 {
      count += 1
      j = predecessor[j]
    }
    return count
  }

  /// Split with at most `data.vehicleCount` routes (layered Bellman over the route count).
  private mutating func limitedFleet(_ individual: inout Individual, data: SearchData, weights: PenaltyWeights) {
    let tour = individual.giantTour
    let n = tour.count
    let fleet = data.vehicleCount
    let width = n + 1
    layered = Array(repeating: .max, count: (fleet + 1) * width)
    layeredPredecessor = Array(repeating: 0, count: (fleet + 1) * width)
    layered[0] = 0
    for k in 0..<fleet {
      for i in k..<n where layered[k * width + i] != .max {
        let base = layered[k * width + i]
        var load: Int64 = 0
        var distance: Int64 = 0
        var duration: Int64 = 0
        var previous = 0
        for j in (i + 1)...n {
          let client = tour[j - 1]
          load += data.demand[client]
          distance += data.dist(previous, client)
          duration += data.time(previous, client) + data.service[client]
          previous = client
          let cost = base + Self.routeCost(
            distance: distance, load: load, duration: duration, last: client, data: data, weights: weights)
          let slot = (k + 1) * width + j
          if cost < layered[slot] {
            layered[slot] = cost
            layeredPredecessor[slot] = i
          }
        }
      }
    }
    var bestK = 1
    for k in 1...fleet where layered[k * width + n] < layered[bestK * width + n] { bestK = k }
    var k = bestK
    var j = n
    var bounds: [(Int, Int)] = []
    while j > 0 {
      let i = layeredPredecessor[k * width + j]
      bounds.append((i, j))
      j = i
      k -= 1
    }
    for r in individual.routes.indices { individual.routes[r].removeAll(keepingCapacity: true) }
    for (r, (i, j)) in bounds.reversed().enumerated() { individual.routes[r].append(contentsOf: tour[i..<j]) }
  }

  private func writeRoutes(into individual: inout Individual, count: Int, predecessor: (Int) -> Int) {
    let tour = individual.giantTour
    for r in individual.routes.indices { individual.routes[r].removeAll(keepingCapacity: true) }
    var j = tour.count
    var r = count - 1
    while j > 0 {
      let i = predecessor(j)
      individual.routes[r].append(contentsOf: tour[i..<j])
      r -= 1
      j = i
    }
  }
}
