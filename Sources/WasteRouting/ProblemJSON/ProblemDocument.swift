import Foundation

/// The versioned JSON form of a ``Problem``: what a service in another language, or a user whose problem
/// is neither a city scenario nor a benchmark file, hands to the library or to `waste-route solve`.
///
/// Version 1 (`"format": "waste-routing-problem", "version": 1`; the JSON Schema is
/// `schemas/problem.schema.json` in the repository). Fields with a default may be left out:
///
/// ```json
/// {
///   "format": "waste-routing-problem", "version": 1, "name": "small",
///   "costScale": 1, "timeScale": 1,
///   "depots": [{"name": "depot", "coordinate": {"x": 0, "y": 0}}],
///   "disposalSites": [{"name": "landfill", "coordinate": {"x": 40, "y": 0},
///                      "openingHours": {"earliest": 0, "latest": 36000}, "unloadDuration": 600}],
///   "clients": [{"name": "b1", "coordinate": {"x": 10, "y": 5}, "demands": [240, 30],
///                "serviceDuration": 60, "timeWindows": [{"earliest": 3600, "latest": 7200}],
///                "required": true, "prize": 0, "allowedVehicleTypes": [0]}],
///   "vehicleTypes": [{"name": "truck", "capacities": [1000, 400], "count": 2, "startDepot": 0,
///                     "endDepot": 0, "shift": {"earliest": 0, "latest": 36000},
///                     "breakRule": {"duration": 1800, "window": {"earliest": 14400, "latest": 18000}},
///                     "maxTotalLoad": 3000, "maxStops": 40, "allowedDisposalSites": [0],
///                     "fixedCost": 500, "unitDistanceCost": 1, "unitDurationCost": 0}],
///   "travel": {"metric": "euclidean", "distanceScale": 1, "speed": 1, "rounding": "nearest"}
/// }
/// ```
///
/// - Locations are numbered as in ``Problem``: depots, then disposal sites, then clients.
/// - Travel is given either as `"distances"` (and optionally `"durations"`, else the distances): square
///   arrays of arrays of non-negative integers, one row and one column per location; or as a `"travel"`
///   rule over the locations' coordinates (every location then needs one): ``TravelRule``.
/// - Client defaults: `demands` `[]` (nothing to load), `serviceDuration` 0, `timeWindows` `[]` (any time),
///   `required` true, `prize` 0, `allowedVehicleTypes` absent (every type). Disposal site defaults:
///   `openingHours` always, `unloadDuration` 0. Vehicle type defaults: `count` absent (unlimited),
///   `startDepot` and `endDepot` 0, `fixedCost` 0, `unitDistanceCost` 1, `unitDurationCost` 0, every
///   limit absent. `breakRule`: `duration`, `window`, and `maxDrivingBeforeBreak` for the driving-time
///   rule (see ``BreakRule``).
/// - Units are the problem's: integers for loads, times (for example seconds after midnight), distances and
///   costs; `costScale` and `timeScale` only say how many of them make one reported unit.
///
/// `ProblemDocument(problem)` always writes explicit matrices, so `problem()` of a decoded document gives
/// back the same problem; a document with a travel rule keeps its rule when encoded again. ``Problem``
/// itself is `Codable` through this form.
public struct ProblemDocument: Sendable, Hashable, Codable {
  /// The value of `"format"`.
  public static let formatName = "waste-routing-problem"
  /// The version this library writes and reads.
  public static let version = 1

  /// A rule that makes the matrices from the locations' coordinates.
  ///
  /// `distance[i][j]` is the metric between the coordinates of locations `i` and `j` times
  /// `distanceScale`, rounded; `duration[i][j]` is that unrounded distance divided by `speed` (distance
  /// units per time unit), rounded the same way.
  public struct TravelRule: Sendable, Hashable, Codable {
    /// How far apart two coordinates are.
    public enum Metric: String, Sendable, Hashable, Codable, CaseIterable {
      /// The straight line: √(Δx² + Δy²).
      case euclidean
      /// Along the axes: |Δx| + |Δy|.
      case manhattan
    }

    /// How a fractional distance or duration becomes an integer.
    public enum Rounding: String, Sendable, Hashable, Codable, CaseIterable {
      /// To the nearest integer, halves away from zero (TSPLIB's `nint`).
      case nearest
      /// Up, so that no travel is shorter than the geometry says.
      case up
    }

