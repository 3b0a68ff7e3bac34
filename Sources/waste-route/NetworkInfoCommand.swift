import ArgumentParser
import Foundation
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route network-info FILE`: what a road network file holds once built for a truck.
  struct NetworkInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "network-info",
      abstract: "Build the truck road network from a file and print its size, components and bounding box."
    )

    @Argument(help: "Road network: .osm.pbf, .osm (XML), .geojson, or a CSV links file (…links.csv[.gz]).")
    var file: String

    @OptionGroup var truck: TruckOptions

    @Option(help: "Write the full-resolution arcs (tail,head,length_m,time_s) to this CSV file.")
    var exportArcs: String?

    @Option(help: "Write the full-resolution vertices (vertex,osm_id,lon,lat) to this CSV file.")
    var exportNodes: String?

    func run() async throws {
      let start = Date()
      let network = try await RoadNetwork.load(path: file, profile: truck.profile)
      let seconds = Date().timeIntervalSince(start)
      print(Self.describe(network, file: file, seconds: seconds))
      if exportArcs != nil || exportNodes != nil {
        let graph = network.segmentGraph()
        if let exportArcs {
          var text = "tail,head,length_m,time_s\n"
          for k in graph.tails.indices {
            text += "\(graph.tails[k]),\(graph.heads[k]),\(graph.lengths[k]),\(graph.times[k])\n"
          }
          try text.write(toFile: exportArcs, atomically: true, encoding: .utf8)
        }
        if let exportNodes {
          var text = "vertex,osm_id,lon,lat\n"
          for k in graph.longitudes.indices {
            text += "\(k),\(graph.osmIDs[k]),\(graph.longitudes[k]),\(graph.latitudes[k])\n"
          }
          try text.write(toFile: exportNodes, atomically: true, encoding: .utf8)
        }
      }
    }

    static func describe(_ network: RoadNetwork, file: String, seconds: Double) -> String {
      let box = network.boundingBox
      let summary = network.importSummary
      return """
        file: \(file)
        nodes: \(network.nodeCount) (junctions and road ends; \(summary.roadNodes) OSM nodes on usable roads)
        arcs: \(network.arcCount) (on \(network.edgeCount) road pieces)
        components: \(network.stronglyConnectedComponentCount) strongly connected; \
        largest has \(network.largestComponentNodeCount) nodes
        bounding box: lon \(box.minimum.x) … \(box.maximum.x), lat \(box.minimum.y) … \(box.maximum.y)
        ways: \(summary.usableWays) usable of \(summary.highwayWays) with a highway tag
        turn restrictions: \(summary.appliedRestrictions) applied, \(summary.skippedRestrictions) skipped
        built in: \(String(format: "%.3f", seconds)) s
        """
    }
  }
}

/// Truck options shared by the road network commands.
struct TruckOptions: ParsableArguments {
  @Option(help: "Truck height in metres.") var height: Double = TruckProfile.refuseTruck.height
  @Option(help: "Truck width in metres.") var width: Double = TruckProfile.refuseTruck.width
  @Option(help: "Truck length in metres.") var length: Double = TruckProfile.refuseTruck.length
  @Option(help: "Truck weight in tonnes.") var weight: Double = TruckProfile.refuseTruck.weight
  @Option(help: "Truck top speed in km/h.") var topSpeed: Double = TruckProfile.refuseTruck.topSpeed
  @Flag(help: "Use roads tagged access=private.") var privateRoads = false
  @Flag(help: "Leave out highway=service roads.") var noServiceRoads = false

  var profile: TruckProfile {
    TruckProfile(
      height: height, width: width, length: length, weight: weight, topSpeed: topSpeed,
      usesPrivateRoads: privateRoads, usesServiceRoads: !noServiceRoads)
  }
}
