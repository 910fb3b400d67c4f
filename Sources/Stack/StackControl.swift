import Kernel
import Net

/// A change to a node of the stack, scheduled like any event (addressed to `NodeID.world`) so
/// that a fault plan can drive it. Nodes are named by their id in the `Topology`.
public enum StackControl: Equatable, Sendable {
    /// The node's host fails: messages to it are lost, its timers never fire, and the work it
    /// held in memory (queues, instructions in service) is gone. Durable state — a tier's asset
    /// store — survives.
    case crash(node: Int16)
    /// A crashed or hung node starts again, empty-handed.
    case restart(node: Int16)
    /// The node's process hangs: its host still accepts messages, which are never answered.
    case hang(node: Int16)
    /// A tier's service times are multiplied by `factor` (CPU load); 1 restores them.
    case slowdown(node: Int16, factor: Double)
}

/// A stack or network change at a virtual time, as a fault plan produces them.
public struct ScheduledChange: Equatable, Sendable {
    public var time: SimTime
    public var change: Change
    public enum Change: Equatable, Sendable {
        case stack(StackControl)
        case network(NetControl)
    }
    public init(time: SimTime, _ change: Change) { self.time = time; self.change = change }
}
