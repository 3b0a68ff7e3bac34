/// Why a ``Problem`` is invalid. Each case names the offending item.
public enum ProblemError: Error, Equatable, Sendable, CustomStringConvertible {
  /// There is no depot.
  case noDepot
  /// There is no vehicle type.
  case noVehicleType
  /// A matrix does not have one row and one column per location.
  case matrixSize(matrix: String, rows: Int, columns: Int, expected: Int)
  /// A matrix entry is negative.
  case negativeMatrixEntry(matrix: String, from: String, to: String, value: Int64)
  /// A client's demand is negative.
  case negativeDemand(client: String, demand: Int64)
  /// A client's service duration is negative.
  case negativeServiceDuration(client: String, duration: Int64)
  /// A vehicle type's capacity is negative.
  case negativeCapacity(vehicleType: String, capacity: Int64)
  /// A vehicle type has a count below one.
  case invalidVehicleCount(vehicleType: String, count: Int)
  /// A vehicle type refers to a depot that does not exist.
  case depotOutOfRange(vehicleType: String, depot: Int)
  /// A vehicle type's duration or distance limit is negative.
  case negativeLimit(vehicleType: String, field: String, value: Int64)
  /// The cost scale is not positive.
  case invalidCostScale(Int64)
  /// A coordinate is not finite.
  case nonFiniteCoordinate(location: String)
  /// A time window closes before it opens, or a client's windows overlap or are out of order.
  case invalidTimeWindow(location: String, earliest: Int64, latest: Int64)
  /// An index in a list field points nowhere (for example an allowed vehicle type that does not exist).
  case indexOutOfRange(owner: String, field: String, index: Int)
  /// A field that must not be negative is (a prize, a fixed cost, an unload duration...).
  case negativeValue(owner: String, field: String, value: Int64)
  /// More capacity dimensions than the search supports.
  case tooManyDimensions(owner: String, count: Int, supported: Int)
  /// A vehicle type may unload nowhere: no allowed disposal site is open during its shift.
  case noDisposalSiteOpen(vehicleType: String)
  /// A break does not fit into the vehicle's shift.
  case breakDoesNotFit(vehicleType: String)
  /// The time scale is not positive.
  case invalidTimeScale(Int64)
  /// A number is beyond the bound that keeps the search's arithmetic exact (see ``Problem/maxTime`` and
  /// the other limits), or a time is negative.
  case valueOutOfRange(owner: String, field: String, value: Int64, limit: Int64)
  /// The costs are so large that a solution's total could overflow (more than `bound` in the worst case).
  case costsTooLarge(bound: Double)

  /// A one-line description naming the offending field and value.
  public var description: String {
    switch self {
    case .noDepot: "the problem has no depot"
    case .noVehicleType: "the problem has no vehicle type"
    case let .matrixSize(matrix, rows, columns, expected):
      "the \(matrix) matrix is \(rows)×\(columns), expected \(expected)×\(expected)"
    case let .negativeMatrixEntry(matrix, from, to, value):
      "the \(matrix) from \(from) to \(to) is negative (\(value))"
    case let .negativeDemand(client, demand): "client \(client) has negative demand \(demand)"
    case let .negativeServiceDuration(client, duration):
      "client \(client) has negative service duration \(duration)"
    case let .negativeCapacity(type, capacity): "vehicle type \(type) has negative capacity \(capacity)"
    case let .invalidVehicleCount(type, count): "vehicle type \(type) has count \(count), expected at least 1"
    case let .depotOutOfRange(type, depot): "vehicle type \(type) refers to depot \(depot), which does not exist"
    case let .negativeLimit(type, field, value): "vehicle type \(type) has negative \(field) \(value)"
    case let .invalidCostScale(scale): "the cost scale \(scale) is not positive"
    case let .nonFiniteCoordinate(location): "location \(location) has a coordinate that is not a finite number"
    case let .invalidTimeWindow(location, earliest, latest):
      "location \(location) has time window [\(earliest), \(latest)], which closes before it opens or overlaps another"
    case let .indexOutOfRange(owner, field, index): "\(owner): \(field) refers to \(index), which does not exist"
    case let .negativeValue(owner, field, value): "\(owner) has negative \(field) \(value)"
    case let .tooManyDimensions(owner, count, supported):
      "\(owner) has \(count) capacity dimensions; at most \(supported) are supported"
    case let .noDisposalSiteOpen(type): "vehicle type \(type) has no allowed disposal site open during its shift"
    case let .breakDoesNotFit(type): "the break of vehicle type \(type) does not fit into its shift"
    case let .invalidTimeScale(scale): "the time scale \(scale) is not positive"
    case let .valueOutOfRange(owner, field, value, limit):
      "\(owner): \(field) \(value) is out of range (0...\(limit))"
    case let .costsTooLarge(bound):
      "the unit and fixed costs, prizes and matrix entries are so large that a solution could cost more than \(bound); scale them down"
    }
  }
}
