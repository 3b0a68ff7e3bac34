import Foundation

/// Settings of the ``MultiDayPlanner``.
///
/// JSON: `{"horizonDays": 5, "overflowPenalty": 40, "method": "exact", "assignmentTimeLimit": 2, ...}`.
public struct MultiDayConfiguration: Sendable, Hashable, Codable {
  /// How the bins are assigned to days.
  public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
    /// The assignment model solved by GLPK (``DayAssignmentModel/solveExactly(timeLimit:)``).
    case exact
    /// The greedy assignment (``DayAssignmentModel/solveGreedily()``).
    case greedy
  }

  /// The days planned ahead, today included (1...14, default 5).
  public var horizonDays: Int
  /// What one expected overflowing bin-day costs, in the scenario's currency (default 40).
  public var overflowPenalty: Double
  /// Exact or greedy assignment.
  public var method: Method
  /// GLPK's budget per assignment, seconds.
  public var assignmentTimeLimit: Double
  /// The standard deviation of a fill reading, percentage points (sensor noise, default 3).
  public var readingNoise: Double
  /// The smallest standard deviation of a bin's daily rise, as a share of its rate (default 0.3):
  /// real bins vary from day to day more than a few intervals show.
  public var rateSpread: Double
  /// The share of a shift a truck spends on the estimated work (the rest: depot runs, slack; default 0.8).
  public var truckUtilisation: Double
  /// The most days of rate error a fill forecast carries (default 1.5): the plan is made again every
  /// morning from new readings, so a later day's risk is that of the day before it, not of today's forecast
  /// stretched over the whole horizon.
  public var recourseDays: Double
  /// Times the routing estimate is refined from the previous assignment's tentative routes (default 2).
  public var refinementRounds: Int
  /// Bins planned for the next this many days may be emptied today when today's routes pass them
  /// (optional, with the prize of the later visit they save; default 2).
  public var optionalLookaheadDays: Int
  /// The mean number of bins per area (0: no areas). Bins are grouped into areas by k-means on their
  /// positions; a day that empties any bin of an area pays for driving there once (default 25).
  public var binsPerArea: Int
  /// The share of a round trip from the depot to an area that visiting the area costs (routes visit
  /// several areas per trip; default 0.3).
  public var areaAccessShare: Double

  /// Creates settings.
  public init(
    horizonDays: Int = 5, overflowPenalty: Double = 40, method: Method = .exact, assignmentTimeLimit: Double = 2,
    readingNoise: Double = 3, rateSpread: Double = 0.3, recourseDays: Double = 1.5, truckUtilisation: Double = 0.8,
    refinementRounds: Int = 2,
    optionalLookaheadDays: Int = 2, binsPerArea: Int = 25, areaAccessShare: Double = 0.3
  ) {
    self.horizonDays = horizonDays
    self.overflowPenalty = overflowPenalty
    self.method = method
    self.assignmentTimeLimit = assignmentTimeLimit
    self.readingNoise = readingNoise
    self.rateSpread = rateSpread
    self.recourseDays = recourseDays
    self.truckUtilisation = truckUtilisation
    self.refinementRounds = refinementRounds
    self.optionalLookaheadDays = optionalLookaheadDays
    self.binsPerArea = binsPerArea
    self.areaAccessShare = areaAccessShare
  }
}

