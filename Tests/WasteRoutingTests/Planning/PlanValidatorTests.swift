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
          from: $0.from - 1, to: $0.to - 1, distance: $0.distance, travelTime: $0.travelTime, path: $0.path)
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
        DailyPlan.PlanLeg(from: 1, to: 3, distance: 0, travelTime: 0, path: truck.legs[3].path),
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
    let broken = replacing(plan) { $0.legs[1].travelTime += 3_600 }
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
}
