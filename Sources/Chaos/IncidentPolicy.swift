import Kernel
import Stack

/// A regulator's incident-grading table as data (SPEC §7): grades from most to least serious,
/// each a list of rules; an incident takes the first grade one of whose rules it meets.
/// `Faults/policies/csrc-2012.yaml` holds the CSRC 2012 No. 46 table.
public struct IncidentPolicy: Equatable, Sendable {
    /// How far below a threshold an outage still counts as a near miss (default 60 s).
    public var nearMissMargin: SimDuration
    public var name: String
    public var grades: [Grade]
    /// When a system counts as down: the share of its orders in a second that fail (no
    /// acknowledgement within their SLA target) at or above which it is partly, or fully, down.
    public var partialFailureRatio: Double
    public var fullFailureRatio: Double
    /// The fewest orders a stretch of seconds must hold before it is judged up or down.
    public var minOrders: Int
    /// The systems the rules name, as the stack's traffic they cover.
    public var systems: [System]

    public init(name: String, nearMissMargin: SimDuration = .seconds(60), grades: [Grade],
                partialFailureRatio: Double = 0.05, fullFailureRatio: Double = 0.95, minOrders: Int = 1, systems: [System] = []) {
        self.name = name; self.nearMissMargin = nearMissMargin; self.grades = grades
        self.partialFailureRatio = partialFailureRatio; self.fullFailureRatio = fullFailureRatio
        self.minOrders = minOrders; self.systems = systems
    }

    /// A system in the regulator's terms (`online_trading`, `margin`…) as a slice of the stack's
    /// orders: those of the listed client classes and businesses.
    public struct System: Equatable, Sendable {
        public var name: String
        public var classes: [ClientClass]
        public var businesses: [Business]
        public init(name: String, classes: [ClientClass], businesses: [Business]) {
            self.name = name; self.classes = classes; self.businesses = businesses
        }
        public func covers(_ clientClass: ClientClass, _ business: Business) -> Bool {
            classes.contains(clientClass) && businesses.contains(business)
        }
    }

    public struct Grade: Equatable, Sendable {
        /// Machine name (`serious`, `major`, `general`) and the regulator's own (重大, 较大, 一般).
        public var name: String
        public var label: String
        public var rules: [Rule]
        public init(name: String, label: String, rules: [Rule]) { self.name = name; self.label = label; self.rules = rules }
    }

    /// Which outages a rule counts.
    public enum Extent: String, Sendable, CaseIterable {
        /// Only time the system was fully down.
        case full
        /// Time it was fully or partly down.
        case partial
    }

    public struct Rule: Equatable, Sendable {
        /// System names the rule applies to; `any` matches every system.
        public var systems: [String]
        public var extent: Extent
        /// Cumulative outage at or above which the rule is met.
        public var cumulativeAtLeast: SimDuration
        /// The broker's active clients at or above which the rule applies (0: any broker).
        public var activeClientsAtLeast: Int

        public init(systems: [String], extent: Extent, cumulativeAtLeast: SimDuration, activeClientsAtLeast: Int = 0) {
            self.systems = systems; self.extent = extent
            self.cumulativeAtLeast = cumulativeAtLeast; self.activeClientsAtLeast = activeClientsAtLeast
        }

        /// Whether the rule concerns `system` at a broker with `activeClients`, whatever the duration.
        public func applies(to system: String, activeClients: Int) -> Bool {
            (systems.contains("any") || systems.contains(system)) && activeClients >= activeClientsAtLeast
        }
    }
}
