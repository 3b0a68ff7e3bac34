import Foundation
import Hummingbird
import Logging
import WasteRouting

/// The HTTP endpoints (described in `openapi.json`, served at `GET /openapi.json`).
///
/// - `POST /jobs?timeLimit=SECONDS&seed=N`: submit a scenario or a problem (told apart by their `format`);
///   202 with the job's status and a `Location`.
/// - `GET /jobs/{id}`: the job's status and progress.
/// - `GET /jobs/{id}/result`: the plan (`waste-routing-plan` JSON) or the solution (`waste-routing-solution`)
///   once there is one.
/// - `POST /jobs/{id}/events?timeLimit=SECONDS&seed=N&stabilityCost=C`: re-plan job `id`'s plan after the
///   events in the body; 202 with the new job, whose result is the new plan.
/// - `POST /jobs/{id}/cancel`: cancel a queued or running job (a running one keeps its best plan so far).
/// - `DELETE /jobs/{id}`: forget a finished job and its result.
/// - `GET /health`: the counters.
struct Routes: Sendable {
  let store: JobStore
  let configuration: ServiceConfiguration
  let dataFolder: DataFolder
  let openAPIDocument: Data

  func register(on router: Router<BasicRequestContext>) {
    router.get("openapi.json") { _, _ in
      Self.response(.ok, body: openAPIDocument)
    }
    router.get("health") { _, _ in
      Self.json(.ok, await store.statistics())
    }
    router.post("jobs") { request, context in
      try await submit(request, context: context)
    }
    router.get("jobs/:id") { _, context in
      let id = try Self.jobID(context)
      guard let snapshot = await store.snapshot(id) else { throw JobStore.notFound(id) }
      return Self.json(.ok, snapshot)
    }
    router.get("jobs/:id/result") { _, context in
      Self.response(.ok, body: try await store.result(Self.jobID(context)))
    }
    router.post("jobs/:id/events") { request, context in
      try await submitEvents(request, context: context)
    }
    router.post("jobs/:id/cancel") { _, context in
      let snapshot = try await store.cancel(Self.jobID(context))
      context.logger.info("cancel", metadata: ["job.id": "\(snapshot.id)", "job.status": "\(snapshot.status)"])
      return Self.json(.accepted, snapshot)
    }
    router.delete("jobs/:id") { _, context in
      try await store.forget(Self.jobID(context))
      return Response(status: .noContent)
    }
  }

  // MARK: - Submitting

  private func submit(_ request: Request, context: BasicRequestContext) async throws -> Response {
    let query = request.uri.queryParameters
    let solver = try solverConfiguration(timeLimit: query["timeLimit"], seed: query["seed"])
    let body = try await Self.collectBody(request, limit: configuration.maxBodyBytes)
    let input = try Self.input(body, dataFolder: dataFolder)
    let snapshot = try await store.submit(input, configuration: solver)
    context.logger.info(
      "job submitted",
      metadata: [
        "job.id": "\(snapshot.id)", "job.kind": "\(snapshot.kind.rawValue)", "job.timeLimit": "\(snapshot.timeLimitSeconds)",
        "job.queuePosition": "\(snapshot.queuePosition ?? 0)",
      ])
    var response = Self.json(.accepted, snapshot)
    response.headers[.location] = "/jobs/\(snapshot.id)"
    return response
  }

  /// A re-plan of an earlier job's plan after the events in the body, queued as a new job.
  private func submitEvents(_ request: Request, context: BasicRequestContext) async throws -> Response {
    let source = try Self.jobID(context)
    let query = request.uri.queryParameters
    let solver = try solverConfiguration(timeLimit: query["timeLimit"], seed: query["seed"])
    var stabilityCost = 0.0
    if let text = query["stabilityCost"] {
      guard let value = Double(text), value.isFinite, value >= 0 else {
        throw APIError(
          status: .badRequest, code: "invalidValue", field: "stabilityCost",
          message: "stabilityCost: \"\(text)\" is not a cost of 0 or more")
      }
      stabilityCost = value
    }
    let body = try await Self.collectBody(request, limit: configuration.maxBodyBytes)
    let base = try await store.replanBase(source)
    let events: ReplanEvents
    let plan: DailyPlan
    do {
      events = try ReplanEvents.decode(body, file: "body")
      try events.check(against: base.scenario, file: "body")
      _ = try events.applied(to: base.scenario, file: "body")
    } catch {
      throw APIError(error)
    }
    do {
      plan = try DailyPlan.decode(base.plan)
    } catch {
      throw APIError(status: .internalServerError, code: "internal", message: "the stored plan is unreadable: \(error)")
    }
    let input = ReplanInput(
      scenario: base.scenario, roadNetworkPath: base.roadNetworkPath, plan: plan, events: events,
      stabilityCost: stabilityCost, sourceJob: source)
    let snapshot = try await store.submit(.replan(input), configuration: solver)
    context.logger.info(
      "re-plan submitted",
      metadata: ["job.id": "\(snapshot.id)", "job.replans": "\(source)", "events": "\(events.events.count)"])
    var response = Self.json(.accepted, snapshot)
    response.headers[.location] = "/jobs/\(snapshot.id)"
    return response
  }

