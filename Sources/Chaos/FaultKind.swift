/// The faults a scenario can inject so far (SPEC §5). Host faults target the broker's own
/// nodes (gateways, tier instances, offer gateways, dispatch centres); link faults target every
/// link between two groups of nodes, named by node or by site.
public enum FaultKind: String, CaseIterable, Sendable {
    /// The host fails; at the end of the fault it restarts with empty queues.
    case hostCrash = "host_crash"
    /// The process hangs: messages are accepted and never answered; at the end it restarts.
    case hostHang = "host_hang"
    /// CPU load: a tier's service times are multiplied by `factor`.
    case cpuLoad = "cpu_load"
    /// `delay` added to every message's one-way delay.
    case linkLatency = "link_latency"
    /// Extra per-message delay drawn from `jitter`.
    case linkJitter = "link_jitter"
    /// Each message lost with `probability`.
    case linkLoss = "link_loss"
    /// Each message delivered twice with `probability`.
    case linkDuplication = "link_duplication"
    /// The links go down; messages in flight are lost.
    case linkCut = "link_cut"

    public var isHostFault: Bool { self == .hostCrash || self == .hostHang || self == .cpuLoad }
}
