/// Nearest-rank percentiles of a sorted sample.
public enum Percentile {
    /// The smallest value with at least `p`% of the sample at or below it; `sorted` must be ascending and non-empty.
    public static func nearestRank(_ sorted: [Int64], _ p: Double) -> Int64 {
        precondition(!sorted.isEmpty && p > 0 && p <= 100)
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
