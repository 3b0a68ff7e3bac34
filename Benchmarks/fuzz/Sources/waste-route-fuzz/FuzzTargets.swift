import Dispatch
import Foundation
import WasteRouting
import WasteRoutingTestSupport

/// The fuzz targets: each takes the bytes libFuzzer made and feeds them to one reader (or, for `rich`,
/// decodes them into a rich problem and solves it). A reader may throw its typed error; anything else
/// that goes wrong (a trap, an address-sanitizer report, a rich answer the evaluator rejects) is a crash.
enum FuzzTarget: String, CaseIterable {
  case vrplib, cvrplibSolution = "cvrplib-solution", wcvrptw, scenario, solution, plan
  case pbf, osmxml, geojson, csvnet, forecast, rich

  /// The target named by the `FUZZ_TARGET` environment variable.
  static let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
      let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
      FileHandle.standardError.write(Data("set FUZZ_TARGET to one of: \(names)\n".utf8))
      exit(2)
    }
    return target
  }()

  func run(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    switch self {
    case .vrplib:
      if let problem = try? VRPLIB.parseProblem(text, fileName: "fuzz.vrp") {
        _ = SolutionEvaluator.evaluate(Solution(routes: [Route(clients: Array(problem.clients.indices))]), for: problem)
      }
    case .cvrplibSolution:
      if let solution = try? VRPLIB.parseSolutionFile(text, fileName: "fuzz.sol", problem: Fixtures.cvrp) {
        _ = SolutionEvaluator.evaluate(solution.solution, for: Fixtures.cvrp)
      }
    case .wcvrptw:
      if let instance = try? WCVRPTW.parseInstance(text, fileName: "fuzz.txt") {
        let problem = instance.problem
        let visits = problem.clients.indices.map(Visit.client) + (problem.disposalSites.isEmpty ? [] : [.disposal(0)])
        _ = SolutionEvaluator.evaluateInDetail(Solution(routes: [Route(visits: visits)]), for: problem)
      }
    case .scenario:
      if let scenario = try? Scenario.decode(Data(bytes)) {
        if (try? scenario.validate()) != nil { _ = try? scenario.validateFleetFit() }
      }
    case .solution:
      if let document = try? SolutionJSON.parse(Data(bytes), fileName: "fuzz.json", problem: Fixtures.wcvrptw) {
        _ = SolutionEvaluator.evaluateInDetail(document.solution, for: Fixtures.wcvrptw)
      }
    case .plan:
      if let plan = try? DailyPlan.decode(Data(bytes)) {
        _ = PlanValidator(scenario: Fixtures.smallCity).violations(of: plan)
        let map = plan.map(scenario: Fixtures.smallCity)
        _ = SVGMapWriter().string(for: map)
        _ = GeoJSONMapWriter().string(for: map)
      }
    case .pbf: Self.network(bytes, name: "fuzz.osm.pbf")
    case .osmxml: Self.network(bytes, name: "fuzz.osm")
    case .geojson: Self.network(bytes, name: "fuzz.geojson")
    case .csvnet:
      // Nodes, a NUL byte, then links.
      let cut = bytes.firstIndex(of: 0) ?? 0
      let nodes = Array(bytes[..<cut]), links = Array(bytes[min(cut + 1, bytes.count)...])
      Scratch.write(nodes, "fuzz_nodes.csv")
      Self.network(links, name: "fuzz_links.csv")
    case .forecast:
      let path = Scratch.write(bytes, "fuzz.csv")
      guard let histories = try? EmptyingLog.read(csvAtPath: path, timeZone: TimeZone(identifier: "Europe/London")!)
      else { return }
      let forecaster = FillForecaster()
      guard let forecasts = try? forecaster.fit(histories) else { return }
      let start = Date(timeIntervalSince1970: 1_466_000_000)
      for forecast in forecasts.prefix(20) {
        _ = forecast.predictedFill(at: start.addingTimeInterval(86_400), lastFill: 30, at: start)
        _ = forecast.daysUntil(fill: 100, from: 30, at: start)
      }
    case .rich: Self.rich(bytes)
    }
  }

  /// Loads a road network from `bytes` written to a file named `name`, and snaps a few points to it,
  /// non-finite ones included.
  static func network(_ bytes: [UInt8], name: String) {
    let path = Scratch.write(bytes, name)
    guard let network = try? RoadNetwork.load(path: path) else { return }
    let points = [
      Coordinate(x: 8.001, y: 49.0005), Coordinate(x: .nan, y: .nan), Coordinate(x: .infinity, y: 0),
      Coordinate(x: 0, y: -.infinity), Coordinate(x: 1e300, y: -1e300),
    ]
    let snapped = network.snap(points)
    _ = network.snap(points, options: SnapOptions(kerbsideFromClass: .tertiary))
    _ = snapped.count
  }

  /// Decodes `bytes` into a rich problem, solves it with a few iterations and judges the answer.
  static func rich(_ bytes: [UInt8]) {
    var source = FuzzEntropy(bytes)
    guard case let .success(problem) = RichProblemGenerator.problem(using: &source, name: "fuzz") else { return }
    let configuration = SolverConfiguration(
      seed: 1, timeLimit: .seconds(5), maxIterations: 8, refinement: false, threads: 1)
    let box = OutcomeBox()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
      box.outcome = await RichProblemCheck.run(problem, configuration: configuration)
      done.signal()
    }
    done.wait()
    if case let .failure(reason)? = box.outcome {
      FileHandle.standardError.write(Data("rich problem failed: \(reason)\n".utf8))
      abort()
    }
  }
}

