/// How one truck's routes are drawn: a colour from a colour-blind-friendly palette and a dash pattern.
///
/// The palette is Okabe and Ito's (2008) set for colour-vision deficiencies, without its yellow, which
/// is hard to see on a light map. With more trucks than colours the colours repeat with a different dash
/// pattern, so truck `k` and truck `k + 7` still look different.
struct TruckStyle: Hashable {
  /// The line and dot colour as `#RRGGBB`.
  let colour: String
  /// An SVG `stroke-dasharray` in units of the line width, or `nil` for a solid line.
  let dashes: [Double]?

  /// Blue, vermillion, bluish green, reddish purple, orange, sky blue, black.
  static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

  /// Dash patterns for the first, second, … pass through the palette.
  static let dashPatterns: [[Double]?] = [nil, [4, 2], [1, 1.6], [5, 1.6, 1, 1.6]]

  /// The style of the truck at position `index` of ``PlanMap/trucks``.
  init(index: Int) {
    colour = Self.palette[index % Self.palette.count]
    dashes = Self.dashPatterns[(index / Self.palette.count) % Self.dashPatterns.count]
  }
}
