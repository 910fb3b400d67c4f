@testable import Exchange

/// Nanoseconds since midnight of a clock time.
func at(_ h: Int64, _ m: Int64, _ s: Int64 = 0, nanos: Int64 = 0) -> Int64 {
    TradingSchedule.clock(h, m, s) + nanos
}

/// A small deterministic generator for test inputs (SplitMix64), so the Exchange tests need
/// nothing outside the module under test.
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
}

extension MatchingEngine {
    var trades: [Trade] {
        events.compactMap { if case .trade(let t) = $0 { t } else { nil } }
    }
    var rejections: [Rejection] {
        events.compactMap { if case .rejected(let r) = $0 { r } else { nil } }
    }
}
