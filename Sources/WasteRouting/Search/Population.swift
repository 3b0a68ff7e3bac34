/// The two subpopulations (feasible and infeasible) of the hybrid genetic search, with survivor
/// selection by biased fitness: cost rank plus diversity rank (Vidal et al. 2012,
/// doi:10.1287/opre.1120.1048).
struct Population {
  private(set) var feasible: [Individual] = []
  private(set) var infeasible: [Individual] = []
  private struct Settings {
    var minimumSize: Int
    var generationSize: Int
    var eliteCount: Int
    var closeCount: Int
  }
  private let settings: Settings
  private var minimumSize: Int { settings.minimumSize }
  private var generationSize: Int { settings.generationSize }
  private var nextID = 0

  init(minimumSize: Int, generationSize: Int, eliteCount: Int, closeCount: Int) {
    settings = Settings(
      minimumSize: minimumSize, generationSize: generationSize, eliteCount: eliteCount, closeCount: closeCount)
  }

  var count: Int { feasible.count + infeasible.count }

  /// Adds a copy of `individual` to its subpopulation; trims the subpopulation when it is full.
  mutating func add(_ individual: Individual) {
    var entry = individual
    entry.id = nextID
    nextID += 1
    entry.proximity.removeAll(keepingCapacity: true)
    if entry.isFeasible {
      Self.insert(entry, into: &feasible)
      if feasible.count > minimumSize + generationSize { Self.selectSurvivors(&feasible, settings) }
    } else {
      Self.insert(entry, into: &infeasible)
      if infeasible.count > minimumSize + generationSize { Self.selectSurvivors(&infeasible, settings) }
    }
  }

  /// Removes everyone (a restart).
  mutating func clear() {
    feasible.removeAll()
    infeasible.removeAll()
  }

  /// Re-prices the infeasible subpopulation after the penalty weights changed.
  mutating func reprice(_ data: SearchData, weights: PenaltyWeights) {
    for i in infeasible.indices { infeasible[i].evaluate(data, weights: weights) }
    infeasible.sort { $0.penalizedCost < $1.penalizedCost }
  }

  /// The better (by biased fitness) of two individuals drawn uniformly from both subpopulations.
  mutating func binaryTournament(using rng: inout SplitMix64) -> Individual {
    Self.updateFitness(&feasible, settings)
    Self.updateFitness(&infeasible, settings)
    let total = count
    let a = rng.below(total), b = rng.below(total)
    let first = a < feasible.count ? feasible[a] : infeasible[a - feasible.count]
    let second = b < feasible.count ? feasible[b] : infeasible[b - feasible.count]
    return first.fitness < second.fitness ? first : second
  }

  private static func insert(_ entry: Individual, into group: inout [Individual]) {
    var entry = entry
    for i in group.indices {
      let distance = entry.brokenPairsDistance(to: group[i])
      Self.insertSorted((distance, entry.id), into: &group[i].proximity)
      Self.insertSorted((distance, group[i].id), into: &entry.proximity)
    }
    let place = group.firstIndex { $0.penalizedCost > entry.penalizedCost } ?? group.endIndex
    group.insert(entry, at: place)
  }

  private static func insertSorted(_ item: (distance: Double, id: Int), into list: inout [(distance: Double, id: Int)]) {
    let place = list.firstIndex { $0.distance > item.distance } ?? list.endIndex
    list.insert(item, at: place)
  }

  /// Biased fitness of each member: cost rank plus (1 - elite/size) × diversity rank.
  private static func updateFitness(_ group: inout [Individual], _ settings: Settings) {
    let size = group.count
    guard size > 1 else {
      if size == 1 { group[0].fitness = 0 }
      return
    }
    let ranking = group.indices.map { (diversity: -group[$0].averageProximity(count: settings.closeCount), index: $0) }
      .sorted { $0.diversity != $1.diversity ? $0.diversity < $1.diversity : $0.index < $1.index }
    let scale = Double(size - 1)
    for (diversityRank, entry) in ranking.enumerated() {
      let costRank = Double(entry.index) / scale
      group[entry.index].fitness = costRank + (1 - Double(settings.eliteCount) / Double(size)) * Double(diversityRank) / scale
    }
  }

  /// Removes the worst members (clones first) until the minimum size is reached.
  private static func selectSurvivors(_ group: inout [Individual], _ settings: Settings) {
    while group.count > settings.minimumSize {
      updateFitness(&group, settings)
      var worst = 0
      var worstIsClone = false
      var worstFitness = -Double.infinity
      for i in group.indices {
        let isClone = group[i].averageProximity(count: 1) < 1e-9
        if (isClone && !worstIsClone) || (isClone == worstIsClone && group[i].fitness > worstFitness) {
          worst = i
          worstIsClone = isClone
          worstFitness = group[i].fitness
        }
      }
      let removedID = group[worst].id
      group.remove(at: worst)
      for i in group.indices {
        if let k = group[i].proximity.firstIndex(where: { $0.id == removedID }) { group[i].proximity.remove(at: k) }
      }
    }
  }
}
