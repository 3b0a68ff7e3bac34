// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "waste-routing",
  products: [
    .library(name: "WasteRouting", targets: ["WasteRouting"]),
    // Random rich problems and the solver-evaluator check, for tests, the benchmark and Benchmarks/fuzz.
    .library(name: "WasteRoutingTestSupport", targets: ["WasteRoutingTestSupport"]),
    .executable(name: "waste-route", targets: ["waste-route"]),
    .executable(name: "waste-route-bench", targets: ["waste-route-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
    // Only for `swift package generate-documentation`; no target depends on it.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // MARK: - Public API
    .target(
      name: "WasteRouting",
      dependencies: [
        "IntegerProgramming",
        "CZlib",
        .product(name: "HeapModule", package: "swift-collections"),
        .product(name: "Atomics", package: "swift-atomics"),
      ]
    ),
    .executableTarget(
      name: "waste-route",
      dependencies: [
        "WasteRouting",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .target(name: "WasteRoutingTestSupport", dependencies: ["WasteRouting"]),
    .executableTarget(
      name: "waste-route-bench",
      dependencies: [
        "WasteRouting",
        "WasteRoutingTestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Benchmarks/waste-route-bench"
    ),

    // MARK: - Implementation details
    // GLPK ships no pkg-config file; the module map links `glpk` directly.
    .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"]), .brew(["glpk"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
    .target(name: "IntegerProgramming", dependencies: ["CGLPK"]),

    // MARK: - Unit test bundles
    .testTarget(
      name: "WasteRoutingTests",
      dependencies: ["WasteRouting", "WasteRoutingTestSupport", "waste-route"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "IntegerProgrammingTests", dependencies: ["IntegerProgramming"]),
    .testTarget(name: "WasteRouteBenchTests", dependencies: ["waste-route-bench"]),
  ]
)
