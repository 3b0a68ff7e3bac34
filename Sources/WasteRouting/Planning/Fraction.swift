/// A waste stream collected separately (residual waste, paper, glass, bio-waste...).
///
/// JSON: `{"id": "residual", "density": 0.12}`.
public struct Fraction: Sendable, Hashable, Codable {
  /// The id bins, trucks and disposal sites refer to.
  public var id: String
  /// Kilograms per litre of loose waste as it sits in the bin (for example about 0.1 for residual
  /// household waste, 0.3 for glass); turns predicted litres into kilograms.
  public var density: Double

  /// Creates a fraction.
  public init(id: String, density: Double) {
    self.id = id
    self.density = density
  }
}
