import Foundation
import Testing
import WasteRoutingTestSupport

@testable import WasteRouting

/// A seeded mutation loop over every reader: the seed corpus of `Benchmarks/fuzz/corpus` (the libFuzzer
/// targets' seeds), each input damaged at random (bytes flipped, replaced, deleted, duplicated, numbers
/// and markup spliced in, the end cut off). Every reader must read or throw its typed error, never trap:
/// CI's short stand-in for `Benchmarks/fuzz.sh`. `FUZZ_SMOKE_INPUTS` sets the inputs per reader.
@Suite struct FuzzSmokeTests {
  static let corpus = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Benchmarks/fuzz/corpus")

  static let inputsPerReader = ProcessInfo.processInfo.environment["FUZZ_SMOKE_INPUTS"].flatMap(Int.init) ?? 2_000

  /// The seeds of one target, in name order.
  static func seeds(_ target: String) throws -> [[UInt8]] {
    let folder = corpus.appendingPathComponent(target)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    return try names.map { [UInt8](try Data(contentsOf: folder.appendingPathComponent($0))) }
  }

  /// Runs `body` on `count` mutants of the target's seeds (the seeds themselves first).
  static func mutants(of target: String, count: Int = inputsPerReader, seed: UInt64, _ body: ([UInt8]) -> Void) throws {
    let seeds = try seeds(target)
    try #require(!seeds.isEmpty, "no seeds for \(target)")
    for input in seeds { body(input) }
    var rng = SplitMix64(seed: seed)
    for _ in 0..<count {
      body(ByteMutator.mutate(seeds[rng.below(seeds.count)], using: &rng))
    }
  }

  @Test func vrplibInstances() throws {
    try Self.mutants(of: "vrplib", seed: 1) { bytes in
      do {
        let problem = try VRPLIB.parseProblem(String(decoding: bytes, as: UTF8.self), fileName: "m.vrp")
        _ = SolutionEvaluator.evaluate(Solution(routes: [Route(clients: Array(problem.clients.indices))]), for: problem)
      } catch {
        #expect(!"\(error)".isEmpty)
      }
    }
  }

  @Test func cvrplibSolutions() throws {
    let problem = try VRPLIB.readProblem(atPath: VRPLIBFixtures.path("solve-12.vrp"))
    try Self.mutants(of: "cvrplib-solution", seed: 2) { bytes in
      if let file = try? VRPLIB.parseSolutionFile(String(decoding: bytes, as: UTF8.self), fileName: "m.sol", problem: problem) {
        _ = SolutionEvaluator.evaluate(file.solution, for: problem)
      }
    }
  }

  @Test func wcvrptwInstances() throws {
    try Self.mutants(of: "wcvrptw", seed: 3) { bytes in
      do {
        let problem = try WCVRPTW.parseInstance(String(decoding: bytes, as: UTF8.self), fileName: "m.txt").problem
        let visits = problem.clients.indices.map(Visit.client) + (problem.disposalSites.isEmpty ? [] : [.disposal(0)])
        _ = SolutionEvaluator.evaluateInDetail(Solution(routes: [Route(visits: visits)]), for: problem)
      } catch {
        #expect("\(error)".hasPrefix("m.txt"))
      }
    }
  }

  @Test func scenarios() throws {
    try Self.mutants(of: "scenario", count: Self.inputsPerReader / 2, seed: 4) { bytes in
      guard let scenario = try? Scenario.decode(Data(bytes)) else { return }
      if (try? scenario.validate()) != nil { _ = try? scenario.validateFleetFit() }
    }
  }

  @Test func solutionJSON() throws {
    let problem = try WCVRPTW.parseInstance(WCVRPTWFixtures.text(), fileName: "tiny.txt").problem
    try Self.mutants(of: "solution", seed: 5) { bytes in
      do {
        let document = try SolutionJSON.parse(Data(bytes), fileName: "m.json", problem: problem)
        _ = SolutionEvaluator.evaluateInDetail(document.solution, for: problem)
      } catch {
        #expect("\(error)".hasPrefix("m.json"))
      }
    }
  }

  @Test func plans() throws {
    let scenario = try Scenario.load(path: VRPLIBFixtures.path("planning/small-city.scenario.json"))
    try Self.mutants(of: "plan", count: Self.inputsPerReader / 2, seed: 6) { bytes in
      guard let plan = try? DailyPlan.decode(Data(bytes)) else { return }
      _ = PlanValidator(scenario: scenario).violations(of: plan)
      let map = plan.map(scenario: scenario)
      _ = SVGMapWriter().string(for: map)
      _ = GeoJSONMapWriter().string(for: map)
    }
  }

  /// Builds the network of an extract and snaps finite and non-finite points to it.
  static func buildAndSnap(_ read: () throws(RoadNetworkError) -> OSMExtract) {
    guard let extract = try? read(),
      let network = try? RoadNetworkBuilder(profile: .refuseTruck, fileName: "m").build(extract)
    else { return }
    _ = network.snap([
      Coordinate(x: 8.001, y: 49.0005), Coordinate(x: .nan, y: .nan), Coordinate(x: .infinity, y: 0),
      Coordinate(x: 1e300, y: -1e300),
    ])
  }

