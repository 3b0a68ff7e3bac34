internal import HeapModule

/// A bounded collection of distinct routes gathered from local optima, the columns of the set-partitioning
/// refinement (``SetPartitioning``).
///
/// Routes are identified by their kind (the vehicle type of a rich problem, 0 for a CVRP) and client set:
/// adding a route whose kind and set are already pooled keeps the cheaper visiting order. A route's
/// sequence may hold other stops than clients (a rich route's disposal visits and break); its client set
/// is given with it. When the pool is full, the route with the highest cost per client is evicted (oldest
/// first among equals), unless the newcomer is no better, in which case the newcomer is dropped. This is the
/// route-pool idea of Subramanian, Uchoa and Ochi (2013, doi:10.1016/j.cor.2013.01.013), with a size bound.
///
/// Positions (`0..<count`) are dense but not stable: an eviction moves the last route into the freed
/// position. A pool is meant for one search task at a time; it is a value type, so copies are independent.
///
/// - Complexity: ``add(clients:cost:)`` is O(k log k) for a k-client route plus amortised O(log n).
struct RoutePool: Sendable {
  /// A pooled route: its stops in visiting order, its cost and its kind.
  struct Route: Hashable, Sendable {
    /// Client indices (0-based) in visiting order, each client at most once (for a rich route, its
    /// visit codes, of which the client codes are its clients).
    var clients: [Int]
    /// The route's cost, in the problem's integer cost unit.
    var cost: Int64
    /// The vehicle type of a rich route; 0 for a CVRP route.
    var kind: Int = 0
  }

  /// A sorted client set with its hash computed once, so lookups hash one word and compare arrays only
  /// on hash equality.
  private struct ClientSet: Hashable, Sendable {
    let clients: [Int]
    let kind: Int
    let hash: Int

    init(sorted clients: [Int], kind: Int = 0) {
      self.clients = clients
      self.kind = kind
      var hasher = Hasher()
      hasher.combine(clients)
      hasher.combine(kind)
      hash = hasher.finalize()
    }

    static func == (a: Self, b: Self) -> Bool { a.hash == b.hash && a.kind == b.kind && a.clients == b.clients }
    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
  }

  /// A heap entry naming the route at `position` when it was stamped `stamp`; stale once that position
  /// holds another route or another version of it.
  private struct EvictionKey: Comparable, Sendable {
    let costPerClient: Double
    let stamp: UInt64
    let position: Int

    /// Orders by cost per client, so the heap's maximum is the route to evict; among equals the oldest
    /// (smallest stamp) is the maximum.
    static func < (a: Self, b: Self) -> Bool {
      a.costPerClient != b.costPerClient ? a.costPerClient < b.costPerClient : a.stamp > b.stamp
    }
  }

  /// The most routes the pool keeps.
  let capacity: Int

  // Routes, in parallel arrays indexed by position.
  private var clientSets: [ClientSet] = []
  private var sequences: [[Int]] = []
  private var costs: [Int64] = []
  private var stamps: [UInt64] = []

  private var positionOfSet: [ClientSet: Int] = [:]
  private var evictionOrder = Heap<EvictionKey>()
  private var nextStamp: UInt64 = 0

  /// Creates an empty pool.
  ///
  /// - Parameter capacity: the most routes kept; at least 1.
  init(capacity: Int) {
    precondition(capacity >= 1, "a route pool needs room for at least one route")
    self.capacity = capacity
    positionOfSet.reserveCapacity(capacity)
  }

  /// The number of routes in the pool.
  var count: Int { costs.count }

  /// Whether the pool is empty.
  var isEmpty: Bool { costs.isEmpty }

  /// The route at `position` (`0..<count`).
  subscript(position: Int) -> Route {
    Route(clients: sequences[position], cost: costs[position], kind: clientSets[position].kind)
  }

  /// The smallest client index of the route at `position`.
  func smallestClient(at position: Int) -> Int { clientSets[position].clients[0] }

  /// The clients of the route at `position`, sorted.
  func clientSet(at position: Int) -> [Int] { clientSets[position].clients }

  /// The routes, in position order.
  var routes: some RandomAccessCollection<Route> { (0..<count).lazy.map { self[$0] } }

  /// The position of the route of kind `kind` serving exactly the clients in `clients` (in any order), if
  /// pooled.
  func position(ofClients clients: some Collection<Int>, kind: Int = 0) -> Int? {
    positionOfSet[ClientSet(sorted: clients.sorted(), kind: kind)]
  }

