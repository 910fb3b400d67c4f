/// Continuous trading: sweeping the opposite side, resting remainders, removing orders.
extension MatchingEngine {
    /// A key that crosses every opposite level: how market orders sweep.
    private static let anyPriceKey: Int64 = 4 * unbandedPriceFenMax

    /// Runs a new order in continuous trading. Returns its slot when a remainder rests, or
    /// `OrderIDTable.finished`.
    func executeContinuous(_ request: OrderRequest, at timeNanos: Int64) -> Int32 {
        let s = Int(request.symbol)
        let side = request.side
        var priceFen = request.priceFen
        var levelLimit = Int.max
        var keepRemainder = true
        switch request.type {
        case .limit, .cancel:
            break
        case .counterpartyBest:
            guard let best = side == .buy ? books[s].asks.bestPriceFen : books[s].bids.bestPriceFen else {
                return cancelWhole(request, .noReferencePrice, at: timeNanos)
            }
            priceFen = best
        case .ownSideBest:
            guard let best = side == .buy ? books[s].bids.bestPriceFen : books[s].asks.bestPriceFen else {
                return cancelWhole(request, .noReferencePrice, at: timeNanos)
            }
            priceFen = best
        case .bestFiveThenCancel, .bestFiveThenLimit:
            levelLimit = 5
            keepRemainder = request.type == .bestFiveThenLimit
        case .immediateOrCancel:
            keepRemainder = false
        case .fillOrKill:
            let available = side == .buy
                ? books[s].asks.quantity(upTo: .max, enough: request.quantity)
                : books[s].bids.quantity(upTo: .max, enough: request.quantity)
            if available < request.quantity { return cancelWhole(request, .notFillable, at: timeNanos) }
            keepRemainder = false
        }
        let isPriced = request.type == .limit || request.type == .counterpartyBest || request.type == .ownSideBest
        let key = isPriced ? (side == .buy ? priceFen : -priceFen) : Self.anyPriceKey
        let sweep = side == .buy
            ? self.sweep(&books[s].asks, incoming: request, key: key, levelLimit: levelLimit, at: timeNanos)
            : self.sweep(&books[s].bids, incoming: request, key: key, levelLimit: levelLimit, at: timeNanos)
        if sweep.filled > 0 { books[s].lastTradeFen = sweep.lastPriceFen }
        let remaining = request.quantity - sweep.filled
        if remaining == 0 { return OrderIDTable.finished }
        if !keepRemainder {
            events.append(.cancelled(orderID: request.orderID, remaining: remaining, cause: .marketRemainder, timeNanos: timeNanos))
            return OrderIDTable.finished
        }
        if request.type == .bestFiveThenLimit {
            // The rest becomes a limit order at its last fill price; with no fill, at the
            // best price on its own side; with neither, it is cancelled.
            if sweep.filled > 0 {
                priceFen = sweep.lastPriceFen
            } else if let own = side == .buy ? books[s].bids.bestPriceFen : books[s].asks.bestPriceFen {
                priceFen = own
            } else {
                return cancelWhole(request, .noReferencePrice, at: timeNanos)
            }
        }
        return rest(request, priceFen: priceFen, quantity: remaining)
    }

    private func cancelWhole(_ request: OrderRequest, _ cause: CancelCause, at timeNanos: Int64) -> Int32 {
        events.append(.cancelled(orderID: request.orderID, remaining: request.quantity, cause: cause, timeNanos: timeNanos))
        return OrderIDTable.finished
    }

