import Kernel

/// How a link between two hosts behaves: the physics of SPEC §4 plus impairments.
///
/// One-way delay of a message of `b` bytes =
/// queueing (waiting for earlier messages in the same direction) + serialization (`b × 8 / rate`)
/// + propagation + `hops × switchingDelay` + jitter. A direction never reorders: a message
/// never arrives before one sent ahead of it on the same direction.
public struct LinkSpec: Equatable, Sendable {
    /// Where the propagation delay comes from.
    public enum Propagation: Equatable, Sendable {
        /// `km` of path at `nanosPerKm`.
        case distance(km: Double)
        /// The distance between the two hosts' sites, as set on the network, at `nanosPerKm`.
        case siteDistance
        /// A measured or contracted one-way delay.
        case explicit(SimDuration)
    }

    /// Light in fibre: 5 µs per km one way (SPEC §4).
    public static let fibreNanosPerKm = 5_000.0
    /// Microwave runs at about the speed of light in air: ~3.34 µs per km.
    public static let microwaveNanosPerKm = 3_336.0

    public var propagation: Propagation
    /// Propagation speed for distance-based delays; fibre by default.
    public var nanosPerKm: Double
    /// Line rate in bits per second; 0 means serialization is ignored.
    public var bandwidthBitsPerSecond: Int64
    /// Per-hop switching delay (a cut-through switch is a few hundred ns).
    public var switchingDelay: SimDuration
    /// Switches crossed end to end.
    public var hops: Int
    /// Extra one-way delay, sampled per message; `nil` for none.
    public var jitter: Distribution?
    /// Probability that a message is lost in transit (0…1).
    public var lossProbability: Double
    /// Probability that a message is delivered twice (0…1).
    public var duplicationProbability: Double
    /// Whether the link starts up.
    public var up: Bool

    public init(
        propagation: Propagation = .siteDistance,
        nanosPerKm: Double = LinkSpec.fibreNanosPerKm,
        bandwidthBitsPerSecond: Int64 = 10_000_000_000,
        switchingDelay: SimDuration = .zero,
        hops: Int = 0,
        jitter: Distribution? = nil,
        lossProbability: Double = 0,
        duplicationProbability: Double = 0,
        up: Bool = true
    ) {
        self.propagation = propagation
        self.nanosPerKm = nanosPerKm
        self.bandwidthBitsPerSecond = bandwidthBitsPerSecond
        self.switchingDelay = switchingDelay
        self.hops = hops
        self.jitter = jitter
        self.lossProbability = lossProbability
        self.duplicationProbability = duplicationProbability
        self.up = up
    }

    /// Serialization time of `bytes` at this link's rate, in picoseconds (exact for whole picoseconds:
    /// 64 B at 10 Gb/s is 51,200 ps).

    public func serializationPicos(bytes: Int) -> Int64 {
        LinkSpec.serializationPicos(bytes: bytes, bitsPerSecond: bandwidthBitsPerSecond)
    }


    static func serializationPicos(bytes: Int, bitsPerSecond: Int64) -> Int64 {
        if bitsPerSecond <= 0 { return 0 }
        // bytes × 8 × 10¹² / rate, in 128-bit arithmetic so that no size overflows.
        let bits = UInt64(bytes) * 8
        let product = bits.multipliedFullWidth(by: 1_000_000_000_000)
        let (quotient, _) = UInt64(bitsPerSecond).dividingFullWidth(product)
        return Int64(quotient)
    }
}
