import Foundation
import Synchronization
import WasteRouting

/// Where a job is in its life.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
  /// Waiting for a free planning slot.
  case queued
  /// Being planned.
  case running
  /// Planned: the result is ready.
  case succeeded
  /// Planning failed; ``JobSnapshot/error`` says why.
  case failed
  /// Cancelled by a client or by the service shutting down; a job cancelled while searching keeps the best
  /// result found so far (``JobSnapshot/resultAvailable``).
  case cancelled

  /// Whether the job will change no more.
  public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

/// What a job plans.
public enum JobKind: String, Sendable, Codable {
  /// A city scenario (`waste-routing-scenario`); the result is a plan (`waste-routing-plan`).
  case scenario
  /// A routing problem (`waste-routing-problem`); the result is a solution (`waste-routing-solution`).
  case problem
  /// A re-plan of a scenario job's plan after events (`waste-routing-events`); the result is a plan.
  case replan
}

/// A job's input, checked when it was submitted.
enum JobInput: Sendable {
  /// A validated scenario and the absolute path of its road network inside the data folder.
  case scenario(Scenario, roadNetworkPath: String)
  /// A validated routing problem.
  case problem(Problem)
  /// The plan of an earlier job changed by events: the original scenario (re-plans of re-plans use it
  /// too, with the events of the whole day so far), its road network, the current plan, the events and the
  /// cost of moving a bin to another truck.
  case replan(ReplanInput)

  var kind: JobKind {
    switch self {
    case .scenario: .scenario
    case .problem: .problem
    case .replan: .replan
    }
  }

  /// The job a re-plan changes the plan of.
  var sourceJob: UUID? {
    if case .replan(let input) = self { input.sourceJob } else { nil }
  }

  /// The scenario and network path a re-plan of this job's result starts from, if it has a plan.
  var replanBase: (scenario: Scenario, roadNetworkPath: String)? {
    switch self {
    case .scenario(let scenario, let path): (scenario, path)
    case .replan(let input): (input.scenario, input.roadNetworkPath)
    case .problem: nil
    }
  }
}

/// What a re-plan needs.
struct ReplanInput: Sendable {
  var scenario: Scenario
  var roadNetworkPath: String
  var plan: DailyPlan
  var events: ReplanEvents
  var stabilityCost: Double
  /// The job whose plan is changed.
  var sourceJob: UUID
}

/// The latest progress of a running job, written by the search's thread and read by status requests.
///
/// The planner calls its progress callback on the search's thread, which waits for it: storing the value
/// under a lock is all it does, with no task or actor hop per improvement.
final class ProgressCell: Sendable {
  private let latest = Mutex<PlanningProgress?>(nil)

  func report(_ progress: PlanningProgress) {
    latest.withLock { $0 = progress }
  }

  var value: PlanningProgress? { latest.withLock { $0 } }
}

/// A job handed to a worker.
struct DispatchedJob: Sendable {
  var id: UUID
  var input: JobInput
  var configuration: SolverConfiguration
  var progress: ProgressCell
}

/// How a job's run ended, before the store turns it into a status.
enum JobOutcome: Sendable {
  /// A result document (a plan or a solution), with its objective.
  case result(Data, objective: Double)
  /// Cancelled before any result existed.
  case cancelled
  /// Failed.
  case failed(JobError)
}

// MARK: - What clients see

/// A job's status, as `GET /jobs/{id}` answers it.
public struct JobSnapshot: Sendable, Equatable, Codable {
  /// The job's id.
  public var id: UUID
  /// What the job plans.
  public var kind: JobKind
  /// Where the job is.
  public var status: JobStatus
  /// When it was submitted.
  public var submittedAt: Date
  /// When planning started.
  public var startedAt: Date?
  /// When it finished.
  public var finishedAt: Date?
  /// The search's time limit, seconds.
  public var timeLimitSeconds: Double
  /// The search's seed.
  public var seed: UInt64
  /// 1 for the next job to start, while queued.
  public var queuePosition: Int?
  /// The latest progress, while running and after.
  public var progress: JobProgress?
  /// Whether `GET /jobs/{id}/result` has a result (after success, or after a cancel that kept the best
  /// result so far).
  public var resultAvailable: Bool
  /// The result's objective when there is one: a plan's in the scenario's currency, a solution's cost in
  /// the problem's reported units.
  public var objective: Double?
  /// Why the job failed.
  public var error: JobError?
  /// For a re-plan: the job whose plan it changes.
  public var replans: UUID?
}

/// ``PlanningProgress`` as JSON (a problem job reports the `solving` stage and then `finished`).
public struct JobProgress: Sendable, Equatable, Codable {
  /// The step: `loadingNetwork`, `snapping`, `selecting`, `computingMatrices`, `solving`, `tracingPaths`
  /// or `finished`.
  public var stage: String
  /// One line for people.
  public var message: String
  /// Seconds since planning started.
  public var elapsedSeconds: Double
  /// The best objective so far (while solving): a plan's in the scenario's currency, a solution's cost in
  /// the problem's reported units.
  public var bestObjective: Double?

  init(_ progress: PlanningProgress) {
    stage = progress.stage.rawValue
    message = progress.message
    elapsedSeconds = progress.elapsed
    bestObjective = progress.bestObjective
  }
}

/// The service's counters, as `GET /health` answers them.
public struct ServiceStatistics: Sendable, Equatable, Codable {
  /// Jobs being planned now.
  public var running: Int
  /// Jobs waiting.
  public var queued: Int
  /// Finished jobs still kept.
  public var kept: Int
  /// The most jobs that ever ran at once.
  public var peakRunning: Int
  /// Planning slots (jobs planned at once at most).
  public var slots: Int
  /// Jobs accepted since the start.
  public var submitted: Int
  /// Jobs finished since the start, by final status (`succeeded`, `failed`, `cancelled`).
  public var finished: [String: Int]
  /// Submissions refused because the queue was full.
  public var refused: Int
  /// Whether the service is shutting down (it accepts no jobs then).
  public var shuttingDown: Bool
}
