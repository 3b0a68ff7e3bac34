/// Which bins a schedule made elsewhere assigns to the planning day: a fixed round, or the day a
/// ``MultiDayPlanner`` chose for each bin.
///
/// With a schedule, ``BinSelector`` takes the bins from it instead of from the fill thresholds: a listed
/// required bin is required (its prize what leaving it out costs, as for a bin predicted to overflow), a
/// listed optional bin is optional (its prize ``optionalPrizes`` gives, or the share of a visit it saves),
/// and every other bin is skipped. The plan and ``PlanValidator`` follow the same selection, so a plan made
/// from a schedule validates against the scenario that carries it.
///
/// JSON: `{"source": "fixed round", "required": ["B1", "B7"], "optional": ["B3"], "optionalPrizes": [2.5]}`.
public struct CollectionSchedule: Sendable, Hashable, Codable {
  /// Where the schedule comes from, for the bins' reasons (for example `"fixed round"`).
  public var source: String
  /// The ids of the bins the day must empty.
  public var required: [String]
  /// The ids of the bins the day may empty when worth the detour.
  public var optional: [String]
  /// The prize of each optional bin, in the scenario's currency, in the order of ``optional``; empty for
  /// the selector's own prize (``SelectionPolicy/savedVisitValue`` times the predicted fill).
  public var optionalPrizes: [Double]

  /// Creates a schedule.
  public init(source: String, required: [String], optional: [String] = [], optionalPrizes: [Double] = []) {
    self.source = source
    self.required = required
    self.optional = optional
    self.optionalPrizes = optionalPrizes
  }

  private enum CodingKeys: String, CodingKey { case source, required, optional, optionalPrizes }

  /// Decodes a schedule; `source`, `optional` and `optionalPrizes` may be omitted.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    source = try container.decodeIfPresent(String.self, forKey: .source) ?? "schedule"
    required = try container.decode([String].self, forKey: .required)
    optional = try container.decodeIfPresent([String].self, forKey: .optional) ?? []
    optionalPrizes = try container.decodeIfPresent([Double].self, forKey: .optionalPrizes) ?? []
  }

  /// Encodes a schedule, leaving out empty optional lists.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(source, forKey: .source)
    try container.encode(required, forKey: .required)
    if !optional.isEmpty { try container.encode(optional, forKey: .optional) }
    if !optionalPrizes.isEmpty { try container.encode(optionalPrizes, forKey: .optionalPrizes) }
  }
}
