@testable import Exchange

/// A naive continuous-trading book: every order in one array, the best counter-order found
/// by a linear scan each time. Slow and obvious, for checking `MatchingEngine` on random
/// streams. Events are reduced to what a user sees: trades and cancels.
struct ReferenceBook {
    struct Resting { var id: UInt64; var side: Side; var priceFen: Int64; var remaining: Int64; var sequence: Int }
    enum Outcome: Equatable {
        case trade(buy: UInt64, sell: UInt64, priceFen: Int64, quantity: Int64)
        case cancelled(id: UInt64, remaining: Int64)
    }

    var orders: [Resting] = []
    var sequence = 0

    func best(_ side: Side) -> Int64? {
        let prices = orders.filter { $0.side == side }.map(\.priceFen)
        return side == .buy ? prices.max() : prices.min()
    }

    /// The opposite order an incoming `side` order trades with next: best price, then earliest.
    func nextCounter(for side: Side) -> Int? {
        var choice: Int? = nil
        for (i, o) in orders.enumerated() where o.side == side.opposite {
            guard let c = choice else { choice = i; continue }
            let better = side == .buy ? o.priceFen < orders[c].priceFen : o.priceFen > orders[c].priceFen
            if better || (o.priceFen == orders[c].priceFen && o.sequence < orders[c].sequence) { choice = i }
        }
        return choice
    }

    mutating func submit(id: UInt64, side: Side, type: OrderType, priceFen: Int64, quantity: Int64) -> [Outcome] {
        var out: [Outcome] = []
        if type == .cancel {
            if let i = orders.firstIndex(where: { $0.id == id }) {
                out.append(.cancelled(id: id, remaining: orders[i].remaining))
                orders.remove(at: i)
            }
            return out
        }
        var limit: Int64? = type == .limit ? priceFen : nil
        var levelsAllowed = Int.max
        switch type {
        case .counterpartyBest:
            guard let p = best(side.opposite) else { return [.cancelled(id: id, remaining: quantity)] }
            limit = p
        case .ownSideBest:
            guard let p = best(side) else { return [.cancelled(id: id, remaining: quantity)] }
            limit = p
        case .bestFiveThenCancel, .bestFiveThenLimit: levelsAllowed = 5
        case .fillOrKill:
            let available = orders.filter { $0.side == side.opposite }.reduce(0) { $0 + $1.remaining }
            if available < quantity { return [.cancelled(id: id, remaining: quantity)] }
        default: break
        }
        var remaining = quantity
        var levelPrices: [Int64] = []
        var lastFill: Int64? = nil
        while remaining > 0, let c = nextCounter(for: side) {
            let price = orders[c].priceFen
            if let l = limit, side == .buy ? price > l : price < l { break }
            if !levelPrices.contains(price) {
                if levelPrices.count == levelsAllowed { break }
                levelPrices.append(price)
            }
            let q = min(remaining, orders[c].remaining)
            out.append(.trade(buy: side == .buy ? id : orders[c].id, sell: side == .buy ? orders[c].id : id, priceFen: price, quantity: q))
            remaining -= q
            orders[c].remaining -= q
            lastFill = price
            if orders[c].remaining == 0 { orders.remove(at: c) }
        }
        guard remaining > 0 else { return out }
        switch type {
        case .bestFiveThenCancel, .immediateOrCancel, .fillOrKill:
            out.append(.cancelled(id: id, remaining: remaining))
            return out
        case .bestFiveThenLimit:
            guard let p = lastFill ?? best(side) else {
                out.append(.cancelled(id: id, remaining: remaining))
                return out
            }
            limit = p
        default: break
        }
        sequence += 1
        orders.append(Resting(id: id, side: side, priceFen: limit!, remaining: remaining, sequence: sequence))
        return out
    }
}
