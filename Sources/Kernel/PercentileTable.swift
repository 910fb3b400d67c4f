/// An empirical distribution given by measured percentiles, e.g. p0 = 80 µs, p50 = 120 µs,
/// p99 = 900 µs, p100 = 4 ms; values between two percentiles are interpolated linearly.
public struct PercentileTable: Equatable, Sendable {
    /// `(percentile in 0…100, value)`, percentiles strictly increasing from 0 to 100,
    /// values non-decreasing.
    public let points: [(percentile: Double, value: Double)]

    public init(_ points: [(percentile: Double, value: Double)]) throws(DistributionError) {
        guard points.count >= 2 else { throw .invalidTable(reason: "needs at least two points (p0 and p100)") }
        guard points.first!.percentile == 0 else { throw .invalidTable(reason: "must start at percentile 0, not \(points.first!.percentile)") }
        guard points.last!.percentile == 100 else { throw .invalidTable(reason: "must end at percentile 100, not \(points.last!.percentile)") }
        for i in points.indices {
            let p = points[i]
            if !p.value.isFinite { throw .invalidTable(reason: "value at p\(p.percentile) is not finite") }
            if i > 0 {
                let q = points[i - 1]
                if p.percentile <= q.percentile {
                    throw .invalidTable(reason: "percentiles must increase: p\(q.percentile) then p\(p.percentile)")
                }
                if p.value < q.value {
                    throw .invalidTable(reason: "values must not decrease: \(q.value) at p\(q.percentile), then \(p.value) at p\(p.percentile)")
                }
            }
        }
        self.points = points
    }

    public static func == (a: PercentileTable, b: PercentileTable) -> Bool {
        a.points.count == b.points.count
            && zip(a.points, b.points).allSatisfy { $0.percentile == $1.percentile && $0.value == $1.value }
    }

    /// The value at `fraction` (0…1) of the distribution.
    @inlinable
    public func value(atFraction fraction: Double) -> Double {
        let p = fraction * 100
        // Binary search for the segment [lo, lo+1] that holds p.
        var lo = 0
        var hi = points.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if points[mid].percentile <= p { lo = mid } else { hi = mid }
        }
        let a = points[lo], b = points[hi]
        let t = (p - a.percentile) / (b.percentile - a.percentile)
        return a.value + (b.value - a.value) * min(max(t, 0), 1)
    }

    /// The mean of the piecewise-linear distribution.
    public var mean: Double {
        var total = 0.0
        for i in 1..<points.count {
            let a = points[i - 1], b = points[i]
            total += (b.percentile - a.percentile) / 100 * (a.value + b.value) / 2
        }
        return total
    }
}
