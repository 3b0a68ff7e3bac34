import Foundation

/// Draws a ``PlanMap`` as a standalone SVG picture: title, map and legend.
///
/// The map uses Web Mercator, north up, fitted to the plan (trips, stops, depots and disposal sites, or
/// the roads when the plan has none of these) with a margin; roads outside are clipped. Roads are thin
/// grey lines. Each truck's trips are drawn in the truck's colour from a colour-blind-friendly palette
/// (Okabe–Ito); with more than seven trucks the colours repeat with dashed lines. Small arrows along the
/// trips show the driving direction when ``showsDirection`` is set. Bin stops are dots in the truck's
/// colour, breaks rings, unassigned stops grey rings; depots are black squares and disposal sites
/// triangles, labelled with their names. The legend on the right lists each truck with its distance and
/// bin count when the map gives them, then the symbols; a scale bar in kilometres sits in the map's lower
/// left corner.
///
/// All text is escaped for XML, numbers are written without the locale, and nothing depends on hashing
/// order, so the same map always gives the same bytes.
public struct SVGMapWriter: Sendable, Hashable {
  /// The picture's width in pixels.
  public var width: Double
  /// The picture's height in pixels.
  public var height: Double
  /// Whether to draw arrows along the trips in the driving direction.
  public var showsDirection: Bool
  /// Whether to write depot and disposal site names next to their symbols.
  public var showsSiteNames: Bool

  /// Creates a writer.
  ///
  /// - Parameters:
  ///   - width: The picture's width in pixels (at least 400).
  ///   - height: The picture's height in pixels (at least 300).
  ///   - showsDirection: Whether to draw direction arrows along the trips.
  ///   - showsSiteNames: Whether to label depots and disposal sites.
  public init(width: Double = 1200, height: Double = 900, showsDirection: Bool = true, showsSiteNames: Bool = true) {
    self.width = max(400, width)
    self.height = max(300, height)
    self.showsDirection = showsDirection
    self.showsSiteNames = showsSiteNames
  }

  /// The SVG text of `map`.
  public func string(for map: PlanMap) -> String {
    var drawing = Drawing(writer: self, map: map)
    return drawing.render()
  }

  /// The SVG of `map` as UTF-8 bytes.
  public func data(for map: PlanMap) -> Data { Data(string(for: map).utf8) }

  /// Writes the SVG of `map` to `path` atomically (see ``writeAtomically(_:toPath:)``).
  ///
  /// - Throws: ``FileWriteError`` when the file cannot be written.
  public func write(_ map: PlanMap, toPath path: String) throws(FileWriteError) {
    try writeAtomically(string(for: map), toPath: path)
  }
}

// MARK: - Layout and drawing

extension SVGMapWriter {
  /// Sizes in pixels.
  enum Metrics {
    static let margin = 24.0
    static let legendWidth = 250.0
    static let gap = 16.0
    static let padding = 28.0
    static let roadWidth = 0.9
    static let routeWidth = 3.0
    static let casingWidth = 5.5
    static let stopRadius = 3.4
    static let legendRow = 22.0
    static let fonts = "Helvetica, Arial, sans-serif"
    static let ink = "#1A1A1A"
    static let muted = "#555555"
    static let road = "#C4C4C4"
  }

  /// One pass over a map, collecting SVG text.
  struct Drawing {
    let writer: SVGMapWriter
    let map: PlanMap
    let trucks: [String]
    let styles: [String: TruckStyle]
    var out = ""

    init(writer: SVGMapWriter, map: PlanMap) {
      self.writer = writer
      self.map = map
      trucks = map.trucks
      var styles: [String: TruckStyle] = [:]
      for (index, truck) in trucks.enumerated() { styles[truck] = TruckStyle(index: index) }
      self.styles = styles
    }

    static func n(_ value: Double) -> String { MapText.decimal(value, digits: 1) }

    mutating func line(_ text: String) { out += text + "\n" }