    /// The metric.
    public var metric: Metric
    /// Matrix distance units per coordinate unit (default 1).
    public var distanceScale: Double
    /// Matrix distance units per time unit (default 1).
    public var speed: Double
    /// The rounding of both matrices (default nearest).
    public var rounding: Rounding

    /// Creates a rule.
    public init(metric: Metric, distanceScale: Double = 1, speed: Double = 1, rounding: Rounding = .nearest) {
      self.metric = metric
      self.distanceScale = distanceScale
      self.speed = speed
      self.rounding = rounding
    }

    private enum CodingKeys: String, CodingKey { case metric, distanceScale, speed, rounding }

    /// Decodes a rule; `distanceScale` and `speed` default to 1, `rounding` to nearest.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      metric = try container.decode(Metric.self, forKey: .metric)
      distanceScale = try container.decodeIfPresent(Double.self, forKey: .distanceScale) ?? 1
      speed = try container.decodeIfPresent(Double.self, forKey: .speed) ?? 1
      rounding = try container.decodeIfPresent(Rounding.self, forKey: .rounding) ?? .nearest
    }
  }

  /// The problem's name.
  public var name: String
  /// Matrix units per reported cost unit (``Problem/costScale``).
  public var costScale: Int64
  /// Duration units per reported time unit (``Problem/timeScale``).
  public var timeScale: Int64
  /// The depots.
  public var depots: [Depot]
  /// The disposal sites.
  public var disposalSites: [DisposalSite]
  /// The clients.
  public var clients: [Client]
  /// The vehicle types.
  public var vehicleTypes: [VehicleType]
  /// Explicit distances, row by row, or `nil` with a ``travel`` rule.
  public var distances: [[Int64]]?
  /// Explicit durations, or `nil` (the distances, or the ``travel`` rule's).
  public var durations: [[Int64]]?
  /// The rule that makes the matrices from coordinates, or `nil` with explicit ``distances``.
  public var travel: TravelRule?

  /// Creates a document from its parts.
  public init(
    name: String, costScale: Int64 = 1, timeScale: Int64 = 1, depots: [Depot], disposalSites: [DisposalSite] = [],
    clients: [Client], vehicleTypes: [VehicleType], distances: [[Int64]]? = nil, durations: [[Int64]]? = nil,
    travel: TravelRule? = nil
  ) {
    self.name = name
    self.costScale = costScale
    self.timeScale = timeScale
    self.depots = depots
    self.disposalSites = disposalSites
    self.clients = clients
    self.vehicleTypes = vehicleTypes
    self.distances = distances
    self.durations = durations
    self.travel = travel
  }

  /// The document of a problem, with its matrices written out (durations only when they differ from the
  /// distances).
  public init(_ problem: Problem) {
    func rows(_ matrix: Matrix<Int64>) -> [[Int64]] {
      (0..<matrix.rowCount).map { i in
        Array(matrix.storage[(i * matrix.columnCount)..<((i + 1) * matrix.columnCount)])
      }
    }
    self.init(
      name: problem.name, costScale: problem.costScale, timeScale: problem.timeScale, depots: problem.depots,
      disposalSites: problem.disposalSites, clients: problem.clients, vehicleTypes: problem.vehicleTypes,
      distances: rows(problem.distances),
      durations: problem.durations == problem.distances ? nil : rows(problem.durations))
  }

  /// The validated problem the document describes.
  ///
  /// - Throws: ``ProblemJSONError`` naming the JSON path of the offending value (`fileName` is only
  ///   used in the error).
  public func problem(fileName: String = "problem.json") throws(ProblemJSONError) -> Problem {
    func fail(_ path: ProblemJSONPath, _ message: String) -> ProblemJSONError {
      ProblemJSONError(file: fileName, path: path.description, message: message)
    }
    let root = ProblemJSONPath()
    let locationCount = depots.count + disposalSites.count + clients.count
    let matrices: (distances: Matrix<Int64>, durations: Matrix<Int64>)
    switch (distances, travel) {
    case (nil, nil):
      throw fail(root, "give either \"distances\" (a matrix) or \"travel\" (a rule over coordinates)")
    case (.some, .some):
      throw fail(root.key("travel"), "give either \"distances\" or \"travel\", not both")
    case (let rows?, nil):
      let distanceMatrix = try Self.matrix(rows, path: root.key("distances"), size: locationCount, fail: fail)
      var durationMatrix = distanceMatrix
      if let durations {
        durationMatrix = try Self.matrix(durations, path: root.key("durations"), size: locationCount, fail: fail)
      }
      matrices = (distanceMatrix, durationMatrix)
    case (nil, let rule?):
      if durations != nil {
        throw fail(root.key("durations"), "durations come from the travel rule; give them with \"distances\" only")
      }
      matrices = try Self.matrices(rule, coordinates: coordinates(root: root, fail: fail), path: root.key("travel"), fail: fail)
    }
    try checkIndices(root: root, fail: fail)
    do {
      return try Problem(
        name: name, depots: depots, disposalSites: disposalSites, clients: clients, vehicleTypes: vehicleTypes,
        distances: matrices.distances, durations: matrices.durations, costScale: costScale, timeScale: timeScale)
    } catch {
      throw fail(path(of: error, root: root), error.description)
    }
  }

  // MARK: - Checks with JSON paths

  /// Every location's coordinate, in location order, for a travel rule.
  private func coordinates(root: ProblemJSONPath, fail: (ProblemJSONPath, String) -> ProblemJSONError) throws(ProblemJSONError)
    -> [Coordinate]
  {
    var result: [Coordinate] = []
    let lists: [(String, [Coordinate?])] = [
      ("depots", depots.map(\.coordinate)), ("disposalSites", disposalSites.map(\.coordinate)),
      ("clients", clients.map(\.coordinate)),
    ]
    for (key, list) in lists {
      for (k, coordinate) in list.enumerated() {
        guard let coordinate else {
          throw fail(root.key(key).index(k).key("coordinate"), "missing: a travel rule needs every location's coordinate")
        }
        result.append(coordinate)
      }
    }
    return result
  }

  /// The index fields that point nowhere, checked here so that the error names the exact path.
  private func checkIndices(root: ProblemJSONPath, fail: (ProblemJSONPath, String) -> ProblemJSONError) throws(ProblemJSONError) {
    for (t, type) in vehicleTypes.enumerated() {
      let path = root.key("vehicleTypes").index(t)
      for (key, depot) in [("startDepot", type.startDepot), ("endDepot", type.endDepot)]
      where !depots.indices.contains(depot) {
        throw fail(path.key(key), "depot \(depot) does not exist (there are \(depots.count))")
      }
      for (k, site) in (type.allowedDisposalSites ?? []).enumerated() where !disposalSites.indices.contains(site) {
        throw fail(
          path.key("allowedDisposalSites").index(k),
          "disposal site \(site) does not exist (there are \(disposalSites.count))")
      }
    }
    for (c, client) in clients.enumerated() {
      for (k, type) in (client.allowedVehicleTypes ?? []).enumerated() where !vehicleTypes.indices.contains(type) {
        throw fail(
          root.key("clients").index(c).key("allowedVehicleTypes").index(k),
          "vehicle type \(type) does not exist (there are \(vehicleTypes.count))")
      }
    }
  }

  /// A square matrix from rows, each of `size` non-negative entries.
  private static func matrix(
    _ rows: [[Int64]], path: ProblemJSONPath, size: Int, fail: (ProblemJSONPath, String) -> ProblemJSONError
  ) throws(ProblemJSONError) -> Matrix<Int64> {
    guard rows.count == size else {
      throw fail(path, "has \(rows.count) rows, expected one per location (\(size): depots, disposal sites, clients)")
    }
    var storage: [Int64] = []
    storage.reserveCapacity(size * size)
    for (i, row) in rows.enumerated() {
      guard row.count == size else { throw fail(path.index(i), "has \(row.count) entries, expected \(size)") }
      for (j, value) in row.enumerated() where value < 0 {
        throw fail(path.index(i).index(j), "is negative (\(value))")
      }
      storage.append(contentsOf: row)
    }
    return Matrix(unchecked: size, size, storage)
  }

  /// The matrices of a travel rule.
  private static func matrices(
    _ rule: TravelRule, coordinates: [Coordinate], path: ProblemJSONPath, fail: (ProblemJSONPath, String) -> ProblemJSONError
  ) throws(ProblemJSONError) -> (distances: Matrix<Int64>, durations: Matrix<Int64>) {
    guard rule.distanceScale.isFinite, rule.distanceScale > 0 else {
      throw fail(path.key("distanceScale"), "must be a positive number, not \(rule.distanceScale)")
    }
    guard rule.speed.isFinite, rule.speed > 0 else {
      throw fail(path.key("speed"), "must be a positive number, not \(rule.speed)")
    }
    let limit = Double(Problem.maxMatrixEntry)
    func rounded(_ value: Double) -> Int64? {
      let integer = rule.rounding == .up ? value.rounded(.up) : value.rounded(.toNearestOrAwayFromZero)
      return integer.isFinite && integer <= limit ? Int64(integer) : nil
    }
    let n = coordinates.count
    var distances = [Int64](repeating: 0, count: n * n)
    var durations = [Int64](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n where i != j {
        let dx = coordinates[i].x - coordinates[j].x
        let dy = coordinates[i].y - coordinates[j].y
        let metric = rule.metric == .euclidean ? (dx * dx + dy * dy).squareRoot() : abs(dx) + abs(dy)
        let distance = metric * rule.distanceScale
        guard let d = rounded(distance), let t = rounded(distance / rule.speed) else {
          throw fail(
            path, "the travel from location \(i) to \(j) exceeds \(Problem.maxMatrixEntry) units; scale it down")
        }
        distances[i * n + j] = d
        durations[i * n + j] = t
      }
    }
    return (Matrix(unchecked: n, n, distances), Matrix(unchecked: n, n, durations))
  }

  /// The path of the item a ``ProblemError`` names (found by its name), or of the field it names.
  private func path(of error: ProblemError, root: ProblemJSONPath) -> ProblemJSONPath {
    func client(_ name: String) -> ProblemJSONPath? {
      clients.firstIndex { $0.name == name }.map { root.key("clients").index($0) }
    }
    func site(_ name: String) -> ProblemJSONPath? {
      disposalSites.firstIndex { $0.name == name }.map { root.key("disposalSites").index($0) }
    }
    func type(_ name: String) -> ProblemJSONPath? {
      vehicleTypes.firstIndex { $0.name == name }.map { root.key("vehicleTypes").index($0) }
    }
    func owner(_ text: String) -> ProblemJSONPath? {
      for (prefix, find) in [("client ", client), ("disposal site ", site), ("vehicle type ", type)]
      where text.hasPrefix(prefix) {
        let name = String(text.dropFirst(prefix.count))
        if let path = find(name) { return path }
        // "vehicle type X shift" and "vehicle type X break".
        for suffix in [" shift", " break"] where name.hasSuffix(suffix) {
          if let path = find(String(name.dropLast(suffix.count))) {
            return path.key(suffix == " shift" ? "shift" : "breakRule")
          }
        }
      }
      return nil
    }
    switch error {
    case .noDepot: return root.key("depots")
    case .noVehicleType: return root.key("vehicleTypes")
    case .matrixSize(let matrix, _, _, _), .negativeMatrixEntry(let matrix, _, _, _):
      return root.key(matrix == "distance" ? "distances" : "durations")
    case .negativeDemand(let name, _): return client(name)?.key("demands") ?? root
    case .negativeServiceDuration(let name, _): return client(name)?.key("serviceDuration") ?? root
    case .negativeCapacity(let name, _): return type(name)?.key("capacities") ?? root
    case .invalidVehicleCount(let name, _): return type(name)?.key("count") ?? root
    case .depotOutOfRange(let name, _), .noDisposalSiteOpen(let name), .breakDoesNotFit(let name):
      return type(name) ?? root
    case .negativeLimit(let name, _, _): return type(name) ?? root
    case .invalidCostScale: return root.key("costScale")
    case .invalidTimeScale: return root.key("timeScale")
    case .nonFiniteCoordinate(let name):
      return (client(name) ?? site(name) ?? depots.firstIndex { $0.name == name }.map { root.key("depots").index($0) })?
        .key("coordinate") ?? root
    case .invalidTimeWindow(let name, _, _):
      return client(name)?.key("timeWindows") ?? site(name)?.key("openingHours") ?? owner(name) ?? root
    case .indexOutOfRange(let name, _, _), .negativeValue(let name, _, _), .tooManyDimensions(let name, _, _),
      .valueOutOfRange(let name, _, _, _):
      return owner(name) ?? root
    case .costsTooLarge: return root
    }
  }

  // MARK: - Codable

  private enum CodingKeys: String, CodingKey {
    case format, version, name, costScale, timeScale, depots, disposalSites, clients, vehicleTypes, distances,
      durations, travel
  }

  /// Decodes a version 1 document, filling in the documented defaults.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try container.checkDocumentHeader(format: .format, name: Self.formatName, version: .version, version: Self.version)
    name = try container.decodeIfPresent(String.self, forKey: .name) ?? "problem"
    costScale = try container.decodeIfPresent(Int64.self, forKey: .costScale) ?? 1
    timeScale = try container.decodeIfPresent(Int64.self, forKey: .timeScale) ?? 1
    depots = try container.decode([DepotRecord].self, forKey: .depots).map(\.depot)
    disposalSites = try container.decodeIfPresent([SiteRecord].self, forKey: .disposalSites)?.map(\.site) ?? []
    clients = try container.decode([ClientRecord].self, forKey: .clients).map(\.client)
    vehicleTypes = try container.decode([VehicleTypeRecord].self, forKey: .vehicleTypes).map(\.vehicleType)
    distances = try container.decodeIfPresent([[Int64]].self, forKey: .distances)
    durations = try container.decodeIfPresent([[Int64]].self, forKey: .durations)
    travel = try container.decodeIfPresent(TravelRule.self, forKey: .travel)
  }

  /// Encodes the document with its format and version; absent optional fields are left out.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.formatName, forKey: .format)
    try container.encode(Self.version, forKey: .version)
    try container.encode(name, forKey: .name)
    try container.encode(costScale, forKey: .costScale)
    try container.encode(timeScale, forKey: .timeScale)
    try container.encode(depots.map(DepotRecord.init), forKey: .depots)
    try container.encode(disposalSites.map(SiteRecord.init), forKey: .disposalSites)
    try container.encode(clients.map(ClientRecord.init), forKey: .clients)
    try container.encode(vehicleTypes.map(VehicleTypeRecord.init), forKey: .vehicleTypes)
    try container.encodeIfPresent(distances, forKey: .distances)
    try container.encodeIfPresent(durations, forKey: .durations)
    try container.encodeIfPresent(travel, forKey: .travel)
  }
}

