import Testing
@testable import Exchange

@Suite struct SessionTests {
    static func engine(_ rules: ExchangeRules, previousCloseFen: Int64 = 500) -> (MatchingEngine, Int32) {
        let engine = MatchingEngine(rules: rules)
        let s = try! engine.list(SymbolSpec(code: "000001", previousCloseFen: previousCloseFen))
        return (engine, s)
    }

    @Test func phasesAndBoundaries() {
        let schedule = TradingSchedule.mainBoard
        #expect(schedule.phase(at: at(9, 14, 59, nanos: 999_999_999)) == .preOpen)
        #expect(schedule.phase(at: at(9, 15)) == .openingCall)
        #expect(schedule.phase(at: at(9, 20)) == .openingCallNoCancel)
        #expect(schedule.phase(at: at(9, 25)) == .preContinuousHold)
        #expect(schedule.phase(at: at(9, 30)) == .morningContinuous)
        #expect(schedule.phase(at: at(11, 30)) == .lunchBreak)
        #expect(schedule.phase(at: at(13, 0)) == .afternoonContinuous)
        #expect(schedule.phase(at: at(14, 57)) == .closingCall)
        #expect(schedule.phase(at: at(15, 0)) == .closed)
        #expect(TradingSchedule(boundariesNanos: [3, 2, 1]) == nil)
    }

