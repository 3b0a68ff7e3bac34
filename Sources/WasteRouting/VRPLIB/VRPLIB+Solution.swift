import Foundation

extension VRPLIB {
  /// A CVRPLIB solution file: its routes and the cost it states.
  public struct SolutionFile: Sendable, Equatable {
    /// The routes, all driven by vehicle type 0.
    public var solution: Solution
    /// The value of the `Cost` line, if any. It is never trusted: ``SolutionEvaluator`` recomputes the cost.
    public var statedCost: Double?

    /// Creates a solution file.
    public init(solution: Solution, statedCost: Double?) {
      self.solution = solution
      self.statedCost = statedCost
    }
  }

  /// The CVRPLIB `.sol` text of `solution`: one `Route #k: c1 c2 …` line per non-empty route, then
  /// `Cost <value>`.
  ///
  /// Client index `i` is written as customer `i + 1` (the depot is never written), the CVRPLIB numbering
  /// for single-depot files. The cost is recomputed by ``SolutionEvaluator`` and written in reported units:
  /// an integer when ``Problem/costScale`` is 1, otherwise with two decimals. Vehicle types are not
  /// written.
  public static func solutionText(_ solution: Solution, problem: Problem) -> String {
    var text = ""
    var number = 0
    for route in solution.routes where !route.clients.isEmpty {
      number += 1
      text += "Route #\(number): " + route.clients.map { String($0 + 1) }.joined(separator: " ") + "\n"
    }
    let evaluation = SolutionEvaluator.evaluate(solution, for: problem)
    text += "Cost \(formattedCost(evaluation.cost, costScale: problem.costScale))\n"
    return text
  }

  /// `cost` in reported units: an integer when `costScale` is 1, otherwise with two decimals.
  public static func formattedCost(_ cost: Int64, costScale: Int64) -> String {
    costScale == 1 ? String(cost) : String(format: "%.2f", Double(cost) / Double(costScale))
  }

  /// Parses the text of a CVRPLIB `.sol` file for `problem`.
  ///
  /// Lines `Route #k: c1 c2 …` (case-insensitive, `#` optional) list customers `1...clients.count`,
  /// customer `c` being client index `c - 1`; every route gets vehicle type 0. Empty routes are dropped;
  /// a `Cost` line and other lines (`Time …`) are skipped. Duplicate and missing customers are not
  /// errors here: ``SolutionEvaluator`` reports them.
  ///
  /// - Throws: ``VRPLIBError`` with the line of a non-integer or unknown customer, or
  ///   ``VRPLIBError/Reason/noRoutes``.
  public static func parseSolution(
    _ text: String, fileName: String, problem: Problem
  ) throws(VRPLIBError) -> Solution {
    try parseSolutionFile(text, fileName: fileName, problem: problem).solution
  }

  /// Parses the text of a CVRPLIB `.sol` file for `problem`, keeping its `Cost` line.
  ///
  /// - Throws: ``VRPLIBError``, as ``parseSolution(_:fileName:problem:)`` does, and also for a `Cost` line
  ///   whose value is not a finite number.
  public static func parseSolutionFile(
    _ text: String, fileName: String, problem: Problem
  ) throws(VRPLIBError) -> SolutionFile {
    var routes: [Route] = []
    var statedCost: Double?
    var sawRoute = false
    var number = 0
    for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      number += 1
      guard !rawLine.contains(0) else {
        throw VRPLIBError(file: fileName, line: number, reason: .binaryContent)
      }
      let line = Substring(rawLine).trimmingWhitespace
      let keyword = line.prefix(5).lowercased()
      if keyword == "route", let colon = line.firstIndex(of: ":"),
        isRouteLabel(line[line.index(line.startIndex, offsetBy: 5)..<colon])
      {
        sawRoute = true
        var clients: [Int] = []
        for token in line[line.index(after: colon)...].split(whereSeparator: \.isWhitespace) {
          guard let customer = Int(token) else {
            throw VRPLIBError(file: fileName, line: number, reason: .invalidCustomer(String(token)))
          }
          guard customer >= 1, customer <= problem.clients.count else {
            throw VRPLIBError(
              file: fileName, line: number,
              reason: .unknownCustomer(String(token), customerCount: problem.clients.count))
          }
          clients.append(customer - 1)
        }
        routes.append(Route(vehicleType: 0, clients: clients))
      } else if keyword.hasPrefix("cost") {
        let value = line.dropFirst(4).trimmingWhitespace.drop { $0 == ":" }.trimmingWhitespace
        guard let cost = Double(value), cost.isFinite else {
          throw VRPLIBError(
            file: fileName, line: number, reason: .invalidNumber(field: "Cost", value: String(value)))
        }
        statedCost = cost
      }
    }
    guard sawRoute else { throw VRPLIBError(file: fileName, line: nil, reason: .noRoutes) }
    return SolutionFile(solution: Solution(routes: routes), statedCost: statedCost)
  }

  /// Reads a CVRPLIB `.sol` file for `problem`.
  ///
  /// - Throws: ``VRPLIBError`` for an unreadable, binary or malformed file.
  public static func readSolution(atPath path: String, problem: Problem) throws(VRPLIBError) -> SolutionFile {
    let fileName = (path as NSString).lastPathComponent
    let text = try readText(atPath: path, fileName: fileName)
    return try parseSolutionFile(text, fileName: fileName, problem: problem)
  }

  /// Whether `label` (what lies between `Route` and `:`) is ` #k`, `#k` or ` k`.
  private static func isRouteLabel(_ label: Substring) -> Bool {
    var rest = label.trimmingWhitespace
    if rest.first == "#" { rest = rest.dropFirst().trimmingWhitespace }
    return !rest.isEmpty && rest.allSatisfy(\.isASCIIDigit)
  }
}

extension Character {
  /// Whether the character is one of `0` to `9`.
  fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
