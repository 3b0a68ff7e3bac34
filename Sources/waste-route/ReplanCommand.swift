import ArgumentParser
import Foundation
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route replan`: change a plan during the day after timed events.
  struct Replan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "replan",
      abstract: "Re-plan the rest of the day after events (trucks, bins, roads) and write the new plan.",
      discussion: """
        Reads the scenario, the current plan (from plan or an earlier replan) and an events file \
        (format "waste-routing-events", version 1: truck status, bins done, truck out of service, bins \
        added or cancelled, roads closed or reopened, each timed; those up to "now" apply). Stops begun \
        before now are kept; each truck goes on from where it is with what it carries; the rest is \
        planned again, starting from the current routes. --stability-cost S makes moving a bin to \
        another truck than the plan's cost S (in the scenario's currency); 0 lets every bin move.

        The new plan is checked like any plan against the scenario with the events applied (validate \
        SCENARIO PLAN2 --events EVENTS) and written only when valid. The summary gives the bins that \
        moved to another truck.

        Exit status: 0 written; 1 no feasible plan; 2 unreadable or invalid input; 3 the new plan breaks \
        a rule (nothing written); 4 written, but required bins are left out.
        """
    )

    @Argument(help: "The scenario file (JSON).")
    var scenario: String

    @Argument(help: "The current plan (JSON).")
    var plan: String

    @Argument(help: "The events file (JSON).")
    var events: String

    @Option(name: [.short, .long], help: "Where to write the new plan (JSON).")
    var output: String?

    @Option(help: "Solver time limit in seconds.")
    var timeLimit: Double = 10

    @Option(help: "Seed of the solver's random choices.")
    var seed: UInt64 = 1

    @Option(help: "Stop each search after this many iterations (with the time limit, whichever comes first).")
    var maxIterations: Int?

    @Option(help: "The cost of moving one bin to another truck than the plan's, in the scenario's currency.")
    var stabilityCost: Double = 0

    @Option(help: "Recombine pooled routes and trips with GLPK (on or off).")
    var refinement: Switch = .on

    @Option(help: "Cooperating searches on as many threads (default: one per core; 1 runs a single search).")
    var threads: Int?

    func validate() throws {
      guard timeLimit.isFinite, timeLimit > 0 else {
        throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
      }
      guard stabilityCost.isFinite, stabilityCost >= 0 else {
        throw ValidationError("--stability-cost must be 0 or more, not \(stabilityCost)")
      }
      if let maxIterations, maxIterations < 1 {
        throw ValidationError("--max-iterations must be at least 1, not \(maxIterations)")
      }
      if let threads, !(1...256).contains(threads) {
        throw ValidationError("--threads must be from 1 to 256, not \(threads)")
      }
    }

    func run() async throws {
      let clock = ContinuousClock()
      let started = clock.now
      let loaded: Scenario
      let current: DailyPlan
      let happened: ReplanEvents
      do {
        loaded = try Scenario.load(path: scenario)
      } catch {
        printError("\(scenario): \(error)")
        throw ExitCode(2)
      }
      do {
        current = try DailyPlan.load(path: plan)
      } catch {
        printError("\(plan): \(error)")
        throw ExitCode(2)
      }
      do {
        happened = try ReplanEvents.load(path: events)
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
      let configuration = SolverConfiguration(
        seed: seed, timeLimit: .milliseconds(Int64((timeLimit * 1000).rounded())), maxIterations: maxIterations,
        refinement: refinement == .on,
        threads: threads)
      let replanner = Replanner(
        scenario: loaded, scenarioPath: scenario, plan: current, events: happened, configuration: configuration,
        stabilityCost: stabilityCost)
      let day: Scenario
      let network: RoadNetwork
      let newPlan: DailyPlan
      do {
        try happened.check(against: loaded, file: (events as NSString).lastPathComponent)
        day = try happened.applied(to: loaded, file: (events as NSString).lastPathComponent)
        network = try await DailyPlanner(scenario: day, scenarioPath: scenario).loadNetwork()
        newPlan = try await replanner.replan(network: network)
      } catch {
        printError("\(error)")
        switch error {
        case ReplanError.planning(let planning): throw ExitCode(planning.isInputError ? 2 : 1)
        default: throw ExitCode(2)
        }
      }
      let violations = PlanValidator(scenario: day).violations(of: newPlan)
      guard violations.isEmpty else {
        printError(
          "internal error: the new plan breaks \(violations.count) rule\(violations.count == 1 ? "" : "s"); nothing written")
        for violation in violations.prefix(10) { printError("  \(violation)", prefix: false) }
        throw ExitCode(3)
      }
      if let output {
        do {
          try writeAtomically(String(decoding: newPlan.jsonData(), as: UTF8.self) + "\n", toPath: output)
        } catch {
          printError("\(error)")
          throw ExitCode(2)
        }
      }
      let moved = Replanner.movedBins(from: current, to: newPlan)
      print(PlanSummary.table(newPlan, scenario: day))
      print(String(format: "objective: %.2f", newPlan.settings.objective))
      print("moved to another truck: \(moved.count) bin\(moved.count == 1 ? "" : "s")")
      print(String(format: "time: %.1f s end to end", DailyPlanner.seconds(started.duration(to: clock.now))))
      if let output { print("plan: \(output)") }
      if newPlan.leavesOutRequiredBins {
        let count = newPlan.totals.requiredExcluded
        printError("\(plan): \(count) required bin\(count == 1 ? " is" : "s are") left out (exit status 4)")
        throw ExitCode(4)
      }
    }
  }
}
