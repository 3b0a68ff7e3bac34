/// Reads OSM XML (`.osm`, API 0.6): `<node>`, `<way>` with `<nd>` and `<tag>`, `<relation>` with `<member>`.
///
/// A small streaming scanner over the bytes rather than a general XML parser: OSM XML uses no DTDs,
/// namespaces or CDATA, only elements, attributes, comments and the five predefined entities.
struct OSMXMLReader {
  /// The file name used in error messages.
  var fileName: String

  private enum Element {
    case none
    case node(id: Int64, tags: [String: String])
    case way(id: Int64, refs: [Int64], tags: [String: String])
    case relation(members: [(type: UInt8, ref: Int64, role: String)], tags: [String: String])
  }

  /// Decodes a whole document.
  func read(_ data: [UInt8]) throws(RoadNetworkError) -> OSMExtract {
    var extract = OSMExtract()
    var line = 1
    var index = 0
    var current = Element.none
    let count = data.count

    func fail(_ reason: String) -> RoadNetworkError {
      .malformedLine(file: fileName, line: line, reason: reason)
    }

    while index < count {
      let byte = data[index]
      if byte == UInt8(ascii: "\n") { line += 1 }
      guard byte == UInt8(ascii: "<") else {
        index += 1
        continue
      }
      index += 1
      guard index < count else { throw fail("document ends inside a tag") }
      let first = data[index]
      if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") {
        let isComment =
          index + 2 < count && data[index + 1] == UInt8(ascii: "-") && data[index + 2] == UInt8(ascii: "-")
        // The line count comes back with the index: `fail` reads `line`, so it must not be passed inout
        // beside it (an exclusivity violation, a trap, at an unterminated comment).
        let (next, lines) = skipMarkup(data, from: index, comment: isComment)
        line += lines
        guard let next else { throw fail(isComment ? "unterminated comment" : "unterminated declaration") }
        index = next
        continue
      }
      let isClosing = first == UInt8(ascii: "/")
      if isClosing { index += 1 }
      let nameStart = index
      while index < count, !Self.isSpace(data[index]), data[index] != UInt8(ascii: ">"),
        data[index] != UInt8(ascii: "/")
      {
        index += 1
      }
      let name = String(decoding: data[nameStart..<index], as: UTF8.self)
      var attributes: [String: String] = [:]
      var selfClosing = false
      while true {
        while index < count, Self.isSpace(data[index]) {
          if data[index] == UInt8(ascii: "\n") { line += 1 }
          index += 1
        }
        guard index < count else { throw fail("document ends inside <\(name)>") }
        if data[index] == UInt8(ascii: ">") {
          index += 1
          break
        }
        if data[index] == UInt8(ascii: "/") {
          guard index + 1 < count, data[index + 1] == UInt8(ascii: ">") else {
            throw fail("stray '/' in <\(name)>")
          }
          selfClosing = true
          index += 2
          break
        }
        let keyStart = index
        while index < count, data[index] != UInt8(ascii: "="), !Self.isSpace(data[index]),
          data[index] != UInt8(ascii: ">")
        {
          index += 1
        }
        let key = String(decoding: data[keyStart..<index], as: UTF8.self)
        while index < count, Self.isSpace(data[index]) { index += 1 }
        guard index < count, data[index] == UInt8(ascii: "=") else {
          throw fail("attribute \(key) has no value")
        }
        index += 1
        while index < count, Self.isSpace(data[index]) { index += 1 }
        guard index < count, data[index] == UInt8(ascii: "\"") || data[index] == UInt8(ascii: "'") else {
          throw fail("attribute \(key) is not quoted")
        }
        let quote = data[index]
        index += 1
        let valueStart = index
        while index < count, data[index] != quote {
          if data[index] == UInt8(ascii: "\n") { line += 1 }
          index += 1
        }
        guard index < count else { throw fail("document ends inside attribute \(key)") }
        attributes[key] = Self.unescaped(data[valueStart..<index])
        index += 1
      }

      if isClosing {
        switch (name, current) {
        case ("way", .way(let id, let refs, let tags)):
          if tags["highway"] != nil { extract.ways.append(OSMWay(id: id, nodeRefs: refs, tags: tags)) }
          current = .none
        case ("relation", .relation(let members, let tags)):
          let (restriction, isRestriction) = OSMTurnRestriction.make(tags: tags, members: members)
          if let restriction {
            extract.restrictions.append(restriction)
          } else if isRestriction {
            extract.skippedRestrictionCount += 1
          }
          current = .none
        case ("node", .node(let id, let tags)):
          if BarrierRules.blocksTrucks(tags) { extract.blockingBarriers.insert(id) }
          current = .none
        default:
          break
        }
        continue
      }
      try handleOpening(
        name, attributes, selfClosing: selfClosing, current: &current, extract: &extract, fail: fail)
    }
    if case .none = current { return extract }
    if data.last == UInt8(ascii: "\n") { line -= 1 }
    throw fail("document ends inside an unclosed element")
  }

  private func handleOpening(
    _ name: String, _ attributes: [String: String], selfClosing: Bool, current: inout Element,
    extract: inout OSMExtract, fail: (String) -> RoadNetworkError
  ) throws(RoadNetworkError) {
    switch name {
    case "node":
      guard let id = attributes["id"].flatMap({ Int64($0) }),
        let latitude = attributes["lat"].flatMap({ Double($0) }),
        let longitude = attributes["lon"].flatMap({ Double($0) }),
        OSMExtract.isPosition(longitude: longitude, latitude: latitude)
      else { throw fail("<node> without a valid id, lat and lon") }
      extract.appendNode(id: id, longitude: longitude, latitude: latitude)
      current = selfClosing ? .none : .node(id: id, tags: [:])
    case "way":
      guard let id = attributes["id"].flatMap({ Int64($0) }) else { throw fail("<way> without a valid id") }
      current = selfClosing ? .none : .way(id: id, refs: [], tags: [:])
    case "relation":
      current = selfClosing ? .none : .relation(members: [], tags: [:])
    case "nd":
      guard case .way(let id, var refs, let tags) = current else { return }
      guard let ref = attributes["ref"].flatMap({ Int64($0) }) else { throw fail("<nd> without a valid ref") }
      refs.append(ref)
      current = .way(id: id, refs: refs, tags: tags)
    case "tag":
      guard let key = attributes["k"], let value = attributes["v"] else {
        throw fail("<tag> without k and v")
      }
      switch current {
      case .node(let id, var tags):
        tags[key] = value
        current = .node(id: id, tags: tags)
      case .way(let id, let refs, var tags):
        tags[key] = value
        current = .way(id: id, refs: refs, tags: tags)
      case .relation(let members, var tags):
        tags[key] = value
        current = .relation(members: members, tags: tags)
      default: break
      }
    case "member":
      guard case .relation(var members, let tags) = current else { return }
      guard let type = attributes["type"]?.utf8.first, let ref = attributes["ref"].flatMap({ Int64($0) })
      else {
        throw fail("<member> without a valid type and ref")
      }
      members.append((type, ref, attributes["role"] ?? ""))
      current = .relation(members: members, tags: tags)
    default:
      break
    }
  }

  /// Skips a declaration or comment from `start`: the index after its end (`nil` when the document ends
  /// first) and the line breaks passed.
  private func skipMarkup(_ data: [UInt8], from start: Int, comment: Bool) -> (next: Int?, lines: Int) {
    var index = start
    var lines = 0
    while index < data.count {
      if data[index] == UInt8(ascii: "\n") { lines += 1 }
      if data[index] == UInt8(ascii: ">") {
        if !comment
          || (index >= 2 && data[index - 1] == UInt8(ascii: "-") && data[index - 2] == UInt8(ascii: "-"))
        {
          return (index + 1, lines)
        }
      }
      index += 1
    }
    return (nil, lines)
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t")
      || byte == UInt8(ascii: "\r")
  }

  /// Decodes the predefined entities and numeric character references.
  static func unescaped(_ bytes: ArraySlice<UInt8>) -> String {
    guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
    var text = String(decoding: bytes, as: UTF8.self)
    var result = ""
    while let ampersand = text.firstIndex(of: "&") {
      result += text[..<ampersand]
      guard let semicolon = text[ampersand...].firstIndex(of: ";") else { break }
      let entity = text[text.index(after: ampersand)..<semicolon]
      switch entity {
      case "amp": result += "&"
      case "lt": result += "<"
      case "gt": result += ">"
      case "quot": result += "\""
      case "apos": result += "'"
      default:
        let scalar: Unicode.Scalar?
        if entity.hasPrefix("#x") {
          scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if entity.hasPrefix("#") {
          scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
        } else {
          scalar = nil
        }
        if let scalar { result.unicodeScalars.append(scalar) } else { result += text[ampersand...semicolon] }
      }
      text = String(text[text.index(after: semicolon)...])
    }
    return result + text
  }
}
