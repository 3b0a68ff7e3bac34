import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of one (instance, seed) run.
struct BenchRow: Sendable {
  var instance: String
  var seed: UInt64
  var customers = 0
  var timeLimit: Double?
  /// The evaluator's cost, in reported units.
  var cost: Double?
  var formattedCost = ""
  var bestKnown: Double?
  var routes = 0
  var iterations = 0
  var stopReason = ""
  /// The solve call alone, and the whole run (reading, solving, checking, writing).
  var solveSeconds: Double?
  var wallSeconds: Double?
  /// Whether the evaluator accepted the solution and its cost.
  var isFeasible = false
  var error: String?

  /// `100 (cost - bks) / bks`, for feasible runs with a best-known cost.
  var gap: Double? {
    guard isFeasible, let cost, let bestKnown, bestKnown > 0 else { return nil }
    return 100 * (cost - bestKnown) / bestKnown
  }

  /// One line for standard error as the run finishes.
  var progressLine: String {
    guard isFeasible else { return "\(instance) seed \(seed): FAILED: \(error ?? "infeasible")" }
    let gapText = gap.map { String(format: " (gap %.2f %%)", $0) } ?? ""
    let time = String(format: "%.2f", solveSeconds ?? 0)
    return "\(instance) seed \(seed): \(formattedCost)\(gapText) in \(time) s"
  }
}

/// The machine a benchmark ran on.
struct Machine: Sendable {
  var cores: Int
  var architecture: String
  var system: String
  var processor: String?

  static func current() -> Machine {
    var names = utsname()
    uname(&names)
    func string<T>(_ field: T) -> String {
      withUnsafeBytes(of: field) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
      }
    }
    let processor = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
      .split(separator: "\n").first { $0.hasPrefix("model name") }
      .flatMap { $0.split(separator: ":", maxSplits: 1).last }
      .map { $0.trimmingCharacters(in: .whitespaces) }
    return Machine(
      cores: ProcessInfo.processInfo.activeProcessorCount, architecture: string(names.machine),
      system: "\(string(names.sysname)) \(string(names.release))", processor: processor)
  }

  var description: String {
    "\(cores) cores, \(architecture), \(system)" + (processor.map { ", \($0)" } ?? "")
  }
}

/// The Markdown and CSV reports of a benchmark.
struct BenchReport {
  var rows: [BenchRow]
  var settings: BenchSettings
  var machine: Machine
  var started: Date
  var jobs: Int
  var commandLine: [String]

  /// Size classes by number of customers, as in the README's table.
  static let sizeClasses: [(label: String, range: ClosedRange<Int>)] = [
    ("< 100", 0...99), ("100–300", 100...299), ("300–600", 300...599), ("600–1000", 600...1000),
    ("> 1000", 1001...Int.max),
  ]

  func markdown() -> String {
    var lines = [
      "# waste-route-bench",
      "",
      "- date: \(ISO8601DateFormatter().string(from: started))",
      "- machine: \(machine.description)",
      "- build: \(Self.buildConfiguration)",
      "- settings: strategy \(settings.strategy.rawValue), \(settings.threads) thread(s), refinement "
      + "\(settings.refinement ? "on" : "off"), time limit \(settings.timeRule), "
        + "max iterations \(settings.maxIterations.map(String.init) ?? "none"), "
        + "seeds \(settings.seeds.map(String.init).joined(separator: " ")), "
        + "\(jobs) run\(jobs == 1 ? "" : "s") at a time",
      "- command: `\(command)` (in `\(FileManager.default.currentDirectoryPath)`)",
      "",
      "| instance | n | seed | cost | BKS | gap % | seconds | routes | iterations |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows {
      let cells = [
        row.instance, String(row.customers), String(row.seed),
        row.isFeasible ? row.formattedCost : "**FAILED**", row.bestKnown.map(formatted) ?? "–",
        Self.fixed(row.gap), Self.fixed(row.solveSeconds),
        row.isFeasible ? String(row.routes) : "–", String(row.iterations),
      ]
      lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    lines += [
      "",
      "| runs | count | failed | mean gap % | worst gap % | mean seconds |",
      "|---|---:|---:|---:|---:|---:|",
      summaryLine("all", rows),
    ]
    for (label, range) in Self.sizeClasses {
      // A run whose instance could not be read has no size; it counts under "all" only.
      let members = rows.filter { $0.customers > 0 && range.contains($0.customers) }
      if !members.isEmpty { lines.append(summaryLine("\(label) customers", members)) }
    }
    let failed = rows.filter { !$0.isFeasible }
    if !failed.isEmpty {
      lines += ["", "**Failed runs: \(failed.count)**", ""]
      lines += failed.map { "- \($0.instance) seed \($0.seed): \($0.error ?? "infeasible")" }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The command line, with the executable's name alone.
  private var command: String {
    let name = commandLine.first.map { ($0 as NSString).lastPathComponent } ?? "waste-route-bench"
    return ([name] + commandLine.dropFirst()).map(Self.shellQuoted).joined(separator: " ")
  }

  private func summaryLine(_ label: String, _ members: [BenchRow]) -> String {
    let gaps = members.compactMap(\.gap)
    let times = members.compactMap(\.solveSeconds)
    let failed = members.filter { !$0.isFeasible }.count
    let meanGap = gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count)
    let meanTime = times.isEmpty ? nil : times.reduce(0, +) / Double(times.count)
    return "| \(label) | \(members.count) | \(failed) | \(Self.fixed(meanGap)) | \(Self.fixed(gaps.max())) | "
      + "\(Self.fixed(meanTime)) |"
  }

  /// One row per run, with the columns of the peers' `compare.py` first.
  func csv() -> String {
    var lines = [
      "solver,instance,customers,time_limit,seed,cost,feasible,routes,bks,gap_pct,wall_s,solve_s,version,"
        + "errors,strategy,iterations,stop_reason"
    ]
    for row in rows {
      func decimals(_ value: Double?, _ count: Int) -> String {
        value.map { String(format: "%.\(count)f", $0) } ?? ""
      }
      let fields: [String] = [
        "waste-route", row.instance, String(row.customers), decimals(row.timeLimit, 3), String(row.seed),
        row.cost == nil ? "" : row.formattedCost, row.isFeasible ? "true" : "false", String(row.routes),
        row.bestKnown.map(formatted) ?? "", decimals(row.gap, 4), decimals(row.wallSeconds, 3),
        decimals(row.solveSeconds, 3), Self.version, row.error ?? "",
        settings.strategy.rawValue, String(row.iterations), row.stopReason,
      ]
      lines.append(fields.map(Self.csvQuoted).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The version reported in the CSV, as `waste-route --version` prints it.
  static let version = "0.1.0"

  static var buildConfiguration: String {
    #if DEBUG
    "debug (about ten times slower than release: build with -c release for real numbers)"
    #else
    "release"
    #endif
  }

  /// Two decimals, without a minus sign on values that round to zero (a cost 0.01 below a BKS given
  /// to two decimals).
  private static func fixed(_ value: Double?) -> String {
    guard let value else { return "–" }
    let rounded = (value * 100).rounded() / 100
    return String(format: "%.2f", rounded == 0 ? 0 : rounded)
  }

  private static func csvQuoted(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  private static func shellQuoted(_ argument: String) -> String {
    let safe = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@".contains($0) }
    guard !safe || argument.isEmpty else { return argument }
    return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
