/// A bin's fill model parameters: `rise ≈ jump × startsAtReset + rate × weightedDays`.
struct JumpAndRate: Sendable, Hashable {
  /// The extra rise after an emptying, percentage points.
  var jump: Double
  /// The steady rate, percentage points per weighted day.
  var rate: Double
}

/// One interval as a regression sample.
struct RegressionSample: Sendable {
  /// 1 when the interval starts right after an emptying, else 0.
  var startsAtReset: Double
  /// The interval's weekday-weighted length, days.
  var weightedDays: Double
  /// The observed rise, percentage points.
  var rise: Double
}

/// Fits `rise ≈ jump × startsAtReset + rate × weightedDays` by iteratively reweighted least squares with
/// Huber weights (tuning constant 1.345 times the residuals' scaled median absolute deviation), so
/// outlying intervals lose influence; Huber 1964, doi:10.1214/aoms/1177703732.
///
/// With `priorStrength` *k* > 0 the fit is shrunk towards `prior` as if by *k* extra observations of each
/// parameter (a ridge penalty `k (jump − jump₀)² + k d̄² (rate − rate₀)²`, *d̄* the mean interval length),
/// so a bin with one or two intervals gets mostly the prior. Both parameters are kept non-negative.
///
/// - Returns: `nil` when there is nothing to fit (no samples and no prior strength).
/// - Complexity: O(*n* log *n*) per iteration, six iterations.
func fitJumpAndRate(_ samples: [RegressionSample], fitsJump: Bool, prior: JumpAndRate, priorStrength: Double)
  -> JumpAndRate?
{
  guard !samples.isEmpty || priorStrength > 0 else { return nil }
  let meanDays = samples.isEmpty ? 1 : samples.reduce(0.0) { $0 + $1.weightedDays } / Double(samples.count)
  let jumpPenalty = priorStrength
  let ratePenalty = priorStrength * meanDays * meanDays
  var weights = [Double](repeating: 1, count: samples.count)
  var fit = fitsJump ? prior : JumpAndRate(jump: 0, rate: prior.rate)
  for _ in 0..<6 {
    var ss = 0.0, sx = 0.0, xx = 0.0, sy = 0.0, xy = 0.0
    for (sample, weight) in zip(samples, weights) {
      let s = fitsJump ? sample.startsAtReset : 0
      ss += weight * s * s
      sx += weight * s * sample.weightedDays
      xx += weight * sample.weightedDays * sample.weightedDays
      sy += weight * s * sample.rise
      xy += weight * sample.weightedDays * sample.rise
    }
    let priorJump = fitsJump ? prior.jump : 0
    ss += jumpPenalty
    sy += jumpPenalty * priorJump
    xx += ratePenalty
    xy += ratePenalty * prior.rate
    let rateOnly = xx > 0 ? JumpAndRate(jump: 0, rate: max(0, xy / xx)) : nil
    let jumpOnly = ss > 0 ? JumpAndRate(jump: max(0, sy / ss), rate: 0) : nil
    let determinant = ss * xx - sx * sx
    if fitsJump && determinant > 1e-9 * max(ss * xx, 1e-300) {
      let jump = (sy * xx - sx * xy) / determinant
      let rate = (ss * xy - sx * sy) / determinant
      if jump >= 0 && rate >= 0 {
        fit = JumpAndRate(jump: jump, rate: rate)
      } else if rate < 0, let jumpOnly {
        fit = jumpOnly
      } else if let rateOnly {
        fit = rateOnly
      }
    } else if let rateOnly {
      fit = rateOnly
    } else {
      return nil
    }
    let residuals = samples.map {
      $0.rise - fit.jump * (fitsJump ? $0.startsAtReset : 0) - fit.rate * $0.weightedDays
    }
    let absolute = residuals.map(abs)
    guard let mad = weightedQuantile(absolute, weights: weights.map { _ in 1 }, 0.5), mad > 1e-9 else {
      break
    }
    let threshold = 1.345 * 1.4826 * mad
    weights = absolute.map { $0 <= threshold ? 1 : threshold / $0 }
  }
  return fit
}
