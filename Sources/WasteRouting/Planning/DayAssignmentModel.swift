import Foundation
internal import IntegerProgramming

/// The assignment of bins to the days of a planning horizon: which day (or none within the horizon) each
/// bin is emptied, so that the routing, overflow and truck costs are least.
///
/// Each bin `i` takes exactly one option: a day `d` of the horizon (cost ``visitCosts```[i][d]`, work
/// ``workHours```[i][d]` hours) or "later", after the horizon (cost ``laterCosts```[i]`). Each day's work
/// needs `⌈work / hoursPerTruck⌉` trucks, at most ``trucksAvailable```[d]`, each costing ``truckCost``. It is
/// a generalised assignment problem with integer truck counts: ``solveExactly(timeLimit:)`` solves it
/// with GLPK, ``solveGreedily()`` by best option per bin and a repair of overfull days.
///
/// ```swift
/// let model = DayAssignmentModel(
///   visitCosts: [[1, 3], [2, 1], [4, nil]], laterCosts: [5, 5, 0],
///   workHours: [[1, 1], [1, 1], [1, 1]], trucksAvailable: [1, 1], hoursPerTruck: 8, truckCost: 0)
/// let best = try model.solveExactly(timeLimit: .seconds(1))  // days [0, 1, nil]
/// ```
public struct DayAssignmentModel: Sendable, Hashable {
  /// The cost of emptying bin `i` on day `d`, `visitCosts[i][d]`; `nil` where not allowed.
  public var visitCosts: [[Double?]]
  /// The cost of leaving bin `i` for after the horizon.
  public var laterCosts: [Double]
  /// The crew hours emptying bin `i` on day `d` takes, `workHours[i][d]`.
  public var workHours: [[Double]]
  /// The trucks that work on each day.
  public var trucksAvailable: [Int]
  /// The hours of work one truck does in a day.
  public var hoursPerTruck: Double
  /// The cost of one truck working a day.
  public var truckCost: Double

  /// Creates a model; rows shorter than the horizon are treated as not allowed on the missing days.
  public init(
    visitCosts: [[Double?]], laterCosts: [Double], workHours: [[Double]], trucksAvailable: [Int],
    hoursPerTruck: Double, truckCost: Double
  ) {
    self.visitCosts = visitCosts
    self.laterCosts = laterCosts
    self.workHours = workHours
    self.trucksAvailable = trucksAvailable
    self.hoursPerTruck = hoursPerTruck
    self.truckCost = truckCost
  }

  /// The number of days.
  public var dayCount: Int { trucksAvailable.count }
  /// The number of bins.
  public var binCount: Int { laterCosts.count }

  func cost(_ i: Int, _ d: Int) -> Double? {
    guard visitCosts.indices.contains(i), visitCosts[i].indices.contains(d), trucksAvailable[d] > 0 else {
      return nil
    }
    return visitCosts[i][d]
  }

  func work(_ i: Int, _ d: Int) -> Double {
    workHours.indices.contains(i) && workHours[i].indices.contains(d) ? workHours[i][d] : 0
  }

  /// The trucks each day needs for an assignment (day per bin, `nil` for later).
  public func trucksNeeded(for days: [Int?]) -> [Int] {
    var work = [Double](repeating: 0, count: dayCount)
    for (i, day) in days.enumerated() { if let d = day, work.indices.contains(d) { work[d] += self.work(i, d) } }
    return work.map { hoursPerTruck > 0 ? Int(($0 / hoursPerTruck - 1e-9).rounded(.up)) : 0 }.map { max(0, $0) }
  }

  /// The cost of an assignment: the chosen options plus the trucks it needs; `nil` when it uses a day not
  /// allowed or needs more trucks than a day has.
  public func objective(of days: [Int?]) -> Double? {
    guard days.count == binCount else { return nil }
    var total = 0.0
    for (i, day) in days.enumerated() {
      if let d = day {
        guard let c = cost(i, d) else { return nil }
        total += c
      } else {
        total += laterCosts[i]
      }
    }
    let trucks = trucksNeeded(for: days)
    for d in 0..<dayCount where trucks[d] > trucksAvailable[d] { return nil }
    return total + truckCost * Double(trucks.reduce(0, +))
  }

