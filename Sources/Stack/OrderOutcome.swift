/// How an order ended, as its client saw it.
public enum OrderOutcome: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// No terminal report reached the client by the end of the run: lost.
    case pending = 0
    /// Filled in full.
    case filled
    /// Some shares traded, the rest was cancelled or expired.
    case partlyFilled
    /// Cancelled (by the client, or a market order's unfilled rest) with nothing traded.
    case cancelled
    /// Still resting at the close with nothing traded.
    case expired
    /// Refused by the broker or the exchange.
    case rejected
    /// A C-business subscription the broker completed.
    case completed

    public var code: String {
        ["lost", "filled", "partly_filled", "cancelled", "expired", "rejected", "completed"][Int(rawValue)]
    }
    public var description: String { code }
}
