import Kernel
import Net
import Stack

/// Everything FireDrill knows about one kind of fault, in one value: what it targets, its
/// parameters with their defaults and ranges, its summary and family, how it acts on the stack
/// while it lasts, and what scoring needs to know of it. The scenario reader, `faults list` and
/// `faults show`, the schema tests and fault planning all read the descriptors
/// (`FaultKind.descriptor`); nothing else switches over kinds.
public struct FaultDescriptor: Sendable {
    public enum Family: String, CaseIterable, Sendable {
        case host, network, application
        case requestInterception = "request interception"
        case middlewareAndDatabase = "middleware and database"
        case site
        case driftAndObservability = "drift and observability"
    }

    /// One parameter of a kind: its key, what it means for this kind, its default (`nil`:
    /// required), and the range exploration draws from (numbers and durations; `nil`: the
    /// key's whole valid range).
    public struct Parameter: Sendable, Equatable {
        public var key: FaultParameter
        public var meaning: String
        public var defaultValue: FaultValue?
        public var explore: ClosedRange<Double>?
        public init(_ key: FaultParameter, _ meaning: String, default value: FaultValue? = nil, explore: ClosedRange<Double>? = nil) {
            self.key = key; self.meaning = meaning; self.defaultValue = value; self.explore = explore
        }
    }

    /// How a fault of the kind acts while it is active: its contribution to each thing it hits.
    public enum Compile: Sendable {
        /// One contribution per targeted host, given the host and the node it runs.
        case perHost(@Sendable (FaultSpec, HostID, StackNodeID) -> FaultEffect)
        /// The contributions for the links between the fault's two ends, given those links and,
        /// per host, whether it matches the first end and the second.
        case links(@Sendable (FaultSpec, [LinkID], [Bool], [Bool]) -> [FaultEffect])
        /// The groups cannot reach each other (a partition the plan declares).
        case partition
        /// Every broker host of the site goes down.
        case siteHostsDown
        /// The site's load balancer stops checking its gateways.
        case siteHealthChecksOff
    }

    public var family: Family
    public var summary: String
    public var target: FaultKind.Target
    public var parameters: [Parameter]
    /// Parameters of which a fault must give at least one (a drift needs a version or a configuration).
    public var needsOneOf: [FaultParameter]
    /// How long a fault of the kind lasts when the scenario gives no duration (`nil`: to the
    /// end of the run, or until an operator clears it).
    public var defaultDuration: SimDuration?
    /// How long exploration lets a fault of the kind last: the range its durations are drawn
    /// from, shortest first.
    public var exploreDurations: ClosedRange<SimDuration>
    /// Invariants a fault of the kind breaks by its nature (tampered fills cannot reconcile):
    /// exploration does not report those as defects.
    public var breaksByDesign: [String]
    /// What a fault that destroys messages in flight (a hung process, a cut link, a partition)
    /// breaks by its nature: orders, fills, queries and the clearing's requests it swallowed
    /// never arrive, so none of the books can agree.
    public static let messageLossBreaks = ["every_order_one_terminal_state", "no_execution_applied_twice", "broker_fills_equal_exchange_trades",
                                           "accounts_reconcile", "clearing_balances", "every_query_answered"]
    /// Scoring: whether it takes the instances it hits out of service (node-loss headroom).
    public var takesInstancesDown: Bool
    public var compile: Compile

    public init(_ family: Family, _ summary: String, target: FaultKind.Target, parameters: [Parameter] = [], needsOneOf: [FaultParameter] = [],
                defaultDuration: SimDuration? = nil, exploreDurations: ClosedRange<SimDuration> = .seconds(10)...(.minutes(30)),
                breaksByDesign: [String] = [], takesInstancesDown: Bool = false, compile: Compile) {
        self.family = family; self.summary = summary; self.target = target; self.parameters = parameters; self.needsOneOf = needsOneOf
        self.defaultDuration = defaultDuration; self.exploreDurations = exploreDurations; self.breaksByDesign = breaksByDesign
        self.takesInstancesDown = takesInstancesDown; self.compile = compile
    }

    /// A parameter of the kind, by key.
    public func parameter(_ key: FaultParameter) -> Parameter? { parameters.first { $0.key == key } }

    // Building blocks for the catalogue.

    /// Per host: a node impairment built from the fault.
    static func impairing(_ configure: @escaping @Sendable (FaultSpec, inout NodeImpairment) -> Void) -> Compile {
        .perHost { fault, _, node in
            var impairment = NodeImpairment()
            configure(fault, &impairment)
            return .impair(node: node, impairment)
        }
    }

    /// Per link: one effect built from the fault.
    static func perLink(_ effect: @escaping @Sendable (FaultSpec, LinkID) -> FaultEffect) -> Compile {
        .links { fault, links, _, _ in links.map { effect(fault, $0) } }
    }
}