    mutating func render() -> String {
      typealias M = Metrics
      let (width, height) = (writer.width, writer.height)
      let headerHeight = map.subtitle == nil ? 64.0 : 86.0
      let frame = WebMercatorFit.Frame(
        x: M.margin, y: headerHeight, width: width - 2 * M.margin - M.legendWidth - M.gap,
        height: height - headerHeight - M.margin)
      let plan = map.planCoordinates.filter { $0.x.isFinite && $0.y.isFinite }
      let fitted = plan.isEmpty ? map.roads.flatMap { $0 }.filter { $0.x.isFinite && $0.y.isFinite } : plan
      let fit = WebMercatorFit(points: fitted, frame: frame, padding: M.padding)

      line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
      line(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" "
          + "viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" font-family=\"\(M.fonts)\">")
      line("<title>\(MapText.xml(map.title))</title>")
      line("<defs><clipPath id=\"map-frame\"><rect x=\"\(Self.n(frame.x))\" y=\"\(Self.n(frame.y))\" "
        + "width=\"\(Self.n(frame.width))\" height=\"\(Self.n(frame.height))\"/></clipPath></defs>")
      line("<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>")
      header()
      line("<rect x=\"\(Self.n(frame.x))\" y=\"\(Self.n(frame.y))\" width=\"\(Self.n(frame.width))\" "
        + "height=\"\(Self.n(frame.height))\" fill=\"#F7F7F4\" stroke=\"#D0D0D0\"/>")
      line("<g clip-path=\"url(#map-frame)\">")
      roads(fit)
      trips(fit)
      stops(fit)
      sites(fit, frame: frame)
      line("</g>")
      if fitted.isEmpty {
        line("<text x=\"\(Self.n(frame.x + frame.width / 2))\" y=\"\(Self.n(frame.y + frame.height / 2))\" "
          + "text-anchor=\"middle\" font-size=\"16\" fill=\"\(M.muted)\">Nothing to show</text>")
      } else {
        scaleBar(fit, frame: frame)
      }
      legend(x: width - M.margin - M.legendWidth, y: frame.y, height: frame.height)
      line("</svg>")
      return out
    }

    // MARK: Header

    mutating func header() {
      line("<text x=\"\(Self.n(Metrics.margin))\" y=\"42\" font-size=\"24\" font-weight=\"bold\" "
        + "fill=\"\(Metrics.ink)\">\(MapText.xml(map.title))</text>")
      if let subtitle = map.subtitle {
        line("<text x=\"\(Self.n(Metrics.margin))\" y=\"66\" font-size=\"14\" "
          + "fill=\"\(Metrics.muted)\">\(MapText.xml(subtitle))</text>")
      }
    }

    // MARK: Map content

    /// `M x y L x y …` for a polyline on screen, dropping points that land on the previous one at 0.1 px.
    static func pathData(_ points: [Coordinate], _ fit: WebMercatorFit) -> String? {
      var parts: [String] = []
      var last = ""
      for point in points where point.x.isFinite && point.y.isFinite {
        let p = fit.screen(point)
        let text = "\(n(p.x)) \(n(p.y))"
        if text == last { continue }
        parts.append((parts.isEmpty ? "M" : "L") + text)
        last = text
      }
      return parts.count >= 2 ? parts.joined() : nil
    }

    mutating func roads(_ fit: WebMercatorFit) {
      let data = map.roads.compactMap { Self.pathData($0, fit) }
      guard !data.isEmpty else { return }
      line("<path d=\"\(data.joined())\" fill=\"none\" stroke=\"\(Metrics.road)\" "
        + "stroke-width=\"\(Self.n(Metrics.roadWidth))\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>")
    }

