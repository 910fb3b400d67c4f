import Kernel

/// Turning real-valued samples into integers without trapping: a scenario may give a heavy-
/// tailed distribution, and one extreme sample must not crash a run or push the clock past
/// the representable range.
enum Bounded {
    /// The longest delay any node takes over one message or service: an hour.
    static let delayNanosMax: Int64 = 3_600_000_000_000

    /// `x` rounded half away from zero and clamped to `range`; NaN gives the lower bound.
    @inline(__always)
    static func int64(_ x: Double, _ range: ClosedRange<Int64>) -> Int64 {
        let r = DeterministicMath.roundedHalfAway(x)
        if !(r > Double(range.lowerBound)) { return range.lowerBound }
        if r >= Double(range.upperBound) { return range.upperBound }
        return Int64(r)
    }

    /// A delay sampled from `d`, in nanoseconds, clamped to `0...delayNanosMax`.
    @inline(__always)
    static func delay(_ d: Distribution, _ random: inout Xoshiro256StarStar) -> Int64 {
        min(d.sampleNanos(using: &random), delayNanosMax)
    }

    /// The next arrival of a Poisson process of `perSecond` after `t`, if it falls before `end`.
    @inline(__always)
    static func poissonArrival(after t: Int64, perSecond: Double, before end: Int64, _ random: inout Xoshiro256StarStar) -> Int64? {
        let gap = -DeterministicMath.log(1 - random.nextDouble()) / perSecond * 1e9
        guard gap < Double(end - t) else { return nil }
        return t + max(1, Int64(DeterministicMath.roundedHalfAway(gap)))
    }
}
