internal import CZlib
import Foundation

extension RoadNetwork {
  /// Reads a road network file and builds the graph a truck with `profile` may drive.
  ///
  /// The format follows the file name (see ``RoadNetworkFormat``). For CSV, pass the links file; the nodes
  /// file is the same name with `links` replaced by `nodes`.
  ///
  /// - Throws: ``RoadNetworkError`` naming the file and the block, feature or line at fault.
  public static func load(
    path: String, profile: TruckProfile = .refuseTruck
  ) throws(RoadNetworkError) -> RoadNetwork {
    try loadSequentially(path: path, profile: profile)
  }

  private static func loadSequentially(
    path: String, profile: TruckProfile
  ) throws(RoadNetworkError) -> RoadNetwork {
    guard let format = RoadNetworkFormat(path: path) else { throw .unsupportedFormat(file: path) }
    let extract: OSMExtract
    switch format {
    case .osmPBF:
      extract = try OSMPBFReader(fileName: path).read(try readFile(path, gunzip: false))
    case .osmXML:
      extract = try OSMXMLReader(fileName: path).read(try readFile(path, gunzip: true))
    case .geoJSON:
      extract = try GeoJSONRoadReader(fileName: path).read(try readFile(path, gunzip: true))
    case .csv:
      let fileName = (path as NSString).lastPathComponent
      guard fileName.contains("links") else { throw .unsupportedFormat(file: path) }
      let directory = (path as NSString).deletingLastPathComponent
      let nodesName = fileName.replacingOccurrences(of: "links", with: "nodes")
      let nodesPath = directory.isEmpty ? nodesName : directory + "/" + nodesName
      extract = try CSVRoadReader(nodesFileName: nodesPath, linksFileName: path)
        .read(nodes: try readFile(nodesPath, gunzip: true), links: try readFile(path, gunzip: true))
    }
    return try RoadNetworkBuilder(profile: profile, fileName: path).build(extract)
  }

  /// Reads a road network file and builds the graph, decoding PBF blocks in parallel on all cores.
  ///
  /// The result is the same as the synchronous ``load(path:profile:)``.
  ///
  /// - Throws: ``RoadNetworkError`` naming the file and the block, feature or line at fault.
  public static func load(
    path: String, profile: TruckProfile = .refuseTruck
  ) async throws(RoadNetworkError) -> RoadNetwork {
    guard RoadNetworkFormat(path: path) == .osmPBF else {
      return try loadSequentially(path: path, profile: profile)
    }
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let extract = try await OSMPBFReader(fileName: path)
      .readConcurrently(try readFile(path, gunzip: false), tasks: cores)
    return try RoadNetworkBuilder(profile: profile, fileName: path).build(extract)
  }

  /// Builds a network from OSM XML text (for tests and small inline examples).
  public static func fromOSMXML(
    _ text: String, name: String = "inline.osm", profile: TruckProfile = .refuseTruck
  ) throws(RoadNetworkError) -> RoadNetwork {
    let extract = try OSMXMLReader(fileName: name).read(Array(text.utf8))
    return try RoadNetworkBuilder(profile: profile, fileName: name).build(extract)
  }

  /// Reads a whole file, inflating it when it starts with the gzip magic bytes and `gunzip` is set.
  static func readFile(_ path: String, gunzip: Bool) throws(RoadNetworkError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(file: path, reason: "no such file or not readable")
    }
    let bytes = [UInt8](data)
    guard gunzip, bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B else { return bytes }
    return try inflateGzip(bytes, path: path)
  }

  private static func inflateGzip(_ input: [UInt8], path: String) throws(RoadNetworkError) -> [UInt8] {
    var stream = z_stream()
    // 15 window bits + 16: expect a gzip header.
    guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw .unreadable(file: path, reason: "cannot start zlib")
    }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var status = Z_OK
    input.withUnsafeBufferPointer { source in
      stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
      stream.avail_in = uInt(source.count)
      repeat {
        chunk.withUnsafeMutableBufferPointer { target in
          stream.next_out = target.baseAddress
          stream.avail_out = uInt(target.count)
          status = inflate(&stream, Z_NO_FLUSH)
        }
        let produced = chunk.count - Int(stream.avail_out)
        output.append(contentsOf: chunk[0..<produced])
        // A gzip file may hold several members one after another.
        if status == Z_STREAM_END && stream.avail_in > 0 {
          status = inflateReset(&stream)
        }
      } while status == Z_OK
    }
    guard status == Z_STREAM_END else {
      throw .unreadable(file: path, reason: "gzip data corrupt or truncated (zlib status \(status))")
    }
    return output
  }
}
