internal import CGLPK

/// Facts about the GLPK library and its per-thread environment, for tests and diagnostics.
enum GLPKEnvironment {
  /// The GLPK version string (`glp_version`), for example `5.0`.
  static var version: String { String(cString: glp_version()) }

  /// Whether GLPK keeps its environment in thread-local storage (`glp_config("TLS")`), which makes separate
  /// problems on separate threads safe.
  static var isThreadLocal: Bool { glp_config("TLS") != nil }

  /// The memory GLPK has allocated and not yet freed on the current thread (`glp_mem_usage`).
  ///
  /// GLPK's environment, and so its accounting, is per thread: compare readings taken on one thread, with
  /// no suspension point in between.
  static func memoryInUse() -> (blocks: Int, bytes: Int) {
    var count: Int32 = 0
    var peakCount: Int32 = 0
    var total = 0
    var peakTotal = 0
    glp_mem_usage(&count, &peakCount, &total, &peakTotal)
    return (Int(count), total)
  }
}
