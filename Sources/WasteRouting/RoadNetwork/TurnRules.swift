/// Which turns a truck may make, and what U-turns cost.
///
/// With ``none`` every turn is free and the fast node-based search runs; any other rules need the
/// edge-based (arc-to-arc) search, which is slower by about the ratio of arcs to nodes.
public struct TurnRules: Sendable, Hashable, Codable {
  /// Where a truck may turn back along the road it came on.
  public enum UTurns: String, Sendable, Hashable, Codable, CaseIterable {
    /// Never, not even at a dead end (the truck then cannot leave it).
    case forbidden
    /// Only at a dead end: a node whose only way out is back along the road the truck came on.
    case atDeadEnds
    /// Anywhere, at ``TurnRules/uTurnPenalty``.
    case allowed
  }

  /// Whether OSM turn restrictions (`no_*`, `only_*` relations) are obeyed.
  public var obeysRestrictions: Bool
  /// Where U-turns are allowed.
  public var uTurns: UTurns
  /// Seconds added to the travel time of each U-turn made.
  public var uTurnPenalty: Double

  /// Creates turn rules.
  public init(obeysRestrictions: Bool = true, uTurns: UTurns = .atDeadEnds, uTurnPenalty: Double = 60) {
    self.obeysRestrictions = obeysRestrictions
    self.uTurns = uTurns
    self.uTurnPenalty = uTurnPenalty
  }

  /// Restrictions obeyed; U-turns only at dead ends, costing a minute.
  public static let standard = TurnRules()
  /// No turn rules at all: the node-based fast path.
  public static let none = TurnRules(obeysRestrictions: false, uTurns: .allowed, uTurnPenalty: 0)

  /// Whether these rules need the edge-based search.
  var needsEdgeBasedSearch: Bool { obeysRestrictions || uTurns != .allowed || uTurnPenalty > 0 }

  /// The penalty in milliseconds.
  var uTurnPenaltyMilliseconds: Int64 { Int64((uTurnPenalty * 1000).rounded()) }
}
