internal import CZlib

/// Reads OpenStreetMap PBF files (the format Geofabrik and BBBike publish).
///
/// The file is a sequence of blocks: a 4-byte big-endian length, a `BlobHeader`, then a `Blob` holding a
/// raw or zlib-compressed `HeaderBlock` or `PrimitiveBlock`. Protobuf decoding is done here by hand;
/// zlib is the system library. See https://wiki.openstreetmap.org/wiki/PBF_Format.
struct OSMPBFReader {
  /// The file name used in error messages.
  var fileName: String

  private static let supportedFeatures: Set<String> = [
    "OsmSchema-V0.6", "DenseNodes", "HistoricalInformation",
  ]

  /// Where one block's blob lies in the file.
  private struct BlockLocation: Sendable {
    /// The block number, from 1, for error messages.
    var number: Int
    var isHeader: Bool
    var blob: Range<Int>
  }

  /// Decodes a whole file, block after block.
  func read(_ data: [UInt8]) throws(RoadNetworkError) -> OSMExtract {
    var extract = OSMExtract()
    let result: Result<Void, RoadNetworkError> = data.withUnsafeBufferPointer { buffer in
      Result { () throws(RoadNetworkError) in
        var scratch: [UInt8] = []
        for location in try blockLocations(buffer) {
          try decode(buffer, location, scratch: &scratch, into: &extract)
        }
      }
    }
    try result.get()
    return extract
  }

  /// Decodes a whole file, its blocks in parallel on all cores (each task takes a run of consecutive
  /// blocks), with the same result as ``read(_:)``.
  func readConcurrently(_ data: [UInt8], tasks: Int) async throws(RoadNetworkError) -> OSMExtract {
    let scanned: Result<[BlockLocation], RoadNetworkError> = data.withUnsafeBufferPointer { buffer in
      Result { () throws(RoadNetworkError) in try blockLocations(buffer) }
    }
    let locations = try scanned.get()
    let groupCount = max(1, min(locations.count, tasks * 2))
    let reader = self
    let parts = await withTaskGroup(of: (Int, Result<OSMExtract, RoadNetworkError>).self) { group in
      for part in 0..<groupCount {
        let run = locations[
          (part * locations.count / groupCount)..<((part + 1) * locations.count / groupCount)]
        group.addTask {
          let decoded: Result<OSMExtract, RoadNetworkError> = data.withUnsafeBufferPointer { buffer in
            Result { () throws(RoadNetworkError) in
              var extract = OSMExtract()
              var scratch: [UInt8] = []
              for location in run { try reader.decode(buffer, location, scratch: &scratch, into: &extract) }
              return extract
            }
          }
          return (part, decoded)
        }
      }
      var parts = [Result<OSMExtract, RoadNetworkError>?](repeating: nil, count: groupCount)
      for await (part, result) in group { parts[part] = result }
      return parts
    }
    var extract = OSMExtract()
    for part in parts {
      guard let part else { continue }
      extract.append(try part.get())
    }
    return extract
  }

  /// Finds every block, checking lengths, without decompressing anything.
  private func blockLocations(_ buffer: UnsafeBufferPointer<UInt8>) throws(RoadNetworkError)
    -> [BlockLocation]
  {
    var locations: [BlockLocation] = []
    var offset = 0
    var block = 0
    while offset < buffer.count {
      block += 1
      guard buffer.count - offset >= 4 else { throw .truncated(file: fileName, block: block) }
      let headerLength =
        Int(buffer[offset]) << 24 | Int(buffer[offset + 1]) << 16 | Int(buffer[offset + 2]) << 8
        | Int(buffer[offset + 3])
      offset += 4
      guard headerLength <= 64 * 1024 else {
        throw .corruptBlock(file: fileName, block: block, reason: "blob header of \(headerLength) bytes")
      }
      guard buffer.count - offset >= headerLength else { throw .truncated(file: fileName, block: block) }
      let (type, dataSize) = try blobHeader(buffer, offset..<(offset + headerLength), block: block)
      offset += headerLength
      guard dataSize <= 32 * 1024 * 1024 else {
        throw .corruptBlock(file: fileName, block: block, reason: "blob of \(dataSize) bytes")
      }
      guard buffer.count - offset >= dataSize else { throw .truncated(file: fileName, block: block) }
      if type == "OSMHeader" || type == "OSMData" {
        locations.append(
          BlockLocation(number: block, isHeader: type == "OSMHeader", blob: offset..<(offset + dataSize)))
      }
      offset += dataSize
    }
    return locations
  }

