import Testing

@testable import WasteRouting

/// Random networks checked against a plain O(V²) Dijkstra on the full-resolution graph.
@Suite struct ReferenceDijkstraTests {
  /// Shortest distances from `source` by the textbook array-scan Dijkstra.
  private func reference(_ graph: SegmentGraph, from source: Int) -> [Double] {
    let n = graph.longitudes.count
    var distance = [Double](repeating: .infinity, count: n)
    var done = [Bool](repeating: false, count: n)
    distance[source] = 0
    for _ in 0..<n {
      var best = -1
      for v in 0..<n where !done[v] && distance[v] < .infinity && (best < 0 || distance[v] < distance[best]) {
        best = v
      }
      guard best >= 0 else { break }
      done[best] = true
      for k in graph.tails.indices where Int(graph.tails[k]) == best {
        let w = Int(graph.heads[k])
        distance[w] = min(distance[w], distance[best] + graph.lengths[k])
      }
    }
    return distance
  }

  /// A random road network: nodes on a jittered grid, ways along random grid walks, some one-way.
  private func randomNetwork(seed: UInt64) -> TinyOSM {
    var rng = SplitMix64(seed: seed)
    var osm = TinyOSM()
    let side = 6
    for y in 0..<side {
      for x in 0..<side {
        let jitterX = Double(Int.random(in: -300...300, using: &rng)) / 1000
        let jitterY = Double(Int.random(in: -300...300, using: &rng)) / 1000
        osm.nodes.append((y * side + x + 1, Double(x) + jitterX, Double(y) + jitterY))
      }
    }
    for way in 0..<14 {
      var x = Int.random(in: 0..<side, using: &rng)
      var y = Int.random(in: 0..<side, using: &rng)
      var refs = [y * side + x + 1]
      for _ in 0..<Int.random(in: 2...6, using: &rng) {
        let step = [(1, 0), (-1, 0), (0, 1), (0, -1)].randomElement(using: &rng) ?? (1, 0)
        let (nx, ny) = (x + step.0, y + step.1)
        guard nx >= 0, nx < side, ny >= 0, ny < side, !refs.contains(ny * side + nx + 1) else { continue }
        (x, y) = (nx, ny)
        refs.append(y * side + x + 1)
      }
      guard refs.count >= 2 else { continue }
      let oneway = Int.random(in: 0..<4, using: &rng) == 0
      osm.ways.append(
        (100 + way, refs, oneway ? ["highway": "tertiary", "oneway": "yes"] : ["highway": "residential"]))
    }
    return osm
  }

  @Test(arguments: 0..<30)
  func matricesMatchReferenceDijkstra(seed: UInt64) async throws {
    let osm = randomNetwork(seed: seed)
    guard let network = try? osm.network() else { return }
    let graph = network.segmentGraph()
    // Points on every vertex of the full-resolution graph.
    let coordinates = graph.longitudes.indices.map {
      Coordinate(x: graph.longitudes[$0], y: graph.latitudes[$0])
    }
    let points = network.snap(coordinates)
    let matrices = await network.travelMatrices(between: points, turns: .none, metric: .distance)
    for (row, i) in matrices.pointIndices.enumerated() {
      let expected = reference(graph, from: i)
      for (column, j) in matrices.pointIndices.enumerated() {
        #expect(expected[j].isFinite, "seed \(seed): \(i) → \(j) should be reachable")
        let ours = Double(matrices.distances[row, column]) / 1000
        #expect(
          abs(ours - expected[j]) < 0.01, "seed \(seed): \(i) → \(j): \(ours) m, reference \(expected[j]) m")
      }
    }
    // The edge-based search with no rules gives the same answers.
    let free = TurnRules(obeysRestrictions: false, uTurns: .allowed, uTurnPenalty: 0.001)
    let edgeBased = await network.travelMatrices(between: points, turns: free, metric: .distance)
    #expect(edgeBased.distances == matrices.distances)
    // Paths agree with the matrix.
    if matrices.pointIndices.count >= 2 {
      let (a, b) = (matrices.pointIndices[0], matrices.pointIndices[matrices.pointIndices.count - 1])
      let path = network.path(from: points[a], to: points[b], turns: .none, metric: .distance)
      #expect(path?.length == matrices.distances[0, matrices.pointIndices.count - 1])
    }
  }
}
