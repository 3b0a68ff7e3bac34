import Foundation

/// Whether a bin is emptied on the planning day, and why.
public struct BinSelection: Sendable, Hashable, Codable {
  /// The three outcomes of selection.
  public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
    /// Predicted to overflow before the next collection opportunity: the plan must empty it.
    case required
    /// Above the lower threshold: the plan empties it when its prize outweighs the detour.
    case optional
    /// Left for another day (or no truck carries its fraction).
    case skipped
  }

  /// The bin's id.
  public var binID: String
  /// The outcome.
  public var status: Status
  /// The predicted fill, percent, at the end of today's shifts (what a visit today collects at most).
  public var predictedFillToday: Double
  /// The predicted fill, percent, at the next collection opportunity.
  public var predictedFillAtNextOpportunity: Double
  /// Days from the start of today's shifts until the bin is predicted to overflow (0 when it already is),
  /// or `nil` when it does not fill up within ten years.
  public var daysUntilOverflow: Double?
  /// What emptying the bin today is worth, in the scenario's currency: for an optional bin, the share of
  /// a later visit it saves; for a required bin, what leaving it out costs (a later visit plus its
  /// predicted overflow, see ``SelectionPolicy/overflowLitreValue``), which ranks the required bins when
  /// the trucks cannot empty them all; 0 for a skipped bin.
  public var prize: Double
  /// Why, in one sentence.
  public var reason: String

  /// Creates a selection.
  public init(
    binID: String, status: Status, predictedFillToday: Double, predictedFillAtNextOpportunity: Double,
    daysUntilOverflow: Double?, prize: Double, reason: String
  ) {
    self.binID = binID
    self.status = status
    self.predictedFillToday = predictedFillToday
    self.predictedFillAtNextOpportunity = predictedFillAtNextOpportunity
    self.daysUntilOverflow = daysUntilOverflow
    self.prize = prize
    self.reason = reason
  }
}

/// Forecasts every bin's fill and sorts the bins into required, optional and skipped.
///
/// Each bin's fill rate is fitted from its own readings and emptyings with ``FillForecaster``, shrunk
/// towards a prior fitted on all bins of the same fraction (so a bin with a single reading fills at its
/// fraction's rate). From the last observation the forecast predicts the fill
///
/// - at the end of today's shifts (the latest shift end of the trucks carrying the fraction): the most a
///   visit today collects, which becomes the bin's demand;
/// - at the next collection opportunity, ``SelectionPolicy/nextCollectionInDays`` later at the earliest
///   shift start.
///
/// A bin predicted to reach ``SelectionPolicy/overflowFill`` by the next opportunity is **required**; one
/// predicted to reach ``SelectionPolicy/optionalFill`` is **optional** with a prize; the rest are
/// **skipped**. The prize of an optional bin: emptying a bin at fill f % today collects f % of a full bin,
/// so it saves f/100 of the dedicated visit (``SelectionPolicy/savedVisitValue``) the bin would otherwise
/// need when full. The prize of a required bin is what leaving it out costs: that dedicated visit plus
/// ``SelectionPolicy/overflowLitreValue`` per litre predicted beyond the overflow fill by the next
/// opportunity, so that when the trucks cannot empty every required bin the least urgent are left out.
public struct BinSelector: Sendable {
  /// The scenario selected from.
  public let scenario: Scenario

  /// Creates a selector for a validated scenario.
  public init(scenario: Scenario) {
    self.scenario = scenario
  }

  /// The fitted forecast of every bin, in bin order.
  ///
  /// - Complexity: O(*n* log *n*) in the number of readings and emptyings.
  public func forecasts() -> [BinForecast] {
    let forecaster = FillForecaster(configuration: ForecastConfiguration(timeZone: scenario.calendarTimeZone))
    var priors: [String: FleetPrior] = [:]
    for fraction in scenario.fractions {
      let histories = scenario.bins.filter { $0.fraction == fraction.id }.map(\.history)
      // Validated scenarios hold only valid histories, so fitting cannot fail.
      priors[fraction.id] = try? forecaster.fleetPrior(from: histories)
    }
    return scenario.bins.map { bin in
      let prior = priors[bin.fraction] ?? FleetPrior(ratePerDay: 0)
      return (try? forecaster.fit(bin.history, prior: prior)) ?? BinForecast(binID: bin.id, ratePerDay: 0)
    }
  }

