import ArgumentParser
import Foundation
import WasteRouting

extension CollectionPolicy: ExpressibleByArgument {}
extension MultiDayConfiguration.Method: ExpressibleByArgument {}

extension WasteRouteCommand {
  /// `waste-route simulate`: weeks of collection under several policies, on replayed real fill data.
  struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "simulate",
      abstract: "Simulate days of collection under fixed, threshold and lookahead policies.",
      discussion: """
        Each bin of the scenario replays the daily fill increments of one real Edinburgh litter bin \
        (fixtures/edinburgh/fill-increments.csv, or --increments). Each day the sensors report at 05:00, \
        the policy selects the bins, the daily planner routes the trucks on the road network, the plan is \
        validated and executed: emptied bins reset, the others keep filling; a bin full before it is \
        emptied counts as an overflowing bin-day. Policies: fixed (each bin on fixed weekdays, the \
        smallest of 1, 2, 3, 5 visits a week that keeps its mean fill at emptying at or below 80 %, else \
        every working day), threshold (today's planner) and lookahead (the multi-day planner). All run \
        side by side, day by day, from the same warm-up.

        Prints a table per policy; -o writes the JSON report, --svg a chart of daily kilometres and \
        overflowing bins. Exit status: 0 done; 2 unreadable or invalid input; 3 a day's plan failed the \
        validator (internal error); 1 a day could not be planned.
        """
    )

    @Argument(help: "The scenario file (JSON).")
    var scenario: String

    @Option(help: "Days to simulate.")
    var days: Int = 28

    @Option(
      name: .customLong("policy"),
      help: "Policies, repeated or comma-separated: fixed, threshold, lookahead (default: all three).")
    var policyNames: [String] = []

    @Option(help: "Seed of the replay, the sensor noise and the solver.")
    var seed: UInt64 = 1

    @Option(help: "Standard deviation of the sensors' reading error, percentage points.")
    var noise: Double = 0

    @Option(help: "Probability that a morning reading is missing, 0 to 1.")
    var missing: Double = 0

    @Option(help: "Solver time limit per day, seconds.")
    var timeLimit: Double = 2

    @Option(help: "The multi-day planner's horizon, days (today included).")
    var horizon: Int = 5

    @Option(help: "The multi-day assignment: exact (GLPK) or greedy.")
    var assignment: MultiDayConfiguration.Method = .exact

    @Option(help: "The multi-day planner's cost of one expected overflowing bin-day (scenario's currency).")
    var overflowPenalty: Double = MultiDayConfiguration().overflowPenalty

    @Option(help: "The multi-day planner's mean bins per area (0: no areas).")
    var binsPerArea: Int = MultiDayConfiguration().binsPerArea

    @Option(help: "Working days of trucks without a calendar: every-day, mon-sat or mon-fri.")
    var calendar: CalendarChoice = .everyDay

    @Option(help: "The first day, YYYY-MM-DD (default: the scenario's date).")
    var start: String?

    @Option(help: "Fill increments to replay (CSV: site_id, first_day, increments).")
    var increments: String?

    @Option(help: "Cooperating searches per solve (default: one per core).")
    var threads: Int?

    @Flag(help: "Also check each day's road paths when validating (slower).")
    var validatePaths = false

    @Option(name: [.short, .long], help: "Where to write the report (JSON).")
    var output: String?

    @Option(help: "Where to write a chart of daily kilometres and overflowing bins (SVG).")
    var svg: String?

    enum CalendarChoice: String, ExpressibleByArgument, CaseIterable {
      case everyDay = "every-day"
      case monSat = "mon-sat"
      case monFri = "mon-fri"

      var calendar: TruckCalendar? {
        switch self {
        case .everyDay: nil
        case .monSat: .mondayToSaturday
        case .monFri: .mondayToFriday
        }
      }
    }

    var policies: [CollectionPolicy] {
      get throws {
        let names = policyNames.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        guard !names.isEmpty else { return CollectionPolicy.allCases }
        var result: [CollectionPolicy] = []
        for name in names {
          guard let policy = CollectionPolicy(rawValue: name) else {
            throw ValidationError("--policy must be fixed, threshold or lookahead, not \(name)")
          }
          if !result.contains(policy) { result.append(policy) }
        }
        return result
      }
    }

    func validate() throws {
      guard (1...366).contains(days) else { throw ValidationError("--days must be from 1 to 366, not \(days)") }
      guard noise.isFinite, (0...50).contains(noise) else {
        throw ValidationError("--noise must be 0 to 50 percentage points, not \(noise)")
      }
      guard missing.isFinite, (0...1).contains(missing) else {
        throw ValidationError("--missing must be a probability from 0 to 1, not \(missing)")
      }
      guard timeLimit.isFinite, timeLimit > 0 else {
        throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
      }
      guard (1...14).contains(horizon) else { throw ValidationError("--horizon must be 1 to 14 days, not \(horizon)") }
      guard overflowPenalty.isFinite, (0...1_000_000).contains(overflowPenalty) else {
        throw ValidationError("--overflow-penalty must be from 0 to 1000000, not \(overflowPenalty)")
      }
      guard (0...10_000).contains(binsPerArea) else {
        throw ValidationError("--bins-per-area must be from 0 to 10000, not \(binsPerArea)")
      }
      if let start, CalendarDay(start) == nil { throw ValidationError("--start must be a date YYYY-MM-DD, not \(start)") }
      if let threads, !(1...256).contains(threads) {
        throw ValidationError("--threads must be from 1 to 256, not \(threads)")
      }
      _ = try policies
      if let output, let svg, output == svg { throw ValidationError("-o and --svg name the same file \(output)") }
    }

    func run() async throws {
      let loaded: Scenario
      do {
        loaded = try Scenario.load(path: scenario)
      } catch {
        printError("\(scenario): \(error)")
        throw ExitCode(2)
      }
      let incrementsPath = increments ?? DefaultCity.locate("fixtures/edinburgh/fill-increments.csv")
      guard let incrementsPath else {
        printError("no --increments given and the bundled fixtures/edinburgh/fill-increments.csv was not found")
        throw ExitCode(2)
      }
      let series: [FillIncrementSeries]
      do {
        series = try FillIncrementSeries.load(path: incrementsPath)
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
      for path in [output, svg].compactMap({ $0 }) {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
          printError("cannot write \(path): the folder \(folder) does not exist")
          throw ExitCode(2)
        }
      }
      let chosen = try policies
      let configuration = SimulationConfiguration(
        days: days, startDate: start.flatMap(CalendarDay.init), seed: seed, sensorNoise: noise,
        missingReadings: missing, timeLimit: timeLimit, threads: threads,
        lookahead: MultiDayConfiguration(
          horizonDays: horizon, overflowPenalty: overflowPenalty, method: assignment, binsPerArea: binsPerArea),
        defaultCalendar: calendar.calendar, validatesPaths: validatePaths)
      let simulation = Simulation(
        scenario: loaded, scenarioPath: scenario, increments: series, configuration: configuration)
      let report: SimulationReport
      do {
        report = try await simulation.run(policies: chosen) { step in
          guard let day = step.result else { return }
          printError(
            "day \(step.day + 1)/\(days) \(day.date) \(step.policy.rawValue): \(day.binsEmptied) bins, "
              + String(format: "%.1f km, %d trucks, %d overflowing, %.1f s", day.kilometres, day.trucksUsed,
                       day.overflowBins, day.seconds),
            prefix: false)
        }
      } catch let error as SimulationError {
        printError("\(scenario): \(error)")
        switch error {
        case .invalidConfiguration: throw ExitCode(2)
        case .invalidPlan: throw ExitCode(3)
        case .planning: throw ExitCode(1)
        }
      } catch let error as ScenarioError {
        printError("\(scenario): \(error)")
        throw ExitCode(2)
      }
      print(Self.table(report))
      do {
        if let output {
          let encoder = JSONEncoder()
          encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
          try writeAtomically(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n", toPath: output)
        }
        if let svg { try SimulationChart().write(report, toPath: svg) }
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
    }

    /// The summary table, one row per policy, with percentages against the first policy.
    static func table(_ report: SimulationReport) -> String {
      var lines = [
        "\(report.scenario): \(report.days) days from \(report.startDate), seed \(report.seed), "
          + "\(report.binCount) bins, noise \(report.sensorNoise) pp, missing \(report.missingReadings)",
        "| policy | km | driving h | crew h | trucks/day | bins emptied | mean fill at emptying | overflow bin-days | overflow L | cost | s/day |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      ]
      for policy in report.policies {
        let s = policy.summary
        lines.append(
          "| \(policy.policy.rawValue) | "
            + String(
              format: "%.1f | %.1f | %.1f | %.2f | %d | %.1f %% | %d | %.0f | %.0f | %.1f |", s.kilometres,
              s.drivingHours, s.crewHours, s.trucksPerDay, s.binsEmptied, s.meanFillAtEmptying, s.overflowBinDays,
              s.overflowLitres, s.cost, s.secondsPerDay))
      }
      return lines.joined(separator: "\n")
    }
  }
}
