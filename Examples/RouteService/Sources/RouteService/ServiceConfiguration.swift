import Foundation

/// How the service runs: where it listens, where road networks come from and how much work it takes on.
public struct ServiceConfiguration: Sendable {
  /// The host name or address to listen on.
  public var host: String
  /// The TCP port to listen on (0: any free port).
  public var port: Int
  /// The folder that submitted scenarios name road networks in: `roadNetwork.path` is resolved against it
  /// and must stay inside it.
  public var dataFolder: String
  /// Jobs planned at once; further jobs wait in the queue (default: one per core).
  public var maxConcurrentJobs: Int
  /// Jobs that may wait in the queue; a submission beyond that is refused with 503.
  public var maxQueuedJobs: Int
  /// Finished jobs kept for polling and fetching; the oldest finished job is forgotten beyond that.
  public var maxFinishedJobs: Int
  /// How long a finished job is kept, in seconds, unless the client forgets it first (`DELETE`).
  public var finishedJobRetentionSeconds: Double
  /// The search's time limit when a submission names none, in seconds.
  public var defaultTimeLimitSeconds: Double
  /// The longest time limit a submission may ask for, in seconds.
  public var maxTimeLimitSeconds: Double
  /// The largest request body accepted, in bytes.
  public var maxBodyBytes: Int

  /// Creates a configuration.
  public init(
    host: String = "127.0.0.1", port: Int = 8080, dataFolder: String = ".",
    maxConcurrentJobs: Int = ProcessInfo.processInfo.activeProcessorCount, maxQueuedJobs: Int = 100,
    maxFinishedJobs: Int = 1_000, finishedJobRetentionSeconds: Double = 3_600,
    defaultTimeLimitSeconds: Double = 10, maxTimeLimitSeconds: Double = 600,
    maxBodyBytes: Int = 32 << 20
  ) {
    self.host = host
    self.port = port
    self.dataFolder = dataFolder
    self.maxConcurrentJobs = max(1, maxConcurrentJobs)
    self.maxQueuedJobs = max(0, maxQueuedJobs)
    self.maxFinishedJobs = max(1, maxFinishedJobs)
    self.finishedJobRetentionSeconds = finishedJobRetentionSeconds
    self.defaultTimeLimitSeconds = defaultTimeLimitSeconds
    self.maxTimeLimitSeconds = maxTimeLimitSeconds
    self.maxBodyBytes = maxBodyBytes
  }
}
