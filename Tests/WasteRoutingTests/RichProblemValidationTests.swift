import Testing
@testable import WasteRouting

/// The rich model's bad input: each case a clear `ProblemError` naming the offending item.
@Suite struct RichProblemValidationTests {
  /// One depot, one landfill, two clients; `edit` breaks one thing.
  static func problem(_ edit: (inout [DisposalSite], inout [Client], inout [VehicleType]) -> Void) throws(ProblemError) -> Problem {
    var sites = [DisposalSite(name: "landfill", openingHours: TimeWindow(earliest: 6 * 3600, latest: 18 * 3600), unloadDuration: 600)]
    var clients = [
      Client(name: "a", demands: [10, 2], serviceDuration: 60, timeWindows: [TimeWindow(earliest: 7 * 3600, latest: 9 * 3600)]),
      Client(name: "b", demands: [5, 1], serviceDuration: 60),
    ]
    var types = [
      VehicleType(
        name: "truck", capacities: [100, 20], shift: TimeWindow(earliest: 6 * 3600, latest: 15 * 3600),
        breakRule: BreakRule(duration: 1800, window: TimeWindow(earliest: 11 * 3600, latest: 12 * 3600)), fixedCost: 1000)
    ]
    edit(&sites, &clients, &types)
    let size = 1 + sites.count + clients.count
    return try Problem(
      depots: [Depot(name: "yard")], disposalSites: sites, clients: clients, vehicleTypes: types,
      distances: Matrix(size: size) { i, j in i == j ? 0 : 100 })
  }

  @Test func theBaseProblemIsValid() throws {
    let problem = try Self.problem { _, _, _ in }
    #expect(!problem.isCapacitatedOnly)
    #expect(problem.location(ofDisposalSite: 0) == 1)
    #expect(problem.location(ofClient: 0) == 2)
    #expect(problem.dimensionCount == 2)
  }

  typealias Edit = @Sendable (inout [DisposalSite], inout [Client], inout [VehicleType]) -> Void
  static let cases: [(String, ProblemError, Edit)] = [
    ("window closes before it opens", .invalidTimeWindow(location: "a", earliest: 900, latest: 800),
     { _, c, _ in c[0].timeWindows = [TimeWindow(earliest: 900, latest: 800)] }),
    ("overlapping windows", .invalidTimeWindow(location: "a", earliest: 150, latest: 300),
     { _, c, _ in c[0].timeWindows = [TimeWindow(earliest: 100, latest: 200), TimeWindow(earliest: 150, latest: 300)] }),
    ("allowed type that does not exist", .indexOutOfRange(owner: "client b", field: "allowed vehicle types", index: 3),
     { _, c, _ in c[1].allowedVehicleTypes = [3] }),
    ("window starting before time 0", .valueOutOfRange(owner: "a", field: "time window start", value: -5, limit: Problem.maxTime),
     { _, c, _ in c[0].timeWindows = [TimeWindow(earliest: -5, latest: 800)] }),
    ("service longer than the time limit", .valueOutOfRange(owner: "client b", field: "service duration", value: 1 << 40, limit: Problem.maxTime),
     { _, c, _ in c[1].serviceDuration = 1 << 40 }),
    ("demand beyond the load limit", .valueOutOfRange(owner: "client b", field: "demand", value: 1 << 41, limit: Problem.maxLoad),
     { _, c, _ in c[1].demands = [1 << 41] }),
    ("capacity beyond the load limit", .valueOutOfRange(owner: "vehicle type truck", field: "capacity", value: 1 << 41, limit: Problem.maxLoad),
     { _, _, t in t[0].capacities = [1 << 41, 20] }),
    ("negative driving limit", .negativeValue(owner: "vehicle type truck", field: "maximum driving before the break", value: -1),
     { _, _, t in t[0].breakRule = .drivingLimit(duration: 2700, maxDriving: -1) }),
    ("no disposal site open during the shift", .noDisposalSiteOpen(vehicleType: "truck"),
     { s, _, _ in s[0].openingHours = TimeWindow(earliest: 16 * 3600, latest: 20 * 3600) }),
    ("break longer than the shift", .breakDoesNotFit(vehicleType: "truck"),
     { _, _, t in t[0].breakRule = BreakRule(duration: 10 * 3600, window: TimeWindow(earliest: 11 * 3600, latest: 12 * 3600)) }),
    ("break window outside the shift", .breakDoesNotFit(vehicleType: "truck"),
     { _, _, t in t[0].breakRule = BreakRule(duration: 1800, window: TimeWindow(earliest: 16 * 3600, latest: 17 * 3600)) }),
    ("negative prize", .negativeValue(owner: "client b", field: "prize", value: -5),
     { _, c, _ in c[1].isRequired = false; c[1].prize = -5 }),
    ("negative fixed cost", .negativeValue(owner: "vehicle type truck", field: "fixed cost", value: -1),
     { _, _, t in t[0].fixedCost = -1 }),
    ("negative unload time", .negativeValue(owner: "disposal site landfill", field: "unload duration", value: -60),
     { s, _, _ in s[0].unloadDuration = -60 }),
    ("allowed site that does not exist", .indexOutOfRange(owner: "vehicle type truck", field: "allowed disposal sites", index: 2),
     { _, _, t in t[0].allowedDisposalSites = [2] }),
    ("too many dimensions", .tooManyDimensions(owner: "client a", count: 5, supported: 4),
     { _, c, _ in c[0].demands = [1, 1, 1, 1, 1] }),
    ("shift that closes before it opens", .invalidTimeWindow(location: "vehicle type truck shift", earliest: 10, latest: 5),
     { _, _, t in t[0].shift = TimeWindow(earliest: 10, latest: 5) }),
  ]

  @Test(arguments: cases.indices)
  func badInputIsRejectedByName(_ index: Int) {
    let (label, expected, edit) = Self.cases[index]
    #expect(throws: expected, "\(label)") { try Self.problem(edit) }
    #expect(!expected.description.contains("\n"))
  }
}
