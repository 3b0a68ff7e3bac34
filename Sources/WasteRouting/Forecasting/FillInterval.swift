import Foundation

/// A stretch of time over which a bin's fill rose without an emptying, with the time it spent in each
/// weekday of the configured calendar.
struct FillInterval: Sendable {
  /// Start, seconds since 1970.
  var start: Double
  /// End, seconds since 1970.
  var end: Double
  /// Fill at the end minus fill at the start, percentage points (may be slightly negative: sensor noise).
  var rise: Double
  /// Whether the interval starts right after an emptying (declared, or a fall larger than `resetDrop`).
  var startsAtReset: Bool
  /// Days spent in each weekday, Monday first; sums to the interval's length in days.
  var weekdayExposure: [Double]

  /// Length in days.
  var days: Double { (end - start) / 86_400 }

  /// The exposure weighted by day-of-week factors, in days: what multiplies a rate (percent per day).
  func weightedDays(_ factors: [Double]) -> Double {
    var total = 0.0
    for day in 0..<7 { total += factors[day] * weekdayExposure[day] }
    return total
  }

  /// The usable intervals of a valid history, in time order.
  ///
  /// Emptyings and readings merge into one timeline. An emptying contributes its `fillBefore` (which closes
  /// the interval since the previous observation) and then its `fillAfter` (a reset, which opens the next).
  /// A reading flagged `isAfterEmptying`, or a fall of more than `resetDrop`, is a reset too; an interval
  /// starting at a reset is marked `startsAtReset`. Intervals
  /// touching a censored fill, shorter than `minimumIntervalDays` or longer than `maximumGapDays` are
  /// left out.
  static func intervals(of history: BinHistory, configuration: ForecastConfiguration) -> [FillInterval] {
    struct Point {
      var time: Double
      var fill: Double
      var isReset: Bool
    }
    var points: [Point] = []
    points.reserveCapacity(history.readings.count + 2 * history.emptyings.count)
    for emptying in history.emptyings {
      let time = emptying.time.timeIntervalSince1970
      points.append(Point(time: time, fill: emptying.fillBefore, isReset: false))
      points.append(Point(time: time, fill: emptying.fillAfter, isReset: true))
    }
    for reading in history.readings {
      points.append(Point(time: reading.time.timeIntervalSince1970, fill: reading.fill,
                          isReset: reading.isAfterEmptying))
    }
    if !history.readings.isEmpty && !history.emptyings.isEmpty {
      // Stable order: an emptying's two points stay together and precede a reading at the same time.
      points = points.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        .map(\.element)
    }
    var intervals: [FillInterval] = []
    for index in points.indices.dropFirst() {
      let from = points[index - 1]
      if points[index].fill < from.fill - configuration.resetDrop { points[index].isReset = true }
      let to = points[index]
      if to.isReset { continue }
      if from.fill >= configuration.censoringLimit || to.fill >= configuration.censoringLimit { continue }
      let days = (to.time - from.time) / 86_400
      if days < configuration.minimumIntervalDays || days > configuration.maximumGapDays { continue }
      intervals.append(
        FillInterval(start: from.time, end: to.time, rise: to.fill - from.fill, startsAtReset: from.isReset,
                     weekdayExposure: weekdayExposure(from: from.time, to: to.time,
                                                      timeZone: configuration.timeZone)))
    }
    return intervals
  }

  /// Days spent in each weekday (Monday first) between two instants, by the calendar of `timeZone`.
  ///
  /// The UTC offset at `start` applies to the whole stretch, so a daylight-saving change inside it shifts
  /// the day boundaries by an hour at most.
  static func weekdayExposure(from start: Double, to end: Double, timeZone: TimeZone) -> [Double] {
    var exposure = [Double](repeating: 0, count: 7)
    guard end > start, start.isFinite, end.isFinite else { return exposure }
    let offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: start)))
    var local = start + offset
    let localEnd = end + offset
    // Whole weeks add a day to every weekday: count them at once, so that a long stretch takes no
    // longer than two weeks.
    let weeks = ((localEnd - local) / (7 * 86_400) - 1).rounded(.down)
    if weeks >= 1 {
      for day in 0..<7 { exposure[day] = weeks }
      local += weeks * 7 * 86_400
    }
    // At most 15 days remain (more only where times beyond 2^53 s lose their precision: stop there).
    var days = 0
    while local < localEnd && days < 16 {
      days += 1
      let day = (local / 86_400).rounded(.down)
      let next = min(localEnd, (day + 1) * 86_400)
      exposure[weekday(ofUnixDay: day)] += (next - local) / 86_400
      local = next
    }
    return exposure
  }

  /// The weekday (0 = Monday ... 6 = Sunday) of a day counted from 1970-01-01, a Thursday.
  static func weekday(ofUnixDay day: Double) -> Int {
    guard day.isFinite else { return 0 }
    let remainder = Int((day + 3).truncatingRemainder(dividingBy: 7))
    return remainder < 0 ? remainder + 7 : remainder
  }
}
