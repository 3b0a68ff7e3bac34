import Testing

@testable import WasteRouting

/// Matrices and paths on a real city extract (central Helsinki, with its turn restrictions).
@Suite struct TravelMatrixTests {
  private static let network = Result {
    try RoadNetwork.load(path: ImportTests.fixture("helsinki/Helsinki.osm.pbf"))
  }

  private func randomPoints(_ count: Int, seed: UInt64) -> [Coordinate] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      Coordinate(
        x: Double.random(in: 24.936...24.953, using: &rng), y: Double.random(in: 60.165...60.178, using: &rng)
      )
    }
  }

  @Test(arguments: [TurnRules.none, .standard], [RouteMetric.time, .distance])
  func pathsMatchMatrixEntries(turns: TurnRules, metric: RouteMetric) async throws {
    let network = try Self.network.get()
    let options = SnapOptions(kerbsideFromClass: .secondary)
    let points = network.snap(randomPoints(12, seed: 7), options: options)
    let matrices = await network.travelMatrices(between: points, turns: turns, metric: metric)
    #expect(matrices.pointIndices.count + matrices.excludedPoints.count == points.count)
    #expect(matrices.pointIndices.count >= 8)
    for (row, i) in matrices.pointIndices.enumerated() {
      #expect(matrices.travelTimes[row, row] == 0)
      let batch = network.paths(
        from: points[i], to: matrices.pointIndices.map { points[$0] }, turns: turns, metric: metric)
      for (column, j) in matrices.pointIndices.enumerated() {
        let path = network.path(from: points[i], to: points[j], turns: turns, metric: metric)
        #expect(batch[column] == path)
        let time = matrices.travelTimes[row, column]
        guard time != TravelMatrices.unreachable else {
          #expect(path == nil)
          continue
        }
        let found = try #require(path, "no path \(i) → \(j)")
        #expect(found.travelTime == time)
        #expect(found.length == matrices.distances[row, column])
        // The geometry is continuous: consecutive positions are never far apart.
        for (a, b) in zip(found.coordinates, found.coordinates.dropFirst()) {
          #expect(RoadNetwork.metres(a.x, a.y, b.x, b.y) < 400)
        }
        if let first = found.coordinates.first, let last = found.coordinates.last,
          let start = points[i].location,
          let end = points[j].location
        {
          #expect(RoadNetwork.metres(first.x, first.y, start.x, start.y) < 0.5)
          #expect(RoadNetwork.metres(last.x, last.y, end.x, end.y) < 0.5)
        }
      }
    }
  }

  /// Settling single-way-on arcs without the heap changes no answer.
  @Test(arguments: [
    TurnRules.standard, TurnRules(obeysRestrictions: true, uTurns: .forbidden, uTurnPenalty: 0),
  ])
  func followingChainsChangesNothing(turns: TurnRules) async throws {
    let network = try Self.network.get()
    let points = network.snap(randomPoints(40, seed: 5), options: SnapOptions(kerbsideFromClass: .tertiary))
    for metric in RouteMetric.allCases {
      let chained = await network.travelMatrices(
        between: points, plan: SearchPlan(network: network, turns: turns, metric: metric))
      let plain = await network.travelMatrices(
        between: points,
        plan: SearchPlan(network: network, turns: turns, metric: metric, followsChains: false))
      #expect(chained == plain)
      #expect(
        network.edgeSearchArcs(primaryCost: network.arcTime, secondaryCost: network.arcLength, turns: turns)
          .contains { $0.onlyNext >= 0 })
    }
  }

  @Test func turnRulesNeverShortenRoutes() async throws {
    let network = try Self.network.get()
    let points = network.snap(randomPoints(30, seed: 11))
    let free = await network.travelMatrices(between: points, turns: .none)
    let ruled = await network.travelMatrices(between: points, turns: .standard)
    #expect(free.pointIndices == ruled.pointIndices)
    for k in free.travelTimes.storage.indices {
      #expect(ruled.travelTimes.storage[k] >= free.travelTimes.storage[k])
    }
    // Restrictions bind somewhere in central Helsinki.
    #expect(zip(ruled.travelTimes.storage, free.travelTimes.storage).contains { $0 > $1 })
  }
}
