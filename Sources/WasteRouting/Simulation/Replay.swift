import Foundation

/// The true fill of every simulated bin, replayed from real increments, and what its sensor reports.
struct Replay: Sendable {
  /// The simulated bins' true state and what is known of them.
  struct State: Sendable {
    /// True content, percent of the bin (above the overflow fill: waste that did not fit).
    var content: [Double]
    /// Each bin's sensor readings so far.
    var readings: [[FillReading]]
    /// Each bin's emptyings so far.
    var emptyings: [[EmptyingEvent]]
  }

  /// What a day's execution did.
  struct Outcome {
    /// True fill at each emptying, percent (at most 100).
    var fills: [Double] = []
    /// Bins full at some time of the day before (or after) their emptying.
    var overflowBins = 0
    /// Litres arriving while bins were full.
    var overflowLitres = 0.0
  }

  let scenario: Scenario
  let configuration: SimulationConfiguration
  /// The series each bin replays.
  let series: [FillIncrementSeries]
  /// The position in its series of each bin's first warm-up day.
  let offsets: [Int]
  /// The fill of each bin at the start of the warm-up, percent.
  let initialFills: [Double]
  /// The absolute day of the first simulated day.
  let warmUpDays: Int
  /// The first simulated day's date.
  let start: CalendarDay

  init(scenario: Scenario, increments: [FillIncrementSeries], configuration: SimulationConfiguration, start: CalendarDay) {
    self.scenario = scenario
    self.configuration = configuration
    self.start = start
    warmUpDays = configuration.warmUpDays
    var random = SplitMix64(seed: configuration.seed)
    var order = Array(increments.indices)
    order.shuffle(using: &random)
    var series: [FillIncrementSeries] = []
    var offsets: [Int] = []
    var fills: [Double] = []
    for b in scenario.bins.indices {
      let chosen = increments[order[b % max(1, order.count)]]
      series.append(chosen)
      offsets.append(Int(random.next() % UInt64(max(1, chosen.increments.count))))
      fills.append(Double(random.next() % 5_000) / 100)
    }
    self.series = series
    self.offsets = offsets
    initialFills = fills
  }

  /// The date of absolute day `a` (the warm-up's days come first).
  func date(ofDay a: Int) -> CalendarDay { start.adding(days: a - warmUpDays) }

  /// The rise of bin `b` on absolute day `a`, percentage points.
  func increment(_ b: Int, day a: Int) -> Double { series[b].increment(day: a, offset: offsets[b]) }

  /// Replays the warm-up: readings each morning, emptied at 10:00 when the reading is 70 % or more.
  func warmUp() -> State {
    var state = State(
      content: initialFills, readings: Array(repeating: [], count: scenario.bins.count),
      emptyings: Array(repeating: [], count: scenario.bins.count))
    for a in 0..<warmUpDays {
      let date = date(ofDay: a)
      morning(a, date: date, state: &state)
      let reading = date.date(at: configuration.readingTime, in: scenario.calendarTimeZone)
      var emptied: [Int: Double] = [:]
      for b in scenario.bins.indices {
        if let last = state.readings[b].last, last.time == reading, last.fill >= 70 { emptied[b] = 10.0 / 24 }
      }
      _ = evening(a, date: date, emptied: emptied, state: &state)
    }
    return state
  }

  /// The sensors' morning readings of absolute day `a`.
  func morning(_ a: Int, date: CalendarDay, state: inout State) {
    let time = date.date(at: configuration.readingTime, in: scenario.calendarTimeZone)
    let share = Double(configuration.readingTime.secondsAfterMidnight) / 86_400
    for b in scenario.bins.indices {
      var random = SplitMix64(seed: configuration.seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(b) << 24 ^ UInt64(a))
      let u1 = max(Double(random.next() >> 11) / 9_007_199_254_740_992, 1e-12)
      let u2 = Double(random.next() >> 11) / 9_007_199_254_740_992
      let missing = Double(random.next() >> 11) / 9_007_199_254_740_992
      let trueFill = min(100, state.content[b] + increment(b, day: a) * share)
      guard missing >= configuration.missingReadings || state.readings[b].isEmpty else { continue }
      let noise = configuration.sensorNoise * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
      state.readings[b].append(FillReading(time: time, fill: (min(100, max(0, trueFill + noise)) * 10).rounded() / 10))
    }
  }

  /// Executes absolute day `a`: bins in `emptied` (by index, at that share of the day) are emptied, all
  /// fill by the day's increment.
  func evening(_ a: Int, date: CalendarDay, emptied: [Int: Double], state: inout State) -> Outcome {
    var outcome = Outcome()
    let dayStart = date.start(in: scenario.calendarTimeZone)
    let full = scenario.selection.overflowFill
    for b in scenario.bins.indices {
      let rise = increment(b, day: a)
      let before = state.content[b]
      let litresPerPoint = scenario.bins[b].capacity / 100
      var overflows = before >= full
      if let share = emptied[b] {
        let atEmptying = before + rise * share
        outcome.fills.append(min(100, atEmptying))
        if atEmptying >= full { overflows = true }
        outcome.overflowLitres += max(0, atEmptying - max(full, before)) * litresPerPoint
        let after = rise * (1 - share)
        if after >= full {
          overflows = true
          outcome.overflowLitres += (after - full) * litresPerPoint
        }
        state.content[b] = after
        state.emptyings[b].append(
          EmptyingEvent(
            time: dayStart.addingTimeInterval(share * 86_400), fillBefore: (min(100, atEmptying) * 10).rounded() / 10,
            fillAfter: 0))
      } else {
        let after = before + rise
        if after >= full { overflows = true }
        outcome.overflowLitres += max(0, after - max(full, before)) * litresPerPoint
        state.content[b] = after
      }
      if overflows { outcome.overflowBins += 1 }
    }
    return outcome
  }

  /// The scenario of a morning: the base scenario on `date`, each bin with the readings and emptyings of
  /// the last ``SimulationConfiguration/historyDays`` days (at least its last reading).
  func scenario(of state: State, date: CalendarDay, base: Scenario) -> Scenario {
    var day = base
    day.date = date
    let cutoff = date.adding(days: -configuration.historyDays).start(in: base.calendarTimeZone)
    for b in day.bins.indices {
      var readings = state.readings[b].filter { $0.time >= cutoff }
      if readings.isEmpty, let last = state.readings[b].last { readings = [last] }
      day.bins[b].readings = readings
      day.bins[b].emptyings = state.emptyings[b].filter { $0.time >= cutoff }
    }
    return day
  }
}
