/// The versioned JSON solution format of waste-routing: routes with every visit's times and loads, and
/// the clients left out with the rule that excludes each.
///
/// Version 1 (`"format": "waste-routing-solution", "version": 1`), for a solution that serves every client
/// it must:
///
/// ```json
/// {
///   "format": "waste-routing-solution",
///   "version": 1,
///   "instance": "102_stop",
///   "units": {"distance": "mi", "time": "s", "load": "yd3"},
///   "objective": {"vehicles": 3, "distance": 150.41, "cost": 568332.3, "feasible": true},
///   "routes": [
///     {
///       "vehicleType": 0,
///       "vehicleTypeName": "truck",
///       "distance": 51.2,
///       "duration": 30512.4,
///       "cost": 189445.1,
///       "visits": [
///         {"kind": "depot", "id": "0", "arrival": 21600, "start": 21600, "departure": 21600, "load": [0]},
///         {"kind": "client", "id": "3", "index": 0, "arrival": 22032.1, "start": 25200, "departure": 25380, "load": [12]},
///         {"kind": "break", "arrival": 39600, "start": 39600, "departure": 43200, "load": [12]},
///         {"kind": "disposal", "id": "1", "index": 0, "arrival": 44000, "start": 44000, "departure": 45600, "load": [0]},
///         {"kind": "depot", "id": "0", "arrival": 52112.4, "start": 52112.4, "departure": 52112.4, "load": [0]}
///       ]
///     }
///   ]
/// }
/// ```
///
/// - `instance`: the problem's name. `units` (optional) names the reported units, as free text.
/// - `objective`: the number of routes, the total distance and the total cost (``Problem/reportedCost(_:)``,
///   fixed costs and prizes of unvisited optional clients included), and whether the independent
///   evaluator found no violation.
/// - Each route: its vehicle type (index into ``Problem/vehicleTypes``, and name), distance, duration
///   (arrival at the end depot minus departure, waiting included) and cost, all in reported units.
/// - Each visit, depots included: `kind` (`depot`, `client`, `disposal` or `break`); `id` (the depot,
///   client or disposal site name; none for the break) and `index` (0-based into ``Problem/clients`` or
///   ``Problem/disposalSites``); `arrival`, `start` (of service, unloading or the break) and `departure`
///   in reported time units (``Problem/reportedTime(_:)``); `load`, on board after the visit, per
///   capacity dimension, divided by ``Units/loadScale``.
///
/// Times, loads, distances and costs are written for people and other tools; the reader only takes the
/// route structure (vehicle types and visits), the excluded clients and their rules, and the stated
/// objective; the evaluator recomputes everything else.
///
/// Version 2 extends version 1 with one field, written only when the solver left clients out
/// (``Solution/excludedClients``); a solution without exclusions is still written as version 1, so the
/// version is the lowest that reads the file and older readers keep reading every file they can
/// understand:
///
/// ```json
///   "excluded": [
///     {"kind": "client", "id": "17", "index": 16, "required": true, "rule": "loadAboveCapacity",
///      "dimension": 0, "demand": 12, "largestCapacity": 10,
///      "reason": "its load 1200 in capacity dimension 0 exceeds every compatible vehicle's capacity (at most 1000)"}
///   ]
/// ```
///
/// - Each entry: the client's `id` and `index` as for visits, whether it is `required`, the `rule`
///   (``ExclusionReason/rule``: `noCompatibleVehicle`, `loadAboveCapacity`, `noDisposalSite`,
///   `windowUnreachable`, `routeLimitExceeded`, `notEnoughVehicles`) and a `reason` sentence; for
///   `loadAboveCapacity` also the capacity `dimension` (0-based), the client's `demand` and the
///   `largestCapacity` of the vehicle types that may serve it, in written load units (divided by
///   ``Units/loadScale``). The reader takes the client and the rule, with the dimension; the numbers come
///   from the problem.
/// - `objective.feasible` is the evaluator's verdict, which accepts a required client listed here when
///   its rule holds (``SolutionEvaluator``).
public enum SolutionJSON {
  /// The value of `"format"`.
  public static let formatName = "waste-routing-solution"
  /// The newest version this library writes and reads (2: excluded clients); it reads versions 1 and 2.
  public static let version = 2
  /// The version of a file without excluded clients.
  public static let versionWithoutExclusions = 1

