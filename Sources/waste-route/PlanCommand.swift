import ArgumentParser
import Foundation
import Synchronization
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route plan`: plan a day of collection for a scenario.
  struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "plan",
      abstract: "Plan a day of waste collection: forecast fills, select bins, route the trucks.",
      discussion: """
        Reads a scenario (road network, bins with fill readings, trucks, depots, disposal sites), selects \
        the bins to empty, solves the routing problem and prints a summary table. Without a scenario it \
        plans the bundled default city, central Helsinki. Progress goes to standard error: a bar on a \
        terminal, plain lines when redirected.

        --geojson and --svg write a map of the plan: each truck's trips along the roads, the stops with \
        arrival times and loads, depots and disposal sites (the SVG also draws the roads in grey).

        One bad bin never fails the day: bins off the road network or cut off from it, bins no truck may \
        empty or whose load exceeds every such truck, bins whose windows no truck reaches and, when the \
        trucks cannot empty every required bin, the least urgent of them are left out. The plan lists \
        each with its rule (bins[].exclusion), the summary counts them, and trucks whose depot is off the \
        network or that no facility can unload are left unused with theirs. --strict fails instead, as \
        before: any bin, truck or facility that cannot be served or used is an error.

        Exit status: 0 planned, every required bin emptied; 1 no plan found (--strict: the trucks cannot \
        empty every required bin); 2 unreadable or invalid input, or no usable truck (--strict: a bin, \
        truck or facility that cannot be served or used); 3 internal error (the plan fails its own check); \
        4 planned and written, but required bins are left out (each listed with its rule). Nothing is \
        written unless the status is 0 or 4.
        """
    )

    @Argument(help: "The scenario file (JSON); the bundled Helsinki scenario when omitted.")
    var scenario: String?

    @Option(help: "The planning day, YYYY-MM-DD (default: the scenario's date).")
    var date: String?

    @Option(
      help: """
        Solver time limit in seconds (default: grows with the day, 10 s and 8 ms per stop, so 42 s for \
        4,000 stops).
        """)
    var timeLimit: Double?

    @Option(help: "Seed of the solver's random choices.")
    var seed: UInt64 = 1

    @Option(name: [.short, .long], help: "Where to write the plan (JSON).")
    var output: String?

    @Option(help: "Where to write a map of the plan as GeoJSON (trips, stops, depots, disposal sites).")
    var geojson: String?

    @Option(help: "Where to write a map of the plan as an SVG picture (routes over the roads, legend).")
    var svg: String?

    @Option(help: "Recombine pooled routes and trips with GLPK (on or off).")
    var refinement: Switch = .on

    @Option(help: "Cooperating searches on as many threads (default: one per core; 1 runs a single search).")
    var threads: Int?

    @Flag(help: "Fail on any bin, truck or facility that cannot be served, instead of leaving it out.")
    var strict = false

    func validate() throws {
      if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
        throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
      }
      if let date, CalendarDay(date) == nil {
        throw ValidationError("--date must be a date YYYY-MM-DD, not \(date)")
      }
      if let threads, !(1...256).contains(threads) {
        throw ValidationError("--threads must be from 1 to 256, not \(threads)")
      }
    }

    func run() async throws {
      let clock = ContinuousClock()
      let started = clock.now
      guard let path = scenario ?? DefaultCity.scenarioPath() else {
        printError(
          "no scenario given and the bundled default city (\(DefaultCity.relativePath)) was not found")
        throw ExitCode(2)
      }
      var loaded: Scenario
      do {
        loaded = try Scenario.load(path: path)
        if let date, let day = CalendarDay(date) {
          loaded.date = day
          try loaded.validate()
        }
      } catch {
        printError("\(path): \(error)")
        throw ExitCode(2)
      }
      let configuration = SolverConfiguration(
        seed: seed, timeLimit: timeLimit.map { .milliseconds(Int64(($0 * 1_000).rounded())) }, refinement: refinement == .on,
        threads: threads)
      let planner = DailyPlanner(
        scenario: loaded, scenarioPath: path, configuration: configuration, strict: strict)
      let display = ProgressDisplay(isTerminal: isatty(STDERR_FILENO) != 0)
      let ticker = Task {
        while !Task.isCancelled {
          try? await Task.sleep(for: .milliseconds(200))
          display.tick()
        }
      }
      let plan: DailyPlan
      do {
        plan = try await planner.plan { display.update($0) }
        ticker.cancel()
        display.finish()
      } catch {
        ticker.cancel()
        display.finish()
        printError("\(path): \(error)")
        if case PlanningError.scenario(let problem) = error, Self.isPlaceProblem(problem),
          let network = try? await planner.loadNetwork()
        {
          let all = planner.placeProblems(network: network)
          if all.count > 1 {
            printError("\(all.count) places cannot be served:")
            for other in all { printError("  \(other)", prefix: false) }
          }
        }
        throw ExitCode((error as? PlanningError)?.isInputError == true ? 2 : 1)
      }
      // The planner's answer is checked like any plan (without the path checks, which need no solver);
      // a plan breaking a rule is never written.
      let violations = PlanValidator(scenario: loaded).violations(of: plan)
      guard violations.isEmpty else {
        printError(
          "internal error: the plan breaks \(violations.count) rule\(violations.count == 1 ? "" : "s"); nothing written"
        )
        for violation in violations.prefix(10) { printError("  \(violation)", prefix: false) }
        throw ExitCode(3)
      }
      // Everything to write is made first; the SVG's grey roads need the network again (the planner does
      // not hand its copy out).
      var files: [(path: String, text: String)] = []
      if let output { files.append((output, String(decoding: plan.jsonData(), as: UTF8.self) + "\n")) }
      if geojson != nil || svg != nil {
        let network = svg == nil ? nil : try? await planner.loadNetwork()
        let map = plan.map(scenario: loaded, network: network)
        if let geojson { files.append((geojson, GeoJSONMapWriter().string(for: map))) }
        if let svg { files.append((svg, SVGMapWriter().string(for: map))) }
      }
      // Checked before the first file is written, so a bad path leaves nothing half written.
      if let problem = Self.outputProblem(files.map(\.path)) {
        printError(problem)
        throw ExitCode(2)
      }
      do {
        for file in files { try writeAtomically(file.text, toPath: file.path) }
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
      print(PlanSummary.table(plan, scenario: loaded))
      print(String(format: "objective: %.2f", plan.settings.objective))
      if let done = plan.settings.refinement {
        print(
          String(
            format: "refinement: %d MIP runs, %d improvements (objective -%.2f), %.2f s, %d pooled routes",
            done.runs, done.improvements, done.objectiveReduction, done.seconds, done.pooledRoutes))
      }
      print(String(format: "time: %.1f s end to end", DailyPlanner.seconds(started.duration(to: clock.now))))
      if let output { print("plan: \(output)") }
      if let geojson { print("map: \(geojson)") }
      if let svg { print("map: \(svg)") }
      if plan.leavesOutRequiredBins {
        let count = plan.totals.requiredExcluded
        printError(
          "\(path): \(count) required bin\(count == 1 ? " is" : "s are") left out (exit status 4); see \"left out\" above"
        )
        throw ExitCode(4)
      }
    }
  }
}

extension WasteRouteCommand.Plan {
  /// Why the output files cannot all be written (the same path twice, or a missing or read-only folder),
  /// or `nil`.
  static func outputProblem(_ paths: [String]) -> String? {
    var seen: Set<String> = []
    for path in paths {
      let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
      if !seen.insert(absolute).inserted { return "\(path): named for two outputs" }
      let folder = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
        return "cannot write \(path): no such folder \(folder)"
      }
      guard FileManager.default.isWritableFile(atPath: folder) else {
        return "cannot write \(path): folder \(folder) is not writable"
      }
    }
    return nil
  }

  /// Whether the error is about a place the trucks cannot serve (then all such places are listed).
  static func isPlaceProblem(_ error: ScenarioError) -> Bool {
    switch error {
    case .offNetwork, .disconnected, .unreachable: true
    default: false
    }
  }
}

/// Finds the bundled default city's scenario.
enum DefaultCity {
  /// The scenario's path inside the package.
  static let relativePath = "fixtures/helsinki/helsinki.scenario.json"

  /// The scenario in the current folder, beside the built executable, or in the package it was built from.
  static func scenarioPath() -> String? { locate(relativePath) }

  /// A bundled file (a path inside the package) in the current folder, beside the built executable, or
  /// in the package it was built from.
  static func locate(_ relativePath: String) -> String? {
    var folders = [FileManager.default.currentDirectoryPath]
    var executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<4 {
      folders.append(executable.path)
      executable.deleteLastPathComponent()
    }
    folders.append(
      URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path)
    return folders.map { ($0 as NSString).appendingPathComponent(relativePath) }
      .first { FileManager.default.fileExists(atPath: $0) }
  }
}

/// The progress shown on standard error: a redrawn bar on a terminal, one line per step otherwise.
final class ProgressDisplay: Sendable {
  private struct State {
    var stage: PlanningProgress.Stage?
    var message = ""
    var solvingSince: ContinuousClock.Instant?
    var timeLimit: Double?
    var lastWidth = 0
  }

  private let isTerminal: Bool
  private let state = Mutex(State())

  init(isTerminal: Bool) {
    self.isTerminal = isTerminal
  }

  /// A report from the planner.
  func update(_ progress: PlanningProgress) {
    state.withLock { state in
      let isNewStage = state.stage != progress.stage
      if isNewStage && progress.stage == .solving { state.solvingSince = ContinuousClock.now }
      if let limit = progress.timeLimit { state.timeLimit = limit }
      state.stage = progress.stage
      state.message = progress.message
      if isTerminal {
        draw(&state)
      } else if isNewStage {
        printError(
          String(format: "%6.1f s  %@: %@", progress.elapsed, Self.label(progress.stage), progress.message),
          prefix: false)
      }
    }
  }

  /// Redraws the bar (the solver reports only improvements, so time moves the bar).
  func tick() {
    guard isTerminal else { return }
    state.withLock { draw(&$0) }
  }

  /// Ends the bar's line.
  func finish() {
    guard isTerminal else { return }
    state.withLock { state in
      if state.lastWidth > 0 { printError("", prefix: false) }
      state.lastWidth = 0
    }
  }

  private func draw(_ state: inout State) {
    guard let stage = state.stage else { return }
    let fraction = self.fraction(stage, since: state.solvingSince, limit: state.timeLimit ?? 10)
    let width = 30
    let filled = Int((fraction * Double(width)).rounded(.down))
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let line = String(format: "\r%@ %3.0f %%  %@: %@", bar, fraction * 100, Self.label(stage), state.message)
    FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    state.lastWidth = line.count
  }

  private func fraction(
    _ stage: PlanningProgress.Stage, since solving: ContinuousClock.Instant?, limit timeLimit: Double
  ) -> Double {
    switch stage {
    case .loadingNetwork: 0.02
    case .snapping: 0.08
    case .selecting: 0.1
    case .computingMatrices: 0.15
    case .solving:
      0.25 + 0.7 * min(1, solving.map { DailyPlanner.seconds($0.duration(to: .now)) / timeLimit } ?? 0)
    case .tracingPaths: 0.96
    case .finished: 1
    }
  }

  private static func label(_ stage: PlanningProgress.Stage) -> String {
    switch stage {
    case .loadingNetwork: "loading roads"
    case .snapping: "snapping"
    case .selecting: "selecting"
    case .computingMatrices: "travel times"
    case .solving: "solving"
    case .tracingPaths: "paths"
    case .finished: "done"
    }
  }
}

/// The summary table printed after planning.
enum PlanSummary {
  static func table(_ plan: DailyPlan, scenario: Scenario) -> String {
    let totals = plan.totals
    var lines = [
      "\(plan.scenario), \(plan.date): \(plan.bins.count) bins — \(totals.requiredBins) required, \(totals.optionalBins) optional, \(totals.skippedBins) skipped",
      "",
    ]
    let header = ["truck", "stops", "bins", "trips", "km", "hours", "litres", "kg", "load", "time", "cost"]
    var rows: [[String]] = [header]
    for truck in plan.trucks {
      let bins = truck.stops.filter { $0.kind == .bin }.count
      rows.append([
        truck.truckID, "\(truck.stops.count)", "\(bins)", "\(truck.tripCount)",
        String(format: "%.1f", truck.distanceMetres / 1_000),
        String(format: "%.2f", truck.durationSeconds / 3_600),
        String(format: "%.0f", truck.collectedLitres), String(format: "%.0f", truck.collectedKilograms),
        String(format: "%.0f %%", truck.loadUtilisation * 100),
        String(format: "%.0f %%", truck.timeUtilisation * 100),
        String(format: "%.2f", truck.cost),
      ])
    }
    rows.append([
      "total", "", "\(totals.binsCollected)", "\(plan.trucks.reduce(0) { $0 + $1.tripCount })",
      String(format: "%.1f", totals.kilometres), String(format: "%.2f", totals.hours),
      String(format: "%.0f", totals.litresCollected), String(format: "%.0f", totals.kilogramsCollected),
      String(format: "%.0f %%", totals.loadUtilisation * 100),
      String(format: "%.0f %%", totals.timeUtilisation * 100),
      String(format: "%.2f", totals.cost),
    ])
    let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for (r, row) in rows.enumerated() {
      let cells = row.enumerated().map { column, cell in
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        return column == 0 ? cell + pad : pad + cell
      }
      lines.append(cells.joined(separator: "  "))
      if r == 0 || r == rows.count - 2 {
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
      }
    }
    lines.append("")
    lines.append(
      "required emptied: \(totals.requiredCollected)/\(totals.requiredBins), optional: \(totals.optionalCollected)/\(totals.optionalBins), trucks used: \(totals.trucksUsed)/\(totals.trucksAvailable)"
    )
    lines.append(
      String(
        format: "overflow risk left: %d bins (%.0f L)", totals.overflowRiskBins, totals.overflowRiskLitres))
    lines += exclusions(plan)
    return lines.joined(separator: "\n")
  }

  /// The bins, trucks and facilities left out, with their rules; nothing when all could be used.
  static func exclusions(_ plan: DailyPlan) -> [String] {
    let totals = plan.totals
    var lines: [String] = []
    if totals.binsExcluded > 0 {
      let rules = totals.exclusionsByRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      let skipped = totals.binsExcluded - totals.requiredExcluded - totals.optionalExcluded
      lines.append(
        "left out: \(totals.requiredExcluded) required, \(totals.optionalExcluded) optional"
          + (skipped > 0 ? ", \(skipped) skipped" : "") + " (\(rules.joined(separator: ", ")))")
      for outcome in plan.bins {
        guard let exclusion = outcome.exclusion else { continue }
        lines.append("  bin \(outcome.selection.binID) (\(outcome.selection.status.rawValue)): \(exclusion)")
      }
    }
    for truck in plan.trucks {
      if let exclusion = truck.exclusion { lines.append("truck \(truck.truckID) unused: \(exclusion)") }
    }
    for site in plan.excludedDisposalSites {
      lines.append("disposal site \(site.id) unused: \(site.exclusion)")
    }
    return lines
  }
}
