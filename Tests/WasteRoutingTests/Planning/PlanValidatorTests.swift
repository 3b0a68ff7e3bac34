import Foundation
import Testing

@testable import WasteRouting

/// The validator against hand-broken copies of the small city's valid hand-built plan.
@Suite struct PlanValidatorTests {
  typealias Stop = DailyPlan.PlanStop

  func validPlan() async throws -> (plan: DailyPlan, network: RoadNetwork) {
    let (_, plan, network) = try await SmallCity.handPlan()
    return (plan, network)
  }

  func replacing(
    _ plan: DailyPlan, date: CalendarDay? = nil, truck change: (inout DailyPlan.TruckPlan) -> Void
  ) -> DailyPlan {
    var truck = plan.trucks[0]
    change(&truck)
    return DailyPlan(
      scenario: plan.scenario, attribution: plan.attribution, date: date ?? plan.date,
      timeZone: plan.timeZone,
      settings: plan.settings, trucks: [truck], bins: plan.bins, totals: plan.totals)
  }

  func kinds(_ plan: DailyPlan, scenario: Scenario = SmallCity.scenario, network: RoadNetwork? = nil) -> Set<
    PlanViolation.Kind
  > {
    Set(PlanValidator(scenario: scenario, network: network).violations(of: plan).map(\.kind))
  }

  @Test func validPlanPasses() async throws {
    let (plan, network) = try await validPlan()
    #expect(PlanValidator(scenario: SmallCity.scenario, network: network).violations(of: plan) == [])
  }

  @Test func requiredBinMissed() async throws {
    let (plan, _) = try await validPlan()
    // Drop A (and its leg) and report the loads without it.
    let broken = replacing(plan) { truck in
      let a = truck.stops.removeFirst()
      for k in truck.stops.indices {
        truck.stops[k].loadLitres = max(0, truck.stops[k].loadLitres - a.litres)
        truck.stops[k].loadKilograms = max(0, truck.stops[k].loadKilograms - a.kilograms)
      }
      truck.stops[1].litres -= a.litres
      truck.stops[1].kilograms -= a.kilograms
      truck.legs.removeFirst()
      truck.legs = truck.legs.map {
        DailyPlan.PlanLeg(
          from: $0.from - 1, to: $0.to - 1, distanceMetres: $0.distanceMetres,
          travelTimeSeconds: $0.travelTimeSeconds, path: $0.path)
      }
      truck.legs[0].from = -1
    }
    let found = PlanValidator(scenario: SmallCity.scenario).violations(of: broken)
    #expect(found.map(\.kind).contains(.requiredBinMissed))
    #expect(found.first { $0.kind == .requiredBinMissed }?.message.contains("required bin A") == true)
  }

  @Test func binServedTwice() async throws {
    let (plan, _) = try await validPlan()
    let broken = replacing(plan) { truck in
      var again = truck.stops[0]
      again.litres = 0
      again.kilograms = 0
      again.loadLitres = truck.stops[1].loadLitres
      again.loadKilograms = truck.stops[1].loadKilograms
      again.arrival = truck.stops[1].departure
      again.start = again.arrival.addingTimeInterval(0)
      again.departure = again.start.addingTimeInterval(60)
      truck.stops.insert(again, at: 2)
    }
    #expect(kinds(broken).contains(.binServedTwice))
  }

  @Test func capacityExceeded() async throws {
    let (plan, _) = try await validPlan()
    var small = SmallCity.scenario
    small.trucks[0].capacityLitres = 300
    #expect(kinds(plan, scenario: small) == [.capacityExceeded])
    var light = SmallCity.scenario
    light.trucks[0].capacityKilograms = 30
    #expect(kinds(plan, scenario: light) == [.capacityExceeded])
  }

  @Test func loadsThatDoNotAddUp() async throws {
    let (plan, _) = try await validPlan()
    let broken = replacing(plan) { $0.stops[1].loadLitres += 50 }
    #expect(kinds(broken) == [.loadMismatch])
  }

