import Kernel

/// What a monitor can read off a node when it scrapes it.
public enum Metric: String, CaseIterable, Sendable {
    /// 1 when the node answered the last scrape within the interval, else 0.
    case up
    /// Share of the host's CPU in use: the work in service, or a load put on it (0…1).
    case cpu
    /// Instructions waiting in the node's queue.
    case queueDepth = "queue_depth"
    /// Share of the instructions the node handled since the last scrape that it refused as a
    /// failing system (`busy`, `unavailable`).
    case errorRatio = "error_ratio"
    /// An offer gateway's exchange session: 1 logged on, 0 not.
    case exchangeSession = "exchange_session"
}

/// An alert rule: fire when `metric` of a node stays beyond `threshold` for `holdFor`.
public struct AlertRule: Equatable, Sendable {
    public enum Comparison: String, CaseIterable, Sendable { case above, below }
    public var name: String
    public var metric: Metric
    public var comparison: Comparison
    public var threshold: Double
    public var holdFor: SimDuration

    public init(name: String, metric: Metric, _ comparison: Comparison, _ threshold: Double, for holdFor: SimDuration) {
        self.name = name; self.metric = metric; self.comparison = comparison; self.threshold = threshold; self.holdFor = holdFor
    }

    public func breached(by value: Double) -> Bool { comparison == .above ? value > threshold : value < threshold }

    /// A broker's usual rules: a node down, a saturated CPU, a deep queue, failing requests, a
    /// lost exchange session.
    public static let standard: [AlertRule] = [
        AlertRule(name: "node-down", metric: .up, .below, 1, for: .seconds(30)),
        AlertRule(name: "cpu-saturated", metric: .cpu, .above, 0.9, for: .minutes(2)),
        AlertRule(name: "queue-deep", metric: .queueDepth, .above, 1_000, for: .minutes(1)),
        AlertRule(name: "requests-failing", metric: .errorRatio, .above, 0.1, for: .seconds(30)),
        AlertRule(name: "exchange-session-down", metric: .exchangeSession, .below, 1, for: .seconds(30)),
    ]
}

/// The monitoring system (SPEC §8): a monitor that scrapes every broker node's metrics, checks
/// alert rules and sends alerts to the operators' console over the network (a path a fault can
/// cut), and runs business probes — the pre-market inspection and a probe of every site at a
/// fixed interval — through gateway, tier, offer gateway and exchange.
public struct MonitoringConfig: Equatable, Sendable {
    /// Where the monitor and the console run (`nil`: the primary site; the console: the monitor's).
    public var site: String?
    public var consoleSite: String?
    public var scrapeInterval = SimDuration.seconds(15)
    public var rules = AlertRule.standard
    /// Site probes every `probeInterval` (`nil`: none), and every `preMarketInterval` during the
    /// pre-market inspection window.
    public var probeInterval: SimDuration? = .minutes(20)
    public var preMarketFrom: SimTime? = .clock(8, 30)
    public var preMarketTo = SimTime.clock(9, 15)
    public var preMarketInterval = SimDuration.minutes(5)
    /// A probe not answered within this is a failure.
    public var probeTimeout = SimDuration.seconds(10)

    public init() {}

    public static let rulesMax = 64
}