    mutating func trips(_ fit: WebMercatorFit) {
      let drawn = map.trips.compactMap { trip in Self.pathData(trip.path, fit).map { (trip, $0) } }
      guard !drawn.isEmpty else { return }
      // White casings first, so crossing routes stay readable.
      line("<g fill=\"none\" stroke=\"#FFFFFF\" stroke-width=\"\(Self.n(Metrics.casingWidth))\" "
        + "stroke-linejoin=\"round\" stroke-linecap=\"round\" stroke-opacity=\"0.9\">")
      for (_, data) in drawn { line("<path d=\"\(data)\"/>") }
      line("</g>")
      line("<g fill=\"none\" stroke-width=\"\(Self.n(Metrics.routeWidth))\" stroke-linejoin=\"round\" "
        + "stroke-linecap=\"round\" stroke-opacity=\"0.9\">")
      for (trip, data) in drawn {
        let style = styles[trip.truck] ?? TruckStyle(index: 0)
        var attributes = "stroke=\"\(style.colour)\""
        if let dashes = style.dashes {
          let array = dashes.map { Self.n($0 * Metrics.routeWidth) }.joined(separator: " ")
          attributes += " stroke-dasharray=\"\(array)\" stroke-linecap=\"butt\""
        }
        line("<path d=\"\(data)\" \(attributes)><title>\(MapText.xml(Self.tripLabel(trip)))</title></path>")
      }
      line("</g>")
      guard writer.showsDirection else { return }
      line("<g stroke=\"#FFFFFF\" stroke-width=\"0.8\" stroke-linejoin=\"round\">")
      for (trip, _) in drawn {
        let colour = (styles[trip.truck] ?? TruckStyle(index: 0)).colour
        for (point, angle) in Self.arrowPlaces(trip.path, fit, spacing: 200) {
          line("<path d=\"M4.5 0L-3.5 -4L-2 0L-3.5 4Z\" fill=\"\(colour)\" "
            + "transform=\"translate(\(Self.n(point.x)) \(Self.n(point.y))) rotate(\(Self.n(angle)))\"/>")
        }
      }
      line("</g>")
    }

    static func tripLabel(_ trip: PlanMap.Trip) -> String {
      var label = "\(trip.truck) trip \(trip.number)"
      if let start = trip.start { label += ", \(MapText.clock(start))" }
      if let end = trip.end { label += (trip.start == nil ? ", until " : "–") + MapText.clock(end) }
      if let distance = trip.distance, distance.isFinite { label += ", \(kilometres(distance))" }
      if let load = trip.load, load.isFinite { label += ", load \(MapText.decimal(load, digits: 1))" }
      return label
    }

    /// Points and angles (degrees, clockwise from east) every `spacing` pixels along a path on screen,
    /// the first half a spacing in; paths shorter than a spacing get one arrow at their middle.
    static func arrowPlaces(
      _ points: [Coordinate], _ fit: WebMercatorFit, spacing: Double
    ) -> [(point: (x: Double, y: Double), angle: Double)] {
      let screen = points.filter { $0.x.isFinite && $0.y.isFinite }.map(fit.screen)
      guard screen.count >= 2 else { return [] }
      var lengths: [Double] = []
      for k in 1..<screen.count {
        lengths.append(hypot(screen[k].x - screen[k - 1].x, screen[k].y - screen[k - 1].y))
      }
      let total = lengths.reduce(0, +)
      guard total > 24 else { return [] }
      var targets: [Double] = []
      if total < spacing {
        targets = [total / 2]
      } else {
        var at = spacing / 2
        while at < total - 12 {
          targets.append(at)
          at += spacing
        }
      }
      var result: [(point: (x: Double, y: Double), angle: Double)] = []
      var walked = 0.0
      var segment = 0
      for target in targets {
        while segment < lengths.count - 1 && walked + lengths[segment] < target {
          walked += lengths[segment]
          segment += 1
        }
        let (a, b) = (screen[segment], screen[segment + 1])
        let t = lengths[segment] > 0 ? min(1, max(0, (target - walked) / lengths[segment])) : 0
        let angle = atan2(b.y - a.y, b.x - a.x) * 180 / .pi
        result.append(((a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)), angle))
      }
      return result
    }

    mutating func stops(_ fit: WebMercatorFit) {
      let placed = map.stops.filter { $0.coordinate.x.isFinite && $0.coordinate.y.isFinite }
      guard !placed.isEmpty else { return }
      line("<g stroke=\"#FFFFFF\" stroke-width=\"1\">")
      for stop in placed {
        let p = fit.screen(stop.coordinate)
        let colour = stop.truck.flatMap { styles[$0]?.colour }
        var label = "\(stop.kind.rawValue) \(stop.id)"
        if let truck = stop.truck { label += ", \(truck)" + (stop.trip.map { " trip \($0)" } ?? "") }
        if let arrival = stop.arrival { label += ", \(MapText.clock(arrival))" }
        let title = "<title>\(MapText.xml(label))</title>"
        let centre = "cx=\"\(Self.n(p.x))\" cy=\"\(Self.n(p.y))\""
        switch (stop.kind, colour) {
        case (.bin, let colour?), (.disposal, let colour?), (.depot, let colour?):
          line("<circle \(centre) r=\"\(Self.n(Metrics.stopRadius))\" fill=\"\(colour)\">\(title)</circle>")
        case (.break, let colour?):
          line("<circle \(centre) r=\"4.5\" fill=\"#FFFFFF\" stroke=\"\(colour)\" stroke-width=\"2\">\(title)</circle>")
        case (_, nil):
          line("<circle \(centre) r=\"\(Self.n(Metrics.stopRadius))\" fill=\"#FFFFFF\" stroke=\"#777777\" "
            + "stroke-width=\"1.4\">\(title)</circle>")
        }
      }
      line("</g>")
    }

