/// What an import found and what it left out.
public struct ImportSummary: Sendable, Hashable {
  /// Ways (or lines, links) with a `highway` tag in the file.
  public var highwayWays: Int
  /// Of those, the ways the truck profile may use.
  public var usableWays: Int
  /// OSM nodes on usable ways, including shape points between junctions.
  public var roadNodes: Int
  /// Turn restrictions applied as banned turns.
  public var appliedRestrictions: Int
  /// Turn restrictions that could not be applied (via ways, members missing from the extract, or not
  /// matching the graph).
  public var skippedRestrictions: Int
}
