/// Why a bin's history or an emptying log cannot be used for forecasting.
///
/// History errors carry a ``ForecastInputLocation`` naming the bin id, the list, the index in that list and
/// the field, so the message points at the value (`bin "325048", emptyings[3].fillBefore: ...`).
public enum ForecastError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A fill level below 0 %.
  case negativeFill(ForecastInputLocation, value: Double)
  /// A fill level above the plausible maximum (``ForecastConfiguration/maximumPlausibleFill``), in percent.
  case absurdFill(ForecastInputLocation, value: Double, limit: Double)
  /// A fill level or time that is NaN or infinite.
  case notFinite(ForecastInputLocation)
  /// A time not strictly after the previous entry's time in the same list.
  case outOfTimeOrder(ForecastInputLocation)
  /// The emptying log could not be read.
  case unreadableFile(path: String, reason: String)
  /// The emptying log lacks a required column.
  case missingColumn(path: String, column: String)
  /// A field of the emptying log could not be parsed (`line` counts the header as line 1).
  case malformedField(path: String, line: Int, column: String, text: String)

  /// A one-line explanation that names the bin and the field, or the file and line.
  public var description: String {
    switch self {
    case .negativeFill(let location, let value):
      "\(location): negative fill level \(value) %"
    case .absurdFill(let location, let value, let limit):
      "\(location): fill level \(value) % is above the plausible maximum of \(limit) %"
    case .notFinite(let location):
      "\(location): not a finite number"
    case .outOfTimeOrder(let location):
      "\(location): not after the previous entry's time (entries must be in strictly increasing time order)"
    case .unreadableFile(let path, let reason):
      "cannot read \(path): \(reason)"
    case .missingColumn(let path, let column):
      "\(path): missing column \(column)"
    case .malformedField(let path, let line, let column, let text):
      "\(path):\(line): cannot parse \(column) \"\(text)\""
    }
  }
}

/// Where in a ``BinHistory`` an invalid value sits.
public struct ForecastInputLocation: Hashable, Sendable, CustomStringConvertible {
  /// The list of a history that holds the value.
  public enum List: String, Hashable, Sendable {
    /// ``BinHistory/readings``.
    case readings
    /// ``BinHistory/emptyings``.
    case emptyings
  }

  /// The bin's id.
  public var binID: String
  /// The list holding the value.
  public var list: List
  /// The 0-based index in that list.
  public var index: Int
  /// The field's JSON key (`time`, `fill`, `fillBefore` or `fillAfter`).
  public var field: String

  /// Creates a location.
  public init(binID: String, list: List, index: Int, field: String) {
    self.binID = binID
    self.list = list
    self.index = index
    self.field = field
  }

  /// The JSON path of the value inside its bin's history object, such as `emptyings[3].fillBefore`.
  public var jsonPath: String { "\(list.rawValue)[\(index)].\(field)" }

  /// `bin "ID", PATH`.
  public var description: String { "bin \"\(binID)\", \(jsonPath)" }
}