    static func depotSymbol(x: Double, y: Double) -> String {
      "<rect x=\"\(n(x - 6.5))\" y=\"\(n(y - 6.5))\" width=\"13\" height=\"13\" fill=\"\(Metrics.ink)\" "
        + "stroke=\"#FFFFFF\" stroke-width=\"1.5\""
    }

    static func disposalSymbol(x: Double, y: Double) -> String {
      "<path d=\"M\(n(x)) \(n(y - 8.5))L\(n(x + 8)) \(n(y + 5.5))L\(n(x - 8)) \(n(y + 5.5))Z\" "
        + "fill=\"#FFFFFF\" stroke=\"\(Metrics.ink)\" stroke-width=\"2.2\" stroke-linejoin=\"round\""
    }

    mutating func sites(_ fit: WebMercatorFit, frame: WebMercatorFit.Frame) {
      let groups: [(sites: [PlanMap.Site], kind: String, symbol: (Double, Double) -> String)] = [
        (map.disposalSites, "Disposal site", Self.disposalSymbol), (map.depots, "Depot", Self.depotSymbol),
      ]
      for (sites, kind, symbol) in groups {
        for site in sites where site.coordinate.x.isFinite && site.coordinate.y.isFinite {
          let p = fit.screen(site.coordinate)
          line(symbol(p.x, p.y) + "><title>\(MapText.xml("\(kind): \(site.name)"))</title>"
            + (kind == "Depot" ? "</rect>" : "</path>"))
          if writer.showsSiteNames && !site.name.isEmpty {
            // Right of the symbol, or left of it when the name would run past the frame.
            let fitsRight = p.x + 11 + 7.2 * Double(site.name.count) <= frame.x + frame.width - 4
            let anchor = fitsRight ? "" : " text-anchor=\"end\""
            line("<text x=\"\(Self.n(fitsRight ? p.x + 11 : p.x - 11))\" y=\"\(Self.n(p.y + 4))\"\(anchor) "
              + "font-size=\"12\" font-weight=\"bold\" "
              + "fill=\"\(Metrics.ink)\" stroke=\"#FFFFFF\" stroke-width=\"3\" stroke-linejoin=\"round\" "
              + "paint-order=\"stroke\">\(MapText.xml(site.name))</text>")
          }
        }
      }
    }

    // MARK: Scale bar

    /// The longest of 1, 2, 5 × 10ⁿ metres that fits in `pixels` at `pixelsPerMetre`.
    static func scaleBarMetres(maximumPixels pixels: Double, pixelsPerMetre: Double) -> Double {
      let limit = pixels / pixelsPerMetre
      var best = 1.0
      var power = 1.0
      while power <= limit {
        for step in [1.0, 2.0, 5.0] where step * power <= limit { best = step * power }
        power *= 10
      }
      return best
    }

    static func kilometres(_ metres: Double) -> String {
      let km = metres / 1000
      return MapText.decimal(km, digits: km < 0.1 ? 3 : km < 10 ? 1 : 0) + " km"
    }

