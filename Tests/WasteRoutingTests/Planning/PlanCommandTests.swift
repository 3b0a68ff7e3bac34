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

  /// The summary table without the timing and file lines.
  private func summary(_ run: CommandRunner.Run) -> String {
    run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("time: ") && !$0.hasPrefix("plan: ") && !$0.hasPrefix("refinement: ") }
      .joined(separator: "\n")
  }

  /// Writes the small city with `change` applied beside the road file and returns its path.
  private func scenario(in folder: String, _ name: String, _ change: (inout Scenario) -> Void) throws
    -> String
  {
    var scenario = SmallCity.scenario
    change(&scenario)
    let path = folder + "/\(name).scenario.json"
    try scenario.jsonData().write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Issue #11, case 4: one bin with a wrong coordinate, 50 km away, no longer fails the day. The plan is
  /// written with the bin left out and its rule, and the exit status says that a required bin is missing.
  @Test func binFiftyKilometresAwayIsLeftOutAndThePlanWritten() async throws {
    try await withSmallCity { folder in
      let path = try scenario(in: folder, "far") { $0.bins[0].lat += 0.45 }
      let run = try CommandRunner.run([
        "plan", path, "--seed", "1", "--time-limit", "1", "-o", folder + "/plan.json",
      ])
      #expect(run.status == 4, "\(run.standardError)")
      #expect(summary(run) == (try VRPLIBFixtures.text("planning/small-city-far-bin.plan.txt")))
      #expect(run.standardError.contains("far.scenario.json: 1 required bin is left out (exit status 4)"))
      let plan = try DailyPlan.load(path: folder + "/plan.json")
      #expect(
        plan.bins[0].exclusion
          == PlanExclusion(rule: .offNetwork, reason: "no road a truck may use within 100 m of its position"))
      #expect(plan.totals.requiredExcluded == 1 && plan.totals.exclusionsByRule == ["offNetwork": 1])
      // The independent check accepts the declared exclusion and verifies it against the roads.
      let checked = try CommandRunner.run(["validate", path, folder + "/plan.json"])
      #expect(checked.status == 0, "\(checked.standardOutput)")
      #expect(
        checked.standardOutput.hasPrefix(
          "valid: 0 trucks, 0 bins, 0 of 1 required (1 left out with a rule)\n"))
    }
  }

  /// The same with `--strict`: today's fail-fast behaviour, status 2 and nothing written.
  @Test func strictFailsOnTheBinFiftyKilometresAway() async throws {
    try await withSmallCity { folder in
      let path = try scenario(in: folder, "far") { $0.bins[0].lat += 0.45 }
      let run = try CommandRunner.run([
        "plan", path, "--strict", "--time-limit", "1", "-o", folder + "/plan.json",
      ])
      #expect(run.status == 2)
      #expect(
        run.standardError.contains("bins[0] (id \"A\"): no road a truck may use within 100.0 m"),
        "\(run.standardError)")
      #expect(!FileManager.default.fileExists(atPath: folder + "/plan.json"))
    }
  }

  /// A skipped bin off the network is reported but leaves nothing required out: status 0.
  @Test func skippedBinOffTheNetworkIsReportedOnly() async throws {
    try await withSmallCity { folder in
      let path = try scenario(in: folder, "far") { $0.bins[2].lat = TinyOSM.latitude(-20) }
      let run = try CommandRunner.run(["plan", path, "--time-limit", "1", "-o", folder + "/plan.json"])
      #expect(run.status == 0, "\(run.standardError)")
      #expect(run.standardOutput.contains("left out: 0 required, 0 optional, 1 skipped (offNetwork 1)\n"))
      #expect(try DailyPlan.load(path: folder + "/plan.json").bins[2].exclusion?.rule == .offNetwork)
    }
  }

  /// Issue #11, case 4: a required bin whose window no truck can reach is left out with its rule.
  @Test func requiredBinWithAnUnreachableWindowIsLeftOut() async throws {
    try await withSmallCity { folder in
      let window = ClockWindow(from: ClockTime(hours: 3), to: ClockTime(hours: 4))
      let path = try scenario(in: folder, "window") { $0.bins[0].timeWindows = [window] }
      let run = try CommandRunner.run([
        "plan", path, "--seed", "1", "--time-limit", "1", "-o", folder + "/plan.json",
      ])
      #expect(run.status == 4, "\(run.standardError)")
      let plan = try DailyPlan.load(path: folder + "/plan.json")
      #expect(plan.bins[0].exclusion?.rule == .windowUnreachable)
      #expect(
        run.standardOutput.contains(
          "  bin A (required): windowUnreachable: its time windows (03:00–04:00) lie outside the shift of every truck that may empty it (06:00–14:00)\n"
        ))
      let checked = try CommandRunner.run(["validate", path, folder + "/plan.json"])
      #expect(checked.status == 0, "\(checked.standardOutput)")
      let strict = try CommandRunner.run(["plan", path, "--strict", "--time-limit", "1"])
      #expect(strict.status == 2)
    }
  }

  /// Issue #11, case 4: more required litres than the fleet can carry in a shift. Nine required bins of
  /// 900 L, one 1,000 L truck and an hour's unloading per trip: at most seven trips fit into the shift.
  /// The plan is written, the bins left out are those that overflow least.
  @Test func leastUrgentRequiredBinsAreLeftOut() async throws {
    try await withSmallCity { folder in
      let path = try scenario(in: folder, "litres") { scenario in
        scenario.disposalSites[0].unloadTime = 3_600
        scenario.trucks[0].capacityKilograms = 5_000
        scenario.bins = (0..<9).map { k in
          var bin = SmallCity.bin(
            "R\(k)", x: 0.5 + 0.3 * Double(k), y: 0.05, capacity: 900,
            fills: (40 + 3 * Double(k), 70 + 3 * Double(k)))
          bin.capacity = 900
          return bin
        }
      }
      let run = try CommandRunner.run([
        "plan", path, "--seed", "1", "--time-limit", "2", "-o", folder + "/plan.json",
      ])
      #expect(run.status == 4, "\(run.standardError)")
      let plan = try DailyPlan.load(path: folder + "/plan.json")
      let left = plan.bins.filter { $0.exclusion != nil }
      let served = plan.bins.filter(\.isServed)
      #expect(left.count >= 2 && served.count >= 1)
      #expect(left.allSatisfy { $0.exclusion?.rule == .notEnoughTrucks && $0.selection.status == .required })
      let leftPrize = left.map(\.selection.prize).max() ?? 0
      #expect(served.allSatisfy { $0.selection.prize >= leftPrize })
      let strict = try CommandRunner.run(["plan", path, "--strict", "--time-limit", "1"])
      #expect(strict.status == 1)
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
          == "[breakRule] truck T1: takes 0 breaks, the rule asks for exactly one (the route works into the break window 09:00–12:00)\n"
      )
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
        .filter { !$0.hasPrefix("time: ") && !$0.hasPrefix("plan: ") && !$0.hasPrefix("refinement: ") }
      .joined(separator: "\n")
      #expect(summary == (try VRPLIBFixtures.text("planning/small-city.plan.txt")))
      let checked = try CommandRunner.run([
        "validate", folder + "/small-city.scenario.json", folder + "/plan.json",
      ])
      #expect(checked.status == 0, "\(checked.standardOutput)")
    }
  }
}
