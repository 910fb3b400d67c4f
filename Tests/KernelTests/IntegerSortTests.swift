import Testing
@testable import Kernel

/// The counting sort against the standard library's comparison sort, on random samples.
@Suite struct IntegerSortTests {
    @Test("equals sorted() on random samples of every size and spread")
    func equalsComparisonSort() {
        var g = Xoshiro256StarStar(seed: 11)
        let sizes = [0, 1, 2, 100, IntegerSort.radixThreshold - 1, IntegerSort.radixThreshold, 5_000, 70_000]
        for n in sizes {
            for spread in 0..<6 {
                let values: [Int64] = (0..<n).map { _ in
                    switch spread {
                    case 0: return 42                                                     // all equal: every pass skipped
                    case 1: return Int64(g.next(below: 1_000))                            // many ties, one digit moves
                    case 2: return Int64(g.next(below: 10_000_000_000))                   // latencies up to 10 s in ns
                    case 3: return Int64(bitPattern: g.next())                            // the whole range, negatives too
                    case 4: return [Int64.min, -1, 0, 1, Int64.max][Int(g.next(below: 5))] // the extremes
                    default: return Int64(g.next(below: 2_000_000)) - 1_000_000            // around zero
                    }
                }
                #expect(IntegerSort.sorted(values) == values.sorted(), "n \(n) spread \(spread)")
                var inPlace = values
                IntegerSort.sort(&inPlace)
                #expect(inPlace == values.sorted(), "n \(n) spread \(spread)")
            }
        }
    }

    @Test func sortedAndReversedInputs() {
        let up = (0..<50_000).map { Int64($0) * 977 - 20_000_000 }
        #expect(IntegerSort.sorted(up) == up)
        #expect(IntegerSort.sorted(up.reversed()) == up)
    }
}
