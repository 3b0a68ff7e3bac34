extension KeyedDecodingContainer {
  /// Checks the `format` and `version` fields of a versioned JSON document (problem, events): the format
  /// must be `name` and the version `version`; otherwise a `DecodingError` at the offending key says what
  /// was found and what was expected.
  func checkDocumentHeader(format formatKey: Key, name: String, version versionKey: Key, version: Int) throws {
    let format = try decodeIfPresent(String.self, forKey: formatKey)
    guard format == name else {
      throw DecodingError.dataCorruptedError(
        forKey: formatKey, in: self,
        debugDescription: "expected \"\(name)\", found \(format.map { "\"\($0)\"" } ?? "nothing")")
    }
    let found = try decodeIfPresent(Int.self, forKey: versionKey)
    guard found == version else {
      throw DecodingError.dataCorruptedError(
        forKey: versionKey, in: self,
        debugDescription: "version \(found.map(String.init) ?? "missing") is not supported (expected \(version))")
    }
  }
}
