import Kernel
@testable import Stack
import Exchange
import Testing

@Suite struct AssetStoreTests {
    func header(_ side: Side, price: Int64, quantity: Int64, business: Business = .A1, type: OrderType = .limit, freeze: Int64? = nil) -> OrderHeader {
        var h = OrderHeader(client: 3, symbol: 0, priceFen: price, quantity: quantity, clientClass: .II, business: business,
                            market: .szse, side: side, type: type, slot: 1, population: StackNodeID(0))
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
        #expect(s.freeze(buy, watch: 1, order: 0, at: 0) == nil)
        #expect(s.cashFen[slot] == 50_000 && s.frozenCashFen[slot] == 50_000)
        s.settle(buy, .fill(quantity: 60, priceFen: 490), watch: 1, order: 0, at: 0)  // 10 fen better per share comes back
        #expect(s.cashFen[slot] == 50_600 && s.frozenCashFen[slot] == 20_000)
        s.settle(buy, .release(quantity: 40), watch: 1, order: 0, at: 0)
        #expect(s.cashFen[slot] == 70_600 && s.frozenCashFen[slot] == 0)
        #expect(s.shares[s.positionIndex(.II, 3, watch: 1)] == 560)
        #expect(s.cashFen[slot] == 100_000 - 60 * 490)
    }

    @Test func aSellFreezesSharesAndRefusesWhatIsNotHeld() {
        var s = store()
        let p = s.positionIndex(.II, 3, watch: 1)
        #expect(s.freeze(header(.sell, price: 500, quantity: 600), watch: 1, order: 0, at: 0) == .insufficientPosition)
        let sell = header(.sell, price: 500, quantity: 300)
        #expect(s.freeze(sell, watch: 1, order: 0, at: 0) == nil)
        #expect(s.shares[p] == 200 && s.frozenShares[p] == 300)
        s.settle(sell, .fill(quantity: 300, priceFen: 510), watch: 1, order: 0, at: 0)
        #expect(s.frozenShares[p] == 0 && s.cashFen[s.slot(.II, 3)] == 100_000 + 300 * 510)
    }

    @Test func aBuyBeyondTheCashIsRefusedAndASubscriptionPaysTheIssuer() {
        var s = store()
        #expect(s.freeze(header(.buy, price: 2_000, quantity: 100), watch: 1, order: 0, at: 0) == .insufficientFunds)
        let fund = header(.buy, price: 30_000, quantity: 1, business: .C2)
        #expect(s.freeze(fund, watch: 1, order: 0, at: 0) == nil)
        s.settle(fund, .subscribe, watch: 1, order: 0, at: 0)
        #expect(s.cashFen[s.slot(.II, 3)] == 70_000 && s.frozenCashFen[s.slot(.II, 3)] == 0 && s.subscriptionsFen == 30_000)
    }

    /// The DR journal against a slow reference: after random changes, undoing everything after a
    /// cutoff no older than the lag gives exactly the store as it was at the cutoff, and names
    /// the orders whose changes were undone.
    @Test func undoingTheJournalRestoresTheStoreAsItWasAtTheCutoff() {
        var random = Xoshiro256StarStar(seed: 99)
        for trial in 0..<200 {
            var s = store()
            s.journal = []
            s.journalLagNanos = 5_000
            var t: Int64 = 0
            var snapshots: [(at: Int64, cash: [Int64], frozen: [Int64], shares: [Int64], frozenShares: [Int64], subs: Int64, order: OrderIndex)] = []
            for k in 0..<Int(random.next(below: 60)) + 1 {
                t += Int64(random.next(below: 400))
                let order = OrderIndex(k)
                let side: Side = random.next(below: 2) == 0 ? .buy : .sell
                let h = header(side, price: 400 + Int64(random.next(below: 200)), quantity: 100)
                if s.freeze(h, watch: 1, order: order, at: t) == nil, random.next(below: 2) == 0 {
                    s.settle(h, .fill(quantity: 100, priceFen: h.priceFen - 5), watch: 1, order: order, at: t)
                }
                snapshots.append((t, s.cashFen, s.frozenCashFen, s.shares, s.frozenShares, s.subscriptionsFen, order))
            }
            let cutoff = max(0, t - Int64(random.next(below: 5_000)))
            let undone = s.undoJournal(after: cutoff)
            let before = snapshots.last { $0.at <= cutoff }
            #expect(s.cashFen == (before?.cash ?? store().cashFen), "trial \(trial)")
            #expect(s.frozenCashFen == (before?.frozen ?? store().frozenCashFen), "trial \(trial)")
            #expect(s.shares == (before?.shares ?? store().shares) && s.frozenShares == (before?.frozenShares ?? store().frozenShares))
            // The orders undone: those whose operation after the cutoff changed the store.
            var changed: [OrderIndex] = []
            for (k, snap) in snapshots.enumerated() where snap.at > cutoff {
                let prior = k > 0 ? snapshots[k - 1] : nil
                let moved = snap.cash != (prior?.cash ?? store().cashFen) || snap.shares != (prior?.shares ?? store().shares)
                    || snap.frozen != (prior?.frozen ?? store().frozenCashFen) || snap.frozenShares != (prior?.frozenShares ?? store().frozenShares)
                if moved { changed.append(snap.order) }
            }
            #expect(undone.sorted() == changed.sorted(), "trial \(trial)")
        }
    }
}
