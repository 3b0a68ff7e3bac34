/// An error in an input file, located by the file's name and, when it is on one line, its line number.
public protocol FileLocatedError: Error, CustomStringConvertible {
  /// What is wrong, as a one-line message.
  associatedtype Reason: CustomStringConvertible
  /// The file name given to the reader.
  var file: String { get }
  /// The 1-based line of the offending text, when there is one.
  var line: Int? { get }
  /// What is wrong.
  var reason: Reason { get }
}

extension FileLocatedError {
  /// `FILE:LINE: message`, or `FILE: message` when the problem is not on one line.
  public var description: String {
    if let line { "\(file):\(line): \(reason)" } else { "\(file): \(reason)" }
  }
}
