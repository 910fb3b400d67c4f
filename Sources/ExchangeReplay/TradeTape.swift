import Exchange
import Kernel

/// Turns engine events into the rows of the trades and rejects files, and counts them.
///
/// trades: `time,trade_id,symbol,price,qty,buy_order_id,sell_order_id` — the time as
/// `HH:MM:SS` plus nine fraction digits when the fraction is not zero, the price in yuan
/// with two decimals. rejects: `time,order_id,reason`.
public struct TradeTape {
    public static let tradesHeader = "time,trade_id,symbol,price,qty,buy_order_id,sell_order_id"
    public static let rejectsHeader = "time,order_id,reason"

    public let trades: TapeWriter
    public let rejects: TapeWriter
    /// Symbol codes by engine index.
    public var symbolCodes: [String]
    public private(set) var counts = Counts()

    public struct Counts: Sendable, Equatable {
        public var accepted = 0
        public var rejected = 0
        public var trades = 0
        public var sharesTraded: Int64 = 0
        public var cancelled = 0
        public var expired = 0
    }

    public init(symbolCodes: [String], tradesSink: ((ArraySlice<UInt8>) -> Void)? = nil,
                rejectsSink: ((ArraySlice<UInt8>) -> Void)? = nil) {
        self.symbolCodes = symbolCodes
        trades = TapeWriter(header: Self.tradesHeader, sink: tradesSink)
        rejects = TapeWriter(header: Self.rejectsHeader, sink: rejectsSink)
    }

    public mutating func record(_ events: [ExchangeEvent]) {
        for event in events {
            switch event {
            case .accepted: counts.accepted += 1
            case .rejected(let r):
                counts.rejected += 1
                rejects.append(line: "\(SimTime(nanos: r.timeNanos)),\(r.orderID),\(r.reason.code)")
            case .trade(let t):
                counts.trades += 1
                counts.sharesTraded += t.quantity
                trades.append(line: "\(SimTime(nanos: t.timeNanos)),\(t.tradeID),\(symbolCodes[Int(t.symbol)]),"
                              + "\(PriceText.yuan(t.priceFen)),\(t.quantity),\(t.buyOrderID),\(t.sellOrderID)")
            case .cancelled(_, _, let cause, _):
                if cause == .endOfDay { counts.expired += 1 } else { counts.cancelled += 1 }
            }
        }
    }
}
