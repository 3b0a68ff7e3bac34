import Foundation

/// Draws a ``SimulationReport`` as an SVG chart: kilometres driven per day (top) and overflowing bins
/// per day (bottom), one line per policy, with each policy's totals in the legend.
///
/// Colours are the colour-blind-friendly palette of the maps (``TruckStyle``); each policy also has its
/// own dash pattern and marker, so the chart reads in black and white too.
public struct SimulationChart: Sendable, Hashable {
  /// The picture's width in pixels.
  public var width: Double
  /// The height of each panel in pixels.
  public var panelHeight: Double

  /// Creates a chart writer.
  public init(width: Double = 900, panelHeight: Double = 220) {
    self.width = width
    self.panelHeight = panelHeight
  }

  /// The SVG text of the chart.
  public func string(for report: SimulationReport) -> String {
    let left = 64.0
    let right = 24.0
    let top = 56.0
    let gap = 56.0
    let legendHeight = 22.0 * Double(report.policies.count) + 16
    let height = top + panelHeight * 2 + gap + 40 + legendHeight
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" \
      viewBox="0 0 \(n(width)) \(n(height))" font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(n(left))" y="24" font-size="16" font-weight="bold">\(MapText.xml(report.scenario)): \
      \(report.days) days from \(report.startDate), seed \(report.seed)</text>
      <text x="\(n(left))" y="42" fill="#444">\(report.binCount) bins replaying \(MapText.xml(report.fillSource)); \
      sensor noise \(n(report.sensorNoise)) pp, missing readings \(n(report.missingReadings * 100)) %</text>

      """
    let days = report.days
    func x(_ day: Double) -> Double {
      left + (width - left - right) * (days > 1 ? day / Double(days - 1) : 0.5)
    }
    let panels: [(String, (SimulationReport.DayResult) -> Double, Double)] = [
      ("kilometres driven per day", { $0.kilometres }, top),
      ("overflowing bins per day", { Double($0.overflowBins) }, top + panelHeight + gap),
    ]
    for (title, value, y0) in panels {
      let maximum = report.policies.flatMap { $0.days.map(value) }.max() ?? 0
      let scale = Self.niceCeiling(maximum)
      out += "<text x=\"\(n(left))\" y=\"\(n(y0 - 8))\" font-weight=\"bold\">\(title)</text>\n"
      for tick in 0...4 {
        let v = scale * Double(tick) / 4
        let y = y0 + panelHeight * (1 - Double(tick) / 4)
        out += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(width - right))\" y2=\"\(n(y))\" stroke=\"#ddd\"/>\n"
        out += "<text x=\"\(n(left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\" fill=\"#444\">\(Self.label(v))</text>\n"
      }
      for tick in stride(from: 0, to: days, by: 7) {
        let px = x(Double(tick))
        out += "<line x1=\"\(n(px))\" y1=\"\(n(y0))\" x2=\"\(n(px))\" y2=\"\(n(y0 + panelHeight))\" stroke=\"#eee\"/>\n"
        let label = report.policies.first?.days.indices.contains(tick) == true
          ? "\(report.policies[0].days[tick].date)" : "day \(tick + 1)"
        out += "<text x=\"\(n(px))\" y=\"\(n(y0 + panelHeight + 16))\" text-anchor=\"middle\" fill=\"#444\">\(label)</text>\n"
      }
      for (p, policy) in report.policies.enumerated() {
        let style = TruckStyle(index: p)
        let points = policy.days.enumerated().map { k, day in
          (x(Double(k)), y0 + panelHeight * (1 - (scale > 0 ? value(day) / scale : 0)))
        }
        let path = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        let dash = Self.dashes[p % Self.dashes.count].map { " stroke-dasharray=\"\($0)\"" } ?? ""
        out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(style.colour)\" stroke-width=\"2\"\(dash)/>\n"
        for point in points { out += Self.marker(p, x: point.0, y: point.1, colour: style.colour) + "\n" }
      }
    }
    var y = top + panelHeight * 2 + gap + 44
    for (p, policy) in report.policies.enumerated() {
      let style = TruckStyle(index: p)
      let dash = Self.dashes[p % Self.dashes.count].map { " stroke-dasharray=\"\($0)\"" } ?? ""
      let s = policy.summary
      out += "<line x1=\"\(n(left))\" y1=\"\(n(y - 4))\" x2=\"\(n(left + 30))\" y2=\"\(n(y - 4))\" stroke=\"\(style.colour)\" stroke-width=\"2\"\(dash)/>\n"
      out += Self.marker(p, x: left + 15, y: y - 4, colour: style.colour) + "\n"
      out += "<text x=\"\(n(left + 40))\" y=\"\(n(y))\"><tspan font-weight=\"bold\">\(policy.policy.rawValue)</tspan>: "
        + "\(MapText.decimal(s.kilometres, digits: 1)) km, \(MapText.decimal(s.crewHours, digits: 1)) crew h, "
        + "\(MapText.decimal(s.trucksPerDay, digits: 2)) trucks/day, \(s.binsEmptied) bins emptied at "
        + "\(MapText.decimal(s.meanFillAtEmptying, digits: 1)) %, \(s.overflowBinDays) overflowing bin-days "
        + "(\(MapText.decimal(s.overflowLitres, digits: 0)) L)</text>\n"
      y += 22
    }
    out += "</svg>\n"
    return out
  }

  /// Writes the chart atomically.
  ///
  /// - Throws: ``FileWriteError``.
  public func write(_ report: SimulationReport, toPath path: String) throws(FileWriteError) {
    try writeAtomically(string(for: report), toPath: path)
  }

  private func n(_ value: Double) -> String { MapText.decimal(value, digits: 1) }

  static let dashes: [String?] = [nil, "6 3", "2 2", "8 3 2 3"]

  /// A circle, square, triangle or diamond.
  static func marker(_ index: Int, x: Double, y: Double, colour: String) -> String {
    let px = MapText.decimal(x, digits: 1)
    let py = MapText.decimal(y, digits: 1)
    switch index % 4 {
    case 0: return "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"3\" fill=\"\(colour)\"/>"
    case 1:
      return "<rect x=\"\(MapText.decimal(x - 3, digits: 1))\" y=\"\(MapText.decimal(y - 3, digits: 1))\" width=\"6\" height=\"6\" fill=\"\(colour)\"/>"
    case 2:
      return "<path d=\"M\(px),\(MapText.decimal(y - 4, digits: 1)) l4,7 h-8 z\" fill=\"\(colour)\"/>"
    default:
      return "<path d=\"M\(px),\(MapText.decimal(y - 4, digits: 1)) l4,4 l-4,4 l-4,-4 z\" fill=\"\(colour)\"/>"
    }
  }

  /// The smallest 1, 2 or 5 times a power of ten at or above `value` (1 for 0).
  static func niceCeiling(_ value: Double) -> Double {
    guard value > 0, value.isFinite else { return 1 }
    let power = pow(10, (log10(value)).rounded(.down))
    for step in [1.0, 2, 5, 10] where step * power >= value { return step * power }
    return 10 * power
  }

  static func label(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : MapText.decimal(value, digits: 1)
  }
}