  /// Inflates and decodes one block into `extract`.
  private func decode(
    _ buffer: UnsafeBufferPointer<UInt8>, _ location: BlockLocation, scratch: inout [UInt8],
    into extract: inout OSMExtract
  ) throws(RoadNetworkError) {
    let block = location.number
    try inflateBlob(buffer, location.blob, block: block, into: &scratch)
    let decoded: Result<Void, ProtobufReader.DecodeError> = scratch.withUnsafeBufferPointer { content in
      Result { () throws(ProtobufReader.DecodeError) in
        if location.isHeader {
          if let feature = try unsupportedFeature(in: content) {
            throw ProtobufReader.DecodeError(reason: "unsupported required feature \(feature)")
          }
        } else {
          try primitiveBlock(content, into: &extract)
        }
      }
    }
    if case .failure(let error) = decoded {
      if error.reason.hasPrefix("unsupported required feature ") {
        throw .unsupportedFeature(
          file: fileName, block: block,
          feature: String(error.reason.dropFirst("unsupported required feature ".count)))
      }
      throw .corruptBlock(file: fileName, block: block, reason: error.reason)
    }
  }

  // MARK: - Blobs

  private func blobHeader(
    _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, block: Int
  ) throws(RoadNetworkError) -> (type: String, dataSize: Int) {
    var reader = ProtobufReader(buffer, range: range)
    var type: String?
    var dataSize: Int?
    do throws(ProtobufReader.DecodeError) {
      while !reader.isAtEnd {
        let (field, wireType) = try reader.key()
        switch (field, wireType) {
        case (1, 2): type = reader.string(try reader.lengthDelimited())
        case (3, 0): dataSize = Int(truncatingIfNeeded: try reader.varint())
        default: try reader.skip(wireType: wireType)
        }
      }
    } catch {
      throw .corruptBlock(file: fileName, block: block, reason: "blob header: \(error.reason)")
    }
    guard let type, let dataSize, dataSize >= 0 else {
      throw .corruptBlock(file: fileName, block: block, reason: "blob header lacks type or size")
    }
    return (type, dataSize)
  }

  private func inflateBlob(
    _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, block: Int, into output: inout [UInt8]
  ) throws(RoadNetworkError) {
    var reader = ProtobufReader(buffer, range: range)
    var raw: Range<Int>?
    var compressed: Range<Int>?
    var rawSize: Int?
    do throws(ProtobufReader.DecodeError) {
      while !reader.isAtEnd {
        let (field, wireType) = try reader.key()
        switch (field, wireType) {
        case (1, 2): raw = try reader.lengthDelimited()
        case (2, 0): rawSize = Int(truncatingIfNeeded: try reader.varint())
        case (3, 2): compressed = try reader.lengthDelimited()
        case (4, _): throw ProtobufReader.DecodeError(reason: "LZMA")
        case (6, _): throw ProtobufReader.DecodeError(reason: "LZ4")
        case (7, _): throw ProtobufReader.DecodeError(reason: "ZSTD")
        default: try reader.skip(wireType: wireType)
        }
      }
    } catch {
      if ["LZMA", "LZ4", "ZSTD"].contains(error.reason) {
        throw .unsupportedFeature(file: fileName, block: block, feature: "\(error.reason) compression")
      }
      throw .corruptBlock(file: fileName, block: block, reason: "blob: \(error.reason)")
    }
    if let raw {
      output = Array(reader.slice(raw))
      return
    }
    guard let compressed, let rawSize, rawSize >= 0, rawSize <= 64 * 1024 * 1024 else {
      throw .corruptBlock(file: fileName, block: block, reason: "blob has no data or no raw size")
    }
    let source = reader.slice(compressed)
    output = [UInt8](repeating: 0, count: rawSize)
    var producedSize = uLongf(rawSize)
    let code = output.withUnsafeMutableBufferPointer { target in
      uncompress(target.baseAddress, &producedSize, source.baseAddress, uLong(source.count))
    }
    guard code == Z_OK, producedSize == uLongf(rawSize) else {
      throw .corruptBlock(
        file: fileName, block: block,
        reason: "zlib error \(code) (\(producedSize) of \(rawSize) bytes inflated)")
    }
  }

