import Foundation
import Hummingbird
import Logging
import WasteRouting

/// Every job the service knows: the queue, the running jobs and the finished ones kept for clients.
///
/// Workers (``JobRunner``) take jobs from the queue in submission order, one per planning slot. The store
/// refuses submissions beyond ``ServiceConfiguration/maxQueuedJobs`` (503) and during shutdown, keeps at
/// most ``ServiceConfiguration/maxFinishedJobs`` finished jobs for at most
/// ``ServiceConfiguration/finishedJobRetentionSeconds``, and forgets a finished job a client deletes.
public actor JobStore {
  private struct Record {
    let id: UUID
    let input: JobInput
    let configuration: SolverConfiguration
    let submittedAt: Date
    let progress = ProgressCell()
    var status = JobStatus.queued
    var startedAt: Date?
    var finishedAt: Date?
    var result: Data?
    var objective: Double?
    var error: JobError?
    var cancelRequested = false
    var task: Task<JobOutcome, Never>?
  }

  private let configuration: ServiceConfiguration
  private let logger: Logger
  private var records: [UUID: Record] = [:]
  private var queue: [UUID] = []
  private var finishedOrder: [UUID] = []
  private var waitingWorkers: [CheckedContinuation<DispatchedJob?, Never>] = []
  private var runningCount = 0
  private var peakRunning = 0
  private var submittedCount = 0
  private var refusedCount = 0
  private var finishedCounts: [String: Int] = [:]
  private var shuttingDown = false

  /// A store for a service with `configuration`.
  public init(configuration: ServiceConfiguration, logger: Logger) {
    self.configuration = configuration
    self.logger = logger
  }

  // MARK: - Clients

  /// Queues a job.
  ///
  /// - Throws: ``APIError`` 503 `queueFull` or `shuttingDown`.
  func submit(_ input: JobInput, configuration solver: SolverConfiguration) throws(APIError) -> JobSnapshot {
    guard !shuttingDown else {
      throw APIError(status: .serviceUnavailable, code: "shuttingDown", message: "the service is shutting down")
    }
    guard queue.count < configuration.maxQueuedJobs || !waitingWorkers.isEmpty else {
      refusedCount += 1
      throw APIError(
        status: .serviceUnavailable, code: "queueFull",
        message: "\(queue.count) jobs are waiting already (the most this service queues); try again later")
    }
    pruneFinished()
    let record = Record(id: UUID(), input: input, configuration: solver, submittedAt: Date())
    records[record.id] = record
    submittedCount += 1
    queue.append(record.id)
    let accepted = snapshot(record)  // as accepted: queued, or running if a worker was idle
    dispatch()
    return records[record.id].map { snapshot($0) } ?? accepted
  }

  /// The job's status, or `nil` for an unknown job.
  func snapshot(_ id: UUID) -> JobSnapshot? { snapshot(of: id) }

  /// The job's result document.
  ///
  /// - Throws: ``APIError`` 404 `notFound`, or 409 `resultNotReady` (queued or running), `jobFailed` or
  ///   `noResult` (cancelled before any result).
  func result(_ id: UUID) throws(APIError) -> Data {
    guard let record = records[id] else { throw Self.notFound(id) }
    if let result = record.result, record.status.isFinished { return result }
    switch record.status {
    case .queued, .running:
      throw APIError(
        status: .conflict, code: "resultNotReady", field: "id",
        message: "job \(id) is \(record.status.rawValue); poll GET /jobs/\(id) until it has finished")
    case .failed:
      throw APIError(
        status: .conflict, code: "jobFailed", field: "id",
        message: "job \(id) failed: \(record.error?.message ?? "no reason recorded")")
    case .succeeded, .cancelled:
      throw APIError(
        status: .conflict, code: "noResult", field: "id",
        message: "job \(id) was cancelled before it found any plan")
    }
  }

  /// What a re-plan of job `id` starts from: its scenario, road network path and plan.
  ///
  /// - Throws: ``APIError`` 404 `notFound`, 409 `notAPlan` for a problem job, or 409 `resultNotReady`,
  ///   `jobFailed` or `noResult` when it has no plan (yet).
  func replanBase(_ id: UUID) throws(APIError) -> (scenario: Scenario, roadNetworkPath: String, plan: Data) {
    guard let record = records[id] else { throw Self.notFound(id) }
    guard let base = record.input.replanBase else {
      throw APIError(
        status: .conflict, code: "notAPlan", field: "id",
        message: "job \(id) solved a problem; only plans (scenario and re-plan jobs) can be re-planned")
    }
    return (base.scenario, base.roadNetworkPath, try result(id))
  }

  /// Cancels a queued or running job; a finished job is left as it is.
  ///
  /// A queued job ends at once; a running one stops its search at the next check and keeps its best result
  /// so far, so its status turns to `cancelled` a moment later.
  func cancel(_ id: UUID) throws(APIError) -> JobSnapshot {
    guard var record = records[id] else { throw Self.notFound(id) }
    switch record.status {
    case .queued:
      queue.removeAll { $0 == id }
      record.cancelRequested = true
      records[id] = record
      finish(id, status: .cancelled)
      logger.info("job cancelled while queued", metadata: ["job.id": "\(id)"])
    case .running:
      record.cancelRequested = true
      records[id] = record
      record.task?.cancel()
      logger.info("job cancel requested", metadata: ["job.id": "\(id)"])
    case .succeeded, .failed, .cancelled:
      break
    }
    return snapshot(records[id] ?? record)
  }

  /// Forgets a finished job and its result.
  ///
  /// - Throws: ``APIError`` 404 `notFound`, or 409 `jobNotFinished` (cancel it first).
  func forget(_ id: UUID) throws(APIError) {
    guard let record = records[id] else { throw Self.notFound(id) }
    guard record.status.isFinished else {
      throw APIError(
        status: .conflict, code: "jobNotFinished", field: "id",
        message: "job \(id) is \(record.status.rawValue); cancel it first (POST /jobs/\(id)/cancel)")
    }
    records[id] = nil
    finishedOrder.removeAll { $0 == id }
  }

  /// The counters.
  public func statistics() -> ServiceStatistics {
    ServiceStatistics(
      running: runningCount, queued: queue.count, kept: finishedOrder.count, peakRunning: peakRunning,
      slots: configuration.maxConcurrentJobs, submitted: submittedCount, finished: finishedCounts,
      refused: refusedCount, shuttingDown: shuttingDown)
  }

  // MARK: - Workers

  /// The next queued job, marked running; waits while the queue is empty; `nil` once the service shuts down.
  func nextJob() async -> DispatchedJob? {
    if shuttingDown { return nil }
    if let job = takeNext() { return job }
    return await withCheckedContinuation { waitingWorkers.append($0) }
  }

  /// Records the task planning a job, cancelling it at once if a cancel came first.
  func started(_ id: UUID, task: Task<JobOutcome, Never>) {
    guard var record = records[id] else { return }
    record.task = task
    records[id] = record
    if record.cancelRequested { task.cancel() }
  }

  /// Records how a job's run ended.
  func finished(_ id: UUID, outcome: JobOutcome) {
    guard var record = records[id] else { return }
    runningCount -= 1
    record.task = nil
    let status: JobStatus
    switch outcome {
    case .result(let data, let objective):
      record.result = data
      record.objective = objective
      status = record.cancelRequested ? .cancelled : .succeeded
    case .cancelled:
      status = .cancelled
    case .failed(let error):
      record.error = error
      status = .failed
    }
    records[id] = record
    finish(id, status: status)
  }

  /// Stops taking jobs: queued jobs are cancelled, running ones asked to stop, idle workers released.
  func shutDown() {
    guard !shuttingDown else { return }
    shuttingDown = true
    logger.info(
      "shutting down: cancelling jobs",
      metadata: ["jobs.queued": "\(queue.count)", "jobs.running": "\(runningCount)"])
    for id in queue {
      records[id]?.cancelRequested = true
      finish(id, status: .cancelled, message: "the service shut down before the job started")
    }
    queue.removeAll()
    for (id, record) in records where record.status == .running {
      records[id]?.cancelRequested = true
      record.task?.cancel()
    }
    for worker in waitingWorkers { worker.resume(returning: nil) }
    waitingWorkers.removeAll()
  }

  // MARK: - Inside

  private func dispatch() {
    while !waitingWorkers.isEmpty, let job = takeNext() {
      waitingWorkers.removeFirst().resume(returning: job)
    }
  }

  private func takeNext() -> DispatchedJob? {
    guard !queue.isEmpty else { return nil }
    let id = queue.removeFirst()
    guard var record = records[id] else { return nil }
    record.status = .running
    record.startedAt = Date()
    records[id] = record
    runningCount += 1
    peakRunning = max(peakRunning, runningCount)
    return DispatchedJob(
      id: id, input: record.input, configuration: record.configuration, progress: record.progress)
  }

  private func finish(_ id: UUID, status: JobStatus, message: String? = nil) {
    guard var record = records[id] else { return }
    record.status = status
    record.finishedAt = Date()
    if let message, record.error == nil, record.result == nil {
      record.error = JobError(code: "shuttingDown", message: message)
    }
    records[id] = record
    finishedOrder.append(id)
    finishedCounts[status.rawValue, default: 0] += 1
    pruneFinished()
  }

  /// Forgets the oldest finished jobs beyond the count and age limits.
  private func pruneFinished() {
    let cutoff = Date().addingTimeInterval(-configuration.finishedJobRetentionSeconds)
    var drop = max(0, finishedOrder.count - configuration.maxFinishedJobs)
    while drop < finishedOrder.count, let finishedAt = records[finishedOrder[drop]]?.finishedAt,
      finishedAt < cutoff
    {
      drop += 1
    }
    guard drop > 0 else { return }
    for id in finishedOrder.prefix(drop) { records[id] = nil }
    finishedOrder.removeFirst(drop)
  }

  private func snapshot(of id: UUID) -> JobSnapshot? {
    records[id].map { snapshot($0) }
  }

  private func snapshot(_ record: Record) -> JobSnapshot {
    let id = record.id
    let position = record.status == .queued ? queue.firstIndex(of: id).map { $0 + 1 } : nil
    return JobSnapshot(
      id: id, kind: record.input.kind, status: record.status, submittedAt: record.submittedAt,
      startedAt: record.startedAt, finishedAt: record.finishedAt,
      timeLimitSeconds: record.configuration.timeLimit.map(Self.seconds) ?? 0,
      seed: record.configuration.seed, queuePosition: position,
      progress: record.progress.value.map(JobProgress.init),
      resultAvailable: record.result != nil && record.status.isFinished, objective: record.objective,
      error: record.error, replans: record.input.sourceJob)
  }

  private static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }

  static func notFound(_ id: UUID) -> APIError {
    APIError(status: .notFound, code: "notFound", field: "id", message: "no job \(id)")
  }
}
