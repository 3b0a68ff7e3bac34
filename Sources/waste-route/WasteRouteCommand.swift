import ArgumentParser
import WasteRouting

/// The `waste-route` command-line tool.
@main
struct WasteRouteCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "waste-route",
    abstract: "Plan garbage-truck routes and solve vehicle routing problems.",
    version: "0.1.0",
    subcommands: [
      Solve.self, Check.self, NetworkInfo.self, MatrixCommand.self, ForecastEval.self, Plan.self, Validate.self,
      Replan.self,
    ]
  )
}
