import Testing
import WasteRoutingTestSupport

@testable import WasteRouting

/// The rich engine's moves (``RichLocalSearch``): each move's predicted cost, built in O(1) from cached
/// prefix and suffix segments exactly as the move builds it, against the route priced from scratch after
/// the move is applied, and against the independent evaluator; on random rich problems with disposal
/// trips, breaks (window and driving-time rules), several windows and capacity dimensions, at penalty
/// weights that make every excess count. And the segment algebra the pricing rests on is associative.
@Suite struct RichOperatorTests {
  // MARK: - Segment algebra

  static func randomTime(_ rng: inout SplitMix64) -> DurationSegment {
    let earliest = Int64(rng.below(200))
    return DurationSegment(service: Int64(rng.below(30)), earliest: earliest, latest: earliest + Int64(rng.below(120)))
  }

  static func randomLoad(_ rng: inout SplitMix64) -> LoadSegment {
    switch rng.below(4) {
    case 0: return .unloading
    case 1: return .empty
    default: return .client(SIMD4(Int64(rng.below(12)), Int64(rng.below(12)), 0, Int64(rng.below(3))))
    }
  }

  static func same(_ a: DurationSegment, _ b: DurationSegment) -> Bool {
    a.duration == b.duration && a.timeWarp == b.timeWarp && a.earliest == b.earliest && a.latest == b.latest
  }

  static func same(_ a: LoadSegment, _ b: LoadSegment) -> Bool {
    a.head == b.head && a.tail == b.tail && a.innerExcess == b.innerExcess && a.unloads == b.unloads
      && a.total == b.total && a.stops == b.stops
  }