  /// What the reported numbers mean, written under `"units"`.
  public struct Units: Sendable, Hashable {
    /// The distance unit (for example `mi`), or `nil` to leave it out.
    public var distance: String?
    /// The time unit (for example `s`), or `nil`.
    public var time: String?
    /// The load unit after dividing by ``loadScale`` (for example `yd3`), or `nil`.
    public var load: String?
    /// Problem load units per written load unit (100 for loads kept in hundredths of a yard).
    public var loadScale: Int64

    /// Creates a unit description.
    public init(distance: String? = nil, time: String? = nil, load: String? = nil, loadScale: Int64 = 1) {
      self.distance = distance
      self.time = time
      self.load = load
      self.loadScale = max(loadScale, 1)
    }
  }

  /// The units of the problems ``WCVRPTW`` builds: miles, seconds and cubic yards.
  public static let wcvrptwUnits = Units(distance: "mi", time: "s", load: "yd3", loadScale: WCVRPTW.loadScale)

  /// The JSON text of `solution`, with the schedule and totals of
  /// ``SolutionEvaluator/evaluateInDetail(_:for:)``.
  ///
  /// Routes whose vehicle type does not exist are written without depots or times.
  public static func text(for solution: Solution, problem: Problem, units: Units = Units()) -> String {
    let evaluation = SolutionEvaluator.evaluateInDetail(solution, for: problem)
    var out = "{\n"
    out += "  \"format\": \(string(formatName)),\n"
    out += "  \"version\": \(solution.excludedClients.isEmpty ? versionWithoutExclusions : version),\n"
    out += "  \"instance\": \(string(problem.name)),\n"
    let unitFields = [("distance", units.distance), ("time", units.time), ("load", units.load)]
      .compactMap { key, value in value.map { "\(string(key)): \(string($0))" } }
    if !unitFields.isEmpty { out += "  \"units\": {\(unitFields.joined(separator: ", "))},\n" }
    out += "  \"objective\": {\"vehicles\": \(evaluation.vehicleCount), "
    out += "\"distance\": \(number(evaluation.distance, scale: problem.costScale)), "
    out += "\"cost\": \(number(evaluation.cost, scale: problem.costScale)), "
    out += "\"feasible\": \(evaluation.isFeasible)},\n"
    if !solution.excludedClients.isEmpty {
      out += "  \"excluded\": [\n"
      out += solution.excludedClients.map { "    " + excludedObject($0, problem: problem, units: units) }
        .joined(separator: ",\n")
      out += "\n  ],\n"
    }
    out += "  \"routes\": ["
    for (r, route) in evaluation.routes.enumerated() {
      out += r == 0 ? "\n" : ",\n"
      out += "    {\n"
      out += "      \"vehicleType\": \(route.vehicleType),\n"
      if problem.vehicleTypes.indices.contains(route.vehicleType) {
        out += "      \"vehicleTypeName\": \(string(problem.vehicleTypes[route.vehicleType].name)),\n"
      }
      out += "      \"distance\": \(number(route.distance, scale: problem.costScale)),\n"
      out += "      \"duration\": \(number(route.duration, scale: problem.timeScale)),\n"
      out += "      \"cost\": \(number(route.cost, scale: problem.costScale)),\n"
      out += "      \"visits\": ["
      var lines = route.visits.map { visitObject($0, problem: problem, units: units) }
      if route.visits.isEmpty {
        // No schedule (unknown vehicle type): keep the visits so the file still describes the route.
        lines = solution.routes[route.routeIndex].visits.map { bareVisitObject($0, problem: problem) }
      }
      out +=
        lines.isEmpty ? "]\n" : "\n" + lines.map { "        " + $0 }.joined(separator: ",\n") + "\n      ]\n"
      out += "    }"
    }
    out += evaluation.routes.isEmpty ? "]\n" : "\n  ]\n"
    out += "}\n"
    return out
  }