// MARK: - Records with the documented keys and defaults

private struct DepotRecord: Codable {
  var depot: Depot
  init(_ depot: Depot) { self.depot = depot }
  private enum CodingKeys: String, CodingKey { case name, coordinate }
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    depot = Depot(
      name: try c.decode(String.self, forKey: .name), coordinate: try c.decodeIfPresent(Coordinate.self, forKey: .coordinate))
  }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(depot.name, forKey: .name)
    try c.encodeIfPresent(depot.coordinate, forKey: .coordinate)
  }
}

private struct SiteRecord: Codable {
  var site: DisposalSite
  init(_ site: DisposalSite) { self.site = site }
  private enum CodingKeys: String, CodingKey { case name, coordinate, openingHours, unloadDuration }
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    site = DisposalSite(
      name: try c.decode(String.self, forKey: .name),
      coordinate: try c.decodeIfPresent(Coordinate.self, forKey: .coordinate),
      openingHours: try c.decodeIfPresent(TimeWindow.self, forKey: .openingHours) ?? .always,
      unloadDuration: try c.decodeIfPresent(Int64.self, forKey: .unloadDuration) ?? 0)
  }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(site.name, forKey: .name)
    try c.encodeIfPresent(site.coordinate, forKey: .coordinate)
    try c.encode(site.openingHours, forKey: .openingHours)
    try c.encode(site.unloadDuration, forKey: .unloadDuration)
  }
}

