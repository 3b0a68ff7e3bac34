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
    guard timeScale > 0 else { throw .invalidTimeScale(timeScale) }
    let supported = Problem.maxDimensions
    for site in disposalSites {
      let name = "disposal site \(site.name)"
      try Problem.check(site.openingHours, location: site.name)
      guard site.unloadDuration >= 0 else {
        throw .negativeValue(owner: name, field: "unload duration", value: site.unloadDuration)
      }
      if let c = site.coordinate, !(c.x.isFinite && c.y.isFinite) { throw .nonFiniteCoordinate(location: site.name) }
    }
    for type in vehicleTypes {
      let owner = "vehicle type \(type.name)"
      guard type.capacities.count <= supported else {
        throw .tooManyDimensions(owner: owner, count: type.capacities.count, supported: supported)
      }
      for capacity in type.capacities where capacity < 0 {
        throw .negativeCapacity(vehicleType: type.name, capacity: capacity)
      }
      if let count = type.count, count < 1 { throw .invalidVehicleCount(vehicleType: type.name, count: count) }
      for depot in [type.startDepot, type.endDepot] where !depots.indices.contains(depot) {
        throw .depotOutOfRange(vehicleType: type.name, depot: depot)
      }
      for (field, value) in [("maximum duration", type.maxDuration), ("maximum distance", type.maxDistance),
                             ("maximum total load", type.maxTotalLoad), ("maximum stops", type.maxStops.map(Int64.init))] {
        if let value, value < 0 { throw .negativeLimit(vehicleType: type.name, field: field, value: value) }
      }
      for (field, value) in [("fixed cost", type.fixedCost), ("unit distance cost", type.unitDistanceCost),
                             ("unit duration cost", type.unitDurationCost)] where value < 0 {
        throw .negativeValue(owner: owner, field: field, value: value)
      }
      let shift = type.shift ?? .always
      if let typeShift = type.shift { try Problem.check(typeShift, location: owner + " shift") }
      if let rule = type.breakRule {
        try Problem.check(rule.window, location: owner + " break")
        guard rule.duration >= 0 else { throw .negativeValue(owner: owner, field: "break duration", value: rule.duration) }
        let latestStart = min(rule.window.latest, shift.latest - rule.duration)
        guard max(rule.window.earliest, shift.earliest) <= latestStart,
          rule.duration <= (type.maxDuration ?? .max)
        else { throw .breakDoesNotFit(vehicleType: type.name) }
      }
      if let sites = type.allowedDisposalSites {
        for site in sites where !disposalSites.indices.contains(site) {
          throw .indexOutOfRange(owner: owner, field: "allowed disposal sites", index: site)
        }
      }
      if !disposalSites.isEmpty {
        let allowed = type.allowedDisposalSites ?? Array(disposalSites.indices)
        let open = allowed.contains { site in
          let hours = disposalSites[site].openingHours
          return hours.earliest <= shift.latest && hours.latest >= shift.earliest
        }
        guard open else { throw .noDisposalSiteOpen(vehicleType: type.name) }
      }
    }
    for client in clients {
      let owner = "client \(client.name)"
      guard client.demands.count <= supported else {
        throw .tooManyDimensions(owner: owner, count: client.demands.count, supported: supported)
      }
      for demand in client.demands where demand < 0 { throw .negativeDemand(client: client.name, demand: demand) }
      guard client.serviceDuration >= 0 else {
        throw .negativeServiceDuration(client: client.name, duration: client.serviceDuration)
      }
      guard client.prize >= 0 else { throw .negativeValue(owner: owner, field: "prize", value: client.prize) }
      var previousLatest = Int64.min
      for window in client.timeWindows {
        try Problem.check(window, location: client.name)
        guard window.earliest > previousLatest || previousLatest == .min else {
          throw .invalidTimeWindow(location: client.name, earliest: window.earliest, latest: window.latest)
        }
        previousLatest = window.latest
      }
      if let c = client.coordinate, !(c.x.isFinite && c.y.isFinite) {
        throw .nonFiniteCoordinate(location: client.name)
      }
      for type in client.allowedVehicleTypes ?? [] where !vehicleTypes.indices.contains(type) {
        throw .indexOutOfRange(owner: owner, field: "allowed vehicle types", index: type)
      }
      // A client no vehicle can carry, or none may serve, is valid input: the solver leaves it out and
      // names the rule (``ExclusionReason``).
    }
    try checkMagnitudes()
  }

  /// The most capacity dimensions the search supports.
  public static let maxDimensions = 4

  private static func check(_ window: TimeWindow, location: String) throws(ProblemError) {
    guard window.earliest <= window.latest else {
      throw .invalidTimeWindow(location: location, earliest: window.earliest, latest: window.latest)
    }
    guard window.earliest >= 0, window.earliest <= maxTime else {
      throw .valueOutOfRange(owner: location, field: "time window start", value: window.earliest, limit: maxTime)
    }
  }

  /// The name of location `location`, for messages.
  func locationName(_ location: Int) -> String {
    if location < depots.count { return depots[location].name }
    let site = location - depots.count
    if site < disposalSites.count { return disposalSites[site].name }
    return clients[site - disposalSites.count].name
  }
}
