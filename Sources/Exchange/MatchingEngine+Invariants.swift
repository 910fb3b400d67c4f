/// Self-checks for tests and fuzzing: the book's structure, stated as data.
extension MatchingEngine {
    /// Every structural rule the books break right now; empty when all hold.
    ///
    /// Checks: levels strictly ordered; each level's quantity is the sum of its queue; queue
    /// links agree both ways; every queued order is live, positive, of the level's symbol,
    /// side and price, and its id maps to its slot; the store holds no other live order; and
    /// outside a call auction no book is crossed.
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        var queued = 0
        for (s, book) in books.enumerated() {
            let code = book.spec.code
            for side in [book.bids, book.asks] {
                problems += side.structureProblems().map { "\(code) \($0)" }
                var previousKey = Int64.min
                for (i, level) in side.worstFirst.enumerated() {
                    if i > 0, previousKey >= level.key { problems.append("\(code) \(side.side): levels out of order at \(i)") }
                    previousKey = level.key
                    var total: Int64 = 0
                    var previous: Int32 = -1
                    var slot = level.head
                    var steps = 0
                    while slot >= 0 {
                        let order = store[slot]
                        if order.previous != previous { problems.append("\(code): order \(order.orderID) has a broken back link") }
                        if order.remaining <= 0 { problems.append("\(code): order \(order.orderID) rests with \(order.remaining) shares") }
                        if order.symbol != Int32(s) || order.side != side.side || order.priceFen != level.priceFen {
                            problems.append("\(code): order \(order.orderID) sits in the wrong level")
                        }
                        if liveSlot(of: order.orderID) != slot { problems.append("\(code): order \(order.orderID) id does not map to its slot") }
                        total += order.remaining
                        previous = slot
                        slot = order.next
                        steps += 1
                        if steps > store.orders.count { problems.append("\(code): a level's queue loops"); break }
                    }
                    queued += steps
                    if previous != level.tail { problems.append("\(code): level \(level.priceFen) tail is wrong") }
                    if total != level.quantity { problems.append("\(code): level \(level.priceFen) holds \(level.quantity), its orders \(total)") }
                    if level.quantity <= 0 { problems.append("\(code): empty level \(level.priceFen) kept") }
                }
            }
            if !phase.isCall, let bid = book.bids.bestPriceFen, let ask = book.asks.bestPriceFen, bid >= ask {
                problems.append("\(code): book crossed (bid \(bid) ≥ ask \(ask)) in \(phase)")
            }
        }
        if queued != store.liveCount { problems.append("store holds \(store.liveCount) live orders, books queue \(queued)") }
        return problems
    }
}
