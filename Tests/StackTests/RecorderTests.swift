@testable import Stack
import Kernel
import Scoring
import Testing

@Suite struct RecorderTests {
    /// The bucket of a latency, found by walking every bucket's edges: the slow obvious way.
    func referenceBucket(_ nanos: Int64) -> Int {
        let v = max(nanos, 1)
        for b in 0..<Recorder.latencyBuckets where v < Recorder.bucketUpperNanos(b) { return b }
        return Recorder.latencyBuckets - 1
    }

    @Test func bucketsMatchTheirEdges() {
        var random = Xoshiro256StarStar(seed: 5)
        for _ in 0..<20_000 {
            let v = Int64(random.next(below: 1 << UInt64(random.next(below: 40))))
            #expect(Recorder.bucket(v) == referenceBucket(v), "\(v)")
        }
        for e in 0..<40 { let v = Int64(1) << e; #expect(Recorder.bucket(v) == referenceBucket(v)); #expect(Recorder.bucket(v - 1) == referenceBucket(v - 1)) }
    }

    @Test func nearestRankAgreesWithCounting() {
        var random = Xoshiro256StarStar(seed: 9)
        for _ in 0..<500 {
            let n = 1 + Int(random.next(below: 300))
            let sample = (0..<n).map { _ in Int64(random.next(below: 1_000)) }.sorted()
            for p in [50.0, 90, 99, 99.9, 100] {
                let v = Percentile.nearestRank(sample, p)
                // The smallest value with at least p% of the sample at or below it.
                let atOrBelow = sample.filter { $0 <= v }.count
                #expect(Double(atOrBelow) >= p / 100 * Double(n) - 1e-9)
                if let smaller = sample.last(where: { $0 < v }) {
                    #expect(Double(sample.filter { $0 <= smaller }.count) < p / 100 * Double(n) - 1e-9)
                }
            }
        }
    }
}