/// Plans several days ahead: decides for each bin on which day of a horizon to empty it, so that routing
/// cost, trucks and the risk of overflow are least together. Today's part is the one to drive; the later
/// days are tentative and planned again each morning (a rolling horizon).
///
/// The approach follows the inventory-routing view of waste collection (Coelho, Cordeau & Laporte 2014,
/// "Thirty years of inventory routing"): Mes, Schutten & Pérez Rivera (2014, "Inventory routing for
/// dynamic waste collection") choose each day's bins by how soon they overflow and how close they lie to
/// bins that must go, and Markov et al. (2020, "Waste collection inventory routing with non-stationary
/// stochastic demands") price the probability of overflow on each day of the horizon from the forecast's
/// error. Here:
///
/// - **Fill and risk.** Each bin's fill on each day comes from its ``BinForecast``; its uncertainty grows
///   with the time since the last reading, `σ(t)² = noise² + (σ_rate · days)²`, where `σ_rate` is the
///   spread of the bin's fitted rates (at least ``MultiDayConfiguration/rateSpread`` of its rate) and
///   `days` at most ``MultiDayConfiguration/recourseDays``, since every morning re-plans. The
///   expected overflowing bin-days before a visit on day `d` add up the probability of being past the
///   overflow fill at the end of each earlier day and at the visit.
/// - **Routing cost.** Emptying a bin on day `d` costs its detour into that day's tentative routes (the
///   nearest bins assigned to the day, by the road travel matrices; at most a trip from the depot), its
///   service time and its share of unloading trips, at the fleet's per-hour and per-kilometre costs.
///   The first assignment uses the bins that must go each day; each refinement round uses the previous
///   assignment's days.
/// - **Value of waiting.** Emptying a bin at fill `f` collects `f` % of what a visit can, so it is worth
///   `f / 100` of the bin's mean visit cost; waiting collects more per visit, until the risk of overflow
///   outweighs it.
/// - **Trucks.** Each day's work needs whole trucks, no more than the trucks' calendars give.
///
/// The resulting ``DayAssignmentModel`` is solved exactly with GLPK or greedily; both are computed, so
/// the plan reports what the exact model gains. Today's ``CollectionSchedule`` lists the bins assigned to
/// today as required and the bins of the next days as optional, with the prize of the later visit they
/// save, so the daily routing takes them only where its real routes pass them.
public struct MultiDayPlanner: Sendable {
  /// The scenario of today (its date, readings, trucks with their calendars).
  public let scenario: Scenario
  /// The settings.
  public let configuration: MultiDayConfiguration

  /// Creates a planner.
  public init(scenario: Scenario, configuration: MultiDayConfiguration = MultiDayConfiguration()) {
    self.scenario = scenario
    self.configuration = configuration
  }

  /// Assigns the bins to the days of the horizon.
  ///
  /// - Parameters:
  ///   - forecasts: One forecast per bin, in scenario order (``BinSelector/forecasts()``).
  ///   - matrices: Travel matrices between all the scenario's places (``DailyPlanner/placeMatrices(network:)``).
  /// - Returns: The plan; bins without a row in the matrices or a truck for their fraction stay unassigned.
  /// - Throws: ``MultiDayPlanningError``.
  public func plan(forecasts: [BinForecast], matrices: PlaceMatrices) throws(MultiDayPlanningError)
    -> MultiDayPlan
  {
    do { try scenario.validate() } catch { throw .scenario(error) }
    let horizon = min(14, max(1, configuration.horizonDays))
    let dates = (0..<horizon).map { scenario.date.adding(days: $0) }
    let trucksAvailable = dates.map { date in scenario.trucks.filter { $0.isWorking(on: date) }.count }
    let inputs = Inputs(scenario: scenario, forecasts: forecasts, matrices: matrices, dates: dates,
                        configuration: configuration)
    // The first tentative days: each bin on the last working day before it probably overflows.
    var tentative: [Int?] = inputs.candidates.indices.map {
      inputs.urgentDay(ofCandidate: $0, trucksAvailable: trucksAvailable)
    }
    var model = inputs.model(tentative: tentative, trucksAvailable: trucksAvailable)
    var greedy = model.solveGreedily()
    var exact: DayAssignment? = nil
    var chosen = greedy
    let rounds = max(0, configuration.refinementRounds)
    for round in 0...rounds {
      if round > 0 {
        tentative = chosen.days
        model = inputs.model(tentative: tentative, trucksAvailable: trucksAvailable)
        greedy = model.solveGreedily()
      }
      // The rounds before the last only estimate the detours: the greedy assignment serves them.
      guard round == rounds else {
        chosen = greedy
        continue
      }
      switch configuration.method {
      case .exact:
        let limit = Duration.milliseconds(Int64(max(0.05, configuration.assignmentTimeLimit) * 1_000))
        let solved = try model.solveExactly(timeLimit: limit)
        exact = solved
        chosen = solved
      case .greedy:
        chosen = greedy
      }
    }
    var binDays = [Int?](repeating: nil, count: scenario.bins.count)
    for (k, b) in inputs.candidates.enumerated() { binDays[b] = chosen.days[k] }
    let schedule = inputs.schedule(model: model, days: chosen.days)
    return MultiDayPlan(
      dates: dates, trucksAvailable: trucksAvailable, binDays: binDays, assignment: chosen, greedy: greedy,
      exact: exact, expectedOverflowBinDays: inputs.expectedOverflow(days: chosen.days), schedule: schedule)
  }