    /// Trades the incoming order against `opposite` while its best level crosses `key` and at
    /// most `levelLimit` levels have been touched. Each trade is at the resting price.
    private func sweep(_ opposite: inout BookSide, incoming: OrderRequest, key: Int64, levelLimit: Int,
                       at timeNanos: Int64) -> (filled: Int64, lastPriceFen: Int64) {
        var remaining = incoming.quantity
        var lastPriceFen: Int64 = 0
        var levelsTouched = 0
        var currentKey = Int64.min
        while remaining > 0, let top = opposite.best, key + top.key >= 0 {
            if top.key != currentKey {
                if levelsTouched == levelLimit { break }
                levelsTouched += 1
                currentKey = top.key
            }
            let resting = store[top.head]
            let quantity = min(remaining, resting.remaining)
            let priceFen = top.priceFen
            recordTrade(symbol: incoming.symbol, priceFen: priceFen, quantity: quantity,
                        buyOrderID: incoming.side == .buy ? incoming.orderID : resting.orderID,
                        sellOrderID: incoming.side == .buy ? resting.orderID : incoming.orderID,
                        aggressor: incoming.side, at: timeNanos)
            consumeHead(of: &opposite, quantity: quantity)
            remaining -= quantity
            lastPriceFen = priceFen
        }
        return (incoming.quantity - remaining, lastPriceFen)
    }

    /// Appends a trade event. (The caller updates the symbol's last price: this runs while
    /// one side of its book is borrowed.)
    func recordTrade(symbol: Int32, priceFen: Int64, quantity: Int64, buyOrderID: UInt64, sellOrderID: UInt64,
                     aggressor: Side?, at timeNanos: Int64) {
        tradeCount += 1
        events.append(.trade(Trade(tradeID: tradeCount, timeNanos: timeNanos, symbol: symbol, priceFen: priceFen,
                                   quantity: quantity, buyOrderID: buyOrderID, sellOrderID: sellOrderID,
                                   aggressor: aggressor)))
    }

    /// Takes `quantity` from the first order of the best level, removing the order when it
    /// fills and the level when it empties.
    func consumeHead(of side: inout BookSide, quantity: Int64) {
        let slot = side.bestHead
        side.reduceBest(by: quantity)
        let remaining = store[slot].remaining - quantity
        if remaining > 0 {
            store[slot].remaining = remaining
            return
        }
        let next = store[slot].next
        store.free(slot)
        if next < 0 {
            side.removeBest()
        } else {
            side.setBestHead(next)
            store[next].previous = -1
        }
    }

    /// Puts an order at the back of its price level's queue and returns its slot.
    func rest(_ request: OrderRequest, priceFen: Int64, quantity: Int64) -> Int32 {
        let s = Int(request.symbol)
        if request.side == .buy {
            return append(request, priceFen: priceFen, quantity: quantity, to: &books[s].bids)
        } else {
            return append(request, priceFen: priceFen, quantity: quantity, to: &books[s].asks)
        }
    }

    private func append(_ request: OrderRequest, priceFen: Int64, quantity: Int64, to side: inout BookSide) -> Int32 {
        let key = side.key(for: priceFen)
        let (index, found) = side.search(key: key)
        let tail: Int32 = found ? side[index].tail : -1
        let slot = store.allocate(RestingOrder(orderID: request.orderID, priceFen: priceFen, remaining: quantity,
                                               previous: tail, next: -1, symbol: request.symbol, side: request.side))
        if found {
            store[tail].next = slot
            side.update(at: index) { level in
                level.tail = slot
                level.quantity += quantity
            }
        } else {
            side.insert(PriceLevel(key: key, quantity: quantity, head: slot, tail: slot), at: index)
        }
        return slot
    }

    /// Unlinks a resting order from its level and frees it.
    func remove(slot: Int32, from side: inout BookSide) {
        let order = store[slot]
        let (index, found) = side.search(key: side.key(for: order.priceFen))
        precondition(found, "book: a resting order's price level is missing")
        if order.previous >= 0 { store[order.previous].next = order.next }
        if order.next >= 0 { store[order.next].previous = order.previous }
        let emptied = side.update(at: index) { level in
            level.quantity -= order.remaining
            if order.previous < 0 { level.head = order.next }
            if order.next < 0 { level.tail = order.previous }
            return level.head < 0
        }
        if emptied { side.remove(at: index) }
        store.free(slot)
    }
}
