import Foundation

/// A solution read from a ``SolutionJSON`` file: the routes, and what the file says about them.
public struct SolutionDocument: Sendable, Equatable {
  /// The `instance` field, when present.
  public var instance: String?
  /// The routes, as visits of the problem the file was read for.
  public var solution: Solution
  /// The stated number of vehicles (`objective.vehicles`), never trusted, only compared.
  public var statedVehicles: Int?
  /// The stated total distance in reported units (`objective.distance`).
  public var statedDistance: Double?
  /// The stated total cost in reported units (`objective.cost`).
  public var statedCost: Double?

  /// Creates a document.
  public init(
    instance: String?, solution: Solution, statedVehicles: Int? = nil, statedDistance: Double? = nil,
    statedCost: Double? = nil
  ) {
    self.instance = instance
    self.solution = solution
    self.statedVehicles = statedVehicles
    self.statedDistance = statedDistance
    self.statedCost = statedCost
  }
}

/// Why a ``SolutionJSON`` file cannot be read: one line naming the file and the JSON path.
public struct SolutionJSONError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file name given to the reader.
  public let file: String
  /// The JSON path of the offending value (`$.routes[2].visits[5].kind`), or `$` for the whole file.
  public let path: String
  /// What is wrong, on one line.
  public let message: String

  /// Creates an error.
  public init(file: String, path: String, message: String) {
    self.file = file
    self.path = path
    self.message = message
  }

  /// `FILE: PATH: message`.
  public var description: String { "\(file): \(path): \(message)" }
}

