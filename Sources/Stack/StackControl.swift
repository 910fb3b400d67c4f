import Kernel
import Net

/// A change to the stack's hosts and nodes, made at once: the effective state the active faults
/// give a host, node or site (`ActiveFaults` derives it; nothing else sets it), or an operator's
/// action. Hosts and nodes are named by their ids in the `Topology`.
public enum StackControl: Equatable, Sendable {
    /// The host fails: messages to it wait in their senders' sessions, the timers of the node it
    /// runs never fire, and the work the node held in memory is gone unless a standby takes over.
    /// Durable state — a tier's asset store — survives.
    case crash(host: HostID)
    /// A host that is down runs again. If it runs its node, the node starts empty-handed.
    case restart(host: HostID)
    /// The host's process hangs: it still accepts messages, which are never answered; what it
    /// held in memory is gone when it runs again.
    case hang(host: HostID)
    /// The host's service times are multiplied by `factor` and `load` of its CPU is burnt.
    case slowdown(host: HostID, factor: Double, load: Double)
    /// The host's exporter reports no metric whose bit (`Metric` order) is set.
    case hideMetrics(host: HostID, mask: UInt8)
    /// Makes `host` run its node (an operator's switch-over, or a DR failover).
    case switchOver(node: StackNodeID, to: HostID)
    /// The host runs this software (a drift, or an operator's repair).
    case install(host: HostID, HostSoftware)
    /// The host's process stops; once it resumes it carries on where it was.
    case pause(host: HostID)
    case resume(host: HostID)
    /// How the node handles instructions now (every active fault's impairment at once).
    case impair(node: StackNodeID, NodeImpairment)
    /// The packet-drop filters in force now.
    case filterPackets([LossFilter])
    /// The host's clock runs `nanos` off true time.
    case skewClock(host: HostID, nanos: Int64)
    /// Whether a site's load balancer checks its gateways.
    case healthChecks(site: Int, enabled: Bool)
}
