import ArgumentParser
import Foundation
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route matrix FILE --points points.csv --output FILE`: travel-time and distance matrices.
  struct MatrixCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "matrix",
      abstract: "Snap points to the road network and compute travel-time and distance matrices.",
      discussion: """
        The points CSV has a header and the columns id, lon, lat. Output is CSV (one row per pair: \
        from,to,time_s,distance_m) or JSON (nested arrays), chosen by the output file's extension. Points \
        off the road network or in a small disconnected fragment are reported on standard error (and in \
        JSON under "excluded") and get no row or column.
        """
    )

    enum Metric: String, ExpressibleByArgument, CaseIterable {
      case time, distance, both
    }

    enum Turns: String, ExpressibleByArgument, CaseIterable {
      case standard, none
    }

    @Argument(help: "Road network: .osm.pbf, .osm (XML), .geojson, or a CSV links file (…links.csv[.gz]).")
    var file: String

    @Option(help: "CSV file of points with columns id, lon, lat.")
    var points: String

    @Option(help: "time (fastest routes), distance (shortest routes), or both (fastest routes, both values).")
    var metric: Metric = .both

    @Option(
      help: "standard: obey turn restrictions, U-turns only at dead ends; none: no turn rules (fastest).")
    var turns: Turns = .standard

    @Option(help: "Seconds added per U-turn under standard turn rules.")
    var uTurnPenalty: Double = 60

    @Option(
      help: """
        Serve kerbside (point on the truck's right) on roads of this class and above, e.g. tertiary: \
        every point, or only those marked 1 in an optional kerbside column of the points file.
        """)
    var kerbsideFrom: String?

    @Option(help: "Largest distance in metres from a point to its road.")
    var maxSnapDistance: Double = 1_000

    @Option(help: "Output file; .json for JSON, anything else for CSV.")
    var output: String

    @OptionGroup var truck: TruckOptions

    func validate() throws {
      if let kerbsideFrom, RoadClass(highway: kerbsideFrom) == nil {
        throw ValidationError(
          "unknown road class '\(kerbsideFrom)' (use an OSM highway value such as tertiary)")
      }
    }

    func run() async throws {
      let clock = ContinuousClock()
      let start = clock.now
      let network = try await RoadNetwork.load(path: file, profile: truck.profile)
      let loaded = clock.now
      let (ids, coordinates, kerbside) = try Self.readPoints(points)
      let kerbsideOptions = SnapOptions(
        maximumDistance: maxSnapDistance, kerbsideFromClass: kerbsideFrom.flatMap { RoadClass(highway: $0) })
      let plainOptions = SnapOptions(maximumDistance: maxSnapDistance)
      let snapped = coordinates.indices.map { i in
        network.snap(coordinates[i], options: kerbside[i] ? kerbsideOptions : plainOptions)
      }
      let rules =
        turns == .none
        ? TurnRules.none : TurnRules(obeysRestrictions: true, uTurns: .atDeadEnds, uTurnPenalty: uTurnPenalty)
      let matrices = await network.travelMatrices(
        between: snapped, turns: rules, metric: metric == .distance ? .distance : .time)
      let computed = clock.now
      let data =
        output.lowercased().hasSuffix(".json")
        ? Self.json(matrices, ids: ids, snapped: snapped, metric: metric)
        : Self.csv(matrices, ids: ids, metric: metric)
      try Data(data).write(to: URL(fileURLWithPath: output))
      for index in matrices.excludedPoints {
        let reason =
          snapped[index].isSnapped ? "in a disconnected road fragment" : "no usable road within reach"
        FileHandle.standardError.write(Data("excluded point \(ids[index]): \(reason)\n".utf8))
      }
      if !matrices.unreachablePairs.isEmpty {
        FileHandle.standardError.write(
          Data("\(matrices.unreachablePairs.count) pairs have no route under the turn rules\n".utf8))
      }
      FileHandle.standardError.write(
        Data(
          """
          \(matrices.pointIndices.count) points routed, \(matrices.excludedPoints.count) excluded; \
          load \(loaded - start), matrices \(computed - loaded), total \(clock.now - start)\n
          """.utf8))
    }

    // MARK: - Input

    /// Reads `id, lon, lat` rows, and whether each point wants kerbside service: the optional `kerbside`
    /// column (`1`, `true`, `yes`), or every point when there is no such column.
    static func readPoints(
      _ path: String
    ) throws -> (ids: [String], coordinates: [Coordinate], kerbside: [Bool]) {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      var ids: [String] = []
      var coordinates: [Coordinate] = []
      var kerbside: [Bool] = []
      var columns: (id: Int, lon: Int, lat: Int, kerbside: Int?) = (0, 1, 2, nil)
      for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
        let fields = CSV.fields(of: line).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \r")) }
        if number == 0 {
          let names = fields.map { $0.lowercased() }
          guard let id = names.firstIndex(of: "id"), let lon = names.firstIndex(of: "lon"),
            let lat = names.firstIndex(of: "lat")
          else { throw ValidationError("\(path): the header must name the columns id, lon, lat") }
          columns = (id, lon, lat, names.firstIndex(of: "kerbside"))
          continue
        }
        guard fields.count > max(columns.id, columns.lon, columns.lat),
          let lon = Double(fields[columns.lon]), let lat = Double(fields[columns.lat])
        else { throw ValidationError("\(path):\(number + 1): expected id, lon, lat") }
        ids.append(fields[columns.id])
        coordinates.append(Coordinate(x: lon, y: lat))
        if let column = columns.kerbside {
          kerbside.append(
            column < fields.count && ["1", "true", "yes"].contains(fields[column].lowercased()))
        } else {
          kerbside.append(true)
        }
      }
      return (ids, coordinates, kerbside)
    }

    // MARK: - Output

    /// Appends `value / 1000` with three decimals (milliseconds as seconds, millimetres as metres).
    static func appendThousandths(_ value: Int64, to bytes: inout [UInt8]) {
      if value < 0 { bytes.append(UInt8(ascii: "-")) }
      var magnitude = value.magnitude
      // Digits from the last: three decimals, the point, then the whole part.
      var digits:
        (
          UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
          UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
        ) =
          (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
      var count = 0
      withUnsafeMutableBytes(of: &digits) { raw in
        let buffer = raw.bindMemory(to: UInt8.self)
        repeat {
          if count == 3 {
            buffer[count] = UInt8(ascii: ".")
            count += 1
          }
          buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
          magnitude /= 10
          count += 1
        } while magnitude > 0 || count < 5
        for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[k]) }
      }
    }

    static func csvField(_ text: String) -> String {
      text.contains(where: { $0 == "," || $0 == "\"" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func csv(_ matrices: TravelMatrices, ids: [String], metric: Metric) -> [UInt8] {
      let n = matrices.pointIndices.count
      let names = matrices.pointIndices.map { Array(csvField(ids[$0]).utf8) }
      var bytes: [UInt8] = []
      bytes.reserveCapacity(n * n * 32 + 64)
      switch metric {
      case .time: bytes += Array("from,to,time_s\n".utf8)
      case .distance: bytes += Array("from,to,distance_m\n".utf8)
      case .both: bytes += Array("from,to,time_s,distance_m\n".utf8)
      }
      for i in 0..<n {
        for j in 0..<n {
          bytes += names[i]
          bytes.append(UInt8(ascii: ","))
          bytes += names[j]
          if metric != .distance {
            bytes.append(UInt8(ascii: ","))
            appendThousandths(matrices.travelTimes[i, j], to: &bytes)
          }
          if metric != .time {
            bytes.append(UInt8(ascii: ","))
            appendThousandths(matrices.distances[i, j], to: &bytes)
          }
          bytes.append(UInt8(ascii: "\n"))
        }
      }
      return bytes
    }

    static func jsonString(_ text: String) -> String {
      var escaped = "\""
      for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
        default: escaped.unicodeScalars.append(scalar)
        }
      }
      return escaped + "\""
    }

    static func json(_ matrices: TravelMatrices, ids: [String], snapped: [SnappedPoint], metric: Metric)
      -> [UInt8]
    {
      let n = matrices.pointIndices.count
      var bytes = Array("{\n\"ids\": [".utf8)
      bytes += Array(matrices.pointIndices.map { jsonString(ids[$0]) }.joined(separator: ",").utf8)
      bytes += Array("],\n\"metric\": \"\(metric.rawValue)\"".utf8)
      func appendMatrix(_ name: String, _ matrix: Matrix<Int64>) {
        bytes += Array(",\n\"\(name)\": [".utf8)
        for i in 0..<n {
          bytes += Array((i == 0 ? "\n[" : ",\n[").utf8)
          for j in 0..<n {
            if j > 0 { bytes.append(UInt8(ascii: ",")) }
            appendThousandths(matrix[i, j], to: &bytes)
          }
          bytes.append(UInt8(ascii: "]"))
        }
        bytes += Array("]".utf8)
      }
      if metric != .distance { appendMatrix("time_s", matrices.travelTimes) }
      if metric != .time { appendMatrix("distance_m", matrices.distances) }
      let excluded = matrices.excludedPoints.map { index in
        let reason = snapped[index].isSnapped ? "fragment" : "off_network"
        return "{\"id\": \(jsonString(ids[index])), \"reason\": \"\(reason)\"}"
      }
      bytes += Array(",\n\"excluded\": [\(excluded.joined(separator: ", "))]".utf8)
      let pairs = matrices.unreachablePairs.map { "[\(jsonString(ids[$0.from])), \(jsonString(ids[$0.to]))]" }
      bytes += Array(",\n\"unreachable\": [\(pairs.joined(separator: ", "))]\n}\n".utf8)
      return bytes
    }
  }
}
