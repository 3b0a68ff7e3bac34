import WasteRouting

/// Road networks loaded once and shared by every job that names the same file and truck profile.
///
/// Reading a city's network takes longer than snapping a scenario's bins to it, so the service keeps the
/// most recently used networks; concurrent jobs asking for one that is still loading wait for that one load.
actor RoadNetworkCache {
  private struct Key: Hashable {
    var path: String
    var profile: TruckProfile
  }

  private var loads: [Key: Task<RoadNetwork, any Error>] = [:]
  private var lastUse: [Key: UInt64] = [:]
  private var clock: UInt64 = 0
  private let capacity: Int

  /// A cache keeping at most `capacity` networks.
  init(capacity: Int = 8) {
    self.capacity = max(1, capacity)
  }

  /// The network in `path` for `profile`, loaded now or earlier.
  ///
  /// - Throws: ``ScenarioError/roadNetwork(_:)`` when the file cannot be read, or `CancellationError`.
  func network(path: String, profile: TruckProfile) async throws -> RoadNetwork {
    let key = Key(path: path, profile: profile)
    clock += 1
    lastUse[key] = clock
    let load: Task<RoadNetwork, any Error>
    if let existing = loads[key] {
      load = existing
    } else {
      load = Task {
        do {
          return try await RoadNetwork.load(path: path, profile: profile)
        } catch let error as RoadNetworkError {
          throw ScenarioError.roadNetwork(error)
        }
      }
      loads[key] = load
      evictBeyondCapacity()
    }
    do {
      // A load is shared, so cancelling one waiting job does not stop it; the job checks afterwards.
      return try await load.value
    } catch {
      forget(key, load: load)  // a failed load is tried again by the next job
      throw error
    }
  }

  private func forget(_ key: Key, load: Task<RoadNetwork, any Error>) {
    guard loads[key] == load else { return }
    loads[key] = nil
    lastUse[key] = nil
  }

  private func evictBeyondCapacity() {
    while loads.count > capacity, let oldest = lastUse.min(by: { $0.value < $1.value })?.key {
      loads[oldest] = nil
      lastUse[oldest] = nil
    }
  }
}
