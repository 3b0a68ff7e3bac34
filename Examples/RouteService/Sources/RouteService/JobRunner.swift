import Foundation
import Logging
import ServiceLifecycle
import WasteRouting

/// Plans queued jobs, at most ``ServiceConfiguration/maxConcurrentJobs`` at once, until the service shuts
/// down.
///
/// One worker per planning slot takes the next job from the ``JobStore`` and plans it in a task of its own,
/// so that a client's cancel reaches just that job. Each plan runs one search thread
/// (``SolverConfiguration/threads`` 1): the library searches on dedicated threads and admits one search per
/// core, so with as many slots as cores no job waits unseen inside the library.
///
/// On graceful shutdown (SIGTERM or SIGINT through swift-service-lifecycle) or cancellation, queued jobs
/// are cancelled, running plans stop at their next check with their best plan so far, and `run()` returns
/// once every worker has recorded its job's outcome.
public struct JobRunner: Service {
  let store: JobStore
  let networks: RoadNetworkCache
  let slots: Int
  let logger: Logger

  /// A runner for the jobs of `store`.
  public init(store: JobStore, configuration: ServiceConfiguration, logger: Logger) {
    self.store = store
    self.networks = RoadNetworkCache()
    self.slots = configuration.maxConcurrentJobs
    self.logger = logger
  }

  /// Runs the workers until graceful shutdown or cancellation.
  public func run() async throws {
    logger.info("job runner started", metadata: ["slots": "\(slots)"])
    let store = self.store
    await withTaskCancellationOrGracefulShutdownHandler {
      await withDiscardingTaskGroup { group in
        for _ in 0..<slots {
          group.addTask { await work() }
        }
      }
    } onCancelOrGracefulShutdown: {
      Task { await store.shutDown() }
    }
    logger.info("job runner stopped")
  }

  private func work() async {
    while let job = await store.nextJob() {
      let task = Task { await plan(job) }
      await store.started(job.id, task: task)
      await store.finished(job.id, outcome: await task.value)
    }
  }

  /// Plans one job: its road network (shared through the cache), then the day.
  private func plan(_ job: DispatchedJob) async -> JobOutcome {
    var logger = self.logger
    logger[metadataKey: "job.id"] = "\(job.id)"
    logger[metadataKey: "job.kind"] = "\(job.input.kind.rawValue)"
    let clock = ContinuousClock()
    let started = clock.now
    logger.info("job started")
    let outcome: JobOutcome
    do {
      switch job.input {
      case .scenario(let scenario, let roadNetworkPath):
        job.progress.report(
          PlanningProgress(stage: .loadingNetwork, message: "reading \(scenario.roadNetwork.path)", elapsed: 0))
        let network = try await networks.network(path: roadNetworkPath, profile: scenario.roadNetwork.profile)
        try Task.checkCancellation()
        let planner = DailyPlanner(scenario: scenario, configuration: job.configuration)
        let plan = try await planner.plan(network: network) { job.progress.report($0) }
        outcome = .result(plan.jsonData(), objective: plan.settings.objective)
      case .problem(let problem):
        outcome = try await solve(problem, job: job)
      case .replan(let input):
        job.progress.report(
          PlanningProgress(stage: .loadingNetwork, message: "reading \(input.scenario.roadNetwork.path)", elapsed: 0))
        let network = try await networks.network(
          path: input.roadNetworkPath, profile: input.scenario.roadNetwork.profile)
        try Task.checkCancellation()
        let replanner = Replanner(
          scenario: input.scenario, plan: input.plan, events: input.events, configuration: job.configuration,
          stabilityCost: input.stabilityCost)
        let plan = try await replanner.replan(network: network) { job.progress.report($0) }
        logger.info(
          "job re-planned",
          metadata: [
            "job.replans": "\(input.sourceJob)",
            "job.binsMoved": "\(Replanner.movedBins(from: input.plan, to: plan).count)",
          ])
        outcome = .result(plan.jsonData(), objective: plan.settings.objective)
      }
    } catch is CancellationError {
      outcome = .cancelled
    } catch let error as PlanningError {
      outcome = .failed(APIError(error).details)
    } catch let error as ScenarioError {
      outcome = .failed(APIError(error).details)
    } catch let error as ReplanError {
      outcome = .failed(APIError(error).details)
    } catch let error as SolverError {
      outcome = .failed(APIError(error).details)
    } catch {
      outcome = .failed(JobError(code: "internal", message: "\(error)"))
    }
    let seconds = DailyPlanner.seconds(started.duration(to: clock.now))
    switch outcome {
    case .result(_, let objective):
      logger.info(
        "job planned",
        metadata: ["job.seconds": "\(seconds)", "job.objective": "\(objective)", "job.cancelled": "\(Task.isCancelled)"])
    case .cancelled:
      logger.info("job cancelled before any plan", metadata: ["job.seconds": "\(seconds)"])
    case .failed(let error):
      logger.warning(
        "job failed",
        metadata: [
          "job.seconds": "\(seconds)", "error.code": "\(error.code)", "error.field": "\(error.field ?? "")",
          "error.message": "\(error.message)",
        ])
    }
    return outcome
  }

  /// Solves a routing problem and writes its solution JSON, after the independent evaluator accepted it.
  private func solve(_ problem: Problem, job: DispatchedJob) async throws -> JobOutcome {
    job.progress.report(
      PlanningProgress(stage: .solving, message: "\(problem.clients.count) clients", elapsed: 0))
    let result = try await Solver(job.configuration).solve(problem) { improvement in
      job.progress.report(
        PlanningProgress(
          stage: .solving, message: "cost \(improvement.reportedCost), \(improvement.routeCount) routes",
          elapsed: DailyPlanner.seconds(improvement.elapsed), bestObjective: improvement.reportedCost))
    }
    let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
    if let violation = evaluation.violations.first {
      return .failed(
        JobError(
          code: "internal",
          message: "the evaluator rejects the solver's solution: \(violation.message)"))
    }
    job.progress.report(
      PlanningProgress(
        stage: .finished, message: "cost \(result.reportedCost) (\(result.stopReason))",
        elapsed: DailyPlanner.seconds(result.elapsed), bestObjective: result.reportedCost))
    let text = SolutionJSON.text(for: result.solution, problem: problem)
    return .result(Data(text.utf8), objective: result.reportedCost)
  }
}