    mutating func scaleBar(_ fit: WebMercatorFit, frame: WebMercatorFit.Frame) {
      let metres = Self.scaleBarMetres(maximumPixels: frame.width / 5, pixelsPerMetre: fit.pixelsPerMetre)
      let pixels = metres * fit.pixelsPerMetre
      let x = frame.x + 14
      let y = frame.y + frame.height - 16
      line("<g font-size=\"12\" fill=\"\(Metrics.ink)\">")
      line("<rect x=\"\(Self.n(x - 8))\" y=\"\(Self.n(y - 26))\" width=\"\(Self.n(pixels + 40))\" height=\"36\" "
        + "rx=\"3\" fill=\"#FFFFFF\" fill-opacity=\"0.85\"/>")
      line("<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y - 4))\" width=\"\(Self.n(pixels / 2))\" height=\"5\" "
        + "fill=\"\(Metrics.ink)\"/>")
      line("<rect x=\"\(Self.n(x + pixels / 2))\" y=\"\(Self.n(y - 4))\" width=\"\(Self.n(pixels / 2))\" "
        + "height=\"5\" fill=\"#FFFFFF\" stroke=\"\(Metrics.ink)\" stroke-width=\"1\"/>")
      line("<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y - 4))\" width=\"\(Self.n(pixels))\" height=\"5\" "
        + "fill=\"none\" stroke=\"\(Metrics.ink)\" stroke-width=\"1\"/>")
      line("<text x=\"\(Self.n(x))\" y=\"\(Self.n(y - 10))\">0</text>")
      line("<text x=\"\(Self.n(x + pixels))\" y=\"\(Self.n(y - 10))\" text-anchor=\"middle\">"
        + "\(Self.kilometres(metres))</text>")
      line("</g>")
    }

    // MARK: Legend

    mutating func legend(x: Double, y: Double, height: Double) {
      typealias M = Metrics
      let symbols = legendSymbols()
      let symbolsHeight = 34 + Double(symbols.count) * M.legendRow
      let available = height - symbolsHeight - 40
      // Each truck's row: name and details on one line, or details on a second line when too wide.
      let entries = trucks.map { truck -> (truck: String, name: String, details: String, height: Double) in
        var details: [String] = []
        let summary = map.summary(ofTruck: truck)
        if let distance = summary.distance { details.append(Self.kilometres(distance)) }
        if let bins = summary.bins { details.append(bins == 1 ? "1 bin" : "\(bins) bins") }
        let trips = map.trips.count { $0.truck == truck }
        if trips > 1 { details.append("\(trips) trips") }
        let name = Self.clipped(truck, to: 24)
        let text = details.joined(separator: " · ")
        let estimated = 7.8 * Double(name.count) + 6.6 * Double(text.count + 3)
        return (truck, name, text, text.isEmpty || 40 + estimated <= M.legendWidth ? M.legendRow : M.legendRow + 15)
      }
      var shown = entries
      if entries.map(\.height).reduce(0, +) > available {
        shown = []
        var used = M.legendRow  // the "and N more" line
        for entry in entries where used + entry.height <= available {
          shown.append(entry)
          used += entry.height
        }
      }
      let overflow = shown.count < entries.count

      line("<g font-size=\"13\" fill=\"\(M.ink)\">")
      var top = y + 14
      if !trucks.isEmpty {
        line("<text x=\"\(Self.n(x))\" y=\"\(Self.n(top + 4))\" font-size=\"14\" font-weight=\"bold\">Trucks</text>")
        top += 14
        for entry in shown {
          let style = styles[entry.truck] ?? TruckStyle(index: 0)
          let mid = top + M.legendRow / 2
          line("<path d=\"M\(Self.n(x)) \(Self.n(mid))H\(Self.n(x + 30))\" stroke=\"#FFFFFF\" "
            + "stroke-width=\"\(Self.n(M.casingWidth))\"/>")
          var dash = ""
          if let dashes = style.dashes {
            dash = " stroke-dasharray=\"\(dashes.map { Self.n($0 * M.routeWidth) }.joined(separator: " "))\""
          }
          line("<path d=\"M\(Self.n(x)) \(Self.n(mid))H\(Self.n(x + 30))\" stroke=\"\(style.colour)\" "
            + "stroke-width=\"\(Self.n(M.routeWidth))\"\(dash)/>")
          let name = "<tspan font-weight=\"bold\">\(MapText.xml(entry.name))</tspan>"
          if entry.details.isEmpty {
            line("<text x=\"\(Self.n(x + 40))\" y=\"\(Self.n(mid + 4.5))\">\(name)</text>")
          } else if entry.height == M.legendRow {
            line("<text x=\"\(Self.n(x + 40))\" y=\"\(Self.n(mid + 4.5))\">\(name)<tspan fill=\"\(M.muted)\"> · "
              + "\(MapText.xml(entry.details))</tspan></text>")
          } else {
            line("<text x=\"\(Self.n(x + 40))\" y=\"\(Self.n(mid + 4.5))\">\(name)</text>")
            line("<text x=\"\(Self.n(x + 40))\" y=\"\(Self.n(mid + 19.5))\" font-size=\"12\" fill=\"\(M.muted)\">"
              + "\(MapText.xml(entry.details))</text>")
          }
          top += entry.height
        }
        if overflow {
          let more = trucks.count - shown.count
          line("<text x=\"\(Self.n(x + 40))\" y=\"\(Self.n(top + M.legendRow / 2 + 4.5))\" fill=\"\(M.muted)\">"
            + "and \(more) more truck\(more == 1 ? "" : "s")</text>")
          top += M.legendRow
        }
        top += 16
      }
      if !symbols.isEmpty {
        line("<text x=\"\(Self.n(x))\" y=\"\(Self.n(top + 4))\" font-size=\"14\" font-weight=\"bold\">Symbols</text>")
        top += 14
      }
      for (name, draw) in symbols {
        let mid = top + M.legendRow / 2
        line(draw(x + 15, mid))
        line("<text x=\"\(Self.n(x + 40))\" y=\"\(Self.n(mid + 4.5))\">\(MapText.xml(name))</text>")
        top += M.legendRow
      }
      line("</g>")
    }