  // MARK: - Header block

  private func unsupportedFeature(
    in content: UnsafeBufferPointer<UInt8>
  ) throws(ProtobufReader.DecodeError) -> String? {
    var reader = ProtobufReader(content)
    while !reader.isAtEnd {
      let (field, wireType) = try reader.key()
      if field == 4 && wireType == 2 {
        let feature = reader.string(try reader.lengthDelimited())
        if !Self.supportedFeatures.contains(feature) { return feature }
      } else {
        try reader.skip(wireType: wireType)
      }
    }
    return nil
  }

  // MARK: - Primitive block

  /// What a block's string table and coordinate encoding say, shared by its groups.
  private struct BlockContext {
    var strings: [Range<Int>] = []
    var granularity: Int64 = 100
    var latitudeOffset: Int64 = 0
    var longitudeOffset: Int64 = 0
    var highwayKey: UInt32?
    var barrierKey: UInt32?
    var resolved: [String?] = []

    mutating func string(_ index: UInt64, _ reader: ProtobufReader) throws(ProtobufReader.DecodeError)
      -> String
    {
      guard index < UInt64(strings.count) else {
        throw ProtobufReader.DecodeError(reason: "string index \(index) outside the string table")
      }
      let i = Int(index)
      if let cached = resolved[i] { return cached }
      let value = reader.string(strings[i])
      resolved[i] = value
      return value
    }
  }

  private func primitiveBlock(
    _ content: UnsafeBufferPointer<UInt8>, into extract: inout OSMExtract
  ) throws(ProtobufReader.DecodeError) {
    var reader = ProtobufReader(content)
    var context = BlockContext()
    var groups: [Range<Int>] = []
    while !reader.isAtEnd {
      let (field, wireType) = try reader.key()
      switch (field, wireType) {
      case (1, 2):
        var table = ProtobufReader(content, range: try reader.lengthDelimited())
        while !table.isAtEnd {
          let (tableField, tableWire) = try table.key()
          if tableField == 1 && tableWire == 2 {
            context.strings.append(try table.lengthDelimited())
          } else {
            try table.skip(wireType: tableWire)
          }
        }
      case (2, 2): groups.append(try reader.lengthDelimited())
      case (17, 0): context.granularity = Int64(truncatingIfNeeded: try reader.varint())
      case (19, 0): context.latitudeOffset = Int64(bitPattern: try reader.varint())
      case (20, 0): context.longitudeOffset = Int64(bitPattern: try reader.varint())
      default: try reader.skip(wireType: wireType)
      }
    }
    context.resolved = Array(repeating: nil, count: context.strings.count)
    context.highwayKey = context.strings.firstIndex { reader.bytes($0, equal: "highway") }.map(UInt32.init)
    context.barrierKey = context.strings.firstIndex { reader.bytes($0, equal: "barrier") }.map(UInt32.init)
    for group in groups {
      var groupReader = ProtobufReader(content, range: group)
      while !groupReader.isAtEnd {
        let (field, wireType) = try groupReader.key()
        guard wireType == 2 else {
          try groupReader.skip(wireType: wireType)
          continue
        }
        let range = try groupReader.lengthDelimited()
        switch field {
        case 1: try node(ProtobufReader(content, range: range), &context, into: &extract)
        case 2: try denseNodes(ProtobufReader(content, range: range), &context, into: &extract)
        case 3: try way(ProtobufReader(content, range: range), &context, into: &extract)
        case 4: try relation(ProtobufReader(content, range: range), &context, into: &extract)
        default: break
        }
      }
    }
  }

