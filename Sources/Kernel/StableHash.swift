/// Hashes that are the same in every process, on every machine, in every Swift version.
///
/// Swift's `Hasher` is seeded per process, so it must never decide anything a run records;
/// these functions are used instead wherever a name or key has to become a number.
public enum StableHash {
    public static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a (64-bit) of the UTF-8 bytes of `text`.
    public static func fnv1a64(_ text: String, seed: UInt64 = fnvOffset) -> UInt64 {
        var h = seed
        for byte in text.utf8 {
            h = (h ^ UInt64(byte)) &* fnvPrime
        }
        return h
    }

    /// FNV-1a (64-bit) continued over the eight little-endian bytes of `value`.
    public static func fnv1a64(_ value: UInt64, seed: UInt64) -> UInt64 {
        var h = seed
        var v = value
        for _ in 0..<8 {
            h = (h ^ (v & 0xff)) &* fnvPrime
            v >>= 8
        }
        return h
    }

    /// The SplitMix64 finaliser: a bijective mix that spreads every input bit over the output.
    @inlinable
    public static func mix64(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// SplitMix64: a tiny generator used only to expand one 64-bit seed into generator state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    @inlinable public init(state: UInt64) { self.state = state }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return StableHash.mix64(state)
    }
}
