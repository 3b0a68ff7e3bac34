import Foundation

extension Scenario {
  /// The highest plausible fill reading, percent (as ``ForecastConfiguration/maximumPlausibleFill``).
  public static let maximumPlausibleFill = 150.0

  /// Checks everything that does not need the road network: ids unique and known, numbers in range,
  /// windows that open before they close, readings plausible and in time order.
  ///
  /// Whether the fleet can serve every bin is not checked here: the planner leaves out, with their rule,
  /// the bins it cannot serve, so one bin never fails the day. ``validateFleetFit()`` is the fail-fast
  /// check of the fleet that a strict planner (``DailyPlanner/strict``) runs as well.
  ///
  /// - Throws: ``ScenarioError`` naming the JSON path and id of the first problem.
  /// - Complexity: O(*n*) in the size of the scenario.
  public func validate() throws(ScenarioError) {
    guard TimeZone(identifier: timeZone) != nil else {
      throw .invalidValue(ScenarioLocation("timeZone"), reason: "unknown time zone \"\(timeZone)\"")
    }
    guard !roadNetwork.path.isEmpty else {
      throw .invalidValue(ScenarioLocation("roadNetwork.path"), reason: "empty path")
    }
    try positive(roadNetwork.maximumSnapDistance, ScenarioLocation("roadNetwork.maximumSnapDistance"))
    let fractionIDs = try uniqueIDs(fractions.map(\.id), list: "fractions")
    let depotIDs = try uniqueIDs(depots.map(\.id), list: "depots")
    _ = try uniqueIDs(disposalSites.map(\.id), list: "disposalSites")
    _ = try uniqueIDs(trucks.map(\.id), list: "trucks")
    _ = try uniqueIDs(bins.map(\.id), list: "bins")

    for (i, fraction) in fractions.enumerated() {
      try positive(fraction.density, ScenarioLocation("fractions[\(i)].density", id: fraction.id), maximum: 5)
    }
    for (i, depot) in depots.enumerated() {
      try position(depot.lon, depot.lat, path: "depots[\(i)]", id: depot.id)
    }
    for (i, site) in disposalSites.enumerated() {
      let path = "disposalSites[\(i)]"
      try position(site.lon, site.lat, path: path, id: site.id)
      for (k, fraction) in site.fractions.enumerated() where !fractionIDs.contains(fraction) {
        throw .unknownFraction(ScenarioLocation("\(path).fractions[\(k)]", id: site.id), fraction: fraction)
      }
      try window(site.openingHours, ScenarioLocation("\(path).openingHours", id: site.id))
      try duration(site.unloadTime, ScenarioLocation("\(path).unloadTime", id: site.id))
    }
    guard !trucks.isEmpty else { throw .emptyFleet }
    for (i, truck) in trucks.enumerated() {
      try validate(truck, at: "trucks[\(i)]", fractionIDs: fractionIDs, depotIDs: depotIDs)
    }
    let dayEnd = instant(ClockTime(hours: 24))
    for (i, bin) in bins.enumerated() {
      try validate(bin, at: "bins[\(i)]", fractionIDs: fractionIDs, dayEnd: dayEnd)
    }
    for (i, threshold) in [selection.overflowFill, selection.optionalFill].enumerated() {
      let field = i == 0 ? "overflowFill" : "optionalFill"
      try positive(threshold, ScenarioLocation("selection.\(field)"), maximum: Self.maximumPlausibleFill)
    }
    if selection.optionalFill > selection.overflowFill {
      throw .invalidValue(
        ScenarioLocation("selection.optionalFill"),
        reason: "\(selection.optionalFill) % is above overflowFill \(selection.overflowFill) %")
    }
    guard (1...366).contains(selection.nextCollectionInDays) else {
      throw .invalidValue(
        ScenarioLocation("selection.nextCollectionInDays"),
        reason: "\(selection.nextCollectionInDays) is not a number of days from 1 to 366")
    }
    try nonNegative(
      selection.savedVisitValue, ScenarioLocation("selection.savedVisitValue"), maximum: 1_000_000)
    try nonNegative(
      selection.overflowLitreValue, ScenarioLocation("selection.overflowLitreValue"), maximum: 1_000)
    if let schedule { try validate(schedule) }
  }