  // MARK: - Greedy

  /// Each bin's cheapest option; then, on each day needing more trucks than it has, or where dropping
  /// its last truck saves more than it costs, the bins whose next-best option costs least extra per hour
  /// of work move there.
  public func solveGreedily() -> DayAssignment {
    let started = ContinuousClock.now
    var days: [Int?] = (0..<binCount).map { best(for: $0, excluding: []).day }
    for d in 0..<dayCount {
      // Enforce the day's trucks, then try dropping one truck while that pays.
      while true {
        var work = 0.0
        for (i, day) in days.enumerated() where day == d { work += self.work(i, d) }
        let needed = hoursPerTruck > 0 ? Int((work / hoursPerTruck - 1e-9).rounded(.up)) : 0
        let limit = needed > trucksAvailable[d] ? trucksAvailable[d] : needed - 1
        guard limit >= 0, needed > 0 else { break }
        let excess = work - Double(limit) * hoursPerTruck
        // Cheapest moves per hour of work freed.
        var moves: [(bin: Int, to: Int?, extra: Double, hours: Double)] = []
        for (i, day) in days.enumerated() where day == d {
          let alternative = best(for: i, excluding: [d], days: days)
          guard let here = cost(i, d) else { continue }
          let hours = self.work(i, d)
          moves.append((i, alternative.day, alternative.cost - here, hours))
        }
        moves.sort { $0.extra / max($0.hours, 1e-9) < $1.extra / max($1.hours, 1e-9) }
        var freed = 0.0
        var extra = 0.0
        var chosen: [(Int, Int?)] = []
        for move in moves where freed < excess - 1e-9 {
          freed += move.hours
          extra += move.extra
          chosen.append((move.bin, move.to))
        }
        let mustFit = needed > trucksAvailable[d]
        guard freed >= excess - 1e-9, mustFit || extra < truckCost else { break }
        for (i, to) in chosen { days[i] = to }
      }
    }
    // Moves may have filled other days beyond their trucks: send what does not fit to later.
    for d in 0..<dayCount {
      while trucksNeeded(for: days)[d] > trucksAvailable[d] {
        guard let i = days.indices.filter({ days[$0] == d }).min(by: {
          (laterCosts[$0] - (cost($0, d) ?? 0)) < (laterCosts[$1] - (cost($1, d) ?? 0))
        }) else { break }
        days[i] = nil
      }
    }
    return DayAssignment(
      days: days, trucks: trucksNeeded(for: days), objective: objective(of: days) ?? .infinity,
      isProvenOptimal: false, seconds: DailyPlanner.seconds(started.duration(to: .now)))
  }

  /// The cheapest option of bin `i` other than the days in `excluded`, where (given `days`) it still fits.
  private func best(for i: Int, excluding excluded: Set<Int>, days: [Int?]? = nil) -> (day: Int?, cost: Double) {
    var bestDay: Int? = nil
    var bestCost = laterCosts[i]
    var load: [Double]? = nil
    if let days {
      var work = [Double](repeating: 0, count: dayCount)
      for (j, day) in days.enumerated() { if let d = day { work[d] += self.work(j, d) } }
      load = work
    }
    for d in 0..<dayCount where !excluded.contains(d) {
      guard let c = cost(i, d), c < bestCost else { continue }
      if let load, (load[d] + work(i, d)) > Double(trucksAvailable[d]) * hoursPerTruck + 1e-9 { continue }
      bestDay = d
      bestCost = c
    }
    return (bestDay, bestCost)
  }

  // MARK: - Exact