    /// The symbols the map uses, each with a function drawing it centred at a point.
    func legendSymbols() -> [(String, (Double, Double) -> String)] {
      var symbols: [(String, (Double, Double) -> String)] = []
      let colour = trucks.first.flatMap { styles[$0]?.colour } ?? Metrics.muted
      if !map.depots.isEmpty { symbols.append(("Depot", { Self.depotSymbol(x: $0, y: $1) + "/>" })) }
      if !map.disposalSites.isEmpty {
        symbols.append(("Disposal site", { Self.disposalSymbol(x: $0, y: $1) + "/>" }))
      }
      if map.stops.contains(where: { $0.kind == .bin && $0.truck != nil }) {
        symbols.append(
          ("Bin (truck colour)", {
            "<circle cx=\"\(Self.n($0))\" cy=\"\(Self.n($1))\" r=\"\(Self.n(Metrics.stopRadius + 0.6))\" "
              + "fill=\"\(colour)\" stroke=\"#FFFFFF\"/>"
          }))
      }
      if map.stops.contains(where: { $0.kind == .break && $0.truck != nil }) {
        symbols.append(
          ("Break", {
            "<circle cx=\"\(Self.n($0))\" cy=\"\(Self.n($1))\" r=\"4.5\" fill=\"#FFFFFF\" stroke=\"\(colour)\" "
              + "stroke-width=\"2\"/>"
          }))
      }
      if map.stops.contains(where: { $0.truck == nil }) {
        symbols.append(
          ("Unassigned stop", {
            "<circle cx=\"\(Self.n($0))\" cy=\"\(Self.n($1))\" r=\"\(Self.n(Metrics.stopRadius))\" fill=\"#FFFFFF\" "
              + "stroke=\"#777777\" stroke-width=\"1.4\"/>"
          }))
      }
      if writer.showsDirection && !map.trips.isEmpty {
        symbols.append(
          ("Driving direction", {
            "<path d=\"M4.5 0L-3.5 -4L-2 0L-3.5 4Z\" fill=\"\(colour)\" stroke=\"#FFFFFF\" stroke-width=\"0.8\" "
              + "transform=\"translate(\(Self.n($0)) \(Self.n($1))) scale(1.3)\"/>"
          }))
      }
      if !map.roads.isEmpty {
        symbols.append(
          ("Road", {
            "<path d=\"M\(Self.n($0 - 15)) \(Self.n($1))H\(Self.n($0 + 15))\" stroke=\"\(Metrics.road)\" "
              + "stroke-width=\"1.5\"/>"
          }))
      }
      return symbols
    }

    /// `text` cut to `count` characters with an ellipsis, so long truck names keep the legend narrow.
    static func clipped(_ text: String, to count: Int) -> String {
      text.count <= count ? text : String(text.prefix(count - 1)) + "…"
    }
  }
}
