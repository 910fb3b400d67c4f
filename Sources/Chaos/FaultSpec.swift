import Kernel

/// One fault of a plan: what, where, when, for how long, and its parameters.
public struct FaultSpec: Equatable, Sendable {
    public var name: String
    public var kind: FaultKind
    /// Host faults: node names.
    public var nodes: [String]
    /// Link faults: the two ends, each a node name or a site name.
    public var between: [String]
    public var start: SimTime
    /// `nil`: until the end of the run.
    public var duration: SimDuration?
    /// `cpu_load`'s service-time multiplier.
    public var factor: Double
    /// `link_latency`'s added delay.
    public var delay: SimDuration
    /// `link_jitter`'s extra delay per message, in nanoseconds.
    public var jitter: Distribution?
    /// `link_loss` and `link_duplication`.
    public var probability: Double

    public init(name: String, kind: FaultKind, nodes: [String] = [], between: [String] = [], start: SimTime,
                duration: SimDuration? = nil, factor: Double = 1, delay: SimDuration = .zero, jitter: Distribution? = nil,
                probability: Double = 0) {
        self.name = name; self.kind = kind; self.nodes = nodes; self.between = between; self.start = start
        self.duration = duration; self.factor = factor; self.delay = delay; self.jitter = jitter; self.probability = probability
    }

    /// When the fault ends, if it does.
    public var end: SimTime? { duration.map { start + $0 } }
}
