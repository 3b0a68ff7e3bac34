import Testing
@testable import WasteRouting

@Suite struct ProblemTests {
  private func matrix(_ n: Int) -> Matrix<Int64> { Matrix(size: n) { i, j in i == j ? 0 : Int64(10 + i + j) } }

  @Test func validProblemKeepsItsData() throws {
    let problem = try Problem(
      depots: [Depot(name: "1")],
      clients: [Client(name: "2", demand: 3), Client(name: "3", demand: 4)],
      vehicleTypes: [VehicleType(capacity: 10)],
      distances: matrix(3))
    #expect(problem.locationCount == 3)
    #expect(problem.location(ofClient: 1) == 2)
    #expect(problem.durations == problem.distances)
  }

  /// A demand above every capacity is valid input: the solver leaves that client out by rule.
  @Test func demandAboveEveryCapacityIsValid() throws {
    let problem = try Problem(
      depots: [Depot(name: "1")],
      clients: [Client(name: "2", demand: 3), Client(name: "3", demand: 11)],
      vehicleTypes: [VehicleType(capacity: 10)],
      distances: matrix(3))
    #expect(problem.clients.count == 2)
  }

  @Test func wrongMatrixSizeIsRejected() {
    #expect(throws: ProblemError.matrixSize(matrix: "distance", rows: 2, columns: 2, expected: 3)) {
      try Problem(
        depots: [Depot(name: "1")],
        clients: [Client(name: "2", demand: 3), Client(name: "3", demand: 1)],
        vehicleTypes: [VehicleType(capacity: 10)],
        distances: matrix(2))
    }
  }

  @Test func negativeDemandIsRejected() {
    #expect(throws: ProblemError.negativeDemand(client: "2", demand: -1)) {
      try Problem(
        depots: [Depot(name: "1")], clients: [Client(name: "2", demand: -1)],
        vehicleTypes: [VehicleType(capacity: 10)], distances: matrix(2))
    }
  }
}
