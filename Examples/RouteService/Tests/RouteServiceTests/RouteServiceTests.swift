import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WasteRouting

@testable import RouteService

// MARK: - Fixtures

/// The library's small test town: three bins, one truck, an OSM XML road network beside the scenario.
enum SmallCity {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .appendingPathComponent("../../../../Tests/WasteRoutingTests/Fixtures/planning")
    .standardizedFileURL.path

  static var scenario: Data {
    get throws { try Data(contentsOf: URL(fileURLWithPath: folder + "/small-city.scenario.json")) }
  }

  /// The scenario with `change` applied to its JSON object.
  static func scenario(_ change: (inout [String: Any]) -> Void) throws -> Data {
    var object = try #require(try JSONSerialization.jsonObject(with: scenario) as? [String: Any])
    change(&object)
    return try JSONSerialization.data(withJSONObject: object)
  }
}

/// The library's small problem document: two depots' worth of bins, a landfill, coordinates.
enum SmallProblem {
  static let path = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .appendingPathComponent("../../../../fixtures/problems/small.problem.json")
    .standardizedFileURL.path

  static var document: Data {
    get throws { try Data(contentsOf: URL(fileURLWithPath: path)) }
  }

  /// The document with `change` applied to its JSON object.
  static func document(_ change: (inout [String: Any]) -> Void) throws -> Data {
    var object = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
    change(&object)
    return try JSONSerialization.data(withJSONObject: object)
  }
}

/// Runs `test` against the service's router, with the job runner running.
func withService<Value: Sendable>(
  _ configuration: ServiceConfiguration = ServiceConfiguration(dataFolder: SmallCity.folder),
  store: JobStore? = nil,
  _ test: @Sendable (any TestClientProtocol) async throws -> Value
) async throws -> Value {
  var logger = Logger(label: "route-service-test")
  logger.logLevel = .warning
  let application = try RouteService.application(configuration: configuration, store: store, logger: logger)
  return try await application.test(.router, test)
}

extension TestClientProtocol {
  func submit(
    _ body: Data, query: String = "timeLimit=0.3", path: String? = nil
  ) async throws -> (status: HTTPResponse.Status, job: JobSnapshot?, error: JobError?, location: String?) {
    try await execute(uri: path ?? "/jobs?\(query)", method: .post, body: ByteBuffer(bytes: body)) { response in
      let data = Data(response.body.readableBytesView)
      return (
        response.status, try? decoder.decode(JobSnapshot.self, from: data),
        try? decoder.decode(ErrorEnvelope.self, from: data).error, response.headers[.location]
      )
    }
  }

  func job(_ id: UUID) async throws -> JobSnapshot {
    try await execute(uri: "/jobs/\(id)", method: .get) { response in
      #expect(response.status == .ok)
      return try decoder.decode(JobSnapshot.self, from: Data(response.body.readableBytesView))
    }
  }

  /// Polls until `condition` holds, at most `seconds`; returns the last snapshot.
  func poll(
    _ id: UUID, seconds: Double = 30, until condition: (JobSnapshot) -> Bool
  ) async throws -> JobSnapshot {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
    var snapshot = try await job(id)
    while !condition(snapshot) && ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(20))
      snapshot = try await job(id)
    }
    return snapshot
  }

  func cancel(_ id: UUID) async throws -> JobSnapshot {
    try await execute(uri: "/jobs/\(id)/cancel", method: .post) { response in
      #expect(response.status == .accepted)
      return try decoder.decode(JobSnapshot.self, from: Data(response.body.readableBytesView))
    }
  }

  func statistics() async throws -> ServiceStatistics {
    try await execute(uri: "/health", method: .get) { response in
      try decoder.decode(ServiceStatistics.self, from: Data(response.body.readableBytesView))
    }
  }
}

let decoder: JSONDecoder = {
  let decoder = JSONDecoder()
  decoder.dateDecodingStrategy = .iso8601
  return decoder
}()

// MARK: - Tests

