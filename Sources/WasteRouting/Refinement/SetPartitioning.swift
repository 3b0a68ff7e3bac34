internal import IntegerProgramming

/// Recombines pooled routes into the cheapest solution that serves every client.
///
/// The model has one binary column per route (its cost as objective) and one row per client over the
/// routes serving it, plus optionally `Σ x_r ≤ maximumRouteCount`. The row is `Σ x_r = 1`
/// (set partitioning) or `Σ x_r ≥ 1` (set covering, see ``Coverage``). A cover may serve a client twice;
/// dropping the extra copy never raises a route's cost only under the triangle inequality, which road
/// matrices need not satisfy, so a caller of the covering model must price the routes again. This is the
/// set-partitioning step of route-pool matheuristics (Subramanian, Uchoa and Ochi 2013,
/// doi:10.1016/j.cor.2013.01.013).
enum SetPartitioning {
  /// How often the chosen routes must serve each client.
  enum Coverage: Sendable {
    /// Exactly once: a partition of the clients (`Σ x_r = 1`).
    case exactlyOnce
    /// At least once (`Σ x_r ≥ 1`): a set cover, which may serve a client in several chosen routes.
    /// Its optimum is never costlier than the partition's; the caller removes the extra copies.
    case atLeastOnce
  }

  /// Routes chosen by the refinement.
  struct Selection: Hashable, Sendable {
    /// Client sequences of the chosen routes; together they serve each client exactly once (or, for
    /// ``Coverage/atLeastOnce``, at least once).
    var routes: [[Int]]
    /// The total cost of ``routes``, summed exactly from the pooled costs.
    var cost: Int64
    /// Whether GLPK proved the selection optimal for the pool.
    var isProvenOptimal: Bool
  }

  /// Chooses routes from the pool that serve each client exactly once (or at least once) at the least
  /// total cost.
  ///
  /// The incumbent's routes warm-start GLPK
  /// (see ``MixedIntegerModel/solve(timeLimit:relativeGap:incumbent:)``), so the answer is never worse
  /// than the incumbent. An incumbent route missing from the pool is added as
  /// a column; one whose clients are pooled in a cheaper order is priced with the pooled order.
  ///
  /// - Parameters:
  ///   - pool: the candidate routes; their clients must lie in `0..<clientCount`.
  ///   - clientCount: the number of clients to serve.
  ///   - incumbent: a solution made of routes, serving each client exactly once, or `nil`.
  ///   - maximumRouteCount: the most routes the selection may use (the fleet size), or `nil`.
  ///   - coverage: whether each client is served exactly once (the default) or at least once.
  ///   - timeLimit: GLPK's wall-clock budget.
  ///   - cancellation: stops GLPK's tree search once set (the best selection so far is returned); by
  ///     default the flag of the dedicated thread this runs on, and `nil` the current task's cancellation.
  /// - Returns: the best selection found, never worse than the incumbent, or `nil` when the pool cannot
  ///   serve every client (within the route bound) or no selection was found in time.
  /// - Throws: ``IntegerProgramError`` when the incumbent does not serve each client exactly once or uses
  ///   too many routes, when the time limit is not positive, or when GLPK fails.
  static func solve(
    pool: RoutePool,
    clientCount: Int,
    incumbent: [RoutePool.Route]? = nil,
    maximumRouteCount: Int? = nil,
    coverage: Coverage = .exactlyOnce,
    timeLimit: Duration,
    cancellation: SearchCancellation? = .current
  ) throws(IntegerProgramError) -> Selection? {
    precondition(clientCount >= 0, "negative client count")
    var columns = Array(pool.routes)
    var start: [Double]?
    if let incumbent {
      var values = [Double](repeating: 0, count: columns.count)
      for route in incumbent where !route.clients.isEmpty {
        if let position = pool.position(ofClients: route.clients) {
          values[position] = 1
        } else {
          columns.append(route)
          values.append(1)
        }
      }
      start = values
    }

    let chosen = try choose(
      columns: columns.map { Column(clients: $0.clients, cost: $0.cost, group: 0) }, clientCount: clientCount,
      groupLimits: maximumRouteCount.map { [$0] } ?? [nil], coverage: coverage, start: start.map { $0.map { $0 > 0.5 } },
      timeLimit: timeLimit, cancellation: cancellation)
    guard let chosen else { return nil }
    return Selection(
      routes: chosen.columns.map { columns[$0].clients }, cost: chosen.cost, isProvenOptimal: chosen.isProvenOptimal)
  }

  /// A column of the general model: the clients (rows) a route serves, its cost and its group (for a
  /// rich problem, its vehicle type, whose routes the fleet limits).
  struct Column: Sendable {
    var clients: [Int]
    var cost: Int64
    var group: Int
  }

