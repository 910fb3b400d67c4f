/// Session boundaries: call-auction uncrosses, held instructions, the close.
extension MatchingEngine {
    /// Uncrosses every symbol's book at one instant, in ascending code order.
    func uncrossAll(at timeNanos: Int64, closing: Bool) {
        for symbol in symbolsInCodeOrder() { uncross(symbol, at: timeNanos, closing: closing) }
    }

    /// The auction price and volume the symbol's book would uncross at now, if it crosses.
    /// The reference is the previous close, or in the closing auction the last trade price
    /// when there is one.
    public func indicativeAuction(_ symbol: Int32, closing: Bool) -> AuctionResult? {
        let book = books[Int(symbol)]
        let reference = closing && book.lastTradeFen > 0 ? book.lastTradeFen : book.spec.previousCloseFen
        return CallAuction.uncross(buys: depth(symbol, .buy), sells: depth(symbol, .sell),
                                   tickFen: book.spec.tickFen, rules: rules, referenceFen: reference)
    }

    private func uncross(_ symbol: Int32, at timeNanos: Int64, closing: Bool) {
        guard let result = indicativeAuction(symbol, closing: closing) else { return }
        let s = Int(symbol)
        var volume = result.volume
        while volume > 0 {
            let buy = store[books[s].bids.best!.head]
            let sell = store[books[s].asks.best!.head]
            precondition(buy.priceFen >= result.priceFen && sell.priceFen <= result.priceFen,
                         "auction: volume left with no order able to trade at the auction price")
            let quantity = min(volume, buy.remaining, sell.remaining)
            recordTrade(symbol: symbol, priceFen: result.priceFen, quantity: quantity,
                        buyOrderID: buy.orderID, sellOrderID: sell.orderID, aggressor: nil, at: timeNanos)
            consumeHead(of: &books[s].bids, quantity: quantity)
            consumeHead(of: &books[s].asks, quantity: quantity)
            volume -= quantity
        }
        books[s].lastTradeFen = result.priceFen
    }

    /// Processes the instructions received 09:25–09:30 as continuous trading at `timeNanos`.
    func releaseHeld(at timeNanos: Int64) {
        let instructions = held
        held.removeAll()
        for request in instructions {
            if request.type == .cancel {
                cancel(request, at: timeNanos)
            } else {
                let slot = executeContinuous(request, at: timeNanos)
                ids.update(request.orderID, value: slot)
            }
        }
    }

    /// At the close every order still resting expires: symbols in code order, bids then
    /// asks, best price first, earliest first.
    func expireAll(at timeNanos: Int64) {
        for symbol in symbolsInCodeOrder() {
            let s = Int(symbol)
            for side in [Side.buy, .sell] {
                while true {
                    let top = side == .buy ? books[s].bids.best : books[s].asks.best
                    guard let level = top else { break }
                    let order = store[level.head]
                    if side == .buy {
                        consumeHead(of: &books[s].bids, quantity: order.remaining)
                    } else {
                        consumeHead(of: &books[s].asks, quantity: order.remaining)
                    }
                    events.append(.cancelled(orderID: order.orderID, remaining: order.remaining, cause: .endOfDay,
                                             timeNanos: timeNanos))
                }
            }
        }
    }
}