  private func validate(_ schedule: CollectionSchedule) throws(ScenarioError) {
    let known = Set(bins.map(\.id))
    var seen: [String: String] = [:]
    for (list, ids) in [("required", schedule.required), ("optional", schedule.optional)] {
      for (k, id) in ids.enumerated() {
        let location = ScenarioLocation("schedule.\(list)[\(k)]", id: id)
        guard known.contains(id) else { throw .invalidValue(location, reason: "no bin has the id \"\(id)\"") }
        if let first = seen[id] { throw .duplicateID(location, firstAt: first) }
        seen[id] = "schedule.\(list)[\(k)]"
      }
    }
    guard schedule.optionalPrizes.isEmpty || schedule.optionalPrizes.count == schedule.optional.count else {
      throw .invalidValue(
        ScenarioLocation("schedule.optionalPrizes"),
        reason: "\(schedule.optionalPrizes.count) prizes for \(schedule.optional.count) optional bins")
    }
    for (k, prize) in schedule.optionalPrizes.enumerated() {
      try nonNegative(prize, ScenarioLocation("schedule.optionalPrizes[\(k)]"), maximum: 1_000_000)
    }
  }

  private func validate(
    _ truck: Truck, at path: String, fractionIDs: Set<String>, depotIDs: Set<String>
  ) throws(ScenarioError) {
    func at(_ field: String) -> ScenarioLocation { ScenarioLocation("\(path).\(field)", id: truck.id) }
    guard depotIDs.contains(truck.depot) else { throw .unknownDepot(at("depot"), depot: truck.depot) }
    guard depotIDs.contains(truck.endDepot) else {
      throw .unknownDepot(at("endDepot"), depot: truck.endDepot)
    }
    guard !truck.fractions.isEmpty else {
      throw .invalidValue(at("fractions"), reason: "the truck carries nothing")
    }
    for (k, fraction) in truck.fractions.enumerated() where !fractionIDs.contains(fraction) {
      throw .unknownFraction(at("fractions[\(k)]"), fraction: fraction)
    }
    try positive(truck.capacityLitres, at("capacityLitres"), maximum: 1_000_000)
    try positive(truck.capacityKilograms, at("capacityKilograms"), maximum: 100_000)
    try window(truck.shift, at("shift"))
    if let rule = truck.breakRule {
      guard rule.duration > 0, rule.duration <= 14_400 else {
        throw .invalidValue(at("break.duration"), reason: "\(rule.duration) s is not 1 s to 4 h")
      }
      guard rule.window != nil || rule.maxDrivingBeforeBreak != nil else {
        throw .invalidValue(at("break"), reason: "give the break a window, a maxDrivingBeforeBreak, or both")
      }
      if let window = rule.window {
        try self.window(window, at("break.window"))
        guard window.from >= truck.shift.from, window.to <= truck.shift.to,
          window.from.secondsAfterMidnight + rule.duration <= truck.shift.to.secondsAfterMidnight
        else {
          throw .invalidValue(
            at("break.window"), reason: "the break does not fit into the shift \(truck.shift)")
        }
      }
      if let limit = rule.maxDrivingBeforeBreak {
        guard (1...86_400).contains(limit) else {
          throw .invalidValue(at("break.maxDrivingBeforeBreak"), reason: "\(limit) s is not 1 s to 24 h")
        }
      }
      guard truck.shift.from.secondsAfterMidnight + rule.duration <= truck.shift.to.secondsAfterMidnight
      else {
        throw .invalidValue(at("break.duration"), reason: "the break is longer than the shift \(truck.shift)")
      }
    }
    // Bounded so that costs in 1/100 000 of the currency stay far inside 64-bit integers.
    try nonNegative(truck.costs.fixed, at("costs.fixed"), maximum: 10_000_000)
    try nonNegative(truck.costs.perKilometre, at("costs.perKilometre"), maximum: 100_000)
    try nonNegative(truck.costs.perHour, at("costs.perHour"), maximum: 1_000_000)
    if let calendar = truck.calendar {
      guard !calendar.weekdays.isEmpty else {
        throw .invalidValue(at("calendar.weekdays"), reason: "the truck works on no weekday")
      }
      for (k, weekday) in calendar.weekdays.enumerated() where !(1...7).contains(weekday) {
        throw .invalidValue(
          at("calendar.weekdays[\(k)]"), reason: "\(weekday) is not a weekday from 1 (Monday) to 7 (Sunday)")
      }
    }
  }

