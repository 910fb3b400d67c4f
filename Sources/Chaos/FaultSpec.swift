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

    /// A fault of `kind`; a parameter not given takes the kind's default (`FaultKind.descriptor`),
    /// and a parameter the kind does not take a neutral value it never reads.
    public init(name: String, kind: FaultKind, nodes: [String] = [], selector: Selector? = nil, between: [String] = [],
                groups: [[String]] = [], site: String? = nil, start: SimTime, duration: SimDuration? = nil, factor: Double? = nil,
                utilization: Double? = nil, delay: SimDuration? = nil, jitter: Distribution? = nil, probability: Double? = nil,
                direction: Direction? = nil, messages: [String]? = nil, queueLimit: Int? = nil, concurrency: Int? = nil, rate: Double? = nil,
                version: String? = nil, config: String? = nil, metrics: [Metric]? = nil, offset: Int64? = nil) {
        self.name = name; self.kind = kind; self.nodes = nodes; self.selector = selector; self.between = between
        self.groups = groups; self.site = site; self.start = start
        self.factor = 1; self.utilization = 0; self.delay = .zero; self.jitter = nil; self.probability = 0; self.direction = .both
        self.messages = []; self.queueLimit = 0; self.concurrency = 1; self.rate = 0; self.version = nil; self.config = nil
        self.metrics = []; self.offset = 0
        let descriptor = kind.descriptor
        for p in descriptor.parameters { if let value = p.defaultValue { self[p.key] = value } }
        self.duration = duration ?? descriptor.defaultDuration
        if let factor { self.factor = factor }
        if let utilization { self.utilization = utilization }
        if let delay { self.delay = delay }
        if let jitter { self.jitter = jitter }
        if let probability { self.probability = probability }
        if let direction { self.direction = direction }
        if let messages { self.messages = messages }
        if let queueLimit { self.queueLimit = queueLimit }
        if let concurrency { self.concurrency = concurrency }
        if let rate { self.rate = rate }
        if let version { self.version = version }
        if let config { self.config = config }
        if let metrics { self.metrics = metrics }
        if let offset { self.offset = offset }
    }

    /// When the fault ends, if it does.
    public var end: SimTime? { duration.map { start + $0 } }
}
