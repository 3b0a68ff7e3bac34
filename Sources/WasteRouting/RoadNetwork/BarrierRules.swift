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
