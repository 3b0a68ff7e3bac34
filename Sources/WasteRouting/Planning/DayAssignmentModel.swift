import Foundation
internal import IntegerProgramming

/// The assignment of bins to the days of a planning horizon: which day (or none within the horizon) each
/// bin is emptied, so that the routing, overflow and truck costs are least.
///
/// Each bin `i` takes exactly one option: a day `d` of the horizon (cost ``visitCosts```[i][d]`, work
/// ``workHours```[i][d]` hours) or "later", after the horizon (cost ``laterCosts```[i]`). Bins may belong
/// to areas (``areaOfBin``): a day that empties any bin of area `a` pays ``areaCosts```[a][d]` once (driving
/// there) and its ``areaHours```[a][d]`, so bins of one area are emptied together. Each day's work needs
/// `⌈work / hoursPerTruck⌉` trucks, at most ``trucksAvailable```[d]`, each costing ``truckCost``.
/// ``solveExactly(timeLimit:)`` solves the model with GLPK (a fixed-charge assignment with integer truck
/// counts), ``solveGreedily()`` by local choices.
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
  /// The area of each bin (empty: no areas).
  public var areaOfBin: [Int]
  /// The cost of visiting area `a` on day `d`, `areaCosts[a][d]`.
  public var areaCosts: [[Double]]
  /// The crew hours of visiting area `a` on day `d`, `areaHours[a][d]`.
  public var areaHours: [[Double]]

  /// Creates a model; rows shorter than the horizon are treated as not allowed on the missing days.
  public init(
    visitCosts: [[Double?]], laterCosts: [Double], workHours: [[Double]], trucksAvailable: [Int],
    hoursPerTruck: Double, truckCost: Double, areaOfBin: [Int] = [], areaCosts: [[Double]] = [],
    areaHours: [[Double]] = []
  ) {
    self.visitCosts = visitCosts
    self.laterCosts = laterCosts
    self.workHours = workHours
    self.trucksAvailable = trucksAvailable
    self.hoursPerTruck = hoursPerTruck
    self.truckCost = truckCost
    self.areaOfBin = areaOfBin
    self.areaCosts = areaCosts
    self.areaHours = areaHours
  }

  /// The number of days.
  public var dayCount: Int { trucksAvailable.count }
  /// The number of bins.
  public var binCount: Int { laterCosts.count }
  /// The number of areas.
  public var areaCount: Int { areaCosts.count }

  func cost(_ i: Int, _ d: Int) -> Double? {
    guard visitCosts.indices.contains(i), visitCosts[i].indices.contains(d), trucksAvailable.indices.contains(d),
      trucksAvailable[d] > 0
    else { return nil }
    return visitCosts[i][d]
  }

  func work(_ i: Int, _ d: Int) -> Double {
    workHours.indices.contains(i) && workHours[i].indices.contains(d) ? workHours[i][d] : 0
  }

  /// The area of bin `i`, or `nil` without areas.
  func area(_ i: Int) -> Int? {
    areaOfBin.indices.contains(i) && areaCosts.indices.contains(areaOfBin[i]) ? areaOfBin[i] : nil
  }

  func areaCost(_ a: Int, _ d: Int) -> Double {
    areaCosts.indices.contains(a) && areaCosts[a].indices.contains(d) ? areaCosts[a][d] : 0
  }

  func areaWork(_ a: Int, _ d: Int) -> Double {
    areaHours.indices.contains(a) && areaHours[a].indices.contains(d) ? areaHours[a][d] : 0
  }

  /// The areas visited on each day by an assignment.
  func openAreas(_ days: [Int?]) -> Set<AreaDay> {
    var open = Set<AreaDay>()
    for (i, day) in days.enumerated() { if let d = day, let a = area(i) { open.insert(AreaDay(area: a, day: d)) } }
    return open
  }

  /// The hours of work on each day of an assignment.
  func workPerDay(_ days: [Int?]) -> [Double] {
    var work = [Double](repeating: 0, count: dayCount)
    for (i, day) in days.enumerated() { if let d = day, work.indices.contains(d) { work[d] += self.work(i, d) } }
    for open in openAreas(days) where work.indices.contains(open.day) { work[open.day] += areaWork(open.area, open.day) }
    return work
  }

  /// The trucks each day needs for an assignment (day per bin, `nil` for later).
  public func trucksNeeded(for days: [Int?]) -> [Int] {
    workPerDay(days).map { hoursPerTruck > 0 ? max(0, Int(($0 / hoursPerTruck - 1e-9).rounded(.up))) : 0 }
  }

  /// The cost of an assignment: the chosen options, the areas visited and the trucks it needs; `nil` when
  /// it uses a day not allowed or needs more trucks than a day has.
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
    for open in openAreas(days) { total += areaCost(open.area, open.day) }
    let trucks = trucksNeeded(for: days)
    for d in 0..<dayCount where trucks[d] > trucksAvailable[d] { return nil }
    return total + truckCost * Double(trucks.reduce(0, +))
  }

  // MARK: - Greedy

  /// Local choices: each bin takes its cheapest option, sharing its area's cost with the area's other
  /// bins; then, until nothing changes, each area-day whose bins could go elsewhere for less than its cost
  /// is closed, and each bin moves to its cheapest option given the areas already visited. Last, days
  /// needing more trucks than they have, or where dropping the last truck pays, shed the bins whose next
  /// option costs least extra per hour of work.
  public func solveGreedily() -> DayAssignment {
    let started = ContinuousClock.now
    var areaSize = [Int](repeating: 0, count: areaCount)
    for i in 0..<binCount { if let a = area(i) { areaSize[a] += 1 } }
    var days: [Int?] = (0..<binCount).map { i in
      var bestDay: Int? = nil
      var bestCost = laterCosts[i]
      for d in 0..<dayCount {
        guard var c = cost(i, d) else { continue }
        if let a = area(i) { c += areaCost(a, d) / Double(max(1, areaSize[a])) }
        if c < bestCost { bestCost = c; bestDay = d }
      }
      return bestDay
    }
    if areaCount > 0 {
      for _ in 0..<8 {
        var changed = false
        var open = openAreas(days)
        // Costliest first; ties by area and day, so that the result does not depend on the set's order.
        let order = open.sorted {
          let (a, b) = (areaCost($0.area, $0.day), areaCost($1.area, $1.day))
          return a != b ? a > b : ($0.area, $0.day) < ($1.area, $1.day)
        }
        for areaDay in order {
          let members = (0..<binCount).filter { days[$0] == areaDay.day && area($0) == areaDay.area }
          var others = open
          others.remove(areaDay)
          var extra = 0.0
          var moves: [(Int, Int?)] = []
          for i in members {
            let alternative = best(for: i, open: others, allowOpening: false)
            extra += alternative.cost - (cost(i, areaDay.day) ?? 0)
            moves.append((i, alternative.day))
          }
          if extra < areaCost(areaDay.area, areaDay.day) - 1e-9 {
            for (i, day) in moves { days[i] = day }
            open = others
            changed = true
          }
        }
        for i in 0..<binCount {
          let choice = best(for: i, open: open, allowOpening: true)
          if choice.day != days[i] {
            let current = days[i].flatMap { cost(i, $0) } ?? laterCosts[i]
            if choice.cost < current - 1e-9 {
              days[i] = choice.day
              if let d = choice.day, let a = area(i) { open.insert(AreaDay(area: a, day: d)) }
              changed = true
            }
          }
        }
        if !changed { break }
      }
    }
    repairTrucks(&days)
    return DayAssignment(
      days: days, trucks: trucksNeeded(for: days), objective: objective(of: days) ?? .infinity,
      isProvenOptimal: false, seconds: DailyPlanner.seconds(started.duration(to: .now)))
  }

  /// The cheapest option of bin `i`: later, a day whose area is open, or (if allowed) a day opening it.
  private func best(for i: Int, open: Set<AreaDay>, allowOpening: Bool, excluding excluded: Int? = nil)
    -> (day: Int?, cost: Double)
  {
    var bestDay: Int? = nil
    var bestCost = laterCosts[i]
    for d in 0..<dayCount where d != excluded {
      guard var c = cost(i, d) else { continue }
      if let a = area(i), !open.contains(AreaDay(area: a, day: d)) {
        guard allowOpening else { continue }
        c += areaCost(a, d)
      }
      if c < bestCost { bestCost = c; bestDay = d }
    }
    return (bestDay, bestCost)
  }

  /// Sheds work from days that need more trucks than they have, and from days where dropping the last
  /// truck saves more than moving its bins costs.
  private func repairTrucks(_ days: inout [Int?]) {
    for d in 0..<dayCount {
      for _ in 0..<binCount {
        let work = workPerDay(days)[d]
        let needed = hoursPerTruck > 0 ? Int((work / hoursPerTruck - 1e-9).rounded(.up)) : 0
        let limit = needed > trucksAvailable[d] ? trucksAvailable[d] : needed - 1
        guard limit >= 0, needed > 0 else { break }
        let excess = work - Double(limit) * hoursPerTruck
        let open = openAreas(days)
        let load = workPerDay(days)
        var moves: [(bin: Int, to: Int?, extra: Double, hours: Double)] = []
        for (i, day) in days.enumerated() where day == d {
          guard let here = cost(i, d) else { continue }
          // Only to days that keep their trucks (or later).
          var alternative = (day: Int?.none, cost: laterCosts[i])
          for e in 0..<dayCount where e != d {
            guard let c = cost(i, e), let a = Optional(area(i)) else { continue }
            let opens = a.map { !open.contains(AreaDay(area: $0, day: e)) } ?? false
            let total = c + (opens ? areaCost(a ?? 0, e) : 0)
            let hours = self.work(i, e) + (opens ? areaWork(a ?? 0, e) : 0)
            let trucksThere = hoursPerTruck > 0 ? Int(((load[e] + hours) / hoursPerTruck - 1e-9).rounded(.up)) : 0
            let trucksBefore = hoursPerTruck > 0 ? Int((load[e] / hoursPerTruck - 1e-9).rounded(.up)) : 0
            guard trucksThere <= trucksBefore || trucksThere <= 0, total < alternative.cost else { continue }
            alternative = (e, total)
          }
          moves.append((i, alternative.day, alternative.cost - here, self.work(i, d)))
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
        guard !chosen.isEmpty, mustFit || (freed >= excess - 1e-9 && extra < truckCost) else { break }
        for (i, to) in chosen { days[i] = to }
        if !mustFit { continue }
      }
    }
    // Whatever still does not fit waits.
    for d in 0..<dayCount {
      while trucksNeeded(for: days)[d] > trucksAvailable[d] {
        guard let i = days.indices.filter({ days[$0] == d }).min(by: {
          (laterCosts[$0] - (cost($0, d) ?? 0)) < (laterCosts[$1] - (cost($1, d) ?? 0))
        }) else { break }
        days[i] = nil
      }
    }
  }

  // MARK: - Exact

  /// Solves the model with GLPK's branch and cut, starting from the greedy assignment.
  ///
  /// Columns: `x[i][d]` (bin `i` on day `d`), `z[i]` (later) and `y[a][d]` (area `a` visited on day `d`)
  /// binary, and the trucks per day `n[d]` integer in `0...trucksAvailable[d]`. Rows: `Σ_d x[i][d] + z[i]
  /// = 1` per bin, `x[i][d] ≤ y[area(i)][d]`, and per day `Σ_i work[i][d] · x[i][d] + Σ_a areaHours[a][d]
  /// · y[a][d] − hoursPerTruck · n[d] ≤ 0`.
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
    var yColumn: [[Int]] = []
    var nColumn: [Int] = []
    var incumbent: [Double] = []
    let greedyOpen = openAreas(greedy.days)
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
      for a in 0..<areaCount {
        yColumn.append(
          try (0..<dayCount).map { d throws(IntegerProgramError) in
            incumbent.append(greedyOpen.contains(AreaDay(area: a, day: d)) ? 1 : 0)
            return try model.addBinaryColumn(cost: areaCost(a, d))
          })
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
        if let a = area(i) {
          for d in 0..<dayCount {
            guard let x = xColumn[i][d] else { continue }
            try model.addRow(columns: [x, yColumn[a][d]], coefficients: [1, -1], bounds: .atMost(0))
          }
        }
      }
      for d in 0..<dayCount {
        var columns: [Int] = []
        var coefficients: [Double] = []
        for i in 0..<binCount { if let x = xColumn[i][d] { columns.append(x); coefficients.append(work(i, d)) } }
        for a in 0..<areaCount { columns.append(yColumn[a][d]); coefficients.append(areaWork(a, d)) }
        columns.append(nColumn[d])
        coefficients.append(-hoursPerTruck)
        try model.addRow(columns: columns, coefficients: coefficients, bounds: .atMost(0))
      }
      let result = try model.solve(timeLimit: timeLimit, relativeGap: 1e-4, incumbent: incumbent)
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

/// An area visited on a day.
struct AreaDay: Hashable {
  var area: Int
  var day: Int
}

/// A solution of a ``DayAssignmentModel``.
public struct DayAssignment: Sendable, Hashable, Codable {
  /// The day (index into the horizon) of each bin, or `nil` for after the horizon.
  public var days: [Int?]
  /// The trucks each day needs.
  public var trucks: [Int]
  /// The cost: the chosen options, the areas visited and the trucks.
  public var objective: Double
  /// Whether GLPK proved it optimal.
  public var isProvenOptimal: Bool
  /// The time it took, seconds (for the exact solution, the greedy start included).
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
