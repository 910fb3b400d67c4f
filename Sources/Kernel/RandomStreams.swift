/// Derives independent, named random streams from a run's one root seed.
///
/// A component's stream depends only on `(seed, name)` (and an optional index), through
/// FNV-1a and SplitMix64 — never on how many other components exist or in which order they
/// were created — so adding a component does not shift anyone else's numbers.
public struct RandomStreams: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The stream for the component called `name`, e.g. `"net/link/sh-sz"`.
    public func stream(_ name: String) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: streamSeed(StableHash.fnv1a64(name)))
    }

    /// The stream for member `index` of a family, e.g. `stream("kernel-bench/node", index: 17)`;
    /// equal to hashing the name followed by the index's eight little-endian bytes.
    public func stream(_ name: String, index: UInt64) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: streamSeed(StableHash.fnv1a64(index, seed: StableHash.fnv1a64(name))))
    }

    private func streamSeed(_ nameHash: UInt64) -> UInt64 {
        StableHash.mix64(StableHash.mix64(seed) ^ nameHash)
    }
}
