/// An OSM turn restriction relation whose via member is a node.
struct OSMTurnRestriction: Sendable, Hashable {
  /// Whether `only_*` (every other turn is banned) rather than `no_*` (this turn is banned).
  var isMandatory: Bool
  var fromWay: Int64
  var viaNode: Int64
  var toWay: Int64

  /// Builds a restriction from a relation's tags and members, or returns `nil` when it does not apply to
  /// trucks or has no usable from/via/to members. `members` holds (type, ref, role) with type `n`, `w`, `r`.
  static func make(
    tags: [String: String], members: [(type: UInt8, ref: Int64, role: String)]
  ) -> (restriction: OSMTurnRestriction?, isRestriction: Bool) {
    guard tags["type"] == "restriction" else { return (nil, false) }
    guard let value = tags["restriction:hgv"] ?? tags["restriction"] else { return (nil, true) }
    if let except = tags["except"], except.split(separator: ";").contains(where: { $0 == "hgv" }) {
      return (nil, true)
    }
    let isMandatory: Bool
    if value.hasPrefix("only_") {
      isMandatory = true
    } else if value.hasPrefix("no_") {
      isMandatory = false
    } else {
      return (nil, true)
    }
    var from: Int64?
    var via: Int64?
    var to: Int64?
    var viaIsWay = false
    for member in members {
      switch (member.role, member.type) {
      case ("from", UInt8(ascii: "w")): from = member.ref
      case ("to", UInt8(ascii: "w")): to = member.ref
      case ("via", UInt8(ascii: "n")): via = member.ref
      case ("via", _): viaIsWay = true
      default: break
      }
    }
    guard !viaIsWay, let from, let via, let to else { return (nil, true) }
    return (OSMTurnRestriction(isMandatory: isMandatory, fromWay: from, viaNode: via, toWay: to), true)
  }
}
