/// Where in a scenario file a value sits: its JSON path and the id of the nearest enclosing object.
public struct ScenarioLocation: Sendable, Hashable, CustomStringConvertible {
  /// The JSON path, for example `bins[12].readings[3].fill`.
  public var path: String
  /// The `id` of the bin, truck, depot, facility or fraction the path lies in, when there is one.
  public var id: String?

  /// Creates a location.
  public init(_ path: String, id: String? = nil) {
    self.path = path
    self.id = id
  }

  /// `bins[12].readings[3].fill (id "B12")`.
  public var description: String { id.map { "\(path) (id \"\($0)\")" } ?? path }
}

/// Why a scenario cannot be planned. Every case names the JSON path and, where there is one, the id.
///
/// Nothing is written when a scenario fails: the planner checks everything before it solves.
public enum ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be read.
  case unreadable(file: String, reason: String)
  /// The text is not JSON.
  case notJSON(reason: String)
  /// The `format` field is not `waste-routing-scenario`.
  case wrongFormat(found: String?)
  /// The `version` is not one this library reads.
  case unsupportedVersion(found: Int?, supported: Int)
  /// A field is missing or has the wrong type or shape.
  case malformed(ScenarioLocation, reason: String)
  /// Two objects of the same list share an id.
  case duplicateID(ScenarioLocation, firstAt: String)
  /// A fraction id that ``Scenario/fractions`` does not list.
  case unknownFraction(ScenarioLocation, fraction: String)
  /// A depot id that ``Scenario/depots`` does not list.
  case unknownDepot(ScenarioLocation, depot: String)
  /// A number out of its range, a window that closes before it opens, or a similar impossible value.
  case invalidValue(ScenarioLocation, reason: String)
  /// A fill level below 0 %.
  case negativeFill(ScenarioLocation, value: Double)
  /// A fill level above the plausible maximum, percent.
  case absurdFill(ScenarioLocation, value: Double, limit: Double)
  /// A reading or emptying not strictly after the one before it, or after the planning day.
  case readingsOutOfOrder(ScenarioLocation)
  /// A bin without any fill reading.
  case noReadings(ScenarioLocation)
  /// The scenario has no truck.
  case emptyFleet
  /// A disposal facility that takes no fraction any truck carries.
  case disposalSiteTakesNoCarriedFraction(ScenarioLocation)
  /// A truck that no disposal facility can unload (none takes all its fractions).
  case truckHasNoDisposalSite(ScenarioLocation)
  /// A truck too small for even one full bin of the fractions it carries.
  case truckTooSmall(ScenarioLocation, capacityLitres: Double, smallestBinLitres: Double)
  /// A bin larger than every truck that carries its fraction.
  case binTooLarge(ScenarioLocation, capacityLitres: Double, largestTruckLitres: Double)
  /// The road network file could not be read.
  case roadNetwork(RoadNetworkError)
  /// A bin, depot or facility with no road a truck may use within the snapping distance.
  case offNetwork(ScenarioLocation, maximumDistance: Double)
  /// A bin on a road in a small fragment the rest of the network cannot reach or be reached from.
  case disconnected(ScenarioLocation)
  /// A depot or disposal facility the trucks cannot reach and leave (off the main road network).
  case unreachable(ScenarioLocation)

  /// The JSON path and id at fault.
  public var location: ScenarioLocation {
    switch self {
    case .unreadable, .notJSON: ScenarioLocation("$")
    case .wrongFormat: ScenarioLocation("format")
    case .unsupportedVersion: ScenarioLocation("version")
    case .emptyFleet: ScenarioLocation("trucks")
    case .roadNetwork: ScenarioLocation("roadNetwork.path")
    case .malformed(let at, _), .duplicateID(let at, _), .unknownFraction(let at, _),
      .unknownDepot(let at, _),
      .invalidValue(let at, _), .negativeFill(let at, _), .absurdFill(let at, _, _),
      .readingsOutOfOrder(let at),
      .noReadings(let at), .disposalSiteTakesNoCarriedFraction(let at), .truckHasNoDisposalSite(let at),
      .truckTooSmall(let at, _, _), .binTooLarge(let at, _, _), .offNetwork(let at, _), .disconnected(let at),
      .unreachable(let at):
      at
    }
  }

  /// One line naming the path, the id and the problem.
  public var description: String {
    switch self {
    case .unreadable(let file, let reason): "cannot read \(file): \(reason)"
    case .notJSON(let reason): "not JSON: \(reason)"
    case .wrongFormat(let found):
      "format: expected \"\(Scenario.formatName)\", found \(found.map { "\"\($0)\"" } ?? "nothing")"
    case .unsupportedVersion(let found, let supported):
      "version: \(found.map(String.init) ?? "missing"), this reader understands version \(supported)"
    case .malformed(let at, let reason): "\(at): \(reason)"
    case .duplicateID(let at, let first): "\(at): duplicate id, first used at \(first)"
    case .unknownFraction(let at, let fraction): "\(at): unknown fraction \"\(fraction)\""
    case .unknownDepot(let at, let depot): "\(at): unknown depot \"\(depot)\""
    case .invalidValue(let at, let reason): "\(at): \(reason)"
    case .negativeFill(let at, let value): "\(at): negative fill level \(value) %"
    case .absurdFill(let at, let value, let limit):
      "\(at): fill level \(value) % is above the plausible maximum of \(limit) %"
    case .readingsOutOfOrder(let at):
      "\(at): not after the previous entry (readings and emptyings must be in increasing time order, before the end of the planning day)"
    case .noReadings(let at): "\(at): the bin has no fill reading"
    case .emptyFleet: "trucks: the fleet is empty"
    case .disposalSiteTakesNoCarriedFraction(let at):
      "\(at): the facility takes no fraction any truck carries"
    case .truckHasNoDisposalSite(let at): "\(at): no disposal facility takes every fraction the truck carries"
    case .truckTooSmall(let at, let capacity, let smallest):
      "\(at): capacity \(capacity) L (or its weight limit) is too small for any bin it carries (smallest \(smallest) L)"
    case .binTooLarge(let at, let capacity, let largest):
      "\(at): the bin holds \(capacity) L, more than any truck carrying its fraction takes (largest \(largest) L)"
    case .roadNetwork(let error): "roadNetwork.path: \(error)"
    case .offNetwork(let at, let distance): "\(at): no road a truck may use within \(distance) m"
    case .disconnected(let at): "\(at): on a road fragment cut off from the rest of the network"
    case .unreachable(let at): "\(at): trucks cannot reach it and drive on (not on the main road network)"
    }
  }
}
