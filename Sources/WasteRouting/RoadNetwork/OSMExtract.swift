/// The raw content every reader produces: node positions, tagged ways and turn restrictions.
///
/// Readers keep only what a road graph needs (ways with a `highway` tag, `type=restriction` relations);
/// ``RoadNetworkBuilder`` applies the truck profile.
struct OSMExtract: Sendable {
  /// Node ids, parallel to `longitudes` and `latitudes`; nodes no kept way uses may be present.
  var nodeIDs: [Int64] = []
  /// Longitudes in degrees.
  var longitudes: [Double] = []
  /// Latitudes in degrees.
  var latitudes: [Double] = []
  /// Ways that carry a `highway` tag.
  var ways: [OSMWay] = []
  /// Turn restrictions with a via node.
  var restrictions: [OSMTurnRestriction] = []
  /// Restrictions this import cannot apply (via ways, missing members).
  var skippedRestrictionCount = 0
  /// Nodes with a barrier a truck cannot pass (bollards, blocks...): roads are cut there.
  var blockingBarriers: Set<Int64> = []

  mutating func appendNode(id: Int64, longitude: Double, latitude: Double) {
    nodeIDs.append(id)
    longitudes.append(longitude)
    latitudes.append(latitude)
  }
}

/// Which `barrier=*` nodes stop a truck.
enum BarrierRules {
  private static let blocking: Set<String> = [
    "bollard", "block", "jersey_barrier", "log", "rope", "chain", "kissing_gate", "stile", "turnstile",
    "full-height_turnstile", "motorcycle_barrier", "cycle_barrier", "fence", "wall", "planter", "bus_trap",
    "sump_buster", "height_restrictor", "debris",
  ]

  /// Whether a node with these tags blocks a truck: a blocking barrier type, unless its access tags let
  /// heavy or motor vehicles through (a removable bollard with `motor_vehicle=yes`, say).
  static func blocksTrucks(_ tags: [String: String]) -> Bool {
    guard let barrier = tags["barrier"], blocking.contains(barrier) else { return false }
    for key in ["hgv", "motor_vehicle", "vehicle", "access"] {
      if let value = tags[key] { return !["yes", "designated", "destination", "delivery"].contains(value) }
    }
    return true
  }
}

/// An OSM way: its id, node references and tags.
struct OSMWay: Sendable {
  var id: Int64
  var nodeRefs: [Int64]
  var tags: [String: String]
}

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
