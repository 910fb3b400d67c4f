import Kernel
import Stack

/// One fault of a plan: what, where, when, for how long, and its parameters. Fields a kind
/// does not take keep their defaults; the scenario reader refuses keys a kind does not take.
public struct FaultSpec: Equatable, Sendable {
    /// Which nodes a selector picks: those of a kind (and tier), optionally on one site, the
    /// first `count` of them in node order (all, without a count). Their primaries are hit.
    public struct Selector: Equatable, Sendable {
        public var kind: NodeKind
        public var tier: TierKind?
        public var site: String?
        public var count: Int?
        public init(kind: NodeKind, tier: TierKind? = nil, site: String? = nil, count: Int? = nil) {
            self.kind = kind; self.tier = tier; self.site = site; self.count = count
        }
    }

    /// Which way a link fault acts: both ways, from the first end to the second, or back.
    public enum Direction: String, CaseIterable, Sendable { case both, forward, backward }

    public var name: String
    public var kind: FaultKind
    /// Host faults: host names, and/or a selector.
    public var nodes: [String]
    public var selector: Selector?
    /// Link faults: the two ends, each a host or a site.
    public var between: [String]
    /// Partitions: groups of sites or hosts.
    public var groups: [[String]]
    /// Site faults: the site.
    public var site: String?
    public var start: SimTime
    /// `nil`: until the end of the run (or an operator clears it).
    public var duration: SimDuration?

    public var factor: Double
    public var utilization: Double
    public var delay: SimDuration
    public var jitter: Distribution?
    public var probability: Double
    public var direction: Direction
    /// Message kinds (`StackMessage.kindNames`) a loss filter drops; empty: all.
    public var messages: [String]
    public var queueLimit: Int
    public var concurrency: Int
    public var rate: Double
    public var version: String?
    public var config: String?
    /// Metrics a blind spot hides; empty: all.
    public var metrics: [Metric]
    public var offset: Int64
    /// What this fault must meet, beyond the scenario's defaults (`sla:`).
    public var expect = Expectation()

    /// A fault's own SLAs: detected within, recovered within or by a clock time, RPO at most.
    public struct Expectation: Equatable, Sendable {
        public var detectWithin: SimDuration?
        public var recoverWithin: SimDuration?
        public var recoverBy: SimTime?
        public var rpoMax: Int?
        public init() {}
    }

    public init(name: String, kind: FaultKind, nodes: [String] = [], selector: Selector? = nil, between: [String] = [],
                groups: [[String]] = [], site: String? = nil, start: SimTime, duration: SimDuration? = nil, factor: Double = 2,
                utilization: Double = 1, delay: SimDuration? = nil, jitter: Distribution? = nil, probability: Double? = nil,
                direction: Direction = .both, messages: [String] = [], queueLimit: Int = 0, concurrency: Int = 1, rate: Double = 0,
                version: String? = nil, config: String? = nil, metrics: [Metric] = [], offset: Int64 = 0) {
        self.name = name; self.kind = kind; self.nodes = nodes; self.selector = selector; self.between = between
        self.groups = groups; self.site = site; self.start = start; self.duration = duration; self.factor = factor
        self.utilization = utilization; self.jitter = jitter; self.direction = direction; self.messages = messages
        self.queueLimit = queueLimit; self.concurrency = concurrency; self.rate = rate; self.version = version
        self.config = config; self.metrics = metrics; self.offset = offset
        self.delay = delay ?? FaultSpec.defaultDelay(kind)
        self.probability = probability ?? FaultSpec.defaultProbability(kind)
        if duration == nil { self.duration = FaultSpec.defaultDuration(kind) }
    }

    /// A reboot takes 2 minutes, a supervisor restarts a killed process after 10 seconds; other
    /// faults last to the end of the run unless given a duration.
    public static func defaultDuration(_ kind: FaultKind) -> SimDuration? {
        switch kind {
        case .hostReboot: return .minutes(2)
        case .processKill: return .seconds(10)
        default: return nil
        }
    }

    static func defaultDelay(_ kind: FaultKind) -> SimDuration {
        switch kind {
        case .ioLoad, .linkReorder: return .milliseconds(5)
        case .databaseSlow, .middlewareSlow: return .milliseconds(50)
        default: return .zero
        }
    }

    static func defaultProbability(_ kind: FaultKind) -> Double {
        switch kind {
        case .appException: return 0.1
        case .dataTampering: return 0.01
        case .malformedRequests: return 0.05
        case .connectionPoolFull: return 1
        default: return 0
        }
    }

    /// When the fault ends, if it does.
    public var end: SimTime? { duration.map { start + $0 } }
}
