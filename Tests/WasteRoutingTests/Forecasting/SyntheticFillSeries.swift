import Foundation

@testable import WasteRouting

/// Deterministic synthetic fill histories with known parameters.
enum SyntheticFillSeries {
  /// 2024-01-01T00:00:00Z, a Monday.
  static let monday = Date(timeIntervalSince1970: 1_704_067_200)

  /// Uniform noise in `-amplitude...amplitude`.
  static func noise(_ amplitude: Double, _ generator: inout SplitMix64) -> Double {
    amplitude == 0 ? 0 : Double.random(in: -amplitude...amplitude, using: &generator)
  }

  /// Readings every `stepHours` for `days` days; the bin fills at `rate(weekday)` pp/day (weekday 0 =
  /// Monday, UTC) and is emptied to 0 once it passes `emptyAt`. Emptyings are flagged on the next reading
  /// when `flagsEmptyings`; readings inside `gap` (days since the start) are missing.
  static func readings(
    days: Double, stepHours: Double = 6, emptyAt: Double = 85, noise amplitude: Double = 0,
    flagsEmptyings: Bool = true, gap: Range<Double>? = nil, seed: UInt64 = 1,
    rate: (Int) -> Double
  ) -> [FillReading] {
    var generator = SplitMix64(seed: seed)
    var readings: [FillReading] = []
    var fill = 0.0
    var justEmptied = false
    var hours = 0.0
    let step = stepHours / 24
    while hours / 24 < days {
      let day = hours / 24
      if gap.map({ !$0.contains(day) }) ?? true {
        let observed = max(0, fill + noise(amplitude, &generator))
        readings.append(
          FillReading(time: monday.addingTimeInterval(hours * 3_600), fill: observed,
                      isAfterEmptying: flagsEmptyings && justEmptied))
        justEmptied = false
      }
      let weekday = Int(day.rounded(.down)) % 7
      fill += rate(weekday) * step
      if fill > emptyAt {
        fill = 0
        justEmptied = true
      }
      hours += stepHours
    }
    return readings
  }

  /// Emptying events only: each interval rises by `jump + rate × days` plus noise, with lengths cycling
  /// through `lengths` days.
  static func emptyings(count: Int, jump: Double, rate: Double, noise amplitude: Double = 0,
                        lengths: [Double] = [0.5, 1, 1.5, 2, 3, 4], seed: UInt64 = 1) -> [EmptyingEvent]
  {
    var generator = SplitMix64(seed: seed)
    var time = monday
    var events = [EmptyingEvent(time: time, fillBefore: 50, fillAfter: 0)]
    for index in 1..<count {
      let days = lengths[index % lengths.count]
      time = time.addingTimeInterval(days * 86_400)
      let fill = min(99, max(0, jump + rate * days + noise(amplitude, &generator)))
      events.append(EmptyingEvent(time: time, fillBefore: fill, fillAfter: 0))
    }
    return events
  }
}
