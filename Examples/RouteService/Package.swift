// swift-tools-version: 6.1
import Foundation
import PackageDescription

// The reference HTTP service: waste-routing inside a Hummingbird 2 server, as its own package that
// depends on the library by `path:` (this checkout, two folders up), as another Swift service would.
// SwiftPM names a path dependency after its folder, which differs between checkouts, so the product's
// package name is computed from it.
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let library = here.appendingPathComponent("../..").standardizedFileURL.path
let identity = URL(fileURLWithPath: library).lastPathComponent.lowercased()

let package = Package(
  name: "route-service",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "route-service", targets: ["route-service"])
  ],
  dependencies: [
    .package(path: library),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    // MARK: - The service: jobs, routes, errors and the OpenAPI document
    .target(
      name: "RouteService",
      dependencies: [
        .product(name: "WasteRouting", package: identity),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
      ],
      resources: [.copy("openapi.json")]
    ),
    .executableTarget(
      name: "route-service",
      dependencies: [
        "RouteService",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Tests
    .testTarget(
      name: "RouteServiceTests",
      dependencies: [
        "RouteService",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]
    ),
  ]
)
