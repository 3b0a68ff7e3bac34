import ArgumentParser
import Foundation
import WasteRouting

/// `waste-route-bench vrplib` (the default subcommand): VRPLIB instance sets against best-known solutions.
struct VRPLIBCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vrplib",
    abstract: "Run the solver on VRPLIB instance sets and report gaps to best-known solutions (the default).",
    discussion: """
      Solves every instance once per seed under one time rule, checks each solution with the independent \
      evaluator (an infeasible or mis-costed solution is a failed row, reported on standard error), and \
      prints a Markdown report: date, machine and settings, one row per run, then averages overall and \
      per size class (100-300, 300-600 and 600-1000 customers). Runs go one at a time, like the peers' \
      single thread, unless --jobs 2 is given.

      Best-known costs come from --bks (a CSV with columns instance and bks, such as instances/bks.csv) \
      or else from the Cost line of the .sol file next to the .vrp.

      The subcommand is the default: `waste-route-bench DIR --per-100 3` is `waste-route-bench vrplib DIR \
      --per-100 3`.

      Exit status: 0 when every run produced a feasible solution, 1 when a run failed, 2 for bad input.
      """
  )

  @Argument(help: "VRPLIB instances (.vrp files, or folders whose .vrp files are all used).")
  var inputs: [String]

  @Option(name: .customLong("per-100"), help: "Time limit of S seconds per 100 customers.")
  var secondsPer100: Double?

  @Option(help: "The same time limit in seconds for every instance.")
  var timeLimit: Double?

  @Option(parsing: .upToNextOption, help: "Seeds; each instance is solved once per seed.")
  var seeds: [UInt64] = [1]

  @Option(name: .customLong("bks"), help: "CSV of best-known solutions (columns instance and bks).")
  var bestKnownFile: String?

  @Option(help: "Metaheuristic: automatic, geneticSearch or iteratedLocalSearch.")
  var strategy: SolverConfiguration.Strategy = .automatic

  @Option(help: "Also stop each run after this many iterations.")
  var maxIterations: Int?

  @Option(help: "Edge rounding: nearest or exact; inferred from each instance if omitted.")
  var rounding: DistanceRounding?

  @Option(help: "Number of runs at a time (1 or 2).")
  var jobs = 1

  @Option(help: "Search threads per run (1, as the peers run, by default).")
  var threads = 1

  @Option(help: "The GLPK refinement: on or off.")
  var refinement: RefinementSwitch = .on

  @Option(help: "Where to write one CSV row per run.")
  var csv: String?

  @Option(help: "Also write the report to PREFIX.md and the rows to PREFIX.csv.")
  var out: String?

  @Option(help: "A folder where each run's .sol file is kept (created if needed).")
  var solDir: String?

  func validate() throws {
    if secondsPer100 != nil && timeLimit != nil {
      throw ValidationError("give --per-100 or --time-limit, not both")
    }
    if secondsPer100 == nil && timeLimit == nil && maxIterations == nil {
      throw ValidationError("give a time rule (--per-100 or --time-limit) or --max-iterations")
    }
    for (name, value) in [("--per-100", secondsPer100), ("--time-limit", timeLimit)] {
      if let value, !(value.isFinite && value > 0) {
        throw ValidationError("\(name) must be a positive number of seconds, not \(value)")
      }
    }
    if let maxIterations, maxIterations < 1 {
      throw ValidationError("--max-iterations must be at least 1, not \(maxIterations)")
    }
    guard threads >= 1 else { throw ValidationError("--threads must be at least 1, not \(threads)") }
    guard (1...2).contains(jobs) else { throw ValidationError("--jobs must be 1 or 2, not \(jobs)") }
    guard !seeds.isEmpty else { throw ValidationError("give at least one seed") }
  }

  func run() async throws {
    let settings: BenchSettings
    do {
      let instances = try BenchSettings.instancePaths(in: inputs)
      let bestKnown = try bestKnownFile.map(BestKnownSolutions.init(csvAtPath:)) ?? BestKnownSolutions()
      settings = BenchSettings(
        instances: instances, timeRule: timeRule, seeds: seeds, strategy: strategy,
        maxIterations: maxIterations, threads: threads, refinement: refinement == .on, rounding: rounding,
        bestKnown: bestKnown, solutionDirectory: solDir)
      if let solDir {
        try FileManager.default.createDirectory(atPath: solDir, withIntermediateDirectories: true)
      }
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
    let machine = Machine.current()
    let started = Date()
    let rows = await runAll(settings)
    let report = BenchReport(
      rows: rows, settings: settings, machine: machine, started: started, jobs: jobs,
      commandLine: CommandLine.arguments)
    print(report.markdown(), terminator: "")
    do {
      if let csv { try writeAtomically(report.csv(), toPath: csv) }
      if let out {
        try writeAtomically(report.markdown(), toPath: out + ".md")
        try writeAtomically(report.csv(), toPath: out + ".csv")
      }
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
    let failed = rows.filter { !$0.isFeasible }
    if !failed.isEmpty {
      printError("\(failed.count) of \(rows.count) runs FAILED:")
      for row in failed { printError("  \(row.instance) seed \(row.seed): \(row.error ?? "infeasible")") }
      throw ExitCode(1)
    }
  }

  private var timeRule: BenchSettings.TimeRule {
    if let secondsPer100 { return .per100Customers(secondsPer100) }
    if let timeLimit { return .fixed(timeLimit) }
    return .none
  }

  /// Runs every (instance, seed) pair, `jobs` at a time, and returns the rows in input order.
  private func runAll(_ settings: BenchSettings) async -> [BenchRow] {
    let runs = settings.instances.flatMap { path in settings.seeds.map { (path, $0) } }
    var rows = [BenchRow?](repeating: nil, count: runs.count)
    var finished = 0
    let progress = BenchProgress()
    func announce(_ row: BenchRow) {
      finished += 1
      progress.finished("[\(finished)/\(runs.count)] \(row.progressLine)")
    }
    if jobs == 1 {
      for (index, (path, seed)) in runs.enumerated() {
        let row = await settings.run(instanceAt: path, seed: seed)
        rows[index] = row
        announce(row)
      }
    } else {
      await withTaskGroup(of: (Int, BenchRow).self) { group in
        var nextIndex = 0
        func startNext() {
          guard nextIndex < runs.count else { return }
          let index = nextIndex
          let (path, seed) = runs[index]
          nextIndex += 1
          group.addTask { (index, await settings.run(instanceAt: path, seed: seed)) }
        }
        for _ in 0..<jobs { startNext() }
        for await (index, row) in group {
          rows[index] = row
          announce(row)
          startNext()
        }
      }
    }
    return rows.compactMap { $0 }
  }
}

extension SolverConfiguration.Strategy: ExpressibleByArgument {}

/// `--refinement on|off`.
enum RefinementSwitch: String, ExpressibleByArgument {
  case on, off
}
extension DistanceRounding: ExpressibleByArgument {}
