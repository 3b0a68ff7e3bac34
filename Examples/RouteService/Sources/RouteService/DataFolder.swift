import Foundation
import WasteRouting

/// The folder submitted scenarios name their road networks in.
///
/// A submitted scenario has no file of its own, so its `roadNetwork.path` cannot be relative to one: the
/// service resolves it against this folder instead. The path must be relative, must stay inside the folder
/// once `..` and symbolic links are resolved, and must name a readable regular file; otherwise the
/// submission is refused with 422 naming `roadNetwork.path`.
public struct DataFolder: Sendable {
  /// The folder, absolute, with symbolic links resolved.
  public let root: String

  /// The folder at `path` (relative paths are taken from the current folder).
  public init(_ path: String) {
    let absolute = path.hasPrefix("/")
      ? path : FileManager.default.currentDirectoryPath + "/" + path
    root = URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// The absolute path of the road network file `relativePath` names, or the error naming
  /// `roadNetwork.path`.
  public func resolve(_ relativePath: String) throws(APIError) -> String {
    func refuse(_ code: String, _ reason: String) -> APIError {
      APIError(
        status: .unprocessableContent, code: code, field: "roadNetwork.path",
        message: "roadNetwork.path: \"\(relativePath)\" \(reason)")
    }
    guard !relativePath.isEmpty else { throw refuse("invalidValue", "is empty") }
    guard !relativePath.hasPrefix("/"), !relativePath.hasPrefix("~") else {
      throw refuse("pathOutsideDataFolder", "must be relative to the service's data folder")
    }
    guard !relativePath.contains("\0") else { throw refuse("invalidValue", "contains a NUL character") }
    let resolved = URL(fileURLWithPath: root + "/" + relativePath).standardizedFileURL
      .resolvingSymlinksInPath().path
    guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
      throw refuse("pathOutsideDataFolder", "leads outside the service's data folder")
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder), !isFolder.boolValue,
      FileManager.default.isReadableFile(atPath: resolved)
    else {
      throw refuse("roadNetworkNotFound", "is not a readable file in the service's data folder")
    }
    guard RoadNetworkFormat(path: resolved) != nil else {
      throw refuse("unsupportedFormat", "is not a road network format the library reads")
    }
    return resolved
  }
}