  @Test func truckNotEmptyAtTheEnd() async throws {
    let (plan, _) = try await validPlan()
    // No unloading: B → depot directly, break after B.
    let broken = replacing(plan) { truck in
      truck.stops.remove(at: 2)
      truck.legs = [
        truck.legs[0], truck.legs[1],
        DailyPlan.PlanLeg(
          from: 1, to: 3, distanceMetres: 0, travelTimeSeconds: 0, path: truck.legs[3].path),
      ]
    }
    #expect(kinds(broken).contains(.notEmptyAtEnd))
  }

  @Test func serviceOutsideTheBinsWindow() async throws {
    let (plan, _) = try await validPlan()
    var scenario = SmallCity.scenario
    scenario.bins[0].timeWindows = [ClockWindow(from: ClockTime(hours: 6), to: ClockTime(hours: 7))]
    #expect(kinds(plan, scenario: scenario) == [.timeWindow])
  }

  @Test func unloadingOutsideOpeningHours() async throws {
    let (plan, _) = try await validPlan()
    var scenario = SmallCity.scenario
    scenario.disposalSites[0].openingHours = ClockWindow(from: ClockTime(hours: 12), to: ClockTime(hours: 18))
    #expect(kinds(plan, scenario: scenario) == [.timeWindow])
  }

  @Test func outsideTheShift() async throws {
    let (plan, _) = try await validPlan()
    var scenario = SmallCity.scenario
    scenario.trucks[0].shift = ClockWindow(from: ClockTime(hours: 9), to: ClockTime(hours: 14))
    scenario.trucks[0].breakRule?.window = ClockWindow(from: ClockTime(hours: 9), to: ClockTime(hours: 12))
    #expect(kinds(plan, scenario: scenario) == [.shift])
    scenario.trucks[0].shift = ClockWindow(from: ClockTime(hours: 6), to: ClockTime(hours: 9, minutes: 30))
    #expect(kinds(plan, scenario: scenario) == [.shift])
  }

  @Test func breakMissingShortOrLate() async throws {
    let (plan, _) = try await validPlan()
    let missing = replacing(plan) { truck in
      truck.stops.removeLast()
      truck.legs[3].to = 3
    }
    #expect(kinds(missing) == [.breakRule])
    let short = replacing(plan) { $0.stops[3].departure = $0.stops[3].start.addingTimeInterval(600) }
    #expect(kinds(short) == [.breakRule])
    var scenario = SmallCity.scenario
    scenario.trucks[0].breakRule?.window = ClockWindow(from: ClockTime(hours: 10), to: ClockTime(hours: 12))
    #expect(kinds(plan, scenario: scenario) == [.breakRule])
  }

  @Test func timeTooShortForALeg() async throws {
    let (plan, _) = try await validPlan()
    let broken = replacing(plan) { $0.legs[1].travelTimeSeconds += 3_600 }
    #expect(kinds(broken) == [.timeOrder])
  }

  @Test func pathsThatJumpOrLeaveTheRoads() async throws {
    let (plan, network) = try await validPlan()
    // Leg 1 starts somewhere else than where leg 0 ended.
    let gap = replacing(plan) { $0.legs[1].path.removeFirst($0.legs[1].path.count / 2 + 1) }
    #expect(kinds(gap, network: network) == [.path])
    // A straight line across the blocks, off the streets.
    let shortcut = replacing(plan) { truck in
      let last = truck.legs[3].path.last!
      truck.legs[3].path = [
        truck.legs[3].path.first!, Coordinate(x: TinyOSM.longitude(2), y: TinyOSM.latitude(3)), last,
      ]
    }
    #expect(kinds(shortcut, network: network) == [.path])
    // Legs that skip a stop.
    let skipping = replacing(plan) { $0.legs.remove(at: 1) }
    #expect(kinds(skipping).contains(.path))
  }

