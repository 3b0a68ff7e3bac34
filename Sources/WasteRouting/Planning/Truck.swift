/// A refuse truck: where it is based, what it carries, how much, when it works and what it costs.
///
/// JSON (optional fields shown with their defaults):
/// ```json
/// {"id": "T1", "depot": "north", "endDepot": "north", "fractions": ["residual"],
///  "capacityLitres": 60000, "capacityKilograms": 9000,
///  "shift": {"from": "06:00", "to": "14:00"},
///  "break": {"duration": 1800, "window": {"from": "09:30", "to": "11:00"}},
///  "costs": {"fixed": 0, "perKilometre": 1.2, "perHour": 45}, "equipment": [],
///  "calendar": {"weekdays": [1, 2, 3, 4, 5], "daysOff": ["2026-12-25"]}}
/// ```
/// Without `calendar` the truck works every day (see ``TruckCalendar``).
/// The EU driving-limit break reads `"break": {"duration": 2700, "maxDrivingBeforeBreak": 16200}` (see
/// ``Break``).
public struct Truck: Sendable, Hashable, Codable {
  /// The driver's break: a window rule, the EU driving-limit rule, or both.
  ///
  /// JSON: `{"duration": 1800, "window": {"from": "09:30", "to": "11:00"}}` (a break owed when the route
  /// is under way during the window, started inside it) or `{"duration": 2700, "maxDrivingBeforeBreak":
  /// 16200}` (45 minutes owed once the route drives more than 4 h 30 min, with at most that much driving
  /// before the break and after it; see <doc:RouteSemantics>). Both fields may be given together.
  public struct Break: Sendable, Hashable, Codable {
    /// How long it lasts, in seconds.
    public var duration: Int
    /// When it must start, or `nil` for any time in the shift.
    public var window: ClockWindow?
    /// The most driving, in seconds, before the break and after it (the EU limit is 16 200, 4 h 30 min);
    /// `nil` for a break owed by its window.
    public var maxDrivingBeforeBreak: Int?

    /// Creates a window rule: a break owed when the route is under way during `window`.
    public init(duration: Int, window: ClockWindow) {
      self.duration = duration
      self.window = window
      self.maxDrivingBeforeBreak = nil
    }

    /// Creates a driving-limit rule, optionally also bounded by a window.
    public init(duration: Int, maxDrivingBeforeBreak: Int, window: ClockWindow? = nil) {
      self.duration = duration
      self.window = window
      self.maxDrivingBeforeBreak = maxDrivingBeforeBreak
    }

    private enum CodingKeys: String, CodingKey { case duration, window, maxDrivingBeforeBreak }

    /// Decodes a break rule; `window` and `maxDrivingBeforeBreak` may each be omitted (not both:
    /// ``Scenario/validate()`` asks for one).
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      duration = try container.decode(Int.self, forKey: .duration)
      window = try container.decodeIfPresent(ClockWindow.self, forKey: .window)
      maxDrivingBeforeBreak = try container.decodeIfPresent(Int.self, forKey: .maxDrivingBeforeBreak)
    }

