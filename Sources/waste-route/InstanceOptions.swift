import ArgumentParser
import WasteRouting

/// The instance file formats the tool reads.
enum InstanceFormat: String, ExpressibleByArgument, CaseIterable {
  /// VRPLIB (TSPLIB95) CVRP, `.vrp`.
  case vrplib
  /// The waste-collection VRPTW format of Kim, Kim & Sahoo (2006).
  case wcvrptw
  /// waste-routing problem JSON (`ProblemDocument`).
  case problem
}

/// How to read an instance: its format (detected when not given) and, for WCVRPTW, its time fields.
struct InstanceOptions: ParsableArguments {
  @Option(
    help:
      "Instance format: vrplib, wcvrptw or problem (JSON); detected from the file (a WCVRPTW file starts with a number and a // comment, a problem file is JSON) if omitted."
  )
  var format: InstanceFormat?

  @Option(
    help:
      "WCVRPTW time fields: hhmm or decimal (hours); decimal if some value has minutes above 59, else hhmm, if omitted."
  )
  var timeFormat: WCVRPTW.TimeFormat?

  /// The format of the file at `path`: the `--format` option, or what the file looks like.
  func format(ofInstanceAt path: String) -> InstanceFormat {
    if let format { return format }
    if ProblemJSON.looksLikeProblem(atPath: path) { return .problem }
    return WCVRPTW.looksLikeInstance(atPath: path) ? .wcvrptw : .vrplib
  }

  /// The one-line complaint about an option that does not apply to `format`, if any.
  func misuse(for format: InstanceFormat, rounding: DistanceRounding?) -> String? {
    switch format {
    case .vrplib where timeFormat != nil: "--time-format applies to WCVRPTW instances only"
    case .problem where timeFormat != nil: "--time-format applies to WCVRPTW instances only"
    case .wcvrptw where rounding != nil, .problem where rounding != nil: "--rounding applies to VRPLIB instances only"
    default: nil
    }
  }
}

extension WCVRPTW.TimeFormat: ExpressibleByArgument {}