  @Test func incompatibleTruckAndFacility() async throws {
    let (plan, _) = try await validPlan()
    var scenario = SmallCity.scenario
    scenario.bins[1].access = ["crane"]
    #expect(kinds(plan, scenario: scenario) == [.incompatibleBin])
    scenario = SmallCity.scenario
    scenario.fractions.append(Fraction(id: "paper", density: 0.1))
    scenario.trucks[0].fractions = ["residual", "paper"]
    scenario.bins[1].fraction = "paper"
    #expect(kinds(plan, scenario: scenario).contains(.facilityRefusesFraction))
  }

  @Test func planForAnotherDay() async throws {
    let (plan, _) = try await validPlan()
    let broken = replacing(plan, date: CalendarDay("2026-11-28")) { _ in }
    #expect(kinds(broken).contains(.mismatch))
  }

  // MARK: - Break rules (see RouteSemantics)

  /// The plan of `visits` for the small city with `change` applied to its scenario.
  func plan(_ visits: [Visit], _ change: (inout Scenario) -> Void = { _ in }) async throws -> (
    DailyPlan, Scenario
  ) {
    var scenario = SmallCity.scenario
    change(&scenario)
    let network = try SmallCity.network()
    let day = try await DailyPlanner(scenario: scenario).prepare(network: network)
    let plan = await day.plan(
      Solution(routes: [Route(vehicleType: 0, visits: visits)]), network: network, scenario: scenario)
    return (plan, scenario)
  }

  @Test func noBreakIsOwedByARouteBackBeforeTheWindowOpens() async throws {
    // Leaving at 06:00, the truck is back long before the 09:00 window.
    let (early, scenario) = try await plan([.client(0), .client(1), .disposal(0)])
    #expect(try #require(early.trucks[0].arrival) < SmallCity.instant("09:00:00"))
    #expect(PlanValidator(scenario: scenario).violations(of: early) == [])
    // A bin that may only be emptied at 09:30 keeps it under way during the window: a break is owed.
    let (late, lateScenario) = try await plan([.client(0), .client(1), .disposal(0)]) {
      $0.bins[0].timeWindows = [ClockWindow(from: ClockTime(hours: 9, minutes: 30), to: ClockTime(hours: 10))]
    }
    let found = PlanValidator(scenario: lateScenario).violations(of: late)
    #expect(found.map(\.kind) == [.breakRule])
    #expect(found.first?.message.contains("the route works into the break window 09:00–12:00") == true)
  }

  @Test func noBreakIsOwedByARouteLeavingAfterTheWindow() async throws {
    let (plan, scenario) = try await plan([.client(0), .client(1), .disposal(0)]) {
      $0.trucks[0].breakRule?.window = ClockWindow(from: ClockTime(hours: 6), to: ClockTime(hours: 6))
      $0.bins[0].timeWindows = [ClockWindow(from: ClockTime(hours: 9), to: ClockTime(hours: 10))]
    }
    #expect(try #require(plan.trucks[0].departure) >= SmallCity.instant("06:00:00"))
    #expect(PlanValidator(scenario: scenario).violations(of: plan) == [])
  }

  @Test func drivingLimitBreak() async throws {
    let visits: [Visit] = [.client(0), .client(1), .disposal(0)]
    // The route drives about a minute: under a 4 h 30 min limit no break is owed.
    let (short, scenario) = try await plan(visits) {
      $0.trucks[0].breakRule = Truck.Break(duration: 2_700, maxDrivingBeforeBreak: 16_200)
    }
    let driving = short.trucks[0].legs.reduce(0) { $0 + $1.travelTimeSeconds }
    #expect(driving > 30 && driving < 120)
    #expect(PlanValidator(scenario: scenario).violations(of: short) == [])
    // Under a 20 s limit it is owed: missing, then taken with too much driving after it.
    let (missing, tight) = try await plan(visits) {
      $0.trucks[0].breakRule = Truck.Break(duration: 2_700, maxDrivingBeforeBreak: 20)
    }
    let found = PlanValidator(scenario: tight).violations(of: missing)
    #expect(found.map(\.kind) == [.breakRule])
    #expect(found.first?.message.contains("the limit before a break is 20 s") == true)
    let (early, _) = try await plan([.break] + visits) {
      $0.trucks[0].breakRule = Truck.Break(duration: 2_700, maxDrivingBeforeBreak: 20)
    }
    let after = PlanValidator(scenario: tight).violations(of: early)
    #expect(after.map(\.kind) == [.breakRule])
    #expect(after.first?.message.contains("after the break, the limit is 20 s") == true)
  }

