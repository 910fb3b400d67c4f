import Testing
@testable import Exchange

@Suite struct ContinuousMatchingTests {
    static let symbol = SymbolSpec(code: "600000", previousCloseFen: 1_000)

    static func engine(_ rules: ExchangeRules, bookChunkCapacity: Int = 512) -> (MatchingEngine, Int32) {
        let engine = MatchingEngine(rules: rules)
        engine.bookChunkCapacity = bookChunkCapacity
        let s = try! engine.list(symbol)
        return (engine, s)
    }

    @Test func tradeAtRestingPriceAndPartialKeepsPriority() {
        let (engine, s) = Self.engine(.sse)
        let t = at(9, 30, 1)
        engine.submit(.limit(at: t, id: 1, symbol: s, .sell, priceFen: 1_001, quantity: 300))
        engine.submit(.limit(at: t, id: 2, symbol: s, .sell, priceFen: 1_001, quantity: 200))
        engine.submit(.limit(at: t, id: 3, symbol: s, .sell, priceFen: 1_000, quantity: 100))
        engine.removeAllEvents()
        // A buy at 10.05 takes 10.00 first (better price), then order 1 (earlier) at 10.01.
        engine.submit(.limit(at: t + 5, id: 4, symbol: s, .buy, priceFen: 1_005, quantity: 200))
        #expect(engine.trades.map { [$0.sellOrderID, UInt64($0.priceFen), UInt64($0.quantity)] } == [[3, 1_000, 100], [1, 1_001, 100]])
        #expect(engine.trades.allSatisfy { $0.timeNanos == t + 5 && $0.aggressor == .buy })
        // Order 1 keeps its place ahead of order 2 with its 200 left.
        engine.removeAllEvents()
        engine.submit(.limit(at: t + 6, id: 5, symbol: s, .buy, priceFen: 1_001, quantity: 300))
        #expect(engine.trades.map { [$0.sellOrderID, UInt64($0.quantity)] } == [[1, 200], [2, 100]])
        #expect(engine.restingQuantity(of: 2) == 100)
        #expect(engine.invariantViolations().isEmpty)
    }

    @Test func marketTypesFollowTheirRules() {
        let (engine, s) = Self.engine(.szse)
        let t = at(10, 0)
        for (i, price) in [1_001, 1_002, 1_003, 1_004, 1_005, 1_006].enumerated() {
            engine.submit(.limit(at: t, id: UInt64(10 + i), symbol: s, .sell, priceFen: Int64(price), quantity: 100))
        }
        engine.removeAllEvents()
        // FOK for more than the book holds: cancelled whole, nothing trades.
        engine.submit(.market(.fillOrKill, at: t, id: 1, symbol: s, .buy, quantity: 700))
        #expect(engine.trades.isEmpty)
        #expect(engine.events.last == .cancelled(orderID: 1, remaining: 700, cause: .notFillable, timeNanos: t))
        // B5C sweeps five levels and cancels the rest.
        engine.removeAllEvents()
        engine.submit(.market(.bestFiveThenCancel, at: t, id: 2, symbol: s, .buy, quantity: 600))
        #expect(engine.trades.map(\.priceFen) == [1_001, 1_002, 1_003, 1_004, 1_005])
        #expect(engine.events.last == .cancelled(orderID: 2, remaining: 100, cause: .marketRemainder, timeNanos: t))
        // OPP becomes a limit at the best ask and rests the rest there.
        engine.removeAllEvents()
        engine.submit(.market(.counterpartyBest, at: t, id: 3, symbol: s, .buy, quantity: 300))
        #expect(engine.trades.map(\.priceFen) == [1_006])
        #expect(engine.bestBidFen(s) == 1_006 && engine.restingQuantity(of: 3) == 200)
        #expect(engine.invariantViolations().isEmpty)
    }

