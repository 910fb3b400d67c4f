import Kernel

/// A cheap invariant broken while the run went on: the stack checks these as events happen and
/// stops the run at the first one, naming the virtual time, the order and the event. End-of-day
/// reconciliation (`Scoring`) judges the rest.
public struct InvariantViolation: Equatable, Sendable {
    /// The invariants checked as events happen.
    public enum Invariant: String, CaseIterable, Sendable {
        /// An order moves only along legal transitions: once it has ended, its client hears
        /// nothing more of it (no acknowledgement, fill or second end).
        case orderTransitionsLegal = "order_transitions_legal"
        /// A tier never applies more of an order's fills than its exchange executed.
        case noExecutionAppliedTwice = "no_execution_applied_twice"
        /// Shares are conserved per order: fills never exceed the order, at its tier or its client,
        /// and what an exchange closes is what was not filled.
        case quantityConservedPerOrder = "quantity_conserved_per_order"
    }

    public var invariant: Invariant
    public var at: SimTime
    public var order: OrderIndex
    /// The node that handled the event, and the event as a golden tape writes it.
    public var node: String
    public var event: String
    public var detail: String

    public init(invariant: Invariant, at: SimTime, order: OrderIndex, node: String, event: String, detail: String) {
        self.invariant = invariant; self.at = at; self.order = order; self.node = node; self.event = event; self.detail = detail
    }

    /// One line for people: what broke, when, where.
    public var summary: String {
        "\(invariant.rawValue) broken at \(at.clockMillis) by \(event) at \(node), order \(order): \(detail)"
    }
}
