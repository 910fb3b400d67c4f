@testable import Stack
import Exchange
import Testing

@Suite struct AssetStoreTests {
    func header(_ side: Side, price: Int64, quantity: Int64, business: Business = .A1, type: OrderType = .limit, freeze: Int64? = nil) -> OrderHeader {
        var h = OrderHeader(client: 3, symbol: 0, priceFen: price, quantity: quantity, clientClass: .II, business: business,
                            market: .szse, side: side, type: type, slot: 1, population: 0)
        h.freezePriceFen = side == .buy ? (freeze ?? price) : 0
        return h
    }

    func store() -> AssetStore {
        var s = AssetStore()
        s.addSection(.II, clients: 10, modulus: 2, residue: 1, width: 4)
        s.open(slot: s.slot(.II, 3), cashFen: 100_000)
        s.open(position: s.positionIndex(.II, 3, watch: 1), shares: 500)
        return s
    }

    @Test func aBuyFreezesAtItsLimitAndSettlesAtTheTradePrice() {
        var s = store()
        let slot = s.slot(.II, 3)
        let buy = header(.buy, price: 500, quantity: 100)
        #expect(s.freeze(buy, watch: 1) == nil)
        #expect(s.cashFen[slot] == 50_000 && s.frozenCashFen[slot] == 50_000)
        s.settle(buy, .fill(quantity: 60, priceFen: 490), watch: 1)  // 10 fen better per share comes back
        #expect(s.cashFen[slot] == 50_600 && s.frozenCashFen[slot] == 20_000)
        s.settle(buy, .release(quantity: 40), watch: 1)
        #expect(s.cashFen[slot] == 70_600 && s.frozenCashFen[slot] == 0)
        #expect(s.shares[s.positionIndex(.II, 3, watch: 1)] == 560)
        #expect(s.cashFen[slot] == 100_000 - 60 * 490)
    }

    @Test func aSellFreezesSharesAndRefusesWhatIsNotHeld() {
        var s = store()
        let p = s.positionIndex(.II, 3, watch: 1)
        #expect(s.freeze(header(.sell, price: 500, quantity: 600), watch: 1) == .insufficientPosition)
        let sell = header(.sell, price: 500, quantity: 300)
        #expect(s.freeze(sell, watch: 1) == nil)
        #expect(s.shares[p] == 200 && s.frozenShares[p] == 300)
        s.settle(sell, .fill(quantity: 300, priceFen: 510), watch: 1)
        #expect(s.frozenShares[p] == 0 && s.cashFen[s.slot(.II, 3)] == 100_000 + 300 * 510)
    }

    @Test func aBuyBeyondTheCashIsRefusedAndASubscriptionPaysTheIssuer() {
        var s = store()
        #expect(s.freeze(header(.buy, price: 2_000, quantity: 100), watch: 1) == .insufficientFunds)
        let fund = header(.buy, price: 30_000, quantity: 1, business: .C2)
        #expect(s.freeze(fund, watch: 1) == nil)
        s.settle(fund, .subscribe, watch: 1)
        #expect(s.cashFen[s.slot(.II, 3)] == 70_000 && s.frozenCashFen[s.slot(.II, 3)] == 0 && s.subscriptionsFen == 30_000)
    }
}