  /// Selects the bins for the planning day.
  ///
  /// - Parameter forecasts: One forecast per bin, in bin order (``forecasts()``).
  /// - Returns: One selection per bin, in bin order.
  ///   A bin without a forecast (a shorter list) gets one that does not fill.
  public func select(forecasts: [BinForecast]) -> [BinSelection] {
    let policy = scenario.selection
    let zone = scenario.calendarTimeZone
    var scheduled: [String: (status: BinSelection.Status, prize: Double?)] = [:]
    if let schedule = scenario.schedule {
      for id in schedule.required { scheduled[id] = (.required, nil) }
      for (k, id) in schedule.optional.enumerated() {
        scheduled[id] = (.optional, schedule.optionalPrizes.indices.contains(k) ? schedule.optionalPrizes[k] : nil)
      }
    }
    return scenario.bins.enumerated().map { b, bin in
      let forecast = forecasts.indices.contains(b) ? forecasts[b] : BinForecast(binID: bin.id, ratePerDay: 0)
      let carriers = scenario.trucks.filter { $0.fractions.contains(bin.fraction) }
      let shifts = (carriers.isEmpty ? scenario.trucks : carriers).map(\.shift)
      // Without any truck (an invalid scenario), the day runs from midnight to midnight.
      let earliest = shifts.map(\.from).min() ?? ClockTime(hours: 0)
      let todayStart = scenario.instant(earliest)
      let todayEnd = scenario.instant(shifts.map(\.to).max() ?? ClockTime(hours: 24))
      let next = scenario.date.adding(days: policy.nextCollectionInDays).date(at: earliest, in: zone)
      let last = Self.lastObservation(of: bin) ?? (todayStart, 0, false)
      let today = forecast.predictedFill(
        at: todayEnd, lastFill: last.fill, at: last.time, justEmptied: last.emptied)
      let later = forecast.predictedFill(
        at: next, lastFill: last.fill, at: last.time, justEmptied: last.emptied)
      let overflow = forecast.timeUntil(
        fill: policy.overflowFill, from: last.fill, at: last.time, justEmptied: last.emptied)
      let days = overflow.map {
        max(0, (last.time.addingTimeInterval($0).timeIntervalSince(todayStart)) / 86_400)
      }
      let nextText = ISO8601Time.format(next, in: zone)
      // Stored rounded (fills to 0.01 pp, days to 0.0001, prizes to 0.0001) so plans read well; the
      // thresholds above compare the unrounded values.
      func selection(_ status: BinSelection.Status, prize: Double = 0, _ reason: String) -> BinSelection {
        BinSelection(
          binID: bin.id, status: status, predictedFillToday: Self.rounded(today, 100),
          predictedFillAtNextOpportunity: Self.rounded(later, 100),
          daysUntilOverflow: days.map { Self.rounded($0, 10_000) },
          prize: Self.rounded(prize, 10_000), reason: reason)
      }
      guard !carriers.isEmpty else {
        return selection(.skipped, "no truck carries fraction \"\(bin.fraction)\"")
      }
      if let schedule = scenario.schedule {
        let source = schedule.source
        switch scheduled[bin.id] {
        case (.required, _)?:
          let overflowLitres = bin.capacity * max(0, later - policy.overflowFill) / 100
          return selection(
            .required, prize: policy.savedVisitValue + policy.overflowLitreValue * overflowLitres,
            "scheduled for today by the \(source); predicted \(Self.percent(later)) by the next collection opportunity")
        case (.optional, let prize)?:
          return selection(
            .optional, prize: prize ?? policy.savedVisitValue * min(max(today, 0), 100) / 100,
            "may be emptied today by the \(source) if worth the detour; predicted \(Self.percent(today)) today")
        default:
          return selection(
            .skipped,
            "not scheduled for today by the \(source); predicted \(Self.percent(later)) by the next collection opportunity")
        }
      }
      if later >= policy.overflowFill {
        let overflowLitres = bin.capacity * max(0, later - policy.overflowFill) / 100
        return selection(
          .required, prize: policy.savedVisitValue + policy.overflowLitreValue * overflowLitres,
          "predicted \(Self.percent(later)) by the next collection opportunity (\(nextText)); overflows at \(Self.percent(policy.overflowFill))"
        )
      }
      if later >= policy.optionalFill {
        let prize = policy.savedVisitValue * min(max(today, 0), 100) / 100
        return selection(
          .optional, prize: prize,
          "predicted \(Self.percent(later)) by the next collection opportunity, above the optional threshold \(Self.percent(policy.optionalFill)); emptying it at \(Self.percent(today)) saves that share of a later visit"
        )
      }
      return selection(
        .skipped,
        "predicted \(Self.percent(later)) by the next collection opportunity, below the optional threshold \(Self.percent(policy.optionalFill))"
      )
    }
  }

  /// The latest thing known about the bin's fill: its last reading, or its last emptying if later; `nil`
  /// for a bin with neither (``Scenario/validate()`` rejects a bin without readings).
  static func lastObservation(of bin: Bin) -> (time: Date, fill: Double, emptied: Bool)? {
    let emptying = bin.emptyings.last
    guard let reading = bin.readings.last else {
      return emptying.map { ($0.time, $0.fillAfter, true) }
    }
    if let emptying, emptying.time > reading.time {
      return (emptying.time, emptying.fillAfter, true)
    }
    return (reading.time, reading.fill, reading.isAfterEmptying)
  }

  static func percent(_ value: Double) -> String { String(format: "%.0f %%", value) }

  static func rounded(_ value: Double, _ scale: Double) -> Double { (value * scale).rounded() / scale }
}
