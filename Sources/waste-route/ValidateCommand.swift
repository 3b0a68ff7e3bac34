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
        and breaks keep their windows, and that every leg's path is continuous on the road network.

        Exit status: 0 valid, 1 the plan breaks a rule (each printed), 2 unreadable input.
        """
    )

    @Argument(help: "The scenario file (JSON).")
    var scenario: String

    @Argument(help: "The plan file (JSON) made by waste-route plan.")
    var plan: String

    @Flag(help: "Skip the checks of paths against the road network (no network is loaded).")
    var skipPaths = false

    func run() async throws {
      let loaded: Scenario
      let planned: DailyPlan
      do {
        loaded = try Scenario.load(path: scenario)
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
      print(
        "valid: \(used) \(used == 1 ? "truck" : "trucks"), \(planned.totals.binsCollected) bins, \(planned.totals.requiredCollected) of \(planned.totals.requiredBins) required"
      )
    }
  }
}
