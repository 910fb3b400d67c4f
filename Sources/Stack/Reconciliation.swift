import Exchange
import Kernel

extension StackWorld {
    /// Settles the day as the clearing centre does: each client portion's final cash and
    /// positions against opening + the exchanges' executions − completed subscriptions, the
    /// tiers' fills against the exchanges' per order, and the whole against the rest of the market.
    func reconcile() -> ClearingReport {
        var report = ClearingReport()
        report.collectedAt = clearing.completedAt
        let topology = ctx.topology
        var tierIndex = [Int](repeating: -1, count: topology.nodes.count)
        for (k, tier) in tiers.enumerated() { tierIndex[Int(tier.node)] = k }
        var expectedCash = tiers.map(\.store.openingCashFen)
        var expectedShares = tiers.map(\.store.openingShares)
        func note(_ text: @autoclosure () -> String) { if report.firstBreak == nil { report.firstBreak = text() } }

        for exchange in exchanges {
            for trade in exchange.brokerTrades {
                let h = ctx.ledger.orders[trade.order]
                let k = tierIndex[Int(h.assets!)]
                // Read through `tiers[k]`: binding the store would copy it, one retain per table per trade.
                let slot = tiers[k].store.slot(h.clientClass, h.client)
                let p = tiers[k].store.positionIndex(h.clientClass, h.client, watch: Int(h.slot))
                let cash = trade.priceFen * trade.quantity
                expectedCash[k][slot] += h.side == .buy ? -cash : cash
                expectedShares[k][p] += h.side == .buy ? trade.quantity : -trade.quantity
                report.exchangeExecutions += 1
            }
        }
        for tier in tiers {
            report.brokerFillsApplied += tier.fillsApplied
            for i in tier.completedSubscriptions {
                let h = ctx.ledger.orders[i]
                let k = tierIndex[Int(h.assets!)]
                expectedCash[k][tiers[k].store.slot(h.clientClass, h.client)] -= h.priceFen
            }
        }

        var cashMoves: Int64 = 0
        for (k, tier) in tiers.enumerated() {
            let store = tier.store
            cashMoves += store.subscriptionsFen
            for slot in store.cashFen.indices {
                report.accounts += 1
                let actual = store.cashFen[slot] + store.frozenCashFen[slot]
                cashMoves += actual - store.openingCashFen[slot]
                if store.frozenCashFen[slot] != 0 {
                    report.frozenLeft += 1
                    note("\(topology.name(of: tier.node)): client \(store.client(atSlot: slot)) has \(store.frozenCashFen[slot]) fen still frozen")
                }
                if actual != expectedCash[k][slot] {
                    report.cashBreaks += 1
                    note("\(topology.name(of: tier.node)): client \(store.client(atSlot: slot)) holds \(actual) fen, the exchanges' executions say \(expectedCash[k][slot])")
                }
            }
            for p in store.shares.indices {
                if store.frozenShares[p] != 0 {
                    report.frozenLeft += 1
                    note("\(topology.name(of: tier.node)): position #\(p) has \(store.frozenShares[p]) shares still frozen")
                }
                if store.shares[p] + store.frozenShares[p] != expectedShares[k][p] {
                    report.positionBreaks += 1
                    note("\(topology.name(of: tier.node)): position #\(p) holds \(store.shares[p] + store.frozenShares[p]) shares, the exchanges' executions say \(expectedShares[k][p])")
                }
            }
        }
        for exchange in exchanges { cashMoves += exchange.streetCashFen }
        report.cashMovesSumFen = cashMoves

        // Shares per symbol: the clients' changes and the rest of the market's sum to zero.
        var shareMoves = exchanges.map(\.streetShares)
        for population in config.populations {
            let clientClass = population.clientClass
            let statics = ctx.reference.clients[clientClass.rawValue]!
            let kind = topology.routing.assetTier(of: clientClass)
            for market in Market.allCases {
                let site = StackWorld.sendingSite(market, config: population, topology: topology)
                for c in 0..<statics.count {
                    let k = tierIndex[Int(topology.tierNode(kind, client: Int32(c), near: site))]
                    // Through `tiers[k]`, not a copy of the store: a copy per client costs a retain per table.
                    for j in 0..<statics.watch {
                        let w = market.rawValue * statics.watch + j
                        let p = tiers[k].store.positionIndex(clientClass, Int32(c), watch: w)
                        let symbol = Int(statics.symbols[c * statics.width + w])
                        shareMoves[market.rawValue][symbol] += tiers[k].store.shares[p] + tiers[k].store.frozenShares[p]
                            - tiers[k].store.openingShares[p]
                    }
                }
            }
        }
        report.unbalancedSymbols = shareMoves.reduce(0) { $0 + $1.filter { $0 != 0 }.count }

        for i in 0..<ctx.ledger.orders.count {
            let h = ctx.ledger.orders[OrderIndex(i)]
            guard h.business.tradesOnExchange else { continue }
            let tierFilled = ctx.ledger.tierFills.filled.at(i)
            let exchangeFilled = ctx.ledger.exchangeTraded.at(i)
            if tierFilled != exchangeFilled {
                report.fillMismatches += 1
                note("order \(i): the tier applied \(tierFilled) shares of fills, the exchange executed \(exchangeFilled)")
            }
        }
        return report
    }
}

extension Array where Element == Int64 {
    /// The element at `i`, or 0 past the end (arrays that grow only when an order first touches them).
    func at(_ i: Int) -> Int64 { i < count ? self[i] : 0 }
}
