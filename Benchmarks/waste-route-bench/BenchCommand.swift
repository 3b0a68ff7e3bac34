import ArgumentParser
import WasteRouting

/// The `waste-route-bench` benchmark executable.
@main
struct BenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "waste-route-bench",
    abstract: "Run the solver on VRPLIB instance sets and report gaps to best-known solutions."
  )
}
