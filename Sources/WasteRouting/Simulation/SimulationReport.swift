/// What a ``Simulation`` measured: per policy, every day and the totals.
///
/// Its `Codable` form is the JSON file `waste-route simulate -o` writes.
public struct SimulationReport: Sendable, Hashable, Codable {
  /// The scenario's name.
  public var scenario: String
  /// The first simulated day.
  public var startDate: CalendarDay
  /// Simulated days.
  public var days: Int
  /// The seed.
  public var seed: UInt64
  /// The sensor noise, percentage points.
  public var sensorNoise: Double
  /// The probability of a missing reading.
  public var missingReadings: Double
  /// The solver's time limit per day, seconds.
  public var timeLimitSeconds: Double
  /// The multi-day planner's horizon, days.
  public var horizonDays: Int
  /// Bins simulated.
  public var binCount: Int
  /// Where the fill increments come from (for example "the daily fill increments of 300 real bins").
  public var fillSource: String
  /// One result per policy, in the order run.
  public var policies: [PolicyResult]

  /// One policy's days and totals.
  public struct PolicyResult: Sendable, Hashable, Codable {
    /// The policy.
    public var policy: CollectionPolicy
    /// Every simulated day.
    public var days: [DayResult]
    /// The totals.
    public var summary: Summary
  }

  /// One simulated day of one policy.
  public struct DayResult: Sendable, Hashable, Codable {
    /// The date.
    public var date: CalendarDay
    /// Trucks working that day.
    public var trucksAvailable: Int
    /// Trucks driving.
    public var trucksUsed: Int
    /// Bins the day's selection required.
    public var requiredBins: Int
    /// Required bins the plan left out.
    public var requiredLeftOut: Int
    /// Bins emptied.
    public var binsEmptied: Int
    /// Kilometres driven.
    public var kilometres: Double
    /// Hours driving (legs' travel times).
    public var drivingHours: Double
    /// Crew hours: from leaving the depot to returning, summed over trucks.
    public var crewHours: Double
    /// The trucks' cost, in the scenario's currency.
    public var cost: Double
    /// The mean true fill of the bins emptied, percent (at most 100); 0 when none.
    public var meanFillAtEmptying: Double
    /// Bins that were full (at the overflow fill) at some time of the day before being emptied.
    public var overflowBins: Int
    /// Litres of waste that arrived while bins were full.
    public var overflowLitres: Double
    /// Wall-clock time for the day: selection (and multi-day planning), routing, validation, seconds.
    public var seconds: Double
    /// The multi-day planner's numbers, for the lookahead policy.
    public var lookahead: LookaheadDay?
  }

  /// The multi-day planner's numbers on one day.
  public struct LookaheadDay: Sendable, Hashable, Codable {
    /// The assignment model's objective solved by GLPK, when exact.
    public var exactObjective: Double?
    /// Whether GLPK proved it optimal.
    public var provenOptimal: Bool
    /// The greedy assignment's objective on the same model.
    public var greedyObjective: Double
    /// GLPK's time, seconds.
    public var exactSeconds: Double?
    /// The greedy time, seconds.
    public var greedySeconds: Double
    /// Expected overflowing bin-days in the horizon under the assignment.
    public var expectedOverflowBinDays: Double
    /// Trucks the assignment needs on each day of the horizon.
    public var trucksPlanned: [Int]
  }

  /// A policy's totals over all simulated days.
  public struct Summary: Sendable, Hashable, Codable {
    /// Kilometres.
    public var kilometres: Double
    /// Driving hours.
    public var drivingHours: Double
    /// Crew hours.
    public var crewHours: Double
    /// Cost, in the scenario's currency.
    public var cost: Double
    /// Mean trucks driving per day with any truck working.
    public var trucksPerDay: Double
    /// Bins emptied.
    public var binsEmptied: Int
    /// Mean true fill at emptying over all emptyings, percent.
    public var meanFillAtEmptying: Double
    /// Overflowing bin-days.
    public var overflowBinDays: Int
    /// Litres that arrived while bins were full.
    public var overflowLitres: Double
    /// Required bins left out by the plans.
    public var requiredLeftOut: Int
    /// Mean wall-clock seconds per simulated day.
    public var secondsPerDay: Double
  }
}
