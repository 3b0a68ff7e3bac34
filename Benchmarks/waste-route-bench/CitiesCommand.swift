import ArgumentParser
import Foundation
import Synchronization
import WasteRouting

/// `waste-route-bench cities`: plans every bundled city at the default time limit and at a longer one.
struct CitiesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cities",
    abstract: "Plan every bundled city, at the default time limit and ten times longer.",
    discussion: """
      Plans each city scenario as `waste-route plan` does (network, forecasts, selection, matrices, search, \
      paths), first at --time-limit, then at --long-factor times that, and checks every plan with the \
      independent PlanValidator, road paths included. One row per run: end-to-end seconds, seconds before \
      the search started, objective (the trucks' cost plus the prizes of optional bins left out), km, \
      hours, trucks used, bins emptied, required and optional bins emptied of those selected, and whether \
      the plan is valid. The long run's row gives the quality ratio objective(default) / objective(long): \
      1.000 means the default time limit found as good a plan.

      Inputs are scenario files or folders; a folder is searched for *.scenario.json, itself and its \
      subfolders one level down (the default, fixtures, holds one folder per city).

      Exit status: 0 when every run planned and validated, 1 when a run failed or a plan broke a rule, \
      2 for bad input.
      """
  )

  @Argument(help: "City scenarios (.scenario.json files, or folders holding them).")
  var inputs: [String] = ["fixtures"]

  @Option(help: "The planner's time limit in seconds (as `waste-route plan --time-limit`).")
  var timeLimit: Double = 10

  @Option(help: "The long run's time limit as a multiple of --time-limit; 0 skips the long runs.")
  var longFactor: Double = 10

  @Option(help: "Seed of the solver's random choices.")
  var seed: UInt64 = 1

  @Option(help: "Cooperating searches per plan (default: one per core, as `waste-route plan`).")
  var threads: Int?

  @Option(help: "Write the report to PREFIX.md and the rows to PREFIX.csv.")
  var out: String?

  func validate() throws {
    guard timeLimit.isFinite, timeLimit > 0 else {
      throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
    }
    guard longFactor.isFinite, longFactor >= 0 else {
      throw ValidationError("--long-factor must be 0 or more, not \(longFactor)")
    }
    if let threads, !(1...256).contains(threads) {
      throw ValidationError("--threads must be from 1 to 256, not \(threads)")
    }
  }

  func run() async throws {
    let paths: [String]
    do {
      paths = try Self.scenarioPaths(in: inputs)
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
    var context = RunContext.now()
    let runner = CityBenchmark(timeLimit: timeLimit, longFactor: longFactor, seed: seed, threads: threads)
    let progress = BenchProgress()
    let rows = await runner.run(paths, progress: progress)
    progress.done()
    context.finish()
    let table = CityBenchmark.table(rows, settings: runner, context: context)
    try table.emit(prefix: out)
    let failed = rows.filter { !$0.isValid }
    if !failed.isEmpty {
      printError("\(failed.count) of \(rows.count) runs FAILED:")
      for row in failed { printError("  \(row.city) \(row.timeLimit) s: \(row.error ?? "invalid")", prefix: false) }
      throw ExitCode(1)
    }
  }

  /// The scenario files named by `inputs`, in the order given; each folder's in name order.
  static func scenarioPaths(in inputs: [String]) throws -> [String] {
    let manager = FileManager.default
    func isFolder(_ path: String) -> Bool {
      var folder: ObjCBool = false
      return manager.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }
    func scenarios(in folder: String) -> [String] {
      ((try? manager.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".scenario.json") }.sorted()
        .map { (folder as NSString).appendingPathComponent($0) }
    }
    var paths: [String] = []
    for input in inputs {
      guard manager.fileExists(atPath: input) else {
        throw BenchInputError(description: "\(input): no such file or folder")
      }
      guard isFolder(input) else {
        paths.append(input)
        continue
      }
      var found = scenarios(in: input)
      let subfolders = ((try? manager.contentsOfDirectory(atPath: input)) ?? []).sorted()
        .map { (input as NSString).appendingPathComponent($0) }.filter(isFolder)
      for subfolder in subfolders { found += scenarios(in: subfolder) }
      guard !found.isEmpty else {
        throw BenchInputError(description: "\(input): no *.scenario.json in it or in its subfolders")
      }
      paths += found
    }
    return paths
  }
}