  private func validate(
    _ bin: Bin, at path: String, fractionIDs: Set<String>, dayEnd: Date
  ) throws(ScenarioError) {
    func at(_ field: String) -> ScenarioLocation { ScenarioLocation("\(path).\(field)", id: bin.id) }
    try position(bin.lon, bin.lat, path: path, id: bin.id)
    guard fractionIDs.contains(bin.fraction) else {
      throw .unknownFraction(at("fraction"), fraction: bin.fraction)
    }
    try positive(bin.capacity, at("capacity"), maximum: 50_000)
    try duration(bin.serviceTime, at("serviceTime"))
    for (k, window) in bin.timeWindows.enumerated() { try self.window(window, at("timeWindows[\(k)]")) }
    guard !bin.readings.isEmpty else { throw .noReadings(at("readings")) }
    do {
      try bin.history.validate(maximumFill: Self.maximumPlausibleFill)
    } catch {
      func at(_ input: ForecastInputLocation) -> ScenarioLocation {
        ScenarioLocation("\(path).\(input.jsonPath)", id: bin.id)
      }
      switch error {
      case .negativeFill(let input, let value): throw .negativeFill(at(input), value: value)
      case .absurdFill(let input, let value, let limit):
        throw .absurdFill(at(input), value: value, limit: limit)
      case .outOfTimeOrder(let input): throw .readingsOutOfOrder(at(input))
      case .notFinite(let input): throw .invalidValue(at(input), reason: "not a finite number")
      default: throw .invalidValue(ScenarioLocation(path, id: bin.id), reason: "\(error)")
      }
    }
    if let last = bin.readings.indices.last, bin.readings[last].time > dayEnd {
      throw .readingsOutOfOrder(at("readings[\(last)].time"))
    }
    if let last = bin.emptyings.indices.last, bin.emptyings[last].time > dayEnd {
      throw .readingsOutOfOrder(at("emptyings[\(last)].time"))
    }
  }

