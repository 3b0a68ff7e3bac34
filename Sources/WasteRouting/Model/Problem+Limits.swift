/// The bounds that keep the search's integer arithmetic exact.
///
/// The search adds costs, times and loads with wrapping arithmetic (`&+`) in its inner loops, where an
/// overflow check would cost time. ``Problem`` validation bounds every input number so that no sum the
/// search forms can reach 2^62:
///
/// - at most ``maxLocations`` locations, so a solution has fewer than 2^22 arcs and visits;
/// - matrix entries at most ``maxMatrixEntry`` (2^32: 49 days in milliseconds, 4,295 km in millimetres);
/// - times of day, window starts, service, unloading and break durations at most ``maxTime`` (2^36);
///   a window end later than that means "open" and is treated as such;
/// - demands and capacities at most ``maxLoad`` (2^40), so 2^20 clients load at most 2^60;
/// - costs: the most any solution can cost (every arc at the largest entry and unit cost, every
///   vehicle's fixed cost, every prize, every wait at the longest time) at most ``maxTotalCost`` (2^58).
///
/// Each visit then adds less than 2^38 of time (travel, service, waiting, lateness), 2^22 of them less
/// than 2^60; penalties multiply excesses by weights with saturation.
extension Problem {
  /// The most locations (depots, disposal sites and clients) a problem may have: 2^20.
  public static let maxLocations = 1 << 20
  /// The largest distance or duration matrix entry: 2^32.
  public static let maxMatrixEntry: Int64 = 1 << 32
  /// The largest time value (window start, service, unload and break duration): 2^36. Larger window ends
  /// and route limits mean "no limit".
  public static let maxTime: Int64 = 1 << 36
  /// The largest demand or capacity in any dimension: 2^40.
  public static let maxLoad: Int64 = 1 << 40
  /// The most a solution may cost in the worst case (see above): 2^58.
  public static let maxTotalCost: Double = 0x1p58

  /// Checks the bounds above.
  func checkMagnitudes() throws(ProblemError) {
    guard locationCount <= Self.maxLocations else {
      throw .valueOutOfRange(
        owner: "problem", field: "number of locations", value: Int64(locationCount), limit: Int64(Self.maxLocations))
    }
    for (label, matrix) in [("distance", distances), ("duration", durations)] {
      if let flat = matrix.storage.firstIndex(where: { $0 > Self.maxMatrixEntry }) {
        let n = matrix.columnCount
        throw .valueOutOfRange(
          owner: "the \(label) from \(locationName(flat / n)) to \(locationName(flat % n))", field: label,
          value: matrix.storage[flat], limit: Self.maxMatrixEntry)
      }
    }
    func time(_ owner: String, _ field: String, _ value: Int64) throws(ProblemError) {
      guard value <= Self.maxTime else {
        throw .valueOutOfRange(owner: owner, field: field, value: value, limit: Self.maxTime)
      }
    }
    func load(_ owner: String, _ field: String, _ value: Int64) throws(ProblemError) {
      guard value <= Self.maxLoad else {
        throw .valueOutOfRange(owner: owner, field: field, value: value, limit: Self.maxLoad)
      }
    }
    // The longest time anything can take or wait for, for the worst case of duration costs.
    var longestTime = Double(durations.storage.max() ?? 0)
    for site in disposalSites {
      try time("disposal site \(site.name)", "unload duration", site.unloadDuration)
      longestTime = max(longestTime, Double(site.unloadDuration), Double(min(site.openingHours.earliest, Self.maxTime)))
    }
    for type in vehicleTypes {
      let owner = "vehicle type \(type.name)"
      for capacity in type.capacities { try load(owner, "capacity", capacity) }
      if let rule = type.breakRule {
        try time(owner, "break duration", rule.duration)
        longestTime = max(longestTime, Double(rule.duration), Double(min(rule.window.latest, Self.maxTime)))
        if let limit = rule.maxDrivingBeforeBreak {
          guard limit >= 0 else { throw .negativeValue(owner: owner, field: "maximum driving before the break", value: limit) }
        }
      }
      if let shift = type.shift, shift.latest <= Self.maxTime { longestTime = max(longestTime, Double(shift.latest)) }
    }
    var prizes = 0.0
    for client in clients {
      let owner = "client \(client.name)"
      for demand in client.demands { try load(owner, "demand", demand) }
      try time(owner, "service duration", client.serviceDuration)
      longestTime = max(longestTime, Double(client.serviceDuration))
      for window in client.timeWindows { longestTime = max(longestTime, Double(min(window.latest, Self.maxTime))) }
      prizes += Double(client.prize)
    }
    // The worst case of every cost a solution can have, in floating point: arcs, waits, fixed costs, prizes.
    let arcs = 3 * Double(locationCount) + 2
    let routes = Double(clients.count + vehicleTypes.count)
    let largestDistance = Double(distances.storage.max() ?? 0)
    var worst = prizes
    for type in vehicleTypes {
      let perType =
        Double(type.fixedCost) * routes + Double(type.unitDistanceCost) * arcs * largestDistance
        + Double(type.unitDurationCost) * arcs * 4 * longestTime
      worst = max(worst, prizes + perType)
    }
    guard worst <= Self.maxTotalCost else {
      throw .costsTooLarge(bound: Self.maxTotalCost)
    }
  }
}
