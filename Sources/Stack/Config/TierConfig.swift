import Kernel

/// One tier system: where its instances run and how fast each serves an instruction.
///
/// Each instance is an M/G/c queue: `concurrency` instructions in service at once, at most
/// `queueLimit` waiting; an instruction arriving to a full queue is refused with `busy`.
/// Service time = `serviceFixed` + a sample of `servicePerOrder`.
public struct TierConfig: Equatable, Sendable {
    public var kind: TierKind
    /// Instances per site, in the order given; a site absent here has none.
    public var instances: [SiteCount]
    public var serviceFixed: SimDuration
    public var servicePerOrder: Distribution
    public var concurrency: Int
    public var queueLimit: Int
    /// A hot standby beside every instance, or none.
    public var standby: StandbyConfig?
    /// Whether the instructions an instance accepted survive its restart (a database-backed
    /// tier journals them); otherwise a restart loses what was queued or in service.
    public var durableQueue = false

    public init(kind: TierKind, instances: [SiteCount], serviceFixed: SimDuration, servicePerOrder: Distribution,
                concurrency: Int, queueLimit: Int, standby: StandbyConfig? = nil) {
        self.kind = kind; self.instances = instances; self.serviceFixed = serviceFixed
        self.servicePerOrder = servicePerOrder; self.concurrency = concurrency; self.queueLimit = queueLimit
        self.standby = standby
    }

    /// Upper bound on any tier's concurrency or queue, so a typo cannot ask for a billion servers.
    public static let concurrencyMax = 4_096
    public static let queueLimitMax = 10_000_000

    public static let defaultExtreme = TierConfig(
        kind: .extreme, instances: [SiteCount("shenzhen", 1), SiteCount("shanghai", 1)],
        serviceFixed: .microseconds(20), servicePerOrder: .lognormal(median: 40_000, sigma: 0.4),
        concurrency: 8, queueLimit: 10_000)
    public static let defaultFast = TierConfig(
        kind: .fast, instances: [SiteCount("shenzhen", 2), SiteCount("shanghai", 2)],
        serviceFixed: .microseconds(200), servicePerOrder: .lognormal(median: 300_000, sigma: 0.5),
        concurrency: 16, queueLimit: 20_000)
    public static let defaultNormal = TierConfig(
        kind: .normal, instances: [SiteCount("shenzhen", 4)],
        serviceFixed: .milliseconds(2), servicePerOrder: .lognormal(median: 3_000_000, sigma: 0.6),
        concurrency: 32, queueLimit: 50_000)
}

/// A count of something per site.
public struct SiteCount: Equatable, Sendable {
    public var site: String
    public var count: Int
    public init(_ site: String, _ count: Int) { self.site = site; self.count = count }
}
