import Testing

@testable import WasteRouting

@Suite struct ShortestPathsTests {
  private let residential = ["highway": "residential"]
  private let oneway = ["highway": "residential", "oneway": "yes"]

  /// A one-way square 1 → 2 → 3 → 4 → 1: going "back" one side means driving the other three.
  @Test func oneWayLoopGoesAround() async throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0), (3, 1, 1), (4, 0, 1)]
    osm.ways = [(10, [1, 2, 3, 4, 1], oneway)]
    let network = try osm.network()
    #expect(network.arcCount == 1)
    let points = network.snap([osm.coordinate(1), osm.coordinate(2), osm.coordinate(4)])
    for rules in [TurnRules.none, .standard] {
      let matrices = await network.travelMatrices(between: points, turns: rules, metric: .distance)
      #expect(matrices.excludedPoints.isEmpty)
      let forward = Double(matrices.distances[0, 1]) / 1000
      let back = Double(matrices.distances[1, 0]) / 1000
      #expect(abs(forward - osm.metres([1, 2])) < 0.01)
      #expect(abs(back - osm.metres([2, 3, 4, 1])) < 0.01)
      #expect(abs(Double(matrices.distances[0, 2]) / 1000 - osm.metres([1, 2, 3, 4])) < 0.01)
    }
  }

  /// A cross at node 2 with a banned left turn from the west arm into the north arm: with turn rules the
  /// route goes round the block 3 → 5 → 4 instead.
  @Test func forbiddenLeftTurnIsAvoided() async throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0), (3, 2, 0), (4, 1, 1), (5, 2, 1)]
    osm.ways = [
      (21, [1, 2], residential), (22, [2, 3], residential), (23, [2, 4], residential),
      (24, [3, 5], residential), (25, [5, 4], residential),
    ]
    osm.restrictions = [("no_left_turn", 21, 2, 23)]
    let network = try osm.network()
    #expect(network.importSummary.appliedRestrictions == 1)
    let points = network.snap([osm.coordinate(1), osm.coordinate(4)])
    let free = await network.travelMatrices(between: points, turns: .none, metric: .distance)
    let ruled = await network.travelMatrices(between: points, turns: .standard, metric: .distance)
    #expect(abs(Double(free.distances[0, 1]) / 1000 - osm.metres([1, 2, 4])) < 0.01)
    #expect(abs(Double(ruled.distances[0, 1]) / 1000 - osm.metres([1, 2, 3, 5, 4])) < 0.01)
    // The way back is not restricted.
    #expect(abs(Double(ruled.distances[1, 0]) / 1000 - osm.metres([4, 2, 1])) < 0.01)

    let path = try #require(network.path(from: points[0], to: points[1], turns: .standard, metric: .distance))
    #expect(path.length == ruled.distances[0, 1])
    #expect(path.coordinates.first == osm.coordinate(1))
    #expect(path.coordinates.last == osm.coordinate(4))
    #expect(path.coordinates.contains(osm.coordinate(5)))
  }

  /// `only_straight_on` bans every other turn from the from-way.
  @Test func mandatoryTurnBansTheOthers() async throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0), (3, 2, 0), (4, 1, 1), (5, 2, 1)]
    osm.ways = [
      (21, [1, 2], residential), (22, [2, 3], residential), (23, [2, 4], residential),
      (24, [3, 5], residential), (25, [5, 4], residential),
    ]
    osm.restrictions = [("only_straight_on", 21, 2, 22)]
    let network = try osm.network()
    let points = network.snap([osm.coordinate(1), osm.coordinate(4)])
    let ruled = await network.travelMatrices(between: points, turns: .standard, metric: .distance)
    #expect(abs(Double(ruled.distances[0, 1]) / 1000 - osm.metres([1, 2, 3, 5, 4])) < 0.01)
  }

  /// A dead-end street 1 – 2 off a road 3 – 1. A bin on the north side of the dead end must be reached
  /// westbound (kerbside), so the truck drives to the end, turns (penalty), and comes back.
  @Test func uTurnAtDeadEndWithKerbside() async throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 2, 0), (3, 0, -1)]
    osm.ways = [(31, [1, 2], residential), (32, [3, 1], residential)]
    let network = try osm.network()
    let bin = Coordinate(x: TinyOSM.longitude(1), y: TinyOSM.latitude(0.05))
    let kerbside = SnapOptions(kerbsideFromClass: .residential)
    let points = [network.snap(osm.coordinate(3)), network.snap(bin, options: kerbside)]
    #expect(points[1].isKerbside)

    let rules = TurnRules(obeysRestrictions: true, uTurns: .atDeadEnds, uTurnPenalty: 30)
    let matrices = await network.travelMatrices(between: points, turns: rules, metric: .distance)
    let expected = osm.metres([3, 1, 2]) + osm.metres([1, 2]) / 2
    #expect(abs(Double(matrices.distances[0, 1]) / 1000 - expected) < 0.01)
    let timed = await network.travelMatrices(between: points, turns: rules, metric: .time)
    let seconds = expected / (30 / 3.6) + 30
    #expect(abs(Double(timed.travelTimes[0, 1]) / 1000 - seconds) < 0.01)

    // Without kerbside service the truck stops on the way in.
    let plain = [points[0], network.snap(bin)]
    let direct = await network.travelMatrices(between: plain, turns: rules, metric: .distance)
    #expect(abs(Double(direct.distances[0, 1]) / 1000 - osm.metres([3, 1]) - osm.metres([1, 2]) / 2) < 0.01)

    // With U-turns forbidden everywhere no round trip exists on these two dead-end streets: points are
    // reported as cut off rather than given a cost.
    let strict = TurnRules(obeysRestrictions: true, uTurns: .forbidden, uTurnPenalty: 0)
    let none = await network.travelMatrices(between: points, turns: strict, metric: .distance)
    #expect(!none.excludedPoints.isEmpty)
    #expect(none.unreachablePairs.isEmpty)
  }

  /// A short way over a 3.2 m bridge and a long way round: a 3.6 m truck goes round, a van does not.
  @Test func heightRestrictedBridgeIsAvoided() async throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0), (3, 2, 0), (4, 0, 2), (5, 2, 2)]
    osm.ways = [
      (41, [1, 2], residential),
      (42, [2, 3], ["highway": "residential", "maxheight": "3.2", "bridge": "yes"]),
      (43, [1, 4, 5, 3], residential),
    ]
    let truck = try osm.network()
    let van = try osm.network(profile: TruckProfile(height: 2.5, weight: 3.5))
    for (network, route) in [(truck, [1, 4, 5, 3]), (van, [1, 2, 3])] {
      let points = network.snap([osm.coordinate(1), osm.coordinate(3)])
      let matrices = await network.travelMatrices(between: points, turns: .none, metric: .distance)
      #expect(abs(Double(matrices.distances[0, 1]) / 1000 - osm.metres(route)) < 0.01)
    }
  }

  /// A bollard in the middle of a street cuts it: the truck goes round the block.
  @Test func bollardCutsTheRoad() async throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0), (3, 2, 0), (4, 0, 1), (5, 2, 1)]
    osm.ways = [(101, [1, 2, 3], residential), (102, [1, 4, 5, 3], residential)]
    osm.nodeTags = [2: ["barrier": "bollard"]]
    let network = try osm.network()
    let points = network.snap([osm.coordinate(1), osm.coordinate(3)])
    let matrices = await network.travelMatrices(between: points, turns: .standard, metric: .distance)
    #expect(abs(Double(matrices.distances[0, 1]) / 1000 - osm.metres([1, 4, 5, 3])) < 0.01)
    // A bollard that lets motor vehicles through does not.
    osm.nodeTags = [2: ["barrier": "bollard", "motor_vehicle": "yes"]]
    let open = try osm.network()
    let openPoints = open.snap([osm.coordinate(1), osm.coordinate(3)])
    let direct = await open.travelMatrices(between: openPoints, turns: .standard, metric: .distance)
    #expect(abs(Double(direct.distances[0, 1]) / 1000 - osm.metres([1, 2, 3])) < 0.01)
  }

  /// A road far from the rest: its point is reported, not given a cost.
  @Test func disconnectedFragmentIsReported() async throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0), (3, 1, 1), (7, 10, 10), (8, 11, 10)]
    osm.ways = [(51, [1, 2, 3], residential), (52, [7, 8], residential)]
    let network = try osm.network()
    #expect(network.stronglyConnectedComponentCount == 2)
    let points = network.snap([osm.coordinate(1), osm.coordinate(8), osm.coordinate(3)])
    #expect(!points[1].isInLargestComponent)
    let matrices = await network.travelMatrices(between: points, turns: .standard)
    #expect(matrices.excludedPoints == [1])
    #expect(matrices.pointIndices == [0, 2])
    #expect(matrices.travelTimes.storage.allSatisfy { $0 < TravelMatrices.unreachable })
  }

  /// A point on a junction where a one-way spur leaves (a fragment of its own) belongs to the junction;
  /// a point nearest the spur itself is reported.
  @Test func pointAtJunctionWithOneWaySpurIsRouted() async throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0), (3, 2, 0), (4, 1, 1)]
    osm.ways = [(91, [2, 4], oneway), (92, [1, 2], residential), (93, [2, 3], residential)]
    let network = try osm.network()
    let points = network.snap([osm.coordinate(2), osm.coordinate(1), Coordinate(x: 8.0015, y: 49.0005)])
    #expect(points[0].isInLargestComponent)
    #expect(!points[2].isInLargestComponent)
    let matrices = await network.travelMatrices(between: points, turns: .standard, metric: .distance)
    #expect(matrices.excludedPoints == [2])
    #expect(abs(Double(matrices.distances[1, 0]) / 1000 - osm.metres([1, 2])) < 0.01)
  }

  /// A point far from every road is not snapped and is reported.
  @Test func pointOffTheNetworkIsNotSnapped() throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0)]
    osm.ways = [(61, [1, 2], residential)]
    let network = try osm.network()
    let far = network.snap(Coordinate(x: 9, y: 50), options: SnapOptions(maximumDistance: 500))
    #expect(!far.isSnapped)
    // A huge radius searches the whole grid once and finds the road.
    let anywhere = network.snap(Coordinate(x: -70, y: -30), options: SnapOptions(maximumDistance: 1e12))
    #expect(anywhere.isSnapped)
    let near = network.snap(Coordinate(x: TinyOSM.longitude(0.25), y: TinyOSM.latitude(0.1)))
    #expect(near.isSnapped)
    #expect(abs(near.distanceFromRoad - 11.1) < 0.2)
  }

  /// Private and no-truck roads are left out; maxweight applies.
  @Test func accessTagsExcludeRoads() throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 1, 0), (3, 2, 0), (4, 3, 0), (5, 4, 0)]
    osm.ways = [
      (71, [1, 2], residential), (72, [2, 3], ["highway": "residential", "access": "private"]),
      (73, [3, 4], ["highway": "residential", "hgv": "no"]),
      (74, [4, 5], ["highway": "residential", "maxweight": "7.5"]),
    ]
    #expect(try osm.network().edgeCount == 1)
    #expect(try osm.network(profile: TruckProfile(usesPrivateRoads: true)).edgeCount == 2)
    #expect(try osm.network(profile: TruckProfile(weight: 7, usesPrivateRoads: true)).edgeCount == 3)
  }

  /// Speeds come from maxspeed, capped by the truck's top speed.
  @Test func travelTimeFollowsSpeedLimits() throws {
    var osm = TinyOSM()
    osm.nodes = [(1, 0, 0), (2, 10, 0)]
    osm.ways = [(81, [1, 2], ["highway": "primary", "maxspeed": "100"])]
    let network = try osm.network(profile: TruckProfile(topSpeed: 60))
    let metres = osm.metres([1, 2])
    #expect(abs(Double(network.arcTime[0]) / 1000 - metres / (60 / 3.6)) < 0.01)
    #expect(WayRules.speedLimit("30 mph").map { abs($0 - 48.28) < 0.01 } == true)
    #expect(WayRules.speedLimit("DE:urban") == 50)
    #expect(WayRules.metres("11'6\"").map { abs($0 - 3.505) < 0.001 } == true)
    #expect(WayRules.tonnes("7500 kg") == 7.5)
  }
}
