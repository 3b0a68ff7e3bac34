import Foundation
import Testing
import WasteRoutingTestSupport

@testable import WasteRouting

/// Inputs that trapped the library (issue 11 and the audit of `!`, `precondition` and unchecked
/// conversions it asked for): each now gives a typed error or a defined answer.
@Suite struct ReliabilityRegressionTests {
  // MARK: - The issue's cases

  /// Case 1: a skip round in the Kim format (capacity 10, 30 stops of 6 yd³, one disposal site) trapped
  /// in `RichLocalSearch.insert` (route slot overflow). Every stop is served, one per trip.
  @Test func skipRoundOfThirtyStopsIsSolved() async throws {
    var rows = [
      "1   0.00   0.00  0400 1900 0  9999.00 0",
      "2   15840.00   5280.00  0000 2400 600  9999.00 2",
    ]
    var rng = SplitMix64(seed: 11)
    for k in 0..<30 {
      let x = Double(rng.below(31_680)) - 15_840, y = Double(rng.below(31_680)) - 15_840
      rows.append("\(k + 3)   \(x)   \(y)  0000 2400 120  6.00 1")
    }
    var header = WCVRPTWFixtures.header
    header[0] = "10.0 \t\t\t\t// vehicle capacity (yards), real number"
    header[1] = "1000.0\t\t\t\t// total yardage allowed for a vehicle per day, real number"
    let problem = try WCVRPTW.parseInstance(WCVRPTWFixtures.text(header: header, rows: rows), fileName: "skip.txt").problem
    let result = try await Solver(SolverConfiguration(seed: 1, timeLimit: .seconds(20), maxIterations: 30, threads: 1))
      .solve(problem)
    let evaluation = SolutionEvaluator.evaluateInDetail(result.solution, for: problem)
    #expect(evaluation.violations.isEmpty, "\(evaluation.violations.prefix(3))")
    #expect(result.solution.excludedClients.isEmpty)
    let disposals = result.solution.routes.reduce(0) { $0 + $1.visits.filter { if case .disposal = $0 { true } else { false } }.count }
    #expect(disposals == 30, "one trip per 6 yd³ stop")
  }

  /// Case 3: a scenario built in code whose truck names an unknown depot is a typed error of the planner.
  @Test func plannerRejectsAnUnknownDepotBuiltInCode() async throws {
    var scenario = SmallCity.scenario
    scenario.trucks[0].depot = "nowhere"
    let network = try SmallCity.network()
    do {
      _ = try await DailyPlanner(scenario: scenario).plan(network: network)
      Issue.record("planned with a truck at an unknown depot")
    } catch PlanningError.scenario(.unknownDepot(let location, let depot)) {
      #expect(depot == "nowhere")
      #expect(location.path == "trucks[0].depot")
    }
  }

  /// Case 3: a matrix whose storage does not match its size is a typed error.
  @Test func matrixOfTheWrongSizeThrows() {
    #expect(throws: MatrixError.self) { _ = try Matrix<Int64>(rowCount: 3, columnCount: 3, storage: [1, 2, 3]) }
    #expect(throws: MatrixError.self) { _ = try Matrix<Int64>(rowCount: -1, columnCount: 3, repeating: 0) }
  }

  // MARK: - Audit

  @Test func clockTimesOutOfRangeNeverTrap() throws {
    #expect(!ClockTime(secondsAfterMidnight: -5).isValid)
    #expect(!ClockTime(secondsAfterMidnight: 200_000).isValid)
    #expect(ClockTime(hours: .max).secondsAfterMidnight == .max)
    #expect(ClockTime(hours: .min, minutes: -1).secondsAfterMidnight == .min)
    #expect(ClockTime(hours: 48).isValid && !ClockTime(hours: 48, seconds: 1).isValid)
    _ = ClockTime(secondsAfterMidnight: .min).description
    // Validation names the field.
    var scenario = SmallCity.scenario
    scenario.trucks[0].shift.to = ClockTime(secondsAfterMidnight: 1_000_000)
    #expect(throws: ScenarioError.self) { try scenario.validate() }
    do {
      try scenario.validate()
    } catch {
      #expect("\(error)".contains("trucks[0].shift"))
    }
    // A time far past midnight still gives an instant.
    _ = scenario.date.date(at: ClockTime(secondsAfterMidnight: .max), in: TimeZone(identifier: "UTC")!)
  }

