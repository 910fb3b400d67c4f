import Testing
@testable import Exchange

@Suite struct RejectTests {
    /// Every reason, each from the smallest instruction that causes it.
    @Test func everyReasonIsReachable() {
        let engine = MatchingEngine(rules: .sse)
        let s = try! engine.list(SymbolSpec(code: "600000", previousCloseFen: 1_000, tickFen: 1, lotShares: 100))
        let t = at(10, 0)
        engine.submit(.limit(at: t, id: 1, symbol: s, .buy, priceFen: 1_000, quantity: 100))
        engine.submit(.limit(at: t + 1, id: 2, symbol: s, .sell, priceFen: 1_000, quantity: 100))   // fills order 1
        engine.removeAllEvents()
        let cases: [(OrderRequest, RejectReason)] = [
            (.limit(at: t, id: 9, symbol: s, .buy, priceFen: 1_000, quantity: 100), .timeWentBackwards),
            (.limit(at: at(12, 0), id: 10, symbol: s, .buy, priceFen: 1_000, quantity: 100), .sessionClosed),
            (.limit(at: at(13, 1), id: 11, symbol: 7, .buy, priceFen: 1_000, quantity: 100), .unknownSymbol),
            (.limit(at: at(13, 1), id: 12, symbol: -1, .buy, priceFen: 1_000, quantity: 100), .unknownSymbol),
            (.market(.fillOrKill, at: at(13, 1), id: 13, symbol: s, .buy, quantity: 100), .typeNotOffered),
            (.limit(at: at(13, 1), id: 14, symbol: s, .buy, priceFen: 1_000, quantity: 0), .nonPositiveQuantity),
            (.limit(at: at(13, 1), id: 15, symbol: s, .sell, priceFen: 1_000, quantity: -100), .nonPositiveQuantity),
            (.limit(at: at(13, 1), id: 16, symbol: s, .buy, priceFen: 1_000, quantity: 1_000_100), .quantityAboveMaximum),
            (.limit(at: at(13, 1), id: 17, symbol: s, .buy, priceFen: 1_000, quantity: 150), .badLot),
            (.limit(at: at(13, 1), id: 18, symbol: s, .buy, priceFen: 0, quantity: 100), .offTick),
            (.limit(at: at(13, 1), id: 19, symbol: s, .buy, priceFen: 1_101, quantity: 100), .outsideBand),
            (.limit(at: at(13, 1), id: 20, symbol: s, .buy, priceFen: 899, quantity: 100), .outsideBand),
            (.limit(at: at(13, 1), id: 1, symbol: s, .buy, priceFen: 1_000, quantity: 100), .duplicateOrderID),
            (.cancel(at: at(13, 1), id: 999, symbol: s), .unknownOrder),
            (.cancel(at: at(13, 1), id: 1, symbol: s), .orderFinished),
            (.market(.bestFiveThenCancel, at: at(14, 58), id: 21, symbol: s, .buy, quantity: 100), .marketOrderOutsideContinuous),
            (.cancel(at: at(14, 58), id: 2, symbol: s), .cancelNotAllowed),
        ]
        for (request, reason) in cases {
            engine.removeAllEvents()
            engine.submit(request)
            #expect(engine.events == [.rejected(Rejection(timeNanos: request.timeNanos, orderID: request.orderID,
                                                          type: request.type, reason: reason))],
                    "\(reason)")
        }
        #expect(Set(cases.map(\.1)) == Set(RejectReason.allCases))
        #expect(engine.invariantViolations().isEmpty)
    }

    @Test func offTickOnCoarseGridAndOddLotSells() {
        let engine = MatchingEngine(rules: .szse)
        let s = try! engine.list(SymbolSpec(code: "000002", previousCloseFen: 1_000, tickFen: 5, lotShares: 100))
        engine.submit(.limit(at: at(10, 0), id: 1, symbol: s, .buy, priceFen: 1_002, quantity: 100))
        engine.submit(.limit(at: at(10, 0), id: 2, symbol: s, .sell, priceFen: 1_005, quantity: 37))
        #expect(engine.rejections.map(\.reason) == [.offTick])
        #expect(engine.restingQuantity(of: 2) == 37)
        // A rejected order does not take its id.
        engine.submit(.limit(at: at(10, 0), id: 1, symbol: s, .buy, priceFen: 1_000, quantity: 100))
        #expect(engine.restingQuantity(of: 1) == 100)
    }

    @Test func bandRoundsHalfUpToTheTick() {
        // 10.05 × 1.1 = 11.055 → 11.06; × 0.9 = 9.045 → 9.05.
        #expect(SymbolSpec(code: "A", previousCloseFen: 1_005).bandFen == 905...1_106)
        // ±20 %: 10.05 × 1.2 = 12.06, × 0.8 = 8.04.
        #expect(SymbolSpec(code: "A", previousCloseFen: 1_005, limit: .growthBoard).bandFen == 804...1_206)
        // Tick 0.05: 10.05 × 1.1 = 11.055 → 11.05 (221.1 ticks); × 0.9 = 9.045 → 9.05 (180.9 ticks).
        #expect(SymbolSpec(code: "A", previousCloseFen: 1_005, tickFen: 5).bandFen == 905...1_105)
        #expect(SymbolSpec(code: "A", previousCloseFen: 1_005, limit: .none).bandFen == nil)
        #expect(SymbolSpec(code: "A", previousCloseFen: 1, limit: .basisPoints(10_000)).bandFen == 1...2)
    }

    @Test func badListingsAreErrors() {
        let engine = MatchingEngine(rules: .sse)
        #expect(throws: MatchingEngine.ListingError.self) { try engine.list(SymbolSpec(code: "", previousCloseFen: 100)) }
        #expect(throws: MatchingEngine.ListingError.self) { try engine.list(SymbolSpec(code: "A", previousCloseFen: 0)) }
        #expect(throws: MatchingEngine.ListingError.self) { try engine.list(SymbolSpec(code: "A", previousCloseFen: 1_001, tickFen: 5)) }
        #expect(throws: MatchingEngine.ListingError.self) { try engine.list(SymbolSpec(code: "A", limit: .basisPoints(0))) }
        _ = try? engine.list(SymbolSpec(code: "A"))
        #expect(throws: MatchingEngine.ListingError.self) { try engine.list(SymbolSpec(code: "A")) }
    }

    /// Arbitrary instructions — any id, symbol, type, price, quantity and time — never crash
    /// the engine or break a book.
    @Test func arbitraryInstructionsKeepBooksSound() {
        var rng = TestRandom(seed: 41)
        for rules in ExchangeRules.allCases {
            let engine = MatchingEngine(rules: rules)
            for code in ["B", "A", "C"] { _ = try? engine.list(SymbolSpec(code: code, previousCloseFen: 1_000, tickFen: code == "C" ? 10 : 1)) }
            var time = at(9, 0)
            for n in 0..<20_000 {
                time += rng.int(0...2_000_000_000)
                let wild = rng.chance(5)
                let request = OrderRequest(
                    timeNanos: wild && rng.chance(50) ? time - rng.int(1...1_000_000_000_000) : time,
                    orderID: rng.chance(10) ? rng.next() : UInt64(rng.int(0...3_000)),
                    symbol: Int32(truncatingIfNeeded: rng.int(-1...3)),
                    side: rng.chance(50) ? .buy : .sell,
                    type: OrderType(rawValue: UInt8(rng.next() % 8))!,
                    priceFen: wild ? Int64(bitPattern: rng.next()) : rng.int(880...1_120),
                    quantity: wild ? Int64(bitPattern: rng.next()) : rng.int(-1...9) * 100 + (rng.chance(5) ? 1 : 0))
                engine.submit(request)
                if n % 97 == 0 {
                    let problems = engine.invariantViolations()
                    #expect(problems.isEmpty, "\(rules) after \(n): \(problems)")
                    if !problems.isEmpty { return }
                }
                engine.removeAllEvents()
            }
            #expect(engine.clockNanos < at(15, 0), "the stream should end inside the trading day")
            engine.finishDay()
            #expect(engine.restingOrderCount == 0)
        }
    }
}
