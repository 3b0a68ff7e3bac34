/// The schedule of one route under the rules of the route-semantics article: service starts at arrival or
/// at its window's opening; the route finishes as early as possible and, among such schedules, leaves the
/// depot as late as possible.
struct RouteTiming: Sendable, Hashable {
  /// Arrival, start and end of one visit, in the problem's time unit.
  struct Visit: Sendable, Hashable {
    var arrival: Int64
    var start: Int64
    var end: Int64
  }

  /// Departure from the start depot.
  var departure: Int64
  /// One entry per visit of the route.
  var visits: [Visit]
  /// Arrival at the end depot.
  var arrival: Int64

  /// The schedule of `route` in `problem`.
  init(_ route: Route, in problem: Problem) {
    let type = problem.vehicleTypes[route.vehicleType]
    let earliest = type.shift?.earliest ?? 0
    let first = Self.forward(route, problem, departure: earliest)
    // Leaving later by δ is absorbed by the waiting before each visit; it must not make any service late
    // nor the return later.
    var waited: Int64 = 0
    var delay = Int64.max
    for (visit, window) in zip(first.timing.visits, first.latest) {
      waited += visit.start - visit.arrival
      delay = min(delay, waited + (window - visit.start))
    }
    delay = max(0, min(delay, waited))
    self = delay > 0 ? Self.forward(route, problem, departure: earliest + delay).timing : first.timing
    // A route without its break that would be under way during the break window leaves once the window
    // has closed, as the evaluator and the search schedule it (see <doc:RouteSemantics>).
    if let rule = type.breakRule, rule.maxDrivingBeforeBreak == nil, !route.visits.contains(.break),
      arrival > rule.window.earliest, departure < rule.window.latest
    {
      let later = Self.forward(route, problem, departure: rule.window.latest)
      let onTime = zip(later.timing.visits, later.latest).allSatisfy { $0.start <= $1 }
      if onTime && later.timing.arrival <= (type.shift?.latest ?? .max) { self = later.timing }
    }
  }

  private init(departure: Int64, visits: [Visit], arrival: Int64) {
    self.departure = departure
    self.visits = visits
    self.arrival = arrival
  }

  /// The earliest schedule when leaving at `departure`, with each visit's latest allowed start.
  private static func forward(_ route: Route, _ problem: Problem, departure: Int64) -> (
    timing: RouteTiming, latest: [Int64]
  ) {
    let type = problem.vehicleTypes[route.vehicleType]
    var time = departure
    var location = type.startDepot
    var visits: [Visit] = []
    var latest: [Int64] = []
    func open(_ windows: [TimeWindow], at arrival: Int64) -> (start: Int64, latest: Int64) {
      guard !windows.isEmpty else { return (arrival, TimeWindow.always.latest) }
      let window = windows.first { $0.latest >= arrival } ?? windows[windows.count - 1]
      return (max(arrival, window.earliest), window.latest)
    }
    for visit in route.visits {
      switch visit {
      case .client(let c):
        let next = problem.location(ofClient: c)
        let arrival = time + problem.durations[location, next]
        let (start, close) = open(problem.clients[c].timeWindows, at: arrival)
        time = start + problem.clients[c].serviceDuration
        visits.append(Visit(arrival: arrival, start: start, end: time))
        latest.append(close)
        location = next
      case .disposal(let s):
        let next = problem.location(ofDisposalSite: s)
        let arrival = time + problem.durations[location, next]
        let site = problem.disposalSites[s]
        let (start, close) = open([site.openingHours], at: arrival)
        time = start + site.unloadDuration
        visits.append(Visit(arrival: arrival, start: start, end: time))
        latest.append(close)
        location = next
      case .break:
        let rule = type.breakRule ?? BreakRule(duration: 0, window: .always)
        let start = max(time, rule.window.earliest)
        visits.append(Visit(arrival: time, start: start, end: start + rule.duration))
        latest.append(rule.window.latest)
        time = start + rule.duration
      }
    }
    let arrival = time + problem.durations[location, type.endDepot]
    return (RouteTiming(departure: departure, visits: visits, arrival: arrival), latest)
  }
}
