@testable import Exchange

/// The slow, obvious call auction: tries every tick in [best ask, best bid] and sums the
/// orders afresh at each one. Tests compare the fast search in `CallAuction` against it.
struct BruteForceAuction {
    struct Order { var id: UInt64; var side: Side; var priceFen: Int64; var quantity: Int64 }

    static func price(_ orders: [Order], tickFen: Int64, rules: ExchangeRules, referenceFen: Int64) -> AuctionResult? {
        let buys = orders.filter { $0.side == .buy }, sells = orders.filter { $0.side == .sell }
        guard let bestBid = buys.map(\.priceFen).max(), let bestAsk = sells.map(\.priceFen).min(), bestAsk <= bestBid else {
            return nil
        }
        struct Row { var price: Int64; var volume: Int64; var imbalance: Int64 }
        var rows: [Row] = []
        for price in stride(from: bestAsk, through: bestBid, by: Int(tickFen)) {
            let buysAtOrAbove = buys.filter { $0.priceFen >= price }.reduce(0) { $0 + $1.quantity }
            let buysAbove = buys.filter { $0.priceFen > price }.reduce(0) { $0 + $1.quantity }
            let sellsAtOrBelow = sells.filter { $0.priceFen <= price }.reduce(0) { $0 + $1.quantity }
            let sellsBelow = sells.filter { $0.priceFen < price }.reduce(0) { $0 + $1.quantity }
            let volume = min(buysAtOrAbove, sellsAtOrBelow)
            // Rule 2: everything strictly better than P fills; rule 3: one side fills at P.
            guard buysAbove <= volume, sellsBelow <= volume,
                  buysAtOrAbove == volume || sellsAtOrBelow == volume else { continue }
            rows.append(Row(price: price, volume: volume, imbalance: abs(buysAtOrAbove - sellsAtOrBelow)))
        }
        // Rule 1: among those, the largest volume. (Every tick's volume is compared, not only
        // the survivors', so a survivor below the global maximum is dropped.)
        var volumeMax: Int64 = 0
        for price in stride(from: bestAsk, through: bestBid, by: Int(tickFen)) {
            let b = buys.filter { $0.priceFen >= price }.reduce(0) { $0 + $1.quantity }
            let s = sells.filter { $0.priceFen <= price }.reduce(0) { $0 + $1.quantity }
            volumeMax = max(volumeMax, min(b, s))
        }
        rows = rows.filter { $0.volume == volumeMax }
        guard !rows.isEmpty else { return nil }
        switch rules {
        case .sse:
            let low = rows.map(\.price).min()!, high = rows.map(\.price).max()!
            // Midpoint in ticks, half-up.
            let doubled = (low + high) / tickFen
            let ticks = doubled / 2 + doubled % 2
            return AuctionResult(priceFen: ticks * tickFen, volume: volumeMax)
        case .szse:
            let least = rows.map(\.imbalance).min()!
            let tied = rows.filter { $0.imbalance == least }
            let best = tied.min { a, b in
                let da = abs(a.price - referenceFen), db = abs(b.price - referenceFen)
                return da != db ? da < db : a.price > b.price
            }!
            return AuctionResult(priceFen: best.price, volume: volumeMax)
        }
    }

    /// Who trades with whom at the uncross: buys by price then arrival, sells likewise,
    /// paired greedily. Returns (buy id, sell id, quantity) in execution order.
    static func allocation(_ orders: [Order], at priceFen: Int64, volume: Int64) -> [(UInt64, UInt64, Int64)] {
        var buys = orders.enumerated().filter { $0.element.side == .buy && $0.element.priceFen >= priceFen }
            .sorted { $0.element.priceFen != $1.element.priceFen ? $0.element.priceFen > $1.element.priceFen : $0.offset < $1.offset }
            .map(\.element)
        var sells = orders.enumerated().filter { $0.element.side == .sell && $0.element.priceFen <= priceFen }
            .sorted { $0.element.priceFen != $1.element.priceFen ? $0.element.priceFen < $1.element.priceFen : $0.offset < $1.offset }
            .map(\.element)
        var left = volume, b = 0, s = 0
        var trades: [(UInt64, UInt64, Int64)] = []
        while left > 0 {
            let q = min(left, buys[b].quantity, sells[s].quantity)
            trades.append((buys[b].id, sells[s].id, q))
            buys[b].quantity -= q; sells[s].quantity -= q; left -= q
            if buys[b].quantity == 0 { b += 1 }
            if sells[s].quantity == 0 { s += 1 }
        }
        return trades
    }
}