  @Test func calendarDaysBeyondTheCalendarNeverTrap() {
    var day = CalendarDay(year: 2026, month: 11, day: 27)!
    #expect(day.start(in: TimeZone(identifier: "UTC")!) == Date(timeIntervalSince1970: 1_795_737_600))
    #expect(CalendarDay.daysSince1970(year: 2026, month: 11, day: 27) == 20_784)
    #expect(CalendarDay.daysSince1970(year: 2000, month: 3, day: 1) == 11_017)
    #expect(CalendarDay.daysSince1970(year: 1969, month: 12, day: 31) == -1)
    day.year = 1_000_000_000_000
    _ = day.start(in: TimeZone(identifier: "Europe/Berlin")!)
    _ = day.adding(days: 1)
    _ = CalendarDay(year: 2026, month: 1, day: 1)!.adding(days: .max)
    _ = CalendarDay(year: 2026, month: 1, day: 1)!.adding(days: .min)
  }

  @Test func weekdayFactorsOfAnotherLengthAreFlat() throws {
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let forecast = BinForecast(binID: "x", ratePerDay: 10, weekdayFactors: [1, 2, 3])
    #expect(forecast.weekdayFactors.count == 7)
    var mutated = forecast
    mutated.weekdayFactors = [2]
    #expect(mutated.rise(from: start, to: start.addingTimeInterval(86_400)) == 10)
    #expect(mutated.timeUntil(fill: 100, from: 90, at: start) == 86_400)
    var prior = FleetPrior(ratePerDay: 5, weekdayFactors: [])
    #expect(prior.weekdayFactors.count == 7)
    prior.weekdayFactors = [1, 1]
    let history = BinHistory(binID: "b", readings: [], emptyings: [])
    _ = try FillForecaster().fit(history, prior: prior)
  }

  @Test func forecastsOverAbsurdStretchesEndAtOnce() {
    let forecast = BinForecast(binID: "x", ratePerDay: 10, weekdayFactors: [1, 1, 1, 1, 1, 1.5, 0.5])
    let start = Date(timeIntervalSince1970: 0)
    #expect(forecast.rise(from: start, to: Date(timeIntervalSince1970: 1e300)).isFinite)
    #expect(forecast.rise(from: start, to: Date(timeIntervalSince1970: .nan)) == 0)
    #expect(forecast.rise(from: Date(timeIntervalSince1970: -1e300), to: start).isFinite)
    // A long stretch in whole weeks: 10 per day.
    let weeks = forecast.rise(from: start, to: start.addingTimeInterval(70 * 86_400))
    #expect(abs(weeks - 700) < 1e-9)
    _ = forecast.timeUntil(fill: 100, from: 0, at: Date(timeIntervalSince1970: 1e300))
    _ = forecast.daysUntil(fill: 100, from: 0, at: Date(timeIntervalSince1970: -.infinity))
    #expect(FillInterval.weekday(ofUnixDay: 1e30) >= 0)
    #expect(FillInterval.weekday(ofUnixDay: .nan) == 0)
  }

  @Test func forecastEvaluationTakesAWarmUpBelowOne() throws {
    _ = try ForecastEvaluation.run(on: [], configuration: ForecastConfiguration(), warmUp: 0)
    _ = try ForecastEvaluation.run(on: [], configuration: ForecastConfiguration(), warmUp: .min)
  }

  @Test func nonFinitePointsSnapNowhere() throws {
    let network = try SmallCity.network()
    let points = [
      Coordinate(x: .nan, y: 49), Coordinate(x: 8, y: .infinity), Coordinate(x: -.infinity, y: .nan),
    ]
    #expect(network.snap(points).allSatisfy { !$0.isSnapped })
    #expect(network.snap(points, options: SnapOptions(maximumDistance: .infinity)).allSatisfy { !$0.isSnapped })
    // Far off the globe: nothing within the default reach.
    #expect(!network.snap(Coordinate(x: 1e300, y: -1e300)).isSnapped)
    #expect(network.snap(Coordinate(x: TinyOSM.longitude(1), y: TinyOSM.latitude(0)), options: SnapOptions(maximumDistance: .nan)).isSnapped == false)
    #expect(network.snap(Coordinate(x: TinyOSM.longitude(1), y: TinyOSM.latitude(0)), options: SnapOptions(maximumDistance: .infinity)).isSnapped)
  }

