import Foundation
import Logging
import Synchronization

/// A swift-log handler writing one JSON object per line to standard error: `time`, `level`, `label`,
/// `message`, `source` and every metadata key (`hb.request.id`, `job.id`, ...), for log collectors that read
/// JSON lines.
public struct JSONLogHandler: LogHandler {
  /// The metadata every message of this handler carries.
  public var metadata: Logger.Metadata = [:]
  /// The lowest level written.
  public var logLevel: Logger.Level
  private let label: String
  private static let output = Mutex(())

  /// A handler for `label` writing messages of `level` and above.
  public init(label: String, level: Logger.Level = .info) {
    self.label = label
    self.logLevel = level
  }

  /// One metadata value.
  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  /// Writes one line.
  public func log(event: LogEvent) {
    var fields: [String: String] = [:]
    for (key, value) in metadata { fields[key] = "\(value)" }
    for (key, value) in event.metadata ?? [:] { fields[key] = "\(value)" }
    fields["time"] = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    fields["level"] = event.level.rawValue
    fields["label"] = label
    fields["message"] = "\(event.message)"
    fields["source"] = event.source
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard var line = try? encoder.encode(fields) else { return }
    line.append(0x0A)
    Self.output.withLock { _ in FileHandle.standardError.write(line) }
  }
}
