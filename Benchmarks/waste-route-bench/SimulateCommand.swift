import ArgumentParser
import Foundation
import WasteRouting

/// `waste-route-bench simulate`: the collection policies of `waste-route simulate` side by side on one city.
struct SimulateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Simulate weeks of collection on one city under each policy, side by side, for several seeds.",
    discussion: """
      Runs the library's Simulation (as `waste-route simulate`): each bin replays the daily fill increments \
      of one real Edinburgh bin; each morning a policy selects bins from that morning's readings, the day is \
      planned on the road network and checked by the plan validator, emptied bins reset and the others keep \
      filling. Policies: fixed (a fixed round of weekdays by each bin's mean rate), threshold (today's \
      planner) and lookahead (multi-day planning). Every policy runs the same days in turn, so they share \
      the machine's load. One row per seed and policy, then per policy the mean over seeds with the change \
      against the first policy.

      Exit status: 0 when every simulated day planned and validated, 1 when planning failed, 2 for bad \
      input, 3 when a day's plan broke a rule.
      """
  )

  @Argument(help: "The city scenario.")
  var scenario = "fixtures/heidelberg/heidelberg.scenario.json"

  @Option(help: "Days to simulate.")
  var days = 28

  @Option(parsing: .upToNextOption, help: "Seeds of the replay and the solver; each runs every policy.")
  var seeds: [UInt64] = [1]

  @Option(parsing: .upToNextOption, help: "Policies, in the table's order (fixed, threshold, lookahead).")
  var policies: [CollectionPolicy] = CollectionPolicy.allCases

  @Option(help: "Solver time limit per day, seconds.")
  var timeLimit: Double = 2

  @Option(help: "The lookahead policy's horizon, days (today included).")
  var horizon = 5

  @Option(help: "Fill increments to replay (default: fixtures/edinburgh/fill-increments.csv).")
  var increments = "fixtures/edinburgh/fill-increments.csv"

  @Option(help: "Cooperating searches per solve (default: one per core).")
  var threads: Int?

  @Flag(help: "Also check each day's road paths against the network (slower).")
  var validatePaths = false

  @Option(help: "Write the report to PREFIX.md and the rows to PREFIX.csv.")
  var out: String?

  func validate() throws {
    guard (1...366).contains(days) else { throw ValidationError("--days must be from 1 to 366, not \(days)") }
    guard !seeds.isEmpty else { throw ValidationError("give at least one seed") }
    guard !policies.isEmpty else { throw ValidationError("give at least one policy") }
    guard timeLimit.isFinite, timeLimit > 0 else {
      throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
    }
    guard (1...14).contains(horizon) else { throw ValidationError("--horizon must be 1 to 14 days, not \(horizon)") }
    if let threads, !(1...256).contains(threads) {
      throw ValidationError("--threads must be from 1 to 256, not \(threads)")
    }
  }

  func run() async throws {
    let loaded: Scenario
    let series: [FillIncrementSeries]
    do {
      loaded = try Scenario.load(path: scenario)
      series = try FillIncrementSeries.load(path: increments)
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
    var context = RunContext.now()
    let progress = BenchProgress()
    var reports: [(seed: UInt64, report: SimulationReport)] = []
    for (index, seed) in seeds.enumerated() {
      let configuration = SimulationConfiguration(
        days: days, seed: seed, timeLimit: timeLimit, threads: threads,
        lookahead: MultiDayConfiguration(horizonDays: horizon), validatesPaths: validatePaths)
      let simulation = Simulation(
        scenario: loaded, scenarioPath: scenario, increments: series, configuration: configuration)
      let label = "[seed \(seed), \(index + 1)/\(seeds.count)]"
      do {
        let report = try await simulation.run(policies: policies) { step in
          guard let day = step.result else { return }
          let line = String(
            format: "%@ day %d/%d %@ %@: %d bins, %.1f km, %d trucks, %d overflowing, %.1f s", label, step.day + 1,
            days, day.date.description, step.policy.rawValue, day.binsEmptied, day.kilometres, day.trucksUsed,
            day.overflowBins, day.seconds)
          progress.status(line, stage: line)
        }
        reports.append((seed, report))
        progress.finished("\(label) done: " + report.policies.map { "\($0.policy.rawValue) \(Cell.fixed($0.summary.kilometres, 1)) km" }.joined(separator: ", "))
      } catch {
        progress.done()
        printError("\(scenario): seed \(seed): \(error)")
        switch error {
        case SimulationError.invalidConfiguration: throw ExitCode(2)
        case SimulationError.invalidPlan: throw ExitCode(3)
        case is ScenarioError: throw ExitCode(2)
        default: throw ExitCode(1)
        }
      }
    }
    progress.done()
    context.finish()
    let table = Self.table(reports, settings: self, context: context)
    try table.emit(prefix: out)
  }

  /// One row per seed and policy, then per policy the mean over seeds and its change against the first.
  static func table(
    _ reports: [(seed: UInt64, report: SimulationReport)], settings: SimulateCommand, context: RunContext
  ) -> BenchTable {
    var table = BenchTable(
      title: "waste-route-bench simulate",
      columns: [
        .text("policy", csv: "policy"), .text("seed", csv: "seed"), .number("km", csv: "km"),
        .number("driving h", csv: "driving_hours"), .number("crew h", csv: "crew_hours"),
        .number("trucks/day", csv: "trucks_per_day"), .number("bins emptied", csv: "bins_emptied"),
        .number("mean fill at emptying %", csv: "mean_fill_at_emptying_pct"),
        .number("overflow bin-days", csv: "overflow_bin_days"), .number("overflow L", csv: "overflow_litres"),
        .number("required left out", csv: "required_left_out"), .number("cost", csv: "cost"),
        .number("s/day", csv: "seconds_per_day"),
      ])
    let first = reports.first?.report
    table.header = context.headerLines + [
      "city: \(settings.scenario) (\(first?.binCount ?? 0) bins), \(settings.days) days from "
        + "\(first.map { "\($0.startDate)" } ?? "?"), fills replayed from \(settings.increments)",
      "settings: seeds \(settings.seeds.map(String.init).joined(separator: " ")), time limit "
        + "\(formatted(settings.timeLimit)) s per day, horizon \(settings.horizon) days, threads "
        + "\(settings.threads.map(String.init) ?? "one per core")",
    ]
    func cells(_ policy: String, _ seed: String, _ s: SimulationReport.Summary) -> [String] {
      [
        policy, seed, Cell.fixed(s.kilometres, 1), Cell.fixed(s.drivingHours, 1), Cell.fixed(s.crewHours, 1),
        Cell.fixed(s.trucksPerDay, 2), String(s.binsEmptied), Cell.fixed(s.meanFillAtEmptying, 1),
        String(s.overflowBinDays), Cell.fixed(s.overflowLitres, 0), String(s.requiredLeftOut),
        Cell.fixed(s.cost, 0), Cell.fixed(s.secondsPerDay, 2),
      ]
    }
    for (seed, report) in reports {
      for result in report.policies { table.append(cells(result.policy.rawValue, String(seed), result.summary)) }
    }
    var means: [(policy: CollectionPolicy, km: Double, crew: Double, overflow: Double)] = []
    for policy in settings.policies {
      let summaries = reports.compactMap { $0.report.policies.first { $0.policy == policy }?.summary }
      guard !summaries.isEmpty else { continue }
      func mean(_ value: (SimulationReport.Summary) -> Double) -> Double {
        summaries.map(value).reduce(0, +) / Double(summaries.count)
      }
      if reports.count > 1 {
        table.append([
          policy.rawValue, "mean", Cell.fixed(mean(\.kilometres), 1), Cell.fixed(mean(\.drivingHours), 1),
          Cell.fixed(mean(\.crewHours), 1), Cell.fixed(mean(\.trucksPerDay), 2),
          Cell.fixed(mean { Double($0.binsEmptied) }, 1), Cell.fixed(mean(\.meanFillAtEmptying), 1),
          Cell.fixed(mean { Double($0.overflowBinDays) }, 1), Cell.fixed(mean(\.overflowLitres), 0),
          Cell.fixed(mean { Double($0.requiredLeftOut) }, 1), Cell.fixed(mean(\.cost), 0),
          Cell.fixed(mean(\.secondsPerDay), 2),
        ])
      }
      means.append((policy, mean(\.kilometres), mean(\.crewHours), mean { Double($0.overflowBinDays) }))
    }
    if let base = means.first, means.count > 1 {
      func change(_ value: Double, _ reference: Double) -> String {
        reference > 0 ? String(format: "%+.1f %%", 100 * (value - reference) / reference) : "–"
      }
      let lines = means.dropFirst().map {
        "\($0.policy.rawValue): km \(change($0.km, base.km)), crew hours \(change($0.crew, base.crew)), "
          + "overflow bin-days \(change($0.overflow, base.overflow))"
      }
      table.notes.append(
        "Against \(base.policy.rawValue) (means over seeds): " + lines.joined(separator: "; ") + ".")
    }
    table.notes.append(
      "Every simulated day's plan passed the plan validator"
        + (settings.validatePaths ? ", road paths included" : " (without the road-path checks: --validate-paths adds them)")
        + "; a day that breaks a rule stops the run with exit status 3. Overflow bin-days: days a bin reached "
        + "100 % before it was emptied.")
    return table
  }
}

extension CollectionPolicy: ExpressibleByArgument {}
