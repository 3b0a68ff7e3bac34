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
    CSVTable(bytes: Array(line.utf8)).forEachRow(includingHeader: true) { _, row in
      fields = row
      return false
    }
    return fields.isEmpty ? [""] : fields
  }
}
