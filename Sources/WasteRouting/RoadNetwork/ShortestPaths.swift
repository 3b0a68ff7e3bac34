/// Per-task search buffers, sized once for a network and reused for every search.
///
/// A generation stamp marks which entries belong to the current search, so nothing is cleared between
/// searches. The heap is a binary min-heap of (cost, state) on two flat buffers with lazy deletion: a
/// state may be pushed again at a lower cost, and stale entries are skipped when popped. The buffers are
/// raw allocations owned by this object (freed in `deinit`), so the inner loop has no bounds or
/// uniqueness checks; the object never leaves the task that made it.
final class SearchScratch {
  let stateCount: Int
  let primary: UnsafeMutablePointer<Int64>
  let secondary: UnsafeMutablePointer<Int64>
  /// The arc by which a node was reached (node-based) or the previous arc (edge-based); -1 at a seed.
  let parent: UnsafeMutablePointer<Int32>
  let reached: UnsafeMutablePointer<UInt32>
  let settled: UnsafeMutablePointer<UInt32>
  private(set) var generation: UInt32 = 0

  private var heapKeys: UnsafeMutablePointer<Int64>
  private var heapValues: UnsafeMutablePointer<Int32>
  private var heapCapacity: Int
  private(set) var heapCount = 0

  init(stateCount: Int) {
    self.stateCount = stateCount
    primary = .allocate(capacity: stateCount)
    secondary = .allocate(capacity: stateCount)
    parent = .allocate(capacity: stateCount)
    reached = .allocate(capacity: stateCount)
    reached.initialize(repeating: 0, count: stateCount)
    settled = .allocate(capacity: stateCount)
    settled.initialize(repeating: 0, count: stateCount)
    heapCapacity = max(16, stateCount)
    heapKeys = .allocate(capacity: heapCapacity)
    heapValues = .allocate(capacity: heapCapacity)
  }

  deinit {
    primary.deallocate()
    secondary.deallocate()
    parent.deallocate()
    reached.deallocate()
    settled.deallocate()
    heapKeys.deallocate()
    heapValues.deallocate()
  }

  /// Starts a new search.
  func reset() {
    heapCount = 0
    if generation == UInt32.max {
      reached.update(repeating: 0, count: stateCount)
      settled.update(repeating: 0, count: stateCount)
      generation = 0
    }
    generation += 1
  }

  @inline(__always)
  func isReached(_ state: Int) -> Bool { reached[state] == generation }

  /// Offers a cost for `state` and queues it when it improves.
  @inline(__always)
  func offer(_ state: Int, primary cost: Int64, secondary other: Int64, parent from: Int32) {
    if reached[state] == generation && primary[state] <= cost { return }
    reached[state] = generation
    primary[state] = cost
    secondary[state] = other
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
      let parent = (child &- 1) >> 1
      let parentKey = heapKeys[parent]
      guard key < parentKey else { break }
      heapKeys[child] = parentKey
      heapValues[child] = heapValues[parent]
      child = parent
    }
    heapKeys[child] = key
    heapValues[child] = value
  }

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
      var child = 2 &* parent &+ 1
      guard child < count else { break }
      if child &+ 1 < count && heapKeys[child &+ 1] < heapKeys[child] { child &+= 1 }
      let childKey = heapKeys[child]
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

extension RoadNetwork {
  /// Dijkstra's algorithm on nodes from `seeds`, stopping once `targetCount` nodes marked in `isTarget`
  /// are settled (or everything reachable is).
  ///
  /// Dijkstra, E. W. (1959). A note on two problems in connexion with graphs. Numer. Math. 1, 269–271.
  /// https://doi.org/10.1007/BF01386390
  func nodeBasedSearch(
    _ scratch: SearchScratch, seeds: [SearchSeed], primaryCost: [Int32], secondaryCost: [Int32],
    isTarget: [Bool], targetCount: Int, recordsParents: Bool = true
  ) {
    scratch.reset()
    for seed in seeds {
      scratch.offer(Int(seed.state), primary: seed.primary, secondary: seed.secondary, parent: -1)
    }
    var remaining = targetCount
    let generation = scratch.generation
    let distance = scratch.primary
    let other = scratch.secondary
    let parent = scratch.parent
    let reached = scratch.reached
    let settled = scratch.settled
    arcStart.withUnsafeBufferPointer { arcStart in
      arcHead.withUnsafeBufferPointer { arcHead in
        primaryCost.withUnsafeBufferPointer { primaryCost in
          secondaryCost.withUnsafeBufferPointer { secondaryCost in
            isTarget.withUnsafeBufferPointer { isTarget in
              while remaining > 0, let (cost, state) = scratch.pop() {
                let v = Int(state)
                if settled[v] == generation || cost > distance[v] { continue }
                settled[v] = generation
                if isTarget[v] { remaining &-= 1 }
                let otherHere = other[v]
                var a = Int(arcStart[v])
                let end = Int(arcStart[v &+ 1])
                while a < end {
                  let w = Int(arcHead[a])
                  let candidate = cost &+ Int64(primaryCost[a])
                  if reached[w] != generation || candidate < distance[w] {
                    reached[w] = generation
                    distance[w] = candidate
                    other[w] = otherHere &+ Int64(secondaryCost[a])
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
  }
}