  @Test func osmPBF() throws {
    try Self.mutants(of: "pbf", seed: 7) { bytes in
      Self.buildAndSnap { () throws(RoadNetworkError) in try OSMPBFReader(fileName: "m.pbf").read(bytes) }
    }
  }

  @Test func osmXML() throws {
    try Self.mutants(of: "osmxml", seed: 8) { bytes in
      Self.buildAndSnap { () throws(RoadNetworkError) in try OSMXMLReader(fileName: "m.osm").read(bytes) }
    }
  }

  @Test func geoJSONRoads() throws {
    try Self.mutants(of: "geojson", seed: 9) { bytes in
      Self.buildAndSnap { () throws(RoadNetworkError) in try GeoJSONRoadReader(fileName: "m.geojson").read(bytes) }
    }
  }

  @Test func csvRoadNetworks() throws {
    try Self.mutants(of: "csvnet", seed: 10) { bytes in
      let cut = bytes.firstIndex(of: 0) ?? 0
      let nodes = Array(bytes[..<cut]), links = Array(bytes[min(cut + 1, bytes.count)...])
      Self.buildAndSnap { () throws(RoadNetworkError) in
        try CSVRoadReader(nodesFileName: "n.csv", linksFileName: "l.csv").read(nodes: nodes, links: links)
      }
    }
  }

  @Test func forecastCSV() throws {
    let zone = try #require(TimeZone(identifier: "Europe/London"))
    let start = Date(timeIntervalSince1970: 1_466_000_000)
    try Self.mutants(of: "forecast", count: Self.inputsPerReader / 2, seed: 11) { bytes in
      guard let histories = try? EmptyingLog.parse(csv: bytes, path: "m.csv", timeZone: zone),
        let forecasts = try? FillForecaster().fit(histories)
      else { return }
      for forecast in forecasts.prefix(20) {
        _ = forecast.predictedFill(at: start.addingTimeInterval(86_400), lastFill: 30, at: start)
        _ = forecast.daysUntil(fill: 100, from: 30, at: start)
      }
    }
  }

  /// Fuzz bytes decoded into rich problems (as the libFuzzer `rich` target does), solved with a few
  /// iterations and judged with the evaluator.
  @Test func richProblemsFromBytes() async throws {
    var rng = SplitMix64(seed: 12)
    let seeds = try Self.seeds("rich")
    for k in 0..<12 {
      let bytes = k < seeds.count ? seeds[k] : ByteMutator.mutate(seeds[rng.below(seeds.count)], using: &rng)
      var source = FuzzEntropy(bytes)
      guard case let .success(problem) = RichProblemGenerator.problem(using: &source) else { continue }
      let configuration = SolverConfiguration(seed: 1, timeLimit: .seconds(10), maxIterations: 8, refinement: false, threads: 1)
      let outcome = await RichProblemCheck.run(problem, configuration: configuration)
      #expect(!outcome.isFailure, "input \(k): \(outcome)")
    }
  }
}

/// Damages bytes at random, the way a fuzzer would: flips, replacements with boundary bytes, deletions,
/// duplicated ranges, spliced numbers and markup, and cut ends.
enum ByteMutator {
  static let tokens: [[UInt8]] = [
    "-1", "0", "-0", "1e308", "-1e308", "nan", "inf", "9223372036854775807", "99999999999999999999", "1.5",
    "\"", "{", "}", "[", "]", ",", ":", "null", "true", "<", ">", "/>", "&amp;", "&#x41;", "//", "\n", "\r\n",
    "\t", ";", "EOF", "NODE_COORD_SECTION", "DEMAND_SECTION", "2400", "0000", "T", "Z", "\u{0}", "\u{FF}",
  ].map { Array($0.utf8) }

  static func mutate(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + rng.below(4)) {
      let position = bytes.isEmpty ? 0 : rng.below(bytes.count)
      switch rng.below(7) {
      case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << rng.below(8))
      case 1 where !bytes.isEmpty: bytes[position] = [0, 0xFF, 0x7F, 0x80, 0x30, 0x39, 0x2D][rng.below(7)]
      case 2 where !bytes.isEmpty:
        let end = min(bytes.count, position + 1 + rng.below(16))
        bytes.removeSubrange(position..<end)
      case 3 where !bytes.isEmpty:
        let end = min(bytes.count, position + 1 + rng.below(32))
        bytes.insert(contentsOf: bytes[position..<end], at: rng.below(bytes.count + 1))
      case 4 where !bytes.isEmpty: bytes.removeSubrange(rng.below(bytes.count)...)
      default:
        bytes.insert(contentsOf: tokens[rng.below(tokens.count)], at: min(position, bytes.count))
      }
    }
    return bytes
  }
}