  // MARK: - The model's numbers

  /// Everything the model needs per candidate bin and day.
  struct Inputs {
    let scenario: Scenario
    let configuration: MultiDayConfiguration
    let dates: [CalendarDay]
    /// Scenario bins that can be planned (routable, some truck carries their fraction).
    var candidates: [Int] = []
    /// Matrix row of each candidate and of the first depot.
    var rows: [Int] = []
    var depotRow = 0
    let times: Matrix<Int64>
    let lengths: Matrix<Int64>
    /// Per candidate and day: predicted fill at the visit, expected overflow days if visited then.
    var fillAtVisit: [[Double]] = []
    var overflowIfVisited: [[Double]] = []
    var overflowIfLater: [Double] = []
    /// Per candidate and day: probability of being past the overflow fill at the end of the day.
    var endOfDayRisk: [[Double]] = []
    // Fleet averages.
    var perHour = 0.0
    var perKilometre = 0.0
    var truckCost = 0.0
    var hoursPerTruck = 0.0
    var unloadSecondsPerLitre = 0.0
    /// The area of each candidate, and the candidate representing each area (empty without areas).
    var areaOfCandidate: [Int] = []
    var areaMedoids: [Int] = []

    init(
      scenario: Scenario, forecasts: [BinForecast], matrices: PlaceMatrices, dates: [CalendarDay],
      configuration: MultiDayConfiguration
    ) {
      self.scenario = scenario
      self.configuration = configuration
      self.dates = dates
      times = matrices.matrices.travelTimes
      lengths = matrices.matrices.distances
      var rowOf = [Int: Int]()
      for (row, point) in matrices.matrices.pointIndices.enumerated() { rowOf[point] = row }
      let depotCount = scenario.depots.count
      let siteCount = scenario.disposalSites.count
      depotRow = rowOf[0] ?? 0
      let carried = Set(scenario.trucks.flatMap(\.fractions))
      for (b, bin) in scenario.bins.enumerated() where carried.contains(bin.fraction) {
        guard let row = rowOf[depotCount + siteCount + b], matrices.fits(scenario) else { continue }
        candidates.append(b)
        rows.append(row)
      }
      let trucks = scenario.trucks
      let count = Double(max(1, trucks.count))
      perHour = trucks.reduce(0) { $0 + $1.costs.perHour } / count
      perKilometre = trucks.reduce(0) { $0 + $1.costs.perKilometre } / count
      truckCost = trucks.reduce(0) { $0 + $1.costs.fixed } / count
      let shiftHours =
        trucks.reduce(0.0) {
          $0 + Double($1.shift.to.secondsAfterMidnight - $1.shift.from.secondsAfterMidnight - ($1.breakRule?.duration ?? 0))
        } / count / 3_600
      hoursPerTruck = max(0.5, shiftHours * min(1, max(0.1, configuration.truckUtilisation)))
      let capacity = trucks.reduce(0) { $0 + $1.capacityLitres } / count
      // A trip to the nearest facility and back from a typical bin, plus unloading, per truckload.
      let siteRows = (0..<siteCount).compactMap { rowOf[depotCount + $0] }
      var tripSeconds = 0.0
      if !siteRows.isEmpty && !rows.isEmpty {
        for row in rows {
          tripSeconds += Double(siteRows.map { times[row, $0] + times[$0, row] }.min() ?? 0) / 1_000
        }
        tripSeconds /= Double(rows.count)
      }
      let unload = scenario.disposalSites.isEmpty
        ? 0 : Double(scenario.disposalSites.reduce(0) { $0 + $1.unloadTime }) / Double(scenario.disposalSites.count)
      unloadSecondsPerLitre = capacity > 0 ? (tripSeconds + unload) / capacity : 0
      risks(forecasts: forecasts)
      makeAreas()
    }

