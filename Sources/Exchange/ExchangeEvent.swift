/// One execution: `quantity` shares of `symbol` at `priceFen` between two orders.
public struct Trade: Sendable, Hashable {
    /// Counts from 1 in execution order across every symbol of the engine.
    public var tradeID: UInt64
    /// The incoming order's time in continuous trading; the uncross time in an auction.
    public var timeNanos: Int64
    public var symbol: Int32
    public var priceFen: Int64
    public var quantity: Int64
    public var buyOrderID: UInt64
    public var sellOrderID: UInt64
    /// The side that took liquidity in continuous trading; nil for an auction trade.
    public var aggressor: Side?
}

/// A refused instruction.
public struct Rejection: Sendable, Hashable {
    public var timeNanos: Int64
    /// The order's own id, or for a cancel the id it named.
    public var orderID: UInt64
    public var type: OrderType
    public var reason: RejectReason
}

/// Why an accepted order's remainder left the book without trading.
public enum CancelCause: UInt8, Sendable, Hashable {
    /// A cancel instruction.
    case requested
    /// The unfilled rest of a `B5C` or `IOC` order.
    case marketRemainder
    /// A `FOK` order the opposite side could not fill in full.
    case notFillable
    /// An `OPP`, `OWN` or `B5L` order with no price to convert to.
    case noReferencePrice
    /// Still resting at 15:00, after the closing uncross.
    case endOfDay
}

/// What the engine reports, in the order things happened.
public enum ExchangeEvent: Sendable, Hashable {
    /// The order passed every check: it rests, trades, or waits for 09:30 (held).
    case accepted(orderID: UInt64, timeNanos: Int64)
    case rejected(Rejection)
    case trade(Trade)
    /// `remaining` shares of the order left the book.
    case cancelled(orderID: UInt64, remaining: Int64, cause: CancelCause, timeNanos: Int64)
}
