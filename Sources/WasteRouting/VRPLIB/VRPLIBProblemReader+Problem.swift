import Foundation

/// How edge lengths become integers once the convention is resolved.
enum EdgeRounding: Equatable {
  /// TSPLIB `nint`: the nearest integer, halves up.
  case nearest
  /// TSPLIB `CEIL_2D`: the next integer up.
  case ceiling
  /// The value × `scale`, to the nearest integer.
  case scaled(Int64)

  /// The number of matrix units per reported unit.
  var scale: Int64 {
    if case let .scaled(scale) = self { scale } else { 1 }
  }

  /// `value` (an edge length) in matrix units.
  func units(_ value: Double) -> Int64 {
    switch self {
    case .nearest: Int64((value + 0.5).rounded(.down))
    case .ceiling: Int64(value.rounded(.up))
    case let .scaled(scale): Int64((value * Double(scale) + 0.5).rounded(.down))
    }
  }

  /// A duration (`SERVICE_TIME`) in matrix units, to the nearest unit.
  func durationUnits(_ value: Double) -> Int64 {
    Int64((value * Double(scale) + 0.5).rounded(.down))
  }

  /// A limit (`DISTANCE`) in matrix units: rounded down, so that an integer route duration is within the
  /// limit exactly when it is within the original one; values within 10⁻⁶ of an integer are that integer.
  func limitUnits(_ value: Double) -> Int64 {
    let scaled = value * Double(scale)
    let nearest = scaled.rounded()
    return Int64(abs(scaled - nearest) < 1e-6 ? nearest : scaled.rounded(.down))
  }
}

extension VRPLIBProblemReader {
  /// The distance convention `rounding`, or the one inferred from the file.
  private func edgeRounding(
    _ rounding: DistanceRounding?, name: String, weightType: String, fractional: Bool
  ) -> EdgeRounding {
    let scaled = EdgeRounding.scaled(fractional ? VRPLIB.exactCostScale : 1)
    switch rounding {
    case .nearest: return .nearest
    case .exact: return scaled
    case nil:
      let upperName = name.uppercased()
      if upperName.hasPrefix("CMT") || upperName.hasPrefix("GOLDEN") { return scaled }
      switch weightType {
      case "CEIL_2D": return .ceiling
      case "EXPLICIT": return scaled
      default: return .nearest
      }
    }
  }

  /// A non-negative decimal field such as `DISTANCE`, or `nil` when absent.
  private func decimalField(_ key: String) throws(VRPLIBError) -> Double? {
    guard let field = fields[key] else { return nil }
    guard let value = Double(field.value), value.isFinite else {
      throw failure(.invalidNumber(field: key, value: field.value), line: field.line)
    }
    guard value >= 0, value <= Self.maximumWeight else {
      throw failure(.invalidValue(field: key, value: field.value, expected: "in 0...10^10"), line: field.line)
    }
    return value
  }

  /// Builds and validates the problem from everything read.
  func makeProblem(rounding: DistanceRounding?) throws(VRPLIBError) -> Problem {
    if let type = fields["TYPE"], type.value.uppercased() != "CVRP" {
      throw failure(.unsupported(field: "TYPE", value: type.value), line: type.line)
    }
    guard let n = dimension else { throw failure(.missingField("DIMENSION")) }
    let capacity = try checkedCapacity()
    guard let typeField = fields["EDGE_WEIGHT_TYPE"] else { throw failure(.missingField("EDGE_WEIGHT_TYPE")) }
    let weightType = typeField.value.uppercased()
    guard ["EUC_2D", "CEIL_2D", "EXPLICIT"].contains(weightType) else {
      throw failure(.unsupported(field: "EDGE_WEIGHT_TYPE", value: typeField.value), line: typeField.line)
    }
    let maxDuration = try decimalField("DISTANCE")
    let serviceTime = try decimalField("SERVICE_TIME")
    let vehicleCount = try fleetSize()
    let explicitFormat = weightType == "EXPLICIT" ? try checkedWeightFormat() : nil
    let (depotIDs, clientIDs) = try checkedNodes(needsCoordinates: explicitFormat == nil, capacity: capacity)
    if vehicleCount != nil, depotIDs.count > 1, let field = fields["VEHICLES"] {
      throw failure(.unsupported(field: "VEHICLES with several depots", value: field.value), line: field.line)
    }
    let nodeOfLocation = depotIDs + clientIDs

    let fractional =
      !weights.allSatisfy { $0 == $0.rounded() } || explicitFormat == nil
      || [maxDuration, serviceTime].contains { $0.map { $0 != $0.rounded() } ?? false }
    let name = fields["NAME"].map(\.value).flatMap { $0.isEmpty ? nil : $0 }
      ?? (fileName as NSString).deletingPathExtension
    let edges = edgeRounding(rounding, name: name, weightType: weightType, fractional: fractional)
    let distances = distanceMatrix(explicitFormat, edges: edges, nodeOfLocation: nodeOfLocation, dimension: n)

    let service = serviceTime.map(edges.durationUnits) ?? 0
    let depots = depotIDs.map {
      Depot(name: String($0), coordinate: coordinates.isEmpty ? nil : coordinates[$0 - 1])
    }
    let clients = clientIDs.map { id in
      Client(
        name: String(id), coordinate: coordinates.isEmpty ? nil : coordinates[id - 1],
        demand: demands[id - 1] ?? 0, serviceDuration: service)
    }
    let vehicleTypes = depotIDs.indices.map { depot in
      VehicleType(
        name: depotIDs.count == 1 ? "vehicle" : "vehicle from depot \(depotIDs[depot])", capacity: capacity,
        count: vehicleCount, startDepot: depot, endDepot: depot,
        maxDuration: maxDuration.map(edges.limitUnits))
    }
    do {
      return try Problem(
        name: name, depots: depots, clients: clients, vehicleTypes: vehicleTypes, distances: distances,
        costScale: edges.scale)
    } catch {
      throw failure(.problem(error))
    }
  }

