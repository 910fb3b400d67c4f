import Testing
@testable import Exchange

@Suite struct CallAuctionTests {
    /// SPEC §3.3 worked example: buys 100 @ 5.04, 5.02, 5.01, 5.00; sells 100 @ 5.00.
    static let example: [BruteForceAuction.Order] = [
        .init(id: 1, side: .buy, priceFen: 504, quantity: 100),
        .init(id: 2, side: .buy, priceFen: 502, quantity: 100),
        .init(id: 3, side: .buy, priceFen: 501, quantity: 100),
        .init(id: 4, side: .buy, priceFen: 500, quantity: 100),
        .init(id: 5, side: .sell, priceFen: 500, quantity: 100),
    ]

    static func levels(_ orders: [BruteForceAuction.Order]) -> (buys: [AuctionLevel], sells: [AuctionLevel]) {
        func aggregate(_ side: Side, descending: Bool) -> [AuctionLevel] {
            var byPrice: [Int64: Int64] = [:]
            for o in orders where o.side == side { byPrice[o.priceFen, default: 0] += o.quantity }
            return byPrice.keys.sorted(by: descending ? (>) : (<)).map { AuctionLevel(priceFen: $0, quantity: byPrice[$0]!) }
        }
        return (aggregate(.buy, descending: true), aggregate(.sell, descending: false))
    }

    @Test func workedExampleSSEIsMidpoint() {
        let (buys, sells) = Self.levels(Self.example)
        let result = CallAuction.uncross(buys: buys, sells: sells, tickFen: 1, rules: .sse, referenceFen: 500)
        #expect(result == AuctionResult(priceFen: 503, volume: 100))
    }

    @Test func workedExampleSZSEFollowsReference() {
        let (buys, sells) = Self.levels(Self.example)
        // Imbalance is 0 at 5.03 and 5.04, 100 at 5.02: the reference picks between them.
        for (reference, expected) in [(Int64(500), Int64(503)), (503, 503), (504, 504), (520, 504), (1, 503)] {
            let result = CallAuction.uncross(buys: buys, sells: sells, tickFen: 1, rules: .szse, referenceFen: reference)
            #expect(result == AuctionResult(priceFen: expected, volume: 100), "reference \(reference)")
        }
    }

    /// The same book on a 2-fen grid: candidates 10.06 and 10.08 tie on imbalance, and a
    /// reference of 10.07 is equally close to both, so the higher wins.
    @Test func szseEquidistantReferencePicksHigher() {
        let doubled = Self.example.map { BruteForceAuction.Order(id: $0.id, side: $0.side, priceFen: $0.priceFen * 2, quantity: $0.quantity) }
        let (buys, sells) = Self.levels(doubled)
        let result = CallAuction.uncross(buys: buys, sells: sells, tickFen: 2, rules: .szse, referenceFen: 1007)
        #expect(result == AuctionResult(priceFen: 1008, volume: 100))
        #expect(CallAuction.uncross(buys: buys, sells: sells, tickFen: 2, rules: .sse, referenceFen: 1007)
                == AuctionResult(priceFen: 1006, volume: 100))
    }

    @Test func noCrossNoPrice() {
        let buys = [AuctionLevel(priceFen: 499, quantity: 100)], sells = [AuctionLevel(priceFen: 500, quantity: 100)]
        for rules in ExchangeRules.allCases {
            #expect(CallAuction.uncross(buys: buys, sells: sells, tickFen: 1, rules: rules, referenceFen: 500) == nil)
            #expect(CallAuction.uncross(buys: [], sells: sells, tickFen: 1, rules: rules, referenceFen: 500) == nil)
            #expect(CallAuction.uncross(buys: buys, sells: [], tickFen: 1, rules: rules, referenceFen: 500) == nil)
        }
    }

    /// A random book: a few orders at prices on a grid, sometimes spread wide so that gaps
    /// between order prices hold many empty ticks.
    static func randomBook(_ rng: inout TestRandom) -> (orders: [BruteForceAuction.Order], tick: Int64, reference: Int64) {
        let tick: Int64 = rng.chance(70) ? 1 : [2, 5, 10][Int(rng.next() % 3)]
        let center = rng.int(50...400)
        let spread = rng.chance(30) ? rng.int(10...60) : rng.int(1...8)
        let count = Int(rng.int(2...14))
        var orders: [BruteForceAuction.Order] = []
        for id in 0..<count {
            let side: Side = rng.chance(50) ? .buy : .sell
            let ticks = center + rng.int(-spread...spread)
            let quantity = rng.chance(60) ? rng.int(1...5) * 100 : rng.int(1...700)
            orders.append(.init(id: UInt64(id + 1), side: side, priceFen: max(1, ticks) * tick, quantity: quantity))
        }
        let reference = rng.chance(20) ? rng.int(1...(500 * tick)) : (center + rng.int(-spread...spread)) * tick
        return (orders, tick, max(1, reference))
    }

    /// ≥ 10,000 random books per rule set, fast search against brute force.
    @Test(arguments: ExchangeRules.allCases)
    func randomBooksMatchBruteForce(rules: ExchangeRules) {
        var rng = TestRandom(seed: rules == .sse ? 11 : 12)
        var crossed = 0, checked = 0
        for _ in 0..<12_000 {
            let (orders, tick, reference) = Self.randomBook(&rng)
            let (buys, sells) = Self.levels(orders)
            let fast = CallAuction.uncross(buys: buys, sells: sells, tickFen: tick, rules: rules, referenceFen: reference)
            let slow = BruteForceAuction.price(orders, tickFen: tick, rules: rules, referenceFen: reference)
            #expect(fast == slow, "book \(orders) tick \(tick) reference \(reference)")
            if fast != slow { return }
            checked += 1
            if slow != nil { crossed += 1 }
        }
        #expect(checked == 12_000)
        // Both kinds of book were exercised in quantity.
        #expect(crossed > 4_000 && crossed < 11_000)
    }
}
