import Foundation

/// Reads and writes problem files in the ``ProblemDocument`` format (`"format": "waste-routing-problem"`).
///
/// ```swift
/// let problem = try ProblemJSON.read(atPath: "fixtures/problems/small.problem.json")
/// let result = try await Solver(SolverConfiguration(seed: 1, timeLimit: .seconds(2))).solve(problem)
/// try writeAtomically(ProblemJSON.text(of: problem), toPath: "copy.problem.json")
/// ```
public enum ProblemJSON {
  /// Reads and validates a problem file.
  ///
  /// - Throws: ``ProblemJSONError`` naming the file and the JSON path of the offending value.
  public static func read(atPath path: String) throws(ProblemJSONError) -> Problem {
    let fileName = (path as NSString).lastPathComponent
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let message = (error as NSError).localizedDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
      throw ProblemJSONError(file: fileName, path: "$", message: "cannot read the file: \(message)")
    }
    return try parse(data, fileName: fileName)
  }

  /// Parses and validates the text of a problem file.
  ///
  /// - Throws: ``ProblemJSONError`` naming `fileName` and the JSON path of the offending value: a missing
  ///   or mistyped field, a matrix of the wrong size, an index that points nowhere, or any rule of
  ///   ``Problem`` validation (``ProblemError``, at the path of the item it names).
  public static func parse(_ data: Data, fileName: String = "problem.json") throws(ProblemJSONError) -> Problem {
    try document(data, fileName: fileName).problem(fileName: fileName)
  }

  /// Decodes a document without building the problem.
  ///
  /// - Throws: ``ProblemJSONError`` for text that is not a version 1 problem document.
  public static func document(_ data: Data, fileName: String = "problem.json") throws(ProblemJSONError)
    -> ProblemDocument
  {
    do {
      return try JSONDecoder().decode(ProblemDocument.self, from: data)
    } catch {
      throw ProblemJSONError(decoding: error, file: fileName)
    }
  }

  /// The JSON text of a problem (explicit matrices, sorted keys, one item per line at the top levels).
  public static func text(of problem: Problem) -> String {
    text(of: ProblemDocument(problem))
  }

  /// The JSON text of a document.
  public static func text(of document: ProblemDocument) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding integers, strings and finite doubles cannot fail.
    let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Whether the file at `path` looks like a problem document: a `.json` name, or text starting with `{`
  /// that mentions the format name early.
  public static func looksLikeProblem(atPath path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return path.lowercased().hasSuffix(".json") }
    defer { try? handle.close() }
    let head = String(decoding: (try? handle.read(upToCount: 4_096)) ?? Data(), as: UTF8.self)
    if head.contains(ProblemDocument.formatName) { return true }
    let trimmed = head.drop { $0.isWhitespace }
    return trimmed.first == "{" && path.lowercased().hasSuffix(".json")
  }
}

/// Why a problem file cannot be read: one line naming the file and the JSON path.
public struct ProblemJSONError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file name given to the reader.
  public let file: String
  /// The JSON path of the offending value (`$.clients[3].timeWindows`), or `$` for the whole file.
  public let path: String
  /// What is wrong, on one line.
  public let message: String

  /// Creates an error.
  public init(file: String, path: String, message: String) {
    self.file = file
    self.path = path
    self.message = message
  }

  /// `FILE: PATH: message`.
  public var description: String { "\(file): \(path): \(message)" }

  /// A decoding error as a path and a message.
  init(decoding error: any Error, file: String) {
    guard let error = error as? DecodingError else {
      self.init(file: file, path: "$", message: "not valid JSON")
      return
    }
    switch error {
    case .keyNotFound(let key, let context):
      self.init(file: file, path: ProblemJSONPath(context.codingPath + [key]).description, message: "missing")
    case .typeMismatch(let type, let context):
      self.init(file: file, path: ProblemJSONPath(context.codingPath).description, message: "expected \(Self.describe(type))")
    case .valueNotFound(let type, let context):
      self.init(
        file: file, path: ProblemJSONPath(context.codingPath).description,
        message: "null where \(Self.describe(type)) is needed")
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        self.init(file: file, path: "$", message: "not valid JSON")
      } else {
        let detail = context.debugDescription
        self.init(
          file: file, path: ProblemJSONPath(context.codingPath).description,
          message: detail.isEmpty || detail.hasPrefix("Cannot initialize") ? "invalid value" : detail)
      }
    @unknown default:
      self.init(file: file, path: "$", message: "cannot be decoded")
    }
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type, is Int64.Type: "an integer"
    case is Double.Type: "a number"
    case is Bool.Type: "true or false"
    case is [Int64].Type, is [Int].Type, is [[Int64]].Type, is [TimeWindow].Type: "an array"
    default: type is any Collection.Type ? "an array" : "an object"
    }
  }
}

/// A JSON path such as `$.clients[3].demands`, built key by key.
struct ProblemJSONPath: CustomStringConvertible, Sendable {
  /// The keys and indices from the root.
  private(set) var components: [Component] = []

  enum Component: Sendable {
    case key(String)
    case index(Int)
  }

  init() {}

  init(_ codingPath: [any CodingKey]) {
    components = codingPath.map { key in key.intValue.map(Component.index) ?? .key(key.stringValue) }
  }

  func key(_ name: String) -> ProblemJSONPath {
    var path = self
    path.components.append(.key(name))
    return path
  }

  func index(_ index: Int) -> ProblemJSONPath {
    var path = self
    path.components.append(.index(index))
    return path
  }

  var description: String {
    components.reduce("$") { path, component in
      switch component {
      case .key(let name): "\(path).\(name)"
      case .index(let index): "\(path)[\(index)]"
      }
    }
  }
}

// MARK: - Problem: Codable

extension Problem: Codable {
  /// Decodes and validates a problem in its ``ProblemDocument`` form.
  ///
  /// - Throws: `DecodingError` for a malformed document; `DecodingError.dataCorrupted` whose description
  ///   is the ``ProblemJSONError`` (JSON path and message) for one that breaks a rule.
  public init(from decoder: any Decoder) throws {
    let document = try ProblemDocument(from: decoder)
    do {
      self = try document.problem(fileName: "problem")
    } catch {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "\(error.path): \(error.message)"))
    }
  }

  /// Encodes the problem as its ``ProblemDocument`` (explicit matrices).
  public func encode(to encoder: any Encoder) throws {
    try ProblemDocument(self).encode(to: encoder)
  }
}
