/// Per-task search buffers, sized once for a network and reused for every search.
///
/// A generation stamp marks which entries belong to the current search, so nothing is cleared between
/// searches. The heap is a 4-ary min-heap of (cost, state) on two flat buffers with lazy deletion: a
/// state may be pushed again at a lower cost, and stale entries are skipped when popped. The buffers are
/// raw allocations owned by this object (freed in `deinit`), so the inner loop has no bounds or
/// uniqueness checks; the object never leaves the task that made it.
final class SearchScratch {
  /// What a search knows about one state, kept together so a relaxation touches one cache line.
  struct Label {
    var primary: Int64
    var secondary: Int64
    /// The generation in which the state was last reached, and settled.
    var reached: UInt32
    var settled: UInt32
  }

  let stateCount: Int
  let labels: UnsafeMutablePointer<Label>
  /// The arc by which a node was reached (node-based) or the previous arc (edge-based); -1 at a seed.
  let parent: UnsafeMutablePointer<Int32>
  private(set) var generation: UInt32 = 0

  private var heapKeys: UnsafeMutablePointer<Int64>
  private var heapValues: UnsafeMutablePointer<Int32>
  private var heapCapacity: Int
  private(set) var heapCount = 0

  init(stateCount: Int) {
    self.stateCount = stateCount
    labels = .allocate(capacity: stateCount)
    labels.initialize(repeating: Label(primary: 0, secondary: 0, reached: 0, settled: 0), count: stateCount)
    parent = .allocate(capacity: stateCount)
    parent.initialize(repeating: -1, count: stateCount)
    heapCapacity = max(16, stateCount)
    heapKeys = .allocate(capacity: heapCapacity)
    heapValues = .allocate(capacity: heapCapacity)
  }

  deinit {
    labels.deallocate()
    parent.deallocate()
    heapKeys.deallocate()
    heapValues.deallocate()
  }

  /// Starts a new search.
  func reset() {
    heapCount = 0
    if generation == UInt32.max {
      labels.update(repeating: Label(primary: 0, secondary: 0, reached: 0, settled: 0), count: stateCount)
      generation = 0
    }
    generation += 1
  }

  @inline(__always)
  func isReached(_ state: Int) -> Bool { labels[state].reached == generation }

  /// The cost of `state` in the metric searched.
  @inline(__always)
  func primary(_ state: Int) -> Int64 { labels[state].primary }

  /// The cost of `state` in the other metric, along the same path.
  @inline(__always)
  func secondary(_ state: Int) -> Int64 { labels[state].secondary }

  /// Offers a cost for `state` and queues it when it improves.
  @inline(__always)
  func offer(_ state: Int, primary cost: Int64, secondary other: Int64, parent from: Int32) {
    if labels[state].reached == generation && labels[state].primary <= cost { return }
    labels[state].reached = generation
    labels[state].primary = cost
    labels[state].secondary = other
    parent[state] = from
    push(cost, Int32(truncatingIfNeeded: state))
  }

  /// - Complexity: O(log n).
  @inline(__always)
  func push(_ key: Int64, _ value: Int32) {
    if heapCount == heapCapacity { grow() }
    var child = heapCount
    heapCount &+= 1
    while child > 0 {
      let parent = (child &- 1) >> 2
      let parentKey = heapKeys[parent]
      guard key < parentKey else { break }
      heapKeys[child] = parentKey
      heapValues[child] = heapValues[parent]
      child = parent
    }
    heapKeys[child] = key
    heapValues[child] = value
  }

  /// Removes and returns the entry with the smallest key. The heap is 4-ary: a node's four children
  /// share a cache line, and the tree is half as deep as a binary one.
  ///
  /// - Complexity: O(log n).
  @inline(__always)
  func pop() -> (key: Int64, value: Int32)? {
    guard heapCount > 0 else { return nil }
    let top = (heapKeys[0], heapValues[0])
    heapCount &-= 1
    let count = heapCount
    guard count > 0 else { return top }
    let lastKey = heapKeys[count]
    let lastValue = heapValues[count]
    var parent = 0
    while true {
      let first = (parent &<< 2) &+ 1
      guard first < count else { break }
      var child = first
      var childKey = heapKeys[first]
      let end = min(first &+ 4, count)
      var k = first &+ 1
      while k < end {
        let candidate = heapKeys[k]
        if candidate < childKey {
          childKey = candidate
          child = k
        }
        k &+= 1
      }
      guard childKey < lastKey else { break }
      heapKeys[parent] = childKey
      heapValues[parent] = heapValues[child]
      parent = child
    }
    heapKeys[parent] = lastKey
    heapValues[parent] = lastValue
    return top
  }

  private func grow() {
    let capacity = heapCapacity * 2
    let keys = UnsafeMutablePointer<Int64>.allocate(capacity: capacity)
    let values = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
    keys.moveInitialize(from: heapKeys, count: heapCount)
    values.moveInitialize(from: heapValues, count: heapCount)
    heapKeys.deallocate()
    heapValues.deallocate()
    heapKeys = keys
    heapValues = values
    heapCapacity = capacity
  }
}

/// A place a search starts from: a state (node or arc) and the cost already spent reaching it.
struct SearchSeed: Sendable {
  var state: Int32
  var primary: Int64
  var secondary: Int64
}

/// One arc as the search reads it: head and both costs side by side, so relaxing an arc touches one
/// cache line.
struct SearchArc: Sendable {
  var head: Int32
  var primary: Int32
  var secondary: Int32
}

extension RoadNetwork {
  /// Dijkstra's algorithm on nodes from `seeds`, stopping once `targetCount` nodes marked in `isTarget`
  /// are settled (or everything reachable is).
  ///
  /// Dijkstra, E. W. (1959). A note on two problems in connexion with graphs. Numer. Math. 1, 269–271.
  /// https://doi.org/10.1007/BF01386390
  func nodeBasedSearch(
    _ scratch: SearchScratch, seeds: [SearchSeed], searchArcs: [SearchArc], isTarget: [Bool],
    targetCount: Int,
    recordsParents: Bool = true
  ) {
    scratch.reset()
    for seed in seeds {
      scratch.offer(Int(seed.state), primary: seed.primary, secondary: seed.secondary, parent: -1)
    }
    var remaining = targetCount
    let generation = scratch.generation
    let labels = scratch.labels
    let parent = scratch.parent
    arcStart.withUnsafeBufferPointer { arcStart in
      searchArcs.withUnsafeBufferPointer { arcs in
        isTarget.withUnsafeBufferPointer { isTarget in
          while remaining > 0, let (cost, state) = scratch.pop() {
            let v = Int(state)
            if labels[v].settled == generation || cost > labels[v].primary { continue }
            labels[v].settled = generation
            if isTarget[v] { remaining &-= 1 }
            let otherHere = labels[v].secondary
            var a = Int(arcStart[v])
            let end = Int(arcStart[v &+ 1])
            while a < end {
              let arc = arcs[a]
              let w = Int(arc.head)
              let candidate = cost &+ Int64(arc.primary)
              if labels[w].reached != generation || candidate < labels[w].primary {
                labels[w] = SearchScratch.Label(
                  primary: candidate, secondary: otherHere &+ Int64(arc.secondary), reached: generation,
                  settled: labels[w].settled)
                if recordsParents { parent[w] = Int32(truncatingIfNeeded: a) }
                scratch.push(candidate, Int32(truncatingIfNeeded: w))
              }
              a &+= 1
            }
          }
        }
      }
    }
  }
}