    @Test func sseBestFiveThenLimitRestsAtLastFill() {
        let (engine, s) = Self.engine(.sse)
        let t = at(10, 0)
        engine.submit(.limit(at: t, id: 10, symbol: s, .buy, priceFen: 999, quantity: 100))
        engine.submit(.limit(at: t, id: 11, symbol: s, .buy, priceFen: 998, quantity: 100))
        engine.submit(.market(.bestFiveThenLimit, at: t, id: 1, symbol: s, .sell, quantity: 500))
        #expect(engine.bestAskFen(s) == 998 && engine.restingQuantity(of: 1) == 300)
        // With nothing to fill against and nothing on its own side, B5L is cancelled.
        let (empty, e) = Self.engine(.sse)
        empty.submit(.market(.bestFiveThenLimit, at: t, id: 1, symbol: e, .sell, quantity: 100))
        #expect(empty.events.last == .cancelled(orderID: 1, remaining: 100, cause: .noReferencePrice, timeNanos: t))
    }

    /// Random continuous streams, checked against the naive book event by event, with the
    /// engine's own structural invariants, conservation and crossing checked after each one.
    /// With chunks of two or three levels the 21 prices in play split books into many chunks,
    /// which cancels and fills then empty and remove.
    @Test(arguments: ExchangeRules.allCases, [512, 2, 3])
    func randomStreamsMatchReferenceBook(rules: ExchangeRules, bookChunkCapacity: Int) {
        let (engine, s) = Self.engine(rules, bookChunkCapacity: bookChunkCapacity)
        var reference = ReferenceBook()
        var rng = TestRandom(seed: rules == .sse ? 21 : 22)
        let marketTypes = rules.offeredTypes.filter(\.isMarket)
        var submitted: [UInt64: Int64] = [:]   // id → quantity
        var filled: [UInt64: Int64] = [:], cancelled: [UInt64: Int64] = [:]
        var lastRestingSequence: [UInt64] = []
        var tradeCount = 0
        let t = at(9, 30)
        for n in 1...6_000 {
            let id = UInt64(n)
            let side: Side = rng.chance(50) ? .buy : .sell
            var type = OrderType.limit
            if rng.chance(25), !submitted.isEmpty { type = .cancel }
            else if rng.chance(12) { type = marketTypes[Int(rng.next() % UInt64(marketTypes.count))] }
            let price = rng.int(990...1_010)
            let quantity = rng.int(1...6) * 100
            let target = type == .cancel ? UInt64(rng.int(max(1, Int64(n) - 60)...Int64(n - 1))) : id
            engine.removeAllEvents()
            engine.submit(OrderRequest(timeNanos: t + Int64(n), orderID: target, symbol: s, side: side, type: type,
                                       priceFen: type == .limit ? price : 0, quantity: quantity))
            let expected = reference.submit(id: target, side: side, type: type, priceFen: price, quantity: quantity)
            var actual: [ReferenceBook.Outcome] = []
            for event in engine.events {
                switch event {
                case .trade(let tr):
                    actual.append(.trade(buy: tr.buyOrderID, sell: tr.sellOrderID, priceFen: tr.priceFen, quantity: tr.quantity))
                    filled[tr.buyOrderID, default: 0] += tr.quantity
                    filled[tr.sellOrderID, default: 0] += tr.quantity
                    tradeCount += 1
                    // The resting side's price is the trade price.
                    let restingID = tr.aggressor == .buy ? tr.sellOrderID : tr.buyOrderID
                    #expect(restingID != target || type == .cancel)
                case .cancelled(let oid, let remaining, _, _):
                    actual.append(.cancelled(id: oid, remaining: remaining))
                    cancelled[oid, default: 0] += remaining
                case .accepted, .rejected: break
                }
            }
            #expect(actual == expected, "instruction \(n) \(type.code) \(side) \(price) x\(quantity)")
            if actual != expected { return }
            if type != .cancel { submitted[id] = quantity }
            let problems = engine.invariantViolations()
            #expect(problems.isEmpty, "after \(n): \(problems)")
            if !problems.isEmpty { return }
            lastRestingSequence = reference.orders.map(\.id)
        }
        // Quantity conserved: every order's shares are filled, cancelled or still resting.
        for (id, quantity) in submitted {
            let resting = engine.restingQuantity(of: id) ?? 0
            #expect(filled[id, default: 0] + cancelled[id, default: 0] + resting == quantity, "order \(id)")
        }
        #expect(tradeCount > 3_000)
        #expect(!lastRestingSequence.isEmpty)
    }
}