  /// The scenario or problem in `body`, told apart by its `format`, checked as the library checks files.
  private static func input(_ body: Data, dataFolder: DataFolder) throws(APIError) -> JobInput {
    let scenario: Scenario
    do {
      scenario = try Scenario.decode(body)
    } catch .wrongFormat(let found) where found == ProblemDocument.formatName {
      do {
        return .problem(try ProblemJSON.parse(body, fileName: "body"))
      } catch {
        throw APIError(error)
      }
    } catch .wrongFormat(let found) {
      throw APIError(
        status: .badRequest, code: "wrongFormat", field: "format",
        message: "format: expected \"\(Scenario.formatName)\" or \"\(ProblemDocument.formatName)\", found "
          + (found.map { "\"\($0)\"" } ?? "nothing"))
    } catch {
      throw APIError(error)
    }
    return .scenario(scenario, roadNetworkPath: try dataFolder.resolve(scenario.roadNetwork.path))
  }

  /// The search settings from the query: `timeLimit` (seconds, default and maximum from the configuration)
  /// and `seed`.
  private func solverConfiguration(
    timeLimit: Substring?, seed seedText: Substring?
  ) throws(APIError) -> SolverConfiguration {
    var seconds = configuration.defaultTimeLimitSeconds
    if let text = timeLimit {
      guard let value = Double(text), value.isFinite, value > 0, value <= configuration.maxTimeLimitSeconds else {
        throw APIError(
          status: .badRequest, code: "invalidValue", field: "timeLimit",
          message: "timeLimit: \"\(text)\" is not a number of seconds above 0 and at most \(configuration.maxTimeLimitSeconds)")
      }
      seconds = value
    }
    var seed: UInt64 = 1
    if let text = seedText {
      guard let value = UInt64(text) else {
        throw APIError(
          status: .badRequest, code: "invalidValue", field: "seed",
          message: "seed: \"\(text)\" is not a whole number from 0 to \(UInt64.max)")
      }
      seed = value
    }
    let milliseconds = max(1, Int64(seconds * 1_000))
    return SolverConfiguration(seed: seed, timeLimit: .milliseconds(milliseconds), threads: 1)
  }

  private static func collectBody(_ request: Request, limit: Int) async throws(APIError) -> Data {
    var request = request
    let buffer: ByteBuffer
    do {
      buffer = try await request.collectBody(upTo: limit)
    } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
      throw APIError(
        status: .contentTooLarge, code: "bodyTooLarge", field: "$",
        message: "the body is larger than \(limit) bytes")
    } catch {
      throw APIError(status: .badRequest, code: "unreadableBody", field: "$", message: "cannot read the body: \(error)")
    }
    guard buffer.readableBytes > 0 else {
      throw APIError(status: .badRequest, code: "emptyBody", field: "$", message: "the body is empty: send a scenario or a problem")
    }
    return Data(buffer.readableBytesView)
  }

  // MARK: - Responses

  private static func jobID(_ context: BasicRequestContext) throws(APIError) -> UUID {
    let text = context.parameters.get("id") ?? ""
    guard let id = UUID(uuidString: text) else {
      throw APIError(status: .notFound, code: "notFound", field: "id", message: "no job \(text)")
    }
    return id
  }

  static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
    response(status, body: JSONCoding.encode(value))
  }

  static func response(_ status: HTTPResponse.Status, body: Data) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
  }
}
