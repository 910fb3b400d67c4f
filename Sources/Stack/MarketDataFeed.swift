/// One symbol's line in a market-data snapshot, in fen; 0 where there is none.
public struct Quote: Equatable, Sendable {
    public var lastFen: Int64 = 0
    public var bidFen: Int64 = 0
    public var askFen: Int64 = 0

    /// The price a client prices against: the last trade, else the middle of the spread, else `fallback`.
    func reference(or fallback: Int64) -> Int64 {
        if lastFen > 0 { return lastFen }
        if bidFen > 0 && askFen > 0 { return (bidFen + askFen) / 2 }
        return fallback
    }
}

/// Published market-data snapshots: per market, a short ring of per-symbol quotes (last
/// price, best bid, best ask).
///
/// A snapshot is immutable once published; a `marketData` message names it by sequence number,
/// and the ring holds the last eight; a message slower than eight intervals finds its snapshot
/// gone and is ignored, as a client discards a stale snapshot.
public struct MarketDataFeed: Sendable {
    static let ringSize = 8
    /// `rings[market][sequence % ringSize][symbol]`.
    var rings: [[[Quote]]]
    var published: [Int32]

    init(symbolCounts: [Int]) {
        rings = symbolCounts.map { Array(repeating: Array(repeating: Quote(), count: $0), count: MarketDataFeed.ringSize) }
        published = Array(repeating: 0, count: symbolCounts.count)
    }

    /// Publishes a snapshot of `market`, filled in by `fill`, and returns its sequence number.
    mutating func publish(_ market: Market, _ fill: (inout [Quote]) -> Void) -> Int32 {
        let seq = published[market.rawValue] + 1
        published[market.rawValue] = seq
        fill(&rings[market.rawValue][Int(seq) % MarketDataFeed.ringSize])
        return seq
    }

    /// Snapshot `seq` of `market`, or `nil` if newer ones have since overwritten it.
    func snapshot(_ market: Market, _ seq: Int32) -> [Quote]? {
        guard published[market.rawValue] - seq < Int32(MarketDataFeed.ringSize) else { return nil }
        return rings[market.rawValue][Int(seq) % MarketDataFeed.ringSize]
    }
}
