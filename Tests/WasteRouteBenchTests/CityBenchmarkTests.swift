import Foundation
import Testing

@testable import waste_route_bench

@Suite struct CityBenchmarkTests {
  private static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  @Test func findsTheBundledCities() throws {
    let fixtures = Self.packageRoot.appendingPathComponent("fixtures").path
    let paths = try CitiesCommand.scenarioPaths(in: [fixtures])
    #expect(paths.map(CityBenchmark.cityName) == ["hamburg", "heidelberg", "helsinki"])
    #expect(throws: BenchInputError.self) { try CitiesCommand.scenarioPaths(in: [fixtures + "/vrplib"]) }
    #expect(throws: BenchInputError.self) { try CitiesCommand.scenarioPaths(in: [fixtures + "/nowhere"]) }
  }

  /// The small test city at 0.3 s and 0.6 s: both plans validate, the long row has the quality ratio, and
  /// the CSV has one line per run.
  @Test func plansTheSmallCityTwiceAndValidates() async throws {
    let path = Self.packageRoot.appendingPathComponent(
      "Tests/WasteRoutingTests/Fixtures/planning/small-city.scenario.json"
    ).path
    let benchmark = CityBenchmark(timeLimit: 0.3, longFactor: 2, seed: 1, threads: 1)
    let lines = LockedLines()
    let rows = await benchmark.run([path], progress: BenchProgress(isTerminal: false) { lines.append($0) })
    try #require(rows.count == 2)
    for row in rows {
      #expect(row.isValid, "\(row.error ?? "")")
      #expect(row.city == "small-city")
      #expect((row.binsEmptied ?? 0) > 0)
      #expect(row.requiredEmptied == row.required)
      #expect((row.seconds ?? 0) >= row.timeLimit * 0.5)
    }
    #expect(rows[0].timeLimit == 0.3 && !rows[0].isLong && rows[0].qualityRatio == nil)
    #expect(rows[1].timeLimit == 0.6 && rows[1].isLong)
    let ratio = try #require(rows[1].qualityRatio)
    #expect(abs(ratio - (rows[0].objective ?? 0) / (rows[1].objective ?? 1)) < 1e-12)
    #expect(lines.text.contains("[1/2] small-city, 0.3 s: objective"))
    #expect(lines.text.contains("[2/2] small-city, 0.6 s: objective"))

    var context = RunContext.now(commandLine: ["waste-route-bench", "cities"])
    context.finish()
    let table = CityBenchmark.table(rows, settings: benchmark, context: context)
    let csv = table.csv().split(separator: "\n")
    #expect(csv.count == 3)
    #expect(csv[0].hasPrefix("city,bins,time_limit_s,seconds,"))
    #expect(csv[1].hasPrefix("small-city,"))
    #expect(table.markdown().contains("Quality ratio objective(0.3 s) / objective(0.6 s): geometric mean"))
  }
}
