/// A binary min-heap of (cost, state) pairs on two flat arrays, with lazy deletion: a state may be
/// pushed again with a lower cost, and stale entries are skipped when popped.
struct MinHeap {
  private var keys: [Int64] = []
  private var values: [Int32] = []

  var isEmpty: Bool { keys.isEmpty }

  mutating func removeAll() {
    keys.removeAll(keepingCapacity: true)
    values.removeAll(keepingCapacity: true)
  }

  /// - Complexity: O(log n).
  mutating func push(_ key: Int64, _ value: Int32) {
    keys.append(key)
    values.append(value)
    var child = keys.count - 1
    while child > 0 {
      let parent = (child - 1) >> 1
      guard key < keys[parent] else { break }
      keys[child] = keys[parent]
      values[child] = values[parent]
      child = parent
    }
    keys[child] = key
    values[child] = value
  }

  /// - Complexity: O(log n).
  mutating func pop() -> (key: Int64, value: Int32)? {
    guard let lastKey = keys.popLast(), let lastValue = values.popLast() else { return nil }
    guard !keys.isEmpty else { return (lastKey, lastValue) }
    let top = (keys[0], values[0])
    let count = keys.count
    var parent = 0
    while true {
      var child = 2 * parent + 1
      guard child < count else { break }
      if child + 1 < count && keys[child + 1] < keys[child] { child += 1 }
      guard keys[child] < lastKey else { break }
      keys[parent] = keys[child]
      values[parent] = values[child]
      parent = child
    }
    keys[parent] = lastKey
    values[parent] = lastValue
    return top
  }
}

/// Per-thread search buffers, sized once for a network and reused for every search: a generation stamp
/// marks which entries are valid, so nothing is cleared between searches.
struct SearchScratch {
  var primary: [Int64]
  var secondary: [Int64]
  /// The arc by which a node was reached (node-based) or the previous arc (edge-based); -1 at a seed.
  var parent: [Int32]
  var reached: [UInt32]
  var settled: [UInt32]
  var generation: UInt32 = 0
  var heap = MinHeap()

  init(stateCount: Int) {
    primary = Array(repeating: 0, count: stateCount)
    secondary = Array(repeating: 0, count: stateCount)
    parent = Array(repeating: -1, count: stateCount)
    reached = Array(repeating: 0, count: stateCount)
    settled = Array(repeating: 0, count: stateCount)
  }

  /// Starts a new search.
  mutating func reset() {
    heap.removeAll()
    if generation == UInt32.max {
      for i in reached.indices {
        reached[i] = 0
        settled[i] = 0
      }
      generation = 0
    }
    generation += 1
  }

  @inline(__always)
  func isReached(_ state: Int) -> Bool { reached[state] == generation }

  @inline(__always)
  func isSettled(_ state: Int) -> Bool { settled[state] == generation }

  /// Offers a cost for `state`; returns whether it improved.
  @inline(__always)
  mutating func offer(_ state: Int, primary cost: Int64, secondary other: Int64, parent from: Int32) {
    if reached[state] == generation && primary[state] <= cost { return }
    reached[state] = generation
    primary[state] = cost
    secondary[state] = other
    parent[state] = from
    heap.push(cost, Int32(state))
  }
}

/// A place a search starts from: a state (node or arc) and the cost already spent reaching it.
struct SearchSeed: Sendable {
  var state: Int32
  var primary: Int64
  var secondary: Int64
}

extension RoadNetwork {
  /// Dijkstra's algorithm on nodes from `seeds`, stopping once `targetCount` nodes marked in `isTarget`
  /// are settled (or everything reachable is).
  ///
  /// Dijkstra, E. W. (1959). A note on two problems in connexion with graphs. Numer. Math. 1, 269–271.
  /// https://doi.org/10.1007/BF01386390
  func nodeBasedSearch(
    _ scratch: inout SearchScratch, seeds: [SearchSeed], primaryCost: [Int32], secondaryCost: [Int32],
    isTarget: [Bool], targetCount: Int
  ) {
    scratch.reset()
    for seed in seeds {
      scratch.offer(Int(seed.state), primary: seed.primary, secondary: seed.secondary, parent: -1)
    }
    var remaining = targetCount
    let generation = scratch.generation
    arcStart.withUnsafeBufferPointer { arcStart in
      arcHead.withUnsafeBufferPointer { arcHead in
        primaryCost.withUnsafeBufferPointer { primaryCost in
          secondaryCost.withUnsafeBufferPointer { secondaryCost in
            while remaining > 0, let (cost, state) = scratch.heap.pop() {
              let v = Int(state)
              if scratch.settled[v] == generation || cost > scratch.primary[v] { continue }
              scratch.settled[v] = generation
              if isTarget[v] { remaining -= 1 }
              let other = scratch.secondary[v]
              var a = Int(arcStart[v])
              let end = Int(arcStart[v + 1])
              while a < end {
                let w = Int(arcHead[a])
                let candidate = cost &+ Int64(primaryCost[a])
                if scratch.reached[w] != generation || candidate < scratch.primary[w] {
                  scratch.reached[w] = generation
                  scratch.primary[w] = candidate
                  scratch.secondary[w] = other &+ Int64(secondaryCost[a])
                  scratch.parent[w] = Int32(a)
                  scratch.heap.push(candidate, Int32(w))
                }
                a &+= 1
              }
            }
          }
        }
      }
    }
  }
}
