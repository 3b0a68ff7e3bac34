// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets for every reader of waste-routing and for random rich problems, in a package of its
// own so that the main build never sees the fuzzer flags. Build and run with ../fuzz.sh (which passes
// -sanitize=fuzzer,address to every module, the library's included, so that libFuzzer sees its coverage).
// The library is the checkout two folders up, or WASTE_ROUTING_PATH.
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let library = ProcessInfo.processInfo.environment["WASTE_ROUTING_PATH"]
  ?? here.appendingPathComponent("../..").standardizedFileURL.path
let identity = URL(fileURLWithPath: library).lastPathComponent.lowercased()

let package = Package(
  name: "waste-routing-fuzz",
  dependencies: [
    .package(path: library)
  ],
  targets: [
    .executableTarget(
      name: "waste-route-fuzz",
      dependencies: [
        .product(name: "WasteRouting", package: identity),
        .product(name: "WasteRoutingTestSupport", package: identity),
      ],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
  ]
)
