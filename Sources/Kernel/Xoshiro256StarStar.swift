/// xoshiro256** (Blackman & Vigna): a fast, small-state 64-bit generator with a 2²⁵⁶−1 period.
///
/// Every derived value (`nextDouble`, `next(below:)`, `next(in:)`) is computed by this file's
/// own arithmetic, not by the standard library's `random(in:using:)`, whose algorithm is not
/// promised to stay the same across Swift versions.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Seeds the four state words from SplitMix64 started at `seed`, as the authors recommend.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 } // the all-zero state is the one fixed point
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A double uniformly distributed in `[0, 1)` with 53 random bits.
    @inlinable @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A value uniformly distributed in `0..<bound` (Lemire's multiply-and-reject, unbiased).
    @inlinable
    public mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold {
                m = next().multipliedFullWidth(by: bound)
            }
        }
        return m.high
    }

    /// A value uniformly distributed in `range`.
    @inlinable
    public mutating func next(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        if span == .max { return Int64(bitPattern: next()) }
        return range.lowerBound &+ Int64(bitPattern: next(below: span + 1))
    }

    /// `true` with probability `p` (0 never, 1 always).
    @inlinable
    public mutating func chance(_ p: Double) -> Bool {
        nextDouble() < p
    }
}
