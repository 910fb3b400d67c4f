/// Total quantity resting at one price.
public struct AuctionLevel: Sendable, Hashable {
    public var priceFen: Int64
    public var quantity: Int64
    public init(priceFen: Int64, quantity: Int64) {
        self.priceFen = priceFen
        self.quantity = quantity
    }
}

/// The price and volume a call auction uncrosses at.
public struct AuctionResult: Sendable, Hashable {
    public var priceFen: Int64
    public var volume: Int64
}

/// Call-auction price discovery for both rule sets (SSE rule 3.6.2, SZSE rule 3.5.2).
///
/// **Candidates.** Every tick in [best ask, best bid]; when the best ask is above the best bid
/// (or a side is empty) there is no auction price. A candidate P survives when
/// 1. it maximises the executed volume V(P) = min(buys at ≥ P, sells at ≤ P), and
/// 2. every buy above P and every sell below P fills in full (buys at > P ≤ V(P) and
///    sells at < P ≤ V(P)).
/// The third condition of the rules (at P itself one side fills in full) always holds for a
/// volume of min(buys at ≥ P, sells at ≤ P), so it needs no check.
///
/// **Tie-breaks among the survivors.**
/// - SSE: the midpoint of the lowest and highest survivor. Every survivor executes the same
///   volume, so the rule's "least unexecuted volume" never separates them; a midpoint that
///   falls between two ticks is rounded half-up to the tick.
/// - SZSE: the least |buys at ≥ P − sells at ≤ P|; then the price closest to the reference
///   (previous close in the opening auction; the last trade price, else the previous close,
///   in the closing auction); when two are equally close, the higher.
///
/// **Cost.** The functions above change only at order prices, so the search walks the
/// distinct prices inside [best ask, best bid] and the open gaps between them, never every
/// tick: O(levels), however wide the range.
public enum CallAuction {
    /// The auction price and volume, or nil when the book does not cross.
    ///
    /// - Parameters:
    ///   - buys: buy levels, highest price first, distinct prices, positive quantities.
    ///   - sells: sell levels, lowest price first, distinct prices, positive quantities.
    ///   - tickFen: the price grid; every level price is a multiple of it.
    ///   - referenceFen: SZSE's tie-break reference; SSE ignores it.
    public static func uncross(buys: [AuctionLevel], sells: [AuctionLevel], tickFen: Int64,
                               rules: ExchangeRules, referenceFen: Int64) -> AuctionResult? {
        guard let bestBid = buys.first?.priceFen, let bestAsk = sells.first?.priceFen,
              bestAsk <= bestBid else { return nil }

        // Distinct prices inside [bestAsk, bestBid], ascending, with the cumulative sums there.
        var points: [Int64] = []
        var buysAtOrAbove: [Int64] = []
        var sellsAtOrBelow: [Int64] = []
        var b = buys.count - 1   // buys walked from the lowest price upwards
        var s = 0                // sells walked from the lowest price upwards
        while b >= 0, buys[b].priceFen < bestAsk { b -= 1 }
        var buyTotal: Int64 = 0
        for i in 0...b { buyTotal += buys[i].quantity }
        var sellTotal: Int64 = 0
        var remainingBuys = buyTotal   // buys at ≥ the current point
        while true {
            let nextBuy = b >= 0 ? buys[b].priceFen : Int64.max
            let nextSell = s < sells.count && sells[s].priceFen <= bestBid ? sells[s].priceFen : Int64.max
            let price = min(nextBuy, nextSell)
            if price == Int64.max { break }
            if nextSell == price { sellTotal += sells[s].quantity; s += 1 }
            points.append(price)
            buysAtOrAbove.append(remainingBuys)
            sellsAtOrBelow.append(sellTotal)
            if nextBuy == price { remainingBuys -= buys[b].quantity; b -= 1 }
        }

        // Each candidate is a run of ticks [low, high] sharing the same sums.
        var found = Survivors()
        for i in points.indices {
            let above = i + 1 < points.count ? buysAtOrAbove[i + 1] : 0
            let below = i > 0 ? sellsAtOrBelow[i - 1] : 0
            found.consider(low: points[i], high: points[i], atOrAbove: buysAtOrAbove[i], above: above,
                           atOrBelow: sellsAtOrBelow[i], below: below)
            if i + 1 < points.count, points[i] + tickFen <= points[i + 1] - tickFen {
                // Strictly between two order prices: the buys are those at ≥ the next point,
                // the sells those at ≤ this one, and none sit at the gap's own prices.
                found.consider(low: points[i] + tickFen, high: points[i + 1] - tickFen,
                               atOrAbove: buysAtOrAbove[i + 1], above: buysAtOrAbove[i + 1],
                               atOrBelow: sellsAtOrBelow[i], below: sellsAtOrBelow[i])
            }
        }
        let candidates = found.candidates
        let volumeMax = found.volumeMax
        guard let first = candidates.first, volumeMax > 0 else { return nil }

        switch rules {
        case .sse:
            let lowTicks = first.low / tickFen
            let highTicks = candidates.last!.high / tickFen
            return AuctionResult(priceFen: (lowTicks + highTicks + 1) / 2 * tickFen, volume: volumeMax)
        case .szse:
            let leastImbalance = candidates.map(\.imbalance).min()!
            var best: Int64? = nil
            for candidate in candidates where candidate.imbalance == leastImbalance {
                let price = closest(to: referenceFen, within: candidate.low...candidate.high, tickFen: tickFen)
                if let current = best {
                    let d = abs(price - referenceFen), dCurrent = abs(current - referenceFen)
                    if d < dCurrent || (d == dCurrent && price > current) { best = price }
                } else {
                    best = price
                }
            }
            return AuctionResult(priceFen: best!, volume: volumeMax)
        }
    }

    /// Runs of ticks that satisfy every rule so far, at the largest volume seen so far.
    private struct Survivors {
        struct Candidate { var low: Int64; var high: Int64; var imbalance: Int64 }
        var candidates: [Candidate] = []
        var volumeMax: Int64 = 0

        mutating func consider(low: Int64, high: Int64, atOrAbove: Int64, above: Int64, atOrBelow: Int64, below: Int64) {
            let volume = min(atOrAbove, atOrBelow)
            guard volume >= volumeMax, above <= volume, below <= volume else { return }
            if volume > volumeMax {
                volumeMax = volume
                candidates.removeAll(keepingCapacity: true)
            }
            candidates.append(Candidate(low: low, high: high, imbalance: abs(atOrAbove - atOrBelow)))
        }
    }

    /// The tick in `range` nearest `reference`, the higher one when two are equally near.
    static func closest(to reference: Int64, within range: ClosedRange<Int64>, tickFen: Int64) -> Int64 {
        if reference <= range.lowerBound { return range.lowerBound }
        if reference >= range.upperBound { return range.upperBound }
        let below = reference / tickFen * tickFen
        let above = below == reference ? below : below + tickFen
        return reference - below < above - reference ? below : above
    }
}