  /// Adds a route, or improves the pooled route serving the same clients.
  ///
  /// - Parameters:
  ///   - clients: client indices in visiting order, each at most once; an empty route is ignored.
  ///   - cost: the route's cost.
  /// - Returns: whether the pool changed: the route was added, or replaced a costlier order of the same
  ///   clients. `false` for a duplicate that is no cheaper, or when the pool is full of routes at least as
  ///   good per client.
  @discardableResult
  mutating func add(clients: some Collection<Int>, cost: Int64) -> Bool {
    guard !clients.isEmpty else { return false }
    let sequence = Array(clients)
    return add(sequence: sequence, clients: sequence.sorted(), kind: 0, cost: cost)
  }

  /// Adds a route of kind `kind` visiting `sequence`, whose clients are `clients` (sorted, distinct), or
  /// improves the pooled route of that kind serving the same clients.
  ///
  /// - Returns: whether the pool changed, as for ``add(clients:cost:)``.
  @discardableResult
  mutating func add(sequence: [Int], clients sorted: [Int], kind: Int, cost: Int64) -> Bool {
    guard !sorted.isEmpty else { return false }
    for (a, b) in zip(sorted, sorted.dropFirst()) {
      precondition(a < b, "route visits client \(a) twice, or its clients are not sorted")
    }
    let key = ClientSet(sorted: sorted, kind: kind)
    if let position = positionOfSet[key] {
      guard cost < costs[position] else { return false }
      sequences[position] = sequence
      costs[position] = cost
      stamps[position] = stamp()
      pushKey(for: position)
      return true
    }
    if count == capacity {
      guard let worst = liveWorst(),
        Self.costPerClient(cost, sorted.count) < worst.costPerClient
      else { return false }
      remove(at: worst.position)
    }
    clientSets.append(key)
    sequences.append(sequence)
    costs.append(cost)
    stamps.append(stamp())
    positionOfSet[key] = count - 1
    pushKey(for: count - 1)
    compactIfNeeded()
    return true
  }

  /// Removes every route.
  mutating func removeAll() {
    clientSets.removeAll(keepingCapacity: true)
    sequences.removeAll(keepingCapacity: true)
    costs.removeAll(keepingCapacity: true)
    stamps.removeAll(keepingCapacity: true)
    positionOfSet.removeAll(keepingCapacity: true)
    evictionOrder = Heap()
  }

  // MARK: - Eviction

  private static func costPerClient(_ cost: Int64, _ clientCount: Int) -> Double {
    Double(cost) / Double(clientCount)
  }

  private mutating func stamp() -> UInt64 {
    nextStamp &+= 1
    return nextStamp
  }

  private func isLive(_ key: EvictionKey) -> Bool {
    key.position < count && stamps[key.position] == key.stamp
  }

  private mutating func pushKey(for position: Int) {
    evictionOrder.insert(EvictionKey(
      costPerClient: Self.costPerClient(costs[position], clientSets[position].clients.count),
      stamp: stamps[position], position: position))
  }

  /// The live key of the worst route, dropping stale keys on the way.
  private mutating func liveWorst() -> EvictionKey? {
    while let top = evictionOrder.max {
      if isLive(top) { return top }
      evictionOrder.removeMax()
    }
    return nil
  }

  /// Removes the route at `position`, moving the last route into its place.
  private mutating func remove(at position: Int) {
    positionOfSet[clientSets[position]] = nil
    let last = count - 1
    if position != last {
      clientSets[position] = clientSets[last]
      sequences[position] = sequences[last]
      costs[position] = costs[last]
      stamps[position] = stamps[last]
      positionOfSet[clientSets[position]] = position
    }
    clientSets.removeLast()
    sequences.removeLast()
    costs.removeLast()
    stamps.removeLast()
    if position != last { pushKey(for: position) }
  }

  /// Rebuilds the heap from live routes once stale keys outnumber them, keeping memory O(count) and each
  /// operation amortised O(log count).
  private mutating func compactIfNeeded() {
    guard evictionOrder.count > 2 * count + 64 else { return }
    evictionOrder = Heap((0..<count).map { position in
      EvictionKey(costPerClient: Self.costPerClient(costs[position], clientSets[position].clients.count),
                  stamp: stamps[position], position: position)
    })
  }

  // MARK: - Invariants

  /// Checks the internal bookkeeping; for tests.
  func checkInvariants() {
    precondition(count <= capacity)
    precondition(positionOfSet.count == count)
    for position in 0..<count {
      precondition(positionOfSet[clientSets[position]] == position)
      precondition(Set(clientSets[position].clients).isSubset(of: sequences[position]))
    }
    let liveKeys = evictionOrder.unordered.filter(isLive)
    precondition(Set(liveKeys.map(\.position)) == Set(0..<count), "every route has one live heap key")
  }
}