  /// Found by the mutation loop: a CSV node at longitude `inf` made the spatial index convert infinity
  /// to an integer. Positions off the globe are now a reader error naming the line or feature.
  @Test(arguments: ["inf", "nan", "-1e300", "181", "1e5"])
  func positionsOffTheGlobeAreReaderErrors(value: String) {
    let nodes = "node_id,lon,lat\n1,-71.24,-29.91\n2,\(value),-29.91\n"
    let links = "link_id,a_node,b_node,direction,link_type\n1,1,2,0,residential\n"
    #expect(throws: RoadNetworkError.malformedLine(file: "n.csv", line: 3, reason: "invalid node_id, lon or lat")) {
      _ = try CSVRoadReader(nodesFileName: "n.csv", linksFileName: "l.csv").read(nodes: Array(nodes.utf8), links: Array(links.utf8))
    }
    let geometry = "node_id,lon,lat\n1,-71.24,-29.91\n2,-71.25,-29.91\n"
    let shaped = "link_id,a_node,b_node,direction,link_type,geometry_lonlat\n1,1,2,0,residential,-71.24 -29.91;\(value) 0;-71.25 -29.91\n"
    #expect(throws: RoadNetworkError.self) {
      _ = try CSVRoadReader(nodesFileName: "n.csv", linksFileName: "l.csv").read(nodes: Array(geometry.utf8), links: Array(shaped.utf8))
    }
    let xml = "<osm>\n<node id=\"1\" lat=\"49\" lon=\"\(value)\"/>\n</osm>\n"
    #expect(throws: RoadNetworkError.malformedLine(file: "x.osm", line: 2, reason: "<node> without a valid id, lat and lon")) {
      _ = try OSMXMLReader(fileName: "x.osm").read(Array(xml.utf8))
    }
    if let number = Double(value), number.isFinite {
      let json = """
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"highway": "residential"},
        "geometry": {"type": "LineString", "coordinates": [[9.9, 53.5], [\(value), 53.6]]}}]}
        """
      #expect(throws: RoadNetworkError.self) { _ = try GeoJSONRoadReader(fileName: "g.geojson").read(Array(json.utf8)) }
    }
  }

  /// Found by the mutation loop: an unterminated comment or declaration in OSM XML trapped on an
  /// exclusivity violation (the line counter passed inout beside the closure that reads it).
  @Test func unterminatedXMLMarkupNamesItsLine() {
    #expect(throws: RoadNetworkError.malformedLine(file: "x.osm", line: 3, reason: "unterminated comment")) {
      _ = try OSMXMLReader(fileName: "x.osm").read(Array("<osm>\n<!-- a\nb".utf8))
    }
    #expect(throws: RoadNetworkError.malformedLine(file: "x.osm", line: 2, reason: "unterminated declaration")) {
      _ = try OSMXMLReader(fileName: "x.osm").read(Array("<osm>\n<?xml version".utf8))
    }
    let network = try? RoadNetwork.fromOSMXML(
      "<?xml version='1.0'?>\n<!-- roads\n -->\n<osm>\n<node id=\"1\" lat=\"49\" lon=\"8\"/>\n</osm>\n")
    #expect(network == nil)  // read, but no drivable road
  }

  @Test func scenarioWithNonFiniteNumbersEncodesAndIsRejectedOnReading() throws {
    var scenario = SmallCity.scenario
    scenario.bins[0].lon = .nan
    let data = scenario.jsonData()
    #expect(!data.isEmpty)
    #expect(throws: ScenarioError.self) { _ = try Scenario.decode(data) }
  }

  /// Random rich problems (the generator of `waste-route-bench random-rich`), a few iterations each:
  /// feasible ones are solved, the others answered with their exclusions, and the evaluator agrees.
  @Test(arguments: 0..<16)
  func randomRichProblemsAreAnswered(seed: Int) async {
    var source = SplitMix64(seed: UInt64(seed) &+ 1_000)
    guard case let .success(problem) = RichProblemGenerator.problem(using: &source) else {
      Issue.record("seed \(seed): the generator drew an invalid problem")
      return
    }
    let outcome = await RichProblemCheck.run(
      problem, configuration: SolverConfiguration(seed: 1, timeLimit: .seconds(20), maxIterations: 20, refinement: false, threads: 1))
    #expect(!outcome.isFailure, "seed \(seed): \(outcome)")
  }
}