  // MARK: - Declared exclusions

  func declaring(_ plan: DailyPlan, _ change: (inout [DailyPlan.BinOutcome]) -> Void) -> DailyPlan {
    var bins = plan.bins
    change(&bins)
    return DailyPlan(
      scenario: plan.scenario, attribution: plan.attribution, date: plan.date, timeZone: plan.timeZone,
      settings: plan.settings, trucks: plan.trucks, bins: bins,
      excludedDisposalSites: plan.excludedDisposalSites,
      totals: plan.totals)
  }

  @Test func declaredExclusionsAreAcceptedAndVerified() async throws {
    let (plan, network) = try await validPlan()
    let validator = PlanValidator(scenario: SmallCity.scenario, network: network)
    // C (skipped) declared off the network: the roads say otherwise.
    let offNetwork = declaring(plan) {
      $0[2].exclusion = PlanExclusion(rule: .offNetwork, reason: "")
    }
    #expect(
      validator.violations(of: offNetwork).map(\.message) == [
        "bin C is declared offNetwork, but a road lies within reach"
      ])
    #expect(PlanValidator(scenario: SmallCity.scenario).violations(of: offNetwork) == [])
    // A declared too large for the truck, yet emptied.
    let tooLarge = declaring(plan) { $0[0].exclusion = PlanExclusion(rule: .loadAboveCapacity, reason: "") }
    let found = validator.violations(of: tooLarge).map(\.message)
    #expect(
      found.contains {
        $0.hasPrefix("bin A is declared loadAboveCapacity, but its predicted 240 L and 24 kg fit truck T1")
      })
    #expect(found.contains("bin A is declared left out (loadAboveCapacity) but emptied"))
    // A required bin left out for its window is not "missed".
    let (without, _) = try await self.plan([.client(1), .disposal(0), .break])
    let missed = PlanValidator(scenario: SmallCity.scenario).violations(of: without)
    #expect(missed.map(\.kind) == [.requiredBinMissed])
    let declared = declaring(without) {
      $0[0].exclusion = PlanExclusion(rule: .windowUnreachable, reason: "")
    }
    #expect(PlanValidator(scenario: SmallCity.scenario, network: network).violations(of: declared) == [])
    // No compatible truck: only true when no usable truck carries the fraction with the equipment.
    let noTruck = declaring(without) { $0[0].exclusion = PlanExclusion(rule: .noCompatibleTruck, reason: "") }
    #expect(validator.violations(of: noTruck).map(\.kind) == [.exclusion])
    var crane = SmallCity.scenario
    crane.bins[0].access = ["crane"]
    #expect(PlanValidator(scenario: crane).violations(of: noTruck) == [])
  }

  /// A plan file may hold anything: absurd and non-finite numbers are reported, never trapped on.
  @Test func absurdNumbersInAPlanAreReportedNotTrappedOn() async throws {
    let (plan, network) = try await validPlan()
    let broken = replacing(plan) { truck in
      truck.stops[0].litres = 1e300
      truck.stops[1].loadLitres = .nan
      truck.legs[1].travelTimeSeconds = .infinity
      truck.legs[2].path[0] = Coordinate(x: .nan, y: 1e300)
    }
    let found = PlanValidator(scenario: SmallCity.scenario, network: network).violations(of: broken)
    #expect(Set(found.map(\.kind)).isSuperset(of: [.loadMismatch, .capacityExceeded, .timeOrder, .path]))
    #expect(found.contains { $0.message.contains("1e+300 L on board") })
    let data = broken.jsonData()
    #expect(try DailyPlan.decode(data).trucks[0].stops[0].litres == 1e300)
  }
}
