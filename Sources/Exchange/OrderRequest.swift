/// One instruction sent to the exchange: a new order or a cancel.
///
/// Times are nanoseconds since the trading day's midnight (China Standard Time). The engine
/// knows the trading calendar but nothing of how the time was produced.
public struct OrderRequest: Sendable, Hashable {
    public var timeNanos: Int64
    /// For a new order, its own id; for a cancel, the id of the order to cancel.
    public var orderID: UInt64
    /// Dense index returned by ``MatchingEngine/list(_:)``.
    public var symbol: Int32
    public var side: Side
    public var type: OrderType
    /// Limit price in fen; ignored for market orders and cancels.
    public var priceFen: Int64
    /// Shares; ignored for cancels.
    public var quantity: Int64

    public init(timeNanos: Int64, orderID: UInt64, symbol: Int32, side: Side, type: OrderType,
                priceFen: Int64, quantity: Int64) {
        self.timeNanos = timeNanos
        self.orderID = orderID
        self.symbol = symbol
        self.side = side
        self.type = type
        self.priceFen = priceFen
        self.quantity = quantity
    }

    public static func limit(at timeNanos: Int64, id: UInt64, symbol: Int32, _ side: Side,
                             priceFen: Int64, quantity: Int64) -> OrderRequest {
        OrderRequest(timeNanos: timeNanos, orderID: id, symbol: symbol, side: side, type: .limit,
                     priceFen: priceFen, quantity: quantity)
    }

    public static func market(_ type: OrderType, at timeNanos: Int64, id: UInt64, symbol: Int32, _ side: Side,
                              quantity: Int64) -> OrderRequest {
        OrderRequest(timeNanos: timeNanos, orderID: id, symbol: symbol, side: side, type: type,
                     priceFen: 0, quantity: quantity)
    }

    public static func cancel(at timeNanos: Int64, id: UInt64, symbol: Int32) -> OrderRequest {
        OrderRequest(timeNanos: timeNanos, orderID: id, symbol: symbol, side: .buy, type: .cancel,
                     priceFen: 0, quantity: 0)
    }
}