extension SolutionJSON {
  /// Reads a solution file for `problem`.
  ///
  /// - Throws: ``SolutionJSONError`` naming the file and the JSON path of the offending value.
  public static func read(atPath path: String, problem: Problem) throws(SolutionJSONError) -> SolutionDocument
  {
    let fileName = (path as NSString).lastPathComponent
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let message = (error as NSError).localizedDescription.split(whereSeparator: \.isNewline).joined(
        separator: " ")
      throw SolutionJSONError(file: fileName, path: "$", message: "cannot read the file: \(message)")
    }
    return try parse(data, fileName: fileName, problem: problem)
  }

  /// Parses the text of a solution file for `problem`.
  ///
  /// Only the structure is taken: each route's `vehicleType` and its visits' `kind` and `index` or `id`
  /// (a client or disposal site named by both must agree), and each excluded client's `index` or `id`
  /// and `rule` (with `dimension` for `loadAboveCapacity`, whose demand and largest capacity are taken
  /// from the problem). Depot visits may open and close a route and are otherwise ignored; times, loads
  /// and totals are not read, except the stated objective. Versions 1 and 2 are read.
  ///
  /// - Throws: ``SolutionJSONError`` naming the file and the JSON path of the offending value.
  public static func parse(_ data: Data, fileName: String, problem: Problem) throws(SolutionJSONError)
    -> SolutionDocument
  {
    func fail(_ path: String, _ message: String) -> SolutionJSONError {
      SolutionJSONError(file: fileName, path: path, message: message)
    }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: data)
    } catch {
      throw translate(error, fileName: fileName)
    }
    guard header.format == formatName else {
      throw fail(
        "$.format", "expected \(string(formatName)), found \(header.format.map(string) ?? "nothing")")
    }
    guard let fileVersion = header.version, (versionWithoutExclusions...version).contains(fileVersion) else {
      throw fail(
        "$.version",
        "version \(header.version.map(String.init) ?? "missing") is not supported (expected \(versionWithoutExclusions) to \(version))"
      )
    }
    let document: Document
    do {
      document = try JSONDecoder().decode(Document.self, from: data)
    } catch {
      throw translate(error, fileName: fileName)
    }
    var clientsByName: [String: Int] = [:]
    for (index, client) in problem.clients.enumerated() {
      clientsByName[client.name] = clientsByName[client.name] == nil ? index : -1  // -1: ambiguous
    }
    var sitesByName: [String: Int] = [:]
    for (index, site) in problem.disposalSites.enumerated() {
      sitesByName[site.name] = sitesByName[site.name] == nil ? index : -1
    }
    var routes: [Route] = []
    for (r, route) in document.routes.enumerated() {
      let routePath = "$.routes[\(r)]"
      guard route.vehicleType >= 0 else {
        throw fail(routePath + ".vehicleType", "\(route.vehicleType) is not a vehicle type index (0 or more)")
      }
      var visits: [Visit] = []
      for (v, visit) in route.visits.enumerated() {
        let path = "\(routePath).visits[\(v)]"
        switch visit.kind {
        case "depot":
          guard v == 0 || v == route.visits.count - 1 else {
            throw fail(path + ".kind", "a depot visit may only open or close a route")
          }
        case "break":
          visits.append(.break)
        case "client":
          let index = try resolve(
            visit, path: path, what: "client", names: problem.clients.map(\.name), byName: clientsByName,
            fail: fail)
          visits.append(.client(index))
        case "disposal":
          let index = try resolve(
            visit, path: path, what: "disposal site", names: problem.disposalSites.map(\.name),
            byName: sitesByName, fail: fail)
          visits.append(.disposal(index))
        default:
          throw fail(path + ".kind", "\(string(visit.kind)) is not depot, client, disposal or break")
        }
      }
      routes.append(Route(vehicleType: route.vehicleType, visits: visits))
    }
    var excluded: [ExcludedClient] = []
    for (e, record) in (document.excluded ?? []).enumerated() {
      let path = "$.excluded[\(e)]"
      if let kind = record.kind, kind != "client" {
        throw fail(path + ".kind", "\(string(kind)) is not client")
      }
      let client = try resolve(
        VisitRecord(kind: "client", id: record.id, index: record.index), path: path, what: "client",
        names: problem.clients.map(\.name), byName: clientsByName, fail: fail)
      excluded.append(
        ExcludedClient(
          client: client, reason: try reason(record, client: client, problem: problem, path: path, fail: fail)
        ))
    }
    return SolutionDocument(
      instance: document.instance, solution: Solution(routes: routes, excludedClients: excluded),
      statedVehicles: document.objective?.vehicles,
      statedDistance: document.objective?.distance, statedCost: document.objective?.cost)
  }

  /// The index a client or disposal visit names, by `index`, by `id`, or both when they agree.
  private static func resolve(
    _ visit: VisitRecord, path: String, what: String, names: [String], byName: [String: Int],
    fail: (String, String) -> SolutionJSONError
  ) throws(SolutionJSONError) -> Int {
    if let index = visit.index {
      guard names.indices.contains(index) else {
        throw fail(path + ".index", "\(what) index \(index) does not exist (the instance has \(names.count))")
      }
      if let id = visit.id, id != names[index] {
        throw fail(
          path + ".id",
          "\(string(id)) does not match \(what) index \(index), which is \(string(names[index]))")
      }
      return index
    }
    guard let id = visit.id else { throw fail(path, "a \(what) visit needs an \"index\" or an \"id\"") }
    guard let index = byName[id] else { throw fail(path + ".id", "no \(what) is named \(string(id))") }
    guard index >= 0 else {
      throw fail(path + ".id", "several \(what)s are named \(string(id)); give an \"index\"")
    }
    return index
  }

  /// The exclusion reason a record names, with the numbers of `loadAboveCapacity` from the problem.
  private static func reason(
    _ record: ExcludedRecord, client: Int, problem: Problem, path: String,
    fail: (String, String) -> SolutionJSONError
  ) throws(SolutionJSONError) -> ExclusionReason {
    switch record.rule {
    case "noCompatibleVehicle": return .noCompatibleVehicle
    case "noDisposalSite": return .noDisposalSite
    case "windowUnreachable": return .windowUnreachable
    case "routeLimitExceeded": return .routeLimitExceeded
    case "notEnoughVehicles": return .notEnoughVehicles
    case "loadAboveCapacity":
      let dimension = record.dimension ?? 0
      guard dimension >= 0, dimension < Problem.maxDimensions else {
        throw fail(
          path + ".dimension", "\(dimension) is not a capacity dimension (0 to \(Problem.maxDimensions - 1))")
      }
      let demands = problem.clients[client].demands
      let types = problem.clients[client].allowedVehicleTypes ?? Array(problem.vehicleTypes.indices)
      let largest =
        types.compactMap { t -> Int64? in
          guard problem.vehicleTypes.indices.contains(t) else { return nil }
          let capacities = problem.vehicleTypes[t].capacities
          return dimension < capacities.count ? capacities[dimension] : 0
        }.max() ?? 0
      return .loadAboveCapacity(
        dimension: dimension, demand: dimension < demands.count ? demands[dimension] : 0,
        largestCapacity: largest)
    default:
      throw fail(
        path + ".rule",
        "\(string(record.rule)) is not an exclusion rule (noCompatibleVehicle, loadAboveCapacity, noDisposalSite, windowUnreachable, routeLimitExceeded, notEnoughVehicles)"
      )
    }
  }

  /// A decoding error as a path and a message.
  private static func translate(_ error: any Error, fileName: String) -> SolutionJSONError {
    func render(_ codingPath: [any CodingKey]) -> String {
      codingPath.reduce("$") { path, key in
        if let index = key.intValue { "\(path)[\(index)]" } else { "\(path).\(key.stringValue)" }
      }
    }
    guard let error = error as? DecodingError else {
      return SolutionJSONError(file: fileName, path: "$", message: "not valid JSON")
    }
    switch error {
    case .keyNotFound(let key, let context):
      return SolutionJSONError(file: fileName, path: render(context.codingPath + [key]), message: "missing")
    case .typeMismatch(let type, let context):
      return SolutionJSONError(
        file: fileName, path: render(context.codingPath), message: "expected \(describe(type))")
    case .valueNotFound(let type, let context):
      return SolutionJSONError(
        file: fileName, path: render(context.codingPath), message: "null where \(describe(type)) is needed")
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        return SolutionJSONError(file: fileName, path: "$", message: "not valid JSON")
      }
      return SolutionJSONError(file: fileName, path: render(context.codingPath), message: "invalid value")
    @unknown default:
      return SolutionJSONError(file: fileName, path: "$", message: "cannot be decoded")
    }
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type: "an integer"
    case is Double.Type: "a number"
    case is Bool.Type: "true or false"
    case is [RouteRecord].Type, is [VisitRecord].Type, is [ExcludedRecord].Type: "an array"
    default: "an object"
    }
  }

  // MARK: - Records

  private struct Header: Decodable {
    var format: String?
    var version: Int?
  }

  private struct Document: Decodable {
    var instance: String?
    var objective: Objective?
    var excluded: [ExcludedRecord]?
    var routes: [RouteRecord]
  }

  fileprivate struct ExcludedRecord: Decodable {
    var kind: String?
    var id: String?
    var index: Int?
    var rule: String
    var dimension: Int?
  }

  private struct Objective: Decodable {
    var vehicles: Int?
    var distance: Double?
    var cost: Double?
  }

  fileprivate struct RouteRecord: Decodable {
    var vehicleType: Int
    var visits: [VisitRecord]
  }

  fileprivate struct VisitRecord: Decodable {
    var kind: String
    var id: String?
    var index: Int?
  }
}