    /// SPEC's worked example through the engine's opening call: SSE uncrosses at 5.03 at
    /// 09:25:00; the buy at 5.04 (best price) trades with the only sell.
    @Test(arguments: ExchangeRules.allCases)
    func openingAuctionUncrossesAt0925(rules: ExchangeRules) {
        let (engine, s) = Self.engine(rules, previousCloseFen: 504)
        for (i, price) in [504, 502, 501, 500].enumerated() {
            engine.submit(.limit(at: at(9, 15, Int64(i)), id: UInt64(i + 1), symbol: s, .buy, priceFen: Int64(price), quantity: 100))
        }
        engine.submit(.limit(at: at(9, 16), id: 5, symbol: s, .sell, priceFen: 500, quantity: 100))
        #expect(engine.trades.isEmpty)
        #expect(engine.invariantViolations().isEmpty)   // crossed is allowed in a call
        // An order exactly at 09:25:00 belongs to the hold: the uncross happens before it.
        engine.submit(.limit(at: at(9, 25), id: 6, symbol: s, .sell, priceFen: 500, quantity: 300))
        let trades = engine.trades
        // SZSE's reference is the previous close 5.04, which breaks the 5.03/5.04 tie upwards.
        #expect(trades == [Trade(tradeID: 1, timeNanos: at(9, 25), symbol: s, priceFen: rules == .sse ? 503 : 504,
                                 quantity: 100, buyOrderID: 1, sellOrderID: 5, aggressor: nil)])
        // The held sell trades at 09:30:00 against the three remaining buys, best first.
        engine.removeAllEvents()
        engine.advance(to: at(9, 30))
        #expect(engine.trades.map { [$0.buyOrderID, UInt64($0.priceFen)] } == [[2, 502], [3, 501], [4, 500]])
        #expect(engine.trades.allSatisfy { $0.timeNanos == at(9, 30) && $0.sellOrderID == 6 })
        #expect(engine.invariantViolations().isEmpty)
    }

    @Test func heldInstructionsRunAt0930InArrivalOrder() {
        let (engine, s) = Self.engine(.sse)
        engine.submit(.limit(at: at(9, 16), id: 1, symbol: s, .sell, priceFen: 500, quantity: 100))
        engine.submit(.limit(at: at(9, 26), id: 2, symbol: s, .buy, priceFen: 500, quantity: 100))
        engine.submit(.cancel(at: at(9, 27), id: 1, symbol: s))   // arrives after the buy: too late
        engine.submit(.limit(at: at(9, 28), id: 3, symbol: s, .sell, priceFen: 501, quantity: 100))
        engine.submit(.cancel(at: at(9, 29), id: 3, symbol: s))
        // A market order is not held: it is refused at once.
        engine.submit(.market(.bestFiveThenCancel, at: at(9, 29), id: 4, symbol: s, .buy, quantity: 100))
        #expect(engine.rejections.map(\.reason) == [.marketOrderOutsideContinuous])
        #expect(engine.trades.isEmpty)
        engine.removeAllEvents()
        engine.submit(.limit(at: at(9, 30), id: 5, symbol: s, .buy, priceFen: 490, quantity: 100))
        #expect(engine.trades.map(\.tradeID) == [1])
        #expect(engine.trades.first?.timeNanos == at(9, 30))
        #expect(engine.rejections == [Rejection(timeNanos: at(9, 30), orderID: 1, type: .cancel, reason: .orderFinished)])
        #expect(engine.events.contains(.cancelled(orderID: 3, remaining: 100, cause: .requested, timeNanos: at(9, 30))))
        #expect(engine.bestAskFen(s) == nil && engine.bestBidFen(s) == 490)
    }

    @Test func cancelWindowsAndClosedSessions() {
        let (engine, s) = Self.engine(.szse)
        engine.submit(.limit(at: at(9, 14), id: 1, symbol: s, .buy, priceFen: 500, quantity: 100))
        engine.submit(.limit(at: at(9, 15), id: 2, symbol: s, .buy, priceFen: 500, quantity: 100))
        engine.submit(.limit(at: at(9, 15), id: 3, symbol: s, .buy, priceFen: 500, quantity: 100))
        engine.submit(.cancel(at: at(9, 19), id: 2, symbol: s))
        engine.submit(.cancel(at: at(9, 20), id: 3, symbol: s))
        engine.submit(.limit(at: at(11, 30), id: 4, symbol: s, .buy, priceFen: 500, quantity: 100))
        engine.submit(.cancel(at: at(12, 0), id: 3, symbol: s))
        engine.submit(.limit(at: at(14, 57), id: 5, symbol: s, .buy, priceFen: 500, quantity: 100))
        engine.submit(.cancel(at: at(14, 58), id: 5, symbol: s))
        engine.submit(.limit(at: at(15, 0), id: 6, symbol: s, .buy, priceFen: 500, quantity: 100))
        #expect(engine.rejections.map { [$0.orderID: $0.reason] } == [
            [1: .sessionClosed], [3: .cancelNotAllowed], [4: .sessionClosed], [3: .sessionClosed],
            [5: .cancelNotAllowed], [6: .sessionClosed],
        ])
        #expect(engine.events.contains(.cancelled(orderID: 2, remaining: 100, cause: .requested, timeNanos: at(9, 19))))
        // At 15:00 what still rests expires, in a stated order.
        let expired = engine.events.compactMap { e -> UInt64? in
            if case .cancelled(let id, _, .endOfDay, let t) = e, t == at(15, 0) { id } else { nil }
        }
        #expect(expired == [3, 5])
        #expect(engine.restingOrderCount == 0)
    }

    /// Closing call: continuous orders take part; the SZSE reference is the last trade price.
    @Test func closingAuctionUsesLastTradeAsSZSEReference() {
        let (engine, s) = Self.engine(.szse, previousCloseFen: 500)
        let t = at(14, 0)
        engine.submit(.limit(at: t, id: 1, symbol: s, .sell, priceFen: 503, quantity: 100))
        engine.submit(.limit(at: t, id: 2, symbol: s, .buy, priceFen: 503, quantity: 100))   // last trade 5.03
        // Resting from continuous trading: a buy at 5.04 (imbalance tie between 5.03 and 5.04
        // as in the worked example is rebuilt in the call).
        engine.submit(.limit(at: t, id: 3, symbol: s, .buy, priceFen: 504, quantity: 100))
        engine.submit(.limit(at: at(14, 57), id: 4, symbol: s, .buy, priceFen: 502, quantity: 100))
        engine.submit(.limit(at: at(14, 58), id: 5, symbol: s, .buy, priceFen: 501, quantity: 100))
        engine.submit(.limit(at: at(14, 58), id: 6, symbol: s, .buy, priceFen: 500, quantity: 100))
        engine.submit(.limit(at: at(14, 59), id: 7, symbol: s, .sell, priceFen: 500, quantity: 100))
        engine.removeAllEvents()
        engine.finishDay()
        #expect(engine.trades == [Trade(tradeID: 2, timeNanos: at(15, 0), symbol: s, priceFen: 503, quantity: 100,
                                        buyOrderID: 3, sellOrderID: 7, aggressor: nil)])
    }

    /// Random opening books through the engine: the uncross price, volume and every pairing
    /// equal the brute-force auction and greedy allocation.
    @Test(arguments: ExchangeRules.allCases)
    func randomOpeningBooksAllocateByPriority(rules: ExchangeRules) {
        var rng = TestRandom(seed: rules == .sse ? 31 : 32)
        for round in 0..<1_500 {
            let previousClose = rng.int(400...600)
            let engine = MatchingEngine(rules: rules)
            let s = try! engine.list(SymbolSpec(code: "X", previousCloseFen: previousClose, limit: .none))
            var orders: [BruteForceAuction.Order] = []
            for i in 0..<Int(rng.int(2...20)) {
                let side: Side = rng.chance(50) ? .buy : .sell
                let order = BruteForceAuction.Order(id: UInt64(i + 1), side: side, priceFen: previousClose + rng.int(-6...6),
                                                    quantity: rng.int(1...5) * 100)
                orders.append(order)
                engine.submit(.limit(at: at(9, 15, Int64(i)), id: order.id, symbol: s, side, priceFen: order.priceFen,
                                     quantity: order.quantity))
            }
            engine.advance(to: at(9, 25))
            let expected = BruteForceAuction.price(orders, tickFen: 1, rules: rules, referenceFen: previousClose)
            let trades = engine.trades
            if let expected {
                let pairs = BruteForceAuction.allocation(orders, at: expected.priceFen, volume: expected.volume)
                #expect(trades.map { [$0.buyOrderID, $0.sellOrderID, UInt64($0.quantity)] } == pairs.map { [$0.0, $0.1, UInt64($0.2)] },
                        "round \(round)")
                #expect(trades.allSatisfy { $0.priceFen == expected.priceFen && $0.timeNanos == at(9, 25) })
            } else {
                #expect(trades.isEmpty)
            }
            let problems = engine.invariantViolations()
            #expect(problems.isEmpty)
            // After the uncross the book is no longer crossed.
            if let bid = engine.bestBidFen(s), let ask = engine.bestAskFen(s) { #expect(bid < ask) }
        }
    }

    /// Symbols listed out of code order (as a replay lists them, by first appearance) still
    /// uncross in ascending code order, and their books expire at the close in that order.
    @Test func sessionBoundariesWalkSymbolsInCodeOrder() {
        let engine = MatchingEngine(rules: .sse)
        let codes = ["600519", "000001", "600000", "300750", "000002"]
        let symbols = codes.map { try! engine.list(SymbolSpec(code: $0, previousCloseFen: 1_000)) }
        for (n, s) in symbols.enumerated() {
            let id = UInt64(10 * n)
            engine.submit(.limit(at: at(9, 15), id: id + 1, symbol: s, .buy, priceFen: 1_000, quantity: 100))
            engine.submit(.limit(at: at(9, 15), id: id + 2, symbol: s, .sell, priceFen: 1_000, quantity: 100))
            engine.submit(.limit(at: at(9, 15), id: id + 3, symbol: s, .buy, priceFen: 990, quantity: 100))
        }
        engine.removeAllEvents()
        engine.advance(to: at(9, 25))
        let sorted = codes.enumerated().sorted { $0.element < $1.element }.map { Int32($0.offset) }
        #expect(engine.trades.map(\.symbol) == sorted)
        engine.removeAllEvents()
        engine.finishDay()
        let expired = engine.events.compactMap { event -> UInt64? in
            if case .cancelled(let id, _, .endOfDay, _) = event { return id }
            return nil
        }
        #expect(expired == sorted.map { UInt64(10 * Int($0) + 3) })
        // Listing one more symbol after a boundary still keeps the order.
        let late = try! engine.list(SymbolSpec(code: "000000", previousCloseFen: 1_000))
        #expect(engine.symbolsInCodeOrder() == [late] + sorted)
    }
}
