import Kernel
import Net

/// How one kind of connection behaves: a fixed one-way delay (on top of any site-to-site
/// distance), a line rate, jitter, loss and duplication.
public struct LinkProfile: Equatable, Sendable {
    /// One-way delay before distance: the access line, the switches.
    public var baseDelay: SimDuration
    public var bandwidthBitsPerSecond: Int64
    public var jitter: Distribution?
    public var lossProbability: Double
    public var duplicationProbability: Double

    public init(baseDelay: SimDuration, bandwidthBitsPerSecond: Int64 = 10_000_000_000,
                jitter: Distribution? = nil, lossProbability: Double = 0, duplicationProbability: Double = 0) {
        self.baseDelay = baseDelay
        self.bandwidthBitsPerSecond = bandwidthBitsPerSecond
        self.jitter = jitter
        self.lossProbability = lossProbability
        self.duplicationProbability = duplicationProbability
    }

    /// A link spec for this profile over `km` of fibre.
    func spec(km: Double) -> LinkSpec {
        let propagation = baseDelay + SimDuration(nanos: Int64((km * LinkSpec.fibreNanosPerKm).rounded()))
        return LinkSpec(propagation: .explicit(propagation), bandwidthBitsPerSecond: bandwidthBitsPerSecond,
                        jitter: jitter, lossProbability: lossProbability,
                        duplicationProbability: duplicationProbability)
    }

    /// Between machines of one data centre: a few microseconds through two switches.
    public static let dataCentre = LinkProfile(baseDelay: .microseconds(5))
    /// Between sites: fibre at SPEC §4's 5 µs/km plus the carrier's equipment.
    public static let interSite = LinkProfile(baseDelay: .microseconds(200))
    /// Class I: a server in the same colocation hall, tens of metres of fibre.
    public static let colocated = LinkProfile(baseDelay: .microseconds(2), bandwidthBitsPerSecond: 25_000_000_000)
    /// Class II: leased lines from the hosting centre (assumption: 0.5 ms one way). A population
    /// shares one link, so its rate is the lines' aggregate: 10 Gb/s.
    public static let leasedLine = LinkProfile(
        baseDelay: .microseconds(500), bandwidthBitsPerSecond: 10_000_000_000,
        jitter: .lognormal(median: 10_000, sigma: 0.5))
    /// Class III: the internet (assumption: 8 ms one way, lognormal jitter with a 1 ms median).
    /// The population shares one link, so its rate is the broker's internet uplink, 10 Gb/s, not
    /// one client's line: a burst of fills at the opening uncross must not queue behind itself.
    public static let internet = LinkProfile(
        baseDelay: .milliseconds(8), bandwidthBitsPerSecond: 10_000_000_000,
        jitter: .lognormal(median: 1_000_000, sigma: 0.7))
}
