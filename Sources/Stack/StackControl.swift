import Kernel
import Net

/// A change to the stack's hosts and nodes, scheduled like any event (addressed to
/// `NodeID.world`) so that a fault plan or an operator can drive it. Hosts and nodes are named
/// by their ids in the `Topology`.
public enum StackControl: Equatable, Sendable {
    /// The host fails: messages to it wait in their senders' sessions, the timers of the node it
    /// runs never fire, and the work the node held in memory is gone unless a standby takes over.
    /// Durable state — a tier's asset store — survives.
    case crash(host: HostID)
    /// A crashed or hung host starts again. If it runs its node, the node starts empty-handed.
    case restart(host: HostID)
    /// The host's process hangs: it still accepts messages, which are never answered.
    case hang(host: HostID)
    /// The host's service times are multiplied by `factor` and `load` of its CPU is burnt
    /// (CPU load); 1 and 0 restore it.
    case slowdown(host: HostID, factor: Double, load: Double)
    /// The host's exporter stops reporting the metrics whose bits (`Metric` order) are set.
    case hideMetrics(host: HostID, mask: UInt8)
    /// Makes `host` run its node (an operator's switch-over, or a DR failover).
    case switchOver(node: Int16, to: HostID)
    /// Installs other software on a host (a drift, or an operator's repair).
    case install(host: HostID, HostSoftware)
    /// The host's process stops, and later carries on where it was.
    case pause(host: HostID)
    case resume(host: HostID)
    /// Fault `fault` impairs how a node handles instructions, or (`nil`) no longer does; the
    /// node suffers every active fault's impairment at once.
    case impair(node: Int16, fault: Int, NodeImpairment?)
    /// Fault `fault` drops packets matching a filter, or (`nil`) no longer does.
    case filterPackets(fault: Int, LossFilter?)
    /// The host's clock runs `nanos` off true time (0 corrects it).
    case skewClock(host: HostID, nanos: Int64)
    /// A site's load balancer stops checking its gateways (a health-check blind spot), or resumes.
    case healthChecks(site: Int, enabled: Bool)
}

/// A stack or network change at a virtual time, as a fault plan produces them.
public struct ScheduledChange: Equatable, Sendable {
    public var time: SimTime
    public var change: Change
    /// The fault (its index in the plan) this change starts, if it starts one: a guard that
    /// rolls the plan back cancels the starts still to come.
    public var starts: Int?
    public enum Change: Equatable, Sendable {
        case stack(StackControl)
        case network(NetControl)
    }
    public init(time: SimTime, _ change: Change, starts fault: Int? = nil) { self.time = time; self.change = change; self.starts = fault }
}
