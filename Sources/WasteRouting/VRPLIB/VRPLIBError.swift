/// Why a VRPLIB instance or a CVRPLIB solution cannot be read.
///
/// The ``description`` is one line, `FILE:LINE: message` (or `FILE: message` when the problem is not on one
/// line, such as a missing field), and names the offending field and value.
public struct VRPLIBError: FileLocatedError, Equatable, Sendable {
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

  /// What is wrong with the input. Values quoted in messages are shortened and escaped, so that a
  /// message always fits on one line.
  public enum Reason: Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadableFile(String)
    /// The file is larger than the reader accepts.
    case fileTooLarge(bytes: Int, limit: Int)
    /// The file contains a NUL byte, so it is not a text file.
    case binaryContent
    /// The file is not valid UTF-8.
    case invalidUTF8
    /// A line is neither a `KEY : value` field, a section name, a section row nor `EOF`.
    case unexpectedLine(String)
    /// A required header field is absent.
    case missingField(String)
    /// A header field appears twice.
    case duplicateField(String)
    /// A field or section value is not a (finite) number.
    case invalidNumber(field: String, value: String)
    /// A field has a number outside its allowed range; `expected` says what is allowed.
    case invalidValue(field: String, value: String, expected: String)
    /// `DIMENSION` exceeds ``VRPLIB/maximumDimension``.
    case dimensionTooLarge(Int, limit: Int)
    /// A `TYPE`, `EDGE_WEIGHT_TYPE`, `EDGE_WEIGHT_FORMAT` or section this reader does not support.
    case unsupported(field: String, value: String)
    /// A data section starts before `DIMENSION` is known.
    case sectionBeforeDimension(String)
    /// A required section is absent.
    case missingSection(String)
    /// A section appears twice.
    case duplicateSection(String)
    /// A section row has the wrong number of values.
    case wrongTokenCount(section: String, expected: Int, found: Int)
    /// A node id is not in `1...DIMENSION`.
    case nodeOutOfRange(section: String, id: String, dimension: Int)
    /// A node id appears twice in a section.
    case duplicateNode(section: String, id: Int)
    /// A node has no row in a section (the file may be truncated).
    case missingNode(section: String, id: Int)
    /// `DEPOT_SECTION` does not end with `-1` (the file may be truncated).
    case unterminatedDepotSection
    /// `DEPOT_SECTION` lists no depot.
    case noDepot
    /// A node has a negative demand.
    case negativeDemand(node: Int, demand: Int64)
    /// `EDGE_WEIGHT_SECTION` has the wrong number of values for its format and dimension.
    case weightCount(format: String, expected: Int, found: Int)
    /// The instance is read but is not a valid ``Problem``.
    case problem(ProblemError)
    /// A solution file has no `Route #k:` line.
    case noRoutes
    /// A solution names a customer that is not in `1...customerCount`.
    case unknownCustomer(String, customerCount: Int)
    /// A solution has a customer token that is not an integer.
    case invalidCustomer(String)

    /// A one-line message.
    public var description: String {
      switch self {
      case let .unreadableFile(message): "cannot read the file: \(Self.quoted(message, limit: 120))"
      case let .fileTooLarge(bytes, limit): "the file has \(bytes) bytes, more than the limit of \(limit)"
      case .binaryContent: "the file contains a NUL byte; it is not a text file"
      case .invalidUTF8: "the file is not valid UTF-8 text"
      case let .unexpectedLine(text): "unexpected line \(Self.quoted(text))"
      case let .missingField(field): "the field \(field) is missing"
      case let .duplicateField(field): "the field \(field) appears twice"
      case let .invalidNumber(field, value): "\(field): \(Self.quoted(value)) is not a finite number"
      case let .invalidValue(field, value, expected): "\(field): \(Self.quoted(value)) is not \(expected)"
      case let .dimensionTooLarge(dimension, limit):
        "DIMENSION: \(dimension) nodes is more than the supported \(limit) (distances are a dense matrix)"
      case let .unsupported(field, value): "\(field): \(Self.quoted(value)) is not supported"
      case let .sectionBeforeDimension(section): "\(section) comes before DIMENSION"
      case let .missingSection(section): "the section \(section) is missing"
      case let .duplicateSection(section): "the section \(section) appears twice"
      case let .wrongTokenCount(section, expected, found):
        "\(section): a row needs \(expected) values, found \(found)"
      case let .nodeOutOfRange(section, id, dimension):
        "\(section): node id \(Self.quoted(id)) is not in 1...\(dimension)"
      case let .duplicateNode(section, id): "\(section): node \(id) appears twice"
      case let .missingNode(section, id): "\(section): node \(id) has no row (is the file truncated?)"
      case .unterminatedDepotSection: "DEPOT_SECTION does not end with -1 (is the file truncated?)"
      case .noDepot: "DEPOT_SECTION lists no depot"
      case let .negativeDemand(node, demand): "DEMAND_SECTION: node \(node) has negative demand \(demand)"
      case let .weightCount(format, expected, found):
        "EDGE_WEIGHT_SECTION: \(format) needs \(expected) values, found \(found)"
      case let .problem(error): "invalid problem: \(error)"
      case .noRoutes: "no 'Route #k: ...' line"
      case let .unknownCustomer(token, count): "customer \(Self.quoted(token)) is not in 1...\(count)"
      case let .invalidCustomer(token): "customer \(Self.quoted(token)) is not an integer"
      }
    }

    /// `text` in quotes, escaped and cut to `limit` characters, so it can never break the line.
    static func quoted(_ text: String, limit: Int = 40) -> String {
      let short = text.count > limit ? String(text.prefix(limit)) + "…" : text
      return short.debugDescription
    }
  }
}
