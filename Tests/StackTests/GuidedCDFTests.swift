@testable import Stack
import Kernel
import Testing

@Suite struct GuidedCDFTests {
    @Test("a guided draw finds the index a binary search over the whole table finds")
    func guidedDrawMatchesBinarySearch() {
        var random = Xoshiro256StarStar(seed: 17)
        for round in 0..<300 {
            let n = 1 + Int(random.next(below: round < 100 ? 8 : 3_000))
            // Zipf tables as the stack builds them, and tables with ties and zero weights.
            let cdf: [Double]
            if round % 2 == 0 {
                cdf = ReferenceData.zipfCDF(count: n, exponent: random.nextDouble() * 2)
            } else {
                var running = 0.0
                let weights = (0..<n).map { _ in random.chance(0.3) ? 0 : Double(random.next(below: 5)) }
                var raw = weights.map { running += $0; return running }
                if running == 0 { raw = raw.map { _ in 0 } } else { raw = raw.map { $0 / running } }
                cdf = raw
            }
            let guided = GuidedCDF(cdf)
            var a = Xoshiro256StarStar(seed: UInt64(round)), b = a
            for _ in 0..<2_000 { #expect(guided.draw(&a) == binarySearch(cdf, b.nextDouble())) }
            // Draws on and beside every bucket edge and every weight.
            let edges = (0...n).map { Double($0) / Double(n) } + cdf
            for e in edges {
                for u in [e.nextDown, e, e.nextUp] where u >= 0 && u < 1 {
                    #expect(guided.index(of: u) == binarySearch(cdf, u), "u \(u) over \(n) entries")
                }
            }
        }
    }

    /// The slow obvious reference: a binary search over the whole table, as the draws were made
    /// before the guide table.
    private func binarySearch(_ cdf: [Double], _ u: Double) -> Int {
        var lo = 0, hi = cdf.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cdf[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
