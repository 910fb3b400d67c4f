import Kernel
import Net

/// The faults acting on the stack now, as contributions in the order they started, and the
/// effective state they give each part of the stack on top of its configured baseline.
///
/// Composition rules (each a pure function of the baseline and the active contributions):
/// - a host is **down** while any down contribution is active; **hung** while a hang is active
///   and nothing holds it down; **paused** while a pause is active and it is neither down nor
///   hung; up otherwise;
/// - **slowdown** factors multiply; burnt CPU **load** adds, up to the whole CPU;
/// - **hidden metrics** are those any blind spot hides;
/// - the **software** version (and, apart, the configuration) is that of the latest-started
///   drift still active that sets it, else the host's own;
/// - **clock skews** add;
/// - a node's **impairments** combine as `NodeImpairment.combining` says: delays add, refusal
///   shares combine as 1 − Π(1 − pᵢ), limits take the tightest;
/// - a site's load balancer checks its gateways unless a health-check blind spot is active;
/// - a link is **down** while it is configured down or any cut is active; **extra delays** add;
///   **loss** and **duplication** shares combine with the link's own as 1 − Π(1 − pᵢ); the
///   **jitter** is the latest-started active jitter fault's distribution, else the link's own;
///   **reordering** shares combine as 1 − Π(1 − pᵢ) and hold packets back the longest delay;
/// - a **partition** holds while its fault is active (each fault declares its own);
/// - **drop filters** act while their faults are active, each on its own.
public struct ActiveFaults: Equatable, Sendable {
    public struct Contribution: Equatable, Sendable {
        public var fault: Int
        public var effect: FaultEffect
    }

    /// Active contributions in the order they started.
    public private(set) var contributions: [Contribution] = []

    public init() {}

    /// Fault `fault` starts contributing `effect`.
    public mutating func start(_ fault: Int, _ effect: FaultEffect) {
        contributions.append(Contribution(fault: fault, effect: effect))
    }

    /// Fault `fault` stops contributing `effect` (the latest such contribution); `false` when it
    /// was not contributing it (it never started, or an operator or a guard withdrew it).
    @discardableResult
    public mutating func end(_ fault: Int, _ effect: FaultEffect) -> Bool {
        guard let k = contributions.lastIndex(where: { $0.fault == fault && $0.effect == effect }) else { return false }
        contributions.remove(at: k)
        return true
    }

    /// Withdraws every active contribution `where` picks (an operator repairing what they did).
    public mutating func withdraw(where picks: (Contribution) -> Bool) {
        contributions.removeAll(where: picks)
    }

    // MARK: Effective state

    /// What a host looks like under the active faults.
    public struct HostCondition: Equatable, Sendable {
        public var state: HostState
        public var slowdown: Double
        public var load: Double
        public var hiddenMetrics: UInt8
        public var software: HostSoftware
        public var clockSkewNanos: Int64
        public init(state: HostState, slowdown: Double, load: Double, hiddenMetrics: UInt8, software: HostSoftware, clockSkewNanos: Int64) {
            self.state = state; self.slowdown = slowdown; self.load = load; self.hiddenMetrics = hiddenMetrics
            self.software = software; self.clockSkewNanos = clockSkewNanos
        }
    }

    public func host(_ h: HostID, software baseline: HostSoftware) -> HostCondition {
        var down = false, hung = false, paused = false
        var c = HostCondition(state: .up, slowdown: 1, load: 0, hiddenMetrics: 0, software: baseline, clockSkewNanos: 0)
        for contribution in contributions {
            switch contribution.effect {
            case .down(h): down = true
            case .hang(h): hung = true
            case .pause(h): paused = true
            case let .slowdown(host, factor, load) where host == h:
                c.slowdown *= factor
                c.load = min(1, c.load + load)
            case let .hideMetrics(host, mask) where host == h: c.hiddenMetrics |= mask
            case let .drift(host, version, config) where host == h:
                if let version { c.software.version = version }
                if let config { c.software.config = config }
            case let .clockSkew(host, nanos) where host == h: c.clockSkewNanos += nanos
            default: break
            }
        }
        c.state = down ? .crashed : hung ? .hung : paused ? .paused : .up
        return c
    }

    /// What the active faults do to a node's handling of instructions.
    public func impairment(ofNode node: StackNodeID) -> NodeImpairment {
        var all: [NodeImpairment] = []
        for contribution in contributions {
            if case let .impair(n, i) = contribution.effect, n == node { all.append(i) }
        }
        return NodeImpairment.combining(all)
    }

    /// Whether a site's load balancer checks its gateways.
    public func healthChecksEnabled(site: Int) -> Bool {
        !contributions.contains { $0.effect == .healthChecksOff(site: site) }
    }

    /// What a link looks like under the active faults, given its configured spec.
    public struct LinkCondition: Equatable, Sendable {
        public var up: Bool
        public var extraDelay: SimDuration
        public var jitter: Distribution?
        public var loss: Double
        public var duplication: Double
        public var reorderProbability: Double
        public var reorderDelay: SimDuration
        public init(up: Bool, extraDelay: SimDuration, jitter: Distribution?, loss: Double, duplication: Double,
                    reorderProbability: Double, reorderDelay: SimDuration) {
            self.up = up; self.extraDelay = extraDelay; self.jitter = jitter; self.loss = loss; self.duplication = duplication
            self.reorderProbability = reorderProbability; self.reorderDelay = reorderDelay
        }
    }

    public func link(_ l: LinkID, baseline: LinkSpec) -> LinkCondition {
        var c = LinkCondition(up: baseline.up, extraDelay: .zero, jitter: baseline.jitter, loss: baseline.lossProbability,
                              duplication: baseline.duplicationProbability, reorderProbability: 0, reorderDelay: .zero)
        for contribution in contributions {
            switch contribution.effect {
            case .linkDown(l): c.up = false
            case let .extraDelay(link, d) where link == l: c.extraDelay = c.extraDelay + d
            case let .jitter(link, j) where link == l: c.jitter = j
            case let .loss(link, p) where link == l: c.loss = ActiveFaults.either(c.loss, p)
            case let .duplication(link, p) where link == l: c.duplication = ActiveFaults.either(c.duplication, p)
            case let .reorder(link, p, d) where link == l:
                c.reorderProbability = ActiveFaults.either(c.reorderProbability, p)
                c.reorderDelay = max(c.reorderDelay, d)
            default: break
            }
        }
        return c
    }

    /// Whether the partition a plan declared as `index` holds.
    public func partitionActive(_ index: Int) -> Bool {
        contributions.contains { $0.effect == .partition(index: index) }
    }

    /// The drop filters in force, in the order their faults started.
    public var packetFilters: [LossFilter] {
        var filters: [LossFilter] = []
        for contribution in contributions {
            if case let .dropPackets(f) = contribution.effect { filters += f }
        }
        return filters
    }

    /// The chance that at least one of two independent events happens: 1 − (1 − a)(1 − b),
    /// exactly `a` or `b` when the other is 0 (so one fault alone on a link with no loss of its
    /// own gives its own share, bit for bit).
    static func either(_ a: Double, _ b: Double) -> Double {
        if a == 0 { return b }
        if b == 0 { return a }
        return 1 - (1 - a) * (1 - b)
    }
}
