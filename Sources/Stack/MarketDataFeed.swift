/// Published market-data snapshots: per market, a short ring of per-symbol reference prices.
///
/// A snapshot is immutable once published; a `marketData` message names it by sequence number,
/// and the ring is long enough that no snapshot is overwritten while its messages are in flight
/// (snapshots are seconds apart, deliveries take milliseconds).
public struct MarketDataFeed: Sendable {
    static let ringSize = 8
    /// `rings[market][sequence % ringSize]`: reference price per symbol, in fen.
    var rings: [[[Int64]]]
    var published: [Int32]

    init(symbolCounts: [Int]) {
        rings = symbolCounts.map { Array(repeating: Array(repeating: 0, count: $0), count: MarketDataFeed.ringSize) }
        published = Array(repeating: 0, count: symbolCounts.count)
    }

    /// Publishes `prices` for `market` and returns its sequence number.
    mutating func publish(_ market: Market, _ fill: (inout [Int64]) -> Void) -> Int32 {
        let seq = published[market.rawValue] + 1
        published[market.rawValue] = seq
        fill(&rings[market.rawValue][Int(seq) % MarketDataFeed.ringSize])
        return seq
    }

    func snapshot(_ market: Market, _ seq: Int32) -> [Int64] {
        precondition(published[market.rawValue] - seq < Int32(MarketDataFeed.ringSize), "snapshot \(seq) of \(market) was overwritten")
        return rings[market.rawValue][Int(seq) % MarketDataFeed.ringSize]
    }
}
