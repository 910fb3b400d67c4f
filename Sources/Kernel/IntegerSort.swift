/// Ascending sorts of 64-bit integers by counting (LSD radix sort, four 16-bit digits), for the
/// latency samples a scorecard ranks: millions of values per run, where a comparison sort
/// spends a few percent of the whole run. The result equals `sorted()`; small arrays take
/// the standard library's sort.
public enum IntegerSort {
    /// Below this many values a comparison sort is faster than four counting passes.
    @usableFromInline static let radixThreshold = 2_048

    /// `values` in ascending order.
    public static func sorted(_ values: [Int64]) -> [Int64] {
        var copy = values
        sort(&copy)
        return copy
    }

    /// Sorts `values` ascending in place.
    public static func sort(_ values: inout [Int64]) {
        let n = values.count
        if n < radixThreshold {
            values.sort()
            return
        }
        let digits = 1 << 16
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: digits)
        let scratch = UnsafeMutablePointer<Int64>.allocate(capacity: n)
        defer {
            counts.deallocate()
            scratch.deallocate()
        }
        // Flipping the sign bit orders negative values before positive ones as unsigned keys.
        @inline(__always) func digit(_ v: Int64, _ shift: UInt64) -> Int {
            Int(truncatingIfNeeded: ((UInt64(bitPattern: v) ^ (1 << 63)) >> shift) & 0xFFFF)
        }
        values.withUnsafeMutableBufferPointer { buffer in
            let original = buffer.baseAddress!
            var from = original
            var to = scratch
            for pass in 0..<4 {
                let shift = UInt64(pass * 16)
                counts.update(repeating: 0, count: digits)
                for i in 0..<n { counts[digit(from[i], shift)] += 1 }
                // Every value has the same digit here: this pass would not move anything.
                if counts[digit(from[0], shift)] == n { continue }
                var total = 0
                for d in 0..<digits {
                    let c = counts[d]
                    counts[d] = total
                    total += c
                }
                for i in 0..<n {
                    let v = from[i]
                    let d = digit(v, shift)
                    to[counts[d]] = v
                    counts[d] += 1
                }
                swap(&from, &to)
            }
            if from != original { original.update(from: from, count: n) }
        }
    }
}