@Suite("Route service")
struct RouteServiceTests {
  @Test("submit, poll, fetch the plan, forget")
  func submitPollFetch() async throws {
    let body = try SmallCity.scenario
    try await withService { client in
      let submitted = try await client.submit(body, query: "timeLimit=0.3&seed=7")
      #expect(submitted.status == .accepted)
      let job = try #require(submitted.job)
      #expect(submitted.location == "/jobs/\(job.id)")
      #expect(job.kind == .scenario && job.seed == 7 && job.timeLimitSeconds == 0.3)
      #expect(job.status == .queued || job.status == .running)

      let done = try await client.poll(job.id) { $0.status.isFinished }
      #expect(done.status == .succeeded)
      #expect(done.resultAvailable && done.objective != nil && done.error == nil)
      #expect(done.progress?.stage == "finished")
      #expect(done.startedAt != nil && done.finishedAt != nil)

      try await client.execute(uri: "/jobs/\(job.id)/result", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        let plan = try DailyPlan.decode(Data(response.body.readableBytesView))
        #expect(plan.scenario == "Small city")
        #expect(plan.settings.seed == 7)
        #expect(plan.settings.objective == done.objective)
        #expect(plan.bins.count == 3)
      }
      try await client.execute(uri: "/jobs/\(job.id)", method: .delete) { #expect($0.status == .noContent) }
      try await client.execute(uri: "/jobs/\(job.id)", method: .get) { response in
        #expect(response.status == .notFound)
        let error = try decoder.decode(ErrorEnvelope.self, from: Data(response.body.readableBytesView)).error
        #expect(error.code == "notFound" && error.field == "id")
      }
    }
  }

  /// A body, the status it must get and the field its JSON error must name.
  struct Malformed: Sendable, CustomTestStringConvertible {
    var name: String
    var body: @Sendable () throws -> Data
    var query = "timeLimit=0.3"
    var status: HTTPResponse.Status
    var code: String
    var field: String
    var id: String?
    var testDescription: String { name }
  }

  static let malformed: [Malformed] = [
    Malformed(name: "not JSON", body: { Data("{\"format\": ".utf8) }, status: .badRequest, code: "notJSON", field: "$"),
    Malformed(name: "empty body", body: { Data() }, status: .badRequest, code: "emptyBody", field: "$"),
    Malformed(name: "a JSON list", body: { Data("[1, 2]".utf8) }, status: .unprocessableContent, code: "malformed", field: "$"),
    Malformed(
      name: "a plan, not a scenario", body: { try SmallCity.scenario { $0["format"] = "waste-routing-plan" } },
      status: .badRequest, code: "wrongFormat", field: "format"),
    Malformed(
      name: "unknown version", body: { try SmallCity.scenario { $0["version"] = 9 } },
      status: .badRequest, code: "unsupportedVersion", field: "version"),
    Malformed(
      name: "missing trucks", body: { try SmallCity.scenario { $0["trucks"] = nil } },
      status: .unprocessableContent, code: "malformed", field: "trucks"),
    Malformed(
      name: "fill of the wrong type",
      body: {
        try SmallCity.scenario { object in
          var bins = object["bins"] as! [[String: Any]]
          var readings = bins[1]["readings"] as! [[String: Any]]
          readings[0]["fill"] = "full"
          bins[1]["readings"] = readings
          object["bins"] = bins
        }
      },
      status: .unprocessableContent, code: "malformed", field: "bins[1].readings[0].fill", id: "B"),
    Malformed(
      name: "negative fill",
      body: {
        try SmallCity.scenario { object in
          var bins = object["bins"] as! [[String: Any]]
          var readings = bins[0]["readings"] as! [[String: Any]]
          readings[1]["fill"] = -5
          bins[0]["readings"] = readings
          object["bins"] = bins
        }
      },
      status: .unprocessableContent, code: "negativeFill", field: "bins[0].readings[1].fill", id: "A"),
    Malformed(
      name: "unknown depot",
      body: {
        try SmallCity.scenario { object in
          var trucks = object["trucks"] as! [[String: Any]]
          trucks[0]["depot"] = "nowhere"
          object["trucks"] = trucks
        }
      },
      status: .unprocessableContent, code: "unknownDepot", field: "trucks[0].depot"),
    Malformed(
      name: "road network outside the data folder",
      body: { try roadNetwork("../../../../../../etc/passwd") },
      status: .unprocessableContent, code: "pathOutsideDataFolder", field: "roadNetwork.path"),
    Malformed(
      name: "absolute road network path", body: { try roadNetwork(SmallCity.folder + "/small-city.osm") },
      status: .unprocessableContent, code: "pathOutsideDataFolder", field: "roadNetwork.path"),
    Malformed(
      name: "missing road network", body: { try roadNetwork("no-such-city.osm.pbf") },
      status: .unprocessableContent, code: "roadNetworkNotFound", field: "roadNetwork.path"),
    Malformed(
      name: "road network path not a string", body: { try roadNetwork(42) },
      status: .unprocessableContent, code: "malformed", field: "roadNetwork.path"),
    Malformed(
      name: "time limit not a number", body: { try SmallCity.scenario }, query: "timeLimit=soon",
      status: .badRequest, code: "invalidValue", field: "timeLimit"),
    Malformed(
      name: "time limit too long", body: { try SmallCity.scenario }, query: "timeLimit=100000",
      status: .badRequest, code: "invalidValue", field: "timeLimit"),
    Malformed(
      name: "negative seed", body: { try SmallCity.scenario }, query: "seed=-3",
      status: .badRequest, code: "invalidValue", field: "seed"),
  ]

  static let malformedProblems: [Malformed] = [
    Malformed(
      name: "problem without clients", body: { try SmallProblem.document { $0["clients"] = nil } },
      status: .unprocessableContent, code: "invalidProblem", field: "clients"),
    Malformed(
      name: "problem with a demand of the wrong type",
      body: {
        try SmallProblem.document { object in
          var clients = object["clients"] as! [[String: Any]]
          clients[1]["demands"] = "heavy"
          object["clients"] = clients
        }
      },
      status: .unprocessableContent, code: "invalidProblem", field: "clients[1].demands"),
    Malformed(
      name: "problem of an unknown version", body: { try SmallProblem.document { $0["version"] = 7 } },
      status: .unprocessableContent, code: "invalidProblem", field: "version"),
    Malformed(
      name: "neither a scenario nor a problem", body: { try SmallProblem.document { $0["format"] = "gpx" } },
      status: .badRequest, code: "wrongFormat", field: "format"),
  ]

  static func roadNetwork(_ path: Any) throws -> Data {
    try SmallCity.scenario { object in
      var source = object["roadNetwork"] as! [String: Any]
      source["path"] = path
      object["roadNetwork"] = source
    }
  }

  @Test(
    "every malformed body or parameter gets a 4xx and a JSON error naming the field",
    arguments: malformed + malformedProblems)
  func malformedBody(_ example: Malformed) async throws {
    let body = try example.body()
    try await withService { client in
      let answer = try await client.submit(body, query: example.query)
      #expect(answer.status == example.status)
      let error = try #require(answer.error)
      #expect(error.code == example.code)
      #expect(error.field == example.field)
      if let id = example.id { #expect(error.id == id) }
      #expect(!error.message.isEmpty)
      #expect(answer.job == nil)
      #expect(try await client.statistics().submitted == 0)
    }
  }

  @Test("submit a problem, poll, fetch a solution the evaluator accepts")
  func submitProblem() async throws {
    let body = try SmallProblem.document
    let problem = try ProblemJSON.read(atPath: SmallProblem.path)
    try await withService { client in
      let job = try #require(try await client.submit(body, query: "timeLimit=0.3").job)
      #expect(job.kind == .problem)
      let done = try await client.poll(job.id) { $0.status.isFinished }
      #expect(done.status == .succeeded && done.resultAvailable)
      #expect(done.progress?.stage == "finished")
      try await client.execute(uri: "/jobs/\(job.id)/result", method: .get) { response in
        #expect(response.status == .ok)
        let data = Data(response.body.readableBytesView)
        let document = try SolutionJSON.parse(data, fileName: "result.json", problem: problem)
        let evaluation = SolutionEvaluator.evaluate(document.solution, for: problem)
        #expect(evaluation.isFeasible)
        #expect(problem.reportedCost(evaluation.cost) == done.objective)
      }
    }
  }

  @Test("post re-planning events to a planned job: a new job re-plans it; bad events name the field")
  func replan() async throws {
    let body = try SmallCity.scenario
    let events = Data(
      #"""
      {"format": "waste-routing-events", "version": 1, "now": "2026-11-27T05:50:00Z",
       "events": [{"time": "2026-11-27T05:40:00Z", "kind": "binsCancelled", "bins": ["A"]}]}
      """#.utf8)
    let unknownTruck = Data(
      #"""
      {"format": "waste-routing-events", "version": 1, "now": "2026-11-27T06:30:00Z",
       "events": [{"time": "2026-11-27T06:10:00Z", "kind": "truckOutOfService", "truck": "T9"}]}
      """#.utf8)
    try await withService { client in
      let morning = try #require(try await client.submit(body).job)
      let planned = try await client.poll(morning.id) { $0.status.isFinished }
      #expect(planned.status == .succeeded)
      try await client.execute(uri: "/jobs/\(morning.id)/result", method: .get) { response in
        let plan = try DailyPlan.decode(Data(response.body.readableBytesView))
        #expect(plan.bins.first { $0.selection.binID == "A" }?.truckID == "T1")
      }

      let bad = try await client.submit(unknownTruck, path: "/jobs/\(morning.id)/events?timeLimit=0.3")
      #expect(bad.status == .unprocessableContent)
      #expect(bad.error?.code == "invalidEvents" && bad.error?.field == "events[0].truck")

      let submitted = try await client.submit(events, path: "/jobs/\(morning.id)/events?timeLimit=0.3&stabilityCost=5")
      #expect(submitted.status == .accepted)
      let replan = try #require(submitted.job)
      #expect(replan.kind == .replan && replan.replans == morning.id)
      let done = try await client.poll(replan.id) { $0.status.isFinished }
      #expect(done.status == .succeeded)
      try await client.execute(uri: "/jobs/\(replan.id)/result", method: .get) { response in
        #expect(response.status == .ok)
        let plan = try DailyPlan.decode(Data(response.body.readableBytesView))
        #expect(plan.bins.first { $0.selection.binID == "A" }?.truckID == nil)
      }
      let problem = try #require(try await client.submit(try SmallProblem.document).job)
      _ = try await client.poll(problem.id) { $0.status.isFinished }
      let notAPlan = try await client.submit(events, path: "/jobs/\(problem.id)/events")
      #expect(notAPlan.status == .conflict && notAPlan.error?.code == "notAPlan")
    }
  }

  @Test("a body over the size limit gets 413 naming the body")
  func bodyTooLarge() async throws {
    var configuration = ServiceConfiguration(dataFolder: SmallCity.folder)
    configuration.maxBodyBytes = 1_000
    let body = try SmallCity.scenario
    try await withService(configuration) { client in
      let answer = try await client.submit(body)
      #expect(answer.status == .contentTooLarge)
      #expect(answer.error?.code == "bodyTooLarge" && answer.error?.field == "$")
    }
  }

  @Test("cancelling a running job stops its search and keeps the best plan so far")
  func cancelRunning() async throws {
    let body = try SmallCity.scenario
    try await withService { client in
      let job = try #require(try await client.submit(body, query: "timeLimit=60").job)
      let solving = try await client.poll(job.id) { $0.progress?.bestObjective != nil }
      #expect(solving.status == .running)
      let asked = ContinuousClock.now
      _ = try await client.cancel(job.id)
      let cancelled = try await client.poll(job.id, seconds: 10) { $0.status.isFinished }
      #expect(cancelled.status == .cancelled)
      #expect(asked.duration(to: .now) < .seconds(5))
      #expect(cancelled.resultAvailable)
      try await client.execute(uri: "/jobs/\(job.id)/result", method: .get) { response in
        #expect(response.status == .ok)
        _ = try DailyPlan.decode(Data(response.body.readableBytesView))
      }
    }
  }

  @Test("jobs beyond the slots wait in order; a queued job cancels at once; the queue has a limit")
  func queueing() async throws {
    let configuration = ServiceConfiguration(dataFolder: SmallCity.folder, maxConcurrentJobs: 1, maxQueuedJobs: 1)
    let body = try SmallCity.scenario
    try await withService(configuration) { client in
      let first = try #require(try await client.submit(body, query: "timeLimit=60").job)
      _ = try await client.poll(first.id) { $0.status == .running }
      let second = try #require(try await client.submit(body, query: "timeLimit=60").job)
      #expect(second.status == .queued && second.queuePosition == 1)

      let refused = try await client.submit(body)
      #expect(refused.status == .serviceUnavailable)
      #expect(refused.error?.code == "queueFull")

      try await client.execute(uri: "/jobs/\(second.id)/result", method: .get) { response in
        #expect(response.status == .conflict)
        let error = try decoder.decode(ErrorEnvelope.self, from: Data(response.body.readableBytesView)).error
        #expect(error.code == "resultNotReady")
      }
      try await client.execute(uri: "/jobs/\(first.id)", method: .delete) { response in
        #expect(response.status == .conflict)
      }
      let cancelledWhileQueued = try await client.cancel(second.id)
      #expect(cancelledWhileQueued.status == .cancelled && !cancelledWhileQueued.resultAvailable)
      try await client.execute(uri: "/jobs/\(second.id)/result", method: .get) { response in
        #expect(response.status == .conflict)
        let error = try decoder.decode(ErrorEnvelope.self, from: Data(response.body.readableBytesView)).error
        #expect(error.code == "noResult")
      }
      _ = try await client.cancel(first.id)
      #expect(try await client.poll(first.id) { $0.status.isFinished }.status == .cancelled)
      let statistics = try await client.statistics()
      #expect(statistics.refused == 1 && statistics.submitted == 2 && statistics.finished["cancelled"] == 2)
    }
  }

  @Test("no more jobs run at once than there are slots", arguments: [1, 2])
  func concurrencyBound(slots: Int) async throws {
    let configuration = ServiceConfiguration(dataFolder: SmallCity.folder, maxConcurrentJobs: slots)
    let body = try SmallCity.scenario
    try await withService(configuration) { client in
      var ids: [UUID] = []
      for _ in 0..<(slots + 2) {
        ids.append(try #require(try await client.submit(body, query: "timeLimit=0.4").job).id)
      }
      var finished = Set<UUID>()
      let deadline = ContinuousClock.now + .seconds(60)
      while finished.count < ids.count && ContinuousClock.now < deadline {
        var running = 0
        for id in ids {
          let job = try await client.job(id)
          if job.status == .running { running += 1 }
          if job.status.isFinished {
            #expect(job.status == .succeeded)
            finished.insert(id)
          }
        }
        #expect(running <= slots)
        try await Task.sleep(for: .milliseconds(50))
      }
      #expect(finished.count == ids.count)
      let statistics = try await client.statistics()
      #expect(statistics.peakRunning == slots)
      #expect(statistics.finished["succeeded"] == ids.count)
    }
  }

  @Test("graceful shutdown cancels running and queued jobs")
  func shutdownCancelsJobs() async throws {
    let configuration = ServiceConfiguration(dataFolder: SmallCity.folder, maxConcurrentJobs: 1)
    let store = JobStore(configuration: configuration, logger: Logger(label: "test"))
    let body = try SmallCity.scenario
    let (running, queued) = try await withService(configuration, store: store) { client in
      let running = try #require(try await client.submit(body, query: "timeLimit=120").job)
      _ = try await client.poll(running.id) { $0.progress?.bestObjective != nil }
      let queued = try #require(try await client.submit(body, query: "timeLimit=120").job)
      return (running.id, queued.id)
    }
    // The application's service group has shut down: the runner cancelled both jobs and recorded them.
    let stopped = try #require(await store.snapshot(running))
    #expect(stopped.status == .cancelled && stopped.resultAvailable)
    let neverStarted = try #require(await store.snapshot(queued))
    #expect(neverStarted.status == .cancelled && neverStarted.startedAt == nil)
    #expect(neverStarted.error?.code == "shuttingDown")
    #expect(await store.statistics().shuttingDown)
  }

  @Test("a job whose network fails to load fails with the field named")
  func failedJob() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("route-service-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("<osm><broken".utf8).write(to: folder.appendingPathComponent("small-city.osm"))
    let body = try SmallCity.scenario
    try await withService(ServiceConfiguration(dataFolder: folder.path)) { client in
      let job = try #require(try await client.submit(body).job)
      let failed = try await client.poll(job.id) { $0.status.isFinished }
      #expect(failed.status == .failed && !failed.resultAvailable)
      #expect(failed.error?.code == "roadNetwork" && failed.error?.field == "roadNetwork.path")
      try await client.execute(uri: "/jobs/\(job.id)/result", method: .get) { response in
        #expect(response.status == .conflict)
      }
    }
  }

  @Test("unknown jobs are 404 with a JSON error")
  func unknownJob() async throws {
    try await withService { client in
      for uri in ["/jobs/\(UUID())", "/jobs/not-an-id/result"] {
        try await client.execute(uri: uri, method: .get) { response in
          #expect(response.status == .notFound)
          let error = try decoder.decode(ErrorEnvelope.self, from: Data(response.body.readableBytesView)).error
          #expect(error.field == "id")
        }
      }
      try await client.execute(uri: "/jobs/\(UUID())/cancel", method: .post) { #expect($0.status == .notFound) }
    }
  }

  @Test("the OpenAPI document is served and describes every route")
  func openAPI() async throws {
    try await withService { client in
      try await client.execute(uri: "/openapi.json", method: .get) { response in
        #expect(response.status == .ok)
        let document = try #require(
          try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        #expect(paths["/jobs"]?["post"] != nil)
        #expect(paths["/jobs/{id}"]?["get"] != nil && paths["/jobs/{id}"]?["delete"] != nil)
        #expect(paths["/jobs/{id}/result"]?["get"] != nil)
        #expect(paths["/jobs/{id}/cancel"]?["post"] != nil)
        #expect(paths["/jobs/{id}/events"]?["post"] != nil)
        #expect(paths["/health"]?["get"] != nil)
        let status = try #require(
          (document["components"] as? [String: Any]).flatMap { $0["schemas"] as? [String: Any] }
            .flatMap { $0["Job"] as? [String: Any] }.flatMap { $0["properties"] as? [String: Any] }
            .flatMap { $0["status"] as? [String: Any] }?["enum"] as? [String])
        #expect(Set(status) == Set(JobStatus.allCases.map(\.rawValue)))
      }
    }
  }
}