    /// Fills, overflow probabilities and expected overflow days per candidate and day.
    private mutating func risks(forecasts: [BinForecast]) {
      let zone = scenario.calendarTimeZone
      let starts = scenario.trucks.map(\.shift.from.secondsAfterMidnight)
      let ends = scenario.trucks.map(\.shift.to.secondsAfterMidnight)
      let middle = ClockTime(secondsAfterMidnight: ((starts.min() ?? 21_600) + (ends.max() ?? 50_400)) / 2)
      let overflow = scenario.selection.overflowFill
      let visitTimes = dates.map { $0.date(at: middle, in: zone) }
      let dayEnds = dates.map { $0.adding(days: 1).start(in: zone) }
      let noise = max(0.5, configuration.readingNoise)
      for b in candidates {
        let bin = scenario.bins[b]
        let forecast = forecasts.indices.contains(b) ? forecasts[b] : BinForecast(binID: bin.id, ratePerDay: 0)
        let last = BinSelector.lastObservation(of: bin) ?? (visitTimes[0], 0, false)
        let spread = max(
          configuration.rateSpread * max(0, forecast.ratePerDay),
          (forecast.rateQuartiles.upperBound - forecast.rateQuartiles.lowerBound) / 1.349)
        func risk(_ time: Date) -> (fill: Double, probability: Double) {
          let mean = forecast.predictedFill(at: time, lastFill: last.fill, at: last.time, justEmptied: last.emptied)
          // Each morning brings a new reading and a new plan: a bin tentatively left for a later day is
          // moved forward once its readings run ahead of the forecast. So the rate's error counts for at
          // most the last ``recourseDays`` before a day, not for the whole time since today's reading.
          let days = min(configuration.recourseDays, max(0, time.timeIntervalSince(last.time) / 86_400))
          let sigma = (noise * noise + spread * days * spread * days).squareRoot()
          return (mean, 0.5 * erfc((overflow - mean) / (sigma * 2.0.squareRoot())))
        }
        let atVisit = visitTimes.map(risk)
        let atEnd = dayEnds.map { risk($0).probability }
        var prefix = 0.0
        var visited: [Double] = []
        for d in dates.indices {
          visited.append(prefix + atVisit[d].probability)
          prefix += atEnd[d]
        }
        fillAtVisit.append(atVisit.map(\.fill))
        overflowIfVisited.append(visited)
        overflowIfLater.append(prefix)
        endOfDayRisk.append(atEnd)
      }
    }

    /// The first tentative day of candidate `k`: the last working day before it probably (≥ 50 %)
    /// overflows, or `nil` beyond the horizon.
    func urgentDay(ofCandidate k: Int, trucksAvailable: [Int]) -> Int? {
      guard let first = endOfDayRisk[k].firstIndex(where: { $0 >= 0.5 }) else { return nil }
      return (0...first).last { trucksAvailable[$0] > 0 }
    }

    /// The detour into the tentative routes of a day: seconds and metres.
    private func detour(_ k: Int, among members: [Int]) -> (seconds: Double, metres: Double) {
      let row = rows[k]
      let alone = (
        Double(times[depotRow, row] + times[row, depotRow]) / 1_000,
        Double(lengths[depotRow, row] + lengths[row, depotRow]) / 1_000
      )
      var bestIn = Int64.max
      var bestInLength: Int64 = 0
      var bestOut = Int64.max
      var bestOutLength: Int64 = 0
      for m in members where m != k {
        let other = rows[m]
        let into = times[other, row]
        if into < bestIn { bestIn = into; bestInLength = lengths[other, row] }
        let out = times[row, other]
        if out < bestOut { bestOut = out; bestOutLength = lengths[row, other] }
      }
      guard bestIn < Int64.max, bestOut < Int64.max else { return alone }
      let seconds = Double(bestIn + bestOut) / 1_000
      return seconds < alone.0 ? (seconds, Double(bestInLength + bestOutLength) / 1_000) : alone
    }

