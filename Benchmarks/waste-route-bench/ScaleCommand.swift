import ArgumentParser
import Foundation
import WasteRouting

#if canImport(Glibc)
import Glibc
#endif

/// `waste-route-bench scale`: city-scale days of growing size from one seeded generator, planned end to end.
struct ScaleCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scale",
    abstract: "Generate synthetic city-scale days (SyntheticCity) of several sizes, plan each, report the steps.",
    discussion: """
      Loads the road network once, then for each size (ascending) generates the day's scenario with \
      SyntheticCity (one weekday's district of a city with a real city's bin density; see its \
      documentation), writes it to the output folder (with the network path made absolute, so \
      `waste-route plan` and `validate` read it from anywhere), plans it with DailyPlanner (the solver's \
      default time limit grows with the day unless --time-limit is given), checks the plan with \
      PlanValidator (including the road paths) and writes it next to the scenario. It prints a Markdown \
      table: stops and trucks, seconds to generate, to snap and select, for the travel-time matrices \
      (times and lengths; wall and CPU seconds), to the first feasible plan after the search started, in \
      the search (wall and CPU), CPU milliseconds per iteration, for the paths, the whole plan (wall and \
      CPU), in validation; the iterations, the objective, and the \
      process's peak resident memory after the size (sizes run ascending, so each row's peak is that \
      size's, or an earlier larger one's). --generate-only writes the scenarios and stops.

      Exit status: 0 when every plan passed validation, 1 when one did not, 2 for bad input.
      """
  )

  @Option(help: "The road network the days are drawn on.")
  var network = "fixtures/heidelberg/heidelberg.test.pbf"

  @Option(parsing: .upToNextOption, help: "Stops per day, one day per size.")
  var sizes: [Int] = [500, 1_000, 2_000, 4_000, 8_000]

  @Option(help: "Seed of the generator.")
  var seed: UInt64 = 1

  @Option(help: "Seed of the solver.")
  var solverSeed: UInt64 = 1

  @Option(help: "The planning day (YYYY-MM-DD).")
  var date = "2026-12-02"

  @Option(help: "Solver time limit in seconds (default: the planner's, which grows with the day).")
  var timeLimit: Double?

  @Option(help: "Cooperating searches (default: one per core).")
  var threads: Int?

  @Option(help: "Recombine pooled routes with GLPK (on or off).")
  var refinement = "on"

  @Option(name: .shortAndLong, help: "Folder for the scenarios and plans (created if needed).")
  var output = "cityscale"

  @Flag(help: "Only write the scenarios.")
  var generateOnly = false

  func validate() throws {
    guard !sizes.isEmpty, sizes.allSatisfy({ (1...100_000).contains($0) }) else {
      throw ValidationError("--sizes must be stop counts from 1 to 100000")
    }
    if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
      throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
    }
    if let threads, !(1...256).contains(threads) {
      throw ValidationError("--threads must be from 1 to 256, not \(threads)")
    }
    guard CalendarDay(date) != nil else { throw ValidationError("--date must be YYYY-MM-DD, not \(date)") }
    guard ["on", "off"].contains(refinement) else { throw ValidationError("--refinement must be on or off") }
  }

  /// One size's measurements.
  struct Row {
    var stops = 0
    var offered = 0
    var trucks = 0
    var generate = 0.0
    var prepare = 0.0
    var matrices = 0.0
    var matricesCPU = 0.0
    var searchCPU = 0.0
    var totalCPU = 0.0
    var total = 0.0
    var firstFeasible: Double?
    var search = 0.0
    var iterations = 0
    var threads = 1
    var paths = 0.0
    var validation = 0.0
    var objective = 0.0
    var violations = 0
    var excluded = 0
    var peakMegabytes = 0.0
    var timeLimit = 0.0
  }

  func run() async throws {
    guard let day = CalendarDay(date) else { throw ExitCode(2) }
    let networkPath = URL(fileURLWithPath: network).standardizedFileURL.path
    let roads: RoadNetwork
    let loadStart = ContinuousClock.now
    do {
      roads = try await RoadNetwork.load(path: networkPath, profile: .refuseTruck)
    } catch {
      FileHandle.standardError.write(Data("\(network): \(error)\n".utf8))
      throw ExitCode(2)
    }
    let loadSeconds = Self.seconds(ContinuousClock.now - loadStart)
    do {
      try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    } catch {
      FileHandle.standardError.write(Data("\(output): \(error.localizedDescription)\n".utf8))
      throw ExitCode(2)
    }
    print("network \(network): \(roads.nodeCount) junctions, loaded in \(String(format: "%.2f", loadSeconds)) s")
    var rows: [Row] = []
    for size in sizes.sorted() {
      var row = Row()
      row.stops = size
      let generated = ContinuousClock.now
      let scenario = SyntheticCity(stops: size, seed: seed, date: day).scenario(on: roads, networkPath: networkPath)
      row.generate = Self.seconds(ContinuousClock.now - generated)
      row.trucks = scenario.trucks.count
      let base = "\(output)/heidelberg-\(size)"
      do {
        try writeAtomically(String(decoding: scenario.jsonData(), as: UTF8.self), toPath: base + ".scenario.json")
      } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(2)
      }
      guard !generateOnly else {
        print("\(base).scenario.json: \(scenario.bins.count) bins, \(scenario.trucks.count) trucks")
        continue
      }
      try await plan(scenario, path: base, network: roads, row: &row)
      rows.append(row)
      print(Self.line(row))
    }
    guard !generateOnly else { return }
    print("")
    print(Self.table(rows))
    if rows.contains(where: { $0.violations > 0 }) { throw ExitCode(1) }
  }

  /// Plans one day, records its steps and validates it.
  private func plan(_ scenario: Scenario, path base: String, network roads: RoadNetwork, row: inout Row) async throws {
    let configuration = SolverConfiguration(
      seed: solverSeed, timeLimit: timeLimit.map { .milliseconds(Int64(($0 * 1_000).rounded())) },
      refinement: refinement == "on", threads: threads)
    let planner = DailyPlanner(scenario: scenario, scenarioPath: base + ".scenario.json", configuration: configuration)
    let steps = StepLog()
    let cpuBefore = Self.cpuSeconds()
    let plan: DailyPlan
    do {
      plan = try await planner.plan(network: roads) { steps.record($0) }
    } catch {
      FileHandle.standardError.write(Data("\(scenario.name): \(error)\n".utf8))
      throw ExitCode(1)
    }
    let cpuAtStart = Self.cpuSeconds()
    let entries = steps.entries
    let log = entries.map(\.progress)
    func first(_ stage: PlanningProgress.Stage) -> Double? { log.first { $0.stage == stage }?.elapsed }
    func cpu(_ stage: PlanningProgress.Stage) -> Double? { entries.first { $0.progress.stage == stage }?.cpu }
    let snapping = first(.snapping) ?? 0
    let matrices = first(.computingMatrices) ?? snapping
    let solving = first(.solving) ?? matrices
    let paths = first(.tracingPaths) ?? solving
    let finished = first(.finished) ?? paths
    row.prepare = matrices - snapping
    row.matrices = solving - matrices
    row.firstFeasible = log.first { $0.stage == .solving && $0.bestObjective != nil }.map { $0.elapsed - solving }
    row.search = paths - solving
    row.total = finished
    if let a = cpu(.computingMatrices), let b = cpu(.solving), let c = cpu(.tracingPaths) {
      row.matricesCPU = b - a
      row.searchCPU = c - b
    }
    row.totalCPU = (cpu(.finished) ?? cpuAtStart) - cpuBefore
    row.paths = finished - paths
    row.timeLimit = log.first { $0.timeLimit != nil }?.timeLimit ?? 0
    row.iterations = plan.settings.iterations ?? 0
    row.threads = plan.settings.threads ?? 1
    row.objective = plan.settings.objective
    row.offered = plan.bins.filter { $0.selection.status != .skipped }.count
    row.excluded = plan.totals.binsExcluded
    do {
      try writeAtomically(String(decoding: plan.jsonData(), as: UTF8.self), toPath: base + ".plan.json")
    } catch {
      FileHandle.standardError.write(Data("\(error)\n".utf8))
      throw ExitCode(2)
    }
    let validating = ContinuousClock.now
    let violations = PlanValidator(scenario: scenario, network: roads).violations(of: plan)
    row.validation = Self.seconds(ContinuousClock.now - validating)
    row.violations = violations.count
    for violation in violations.prefix(10) { FileHandle.standardError.write(Data("\(base): \(violation)\n".utf8)) }
    row.peakMegabytes = Self.peakResidentMegabytes()
  }

  /// Planning reports, collected from the planner's threads.
  final class StepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [(progress: PlanningProgress, cpu: Double)] = []

    func record(_ progress: PlanningProgress) {
      let cpu = ScaleCommand.cpuSeconds()
      lock.lock()
      log.append((progress, cpu))
      lock.unlock()
    }

    var entries: [(progress: PlanningProgress, cpu: Double)] {
      lock.lock()
      defer { lock.unlock() }
      return log
    }
  }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }

  /// The process's CPU time so far (user and system, all threads), in seconds.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
      + Double(usage.ru_stime.tv_usec) / 1e6
  }

  /// The process's peak resident set so far, in MB.
  static func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1_024
  }

  static func line(_ row: Row) -> String {
    String(
      format: "%d stops: objective %.2f, %d iterations, search %.1f s, first feasible %@, %d violations",
      row.stops, row.objective, row.iterations, row.search,
      row.firstFeasible.map { String(format: "%.2f s", $0) } ?? "none", row.violations)
  }

  static func table(_ rows: [Row]) -> String {
    var lines = [
      "| stops | offered | left out | trucks | generate | snap + select | matrices (CPU) | first feasible | search (limit) | search CPU | iterations | ms CPU / iteration | paths | plan total (CPU) | validate | objective | violations | peak RSS |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows {
      let perIteration = row.iterations > 0 ? row.searchCPU * 1_000 / Double(row.iterations) : 0
      lines.append(
        String(
          format: "| %d | %d | %d | %d | %.2f s | %.2f s | %.2f s (%.1f) | %@ | %.1f s (%.0f) | %.1f s | %d | %.2f | %.2f s | %.1f s (%.1f) | %.2f s | %.2f | %d | %.0f MB |",
          row.stops, row.offered, row.excluded, row.trucks, row.generate, row.prepare, row.matrices, row.matricesCPU,
          row.firstFeasible.map { String(format: "%.2f s", $0) } ?? "—", row.search, row.timeLimit, row.searchCPU,
          row.iterations, perIteration, row.paths, row.total, row.totalCPU, row.validation, row.objective,
          row.violations, row.peakMegabytes))
    }
    return lines.joined(separator: "\n")
  }
}
