/// Ascending sorts of 64-bit integers by counting (LSD radix sort on 11-bit digits), for the
/// latency samples a scorecard ranks: millions of values per run, where a comparison sort
/// spends a few percent of the whole run. Only the digits in which the values differ are
/// sorted on (latencies below 2³³ ns need three passes). The result equals `sorted()`; small
/// arrays take the standard library's sort.
public enum IntegerSort {
    /// Below this many values a comparison sort is as fast as the counting passes.
    @usableFromInline static let radixThreshold = 512
    @usableFromInline static let digitBits: UInt64 = 11

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
        let digits = 1 << Int(digitBits)
        let mask = UInt64(digits - 1)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: digits)
        let scratch = UnsafeMutablePointer<Int64>.allocate(capacity: n)
        defer {
            counts.deallocate()
            scratch.deallocate()
        }
        // Flipping the sign bit orders negative values before positive ones as unsigned keys.
        @inline(__always) func key(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) ^ (1 << 63) }
        values.withUnsafeMutableBufferPointer { buffer in
            let original = buffer.baseAddress!
            // The bits in which some two values differ: a digit without any is already in order.
            var all = UInt64.max, any: UInt64 = 0
            for i in 0..<n {
                all &= key(original[i])
                any |= key(original[i])
            }
            let differing = all ^ any
            var from = original
            var to = scratch
            var shift: UInt64 = 0
            while shift < 64 {
                defer { shift += digitBits }
                if (differing >> shift) & mask == 0 { continue }
                counts.update(repeating: 0, count: digits)
                for i in 0..<n { counts[Int(truncatingIfNeeded: (key(from[i]) >> shift) & mask)] += 1 }
                var total = 0
                for d in 0..<digits {
                    let c = counts[d]
                    counts[d] = total
                    total += c
                }
                for i in 0..<n {
                    let v = from[i]
                    let d = Int(truncatingIfNeeded: (key(v) >> shift) & mask)
                    to[counts[d]] = v
                    counts[d] += 1
                }
                swap(&from, &to)
            }
            if from != original { original.update(from: from, count: n) }
        }
    }
}