    /// Encodes the rule, leaving out absent fields.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(duration, forKey: .duration)
      try container.encodeIfPresent(window, forKey: .window)
      try container.encodeIfPresent(maxDrivingBeforeBreak, forKey: .maxDrivingBeforeBreak)
    }
  }

  /// What using the truck costs, in the scenario's currency.
  public struct Costs: Sendable, Hashable, Codable {
    /// Per day the truck is used.
    public var fixed: Double
    /// Per kilometre driven.
    public var perKilometre: Double
    /// Per hour from leaving the depot to returning (the crew's time).
    public var perHour: Double

    /// Creates costs.
    public init(fixed: Double = 0, perKilometre: Double = 1, perHour: Double = 0) {
      self.fixed = fixed
      self.perKilometre = perKilometre
      self.perHour = perHour
    }

    private enum CodingKeys: String, CodingKey { case fixed, perKilometre, perHour }

    /// Decodes costs; missing ones take the defaults.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      fixed = try container.decodeIfPresent(Double.self, forKey: .fixed) ?? 0
      perKilometre = try container.decodeIfPresent(Double.self, forKey: .perKilometre) ?? 1
      perHour = try container.decodeIfPresent(Double.self, forKey: .perHour) ?? 0
    }
  }

  /// The truck's id, unique in the scenario.
  public var id: String
  /// The id of the depot it leaves from.
  public var depot: String
  /// The id of the depot it returns to (usually ``depot``).
  public var endDepot: String
  /// The fractions it collects (ids of ``Scenario/fractions``); on one day it may mix them only if a
  /// disposal facility takes them all.
  public var fractions: [String]
  /// How much loose waste fits in, in litres of bin volume, after compaction.
  public var capacityLitres: Double
  /// The payload limit in kilograms.
  public var capacityKilograms: Double
  /// When it leaves the depot (at the earliest) and must be back (at the latest).
  public var shift: ClockWindow
  /// The driver's break, if the shift needs one.
  public var breakRule: Break?
  /// Its costs.
  public var costs: Costs
  /// Its equipment (see ``Bin/access``).
  public var equipment: [String]
  /// The days it works, or `nil` for every day; on other days the planner leaves it unused
  /// (``PlanExclusion/Rule/offDuty``).
  public var calendar: TruckCalendar?

  /// Creates a truck.
  public init(
    id: String, depot: String, endDepot: String? = nil, fractions: [String], capacityLitres: Double,
    capacityKilograms: Double, shift: ClockWindow, breakRule: Break? = nil, costs: Costs = Costs(),
    equipment: [String] = [], calendar: TruckCalendar? = nil
  ) {
    self.id = id
    self.depot = depot
    self.endDepot = endDepot ?? depot
    self.fractions = fractions
    self.capacityLitres = capacityLitres
    self.capacityKilograms = capacityKilograms
    self.shift = shift
    self.breakRule = breakRule
    self.costs = costs
    self.equipment = equipment
    self.calendar = calendar
  }

  private enum CodingKeys: String, CodingKey {
    case id, depot, endDepot, fractions, capacityLitres, capacityKilograms, shift
    case breakRule = "break"
    case costs, equipment, calendar
  }

  /// Decodes a truck; see the type's description for the defaults.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    depot = try container.decode(String.self, forKey: .depot)
    endDepot = try container.decodeIfPresent(String.self, forKey: .endDepot) ?? depot
    fractions = try container.decode([String].self, forKey: .fractions)
    capacityLitres = try container.decode(Double.self, forKey: .capacityLitres)
    capacityKilograms = try container.decode(Double.self, forKey: .capacityKilograms)
    shift = try container.decode(ClockWindow.self, forKey: .shift)
    breakRule = try container.decodeIfPresent(Break.self, forKey: .breakRule)
    costs = try container.decodeIfPresent(Costs.self, forKey: .costs) ?? Costs()
    equipment = try container.decodeIfPresent([String].self, forKey: .equipment) ?? []
    calendar = try container.decodeIfPresent(TruckCalendar.self, forKey: .calendar)
  }

  /// Encodes a truck.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(depot, forKey: .depot)
    if endDepot != depot { try container.encode(endDepot, forKey: .endDepot) }
    try container.encode(fractions, forKey: .fractions)
    try container.encode(capacityLitres, forKey: .capacityLitres)
    try container.encode(capacityKilograms, forKey: .capacityKilograms)
    try container.encode(shift, forKey: .shift)
    try container.encodeIfPresent(breakRule, forKey: .breakRule)
    try container.encode(costs, forKey: .costs)
    if !equipment.isEmpty { try container.encode(equipment, forKey: .equipment) }
    try container.encodeIfPresent(calendar, forKey: .calendar)
  }
}
