import Foundation
import Hummingbird
import WasteRouting

/// An error answered as JSON: `{"error": {"code": ..., "field": ..., "id": ..., "message": ...}}`.
///
/// `field` is the JSON path of the offending value in the request body (`bins[3].readings[0].fill`, `$` for
/// the whole body), or the query parameter (`timeLimit`) or path segment (`id`) at fault; `id` is the id of
/// the bin, truck, depot, facility or fraction the path lies in, when there is one.
public struct APIError: Error, Sendable, Equatable, Codable, HTTPResponseError {
  /// The HTTP status.
  public var statusCode: Int
  /// A stable machine-readable name: the library error's case (`malformed`, `invalidValue`, ...) or one of
  /// the service's (`notFound`, `queueFull`, `bodyTooLarge`, `resultNotReady`, ...).
  public var code: String
  /// The JSON path, query parameter or path segment at fault, when there is one.
  public var field: String?
  /// The id of the object the field lies in, when there is one.
  public var id: String?
  /// One line for people.
  public var message: String

  /// Creates an error.
  public init(status: HTTPResponse.Status, code: String, field: String? = nil, id: String? = nil, message: String) {
    self.statusCode = status.code
    self.code = code
    self.field = field
    self.id = id
    self.message = message
  }

  /// The HTTP status.
  public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

  /// The error as the body of a failed job's status (same fields, no status).
  var details: JobError { JobError(code: code, field: field, id: id, message: message) }

  /// The JSON response.
  public func response(from request: Request, context: some RequestContext) throws -> Response {
    let body = JSONCoding.encode(ErrorEnvelope(error: details))
    var headers = HTTPFields()
    headers[.contentType] = "application/json; charset=utf-8"
    if status == .serviceUnavailable { headers[.retryAfter] = "5" }
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
  }

  private enum CodingKeys: String, CodingKey { case statusCode = "status", code, field, id, message }
}

/// The body of every error response.
struct ErrorEnvelope: Codable, Sendable {
  var error: JobError
}

/// What went wrong, as sent in an error response and in a failed job's status.
public struct JobError: Sendable, Equatable, Codable {
  /// A stable machine-readable name (see ``APIError/code``).
  public var code: String
  /// The JSON path at fault, when there is one.
  public var field: String?
  /// The id of the object the field lies in, when there is one.
  public var id: String?
  /// One line for people.
  public var message: String
}

// MARK: - From the library's errors

extension APIError {
  /// A scenario that cannot be read or planned: 400 when the body is not a scenario document at all, 422 when
  /// a field is missing, of the wrong type or breaks a rule; the field is the library's JSON path.
  init(_ error: ScenarioError) {
    let location = error.location
    let status: HTTPResponse.Status
    switch error {
    case .notJSON, .wrongFormat, .unsupportedVersion, .unreadable: status = .badRequest
    default: status = .unprocessableContent
    }
    self.init(
      status: status, code: error.code, field: location.path, id: location.id, message: error.description)
  }

  /// A plan that failed while running (recorded in the job's status).
  init(_ error: PlanningError) {
    switch error {
    case .scenario(let scenarioError):
      self.init(scenarioError)
      statusCode = HTTPResponse.Status.unprocessableContent.code
    case .problem:
      self.init(status: .internalServerError, code: "problem", message: error.description)
    case .solver:
      self.init(status: .unprocessableContent, code: "solver", message: error.description)
    case .noUsableTruck:
      self.init(status: .unprocessableContent, code: "noUsableTruck", field: "trucks", message: error.description)
    case .binsCannotBeServed:
      self.init(status: .unprocessableContent, code: "binsCannotBeServed", field: "bins", message: error.description)
    }
  }
}

extension APIError {
  /// A problem document that cannot be read: 400 when the body is not JSON, 422 naming the JSON path
  /// otherwise.
  init(_ error: ProblemJSONError) {
    let notJSON = error.path == "$" && error.message == "not valid JSON"
    // The problem reader writes `$.clients[2].demands`; the service names fields as scenarios do.
    var field = Substring(error.path)
    if field.hasPrefix("$.") { field = field.dropFirst(2) } else if field.hasPrefix("$[") { field = field.dropFirst() }
    self.init(
      status: notJSON ? .badRequest : .unprocessableContent, code: notJSON ? "notJSON" : "invalidProblem",
      field: String(field), message: "\(field): \(error.message)")
  }

  /// Events that cannot be read or do not fit the plan (422 naming the JSON path), or a re-plan that
  /// failed.
  init(_ error: ReplanError) {
    switch error {
    case .events(_, let path, let message):
      let field = Self.field(path)
      let notJSON = field == "$" && message == "not valid JSON"
      self.init(
        status: notJSON ? .badRequest : .unprocessableContent, code: notJSON ? "notJSON" : "invalidEvents",
        field: field, message: "\(field): \(message)")
    case .planMismatch(let reason):
      self.init(status: .unprocessableContent, code: "planMismatch", message: reason)
    case .planning(let error):
      self.init(error)
    }
  }

  /// A library JSON path in the service's style: `clients[2].demands` for `$.clients[2].demands`.
  static func field(_ path: String) -> String {
    if path.hasPrefix("$.") { return String(path.dropFirst(2)) }
    if path.hasPrefix("$[") { return String(path.dropFirst()) }
    return path
  }

  /// A solve that failed while running (recorded in the job's status).
  init(_ error: SolverError) {
    let code =
      switch error {
      case .unsupported: "unsupported"
      case .invalidInitialSolution: "invalidInitialSolution"
      case .noFeasibleSolution: "noFeasibleSolution"
      }
    self.init(status: .unprocessableContent, code: code, message: error.description)
  }
}

extension ScenarioError {
  /// The case's name, for ``APIError/code``.
  var code: String {
    switch self {
    case .unreadable: "unreadable"
    case .notJSON: "notJSON"
    case .wrongFormat: "wrongFormat"
    case .unsupportedVersion: "unsupportedVersion"
    case .malformed: "malformed"
    case .duplicateID: "duplicateID"
    case .unknownFraction: "unknownFraction"
    case .unknownDepot: "unknownDepot"
    case .invalidValue: "invalidValue"
    case .negativeFill: "negativeFill"
    case .absurdFill: "absurdFill"
    case .readingsOutOfOrder: "readingsOutOfOrder"
    case .noReadings: "noReadings"
    case .emptyFleet: "emptyFleet"
    case .disposalSiteTakesNoCarriedFraction: "disposalSiteTakesNoCarriedFraction"
    case .truckHasNoDisposalSite: "truckHasNoDisposalSite"
    case .truckTooSmall: "truckTooSmall"
    case .binTooLarge: "binTooLarge"
    case .roadNetwork: "roadNetwork"
    case .offNetwork: "offNetwork"
    case .disconnected: "disconnected"
    case .unreachable: "unreachable"
    }
  }
}

// MARK: - JSON

/// The service's JSON encoding: sorted keys, ISO 8601 dates.
enum JSONCoding {
  static func encode(_ value: some Encodable) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    // The service's own response types hold plain values only, so encoding cannot fail.
    return (try? encoder.encode(value)) ?? Data("{}".utf8)
  }
}
