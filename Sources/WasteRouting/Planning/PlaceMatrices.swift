/// Travel times and distances between all places of a scenario (depots, disposal facilities, bins),
/// computed once and reused for many days with the same places, as a simulation does.
///
/// ``DailyPlanner/placeMatrices(network:)`` makes them; ``DailyPlanner/plan(network:matrices:progress:)``
/// takes the rows of the day's places from them instead of running the road searches again. Matrices
/// made for other places (another scenario, or other bin positions) are not used.
public struct PlaceMatrices: Sendable {
  /// The places' positions in order: depots, facilities, bins (to recognise the scenario).
  let coordinates: [Coordinate]
  /// The turn rules they were computed under.
  let turns: TurnRules
  /// The matrices over all places, in the order of ``coordinates``.
  public let matrices: TravelMatrices

  /// Whether these matrices belong to `scenario`'s places.
  func fits(_ scenario: Scenario) -> Bool {
    turns == scenario.roadNetwork.turnRules && coordinates == Self.coordinates(of: scenario)
  }

  /// The positions of a scenario's places: depots, facilities, bins.
  static func coordinates(of scenario: Scenario) -> [Coordinate] {
    scenario.depots.map(\.coordinate) + scenario.disposalSites.map(\.coordinate) + scenario.bins.map(\.coordinate)
  }

  /// The matrices between some of the places, given by their positions in ``coordinates``, as
  /// ``RoadNetwork/travelMatrices(between:turns:metric:)`` would compute them for those places alone.
  func restricted(to places: [Int]) -> TravelMatrices {
    var rowOf = [Int: Int]()
    for (row, point) in matrices.pointIndices.enumerated() { rowOf[point] = row }
    var kept: [Int] = []
    var rows: [Int] = []
    var excluded: [Int] = []
    var positionOf = [Int: Int]()
    for (k, place) in places.enumerated() {
      positionOf[place] = k
      if let row = rowOf[place] {
        kept.append(k)
        rows.append(row)
      } else {
        excluded.append(k)
      }
    }
    let pairs = matrices.unreachablePairs.compactMap { pair -> PointPair? in
      guard let from = positionOf[pair.from], let to = positionOf[pair.to] else { return nil }
      return PointPair(from: from, to: to)
    }
    let full = matrices
    return TravelMatrices(
      pointIndices: kept, travelTimes: Matrix(size: rows.count) { full.travelTimes[rows[$0], rows[$1]] },
      distances: Matrix(size: rows.count) { full.distances[rows[$0], rows[$1]] }, excludedPoints: excluded,
      unreachablePairs: pairs, metric: full.metric)
  }
}
