import Foundation
import Testing

@testable import WasteRouting

/// Damaged inputs never crash the WCVRPTW and solution JSON readers: they either read or throw.
@Suite struct ReaderRobustnessTests {
  private static let pieces = [
    "", " ", "\t", "\r\n", "-", ".", "9", "99999999999999999999", "//", "{", "\"", "2", "0",
  ]

  /// `text` with a few random characters deleted, replaced or inserted.
  private func damaged(_ text: String, seed: UInt64) -> String {
    var generator = SplitMix64(seed: seed)
    var characters = Array(text)
    for _ in 0..<Int.random(in: 1...4, using: &generator) where !characters.isEmpty {
      let position = Int.random(in: 0..<characters.count, using: &generator)
      let piece = Array(Self.pieces.randomElement(using: &generator) ?? "")
      switch Int.random(in: 0..<3, using: &generator) {
      case 0: characters.remove(at: position)
      case 1: characters.replaceSubrange(position...position, with: piece)
      default: characters.insert(contentsOf: piece, at: position)
      }
    }
    return String(characters)
  }

  @Test(arguments: 0..<300) func damagedInstancesReadOrThrow(seed: Int) {
    let text = damaged(WCVRPTWFixtures.text(), seed: UInt64(seed))
    do {
      let instance = try WCVRPTW.parseInstance(text, fileName: "damaged.txt")
      #expect(instance.problem.locationCount == instance.rowOfLocation.count)
    } catch {
      #expect(!error.description.contains("\n"))
      #expect(error.description.hasPrefix("damaged.txt"))
    }
  }

  @Test(arguments: 0..<300) func damagedSolutionsReadOrThrow(seed: Int) throws {
    let problem = try WCVRPTW.parseInstance(WCVRPTWFixtures.text(), fileName: "tiny.txt").problem
    let solution = Solution(routes: [Route(visits: [.client(0), .client(1), .break, .disposal(0)])])
    let text = damaged(SolutionJSON.text(for: solution, problem: problem), seed: UInt64(seed))
    do {
      let document = try SolutionJSON.parse(Data(text.utf8), fileName: "damaged.json", problem: problem)
      _ = SolutionEvaluator.evaluateInDetail(document.solution, for: problem)
    } catch {
      #expect(error.description.hasPrefix("damaged.json: $"))
      #expect(!error.description.contains("\n"))
    }
  }

  /// Random, often invalid routes on 102_stop: the evaluator neither crashes nor contradicts itself.
  @Test(arguments: 0..<50) func randomRoutesEvaluateConsistently(seed: Int) throws {
    let problem = try WCVRPTW.readInstance(atPath: VRPLIBFixtures.path("102_stop.txt")).problem
    var generator = SplitMix64(seed: UInt64(seed))
    var routes: [Route] = []
    for _ in 0..<Int.random(in: 1...4, using: &generator) {
      let visits: [Visit] = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: .disposal(Int.random(in: -1...2, using: &generator))
        case 1: .break
        default: .client(Int.random(in: -1...99, using: &generator))
        }
      }
      routes.append(Route(vehicleType: Int.random(in: 0...1, using: &generator) == 0 ? 0 : 1, visits: visits))
    }
    let evaluation = SolutionEvaluator.evaluateInDetail(Solution(routes: routes), for: problem)
    for route in evaluation.routes where route.vehicleType == 0 {
      #expect(route.arrival - route.departure == route.duration)
      #expect(route.departure >= problem.vehicleTypes[0].shift!.earliest)
      #expect(zip(route.visits, route.visits.dropFirst()).allSatisfy { $0.departure <= $1.arrival })
      #expect(route.visits.allSatisfy { $0.arrival <= $0.start && $0.start <= $0.departure })
    }
    #expect(evaluation.isFeasible == evaluation.violations.isEmpty)
  }
}
