/// Why a bin, a truck or a disposal facility is left out of a day's plan: the rule, and a sentence.
///
/// The planner serves every bin it can and names every one it cannot (see <doc:DailyPlanning>): one bad
/// bin never fails the day. JSON: `{"rule": "offNetwork", "reason": "no road a truck may use within
/// 100 m"}`.
public struct PlanExclusion: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The rules that leave something out, as written in the plan's `rule` fields.
  public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
    /// A bin or facility with no road a truck may use within the scenario's snapping distance.
    case offNetwork
    /// A bin or facility on a road cut off from the main network (one-way streets, or banned turns and
    /// U-turns under turn rules): trucks cannot get there and back.
    case disconnected
    /// No usable truck carries the bin's fraction with the equipment it needs.
    case noCompatibleTruck
    /// The bin's predicted load (litres or kilograms) exceeds the capacity of every truck that may empty it.
    case loadAboveCapacity
    /// A truck that no usable facility can unload (none takes all its fractions while it works), or a bin
    /// whose trucks cannot reach an open facility after emptying it.
    case noDisposalSite
    /// No truck that may empty the bin reaches it inside its time windows and returns within its shift.
    case windowUnreachable
    /// Even on a route of its own the bin breaks every compatible truck's limits.
    case routeLimitExceeded
    /// The trucks have no time or room left for the bin: the day's other bins used them, and this one is
    /// among the least urgent.
    case notEnoughTrucks
    /// A truck whose start or end depot is off the road network or cut off from it.
    case depotUnusable
    /// A bin whose collection was cancelled during the day (a re-plan's event).
    case cancelled
    /// A bin reported emptied outside the plan during the day (a re-plan's event).
    case emptiedOutsidePlan
  }

  /// The rule.
  public var rule: Rule
  /// One sentence for people, naming the numbers behind the rule.
  public var reason: String

  /// Creates an exclusion.
  public init(rule: Rule, reason: String) {
    self.rule = rule
    self.reason = reason
  }

  /// Whether the rule is a property of the bin (or truck, or facility) alone, rather than of the fleet's
  /// other work (only ``Rule/notEnoughTrucks`` is not).
  public var isIntrinsic: Bool { rule != .notEnoughTrucks }

  /// `rule: reason`.
  public var description: String { "\(rule.rawValue): \(reason)" }
}

/// A bin the planner cannot serve: where it sits in the scenario and why.
public struct BinExclusion: Sendable, Hashable, CustomStringConvertible {
  /// The bin's JSON path and id, for example `bins[3] (id "B4")`.
  public var location: ScenarioLocation
  /// Whether selection made the bin required today.
  public var isRequired: Bool
  /// The rule and the sentence.
  public var exclusion: PlanExclusion

  /// Creates a bin exclusion.
  public init(location: ScenarioLocation, isRequired: Bool, exclusion: PlanExclusion) {
    self.location = location
    self.isRequired = isRequired
    self.exclusion = exclusion
  }

  /// `bins[3] (id "B4"): windowUnreachable: ...`.
  public var description: String { "\(location): \(exclusion)" }
}

extension PlanExclusion {
  /// The plan's exclusion for a client the solver left out.
  ///
  /// - Parameter dimensionUnits: The unit of each capacity dimension, for the sentence (`L`, `kg`).
  static func solverExclusion(_ reason: ExclusionReason, dimensionUnits: [String]) -> PlanExclusion {
    switch reason {
    case .noCompatibleVehicle:
      PlanExclusion(rule: .noCompatibleTruck, reason: "no usable truck may empty it")
    case .loadAboveCapacity(let dimension, let demand, let largest):
      PlanExclusion(
        rule: .loadAboveCapacity,
        reason: {
          let unit = dimensionUnits.indices.contains(dimension) ? " " + dimensionUnits[dimension] : ""
          return
            "its predicted load of \(demand)\(unit) exceeds every compatible truck's capacity (at most \(largest)\(unit))"
        }())
    case .noDisposalSite:
      PlanExclusion(
        rule: .noDisposalSite,
        reason:
          "no truck that may empty it can reach a facility that takes its fraction and is open afterwards")
    case .windowUnreachable:
      PlanExclusion(
        rule: .windowUnreachable,
        reason:
          "no truck that may empty it reaches it within its time windows and returns within its shift, even on a route of its own"
      )
    case .routeLimitExceeded:
      PlanExclusion(
        rule: .routeLimitExceeded,
        reason: "even on a route of its own it breaks every compatible truck's limits")
    case .notEnoughVehicles:
      PlanExclusion(
        rule: .notEnoughTrucks,
        reason:
          "the trucks have no time or room left for it: the day's other bins use them, and it is among the least urgent"
      )
    }
  }
}