  /// `CAPACITY`: present, an integer, not negative.
  private func checkedCapacity() throws(VRPLIBError) -> Int64 {
    guard let field = fields["CAPACITY"] else { throw failure(.missingField("CAPACITY")) }
    let capacity = try integer(field.value, field: "CAPACITY", line: field.line)
    guard capacity >= 0, capacity <= Self.maximumLoad else {
      throw failure(
        .invalidValue(field: "CAPACITY", value: field.value, expected: "in 0...10^15"), line: field.line)
    }
    return capacity
  }

  /// The depot ids (in `DEPOT_SECTION` order) and client ids (the other nodes, by id), once every section
  /// is known complete and no client's demand exceeds `capacity`. A depot's demand is ignored.
  private func checkedNodes(
    needsCoordinates: Bool, capacity: Int64
  ) throws(VRPLIBError) -> (depots: [Int], clients: [Int]) {
    if needsCoordinates, !has(.nodeCoordinates) {
      throw failure(.missingSection(Section.nodeCoordinates.rawValue))
    }
    if has(.nodeCoordinates), let missing = coordinates.firstIndex(where: { $0 == nil }) {
      throw failure(.missingNode(section: Section.nodeCoordinates.rawValue, id: missing + 1))
    }
    guard has(.demands) else { throw failure(.missingSection(Section.demands.rawValue)) }
    if let missing = demands.firstIndex(where: { $0 == nil }) {
      throw failure(.missingNode(section: Section.demands.rawValue, id: missing + 1))
    }
    let depotIDs = try checkedDepotIDs()
    let isDepot = Set(depotIDs)
    // A demand above CAPACITY is valid: the solver leaves that client out and names the rule.
    let clientIDs = demands.indices.map { $0 + 1 }.filter { !isDepot.contains($0) }
    return (depotIDs, clientIDs)
  }

  /// `VEHICLES`, when given: a positive integer.
  private func fleetSize() throws(VRPLIBError) -> Int? {
    guard let field = fields["VEHICLES"] else { return nil }
    let count = try integer(field.value, field: "VEHICLES", line: field.line)
    guard count >= 1, count <= 1_000_000 else {
      throw failure(
        .invalidValue(field: "VEHICLES", value: field.value, expected: "in 1...10^6"), line: field.line)
    }
    return Int(count)
  }

  /// The distance matrix over locations, from explicit weights or from coordinates.
  private func distanceMatrix(
    _ format: ExplicitWeightFormat?, edges: EdgeRounding, nodeOfLocation: [Int], dimension n: Int
  ) -> Matrix<Int64> {
    let count = nodeOfLocation.count
    var storage = Array(repeating: Int64(0), count: count * count)
    if let format {
      for (from, i) in nodeOfLocation.enumerated() {
        for (to, j) in nodeOfLocation.enumerated() {
          if let index = format.valueIndex(from: i - 1, to: j - 1, dimension: n) {
            storage[from * count + to] = edges.units(weights[index])
          }
        }
      }
    } else {
      let points = nodeOfLocation.map { coordinates[$0 - 1] ?? Coordinate(x: 0, y: 0) }
      for from in 0..<count {
        for to in (from + 1)..<count {
          let dx = points[from].x - points[to].x
          let dy = points[from].y - points[to].y
          let units = edges.units((dx * dx + dy * dy).squareRoot())
          storage[from * count + to] = units
          storage[to * count + from] = units
        }
      }
    }
    return Matrix(unchecked: count, count, storage)
  }
}