  /// Checks that the fleet can serve every bin, failing at the first that it cannot: every facility takes
  /// something the fleet carries; every truck can unload all it carries and take at least one bin; every
  /// bin fits, full, into some truck that carries its fraction and has the equipment it needs.
  ///
  /// The planner runs this only when strict (``DailyPlanner/strict``); otherwise it leaves out the
  /// trucks and bins concerned with their rule and plans the rest.
  ///
  /// - Throws: ``ScenarioError`` naming the JSON path and id of the first problem.
  /// - Complexity: O(trucks × bins + trucks × facilities).
  public func validateFleetFit() throws(ScenarioError) {
    let carried = Set(trucks.flatMap(\.fractions))
    for (i, site) in disposalSites.enumerated() where carried.isDisjoint(with: site.fractions) {
      throw .disposalSiteTakesNoCarriedFraction(
        ScenarioLocation("disposalSites[\(i)].fractions", id: site.id))
    }
    let densities = Dictionary(fractions.map { ($0.id, $0.density) }, uniquingKeysWith: { a, _ in a })
    for (i, truck) in trucks.enumerated() {
      if !disposalSites.contains(where: { Set($0.fractions).isSuperset(of: truck.fractions) }) {
        throw .truckHasNoDisposalSite(ScenarioLocation("trucks[\(i)].fractions", id: truck.id))
      }
      let own = bins.filter { truck.fractions.contains($0.fraction) }
      guard let smallest = own.min(by: { $0.capacity < $1.capacity }) else { continue }
      let kilograms = smallest.capacity * (densities[smallest.fraction] ?? 0)
      if smallest.capacity > truck.capacityLitres || kilograms > truck.capacityKilograms {
        throw .truckTooSmall(
          ScenarioLocation("trucks[\(i)].capacityLitres", id: truck.id), capacityLitres: truck.capacityLitres,
          smallestBinLitres: smallest.capacity)
      }
    }
    for (i, bin) in bins.enumerated() {
      let carriers = trucks.filter { $0.fractions.contains(bin.fraction) }
      guard !carriers.isEmpty else { continue }
      if !carriers.contains(where: { Set($0.equipment).isSuperset(of: bin.access) }) {
        throw .invalidValue(
          ScenarioLocation("bins[\(i)].access", id: bin.id),
          reason:
            "no truck carrying \"\(bin.fraction)\" has the equipment \(bin.access.joined(separator: ", "))")
      }
      let kilograms = bin.capacity * (densities[bin.fraction] ?? 0)
      if !carriers.contains(where: { $0.capacityLitres >= bin.capacity && $0.capacityKilograms >= kilograms })
      {
        throw .binTooLarge(
          ScenarioLocation("bins[\(i)].capacity", id: bin.id), capacityLitres: bin.capacity,
          largestTruckLitres: carriers.map(\.capacityLitres).max() ?? 0)
      }
    }
  }

  // MARK: - Field checks

  private func uniqueIDs(_ ids: [String], list: String) throws(ScenarioError) -> Set<String> {
    var first: [String: Int] = [:]
    for (i, id) in ids.enumerated() {
      guard !id.isEmpty else { throw .invalidValue(ScenarioLocation("\(list)[\(i)].id"), reason: "empty id") }
      if let earlier = first[id] {
        throw .duplicateID(ScenarioLocation("\(list)[\(i)].id", id: id), firstAt: "\(list)[\(earlier)]")
      }
      first[id] = i
    }
    return Set(ids)
  }

  private func position(_ lon: Double, _ lat: Double, path: String, id: String) throws(ScenarioError) {
    guard lon.isFinite, (-180...180).contains(lon) else {
      throw .invalidValue(
        ScenarioLocation("\(path).lon", id: id), reason: "longitude \(lon) is not in -180...180")
    }
    guard lat.isFinite, (-90...90).contains(lat) else {
      throw .invalidValue(
        ScenarioLocation("\(path).lat", id: id), reason: "latitude \(lat) is not in -90...90")
    }
  }

  private func positive(_ value: Double, _ at: ScenarioLocation, maximum: Double = .greatestFiniteMagnitude)
    throws(ScenarioError)
  {
    guard value.isFinite, value > 0, value <= maximum else {
      throw .invalidValue(at, reason: "\(value) is not a number above 0 and at most \(maximum)")
    }
  }

  private func nonNegative(
    _ value: Double, _ at: ScenarioLocation, maximum: Double = .greatestFiniteMagnitude
  ) throws(ScenarioError) {
    guard value.isFinite, value >= 0, value <= maximum else {
      throw .invalidValue(
        at,
        reason: maximum < .greatestFiniteMagnitude
          ? "\(value) is not a number from 0 to \(maximum)" : "\(value) is not a number ≥ 0")
    }
  }

  private func duration(_ seconds: Int, _ at: ScenarioLocation) throws(ScenarioError) {
    guard (0...14_400).contains(seconds) else {
      throw .invalidValue(at, reason: "\(seconds) s is not 0 s to 4 h")
    }
  }

  private func window(_ window: ClockWindow, _ at: ScenarioLocation) throws(ScenarioError) {
    for time in [window.from, window.to] where !time.isValid {
      throw .invalidValue(at, reason: "\(time.secondsAfterMidnight) s after midnight is not a time from 00:00 to 48:00")
    }
    guard window.from <= window.to else {
      throw .invalidValue(at, reason: "the window \(window) closes before it opens")
    }
  }
}
