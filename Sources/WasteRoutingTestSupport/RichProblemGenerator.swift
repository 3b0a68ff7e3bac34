import WasteRouting

/// Random rich routing problems for property tests, the random-rich benchmark and fuzzing.
///
/// Each problem draws its features independently: skip rounds (every stop fills more than half the
/// smallest truck), stop limits, tight and several time windows, no or several disposal sites with their
/// own hours, several depots and vehicle types with 1–3 capacity dimensions, the window break rule or the
/// EU driving-time rule, daily load, duration and distance limits, optional clients with prizes, limited
/// fleets, zero values (distances, demands, service and break durations, costs) and, one time in ten,
/// extreme values close to the bounds ``Problem`` validation documents (times in units of 2^20, loads
/// near 2^39). One time in four a few clients are made unservable (a load above every truck, a window
/// after every shift, a tiny window far away).
///
/// The same entropy gives the same problem.
public enum RichProblemGenerator {
  /// A problem drawn from `source`; `nil` only when `Problem` validation rejects what was drawn (which
  /// the generator is meant never to do: the caller counts it).
  public static func problem<Source: EntropySource>(
    using source: inout Source, name: String = "random-rich"
  ) -> Result<Problem, ProblemError> {
    var r = source
    defer { source = r }
    // Half the problems keep every client within reach of a route of its own (no distance or duration
    // limit, no slowdown, windows that close after any truck can arrive, an unlimited fleet); the others
    // draw every feature freely, so that some clients cannot be served.
    let gentle = r.chance(2)
    let extreme = r.chance(10)
    // Time and distance unit: 1, a minute of seconds, or 2^20 (extreme).
    let scale: Int64 = extreme ? 1 << 20 : [1, 1, 60, 1_000][r.below(4)]
    let n = r.chance(30) ? r.below(2) : r.pick(2...40)
    let depotCount = r.pick(1...3)
    let siteCount = r.chance(6) ? 0 : r.pick(1...3)
    let typeCount = r.pick(1...3)
    let dimensions = r.pick(1...3)
    let skipRound = siteCount > 0 && r.chance(4)
    let collapsed = r.chance(25)  // every place at one point: all distances 0
    let grid = r.chance(8) ? 10 : 100
    let size = depotCount + siteCount + n
    let points = (0..<size).map { _ in
      collapsed ? Coordinate(x: 0, y: 0) : Coordinate(x: Double(r.below(grid + 1)), y: Double(r.below(grid + 1)))
    }
    let slowdown: Int64 = gentle ? 1 : Int64(r.pick(1...3))
    let separateDurations = r.chance(3)
    var distances = Matrix<Int64>(size: size) { i, j in
      let dx = points[i].x - points[j].x, dy = points[i].y - points[j].y
      return Int64((dx * dx + dy * dy).squareRoot().rounded()) * scale
    }
    if r.chance(3) {  // asymmetric
      for i in 0..<size { for j in 0..<size where i != j && !collapsed { distances[i, j] += Int64(r.below(5)) * scale } }
    }
    var durations = distances
    for i in 0..<size {
      for j in 0..<size {
        durations[i, j] = distances[i, j] * slowdown + (separateDurations && i != j ? Int64(r.below(7)) * scale : 0)
      }
    }
    let horizon = 1_500 * scale
    func time(_ value: Int) -> Int64 { Int64(value) * scale }

    let sites = (0..<siteCount).map { s -> DisposalSite in
      let hours: TimeWindow
      switch gentle ? r.below(3) : r.below(4) {
      case 0, 1: hours = .always
      case 2: hours = TimeWindow(earliest: time(r.below(300)), latest: time(r.pick(gentle ? 1_300...1_500 : 900...1_500)))
      default:
        let open = r.below(1_200)
        hours = TimeWindow(earliest: time(open), latest: time(open + r.pick(0...300)))
      }
      return DisposalSite(
        name: "S\(s)", coordinate: points[depotCount + s], openingHours: hours,
        unloadDuration: r.chance(4) ? 0 : time(r.below(30)))
    }

    var types: [VehicleType] = []
    var smallestCapacity = Array(repeating: Int64.max, count: dimensions)
    for t in 0..<typeCount {
      var capacities = (0..<dimensions).map { _ -> Int64 in
        extreme ? r.pick(Int64(1) << 30...Int64(1) << 39) : (r.chance(20) ? 0 : r.pick(Int64(10)...Int64(30)))
      }
      if dimensions > 1 && !extreme { capacities[1] *= 3 }
      for d in 0..<dimensions { smallestCapacity[d] = min(smallestCapacity[d], capacities[d]) }
      let start = r.below(depotCount)
      var allowedSites: [Int]? = nil
      if siteCount > 1 && r.chance(3) {
        let subset = (0..<siteCount).filter { _ in r.chance(2) }
        allowedSites = subset.isEmpty ? [r.below(siteCount)] : subset
      }
      let hasShift = !r.chance(4)
      let shiftStart = r.chance(3) ? r.below(200) : 0
      var breakRule: BreakRule?
      switch r.below(5) {
      case 0, 1: breakRule = nil
      case 2, 3:
        // Inside the shift, as validation requires.
        let open = (hasShift ? shiftStart : 0) + r.below(800)
        breakRule = BreakRule(
          duration: r.chance(5) ? 0 : time(r.pick(10...60)),
          window: TimeWindow(earliest: time(open), latest: time(open + r.pick(0...400))))
      default:
        // The EU rule in grid units: a break after at most 300–600 units of driving.
        breakRule = .drivingLimit(duration: time(r.pick(0...45)), maxDriving: time(r.pick(gentle ? 450...600 : 300...600)))
      }
      let count: Int? = !gentle && r.chance(4) ? r.pick(1...3) : nil
      types.append(
        VehicleType(
          name: "T\(t)", capacities: capacities, count: count, startDepot: start,
          endDepot: r.chance(4) ? r.below(depotCount) : start,
          maxDuration: !gentle && r.chance(5) ? time(r.pick(900...1_400)) : nil,
          maxDistance: !gentle && r.chance(8) ? time(r.pick(400...2_000)) : nil,
          shift: hasShift ? TimeWindow(earliest: time(shiftStart), latest: horizon) : nil,
          breakRule: breakRule,
          maxTotalLoad: r.chance(5) ? capacities[0] * Int64(r.pick(1...4)) : nil,
          maxStops: r.chance(4) ? r.pick(1...5) : nil,
          allowedDisposalSites: allowedSites,
          fixedCost: r.chance(2) ? 0 : (extreme ? r.pick(Int64(0)...Int64(1) << 40) : Int64(r.below(500))),
          unitDistanceCost: r.chance(10) ? 0 : Int64(r.pick(1...3)),
          unitDurationCost: r.chance(2) ? 0 : Int64(r.pick(1...2))))
    }

    let unservable = !gentle && r.chance(2)
    let everyTypeHasShift = types.allSatisfy { $0.shift != nil }
    let clients = (0..<n).map { c -> Client in
      var demands = (0..<dimensions).map { d -> Int64 in
        let cap = smallestCapacity[d]
        if skipRound && d == 0 && cap > 1 { return cap / 2 + 1 + r.pick(0...(cap - cap / 2 - 1)) }
        if r.chance(6) { return 0 }
        return extreme ? r.pick(0...max(0, cap / 4)) : r.pick(0...min(10, cap))
      }
      var windows: [TimeWindow] = []
      switch r.below(5) {
      case 0: break
      case 1:
        let open = gentle ? r.below(600) : r.below(900)
        windows = [TimeWindow(earliest: time(open), latest: time(max(open + r.pick(200...600), gentle ? 700 : 0)))]
      case 2:  // tight
        let open = gentle ? r.pick(680...950) : r.below(1_100)
        windows = [TimeWindow(earliest: time(open), latest: time(open + r.pick(0...20)))]
      default:  // several (gentle: the last one closes after any truck can arrive)
        var open = r.below(300)
        if gentle {
          windows = [TimeWindow(earliest: time(open), latest: time(open + r.pick(0...150)))]
          windows.append(TimeWindow(earliest: time(r.pick(680...800)), latest: time(r.pick(820...950))))
          break
        }
        for _ in 0..<r.pick(2...3) {
          let close = open + r.pick(0...150)
          windows.append(TimeWindow(earliest: time(open), latest: time(close)))
          open = close + r.pick(1...300)
        }
      }
      var allowed: [Int]? = nil
      if typeCount > 1 && r.chance(4) {
        let subset = (0..<typeCount).filter { _ in r.chance(2) }
        allowed = subset.isEmpty ? [r.below(typeCount)] : subset
      }
      if unservable && r.chance(6) {
        switch r.below(3) {
        case 0: demands[0] = types.map(\.capacities[0]).max().map { $0 + 1 } ?? 1
        case 1 where everyTypeHasShift: windows = [TimeWindow(earliest: horizon + time(10), latest: horizon + time(20))]
        default: windows = [TimeWindow(earliest: time(1), latest: time(1))]
        }
      }
      let optional = r.chance(4)
      let prize: Int64 = optional ? (extreme ? r.pick(Int64(0)...Int64(1) << 40) : Int64(r.below(600)) * scale) : 0
      return Client(
        name: "C\(c)", coordinate: points[depotCount + siteCount + c], demands: demands,
        serviceDuration: r.chance(4) ? 0 : time(r.below(15)), timeWindows: windows, isRequired: !optional,
        prize: prize, allowedVehicleTypes: allowed)
    }
    do {
      return .success(
        try Problem(
          name: name, depots: (0..<depotCount).map { Depot(name: "D\($0)", coordinate: points[$0]) },
          disposalSites: sites, clients: clients, vehicleTypes: types, distances: distances,
          durations: durations))
    } catch {
      return .failure(error)
    }
  }
}
