import Kernel

/// Latency targets per (client class, latency group), per tier system, and the percentile
/// that must meet them.
///
/// Defaults are SPEC §2.2's Table 2 and §2.3's Table 3. A row (client class, business, tier)
/// meets its SLA when its latency at `percentile` (client send → the acknowledgement back at
/// the client) is at most its target: the class's need for the business's group, relaxed to
/// the tier's own target when the routing table sends it to a slower tier (SPEC routes
/// class-I margin trading to the 10 ms fast tier although class I asks 1 ms of group A).
public struct SLATargets: Equatable, Sendable {
    /// `targets[class.rawValue * 3 + group.rawValue]`.
    public private(set) var targets: [SimDuration]
    /// The percentile judged, e.g. 99 or 99.9.
    public var percentile: Double
    /// Target for a query's merged answer.
    public var query: SimDuration
    /// Each tier system's own latency target, by `TierKind.rawValue`.
    public var tiers: [SimDuration] = [.milliseconds(1), .milliseconds(10), .milliseconds(100)]
    /// What every fault must meet unless it says otherwise: detected within `detection`,
    /// service back within `recovery` (RTO), at most `rpoOrders` acknowledged orders lost (RPO).
    /// `nil`: not judged. "Nothing lost" is the default.
    public var detection: SimDuration?
    public var recovery: SimDuration?
    public var rpoOrders: Int? = 0
    /// The least serious incident grade (a grade of the run's policy) that fails the run: every
    /// incident must be graded below it. `nil`: incidents are graded and reported, not judged.
    public var incidentsBelow: String?
    /// The utilisation ceiling q of a pool (SPEC §9: 80 %), for the node-loss headroom bound.
    public var utilizationCeiling = 0.8

    public static let standard = SLATargets(
        targets: [
            .milliseconds(1), .milliseconds(10), .seconds(1),     // I
            .milliseconds(10), .milliseconds(50), .seconds(1),    // II
            .milliseconds(100), .milliseconds(100), .seconds(1),  // III
        ],
        percentile: 99, query: .seconds(1))

    init(targets: [SimDuration], percentile: Double, query: SimDuration) {
        self.targets = targets; self.percentile = percentile; self.query = query
    }

    /// The target of a row: the class's need, or the tier's target if that is looser.
    public func target(_ clientClass: ClientClass, _ business: Business, on tier: TierKind) -> SimDuration {
        max(self[clientClass, business.group], tiers[tier.rawValue])
    }

    public subscript(clientClass: ClientClass, group: LatencyGroup) -> SimDuration {
        get { targets[clientClass.rawValue * 3 + group.rawValue] }
        set { targets[clientClass.rawValue * 3 + group.rawValue] = newValue }
    }
}