  private func coordinate(_ raw: Int64, offset: Int64, _ context: BlockContext) -> Double {
    Double(offset &+ context.granularity &* raw) / 1e9
  }

  private func node(
    _ message: ProtobufReader, _ context: inout BlockContext, into extract: inout OSMExtract
  ) throws(ProtobufReader.DecodeError) {
    var reader = message
    var id: Int64 = 0
    var latitude: Int64 = 0
    var longitude: Int64 = 0
    var keys: [UInt64] = []
    var values: [UInt64] = []
    while !reader.isAtEnd {
      let (field, wireType) = try reader.key()
      switch (field, wireType) {
      case (1, 0): id = try reader.signedVarint()
      case (2, _): try reader.packedVarints(wireType: wireType) { keys.append($0) }
      case (3, _): try reader.packedVarints(wireType: wireType) { values.append($0) }
      case (8, 0): latitude = try reader.signedVarint()
      case (9, 0): longitude = try reader.signedVarint()
      default: try reader.skip(wireType: wireType)
      }
    }
    if let barrierKey = context.barrierKey, keys.contains(UInt64(barrierKey)) {
      var tags: [String: String] = [:]
      for (key, value) in zip(keys, values) {
        tags[try context.string(key, reader)] = try context.string(value, reader)
      }
      if BarrierRules.blocksTrucks(tags) { extract.blockingBarriers.insert(id) }
    }
    extract.appendNode(
      id: id, longitude: coordinate(longitude, offset: context.longitudeOffset, context),
      latitude: coordinate(latitude, offset: context.latitudeOffset, context))
  }

  private func denseNodes(
    _ message: ProtobufReader, _ context: inout BlockContext, into extract: inout OSMExtract
  ) throws(ProtobufReader.DecodeError) {
    var reader = message
    var ids: [Int64] = []
    var latitudes: [Int64] = []
    var longitudes: [Int64] = []
    var keysAndValues: Range<Int>?
    while !reader.isAtEnd {
      let (field, wireType) = try reader.key()
      switch field {
      case 1: try Self.deltaDecoded(&reader, wireType: wireType, into: &ids)
      case 8: try Self.deltaDecoded(&reader, wireType: wireType, into: &latitudes)
      case 9: try Self.deltaDecoded(&reader, wireType: wireType, into: &longitudes)
      case 10 where wireType == 2: keysAndValues = try reader.lengthDelimited()
      default: try reader.skip(wireType: wireType)
      }
    }
    // Tags: for each node, key and value string indices, then a 0. Only barrier nodes matter here.
    if let keysAndValues, let barrierKey = context.barrierKey {
      var tagReader = reader.subreader(keysAndValues)
      var node = 0
      var tags: [(UInt64, UInt64)] = []
      while !tagReader.isAtEnd {
        let key = try tagReader.varint()
        if key == 0 {
          if tags.contains(where: { $0.0 == UInt64(barrierKey) }), node < ids.count {
            var named: [String: String] = [:]
            for (k, v) in tags { named[try context.string(k, reader)] = try context.string(v, reader) }
            if BarrierRules.blocksTrucks(named) { extract.blockingBarriers.insert(ids[node]) }
          }
          tags.removeAll(keepingCapacity: true)
          node += 1
          continue
        }
        tags.append((key, try tagReader.varint()))
      }
    }
    guard ids.count == latitudes.count && ids.count == longitudes.count else {
      throw ProtobufReader.DecodeError(
        reason:
          "dense nodes with \(ids.count) ids, \(latitudes.count) latitudes, \(longitudes.count) longitudes")
    }
    extract.nodeIDs.append(contentsOf: ids)
    extract.latitudes.reserveCapacity(extract.latitudes.count + ids.count)
    extract.longitudes.reserveCapacity(extract.longitudes.count + ids.count)
    for i in ids.indices {
      extract.latitudes.append(coordinate(latitudes[i], offset: context.latitudeOffset, context))
      extract.longitudes.append(coordinate(longitudes[i], offset: context.longitudeOffset, context))
    }
  }

