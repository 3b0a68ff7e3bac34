/// Comma-separated values as the tool reads them: one record per line, fields separated by commas,
/// double-quoted fields may hold commas and doubled quotes (RFC 4180, without quoted line breaks).
public enum CSV {
  /// The fields of one line.
  ///
  /// ```swift
  /// CSV.fields(of: #"7,"Princes St, 98",12.5"#)  // ["7", "Princes St, 98", "12.5"]
  /// ```
  ///
  /// - Complexity: O(n) in the length of `line`.
  public static func fields(of line: some StringProtocol) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var index = line.startIndex
    while index < line.endIndex {
      let character = line[index]
      index = line.index(after: index)
      if quoted {
        if character == "\"" {
          if index < line.endIndex && line[index] == "\"" {
            field.append("\"")
            index = line.index(after: index)
          } else {
            quoted = false
          }
        } else {
          field.append(character)
        }
      } else if character == "\"" {
        quoted = true
      } else if character == "," {
        fields.append(field)
        field = ""
      } else {
        field.append(character)
      }
    }
    fields.append(field)
    return fields
  }
}
