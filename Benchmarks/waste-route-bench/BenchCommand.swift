import ArgumentParser
import Foundation

/// The `waste-route-bench` benchmark executable: one subcommand per benchmark.
@main
struct BenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "waste-route-bench",
    abstract: "Benchmarks of waste-routing: VRPLIB sets, the bundled cities, the Kim waste instances.",
    discussion: """
      Each subcommand prints a Markdown report (date, machine, load, build, command, one row per run) and \
      with --out PREFIX also writes it to PREFIX.md with the same rows in PREFIX.csv. Progress goes to \
      standard error: a status line on a terminal, plain lines when redirected. Build in release mode \
      (swift build -c release) for real numbers. Without a subcommand, vrplib runs.
      """,
    subcommands: [
      VRPLIBCommand.self,
      CitiesCommand.self,
      KimCommand.self,
      SimulateCommand.self,
      RandomRichCommand.self,
      ScaleCommand.self,
    ],
    defaultSubcommand: VRPLIBCommand.self
  )
}

/// Writes one line to standard error, prefixed with the tool's name.
func printError(_ message: String, prefix: Bool = true) {
  FileHandle.standardError.write(Data(((prefix ? "waste-route-bench: " : "") + message + "\n").utf8))
}
