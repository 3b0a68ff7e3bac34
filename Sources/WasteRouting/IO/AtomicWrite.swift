import Foundation

/// Why a file could not be written.
public struct FileWriteError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The path that was to be written.
  public let path: String
  /// The system's explanation, on one line.
  public let message: String

  /// Creates an error.
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  /// `cannot write PATH: MESSAGE`.
  public var description: String { "cannot write \(path): \(message)" }
}

/// Writes `text` as UTF-8 to `path` atomically: readers see either the old file or the complete new one,
/// never a partial write.
///
/// The text goes to a temporary file in the same directory, which is then renamed over `path` (Foundation's
/// `Data.WritingOptions.atomic`). Every output file of the command-line tool is written this way.
///
/// - Throws: ``FileWriteError`` when the directory does not exist or is not writable.
public func writeAtomically(_ text: String, toPath path: String) throws(FileWriteError) {
  do {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  } catch {
    let message = (error as NSError).localizedDescription
    throw FileWriteError(
      path: path, message: message.split(whereSeparator: \.isNewline).joined(separator: " "))
  }
}
