/// The fills each tier applied, per order: shares filled and the last trade id applied, so a
/// repeated report (a duplicated message) is dropped rather than applied twice.
///
/// One array for all tiers instead of one per tier: every order runs on exactly one tier
/// instance, which alone writes its entry, and a per-tier array indexed by order would cost
/// a run's order count × tiers.
public struct TierFillLedger: Sendable {
    public private(set) var filled: [Int64] = []
    var lastTradeID: [UInt64] = []

    init(expected: Int) {
        filled.reserveCapacity(expected)
        lastTradeID.reserveCapacity(expected)
    }

    /// Applies `fill` to order `i`; `false` if it is a repeat of one already applied.
    mutating func apply(_ i: OrderIndex, _ fill: FillReport) -> Bool {
        if Int(i) >= filled.count {
            let n = Int(i) + 1 - filled.count
            filled.append(contentsOf: repeatElement(0, count: n))
            lastTradeID.append(contentsOf: repeatElement(0, count: n))
        }
        guard fill.tradeID > lastTradeID[Int(i)] else { return false }
        lastTradeID[Int(i)] = fill.tradeID
        filled[Int(i)] += fill.quantity
        return true
    }
}
