extension Problem {
  /// Checks every invariant the solver relies on.
  func validate() throws(ProblemError) {
    guard !depots.isEmpty else { throw .noDepot }
    guard !vehicleTypes.isEmpty else { throw .noVehicleType }
    guard costScale > 0 else { throw .invalidCostScale(costScale) }
    let n = locationCount
    for (label, matrix) in [("distance", distances), ("duration", durations)] {
      guard matrix.rowCount == n, matrix.columnCount == n else {
        throw .matrixSize(matrix: label, rows: matrix.rowCount, columns: matrix.columnCount, expected: n)
      }
      if let flat = matrix.storage.firstIndex(where: { $0 < 0 }) {
        throw .negativeMatrixEntry(
          matrix: label, from: locationName(flat / n), to: locationName(flat % n), value: matrix.storage[flat])
      }
    }
    for depot in depots {
      if let c = depot.coordinate, !(c.x.isFinite && c.y.isFinite) {
        throw .nonFiniteCoordinate(location: depot.name)
      }
    }
    var largestCapacity = Int64.min
    for type in vehicleTypes {
      guard type.capacity >= 0 else { throw .negativeCapacity(vehicleType: type.name, capacity: type.capacity) }
      if let count = type.count, count < 1 { throw .invalidVehicleCount(vehicleType: type.name, count: count) }
      for depot in [type.startDepot, type.endDepot] where !depots.indices.contains(depot) {
        throw .depotOutOfRange(vehicleType: type.name, depot: depot)
      }
      if let limit = type.maxDuration, limit < 0 {
        throw .negativeLimit(vehicleType: type.name, field: "maximum duration", value: limit)
      }
      if let limit = type.maxDistance, limit < 0 {
        throw .negativeLimit(vehicleType: type.name, field: "maximum distance", value: limit)
      }
      largestCapacity = max(largestCapacity, type.capacity)
    }
    for client in clients {
      guard client.demand >= 0 else { throw .negativeDemand(client: client.name, demand: client.demand) }
      guard client.serviceDuration >= 0 else {
        throw .negativeServiceDuration(client: client.name, duration: client.serviceDuration)
      }
      guard client.demand <= largestCapacity else {
        throw .demandExceedsCapacity(client: client.name, demand: client.demand, largestCapacity: largestCapacity)
      }
      if let c = client.coordinate, !(c.x.isFinite && c.y.isFinite) {
        throw .nonFiniteCoordinate(location: client.name)
      }
    }
  }

  /// The name of location `location`, for messages.
  func locationName(_ location: Int) -> String {
    location < depots.count ? depots[location].name : clients[location - depots.count].name
  }
}
