import Foundation
import Testing

@testable import WasteRouting

/// Every public `Codable` type round-trips through a plain `JSONEncoder` and `JSONDecoder` (no date or
/// key strategy), in the JSON form its documentation gives; the scenario files decode the same way.
/// (``DailyPlan`` and its nested types are covered with the plan format.)
@Suite struct CodableRoundTripTests {
  /// `value` encoded by a plain encoder and decoded by a plain decoder.
  static func roundTrip<Value: Codable>(_ value: Value) throws -> Value {
    try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(value))
  }

  /// The JSON object a plain encoder writes for `value`.
  static func json(_ value: some Encodable) throws -> NSDictionary {
    try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? NSDictionary)
  }

  static func expectRoundTrip<Value: Codable & Equatable>(
    _ value: Value, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    #expect(try roundTrip(value) == value, sourceLocation: sourceLocation)
  }

  static func date(_ text: String) -> Date { ISO8601Time.parse(text)! }

  // MARK: - Problems and solutions

  @Test func problemTypes() throws {
    let window = TimeWindow(earliest: 21_600, latest: 50_400)
    try Self.expectRoundTrip(Coordinate(x: 24.9412, y: 60.1702))
    try Self.expectRoundTrip(Depot(name: "yard", coordinate: Coordinate(x: 1, y: 2)))
    try Self.expectRoundTrip(Depot(name: "yard"))
    try Self.expectRoundTrip(window)
    try Self.expectRoundTrip(BreakRule(duration: 1_800, window: window))
    try Self.expectRoundTrip(BreakRule(duration: 2_700, window: .always, maxDrivingBeforeBreak: 16_200))
    try Self.expectRoundTrip(
      DisposalSite(name: "plant", coordinate: nil, openingHours: window, unloadDuration: 900))
    try Self.expectRoundTrip(Client(name: "7", demand: 12))
    try Self.expectRoundTrip(
      Client(
        name: "B17", coordinate: Coordinate(x: 3, y: 4), demands: [240, 31], serviceDuration: 60,
        timeWindows: [TimeWindow(earliest: 0, latest: 100), TimeWindow(earliest: 200, latest: 300)],
        isRequired: false, prize: 5_000, allowedVehicleTypes: [0, 2]))
    try Self.expectRoundTrip(VehicleType(capacity: 100))
    try Self.expectRoundTrip(
      VehicleType(
        name: "rear loader", capacities: [60_000, 9_000], count: 3, startDepot: 1, endDepot: 0,
        maxDuration: 36_000, maxDistance: 200_000, shift: window,
        breakRule: BreakRule(duration: 1_800, window: window), maxTotalLoad: 120_000, maxStops: 400, allowedDisposalSites: [1], fixedCost: 50, unitDistanceCost: 2,
        unitDurationCost: 1))
  }

  @Test func visitsHaveAKindAndAnIndex() throws {
    #expect(try Self.json(Visit.client(0)) == ["kind": "client", "index": 0] as NSDictionary)
    #expect(try Self.json(Visit.disposal(2)) == ["kind": "disposal", "index": 2] as NSDictionary)
    #expect(try Self.json(Visit.break) == ["kind": "break"] as NSDictionary)
    for visit in [Visit.client(0), .client(41), .disposal(0), .disposal(3), .break] {
      try Self.expectRoundTrip(visit)
    }
    let text = #"{"kind": "depot", "index": 0}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(Visit.self, from: Data(text.utf8)) }
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Visit.self, from: Data(#"{"kind": "client"}"#.utf8))
    }
  }

  @Test func solutionsRoutesAndExclusions() throws {
    let route = Route(vehicleType: 1, visits: [.client(3), .client(0), .disposal(0), .break, .client(2)])
    try Self.expectRoundTrip(route)
    #expect(try Self.json(route)["vehicleType"] as? Int == 1)
    let reasons: [ExclusionReason] = [
      .noCompatibleVehicle, .loadAboveCapacity(dimension: 1, demand: 700, largestCapacity: 500),
      .noDisposalSite, .windowUnreachable, .routeLimitExceeded, .notEnoughVehicles,
    ]
    for reason in reasons { try Self.expectRoundTrip(reason) }
    let solution = Solution(
      routes: [route, Route(clients: [1, 4])],
      excludedClients: reasons.enumerated().map { ExcludedClient(client: 5 + $0, reason: $1) })
    try Self.expectRoundTrip(solution)
    try Self.expectRoundTrip(Solution(routes: []))
    // The documented short form: no exclusions, and routes as their visits.
    let text = #"{"routes": [{"vehicleType": 0, "visits": [{"kind": "client", "index": 1}]}]}"#
    let decoded = try JSONDecoder().decode(Solution.self, from: Data(text.utf8))
    #expect(decoded == Solution(routes: [Route(clients: [1])]))
  }

  // MARK: - Forecasting

  @Test func forecastingTypes() throws {
    let reading = FillReading(time: Self.date("2026-11-26T06:00:00Z"), fill: 42.5, isAfterEmptying: true)
    let emptying = EmptyingEvent(time: Self.date("2026-11-26T09:30:00Z"), fillBefore: 78, fillAfter: 2)
    try Self.expectRoundTrip(reading)
    try Self.expectRoundTrip(emptying)
    // The documented form: seconds since 1970.
    #expect(try Self.json(reading)["time"] as? Double == 1_795_672_800)
    try Self.expectRoundTrip(BinHistory(binID: "325048", readings: [reading], emptyings: [emptying]))
    try Self.expectRoundTrip(FleetPrior(ratePerDay: 12.5, postEmptyingJump: 3, intervalCount: 40))
    try Self.expectRoundTrip(ForecastConfiguration())
    try Self.expectRoundTrip(ForecastConfiguration(timeZone: TimeZone(identifier: "Europe/Helsinki")!))
    var forecast = BinForecast(
      binID: "7", ratePerDay: 20, postEmptyingJump: 30, weekdayFactors: [1.2, 1, 1, 1, 1, 0.9, 0.9],
      timeZone: TimeZone(identifier: "Europe/London")!)
    forecast.rateQuartiles = 15...24
    forecast.rateSource = .bin
    forecast.intervalCount = 12
    forecast.exposureDays = 30.5
    try Self.expectRoundTrip(forecast)
    try Self.expectRoundTrip(BinForecast(binID: "8", ratePerDay: 3))
    let evaluation = ForecastEvaluation(
      scores: [
        ForecastEvaluation.MethodScore(
          name: "naive", predictionCount: 10, meanAbsoluteError: 5.5, rootMeanSquareError: 7.25,
          meanError: -1)
      ],
      binCount: 3, emptyingCount: 36, warmUpSkipCount: 12, censoredTargetCount: 2, warmUp: 3)
    try Self.expectRoundTrip(evaluation)
  }

  // MARK: - Road networks

  @Test func roadNetworkTypes() throws {
    try Self.expectRoundTrip(PointPair(from: 3, to: 7))
    for roadClass in RoadClass.allCases { try Self.expectRoundTrip(roadClass) }
    for metric in RouteMetric.allCases { try Self.expectRoundTrip(metric) }
    try Self.expectRoundTrip(TruckProfile.refuseTruck)
    try Self.expectRoundTrip(TruckProfile(height: 4, width: 2.5, length: 12, weight: 32, topSpeed: 70))
    try Self.expectRoundTrip(TurnRules.standard)
    try Self.expectRoundTrip(TurnRules.none)
    try Self.expectRoundTrip(TurnRules(obeysRestrictions: false, uTurns: .forbidden, uTurnPenalty: 30))
  }

  // MARK: - Scenarios

  @Test func scenarioParts() throws {
    try Self.expectRoundTrip(CalendarDay("2026-11-27")!)
    let day = try JSONEncoder().encode(CalendarDay("2026-11-27")!)
    #expect(String(decoding: day, as: UTF8.self) == #""2026-11-27""#)
    try Self.expectRoundTrip(ClockTime(hours: 30, minutes: 15, seconds: 5))
    try Self.expectRoundTrip(ClockWindow(from: ClockTime(hours: 6), to: ClockTime(hours: 14)))
    try Self.expectRoundTrip(Fraction(id: "glass", density: 0.3))
    try Self.expectRoundTrip(FleetDepot(id: "north", lon: 24.94, lat: 60.17))
    try Self.expectRoundTrip(DisposalFacility(id: "plant", lon: 24.9, lat: 60.2, fractions: ["residual"]))
    try Self.expectRoundTrip(SelectionPolicy(overflowFill: 95, optionalFill: 60, nextCollectionInDays: 2))
    try Self.expectRoundTrip(SmallCity.truck)
    try Self.expectRoundTrip(
      Truck(
        id: "T2", depot: "north", endDepot: "south", fractions: ["paper"], capacityLitres: 40_000,
        capacityKilograms: 8_000, shift: ClockWindow(from: ClockTime(hours: 22), to: ClockTime(hours: 30)),
        equipment: ["crane"]))
    try Self.expectRoundTrip(
      BinSelection(
        binID: "A", status: .optional, predictedFillToday: 80.5, predictedFillAtNextOpportunity: 91,
        daysUntilOverflow: nil, prize: 4.83, reason: "above the optional threshold"))
    try Self.expectRoundTrip(
      Scenario.RoadNetworkSource(path: "city.osm.pbf", obeysTurnRules: false, maximumSnapDistance: 50))
    for rule in PlanExclusion.Rule.allCases {
      try Self.expectRoundTrip(PlanExclusion(rule: rule, reason: "a sentence"))
    }
  }

  /// Bins write their reading and emptying times as ISO 8601 text themselves, exactly (fractions of a
  /// second included), so plain coders keep them.
  @Test func binsWriteTheirTimesAsISO8601Text() throws {
    let bin = Bin(
      id: "B17", lon: 24.9412, lat: 60.1702, capacity: 240, fraction: "residual",
      readings: [
        FillReading(time: Self.date("2026-11-26T06:00:00Z"), fill: 35),
        FillReading(time: Self.date("2026-11-27T07:30:00.25+02:00"), fill: 52, isAfterEmptying: true),
        FillReading(time: Date(timeIntervalSince1970: 1_764_226_800.123_456), fill: 60),
      ],
      emptyings: [EmptyingEvent(time: Self.date("2026-11-26T12:00:00.5Z"), fillBefore: 40, fillAfter: 1)],
      serviceTime: 90, timeWindows: [ClockWindow(from: ClockTime(hours: 7), to: ClockTime(hours: 20))],
      kerbside: .sameSide, access: ["crane"])
    try Self.expectRoundTrip(bin)
    let text = try String(decoding: JSONEncoder().encode(bin), as: UTF8.self)
    #expect(text.contains(#""time":"2026-11-26T06:00:00Z""#))
    #expect(text.contains(#""time":"2026-11-27T05:30:00.25Z""#))
    #expect(text.contains(#""time":"2026-11-26T12:00:00.5Z""#))
  }

  /// The exact text of random instants, to the microsecond or finer, reads back as the same instant.
  @Test func exactTimeTextReadsBackAsTheSameInstant() {
    var rng = SplitMix64(seed: 12)
    for _ in 0..<2_000 {
      let seconds = Double(rng.below(2_000_000_000)) + Double(rng.below(1_000_000)) / 1_000_000
      let scale = [1.0, 1e-3, 1e-7][rng.below(3)]
      let date = Date(timeIntervalSince1970: seconds + Double(rng.below(1_000)) * scale)
      let text = ISO8601Time.exactUTCText(date)
      #expect(ISO8601Time.parse(text) == date, "\(text)")
    }
  }

  /// Every scenario file decodes with a plain `JSONDecoder` to what ``Scenario/load(path:)`` reads,
  /// and a plain `JSONEncoder` writes it back in the same format.
  @Test(arguments: [
    "fixtures/helsinki/helsinki.scenario.json", "fixtures/heidelberg/heidelberg.scenario.json",
    "fixtures/hamburg/hamburg.scenario.json",
    "Tests/WasteRoutingTests/Fixtures/planning/small-city.scenario.json",
  ])
  func scenarioFilesDecodeWithAPlainDecoder(_ relativePath: String) throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let path = root.appendingPathComponent(relativePath).path
    let data = try #require(FileManager.default.contents(atPath: path))
    let plain = try JSONDecoder().decode(Scenario.self, from: data)
    #expect(plain == (try Scenario.load(path: path)))
    let written = try JSONEncoder().encode(plain)
    #expect(try JSONDecoder().decode(Scenario.self, from: written) == plain)
    #expect(try Scenario.decode(written) == plain)
    #expect(try Scenario.decode(plain.jsonData()) == plain)
  }
}
