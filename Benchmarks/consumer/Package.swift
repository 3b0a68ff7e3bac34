// swift-tools-version: 6.1
import Foundation
import PackageDescription

// A separate package that uses waste-routing as a service would: through a `path:` dependency on this
// checkout (two folders up), or on another checkout named by WASTE_ROUTING_PATH (to measure an older
// version of the library with the same probe). SwiftPM names a path dependency after its folder.
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let library = ProcessInfo.processInfo.environment["WASTE_ROUTING_PATH"]
  ?? here.appendingPathComponent("../..").standardizedFileURL.path
let identity = URL(fileURLWithPath: library).lastPathComponent.lowercased()

let package = Package(
  name: "waste-routing-consumer",
  dependencies: [
    .package(path: library)
  ],
  targets: [
    .executableTarget(
      name: "service-probe",
      dependencies: [.product(name: "WasteRouting", package: identity)]
    )
  ]
)