/// One planned day of a city benchmark.
struct CityRow: Sendable, Equatable {
  var city: String
  var bins = 0
  var timeLimit: Double
  var isLong = false
  /// Planning end to end, and up to the start of the search.
  var seconds: Double?
  var secondsBeforeSearch: Double?
  var objective: Double?
  var kilometres: Double?
  var hours: Double?
  var trucksUsed: Int?
  var trucksAvailable: Int?
  var trips: Int?
  var binsEmptied: Int?
  var requiredEmptied: Int?
  var required: Int?
  var optionalEmptied: Int?
  var optional: Int?
  /// Whether the plan exists and passed the validator.
  var isValid = false
  var violations = 0
  /// objective(default run) / objective(this run), on the long run's row.
  var qualityRatio: Double?
  var error: String?

  /// The line printed as the run finishes.
  var progressLine: String {
    let label = "\(city), \(formatted(timeLimit)) s"
    guard let objective, isValid else { return "\(label): FAILED: \(error ?? "invalid plan")" }
    let ratio = qualityRatio.map { String(format: ", ratio %.4f", $0) } ?? ""
    return String(
      format: "%@: objective %.2f, %.1f km, %d bins, %d trucks, valid, %.1f s%@", label, objective,
      kilometres ?? 0, binsEmptied ?? 0, trucksUsed ?? 0, seconds ?? 0, ratio)
  }
}

/// The city benchmark's settings and runs (separate from the command so tests can run it).
struct CityBenchmark: Sendable {
  var timeLimit: Double
  var longFactor: Double
  var seed: UInt64
  var threads: Int?

  /// Plans every scenario at the default limit, then (with a long factor) at the long one.
  func run(_ paths: [String], progress: BenchProgress) async -> [CityRow] {
    let limits = longFactor > 0 ? [timeLimit, timeLimit * longFactor] : [timeLimit]
    let total = paths.count * limits.count
    var rows: [CityRow] = []
    for (cityIndex, path) in paths.enumerated() {
      var defaultObjective: Double?
      for (limitIndex, limit) in limits.enumerated() {
        let counter = "[\(cityIndex * limits.count + limitIndex + 1)/\(total)]"
        let label = "\(counter) \(Self.cityName(path)), \(formatted(limit)) s"
        var row = await plan(path, limit: limit, label: label, progress: progress)
        row.isLong = limitIndex > 0
        if limitIndex == 0 {
          defaultObjective = row.isValid ? row.objective : nil
        } else if let defaultObjective, let objective = row.objective, row.isValid, objective > 0 {
          row.qualityRatio = defaultObjective / objective
        }
        progress.finished("\(counter) \(row.progressLine)")
        rows.append(row)
      }
    }
    return rows
  }

  /// The city's name: the scenario file's name without `.scenario.json`.
  static func cityName(_ path: String) -> String {
    let name = (path as NSString).lastPathComponent
    return name.hasSuffix(".scenario.json") ? String(name.dropLast(".scenario.json".count)) : name
  }

  /// Plans one day and validates the plan. Never throws: problems become a failed row.
  func plan(_ path: String, limit: Double, label: String, progress: BenchProgress) async -> CityRow {
    var row = CityRow(city: Self.cityName(path), timeLimit: limit)
    let scenario: Scenario
    do {
      scenario = try Scenario.load(path: path)
    } catch {
      row.error = "\(path): \(error)"
      return row
    }
    row.bins = scenario.bins.count
    let configuration = SolverConfiguration(
      seed: seed, timeLimit: .milliseconds(Int64((limit * 1_000).rounded())), threads: threads)
    let planner = DailyPlanner(scenario: scenario, scenarioPath: path, configuration: configuration)
    let searchStart = Mutex<Double?>(nil)
    let clock = ContinuousClock()
    let started = clock.now
    let plan: DailyPlan
    do {
      plan = try await planner.plan { step in
        if step.stage == .solving { searchStart.withLock { $0 = $0 ?? step.elapsed } }
        let best = step.bestObjective.map { String(format: ", objective %.2f", $0) } ?? ""
        progress.status(
          "\(label): \(step.stage.rawValue) \(String(format: "%.1f", step.elapsed)) s\(best) – \(step.message)",
          stage: "\(label) \(step.stage.rawValue)")
      }
    } catch {
      row.error = "\(error)"
      return row
    }
    row.seconds = DailyPlanner.seconds(started.duration(to: clock.now))
    row.secondsBeforeSearch = searchStart.withLock { $0 }
    progress.status("\(label): validating", stage: "\(label) validating")
    let network: RoadNetwork
    do {
      network = try await planner.loadNetwork()
    } catch {
      row.error = "\(error)"
      return row
    }
    let violations = PlanValidator(scenario: scenario, network: network).violations(of: plan)
    let totals = plan.totals
    row.objective = plan.settings.objective
    row.kilometres = totals.kilometres
    row.hours = totals.hours
    row.trucksUsed = totals.trucksUsed
    row.trucksAvailable = totals.trucksAvailable
    row.trips = plan.trucks.reduce(0) { $0 + $1.tripCount }
    row.binsEmptied = totals.binsCollected
    row.requiredEmptied = totals.requiredCollected
    row.required = totals.requiredBins
    row.optionalEmptied = totals.optionalCollected
    row.optional = totals.optionalBins
    row.violations = violations.count
    row.isValid = violations.isEmpty
    if let first = violations.first {
      row.error = "\(violations.count) violation\(violations.count == 1 ? "" : "s"), first: \(first)"
    }
    return row
  }

