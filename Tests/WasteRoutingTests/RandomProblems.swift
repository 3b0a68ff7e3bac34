@testable import WasteRouting

/// Small random problems for property tests, reproducible from a seed.
///
/// Every problem has a reference solution (the clients shuffled and cut into `routeCount` routes) that the
/// limits are derived from, so it is always feasible: the capacity is the reference's largest load, and the
/// duration and distance limits are the reference's longest route, stretched by `slack`.
struct RandomProblemOptions: CustomStringConvertible {
  /// Number of clients.
  var clientCount = 10
  /// Whether `d(a, b) == d(b, a)`.
  var isSymmetric = false
  /// Whether clients have coordinates (SWAP* and polar sorting need them; costs never use them).
  var hasCoordinates = true
  /// Whether travel times differ from distances (`timeIsDistance == false` in the search).
  var hasSeparateDurations = false
  /// Whether routes have a maximum duration.
  var hasDurationLimit = false
  /// Whether routes have a maximum distance.
  var hasDistanceLimit = false
  /// Whether clients have service durations.
  var hasServiceTimes = false
  /// Whether the fleet is limited to the reference solution's routes plus `spareVehicles`.
  var hasFleetLimit = false
  /// Extra vehicles above the reference's route count when the fleet is limited.
  var spareVehicles = 1
  /// Number of routes of the reference solution.
  var routeCount = 3
  /// Factor applied to the reference's capacity and limits (1 = as tight as the reference).
  var slack = 1.0

  var description: String {
    var parts = ["n=\(clientCount)", isSymmetric ? "symmetric" : "asymmetric", "routes=\(routeCount)"]
    if !hasCoordinates { parts.append("no coordinates") }
    if hasSeparateDurations { parts.append("separate durations") }
    if hasDurationLimit { parts.append("duration limit") }
    if hasDistanceLimit { parts.append("distance limit") }
    if hasServiceTimes { parts.append("service times") }
    if hasFleetLimit { parts.append("fleet \(routeCount + spareVehicles)") }
    return parts.joined(separator: ", ")
  }

  /// Options drawn at random: 5–30 clients and every feature about half the time.
  static func random(using rng: inout SplitMix64) -> RandomProblemOptions {
    var options = RandomProblemOptions()
    options.clientCount = 5 + rng.below(26)
    options.isSymmetric = rng.below(3) == 0
    options.hasCoordinates = rng.below(4) != 0
    options.hasSeparateDurations = rng.below(2) == 0
    options.hasDurationLimit = rng.below(2) == 0
    options.hasDistanceLimit = rng.below(4) == 0
    options.hasServiceTimes = rng.below(2) == 0
    options.hasFleetLimit = rng.below(3) == 0
    options.spareVehicles = rng.below(2)
    options.routeCount = 1 + rng.below(max(1, options.clientCount / 4))
    options.slack = 1 + Double(rng.below(40)) / 100
    return options
  }
}

extension Problem {
  /// A random problem with `options`, drawn from `rng`.
  static func random(_ options: RandomProblemOptions, using rng: inout SplitMix64) throws -> Problem {
    let n = options.clientCount
    let size = n + 1
    let points = (0..<size).map { _ in Coordinate(x: Double(rng.below(100)), y: Double(rng.below(100))) }
    var distances = Matrix<Int64>(size: size) { i, j in
      let dx = points[i].x - points[j].x, dy = points[i].y - points[j].y
      return Int64((dx * dx + dy * dy).squareRoot().rounded())
    }
    if !options.isSymmetric {
      for i in 0..<size {
        for j in 0..<size where i != j { distances[i, j] += Int64(rng.below(15)) }
      }
    }
    var durations = distances
    if options.hasSeparateDurations {
      for i in 0..<size {
        for j in 0..<size where i != j {
          durations[i, j] = distances[i, j] * Int64(1 + rng.below(3)) / 2 + Int64(rng.below(7))
        }
      }
    }
    let demands = (0..<n).map { _ in Int64(1 + rng.below(20)) }
    let services = (0..<n).map { _ in options.hasServiceTimes ? Int64(rng.below(10)) : 0 }

    // The reference solution fixes capacity and limits so that the problem is feasible.
    var order = Array(0..<n)
    order.shuffle(using: &rng)
    let routeCount = min(max(1, options.routeCount), n)
    var maxLoad: Int64 = 0, maxDuration: Int64 = 0, maxDistance: Int64 = 0
    for r in 0..<routeCount {
      let clients = order[(r * n / routeCount)..<((r + 1) * n / routeCount)]
      var load: Int64 = 0, duration: Int64 = 0, distance: Int64 = 0
      var previous = 0
      for client in clients {
        load += demands[client]
        distance += distances[previous, client + 1]
        duration += durations[previous, client + 1] + services[client]
        previous = client + 1
      }
      distance += distances[previous, 0]
      duration += durations[previous, 0]
      maxLoad = max(maxLoad, load)
      maxDuration = max(maxDuration, duration)
      maxDistance = max(maxDistance, distance)
    }
    func stretched(_ value: Int64) -> Int64 { Int64((Double(value) * options.slack).rounded(.up)) }
    let type = VehicleType(
      capacity: stretched(maxLoad),
      count: options.hasFleetLimit ? routeCount + options.spareVehicles : nil,
      maxDuration: options.hasDurationLimit ? stretched(maxDuration) : nil,
      maxDistance: options.hasDistanceLimit ? stretched(maxDistance) : nil)
    let clients = (0..<n).map { c in
      Client(
        name: String(c + 2), coordinate: options.hasCoordinates ? points[c + 1] : nil, demand: demands[c],
        serviceDuration: services[c])
    }
    return try Problem(
      name: "random", depots: [Depot(name: "1", coordinate: options.hasCoordinates ? points[0] : nil)],
      clients: clients, vehicleTypes: [type], distances: distances,
      durations: options.hasSeparateDurations ? durations : nil)
  }

  /// The distance, duration and load of one route (clients 1-based, as in the search), from the matrices
  /// alone, and its penalty under `weights` with the search's rule.
  func referenceCost(ofRoute route: [Int], weights: PenaltyWeights) -> Int64 {
    guard !route.isEmpty else { return 0 }
    let type = vehicleTypes[0]
    var distance: Int64 = 0, duration: Int64 = 0, load: Int64 = 0
    var previous = 0
    for client in route {
      distance += distances[previous, client]
      duration += durations[previous, client] + clients[client - 1].serviceDuration
      load += clients[client - 1].demand
      previous = client
    }
    distance += distances[previous, 0]
    duration += durations[previous, 0]
    var durationExcess: Int64 = 0
    if let limit = type.maxDistance { durationExcess += max(0, distance - limit) }
    if let limit = type.maxDuration { durationExcess += max(0, duration - limit) }
    let loadExcess = max(0, load - type.capacity)
    return distance + weights.penalty(loadExcess: loadExcess, durationExcess: durationExcess)
  }
}