/// Carries the outcome out of the solving task.
final class OutcomeBox: @unchecked Sendable {
  var outcome: RichProblemCheck.Outcome?
}

/// Problems and a scenario the targets read against, from the checkout's fixtures.
enum Fixtures {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../..").standardizedFileURL.path

  static let cvrp: Problem = {
    do { return try VRPLIB.readProblem(atPath: root + "/Tests/WasteRoutingTests/Fixtures/solve-12.vrp") } catch {
      fatalError("fixture: \(error)")
    }
  }()

  static let wcvrptw: Problem = {
    let text = """
      280.0 \t// vehicle capacity (yards), real number
      400.0\t// total yardage allowed for a vehicle per day, real number
      500\t// total number of regular stops for a vehicle allowed per day
      3600\t// lunch time duration in second
      40\t// speed: MPH
      Stop_ID\tX(feet)\tY(feet)\tEarly_St_Time (HHMM)\tLate_St_Time (HHMM)\tSvice_Time(Sec)\tLoad (Yards)\tType
      10   0.00   0.00  0400 1500 0  9999.00 0
      11   5280.00   0.00  0000 2400 1600  9999.00 2
      12   0.00   5280.00  0700 2400 180    10.50 1
      13\t0.00\t10560.00\t0000\t2400\t30\t4.25\t1

      """
    do { return try WCVRPTW.parseInstance(text, fileName: "tiny.txt").problem } catch { fatalError("fixture: \(error)") }
  }()

  static let smallCity: Scenario = {
    do { return try Scenario.load(path: root + "/Tests/WasteRoutingTests/Fixtures/planning/small-city.scenario.json") }
    catch { fatalError("fixture: \(error)") }
  }()
}

/// A private folder for the targets whose readers take a path.
enum Scratch {
  static let folder: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = base + "/waste-route-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  @discardableResult
  static func write(_ bytes: [UInt8], _ name: String) -> String {
    let path = folder + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }
}

/// libFuzzer's driver (in the fuzzer runtime that `-sanitize=fuzzer` links).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The executable's entry point under SwiftPM, which names the program's `main` after the module on
/// Linux: hands the command line to libFuzzer's driver.
@_cdecl("waste_route_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var count = argc
  var arguments = argv
  _ = fuzzInitialize(nil, nil)
  return withUnsafeMutablePointer(to: &count) { countPointer in
    withUnsafeMutablePointer(to: &arguments) { argumentsPointer in
      runFuzzerDriver(countPointer, argumentsPointer) { data, size in fuzzOneInput(data, size) }
    }
  }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  FuzzTarget.selected.run(bytes)
  return 0
}

/// Called once before fuzzing: picks the target and loads the fixtures, so that their cost is not
/// counted as the first input's.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
  switch FuzzTarget.selected {
  case .cvrplibSolution: _ = Fixtures.cvrp
  case .solution: _ = Fixtures.wcvrptw
  case .plan: _ = Fixtures.smallCity
  default: break
  }
  _ = Scratch.folder
  return 0
}
