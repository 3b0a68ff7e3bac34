/// Turns an ``OSMExtract`` into a ``RoadNetwork`` for one truck profile.
///
/// Steps: keep the ways the profile may use; make every way end and every node shared by two ways (or
/// used twice by one) a junction; cut ways into edges at junctions; add one arc per allowed direction,
/// sorted into CSR; map turn restrictions onto (from arc, to arc) pairs; find strongly connected
/// components; index the edges' segments for snapping.
struct RoadNetworkBuilder {
  var profile: TruckProfile
  var fileName: String

  private struct PendingEdge {
    var tail: Int32
    var head: Int32
    var shape: [Int32]
    var lengthMetres: Double
    var rules: WayRules
    var way: Int64
  }

  func build(_ extract: OSMExtract) throws(RoadNetworkError) -> RoadNetwork {
    // Usable ways and the nodes they reference.
    var usable: [(way: OSMWay, rules: WayRules)] = []
    var localOfID: [Int64: Int32] = [:]
    var localIDs: [Int64] = []
    for way in extract.ways {
      guard let rules = WayRules(tags: way.tags, profile: profile), way.nodeRefs.count >= 2 else { continue }
      usable.append((way, rules))
      for ref in way.nodeRefs where localOfID[ref] == nil {
        localOfID[ref] = Int32(localIDs.count)
        localIDs.append(ref)
      }
    }
    var longitude = [Double](repeating: .nan, count: localIDs.count)
    var latitude = [Double](repeating: .nan, count: localIDs.count)
    for i in extract.nodeIDs.indices {
      if let local = localOfID[extract.nodeIDs[i]] {
        longitude[Int(local)] = extract.longitudes[i]
        latitude[Int(local)] = extract.latitudes[i]
      }
    }

    // Clean node lists (drop nodes missing from the extract and repeats) and count uses.
    var uses = [UInt8](repeating: 0, count: localIDs.count)
    var wayNodes: [[Int32]] = []
    wayNodes.reserveCapacity(usable.count)
    for (way, _) in usable {
      var nodes: [Int32] = []
      nodes.reserveCapacity(way.nodeRefs.count)
      for ref in way.nodeRefs {
        guard let local = localOfID[ref], !longitude[Int(local)].isNaN, nodes.last != local else { continue }
        nodes.append(local)
      }
      if nodes.count < 2 { nodes = [] }
      for node in nodes { uses[Int(node)] = uses[Int(node)] &+ (uses[Int(node)] < 200 ? 1 : 0) }
      if let first = nodes.first, let last = nodes.last {
        uses[Int(first)] = max(uses[Int(first)], 2)
        uses[Int(last)] = max(uses[Int(last)], 2)
      }
      wayNodes.append(nodes)
    }

    // Junctions and edges.
    var junctionOfLocal = [Int32](repeating: -1, count: localIDs.count)
    var junctionLocals: [Int32] = []
    var isBarrier = [Bool](repeating: false, count: localIDs.count)
    for id in extract.blockingBarriers {
      if let local = localOfID[id] {
        isBarrier[Int(local)] = true
        uses[Int(local)] = max(uses[Int(local)], 2)
      }
    }
    func junction(_ local: Int32) -> Int32 {
      // A barrier cuts the road: each road piece ending there gets a dead end of its own.
      if isBarrier[Int(local)] {
        junctionLocals.append(local)
        return Int32(junctionLocals.count - 1)
      }
      if junctionOfLocal[Int(local)] < 0 {
        junctionOfLocal[Int(local)] = Int32(junctionLocals.count)
        junctionLocals.append(local)
      }
      return junctionOfLocal[Int(local)]
    }
    var edges: [PendingEdge] = []
    var roadNodes = 0
    for (index, nodes) in wayNodes.enumerated() where !nodes.isEmpty {
      var start = 0
      var length = 0.0
      for i in 1..<nodes.count {
        let a = Int(nodes[i - 1])
        let b = Int(nodes[i])
        length += RoadNetwork.metres(longitude[a], latitude[a], longitude[b], latitude[b])
        if uses[b] >= 2 || i == nodes.count - 1 {
          edges.append(
            PendingEdge(
              tail: junction(nodes[start]), head: junction(nodes[i]), shape: Array(nodes[start...i]),
              lengthMetres: length, rules: usable[index].rules, way: usable[index].way.id))
          start = i
          length = 0
        }
      }
    }
    for use in uses where use > 0 { roadNodes += 1 }
    guard !edges.isEmpty else { throw .noDrivableRoads(file: fileName) }

    // Number nodes along a Z-order curve, so that nodes close on the map are close in memory: a search
    // then touches far fewer cache lines (about twice as fast on a city graph).
    let minLon = junctionLocals.map { longitude[Int($0)] }.min() ?? 0
    let maxLon = junctionLocals.map { longitude[Int($0)] }.max() ?? 0
    let minLat = junctionLocals.map { latitude[Int($0)] }.min() ?? 0
    let maxLat = junctionLocals.map { latitude[Int($0)] }.max() ?? 0
    func zOrder(_ local: Int32) -> UInt64 {
      let x = UInt64(((longitude[Int(local)] - minLon) / max(1e-12, maxLon - minLon) * 65_535).rounded())
      let y = UInt64(((latitude[Int(local)] - minLat) / max(1e-12, maxLat - minLat) * 65_535).rounded())
      var key: UInt64 = 0
      for bit in 0..<16 {
        key |= ((x >> UInt64(bit)) & 1) << UInt64(2 * bit) | ((y >> UInt64(bit)) & 1) << UInt64(2 * bit + 1)
      }
      return key
    }
    let keys = junctionLocals.map(zOrder)
    let order = junctionLocals.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
    var renumbered = [Int32](repeating: 0, count: order.count)
    for (new, old) in order.enumerated() { renumbered[old] = Int32(new) }
    junctionLocals = order.map { junctionLocals[$0] }
    for e in edges.indices {
      edges[e].tail = renumbered[Int(edges[e].tail)]
      edges[e].head = renumbered[Int(edges[e].head)]
    }
    for (new, local) in junctionLocals.enumerated() where !isBarrier[Int(local)] {
      junctionOfLocal[Int(local)] = Int32(new)
    }

    // Arcs, in edge order, then sorted by tail (counting sort).
    var rawTail: [Int32] = []
    var rawHead: [Int32] = []
    var rawEdge: [Int32] = []
    var rawReversed: [Bool] = []
    var rawLength: [Int32] = []
    var rawTime: [Int32] = []
    var rawTwin: [Int32] = []
    for (e, edge) in edges.enumerated() {
      let millimetres = Int32(clamping: Int64((edge.lengthMetres * 1000).rounded()))
      let milliseconds = Int32(
        clamping: Int64((edge.lengthMetres / (edge.rules.speed / 3.6) * 1000).rounded()))
      let first = Int32(rawTail.count)
      if edge.rules.forward {
        rawTail.append(edge.tail)
        rawHead.append(edge.head)
        rawReversed.append(false)
      }
      if edge.rules.backward {
        rawTail.append(edge.head)
        rawHead.append(edge.tail)
        rawReversed.append(true)
      }
      let count = Int32(rawTail.count) - first
      for k in 0..<count {
        rawEdge.append(Int32(e))
        rawLength.append(millimetres)
        rawTime.append(milliseconds)
        rawTwin.append(count == 2 ? first + 1 - k : -1)
      }
    }
    let nodeCount = junctionLocals.count
    let arcCount = rawTail.count
    var arcStart = [Int32](repeating: 0, count: nodeCount + 1)
    for tail in rawTail { arcStart[Int(tail) + 1] += 1 }
    for v in 0..<nodeCount { arcStart[v + 1] += arcStart[v] }
    var fill = arcStart
    var newIndex = [Int32](repeating: 0, count: arcCount)
    for a in 0..<arcCount {
      newIndex[a] = fill[Int(rawTail[a])]
      fill[Int(rawTail[a])] += 1
    }
    func permuted<T>(_ values: [T], _ filler: T) -> [T] {
      var result = [T](repeating: filler, count: arcCount)
      for a in 0..<arcCount { result[Int(newIndex[a])] = values[a] }
      return result
    }
    let arcTail = permuted(rawTail, 0)
    let arcHead = permuted(rawHead, 0)
    let arcEdge = permuted(rawEdge, 0)
    let arcReversed = permuted(rawReversed, false)
    let arcLength = permuted(rawLength, 0)
    let arcTime = permuted(rawTime, 0)
    let arcTwin = permuted(rawTwin.map { $0 < 0 ? -1 : newIndex[Int($0)] }, -1)

    var inArcStart = [Int32](repeating: 0, count: nodeCount + 1)
    for head in arcHead { inArcStart[Int(head) + 1] += 1 }
    for v in 0..<nodeCount { inArcStart[v + 1] += inArcStart[v] }
    var inFill = inArcStart
    var inArcs = [Int32](repeating: 0, count: arcCount)
    for a in 0..<arcCount {
      inArcs[Int(inFill[Int(arcHead[a])])] = Int32(a)
      inFill[Int(arcHead[a])] += 1
    }

    // Shapes, edge by edge.
    var edgeShapeStart: [Int32] = [0]
    var shapeLongitude: [Double] = []
    var shapeLatitude: [Double] = []
    var shapeOSMID: [Int64] = []
    for edge in edges {
      for local in edge.shape {
        shapeLongitude.append(longitude[Int(local)])
        shapeLatitude.append(latitude[Int(local)])
        shapeOSMID.append(localIDs[Int(local)])
      }
      edgeShapeStart.append(Int32(shapeLongitude.count))
    }
    let edgeWay = edges.map(\.way)
    var edgeForwardArc = [Int32](repeating: -1, count: edges.count)
    var edgeBackwardArc = [Int32](repeating: -1, count: edges.count)
    for a in 0..<arcCount {
      if arcReversed[a] {
        edgeBackwardArc[Int(arcEdge[a])] = Int32(a)
      } else {
        edgeForwardArc[Int(arcEdge[a])] = Int32(a)
      }
    }

    // Turn restrictions.
    var banned: [(from: Int32, to: Int32)] = []
    var applied = 0
    var skipped = extract.skippedRestrictionCount
    for restriction in extract.restrictions {
      guard let local = localOfID[restriction.viaNode], junctionOfLocal[Int(local)] >= 0 else {
        skipped += 1
        continue
      }
      let via = Int(junctionOfLocal[Int(local)])
      let entering = (Int(inArcStart[via])..<Int(inArcStart[via + 1])).map { Int(inArcs[$0]) }
        .filter { edgeWay[Int(arcEdge[$0])] == restriction.fromWay }
      let leaving = (Int(arcStart[via])..<Int(arcStart[via + 1]))
      let targets = leaving.filter { edgeWay[Int(arcEdge[$0])] == restriction.toWay }
      guard !entering.isEmpty, !targets.isEmpty else {
        skipped += 1
        continue
      }
      applied += 1
      for from in entering {
        if restriction.isMandatory {
          for to in leaving where !targets.contains(to) { banned.append((Int32(from), Int32(to))) }
        } else {
          for to in targets { banned.append((Int32(from), Int32(to))) }
        }
      }
    }
    banned.sort { ($0.from, $0.to) < ($1.from, $1.to) }
    var bannedTurnStart = [Int32](repeating: 0, count: arcCount + 1)
    for pair in banned { bannedTurnStart[Int(pair.from) + 1] += 1 }
    for a in 0..<arcCount { bannedTurnStart[a + 1] += bannedTurnStart[a] }

    let components = StronglyConnectedComponents(nodeCount: nodeCount, arcStart: arcStart, arcHead: arcHead)
    let index = SpatialIndex(
      edgeShapeStart: edgeShapeStart, longitude: shapeLongitude, latitude: shapeLatitude)

    return RoadNetwork(
      profile: profile,
      nodeLongitude: junctionLocals.map { longitude[Int($0)] },
      nodeLatitude: junctionLocals.map { latitude[Int($0)] },
      nodeOSMID: junctionLocals.map { localIDs[Int($0)] },
      edgeShapeStart: edgeShapeStart, shapeLongitude: shapeLongitude, shapeLatitude: shapeLatitude,
      shapeOSMID: shapeOSMID, edgeClass: edges.map(\.rules.roadClass), edgeWay: edgeWay,
      edgeForwardArc: edgeForwardArc, edgeBackwardArc: edgeBackwardArc,
      arcStart: arcStart, arcTail: arcTail, arcHead: arcHead, arcEdge: arcEdge, arcReversed: arcReversed,
      arcLength: arcLength, arcTime: arcTime, arcTwin: arcTwin, inArcStart: inArcStart, inArcs: inArcs,
      bannedTurnStart: bannedTurnStart, bannedTurnTarget: banned.map(\.to),
      nodeComponent: components.component, largestComponent: components.largest,
      componentCount: components.count, spatialIndex: index,
      importSummary: ImportSummary(
        highwayWays: extract.ways.count, usableWays: usable.count, roadNodes: roadNodes,
        appliedRestrictions: applied, skippedRestrictions: skipped))
  }
}
