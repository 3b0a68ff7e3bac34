import ArgumentParser
import Foundation
import Hummingbird
import Logging
import RouteService

/// Starts the reference service.
@main
struct RouteServiceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "route-service",
    abstract: "Plan waste-collection days over HTTP: submit scenarios, poll jobs, fetch plans.",
    discussion: """
      The API is described by GET /openapi.json. Scenarios name their road network relative to the data \
      folder (--data-folder); SIGINT or SIGTERM shuts the service down gracefully, cancelling every job.
      """)

  @Option(help: "The host name or address to listen on.")
  var host = "127.0.0.1"

  @Option(help: "The TCP port to listen on.")
  var port = 8080

  @Option(help: "The folder road network paths in scenarios are relative to (they must stay inside it).")
  var dataFolder = "."

  @Option(help: "Jobs planned at once (default: one per core).")
  var maxConcurrentJobs = ProcessInfo.processInfo.activeProcessorCount

  @Option(help: "Jobs that may wait for a slot; more submissions are refused with 503.")
  var maxQueuedJobs = 100

  @Option(help: "Finished jobs kept for clients (the oldest is forgotten first).")
  var maxFinishedJobs = 1_000

  @Option(help: "The time limit of a job whose submission names none, in seconds.")
  var defaultTimeLimit = 10.0

  @Option(help: "The longest time limit a submission may ask for, in seconds.")
  var maxTimeLimit = 600.0

  @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
  var logLevel = "info"

  @Option(help: "Log format: json (one object per line) or text.")
  var logFormat = "json"

  func validate() throws {
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level: unknown level \"\(logLevel)\"")
    }
    guard logFormat == "json" || logFormat == "text" else {
      throw ValidationError("--log-format: expected json or text, found \"\(logFormat)\"")
    }
    guard maxConcurrentJobs > 0 else { throw ValidationError("--max-concurrent-jobs: must be at least 1") }
    guard defaultTimeLimit > 0, defaultTimeLimit <= maxTimeLimit else {
      throw ValidationError("--default-time-limit: must be above 0 and at most --max-time-limit")
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dataFolder, isDirectory: &isFolder), isFolder.boolValue else {
      throw ValidationError("--data-folder: \(dataFolder) is not a folder")
    }
  }

  func run() async throws {
    let level = Logger.Level(rawValue: logLevel) ?? .info
    let json = logFormat == "json"
    LoggingSystem.bootstrap { label in
      if json { return JSONLogHandler(label: label, level: level) }
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    let configuration = ServiceConfiguration(
      host: host, port: port, dataFolder: dataFolder, maxConcurrentJobs: maxConcurrentJobs,
      maxQueuedJobs: maxQueuedJobs, maxFinishedJobs: maxFinishedJobs,
      defaultTimeLimitSeconds: defaultTimeLimit, maxTimeLimitSeconds: maxTimeLimit)
    let logger = Logger(label: "route-service")
    logger.info(
      "starting",
      metadata: [
        "host": "\(host)", "port": "\(port)", "dataFolder": "\(DataFolder(dataFolder).root)",
        "slots": "\(configuration.maxConcurrentJobs)",
      ])
    try await RouteService.application(configuration: configuration, logger: logger).runService()
  }
}
