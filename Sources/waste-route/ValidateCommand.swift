import ArgumentParser
import Foundation
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route validate`: check a plan against its scenario, independently of the planner.
  struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "validate",
      abstract: "Check a plan against its scenario.",
      discussion: """
        Recomputes the required bins from the scenario and checks that each is emptied once, that no trip \
        exceeds a truck's litres or kilograms, that trucks return empty, that service, unloading, shifts \
        and breaks keep their windows (a break where the route is under way during its window, or drives \
        beyond its driving limit), and that every leg's path is continuous on the road network.

        Bins, trucks and facilities the plan declares left out are accepted, and their rule is verified \
        where it is a property of the place alone: off the network or cut off from it (against the road \
        network), no compatible truck, a load above every compatible truck, a truck no facility can \
        unload. A declared exclusion that does not hold, or whose bin is emptied anyway, is a violation.

        Exit status: 0 valid, 1 the plan breaks a rule (each printed), 2 unreadable input.
        """
    )

    @Argument(help: "The scenario file (JSON).")
    var scenario: String

    @Argument(help: "The plan file (JSON) made by waste-route plan.")
    var plan: String

    @Flag(help: "Skip the checks of paths against the road network (no network is loaded).")
    var skipPaths = false

    @Option(help: "An events file (replan): check against the scenario with its added bins.")
    var events: String?

    func run() async throws {
      var loaded: Scenario
      let planned: DailyPlan
      do {
        loaded = try Scenario.load(path: scenario)
        if let events {
          loaded = try ReplanEvents.load(path: events).applied(to: loaded, file: (events as NSString).lastPathComponent)
        }
      } catch {
        printError("\(scenario): \(error)")
        throw ExitCode(2)
      }
      do {
        planned = try DailyPlan.load(path: plan)
      } catch {
        printError("\(plan): \(error)")
        throw ExitCode(2)
      }
      var network: RoadNetwork?
      if !skipPaths {
        do {
          network = try await DailyPlanner(scenario: loaded, scenarioPath: scenario).loadNetwork()
        } catch {
          printError("\(scenario): \(error)")
          throw ExitCode(2)
        }
      }
      let violations = PlanValidator(scenario: loaded, network: network).violations(of: planned)
      guard violations.isEmpty else {
        for violation in violations { print(violation) }
        printError("\(plan): \(violations.count) violation\(violations.count == 1 ? "" : "s")")
        throw ExitCode(1)
      }
      let used = planned.trucks.filter(\.isUsed).count
      let totals = planned.totals
      let left = totals.requiredExcluded > 0 ? " (\(totals.requiredExcluded) left out with a rule)" : ""
      print(
        "valid: \(used) \(used == 1 ? "truck" : "trucks"), \(totals.binsCollected) bins, \(totals.requiredCollected) of \(totals.requiredBins) required\(left)"
      )
      for line in PlanSummary.exclusions(planned) { print(line) }
    }
  }
}
