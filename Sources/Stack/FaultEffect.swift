import Kernel
import Net

/// What one fault does to one part of the stack while it is active: its *contribution*. A fault
/// plan compiles each fault into contributions, one per target, that start when the fault starts
/// and end when it ends (or an operator or a guard clears it). The stack never takes a
/// contribution as absolute state: the effective state of a host, node, link, site or partition
/// is derived from the configured baseline and every contribution active on it
/// (`ActiveFaults`), so the end of one fault removes only its own part.
public enum FaultEffect: Equatable, Sendable {
    // Hosts
    /// The host is down (a crash, reboot, killed process, lost site).
    case down(HostID)
    /// The host's process hangs: it accepts messages and never answers.
    case hang(HostID)
    /// The host's process is stopped and later carries on with what it held.
    case pause(HostID)
    /// Service times on the host are multiplied by `factor`; `load` of its CPU is burnt.
    case slowdown(HostID, factor: Double, load: Double)
    /// The host's exporter hides the metrics whose bits (`Metric` order) are set.
    case hideMetrics(HostID, mask: UInt8)
    /// The host runs another version or configuration (`nil`: that part as configured).
    case drift(HostID, version: String?, config: String?)
    /// The host's clock runs `nanos` off true time.
    case clockSkew(HostID, nanos: Int64)
    // Nodes
    /// How the node handles instructions (application, interception, middleware faults).
    case impair(node: StackNodeID, NodeImpairment)
    // Sites
    /// The site's load balancer stops checking its gateways.
    case healthChecksOff(site: Int)
    // Links
    /// The link is cut: what is on it and what is sent meanwhile is lost.
    case linkDown(LinkID)
    /// A constant one-way delay on top of the link's physics.
    case extraDelay(LinkID, SimDuration)
    /// Extra delay per message drawn from a distribution, instead of the link's own jitter.
    case jitter(LinkID, Distribution)
    /// A share of the link's packets is lost, or delivered twice.
    case loss(LinkID, Double)
    case duplication(LinkID, Double)
    /// A share of the link's packets is held back by `delay`, so later ones overtake them.
    case reorder(LinkID, probability: Double, delay: SimDuration)
    /// The partition the plan declared as `index` (`FaultSchedule.partitions`) is in force.
    case partition(index: Int)
    /// The stack's sessions drop packets matching these filters.
    case dropPackets([LossFilter])

    /// The one thing an effect acts on, whose effective state must be derived again when one of
    /// its contributions starts or ends.
    public enum Target: Equatable, Sendable {
        case host(HostID)
        case node(StackNodeID)
        case site(Int)
        case link(LinkID)
        case partition(Int)
        /// The stack's set of drop filters, taken as a whole.
        case packetFilters
    }

    public var target: Target {
        switch self {
        case let .down(h), let .hang(h), let .pause(h), let .slowdown(h, _, _), let .hideMetrics(h, _), let .drift(h, _, _),
             let .clockSkew(h, _):
            return .host(h)
        case let .impair(node, _): return .node(node)
        case let .healthChecksOff(site): return .site(site)
        case let .linkDown(l), let .extraDelay(l, _), let .jitter(l, _), let .loss(l, _), let .duplication(l, _), let .reorder(l, _, _):
            return .link(l)
        case let .partition(index): return .partition(index)
        case .dropPackets: return .packetFilters
        }
    }

    /// Whether the effect changes the network (links and partitions) rather than the stack's hosts
    /// and nodes; the run's digest tells the two apart.
    public var isNetwork: Bool {
        switch target {
        case .link, .partition: return true
        case .host, .node, .site, .packetFilters: return false
        }
    }

    /// Whether the effect decides if the host runs (down, hung, paused), as opposed to how well.
    public var holdsHostState: Bool {
        switch self {
        case .down, .hang, .pause: return true
        default: return false
        }
    }
}

/// One contribution starting or ending at a virtual time, as a fault plan schedules them.
public struct ScheduledChange: Equatable, Sendable {
    public var time: SimTime
    /// The fault (its index in the plan) the contribution belongs to.
    public var fault: Int
    public var effect: FaultEffect
    /// `true`: the fault starts acting on the effect's target; `false`: it stops. A guard that
    /// rolls the plan back cancels the starts still to come.
    public var starts: Bool
    public init(time: SimTime, fault: Int, _ effect: FaultEffect, starts: Bool) {
        self.time = time; self.fault = fault; self.effect = effect; self.starts = starts
    }
}

/// A partition a plan needs declared on the network before the run starts: its name and groups.
public struct PartitionDeclaration: Equatable, Sendable {
    public var name: String
    public var groups: [[HostID]]
    public init(name: String, groups: [[HostID]]) { self.name = name; self.groups = groups }
}
