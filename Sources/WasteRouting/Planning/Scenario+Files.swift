import Foundation

extension Scenario {
  /// Reads, decodes and validates a scenario file.
  ///
  /// - Throws: ``ScenarioError`` naming the JSON path and id of the first problem.
  public static func load(path: String) throws(ScenarioError) -> Scenario {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(file: path, reason: "no such file or not readable")
    }
    return try decode(data)
  }

  /// Decodes and validates a scenario document.
  ///
  /// The `format` and `version` are checked first, so a plan or another JSON file is named as such.
  ///
  /// - Throws: ``ScenarioError`` naming the JSON path and id of the first problem.
  public static func decode(_ data: Data) throws(ScenarioError) -> Scenario {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw .notJSON(reason: (error as NSError).localizedDescription)
    }
    guard let header = object as? [String: Any] else {
      throw .malformed(ScenarioLocation("$"), reason: "expected an object")
    }
    guard header["format"] as? String == formatName else {
      throw .wrongFormat(found: header["format"] as? String)
    }
    let version = (header["version"] as? NSNumber)?.intValue
    guard version == currentVersion else {
      throw .unsupportedVersion(found: version, supported: currentVersion)
    }
    let scenario: Scenario
    do {
      scenario = try JSONDecoder().decode(Scenario.self, from: data)
    } catch let error as DecodingError {
      throw JSONPath.scenarioError(error, data: data)
    } catch {
      throw .notJSON(reason: "\(error)")
    }
    try scenario.validate()
    return scenario
  }

  /// The scenario as a pretty-printed JSON document with sorted keys (times in UTC).
  ///
  /// A plain `JSONEncoder().encode(scenario)` writes the same document without the layout; the
  /// scenario's types write their own times, so no date strategy is needed either way.
  public func jsonData() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Non-finite numbers (possible in a scenario built in code) are written as strings, which the reader
    // then rejects naming their path; every other field is a plain value, so encoding cannot fail.
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return (try? encoder.encode(self)) ?? Data()
  }

  /// The road network file's path: ``RoadNetworkSource/path`` resolved against the scenario file's folder.
  public func roadNetworkPath(relativeTo scenarioPath: String?) -> String {
    let path = roadNetwork.path
    guard !path.hasPrefix("/"), let scenarioPath else { return path }
    let folder = (scenarioPath as NSString).deletingLastPathComponent
    return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
  }
}
