/// A minimal RFC 4180 reader: comma-separated, double-quoted fields may hold commas, quotes and newlines.
struct CSVTable {
  let bytes: [UInt8]

  /// The first row's fields.
  var header: [String] {
    var first: [String] = []
    forEachRow(includingHeader: true) { _, fields in
      first = fields
      return false
    }
    return first
  }

  /// Calls `body(line, fields)` for each data row (line numbers start at 1 for the header) until it
  /// returns `false`. Blank lines are skipped.
  func forEachRow(includingHeader: Bool = false, _ body: (Int, [String]) -> Bool) {
    var index = 0
    var line = 1
    var isHeader = true
    var fields: [String] = []
    var field: [UInt8] = []
    while index < bytes.count {
      let rowLine = line
      fields.removeAll(keepingCapacity: true)
      var endOfRow = false
      while !endOfRow {
        field.removeAll(keepingCapacity: true)
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
          index += 1
          while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
              if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                field.append(byte)
                index += 2
                continue
              }
              index += 1
              break
            }
            if byte == UInt8(ascii: "\n") { line += 1 }
            field.append(byte)
            index += 1
          }
        }
        while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "\n") {
          if bytes[index] != UInt8(ascii: "\r") { field.append(bytes[index]) }
          index += 1
        }
        fields.append(String(decoding: field, as: UTF8.self))
        if index >= bytes.count || bytes[index] == UInt8(ascii: "\n") { endOfRow = true }
        index += 1
      }
      line += 1
      if fields.count == 1 && fields[0].isEmpty { continue }
      if isHeader {
        isHeader = false
        if !includingHeader { continue }
      }
      if !body(rowLine, fields) { return }
    }
  }
}
