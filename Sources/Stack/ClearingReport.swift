import Kernel

/// What the clearing centre found when it settled the day: the broker's records (asset
/// stores, tier fills) against the exchanges' (trades per order, the rest of the market's side).
public struct ClearingReport: Equatable, Sendable {
    /// When the last record arrived; `nil` if collection did not finish by the end of the run.
    public var collectedAt: SimTime?
    /// Client portions settled.
    public var accounts = 0
    /// Portions whose final cash, or positions, differ from opening + exchange executions − subscriptions.
    public var cashBreaks = 0
    public var positionBreaks = 0
    /// Portions with cash or shares still frozen after the close.
    public var frozenLeft = 0
    /// Broker orders whose shares filled on the tier differ from what the exchange executed.
    public var fillMismatches = 0
    /// Executions of broker orders (one per side) the exchanges recorded, and fills the tiers applied.
    public var exchangeExecutions = 0
    public var brokerFillsApplied = 0
    /// Σ client cash change + the rest of the market's + subscriptions paid: zero when balanced.
    public var cashMovesSumFen: Int64 = 0
    /// Symbols whose share changes (clients + rest of the market) do not sum to zero.
    public var unbalancedSymbols = 0
    /// The first break found, described for a human.
    public var firstBreak: String?
}
