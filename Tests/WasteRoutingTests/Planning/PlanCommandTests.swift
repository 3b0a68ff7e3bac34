import Foundation
import Testing

@testable import WasteRouting

/// End-to-end runs of the built `waste-route plan` and `waste-route validate` on the small city.
@Suite struct PlanCommandTests {
  /// A fresh folder holding the small city's road file and scenario; removed afterwards.
  private func withSmallCity(_ body: (String) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for name in ["small-city.osm", "small-city.scenario.json"] {
      try FileManager.default.copyItem(
        atPath: VRPLIBFixtures.path("planning/" + name), toPath: folder + "/" + name)
    }
    try await body(folder)
  }

  @Test func fixtureFilesMatchTheSmallCity() throws {
    #expect(try VRPLIBFixtures.text("planning/small-city.osm") == SmallCity.osm.xml)
    #expect(
      try Scenario.load(path: VRPLIBFixtures.path("planning/small-city.scenario.json")) == SmallCity.scenario)
  }

  @Test func badScenarioExitsTwoAndWritesNothing() async throws {
    try await withSmallCity { folder in
      var scenario = SmallCity.scenario
      scenario.bins[1].fraction = "glass"
      let path = folder + "/bad.scenario.json"
      try scenario.jsonData().write(to: URL(fileURLWithPath: path))
      let run = try CommandRunner.run(["plan", path, "--time-limit", "1", "-o", folder + "/plan.json"])
      #expect(run.status == 2)
      #expect(
        run.standardError.contains("bins[1].fraction (id \"B\"): unknown fraction \"glass\""),
        "\(run.standardError)")
      #expect(!FileManager.default.fileExists(atPath: folder + "/plan.json"))
    }
  }

  @Test func binOffTheNetworkExitsTwoAndWritesNothing() async throws {
    try await withSmallCity { folder in
      var scenario = SmallCity.scenario
      scenario.bins[2].lat = TinyOSM.latitude(-20)
      let path = folder + "/far.scenario.json"
      try scenario.jsonData().write(to: URL(fileURLWithPath: path))
      let run = try CommandRunner.run(["plan", path, "--time-limit", "1", "-o", folder + "/plan.json"])
      #expect(run.status == 2)
      #expect(
        run.standardError.contains("bins[2] (id \"C\"): no road a truck may use within 100.0 m"),
        "\(run.standardError)")
      #expect(!FileManager.default.fileExists(atPath: folder + "/plan.json"))
    }
  }

  @Test func dateBeforeTheReadingsIsRejected() async throws {
    try await withSmallCity { folder in
      let run = try CommandRunner.run([
        "plan", folder + "/small-city.scenario.json", "--date", "2026-11-26", "-o", folder + "/plan.json",
      ])
      #expect(run.status == 2)
      #expect(run.standardError.contains("bins[0].readings[1].time (id \"A\")"), "\(run.standardError)")
      #expect(!FileManager.default.fileExists(atPath: folder + "/plan.json"))
      let malformed = try CommandRunner.run([
        "plan", folder + "/small-city.scenario.json", "--date", "27.11.2026",
      ])
      #expect(malformed.status != 0 && malformed.standardError.contains("--date must be a date YYYY-MM-DD"))
    }
  }

  @Test func validateAcceptsAValidPlanAndListsWhatIsBroken() async throws {
    try await withSmallCity { folder in
      let (_, plan, _) = try await SmallCity.handPlan()
      try plan.jsonData().write(to: URL(fileURLWithPath: folder + "/plan.json"))
      let valid = try CommandRunner.run([
        "validate", folder + "/small-city.scenario.json", folder + "/plan.json",
      ])
      #expect(valid.status == 0, "\(valid.standardOutput)\(valid.standardError)")
      #expect(valid.standardOutput == "valid: 1 truck, 2 bins, 1 of 1 required\n")
      var truck = plan.trucks[0]
      truck.stops.removeLast()
      truck.legs[3].to = 3
      let broken = DailyPlan(
        scenario: plan.scenario, attribution: plan.attribution, date: plan.date, timeZone: plan.timeZone,
        settings: plan.settings, trucks: [truck], bins: plan.bins, totals: plan.totals)
      try broken.jsonData().write(to: URL(fileURLWithPath: folder + "/broken.json"))
      let invalid = try CommandRunner.run([
        "validate", folder + "/small-city.scenario.json", folder + "/broken.json",
      ])
      #expect(invalid.status == 1)
      #expect(
        invalid.standardOutput
          == "[breakRule] truck T1: takes 0 breaks, the rule asks for one while under way during 09:00–12:00\n")
      let unreadable = try CommandRunner.run([
        "validate", folder + "/small-city.scenario.json", folder + "/none.json",
      ])
      #expect(unreadable.status == 2)
    }
  }

  /// The golden run: plan the small city with a fixed seed, check it with `validate`, and compare the
  /// summary table (without the timing line) with `Fixtures/planning/small-city.plan.txt`.
  @Test func goldenPlanOfTheSmallCity() async throws {
    try await withSmallCity { folder in
      let run = try CommandRunner.run([
        "plan", folder + "/small-city.scenario.json", "--seed", "1", "--time-limit", "1", "-o",
        folder + "/plan.json",
      ])
      #expect(run.status == 0, "\(run.standardError)")
      let summary = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("time: ") && !$0.hasPrefix("plan: ") }.joined(separator: "\n")
      #expect(summary == (try VRPLIBFixtures.text("planning/small-city.plan.txt")))
      let checked = try CommandRunner.run([
        "validate", folder + "/small-city.scenario.json", folder + "/plan.json",
      ])
      #expect(checked.status == 0, "\(checked.standardOutput)")
    }
  }
}