  /// (a b) c = a (b c) for time segments with travel between them, built from runs of random stops.
  @Test func durationSegmentConcatenationIsAssociative() {
    var rng = SplitMix64(seed: 31)
    var mismatches: [String] = []
    for _ in 0..<5_000 {
      // Each of a, b and c is itself a concatenation of 1-3 stops, so that they carry wait and warp.
      func run() -> DurationSegment {
        var segment = Self.randomTime(&rng)
        for _ in 0..<rng.below(3) { segment = segment.then(Self.randomTime(&rng), travel: Int64(rng.below(60))) }
        return segment
      }
      let a = run(), b = run(), c = run()
      let ab = Int64(rng.below(80)), bc = Int64(rng.below(80))
      let left = a.then(b, travel: ab).then(c, travel: bc)
      let right = a.then(b.then(c, travel: bc), travel: ab)
      if !Self.same(left, right) { mismatches.append("(\(a) \(b)) \(c)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.count) of 5000: \(mismatches.prefix(2))")
  }

  /// (a b) c = a (b c) for load segments with unloading stops, and the route excess agrees.
  @Test func loadSegmentConcatenationIsAssociative() {
    var rng = SplitMix64(seed: 32)
    var mismatches: [String] = []
    let capacity = SIMD4<Int64>(20, 25, Int64(RichData.never), 4)
    for _ in 0..<5_000 {
      func run() -> LoadSegment {
        var segment = Self.randomLoad(&rng)
        for _ in 0..<rng.below(4) { segment = segment.then(Self.randomLoad(&rng), capacity: capacity) }
        return segment
      }
      let a = run(), b = run(), c = run()
      let left = a.then(b, capacity: capacity).then(c, capacity: capacity)
      let right = a.then(b.then(c, capacity: capacity), capacity: capacity)
      if !Self.same(left, right) || left.routeExcess(capacity) != right.routeExcess(capacity) {
        mismatches.append("(\(a) \(b)) \(c)")
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.count) of 5000: \(mismatches.prefix(2))")
  }

  // MARK: - Moves

  /// A local search holding random routes that keep the structural rules the moves keep (clients on
  /// compatible types, allowed sites, a final unloading, at most one break where the type has a rule).
  final class Harness {
    let problem: Problem
    let data: RichData
    let search: RichLocalSearch
    var failures: [String] = []
    var checked = 0
    var evaluatorChecked = 0

    init(problem: Problem, rng: inout SplitMix64) {
      self.problem = problem
      data = RichData(problem: problem, granularity: 10)
      search = RichLocalSearch(data: data)
      search.weights = PenaltyWeights(load: Int64(1 + rng.below(5_000)), duration: Int64(1 + rng.below(5_000)))
      var slotsOfType = [[Int]](repeating: [], count: data.typeCount)
      for r in 0..<search.routeCount { slotsOfType[search.type(r)].append(r) }
      var visits = [[Int]](repeating: [], count: search.routeCount)
      for c in data.activeClients.shuffled(using: &rng) where rng.below(6) != 0 {
        let slots = (0..<data.typeCount).filter { data.allows(c, type: $0) }.flatMap { slotsOfType[$0] }
        guard !slots.isEmpty else { continue }
        visits[slots[rng.below(min(slots.count, 4))]].append(c)
      }
      for r in 0..<search.routeCount where !visits[r].isEmpty {
        let t = search.type(r)
        var codes: [Int] = []
        let sites = Array(data.typeSites[data.typeSiteStart[t]..<data.typeSiteStart[t + 1]])
        for c in visits[r] {
          codes.append(c)
          if data.needsDisposal && rng.below(3) == 0 { codes.append(data.clientCount + sites[rng.below(sites.count)]) }
        }
        if data.needsDisposal && !(codes.last.map { $0 >= data.clientCount } ?? false) {
          codes.append(data.clientCount + sites[rng.below(sites.count)])
        }
        if data.hasBreak[t] && rng.below(2) == 0 { codes.insert(data.breakCode, at: rng.below(codes.count + 1)) }
        for c in codes where c < data.clientCount { search.window[c] = data.windowStart[c] + rng.below(data.windowStart[c + 1] - data.windowStart[c]) }
        search.setVisits(r, codes)
        search.update(r)
      }
      search.refreshEmptySlots()
    }

    /// The codes of route `r` without its depots.
    func codes(_ r: Int) -> [Int] { (1..<(search.length[r] - 1)).map { search.codeAt(r, $0) } }

    /// Routes with at least one client.
    var usedRoutes: [Int] { (0..<search.routeCount).filter { search.clients($0) > 0 } }

    /// Client positions of route `r`.
    func clientPositions(_ r: Int) -> [Int] { (1..<(search.length[r] - 1)).filter { search.codeAt(r, $0) < data.clientCount } }

    /// Checks a move: `predicted` is the move's cost change from the cached segments; `after` gives the
    /// visit codes of the touched routes once applied. The routes are rebuilt with those codes, priced
    /// again from scratch and by their rebuilt caches, and judged by the evaluator.
    func check(_ move: String, predicted: Int64, routes touched: [Int], after: [[Int]]) {
      checked += 1
      let before = touched.reduce(Int64(0)) { $0 + search.routeCost[$1] }
      let saved = touched.map(codes)
      let scratch = zip(touched, after).reduce(Int64(0)) { $0 + search.price($1.1, type: search.type($1.0)) }
      for (r, visits) in zip(touched, after) {
        search.setVisits(r, visits)
        search.update(r)
      }
      let rebuilt = touched.reduce(Int64(0)) { $0 + search.routeCost[$1] }
      if predicted != scratch - before || rebuilt != scratch {
        failures.append("\(move): predicted \(predicted), from scratch \(scratch - before), rebuilt \(rebuilt - before)")
      }
      for r in touched { judge(r, move) }
      for (r, visits) in zip(touched, saved) {
        search.setVisits(r, visits)
        search.update(r)
      }
    }

    /// The route's cost parts against the evaluator: no excess exactly when the evaluator finds no
    /// violation, and then the same cost.
    func judge(_ r: Int, _ move: String) {
      guard search.clients(r) > 0, !data.hasMultipleWindows else { return }
      let t = search.type(r)
      let visits: [Visit] = codes(r).map { c in
        c < data.clientCount ? .client(c) : c == data.breakCode ? .break : .disposal(c - data.clientCount)
      }
      let evaluation = SolutionEvaluator.evaluateInDetail(Solution(routes: [Route(vehicleType: t, visits: visits)]), for: problem)
      let structural: Set<DetailedEvaluation.Violation.Kind> = [.incompatibleVehicleType, .disallowedDisposalSite, .noFinalDisposal, .duplicateBreak, .unexpectedBreak]
      let own = evaluation.violations.filter { $0.route == 0 }
      guard !own.contains(where: { structural.contains($0.kind) }) else { return }
      evaluatorChecked += 1
      let parts = search.parts(search.prefix(r, through: search.length[r] - 1), type: t)
      let keepsRules = parts.loadExcess == 0 && parts.timeExcess == 0
      if keepsRules != own.isEmpty {
        failures.append("\(move): search excess \(parts.loadExcess)/\(parts.timeExcess), evaluator \(own.map(\.description))")
      } else if keepsRules, let schedule = evaluation.routes.first, schedule.cost != parts.objective {
        failures.append("\(move): search cost \(parts.objective), evaluator \(schedule.cost)")
      }
    }

    // The moves' pricing, written as each move in RichLocalSearch+Moves.swift composes it.

    func relocate(_ rng: inout SplitMix64) {
      let used = usedRoutes
      guard let routeU = used.randomElement(using: &rng), let pu = clientPositions(routeU).randomElement(using: &rng),
        let routeV = used.randomElement(using: &rng), routeU != routeV
      else { return }
      let u = search.codeAt(routeU, pu)
      guard data.allows(u, type: search.type(routeV)) else { return }
      let end = data.needsDisposal ? max(1, search.lastDisposal[routeV]) : search.length[routeV] - 1
      let p = rng.below(end)
      let tU = search.type(routeU), tV = search.type(routeV)
      var newV = search.prefix(routeV, through: p)
      search.append(&newV, u, type: tV)
      search.appendSuffix(&newV, routeV, from: p + 1, type: tV)
      var newU = search.prefix(routeU, through: pu - 1)
      search.appendSuffix(&newU, routeU, from: pu + 1, type: tU)
      let delta = search.cost(newU, type: tU) + search.cost(newV, type: tV) - search.routeCost[routeU] - search.routeCost[routeV]
      var codesU = codes(routeU), codesV = codes(routeV)
      codesU.remove(at: pu - 1)
      codesV.insert(u, at: p)
      check("relocate", predicted: delta, routes: [routeU, routeV], after: [codesU, codesV])
    }

    func relocateWithinRoute(_ rng: inout SplitMix64) {
      guard let r = usedRoutes.randomElement(using: &rng), let from = clientPositions(r).randomElement(using: &rng) else { return }
      let after = rng.below(search.length[r] - 1)
      guard after != from, after != from - 1, abs(after - from) <= RichLocalSearch.intraRouteSpan else { return }
      let delta = search.intraMoveCost(r, from: from, after: after) - search.routeCost[r]
      var visits = codes(r)
      let moved = visits.remove(at: from - 1)
      visits.insert(moved, at: after > from ? after - 1 : after)
      check("relocate within a route", predicted: delta, routes: [r], after: [visits])
    }

    func relocatePair(_ rng: inout SplitMix64) {
      let used = usedRoutes
      guard let routeU = used.randomElement(using: &rng), let pu = clientPositions(routeU).randomElement(using: &rng),
        let routeV = used.randomElement(using: &rng), routeU != routeV, let pv = clientPositions(routeV).randomElement(using: &rng)
      else { return }
      let u = search.codeAt(routeU, pu), x = search.codeAt(routeU, pu + 1)
      let tU = search.type(routeU), tV = search.type(routeV)
      guard x < data.clientCount, data.allows(u, type: tV), data.allows(x, type: tV) else { return }
      let reversed = rng.below(2) == 0
      var newU = search.prefix(routeU, through: pu - 1)
      search.appendSuffix(&newU, routeU, from: pu + 2, type: tU)
      var newV = search.prefix(routeV, through: pv)
      search.append(&newV, reversed ? x : u, type: tV)
      search.append(&newV, reversed ? u : x, type: tV)
      search.appendSuffix(&newV, routeV, from: pv + 1, type: tV)
      let delta = search.cost(newU, type: tU) + search.cost(newV, type: tV) - search.routeCost[routeU] - search.routeCost[routeV]
      var codesU = codes(routeU), codesV = codes(routeV)
      codesU.removeSubrange((pu - 1)...pu)
      codesV.insert(contentsOf: reversed ? [x, u] : [u, x], at: pv)
      check(reversed ? "relocate pair reversed" : "relocate pair", predicted: delta, routes: [routeU, routeV], after: [codesU, codesV])
    }

    func swap(_ rng: inout SplitMix64) {
      let used = usedRoutes
      guard let routeU = used.randomElement(using: &rng), let pu = clientPositions(routeU).randomElement(using: &rng),
        let routeV = used.randomElement(using: &rng), let pv = clientPositions(routeV).randomElement(using: &rng),
        (routeU, pu) != (routeV, pv)
      else { return }
      let u = search.codeAt(routeU, pu), v = search.codeAt(routeV, pv)
      if routeU == routeV {
        let (a, b) = pu < pv ? (pu, pv) : (pv, pu)
        guard b - a <= RichLocalSearch.intraRouteSpan else { return }
        let t = search.type(routeU)
        var partial = search.prefix(routeU, through: a - 1)
        search.append(&partial, search.codeAt(routeU, b), type: t)
        for q in (a + 1)..<b { search.append(&partial, search.codeAt(routeU, q), type: t) }
        search.append(&partial, search.codeAt(routeU, a), type: t)
        search.appendSuffix(&partial, routeU, from: b + 1, type: t)
        var visits = codes(routeU)
        visits.swapAt(a - 1, b - 1)
        check("swap within a route", predicted: search.cost(partial, type: t) - search.routeCost[routeU], routes: [routeU], after: [visits])
        return
      }
      let tU = search.type(routeU), tV = search.type(routeV)
      guard data.allows(u, type: tV), data.allows(v, type: tU) else { return }
      var newU = search.prefix(routeU, through: pu - 1)
      search.append(&newU, v, type: tU)
      search.appendSuffix(&newU, routeU, from: pu + 1, type: tU)
      var newV = search.prefix(routeV, through: pv - 1)
      search.append(&newV, u, type: tV)
      search.appendSuffix(&newV, routeV, from: pv + 1, type: tV)
      let delta = search.cost(newU, type: tU) + search.cost(newV, type: tV) - search.routeCost[routeU] - search.routeCost[routeV]
      var codesU = codes(routeU), codesV = codes(routeV)
      codesU[pu - 1] = v
      codesV[pv - 1] = u
      check("swap", predicted: delta, routes: [routeU, routeV], after: [codesU, codesV])
    }

    func twoOpt(_ rng: inout SplitMix64) {
      guard let r = usedRoutes.randomElement(using: &rng) else { return }
      let positions = clientPositions(r)
      guard let pu = positions.randomElement(using: &rng), let pv = positions.randomElement(using: &rng),
        pu < pv, pv - pu >= 2, pv - pu <= RichLocalSearch.intraRouteSpan
      else { return }
      let t = search.type(r)
      var partial = search.prefix(r, through: pu)
      for q in stride(from: pv, to: pu, by: -1) { search.append(&partial, search.codeAt(r, q), type: t) }
      search.appendSuffix(&partial, r, from: pv + 1, type: t)
      var visits = codes(r)
      visits[pu..<pv].reverse()
      check("2-opt", predicted: search.cost(partial, type: t) - search.routeCost[r], routes: [r], after: [visits])
    }

    func twoOptStar(_ rng: inout SplitMix64) {
      let used = usedRoutes
      guard let routeU = used.randomElement(using: &rng), let pu = clientPositions(routeU).randomElement(using: &rng),
        let routeV = used.randomElement(using: &rng), routeU != routeV, let pv = clientPositions(routeV).randomElement(using: &rng)
      else { return }
      let tU = search.type(routeU), tV = search.type(routeV)
      guard data.tailClass[tU] == data.tailClass[tV],
        search.sufAllowed[search.cell(routeV, pv + 1)] & (1 << UInt64(tU)) != 0,
        search.sufAllowed[search.cell(routeU, pu + 1)] & (1 << UInt64(tV)) != 0
      else { return }
      let bU = search.breakPosition[routeU], bV = search.breakPosition[routeV]
      let headU = bU > 0 && bU < pu ? 1 : 0, headV = bV > 0 && bV < pv ? 1 : 0
      let tailU = bU > pu ? 1 : 0, tailV = bV > pv ? 1 : 0
      guard headU + tailV <= 1, headV + tailU <= 1 else { return }
      var newU = search.prefix(routeU, through: pu)
      search.appendSuffix(&newU, routeV, from: pv + 1, type: tU)
      var newV = search.prefix(routeV, through: pv)
      search.appendSuffix(&newV, routeU, from: pu + 1, type: tV)
      let delta = search.cost(newU, type: tU) + search.cost(newV, type: tV) - search.routeCost[routeU] - search.routeCost[routeV]
      let codesU = codes(routeU), codesV = codes(routeV)
      check(
        "2-opt*", predicted: delta, routes: [routeU, routeV],
        after: [Array(codesU[..<pu] + codesV[pv...]), Array(codesV[..<pv] + codesU[pu...])])
    }

    /// Removal, then the best insertion of the removed client as the search computes it and applies it.
    func removeAndInsert(_ rng: inout SplitMix64) {
      guard let r = usedRoutes.randomElement(using: &rng), let p = clientPositions(r).randomElement(using: &rng) else { return }
      let u = search.codeAt(r, p)
      let t = search.type(r)
      var without = search.prefix(r, through: p - 1)
      search.appendSuffix(&without, r, from: p + 1, type: t)
      var visits = codes(r)
      visits.remove(at: p - 1)
      check("removal", predicted: search.cost(without, type: t) - search.routeCost[r], routes: [r], after: [visits])
      // Take u out for real, then let the search insert it where it prices best.
      search.setVisits(r, visits)
      search.normalise(r)
      search.routeOf[u] = -1
      search.refreshEmptySlots()
      let insertion = search.bestInsertion(u, scanAll: rng.below(2) == 0)
      guard insertion.route >= 0 else { return }
      let before = search.routeCost[insertion.route]
      search.place(u, insertion)
      checked += 1
      let target = insertion.route
      let scratch = search.price(codes(target), type: search.type(target))
      if search.routeCost[target] - before != insertion.delta || scratch != search.routeCost[target] {
        failures.append(
          "insertion\(insertion.after < 0 ? " into a new route" : ""): predicted \(insertion.delta), applied \(search.routeCost[target] - before), from scratch \(scratch - before)")
      }
      judge(target, "insertion")
    }

    /// The unloading and break moves: each changes a route only when it gets cheaper, and the route's
    /// caches then price it as it is priced from scratch.
    func stops(_ rng: inout SplitMix64) {
      guard let r = usedRoutes.randomElement(using: &rng) else { return }
      let before = search.routeCost[r]
      let operation = rng.below(5)
      let changed: Bool
      switch operation {
      case 0: changed = search.optimiseStops(r)
      case 1: changed = search.placeBreak(r)
      case 2: changed = search.dropBreak(r)
      case 3: changed = search.addBreak(r)
      default:
        let stops = (1..<(search.length[r] - 1)).filter { search.codeAt(r, $0) >= data.clientCount }
        guard let p = stops.randomElement(using: &rng) else { return }
        changed = search.moveStop(r, at: p)
      }
      checked += 1
      let name = ["optimiseStops", "placeBreak", "dropBreak", "addBreak", "moveStop"][operation]
      let scratch = search.price(codes(r), type: search.type(r))
      if scratch != search.routeCost[r] || (changed && search.routeCost[r] > before && !data.hasMultipleWindows)
        || (!changed && search.routeCost[r] != before)
      {
        failures.append("\(name): before \(before), after \(search.routeCost[r]), from scratch \(scratch), changed \(changed)")
      }
      judge(r, name)
    }
  }

  /// Random rich problems; every other one keeps only each client's first window, so that the evaluator
  /// (which serves a client in the first window it can reach) and the search (which prices the window
  /// it chose) judge the same schedule.
  static func problems(seed: UInt64, count: Int) -> [Problem] {
    var rng = SplitMix64(seed: seed)
    var problems: [Problem] = []
    while problems.count < count {
      guard case let .success(problem) = RichProblemGenerator.problem(using: &rng), problem.clients.count >= 4,
        !problem.isCapacitatedOnly
      else { continue }
      guard problems.count % 2 == 1 else {
        problems.append(problem)
        continue
      }
      let clients = problem.clients.map { client in
        var single = client
        single.timeWindows = Array(client.timeWindows.prefix(1))
        return single
      }
      if let variant = try? Problem(
        name: problem.name, depots: problem.depots, disposalSites: problem.disposalSites, clients: clients,
        vehicleTypes: problem.vehicleTypes, distances: problem.distances, durations: problem.durations)
      {
        problems.append(variant)
      }
    }
    return problems
  }

  enum Move: String, CaseIterable, CustomTestStringConvertible {
    case relocate, relocateWithinRoute, relocatePair, swap, twoOpt, twoOptStar, removeAndInsert, stops
    var testDescription: String { rawValue }
  }

  /// Each move on 60 random problems, 40 random applications each: the prediction equals the cost
  /// change priced from scratch and by the rebuilt caches, and the evaluator agrees with the search on
  /// every touched route.
  @Test(arguments: Move.allCases)
  func predictedDeltaMatchesRecomputation(move: Move) {
    var failures: [String] = []
    var checked = 0, evaluatorChecked = 0
    var features = (disposal: 0, breaks: 0, drivingRule: 0, windows: 0, dimensions: 0)
    for (k, problem) in Self.problems(seed: 100 + UInt64(Move.allCases.firstIndex(of: move) ?? 0), count: 60).enumerated() {
      var rng = SplitMix64(seed: UInt64(k) &* 7919 &+ 1)
      let harness = Harness(problem: problem, rng: &rng)
      if harness.data.needsDisposal { features.disposal += 1 }
      if harness.data.hasBreak.contains(true) { features.breaks += 1 }
      if harness.data.drivingRule.contains(true) { features.drivingRule += 1 }
      if problem.clients.contains(where: { $0.timeWindows.count > 1 }) { features.windows += 1 }
      if problem.dimensionCount > 1 { features.dimensions += 1 }
      for _ in 0..<40 {
        switch move {
        case .relocate: harness.relocate(&rng)
        case .relocateWithinRoute: harness.relocateWithinRoute(&rng)
        case .relocatePair: harness.relocatePair(&rng)
        case .swap: harness.swap(&rng)
        case .twoOpt: harness.twoOpt(&rng)
        case .twoOptStar: harness.twoOptStar(&rng)
        case .removeAndInsert: harness.removeAndInsert(&rng)
        case .stops: harness.stops(&rng)
        }
      }
      failures += harness.failures.map { "problem \(k): \($0)" }
      checked += harness.checked
      evaluatorChecked += harness.evaluatorChecked
    }
    #expect(failures.isEmpty, "\(failures.count) of \(checked) failed: \(failures.prefix(5))")
    #expect(checked >= 200, "only \(checked) moves checked")
    #expect(evaluatorChecked >= 50, "only \(evaluatorChecked) routes judged by the evaluator")
    #expect(features.disposal > 10 && features.breaks > 10 && features.drivingRule > 3 && features.windows > 10 && features.dimensions > 10)
  }
}
