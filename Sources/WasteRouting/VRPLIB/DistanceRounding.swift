/// How Euclidean distances of a VRPLIB instance become the integers of a ``Problem``.
///
/// Pass `nil` instead of a value to let the reader pick the convention of the benchmark set:
///
/// - `nearest` for `EUC_2D` files (the X, A, B and P sets);
/// - `exact` for instances whose `NAME` starts with `CMT` or `Golden` (case-insensitive): their files
///   say `EUC_2D`, but the literature and CVRPLIB report unrounded distances for them;
/// - TSPLIB `ceil` for `CEIL_2D` files;
/// - the weights as given for `EXPLICIT` files (that is, `exact`).
///
/// These are the defaults of the project's independent checker, `vrplib_check.py`.
public enum DistanceRounding: String, Sendable, CaseIterable {
  /// Each edge is rounded to the nearest integer, halves up (TSPLIB `nint`); ``Problem/costScale`` is 1.
  case nearest
  /// Each edge keeps four decimals: the distance × 10 000, rounded to the nearest integer, with
  /// ``Problem/costScale`` 10 000. `SERVICE_TIME` and `DISTANCE` are scaled the same way. Explicit
  /// weights that are all integers (and integral service times and limits) keep a cost scale of 1.
  case exact
}