    /// Per candidate and day: the routing cost of a visit (currency) and its work (hours).
    func visits(tentative: [Int?]) -> (cost: [[Double]], hours: [[Double]]) {
      var members = [[Int]](repeating: [], count: dates.count)
      for (k, day) in tentative.enumerated() { if let d = day, members.indices.contains(d) { members[d].append(k) } }
      var costs: [[Double]] = []
      var hours: [[Double]] = []
      for (k, b) in candidates.enumerated() {
        let bin = scenario.bins[b]
        var costRow: [Double] = []
        var hourRow: [Double] = []
        for d in dates.indices {
          let trip = detour(k, among: members[d])
          let litres = bin.capacity * min(max(fillAtVisit[k][d], 0), 100) / 100
          let seconds = trip.seconds + Double(bin.serviceTime) + litres * unloadSecondsPerLitre
          costRow.append(seconds / 3_600 * perHour + trip.metres / 1_000 * perKilometre)
          hourRow.append(seconds / 3_600)
        }
        costs.append(costRow)
        hours.append(hourRow)
      }
      return (costs, hours)
    }

    /// The assignment model given tentative days.
    func model(tentative: [Int?], trucksAvailable: [Int]) -> DayAssignmentModel {
      let visit = visits(tentative: tentative)
      let penalty = configuration.overflowPenalty
      var costs: [[Double?]] = []
      var later: [Double] = []
      for k in candidates.indices {
        let open = dates.indices.filter { trucksAvailable[$0] > 0 }
        let mean = open.isEmpty ? 0 : open.reduce(0) { $0 + visit.cost[k][$1] } / Double(open.count)
        costs.append(
          dates.indices.map { d in
            guard trucksAvailable[d] > 0 else { return nil }
            let value = mean * min(max(fillAtVisit[k][d], 0), 100) / 100
            return visit.cost[k][d] - value + penalty * overflowIfVisited[k][d]
          })
        later.append(penalty * overflowIfLater[k])
      }
      var areaCosts: [[Double]] = []
      var areaHours: [[Double]] = []
      for medoid in areaMedoids {
        let row = rows[medoid]
        let seconds = Double(times[depotRow, row] + times[row, depotRow]) / 1_000 * configuration.areaAccessShare
        let metres = Double(lengths[depotRow, row] + lengths[row, depotRow]) / 1_000 * configuration.areaAccessShare
        areaCosts.append(dates.map { _ in seconds / 3_600 * perHour + metres / 1_000 * perKilometre })
        areaHours.append(dates.map { _ in seconds / 3_600 })
      }
      return DayAssignmentModel(
        visitCosts: costs, laterCosts: later, workHours: visit.hours, trucksAvailable: trucksAvailable,
        hoursPerTruck: hoursPerTruck, truckCost: truckCost, areaOfBin: areaMedoids.isEmpty ? [] : areaOfCandidate,
        areaCosts: areaCosts, areaHours: areaHours)
    }

