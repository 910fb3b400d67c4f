import Kernel

/// What an application, request-interception, middleware or database fault does to a node
/// while it lasts (SPEC §5). The node applies it to each client instruction it handles; the
/// default value is a healthy node.
public struct NodeImpairment: Equatable, Sendable {
    /// Extra time spent on each instruction (request latency, I/O load, a slow database or bus).
    public var extraDelay = SimDuration.zero
    /// Share of instructions refused, and with which reason (an exception, a malformed request,
    /// a full disk, a database or bus that is down, a tripped circuit breaker).
    public var refuseProbability = 0.0
    public var refuseReason = OrderReject.unavailable
    /// A tier's queue and servers shrink to these (memory or thread exhaustion); `nil`: as configured.
    public var queueLimit: Int?
    public var concurrency: Int?
    /// Instructions admitted per second (a rate limiter), the excess refused as `busy`.
    public var ratePerSecond: Double?
    /// Share of fill reports a tier applies with a wrong price (data tampering).
    public var tamperProbability = 0.0
    /// Clients cannot resolve the node's name (DNS failure): a gateway gets no new connections.
    public var unresolvable = false

    public init() {}

    public var isHealthy: Bool { self == NodeImpairment() }

    /// What several faults do to one node together: delays add, refusals compound (the reason of
    /// the likeliest), limits take the tightest, tampering the likeliest, DNS fails if any fails.
    static func combining(_ all: [NodeImpairment]) -> NodeImpairment {
        var c = NodeImpairment()
        var pass = 1.0, strongest = 0.0
        for i in all {
            c.extraDelay = c.extraDelay + i.extraDelay
            pass *= 1 - i.refuseProbability
            if i.refuseProbability > strongest { strongest = i.refuseProbability; c.refuseReason = i.refuseReason }
            if let q = i.queueLimit { c.queueLimit = min(c.queueLimit ?? q, q) }
            if let n = i.concurrency { c.concurrency = min(c.concurrency ?? n, n) }
            if let r = i.ratePerSecond { c.ratePerSecond = min(c.ratePerSecond ?? r, r) }
            c.tamperProbability = max(c.tamperProbability, i.tamperProbability)
            c.unresolvable = c.unresolvable || i.unresolvable
        }
        c.refuseProbability = 1 - pass
        return c
    }
}

/// A node's impairment and its rate limiter's state.
struct ImpairmentState {
    var impairment = NodeImpairment()
    var tokens = 0.0
    var refilledAtNanos: Int64 = 0

    /// Whether the node refuses the next instruction, and why: the rate limiter first, then the
    /// fault's refusal share (drawn from `random`).
    mutating func refusal(at now: Int64, _ random: inout Xoshiro256StarStar) -> OrderReject? {
        if let rate = impairment.ratePerSecond {
            tokens = min(max(rate, 1), tokens + Double(now - refilledAtNanos) / 1e9 * rate)
            refilledAtNanos = now
            if tokens < 1 { return .busy }
            tokens -= 1
        }
        if impairment.refuseProbability > 0 && random.chance(impairment.refuseProbability) { return impairment.refuseReason }
        return nil
    }
}