  /// Writes ``text(for:problem:units:)`` to `path` atomically.
  ///
  /// - Throws: ``FileWriteError`` when the file cannot be written.
  public static func write(
    _ solution: Solution, problem: Problem, units: Units = Units(), toPath path: String
  ) throws(FileWriteError) {
    try writeAtomically(text(for: solution, problem: problem, units: units), toPath: path)
  }

  // MARK: - Writing helpers

  private static func excludedObject(_ excluded: ExcludedClient, problem: Problem, units: Units) -> String {
    var fields = ["\"kind\": \"client\""]
    if problem.clients.indices.contains(excluded.client) {
      fields.append("\"id\": \(string(problem.clients[excluded.client].name))")
    }
    fields.append("\"index\": \(excluded.client)")
    if problem.clients.indices.contains(excluded.client) {
      fields.append("\"required\": \(problem.clients[excluded.client].isRequired)")
    }
    fields.append("\"rule\": \(string(excluded.reason.rule))")
    if case .loadAboveCapacity(let dimension, let demand, let largest) = excluded.reason {
      fields.append("\"dimension\": \(dimension)")
      fields.append("\"demand\": \(number(demand, scale: units.loadScale))")
      fields.append("\"largestCapacity\": \(number(largest, scale: units.loadScale))")
    }
    fields.append("\"reason\": \(string(excluded.reason.description))")
    return "{" + fields.joined(separator: ", ") + "}"
  }

  private static func visitObject(_ visit: ScheduledVisit, problem: Problem, units: Units) -> String {
    var fields: [String] = []
    switch visit.kind {
    case .startDepot(let depot), .endDepot(let depot):
      fields = ["\"kind\": \"depot\"", "\"id\": \(string(problem.depots[depot].name))"]
    case .client(let client):
      fields = [
        "\"kind\": \"client\"", "\"id\": \(string(problem.clients[client].name))", "\"index\": \(client)",
      ]
    case .disposal(let site):
      fields = [
        "\"kind\": \"disposal\"", "\"id\": \(string(problem.disposalSites[site].name))", "\"index\": \(site)",
      ]
    case .break:
      fields = ["\"kind\": \"break\""]
    }
    fields.append("\"arrival\": \(number(visit.arrival, scale: problem.timeScale))")
    fields.append("\"start\": \(number(visit.start, scale: problem.timeScale))")
    fields.append("\"departure\": \(number(visit.departure, scale: problem.timeScale))")
    let load = visit.load.map { number($0, scale: units.loadScale) }.joined(separator: ", ")
    fields.append("\"load\": [\(load)]")
    return "{" + fields.joined(separator: ", ") + "}"
  }

  private static func bareVisitObject(_ visit: Visit, problem: Problem) -> String {
    switch visit {
    case .client(let client):
      let id =
        problem.clients.indices.contains(client) ? ", \"id\": \(string(problem.clients[client].name))" : ""
      return "{\"kind\": \"client\"\(id), \"index\": \(client)}"
    case .disposal(let site):
      let id =
        problem.disposalSites.indices.contains(site)
        ? ", \"id\": \(string(problem.disposalSites[site].name))" : ""
      return "{\"kind\": \"disposal\"\(id), \"index\": \(site)}"
    case .break:
      return "{\"kind\": \"break\"}"
    }
  }

  /// `value / scale` as a JSON number: exact decimals when `scale` is a power of ten, otherwise the
  /// shortest decimal that reads back as the same `Double`.
  static func number(_ value: Int64, scale: Int64) -> String {
    if scale == 1 || value % scale == 0 { return String(value / scale) }
    var power: Int64 = 1
    var digits = 0
    while power < scale, power <= Int64.max / 10 {
      power *= 10
      digits += 1
    }
    if power == scale {
      let magnitude = value.magnitude
      let whole = magnitude / UInt64(scale)
      var fraction = String(magnitude % UInt64(scale))
      fraction = String(repeating: "0", count: digits - fraction.count) + fraction
      while fraction.hasSuffix("0") { fraction.removeLast() }
      return (value < 0 ? "-" : "") + "\(whole).\(fraction)"
    }
    return "\(Double(value) / Double(scale))"
  }

  /// `text` as a JSON string literal.
  static func string(_ text: String) -> String { MapText.json(text) }
}