  /// The report: one row per run, then the mean quality ratio.
  static func table(_ rows: [CityRow], settings: CityBenchmark, context: RunContext) -> BenchTable {
    var table = BenchTable(
      title: "waste-route-bench cities",
      columns: [
        .text("city", csv: "city"), .number("bins", csv: "bins"),
        .number("time limit s", csv: "time_limit_s"), .number("seconds", csv: "seconds"),
        .number("before search s", csv: "before_search_s"), .number("objective", csv: "objective"),
        .number("km", csv: "km"), .number("hours", csv: "hours"), .text("trucks", csv: "trucks_used_of_available"),
        .number("trips", csv: "trips"), .number("bins emptied", csv: "bins_emptied"),
        .text("required", csv: "required_emptied_of_selected"), .text("optional", csv: "optional_emptied_of_selected"),
        .text("valid", csv: "valid"), .number("ratio default/long", csv: "quality_ratio"),
      ])
    table.header = context.headerLines + [
      "settings: seed \(settings.seed), time limit \(formatted(settings.timeLimit)) s"
        + (settings.longFactor > 0 ? " and \(formatted(settings.timeLimit * settings.longFactor)) s" : "")
        + ", threads \(settings.threads.map(String.init) ?? "one per core")"
    ]
    for row in rows {
      func ofTotal(_ part: Int?, _ total: Int?) -> String {
        guard let part, let total else { return "" }
        return "\(part)/\(total)"
      }
      table.append([
        row.city, String(row.bins), formatted(row.timeLimit), Cell.fixed(row.seconds, 1),
        Cell.fixed(row.secondsBeforeSearch, 2), Cell.fixed(row.objective, 2), Cell.fixed(row.kilometres, 2),
        Cell.fixed(row.hours, 2), ofTotal(row.trucksUsed, row.trucksAvailable), Cell.integer(row.trips),
        Cell.integer(row.binsEmptied), ofTotal(row.requiredEmptied, row.required),
        ofTotal(row.optionalEmptied, row.optional),
        row.objective == nil ? "failed" : row.isValid ? "yes" : "no (\(row.violations))",
        Cell.fixed(row.qualityRatio, 4),
      ])
    }
    let ratios = rows.compactMap(\.qualityRatio)
    if !ratios.isEmpty {
      let geometricMean = exp(ratios.map { log($0) }.reduce(0, +) / Double(ratios.count))
      table.notes.append(
        String(
          format: "Quality ratio objective(%@ s) / objective(%@ s): geometric mean %.4f over %d cities, worst %.4f.",
          formatted(settings.timeLimit), formatted(settings.timeLimit * settings.longFactor), geometricMean,
          ratios.count, ratios.max() ?? 0))
    }
    table.notes.append(
      "Objective: the trucks' cost plus the prizes of the optional bins left out (the scenario's currency). "
        + "Seconds: planning end to end (network, snapping, forecasts, selection, matrices, search, paths); "
        + "before search: up to the start of the search. Valid: PlanValidator, road paths included.")
    let failed = rows.filter { !$0.isValid }
    if !failed.isEmpty {
      table.notes.append(
        "**Failed runs: \(failed.count)**\n\n"
          + failed.map { "- \($0.city), \(formatted($0.timeLimit)) s: \($0.error ?? "invalid plan")" }
          .joined(separator: "\n"))
    }
    return table
  }
}