private struct ClientRecord: Codable {
  var client: Client
  init(_ client: Client) { self.client = client }
  private enum CodingKeys: String, CodingKey {
    case name, coordinate, demands, serviceDuration, timeWindows, required, prize, allowedVehicleTypes
  }
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    client = Client(
      name: try c.decode(String.self, forKey: .name),
      coordinate: try c.decodeIfPresent(Coordinate.self, forKey: .coordinate),
      demands: try c.decodeIfPresent([Int64].self, forKey: .demands) ?? [],
      serviceDuration: try c.decodeIfPresent(Int64.self, forKey: .serviceDuration) ?? 0,
      timeWindows: try c.decodeIfPresent([TimeWindow].self, forKey: .timeWindows) ?? [],
      isRequired: try c.decodeIfPresent(Bool.self, forKey: .required) ?? true,
      prize: try c.decodeIfPresent(Int64.self, forKey: .prize) ?? 0,
      allowedVehicleTypes: try c.decodeIfPresent([Int].self, forKey: .allowedVehicleTypes))
  }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(client.name, forKey: .name)
    try c.encodeIfPresent(client.coordinate, forKey: .coordinate)
    try c.encode(client.demands, forKey: .demands)
    try c.encode(client.serviceDuration, forKey: .serviceDuration)
    try c.encode(client.timeWindows, forKey: .timeWindows)
    try c.encode(client.isRequired, forKey: .required)
    try c.encode(client.prize, forKey: .prize)
    try c.encodeIfPresent(client.allowedVehicleTypes, forKey: .allowedVehicleTypes)
  }
}