  /// What the general model chose.
  struct Choice: Sendable {
    /// The chosen columns, by index.
    var columns: [Int]
    /// The clients left uncovered (at their leave-out cost).
    var uncovered: [Int]
    /// The cost of the chosen columns and of the clients left uncovered.
    var cost: Int64
    var isProvenOptimal: Bool
  }

  /// The general model: binary columns, one row per client covered exactly or at least once (or left
  /// uncovered at `leaveOutCost[c]` when that is given), and at most `groupLimits[g]` columns of each
  /// group `g` with a limit.
  ///
  /// - Parameters:
  ///   - leaveOutCost: per client, what leaving it uncovered costs, or `nil` (the default) when every
  ///     client must be covered. A client covered by no column is then left uncovered.
  ///   - start: the incumbent, a value per column; with leave-out costs, the clients it leaves uncovered
  ///     start uncovered.
  ///   - cancellation: stops GLPK's tree search once set (as for `solve`).
  /// - Returns: the best choice found (never worse than `start`), or `nil` when there is none.
  static func choose(
    columns: [Column], clientCount: Int, leaveOutCost: [Int64?]? = nil, groupLimits: [Int?],
    coverage: Coverage, start: [Bool]?, timeLimit: Duration, cancellation: SearchCancellation? = .current
  ) throws(IntegerProgramError) -> Choice? {
    precondition(clientCount >= 0, "negative client count")
    // Columns covering each client, in compressed form.
    var coverStart = [Int](repeating: 0, count: clientCount + 1)
    for route in columns {
      for client in route.clients {
        precondition((0..<clientCount).contains(client), "route serves client \(client), out of range")
        coverStart[client + 1] += 1
      }
    }
    for client in 0..<clientCount { coverStart[client + 1] += coverStart[client] }
    var covering = [Int](repeating: 0, count: coverStart[clientCount])
    var next = coverStart
    for (column, route) in columns.enumerated() {
      for client in route.clients {
        covering[next[client]] = column
        next[client] += 1
      }
    }
    // The clients that may stay uncovered get a column of their own at their leave-out cost.
    var leaveOutColumn = [Int?](repeating: nil, count: clientCount)
    var leaveOutCosts: [Int64] = []
    var leaveOutClients: [Int] = []
    if let leaveOutCost {
      for client in 0..<clientCount {
        guard let cost = leaveOutCost[client] else { continue }
        leaveOutColumn[client] = columns.count + leaveOutCosts.count
        leaveOutCosts.append(cost)
        leaveOutClients.append(client)
      }
    }
    guard (0..<clientCount).allSatisfy({ coverStart[$0 + 1] > coverStart[$0] || leaveOutColumn[$0] != nil }) else {
      return nil
    }

    var model = MixedIntegerModel()
    try model.addBinaryColumns(costs: columns.map { Double($0.cost) } + leaveOutCosts.map(Double.init))
    for client in 0..<clientCount {
      var routes = Array(covering[coverStart[client]..<coverStart[client + 1]])
      if let column = leaveOutColumn[client] { routes.append(column) }
      try model.addRow(
        columns: routes, coefficients: Array(repeating: 1, count: routes.count),
        bounds: coverage == .exactlyOnce ? .exactly(1) : .atLeast(1))
    }
    for (group, limit) in groupLimits.enumerated() {
      guard let limit else { continue }
      let members = columns.indices.filter { columns[$0].group == group }
      guard !members.isEmpty else { continue }
      try model.addRow(
        columns: members, coefficients: Array(repeating: 1, count: members.count),
        bounds: .atMost(Double(max(0, limit))))
    }
    guard model.columnCount > 0 else {
      return clientCount == 0 ? Choice(columns: [], uncovered: [], cost: 0, isProvenOptimal: true) : nil
    }
    var incumbent: [Double]?
    if let start {
      var values = start.map { $0 ? 1.0 : 0.0 }
      var covered = [Bool](repeating: false, count: clientCount)
      for (column, chosen) in start.enumerated() where chosen {
        for client in columns[column].clients { covered[client] = true }
      }
      for client in leaveOutClients { values.append(covered[client] ? 0 : 1) }
      incumbent = values
    }

    let result = try model.solve(timeLimit: timeLimit, incumbent: incumbent) {
      SearchCancellation.isCancelled(cancellation)
    }
    guard let solution = result.solution else { return nil }
    let chosen = columns.indices.filter { solution.values[$0] > 0.5 }
    let uncovered = leaveOutClients.indices.filter { solution.values[columns.count + $0] > 0.5 }
    return Choice(
      columns: chosen, uncovered: uncovered.map { leaveOutClients[$0] },
      cost: chosen.reduce(0) { $0 + columns[$1].cost } + uncovered.reduce(0) { $0 + leaveOutCosts[$1] },
      isProvenOptimal: result.isProvenOptimal)
  }
}