  private static func deltaDecoded(
    _ reader: inout ProtobufReader, wireType: Int, into values: inout [Int64]
  ) throws(ProtobufReader.DecodeError) {
    var last: Int64 = values.last ?? 0
    try reader.packedVarints(wireType: wireType) { raw in
      last &+= Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
      values.append(last)
    }
  }

  private func tags(
    keys: [UInt64], values: [UInt64], _ context: inout BlockContext, _ reader: ProtobufReader
  ) throws(ProtobufReader.DecodeError) -> [String: String] {
    guard keys.count == values.count else {
      throw ProtobufReader.DecodeError(reason: "\(keys.count) tag keys but \(values.count) values")
    }
    var tags: [String: String] = [:]
    for (key, value) in zip(keys, values) {
      tags[try context.string(key, reader)] = try context.string(value, reader)
    }
    return tags
  }

  private func way(
    _ message: ProtobufReader, _ context: inout BlockContext, into extract: inout OSMExtract
  ) throws(ProtobufReader.DecodeError) {
    var reader = message
    var id: Int64 = 0
    var keys: [UInt64] = []
    var values: [UInt64] = []
    var refs: [Int64] = []
    while !reader.isAtEnd {
      let (field, wireType) = try reader.key()
      switch field {
      case 1 where wireType == 0: id = Int64(bitPattern: try reader.varint())
      case 2: try reader.packedVarints(wireType: wireType) { keys.append($0) }
      case 3: try reader.packedVarints(wireType: wireType) { values.append($0) }
      case 8: try Self.deltaDecoded(&reader, wireType: wireType, into: &refs)
      default: try reader.skip(wireType: wireType)
      }
    }
    guard let highwayKey = context.highwayKey, keys.contains(UInt64(highwayKey)) else { return }
    let tags = try tags(keys: keys, values: values, &context, reader)
    extract.ways.append(OSMWay(id: id, nodeRefs: refs, tags: tags))
  }

  private func relation(
    _ message: ProtobufReader, _ context: inout BlockContext, into extract: inout OSMExtract
  ) throws(ProtobufReader.DecodeError) {
    var reader = message
    var keys: [UInt64] = []
    var values: [UInt64] = []
    var roles: [UInt64] = []
    var memberIDs: [Int64] = []
    var types: [UInt64] = []
    while !reader.isAtEnd {
      let (field, wireType) = try reader.key()
      switch field {
      case 2: try reader.packedVarints(wireType: wireType) { keys.append($0) }
      case 3: try reader.packedVarints(wireType: wireType) { values.append($0) }
      case 8: try reader.packedVarints(wireType: wireType) { roles.append($0) }
      case 9: try Self.deltaDecoded(&reader, wireType: wireType, into: &memberIDs)
      case 10: try reader.packedVarints(wireType: wireType) { types.append($0) }
      default: try reader.skip(wireType: wireType)
      }
    }
    let tags = try tags(keys: keys, values: values, &context, reader)
    guard tags["type"] == "restriction" else { return }
    guard roles.count == memberIDs.count && types.count == memberIDs.count else {
      throw ProtobufReader.DecodeError(reason: "relation members of unequal lengths")
    }
    var members: [(type: UInt8, ref: Int64, role: String)] = []
    for i in memberIDs.indices {
      let type: UInt8 =
        types[i] == 0 ? UInt8(ascii: "n") : types[i] == 1 ? UInt8(ascii: "w") : UInt8(ascii: "r")
      members.append((type, memberIDs[i], try context.string(roles[i], reader)))
    }
    let (restriction, _) = OSMTurnRestriction.make(tags: tags, members: members)
    if let restriction {
      extract.restrictions.append(restriction)
    } else {
      extract.skippedRestrictionCount += 1
    }
  }
}