private struct BreakRuleRecord: Codable {
  var rule: BreakRule
  init(_ rule: BreakRule) { self.rule = rule }
  private enum CodingKeys: String, CodingKey { case duration, window, maxDrivingBeforeBreak }
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    rule = BreakRule(
      duration: try c.decode(Int64.self, forKey: .duration),
      window: try c.decodeIfPresent(TimeWindow.self, forKey: .window) ?? .always,
      maxDrivingBeforeBreak: try c.decodeIfPresent(Int64.self, forKey: .maxDrivingBeforeBreak))
  }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(rule.duration, forKey: .duration)
    try c.encode(rule.window, forKey: .window)
    try c.encodeIfPresent(rule.maxDrivingBeforeBreak, forKey: .maxDrivingBeforeBreak)
  }
}

private struct VehicleTypeRecord: Codable {
  var vehicleType: VehicleType
  init(_ vehicleType: VehicleType) { self.vehicleType = vehicleType }
  private enum CodingKeys: String, CodingKey {
    case name, capacities, count, startDepot, endDepot, maxDuration, maxDistance, shift, breakRule, maxTotalLoad,
      maxStops, allowedDisposalSites, fixedCost, unitDistanceCost, unitDurationCost
  }
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    vehicleType = VehicleType(
      name: try c.decodeIfPresent(String.self, forKey: .name) ?? "vehicle",
      capacities: try c.decode([Int64].self, forKey: .capacities),
      count: try c.decodeIfPresent(Int.self, forKey: .count),
      startDepot: try c.decodeIfPresent(Int.self, forKey: .startDepot) ?? 0,
      endDepot: try c.decodeIfPresent(Int.self, forKey: .endDepot) ?? 0,
      maxDuration: try c.decodeIfPresent(Int64.self, forKey: .maxDuration),
      maxDistance: try c.decodeIfPresent(Int64.self, forKey: .maxDistance),
      shift: try c.decodeIfPresent(TimeWindow.self, forKey: .shift),
      breakRule: try c.decodeIfPresent(BreakRuleRecord.self, forKey: .breakRule)?.rule,
      maxTotalLoad: try c.decodeIfPresent(Int64.self, forKey: .maxTotalLoad),
      maxStops: try c.decodeIfPresent(Int.self, forKey: .maxStops),
      allowedDisposalSites: try c.decodeIfPresent([Int].self, forKey: .allowedDisposalSites),
      fixedCost: try c.decodeIfPresent(Int64.self, forKey: .fixedCost) ?? 0,
      unitDistanceCost: try c.decodeIfPresent(Int64.self, forKey: .unitDistanceCost) ?? 1,
      unitDurationCost: try c.decodeIfPresent(Int64.self, forKey: .unitDurationCost) ?? 0)
  }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let type = vehicleType
    try c.encode(type.name, forKey: .name)
    try c.encode(type.capacities, forKey: .capacities)
    try c.encodeIfPresent(type.count, forKey: .count)
    try c.encode(type.startDepot, forKey: .startDepot)
    try c.encode(type.endDepot, forKey: .endDepot)
    try c.encodeIfPresent(type.maxDuration, forKey: .maxDuration)
    try c.encodeIfPresent(type.maxDistance, forKey: .maxDistance)
    try c.encodeIfPresent(type.shift, forKey: .shift)
    try c.encodeIfPresent(type.breakRule.map(BreakRuleRecord.init), forKey: .breakRule)
    try c.encodeIfPresent(type.maxTotalLoad, forKey: .maxTotalLoad)
    try c.encodeIfPresent(type.maxStops, forKey: .maxStops)
    try c.encodeIfPresent(type.allowedDisposalSites, forKey: .allowedDisposalSites)
    try c.encode(type.fixedCost, forKey: .fixedCost)
    try c.encode(type.unitDistanceCost, forKey: .unitDistanceCost)
    try c.encode(type.unitDurationCost, forKey: .unitDurationCost)
  }
}
