import Kernel

/// A cumulative distribution over indices `0..<count` with a guide table, so that a draw
/// searches a few entries instead of the whole table.
///
/// `index(of:)` returns exactly what a binary search over the whole table returns: the first
/// index whose cumulative weight exceeds `u`, or the last index when none does. The guide only
/// narrows where the search starts, so the answer, and every run that depends on it, is the same.
struct GuidedCDF {
    /// Non-decreasing cumulative weights, ending at (about) 1.
    let cdf: [Double]
    /// `guide[g]`: the first index whose weight exceeds `g / buckets` (the last index if none).
    private let guide: [Int32]
    private let buckets: Int

    init(_ cdf: [Double]) {
        precondition(!cdf.isEmpty, "a distribution needs at least one index")
        self.cdf = cdf
        buckets = cdf.count
        var guide = [Int32](repeating: 0, count: buckets + 1)
        var i = 0
        for g in 0...buckets {
            let t = Double(g) / Double(buckets)
            while i < cdf.count - 1 && !(cdf[i] > t) { i += 1 }
            guide[g] = Int32(i)
        }
        self.guide = guide
    }

    var count: Int { cdf.count }

    /// The first index whose cumulative weight exceeds `u` (in `0..<1`), or the last index.
    @inline(__always)
    func index(of u: Double) -> Int {
        // `u · buckets` may round across a bucket edge: search from one bucket below to one above.
        let g = min(max(Int(u * Double(buckets)), 0), buckets)
        var lo = Int(guide[max(g - 1, 0)]), hi = Int(guide[min(g + 2, buckets)])
        while lo < hi {
            let mid = (lo + hi) / 2
            if cdf[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// One index drawn from the distribution.
    @inline(__always)
    func draw(_ random: inout Xoshiro256StarStar) -> Int { index(of: random.nextDouble()) }
}
