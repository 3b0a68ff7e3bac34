/// The vehicle a road network is built for: its size, weight, top speed, and which roads it may use.
///
/// Roads whose OSM tags forbid such a vehicle (`access`, `vehicle`, `motor_vehicle`, `hgv`, or a
/// `maxweight`, `maxheight`, `maxwidth`, `maxlength` below the truck's) are left out of the graph.
public struct TruckProfile: Sendable, Hashable, Codable {
  /// Height in metres.
  public var height: Double
  /// Width in metres.
  public var width: Double
  /// Length in metres.
  public var length: Double
  /// Gross weight in tonnes.
  public var weight: Double
  /// The fastest the truck drives, in km/h, whatever the speed limit.
  public var topSpeed: Double
  /// Whether roads tagged `access=private` (or `hgv=private`...) are used.
  public var usesPrivateRoads: Bool
  /// Whether `highway=service` roads (alleys, driveways, parking aisles) are used.
  public var usesServiceRoads: Bool

  /// Creates a profile; the defaults describe a 26 t three-axle rear loader.
  public init(
    height: Double = 3.6,
    width: Double = 2.55,
    length: Double = 10.0,
    weight: Double = 26.0,
    topSpeed: Double = 80.0,
    usesPrivateRoads: Bool = false,
    usesServiceRoads: Bool = true
  ) {
    self.height = height
    self.width = width
    self.length = length
    self.weight = weight
    self.topSpeed = topSpeed
    self.usesPrivateRoads = usesPrivateRoads
    self.usesServiceRoads = usesServiceRoads
  }

  /// A typical municipal refuse truck.
  public static let refuseTruck = TruckProfile()
}
