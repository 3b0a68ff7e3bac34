/// Why a waste-collection VRPTW instance (Kim, Kim & Sahoo 2006 format) cannot be read.
///
/// The ``description`` is one line, `FILE:LINE: message` (or `FILE: message` when the problem is not on
/// one line, such as a missing disposal site), and names the offending field, stop and value.
public struct WCVRPTWError: FileLocatedError, Equatable, Sendable {
  /// The file name given to the reader.
  public let file: String
  /// The 1-based line of the offending text, when there is one.
  public let line: Int?
  /// What is wrong.
  public let reason: Reason

  /// Creates an error.
  public init(file: String, line: Int?, reason: Reason) {
    self.file = file
    self.line = line
    self.reason = reason
  }

  /// What is wrong with the input. Quoted values are shortened and escaped so a message stays on one line.
  public enum Reason: Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadableFile(String)
    /// The file is larger than the reader accepts.
    case fileTooLarge(bytes: Int, limit: Int)
    /// The file contains a NUL byte, so it is not a text file.
    case binaryContent
    /// The file ends before the five header values and the column header row.
    case missingHeader(field: String)
    /// A header line does not start with a number.
    case invalidHeaderValue(field: String, value: String)
    /// The sixth line, the column header row, looks like a data row.
    case missingColumnHeader
    /// A stop row does not have 8 fields.
    case wrongFieldCount(expected: Int, found: Int)
    /// A field of a stop row is not a number.
    case invalidNumber(field: String, value: String)
    /// A field has a number outside its allowed range; `expected` says what is allowed.
    case invalidValue(field: String, value: String, expected: String)
    /// `Stop_Type` is not 0 (depot), 1 (regular stop) or 2 (disposal facility).
    case unknownStopType(String)
    /// The first stop row is not the depot (type 0).
    case depotNotFirst(stopID: String)
    /// A second row of type 0.
    case secondDepot(stopID: String)
    /// There is no stop row at all.
    case noDepot
    /// No row of type 2.
    case noDisposalSite
    /// Two rows share a `Stop_ID`.
    case duplicateStopID(String, firstLine: Int)
    /// A stop's latest start time is before its earliest.
    case windowClosesBeforeOpening(stopID: String, earliest: String, latest: String)
    /// A stop's load exceeds the vehicle capacity.
    case loadExceedsCapacity(stopID: String, load: String, capacity: String)
    /// More rows than ``WCVRPTW/maximumRows``.
    case tooManyRows(Int, limit: Int)
    /// The instance is read but is not a valid ``Problem``.
    case problem(ProblemError)

    /// A one-line message.
    public var description: String {
      switch self {
      case .unreadableFile(let message): "cannot read the file: \(Self.quoted(message, limit: 120))"
      case .fileTooLarge(let bytes, let limit): "the file has \(bytes) bytes, more than the limit of \(limit)"
      case .binaryContent: "the file contains a NUL byte; it is not a text file"
      case .missingHeader(let field): "the file ends before the \(field) line"
      case .invalidHeaderValue(let field, let value): "\(field): \(Self.quoted(value)) is not a number"
      case .missingColumnHeader:
        "expected the column header row (Stop_ID X Y ...) on line 6, found a data row"
      case .wrongFieldCount(let expected, let found): "a stop row needs \(expected) fields, found \(found)"
      case .invalidNumber(let field, let value): "\(field): \(Self.quoted(value)) is not a number"
      case .invalidValue(let field, let value, let expected):
        "\(field): \(Self.quoted(value)) is not \(expected)"
      case .unknownStopType(let value):
        "Stop_Type: \(Self.quoted(value)) is not 0 (depot), 1 (regular stop) or 2 (disposal facility)"
      case .depotNotFirst(let id):
        "stop \(Self.quoted(id)): the first stop row must be the depot (Stop_Type 0)"
      case .secondDepot(let id):
        "stop \(Self.quoted(id)): a second depot (Stop_Type 0); only one is supported"
      case .noDepot: "no stop rows: the depot row is missing"
      case .noDisposalSite: "no disposal facility (Stop_Type 2)"
      case .duplicateStopID(let id, let firstLine):
        "Stop_ID \(Self.quoted(id)) already appears on line \(firstLine)"
      case .windowClosesBeforeOpening(let id, let earliest, let latest):
        "stop \(Self.quoted(id)): Late_St_Time \(latest) is before Early_St_Time \(earliest)"
      case .loadExceedsCapacity(let id, let load, let capacity):
        "stop \(Self.quoted(id)): load \(load) exceeds the vehicle capacity \(capacity)"
      case .tooManyRows(let rows, let limit): "\(rows) stop rows, more than the supported \(limit)"
      case .problem(let error): "invalid problem: \(error)"
      }
    }

    /// `text` in quotes, escaped and cut to `limit` characters, so it can never break the line.
    static func quoted(_ text: String, limit: Int = 40) -> String {
      let short = text.count > limit ? String(text.prefix(limit)) + "…" : text
      return short.debugDescription
    }
  }
}
