import Foundation

/// Runs the built `waste-route` executable for end-to-end tests.
enum CommandRunner {
  /// What one run printed and returned.
  struct Run {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// The `waste-route` executable next to the test bundle (or in `.build/debug` as a fallback).
  static let executable: URL? = {
    let productsDirectory = Bundle.main.bundleURL
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let candidates = [
      productsDirectory.appendingPathComponent("waste-route"),
      productsDirectory.deletingLastPathComponent().appendingPathComponent("waste-route"),
      packageRoot.appendingPathComponent(".build/debug/waste-route"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  /// Runs `waste-route` with `arguments` and waits for it.
  static func run(_ arguments: [String]) throws -> Run {
    guard let executable else {
      throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "waste-route was not built"])
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }
}
