import Foundation

/// The fixed collection round a city without sensors would drive: each bin on the same weekdays every
/// week, as often as its mean fill rate needs.
///
/// **Frequency rule.** A bin emptied `f` times a week at a mean rise of `r` percentage points a day is
/// emptied, on average, at `r × 7 / f` % (the gaps between its weekdays add up to a week, whatever the
/// pattern). Each bin gets the smallest `f` of 1, 2, 3 and 5 visits a week that keeps that mean at or
/// below ``targetFill`` (80 %, the usual planning margin, so that a normal week does not overflow); when
/// even five are not enough, it is emptied on every working day of the fleet. Frequencies above the
/// number of working weekdays are left out.
///
/// **Weekdays.** With `n` working weekdays (from the trucks' calendars), frequency `f` visits working
/// days `r + ⌊k·n/f⌋ mod n` for `k = 0..<f` (Monday, Thursday for two visits out of five, and so on);
/// the rotation `r` balances the days: the bins of each frequency are sorted by their bearing from the
/// first depot and cut into `n` equal sectors, one rotation each, so that each day's round covers compact
/// areas, as districts do.
public struct FixedRound: Sendable, Hashable {
  /// The highest mean fill at emptying a frequency may leave, percent.
  public static let targetFill = 80.0
  /// The visit frequencies a city chooses from, visits per week (before the every-working-day fallback).
  public static let frequencies = [1, 2, 3, 5]

  /// The working weekdays, ISO 8601 (1 = Monday), sorted.
  public let workingWeekdays: [Int]
  /// Each bin's visits per week, in scenario order.
  public let visitsPerWeek: [Int]
  /// Each bin's weekdays, ISO 8601, in scenario order.
  public let weekdays: [[Int]]

  /// Plans the round for a scenario's bins.
  ///
  /// - Parameters:
  ///   - scenario: The bins and the first depot (for the sectors).
  ///   - meanRates: Each bin's mean rise per day, percentage points, in scenario order (missing: 0).
  ///   - workingWeekdays: The weekdays any truck works, ISO 8601; empty means every day.
  public init(scenario: Scenario, meanRates: [Double], workingWeekdays: [Int]) {
    let days = workingWeekdays.isEmpty ? Array(1...7) : Array(Set(workingWeekdays)).sorted()
    self.workingWeekdays = days
    let frequency = scenario.bins.indices.map { b in
      Self.visitsPerWeek(meanRate: meanRates.indices.contains(b) ? meanRates[b] : 0, workingDays: days.count)
    }
    visitsPerWeek = frequency
    let origin = scenario.depots.first?.coordinate ?? Coordinate(x: 0, y: 0)
    var rotation = [Int](repeating: 0, count: scenario.bins.count)
    for f in Set(frequency) {
      let members = scenario.bins.indices.filter { frequency[$0] == f }.sorted { a, b in
        let ba = Self.bearing(from: origin, to: scenario.bins[a].coordinate)
        let bb = Self.bearing(from: origin, to: scenario.bins[b].coordinate)
        return ba != bb ? ba < bb : a < b
      }
      for (k, b) in members.enumerated() { rotation[b] = k * days.count / max(1, members.count) }
    }
    weekdays = scenario.bins.indices.map { b in
      Self.pattern(frequency: frequency[b], rotation: rotation[b], workingWeekdays: days)
    }
  }

  /// The visits per week for a bin rising `meanRate` percentage points a day with `workingDays` working
  /// weekdays: the smallest of ``frequencies`` whose mean fill at emptying, `meanRate × 7 / f`, is at most
  /// ``targetFill``, else every working day.
  public static func visitsPerWeek(meanRate: Double, workingDays: Int) -> Int {
    let n = min(7, max(1, workingDays))
    for f in frequencies where f <= n && meanRate * 7 / Double(f) <= targetFill { return f }
    return n
  }

  /// The weekdays of frequency `f` with rotation `r` over the working weekdays: starting at the `r`-th
  /// working weekday, each next visit on the working weekday nearest to `7 / f` days after the start's
  /// multiples (ties to the earlier), so visits spread over the week: Monday and Thursday, Monday,
  /// Wednesday and Friday.
  public static func pattern(frequency f: Int, rotation r: Int, workingWeekdays days: [Int]) -> [Int] {
    let n = days.count
    guard n > 0 else { return [] }
    let visits = min(max(f, 1), n)
    let start = days[((r % n) + n) % n]
    var chosen: [Int] = []
    for k in 0..<visits {
      let target = Double(start - 1) + Double(k) * 7 / Double(visits)
      var best: Int? = nil
      var bestDistance = Double.infinity
      for day in days where !chosen.contains(day) {
        let ahead = (Double(day - 1) - target).truncatingRemainder(dividingBy: 7)
        let forward = ahead < 0 ? ahead + 7 : ahead
        let distance = min(forward, 7 - forward)
        // Ties go to the day before the target.
        let key = distance + (forward > 0 && forward <= 3.5 ? 1e-9 : 0)
        if key < bestDistance { bestDistance = key; best = day }
      }
      if let best { chosen.append(best) }
    }
    return chosen.sorted()
  }

  /// The bins (scenario indices) the round empties on `day`.
  public func bins(on day: CalendarDay) -> [Int] {
    let weekday = day.isoWeekday
    return weekdays.indices.filter { weekdays[$0].contains(weekday) }
  }

  /// The mean fill at emptying of `meanRate` with the given weekdays: the rate times the mean gap.
  public static func meanFillAtEmptying(meanRate: Double, weekdays: [Int]) -> Double {
    weekdays.isEmpty ? .infinity : meanRate * 7 / Double(weekdays.count)
  }

  /// The compass bearing from `a` to `b`, radians in `-π...π` (flat-earth, enough for sectors).
  static func bearing(from a: Coordinate, to b: Coordinate) -> Double {
    atan2(b.y - a.y, (b.x - a.x) * cos(a.y * .pi / 180))
  }
}