    /// Groups the candidates into areas by k-means on their positions (deterministic: the first centres
    /// are evenly spaced in bearing from the depot), each area represented by the member nearest its
    /// centre.
    mutating func makeAreas() {
      let perArea = configuration.binsPerArea
      guard perArea > 0, candidates.count > perArea else { return }
      let count = max(1, (candidates.count + perArea / 2) / perArea)
      let origin = scenario.depots.first?.coordinate ?? scenario.bins[candidates[0]].coordinate
      let scaleX = cos(origin.y * .pi / 180) * 111_320
      let points = candidates.map { b -> (Double, Double) in
        let c = scenario.bins[b].coordinate
        return ((c.x - origin.x) * scaleX, (c.y - origin.y) * 110_540)
      }
      let order = points.indices.sorted {
        let a = atan2(points[$0].1, points[$0].0)
        let b = atan2(points[$1].1, points[$1].0)
        return a != b ? a < b : $0 < $1
      }
      var centres = (0..<count).map { points[order[$0 * order.count / count]] }
      var assignment = [Int](repeating: 0, count: points.count)
      for _ in 0..<20 {
        for (k, p) in points.enumerated() {
          var best = 0
          var bestDistance = Double.infinity
          for (c, centre) in centres.enumerated() {
            let dx = p.0 - centre.0
            let dy = p.1 - centre.1
            let distance = dx * dx + dy * dy
            if distance < bestDistance { bestDistance = distance; best = c }
          }
          assignment[k] = best
        }
        var sums = [(Double, Double, Int)](repeating: (0, 0, 0), count: count)
        for (k, p) in points.enumerated() {
          sums[assignment[k]].0 += p.0
          sums[assignment[k]].1 += p.1
          sums[assignment[k]].2 += 1
        }
        for c in 0..<count where sums[c].2 > 0 {
          centres[c] = (sums[c].0 / Double(sums[c].2), sums[c].1 / Double(sums[c].2))
        }
      }
      // Keep the non-empty areas, numbered densely, each with its member nearest the centre.
      var number = [Int: Int]()
      var medoids: [Int] = []
      var medoidDistance: [Double] = []
      areaOfCandidate = assignment.indices.map { k in
        let c = assignment[k]
        if number[c] == nil {
          number[c] = medoids.count
          medoids.append(k)
          medoidDistance.append(.infinity)
        }
        return number[c] ?? 0
      }
      for (k, p) in points.enumerated() {
        let a = areaOfCandidate[k]
        let centre = centres[assignment[k]]
        let distance = (p.0 - centre.0) * (p.0 - centre.0) + (p.1 - centre.1) * (p.1 - centre.1)
        if distance < medoidDistance[a] {
          medoidDistance[a] = distance
          medoids[a] = k
        }
      }
      areaMedoids = medoids
    }

    /// Expected overflowing bin-days of an assignment within the horizon.
    func expectedOverflow(days: [Int?]) -> Double {
      var total = 0.0
      for (k, day) in days.enumerated() where overflowIfLater.indices.contains(k) {
        total += day.map { overflowIfVisited[k][$0] } ?? overflowIfLater[k]
      }
      return total
    }

    /// Today's schedule: the bins of day 0 required, those of the next days optional with the prize of
    /// the visit they save (their planned option's cost less what emptying today costs besides routing).
    func schedule(model: DayAssignmentModel, days: [Int?]) -> CollectionSchedule {
      var required: [String] = []
      var optional: [(String, Double)] = []
      let visit = visits(tentative: days)
      for (k, b) in candidates.enumerated() {
        let id = scenario.bins[b].id
        guard let day = days[k] else { continue }
        if day == 0 {
          required.append(id)
          continue
        }
        guard day <= configuration.optionalLookaheadDays, let today = model.cost(k, 0),
          let planned = model.cost(k, day)
        else { continue }
        // What emptying today costs besides its routing, which the daily planner prices on real routes.
        let prize = planned - (today - visit.cost[k][0])
        if prize > 0.01 { optional.append((id, (prize * 10_000).rounded() / 10_000)) }
      }
      return CollectionSchedule(
        source: "multi-day plan", required: required, optional: optional.map(\.0),
        optionalPrizes: optional.map(\.1))
    }
  }
}

/// The days a ``MultiDayPlanner`` chose for the bins: today's to drive, later ones tentative.
public struct MultiDayPlan: Sendable, Hashable, Codable {
  /// The days of the horizon, today first.
  public var dates: [CalendarDay]
  /// The trucks that work on each day.
  public var trucksAvailable: [Int]
  /// Each scenario bin's day (index into ``dates``), or `nil` for after the horizon or not plannable.
  public var binDays: [Int?]
  /// The assignment used.
  public var assignment: DayAssignment
  /// The greedy assignment of the same final model (for comparison).
  public var greedy: DayAssignment
  /// The GLPK assignment of the final model, when the method is exact.
  public var exact: DayAssignment?
  /// The expected overflowing bin-days within the horizon under the assignment.
  public var expectedOverflowBinDays: Double
  /// Today's selection: the bins of today required, those of the next days optional with prizes.
  public var schedule: CollectionSchedule
}
