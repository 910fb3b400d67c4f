import Kernel
import Net

/// A fault injected into the run, as the operators can find it (with a delay) and as the
/// checkers attribute what happened to it: its window and what it acts on. The fault plan
/// builds these; the stack does not know fault kinds beyond their names.
public struct InjectedFault: Equatable, Sendable {
    public var name: String
    public var kind: String
    public var start: SimTime
    /// `nil`: it lasts to the end of the run unless an operator clears it.
    public var end: SimTime?
    /// Hosts it acts on: a host fault's targets, the hosts at either end of a link fault's
    /// links, every host of a lost site.
    public var hosts: [HostID]
    public init(name: String, kind: String, start: SimTime, end: SimTime?, hosts: [HostID]) {
        self.name = name; self.kind = kind; self.start = start; self.end = end; self.hosts = hosts
    }
}

/// What a fault plan schedules: when each fault's contributions start and end, the faults they
/// make up (for the operators and the checkers), and the partitions the network must declare
/// before the run (planning changes nothing; the run applies this).
public struct FaultSchedule: Sendable {
    public var changes: [ScheduledChange]
    public var faults: [InjectedFault]
    public var partitions: [PartitionDeclaration]
    /// Operators' actions at fixed times, outside any runbook (a drill's scripted switch-over).
    public var actions: [ScheduledAction]
    /// Messages sent at fixed times as if a node had sent them: a replayed or forged report, for
    /// tests of what the stack checks as it runs.
    public var forged: [ForgedMessage]
    public init(changes: [ScheduledChange] = [], faults: [InjectedFault] = [], partitions: [PartitionDeclaration] = [],
                actions: [ScheduledAction] = [], forged: [ForgedMessage] = []) {
        self.changes = changes; self.faults = faults; self.partitions = partitions; self.actions = actions; self.forged = forged
    }
}

/// A message node `from` sends node `to` at a fixed virtual time, outside its own logic.
public struct ForgedMessage: Equatable, Sendable {
    public var time: SimTime
    public var from: StackNodeID
    public var to: StackNodeID
    public var message: StackMessage
    public init(time: SimTime, from: StackNodeID, to: StackNodeID, _ message: StackMessage) {
        self.time = time; self.from = from; self.to = to; self.message = message
    }
}

/// An operator's action at a fixed virtual time.
public struct ScheduledAction: Equatable, Sendable {
    public var time: SimTime
    public var action: RunbookAction
    public init(time: SimTime, _ action: RunbookAction) { self.time = time; self.action = action }
}

/// How the operators learnt that something was wrong.
public struct Signal: Equatable, Sendable {
    public enum Source: String, Sendable {
        /// An alert rule fired and its alert reached the console.
        case alert
        /// A business probe failed (no answer in time, or refused).
        case probe
        /// Clients told the broker (by phone: no network needed).
        case clientReport = "client_report"
    }
    public var source: Source
    /// When it reached the operators.
    public var at: SimTime
    /// The nodes it points at: the alerting node, the probe's path, the failed orders' path.
    public var nodes: [StackNodeID]
    /// What it says, for the timeline (`cpu-saturated on fast-shenzhen-1`).
    public var detail: String
}

/// An alert a rule fired, and when (if ever) it reached the console.
public struct Alert: Equatable, Sendable {
    public var rule: String
    public var host: HostID
    public var node: StackNodeID
    public var firedAt: SimTime
    public var deliveredAt: SimTime?
    /// The metric's value when it fired.
    public var value: Double
}

/// One business probe: the path it took and how it ended.
public struct ProbeRecord: Equatable, Sendable {
    public var sentAt: SimTime
    public var gateway: StackNodeID
    public var tier: StackNodeID
    public var market: Market
    /// The nodes it passes, gateway first and exchange last: the A1 route's stages.
    public var path: [StackNodeID]
    /// When the answer came back, and whether the exchange accepted it; `nil`: no answer.
    public var answeredAt: SimTime?
    public var ok: Bool
    public var preMarket: Bool
}

/// A step in the operators' handling of a fault (or of a signal that led nowhere).
public struct OperatorEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case noticed
        /// The fault was located and the response level declared.
        case declared(ResponseLevel)
        /// The decision to run this runbook (or none matched).
        case decided(runbook: String?)
        case automatedSucceeded
        case automatedFailed
        /// A manual step finished: its index and what it did.
        case stepDone(Int, String)
        /// The runbook finished.
        case completed
        /// Nothing was found behind the signal (a false alarm, or a fault already over).
        case nothingFound
        /// A progress report during a red response.
        case progressReport
    }
    public var at: SimTime
    /// The fault's index in the plan, if the event concerns one.
    public var fault: Int?
    public var kind: Kind
}

/// Clients telling the broker that something fails: when, from which population, and the
/// interaction that failed last (an order or query index).
public struct ClientReport: Equatable, Sendable {
    public var madeAt: SimTime
    public var reachesOperatorsAt: SimTime
    public var population: StackNodeID
    public var failures: Int
    public var lastFailedOrder: OrderIndex?
    public var lastFailedQuery: UInt32?
}