  /// Solves the model with GLPK's branch and cut, starting from the greedy assignment.
  ///
  /// Columns: `x[i][d]` (bin `i` on day `d`), `z[i]` (later) binary, and the trucks per day `n[d]`
  /// integer in `0...trucksAvailable[d]`. Rows: `Σ_d x[i][d] + z[i] = 1` per bin, and per day
  /// `Σ_i work[i][d] · x[i][d] − hoursPerTruck · n[d] ≤ 0`.
  ///
  /// - Parameter timeLimit: GLPK's budget; the best assignment found by then is returned (never worse
  ///   than the greedy one).
  /// - Throws: ``MultiDayPlanningError/assignmentFailed(_:)`` when GLPK fails.
  public func solveExactly(timeLimit: Duration) throws(MultiDayPlanningError) -> DayAssignment {
    let started = ContinuousClock.now
    let greedy = solveGreedily()
    guard binCount > 0 else { return greedy }
    var model = MixedIntegerModel()
    var xColumn: [[Int?]] = []
    var zColumn: [Int] = []
    var nColumn: [Int] = []
    var incumbent: [Double] = []
    do {
      for i in 0..<binCount {
        var row: [Int?] = []
        for d in 0..<dayCount {
          if let c = cost(i, d) {
            row.append(try model.addBinaryColumn(cost: c))
            incumbent.append(greedy.days[i] == d ? 1 : 0)
          } else {
            row.append(nil)
          }
        }
        xColumn.append(row)
        zColumn.append(try model.addBinaryColumn(cost: laterCosts[i]))
        incumbent.append(greedy.days[i] == nil ? 1 : 0)
      }
      for d in 0..<dayCount {
        nColumn.append(
          try model.addColumn(
            kind: .integer, bounds: .between(0, Double(max(0, trucksAvailable[d]))), cost: truckCost))
        incumbent.append(Double(greedy.trucks[d]))
      }
      for i in 0..<binCount {
        let columns = xColumn[i].compactMap { $0 } + [zColumn[i]]
        try model.addRow(
          columns: columns, coefficients: [Double](repeating: 1, count: columns.count), bounds: .exactly(1))
      }
      for d in 0..<dayCount {
        var columns: [Int] = []
        var coefficients: [Double] = []
        for i in 0..<binCount { if let x = xColumn[i][d] { columns.append(x); coefficients.append(work(i, d)) } }
        columns.append(nColumn[d])
        coefficients.append(-hoursPerTruck)
        try model.addRow(columns: columns, coefficients: coefficients, bounds: .atMost(0))
      }
      let result = try model.solve(timeLimit: timeLimit, relativeGap: 1e-6, incumbent: incumbent)
      guard let values = result.solution?.values else { return greedy }
      let days: [Int?] = (0..<binCount).map { i in
        (0..<dayCount).first { d in xColumn[i][d].map { values[$0] > 0.5 } ?? false }
      }
      guard let value = objective(of: days), value <= greedy.objective + 1e-9 else { return greedy }
      return DayAssignment(
        days: days, trucks: trucksNeeded(for: days), objective: value,
        isProvenOptimal: result.isProvenOptimal, seconds: DailyPlanner.seconds(started.duration(to: .now)))
    } catch {
      throw .assignmentFailed("\(error)")
    }
  }
}

/// A solution of a ``DayAssignmentModel``.
public struct DayAssignment: Sendable, Hashable, Codable {
  /// The day (index into the horizon) of each bin, or `nil` for after the horizon.
  public var days: [Int?]
  /// The trucks each day needs.
  public var trucks: [Int]
  /// The cost: the chosen options plus the trucks.
  public var objective: Double
  /// Whether GLPK proved it optimal.
  public var isProvenOptimal: Bool
  /// The time it took, seconds.
  public var seconds: Double

  /// Creates an assignment.
  public init(days: [Int?], trucks: [Int], objective: Double, isProvenOptimal: Bool, seconds: Double) {
    self.days = days
    self.trucks = trucks
    self.objective = objective
    self.isProvenOptimal = isProvenOptimal
    self.seconds = seconds
  }
}

/// Why multi-day planning failed.
public enum MultiDayPlanningError: Error, Equatable, Sendable, CustomStringConvertible {
  /// GLPK failed on the assignment model.
  case assignmentFailed(String)
  /// The scenario is invalid.
  case scenario(ScenarioError)

  /// One line.
  public var description: String {
    switch self {
    case .assignmentFailed(let reason): "the day assignment model failed: \(reason)"
    case .scenario(let error): "\(error)"
    }
  }
}
