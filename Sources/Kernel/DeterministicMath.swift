/// `log` and `exp` computed with IEEE-754 `+ − × ÷` only, in a fixed order.
///
/// The platform's libm may pick a different code path per CPU (FMA or not) and differ in the
/// last bit between versions; a sample that feeds a scheduled time must be the same on every
/// machine, so distributions use these instead. Accuracy is within a few ulps, which is far
/// below the nanosecond rounding every sampled duration goes through.
public enum DeterministicMath {
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01 // upper bits of ln 2
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10 // ln 2 − ln2Hi
    @usableFromInline static let sqrtHalf = 0.70710678118654752440

    /// Natural logarithm. `log(0) = −∞`; negative or NaN input gives NaN; `log(∞) = ∞`.
    @inlinable
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return .infinity }
        // x = m · 2^e with m in [√½, √2).
        var e = Double(x.exponent)
        var m = x.significand // [1, 2), exact, also for subnormal input
        if m > 2 * sqrtHalf {
            m = m / 2
            e += 1
        }
        // log(m) = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716; the series converges fast.
        let s = (m - 1) / (m + 1)
        let z = s * s
        var series = 1.0 / 23
        series = series * z + 1.0 / 21
        series = series * z + 1.0 / 19
        series = series * z + 1.0 / 17
        series = series * z + 1.0 / 15
        series = series * z + 1.0 / 13
        series = series * z + 1.0 / 11
        series = series * z + 1.0 / 9
        series = series * z + 1.0 / 7
        series = series * z + 1.0 / 5
        series = series * z + 1.0 / 3
        let logM = 2 * s + 2 * s * z * series
        return e * ln2Hi + (logM + e * ln2Lo)
    }

    /// e raised to `x`. Overflows to ∞ above ~709.78 and underflows to 0 below ~−745.13.
    @inlinable
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        // x = k·ln2 + r, |r| ≤ ln2/2; exp(r) by its Taylor series, then scale by 2^k.
        let k = roundedHalfAway(x / (ln2Hi + ln2Lo))
        let r = (x - k * ln2Hi) - k * ln2Lo
        var p = 1.0 / 6_227_020_800 // 1/13!
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 1.0 / 2
        p = p * r + 1
        p = p * r + 1
        let kInt = Int(k)
        // Scale in two steps so that 2^k never overflows or flushes before the multiply.
        let half = kInt / 2
        return p * Double(sign: .plus, exponent: half, significand: 1) * Double(sign: .plus, exponent: kInt - half, significand: 1)
    }

    /// `x` rounded to the nearest integer, halves away from zero: the same value, bit for bit,
    /// as `x.rounded(.toNearestOrAwayFromZero)` (signed zeros, NaN and infinities included),
    /// without the call into libm that costs more than the arithmetic around it.
    @inlinable @inline(__always)
    public static func roundedHalfAway(_ x: Double) -> Double {
        // From 2^52 up every double is an integer; NaN and ±∞ fail the test and come back as given.
        guard x.magnitude < 4_503_599_627_370_496 else { return x }
        let t = Double(Int64(x)) // toward zero, exact in this range
        let fraction = x - t     // exact: x and t share their integer bits
        if fraction >= 0.5 { return t + 1 }
        if fraction <= -0.5 { return t - 1 }
        return t == 0 ? Double(signOf: x, magnitudeOf: 0) : t
    }

    /// `x` raised to `y` for `x > 0`, as `exp(y · log x)`.
    @inlinable
    public static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return 1 }
        if x == 1 { return 1 }
        return exp(y * log(x))
    }
}
