import Exchange
import Kernel
@testable import Stack
import Testing

/// Single nodes driven by hand through `NodeHarness`: scripted messages and timers in, what the
/// node sends out (to whom, when) checked against what its rules say.
@Suite struct NodeHarnessTests {
    static let ten = SimTime.clock(10, 0)

    /// A class-I client's limit buy of 100 shares at 10.00 yuan on SZSE.
    static func buy(_ h: NodeHarness, business: Business = .A1) -> OrderHeader {
        OrderHeader(client: 0, symbol: 0, priceFen: 1_000, quantity: 100, clientClass: .I, business: business, market: .szse,
                    side: .buy, type: .limit, slot: 0, population: h.id("clients-I-shenzhen"), freezePriceFen: 1_000)
    }

    /// The built-in broker with a risk check after the tier on A1.
    static var riskChecked: StackConfig {
        var config = StackConfig()
        config.services = [ServiceConfig(name: "risk-check", instances: [SiteCount("shenzhen", 2)], serviceFixed: .microseconds(10),
                                         servicePerOrder: .constant(30_000), concurrency: 2, queueLimit: 1)]
        config.routes[.A1] = [.gateway, .tier, .service("risk-check"), .offer, .exchange]
        return config
    }

    static func frozenCash(_ h: NodeHarness, at tier: String) -> Int64 {
        let t = h.world.tiers.first { $0.node == h.id(tier) }!
        return t.store.frozenCashFen[t.store.slot(.I, 0)]
    }

    @Test func aTierServesFreezesForwardsAndReleasesOnARejection() throws {
        var h = try NodeHarness(StackConfig(), node: "extreme-shenzhen-1", at: Self.ten)
        let i = h.order(Self.buy(h), gateway: "gateway-shenzhen-1", tier: "extreme-shenzhen-1", assets: "extreme-shenzhen-1")
        // In service: one timer, after the fixed 20 µs and a draw of the per-order time.
        let served = h.deliver(.order(i))
        #expect(served.count == 1 && served[0].timer != nil, "\(served)")
        #expect(served[0].at > Self.ten + .microseconds(20) && served[0].at < Self.ten + .milliseconds(1))
        // Done: funds frozen (100 × 10.00 yuan), the order on to the offer gateway on the tier's site.
        let out = h.fireTimers(in: served)
        #expect(out.map(\.message) == [.order(i)] && out.map(\.to) == ["offer-szse-shenzhen"], "\(out)")
        #expect(Self.frozenCash(h, at: "extreme-shenzhen-1") == 100_000)
        #expect(h.ctx.ledger.orders[i].offer == h.id("offer-szse-shenzhen"))
        // The exchange refuses it: the funds are released and the client hears through its gateway.
        let back = h.deliver(.reject(i, OrderReject(exchange: .outsideBand)))
        #expect(back.map(\.message) == [.reject(i, OrderReject(exchange: .outsideBand))] && back.map(\.to) == ["gateway-shenzhen-1"])
        #expect(Self.frozenCash(h, at: "extreme-shenzhen-1") == 0)
    }

    @Test func aTierWithAFullQueueRefusesAsBusyAndACancelOfAnOrderStillThereIsRefused() throws {
        var h = try NodeHarness(StackConfig(), node: "extreme-shenzhen-1", at: Self.ten)
        h.ctx.conditions.impairments[Int(h.node)].impairment.concurrency = 1
        h.ctx.conditions.impairments[Int(h.node)].impairment.queueLimit = 1
        let orders = (0..<3).map { _ in h.order(Self.buy(h), gateway: "gateway-shenzhen-1", tier: "extreme-shenzhen-1", assets: "extreme-shenzhen-1") }
        #expect(h.deliver(.order(orders[0])).map(\.timer?.isServiceDone) == [true]) // one server
        #expect(h.deliver(.order(orders[1])).isEmpty)                              // one waits
        let refused = h.deliver(.order(orders[2]))                                  // no room: busy, at once
        #expect(refused.map(\.message) == [.reject(orders[2], .busy)] && refused.map(\.to) == ["gateway-shenzhen-1"])
        #expect(h.world.tiers[0].pool.queueDepthMax == 1)
        // A cancel of an order that has not left the tier: the tier never sent it on, so there is nothing to cancel.
        var g = try NodeHarness(StackConfig(), node: "extreme-shenzhen-1", at: Self.ten)
        let i = g.order(Self.buy(g), gateway: "gateway-shenzhen-1", tier: "extreme-shenzhen-1", assets: "extreme-shenzhen-1")
        let answer = g.fireTimers(in: g.deliver(.cancel(i)))
        #expect(answer.map(\.message) == [.cancelReject(i, OrderReject(exchange: .unknownOrder))] && answer.map(\.to) == ["gateway-shenzhen-1"])
    }

    @Test func anOfferGatewayRefusesWithoutASessionHoldsReportsAndAnswersTheStageBeforeIt() throws {
        var h = try NodeHarness(Self.riskChecked, node: "offer-szse-shenzhen", at: Self.ten)
        let i = h.order(Self.buy(h), gateway: "gateway-shenzhen-1", tier: "extreme-shenzhen-1", assets: "extreme-shenzhen-1",
                        offer: "offer-szse-shenzhen", services: ["risk-check-shenzhen-2"])
        // Not logged on: refused as unavailable, back to the risk check (the stage before it on A1), not to the tier.
        let refused = h.deliver(.order(i))
        #expect(refused.map(\.message) == [.reject(i, .unavailable)] && refused.map(\.to) == ["risk-check-shenzhen-2"], "\(refused)")
        // A report from the exchange waits for the session; the logon replays it.
        #expect(h.deliver(.ack(i)).isEmpty)
        let host = Int16(h.ctx.hosts.active[Int(h.node)].raw)
        let replayed = h.deliver(.logonReply(host: host, accepted: true))
        #expect(replayed.map(\.message) == [.ack(i)] && replayed.map(\.to) == ["risk-check-shenzhen-2"])
        // Logged on: orders go to the exchange; an answer meant for another host is ignored.
        #expect(h.deliver(.order(i)).map(\.to) == ["szse"])
        #expect(h.deliver(.logonReply(host: host + 1, accepted: false)).isEmpty)
        // A refused logon is retried after the configured interval.
        var g = try NodeHarness(Self.riskChecked, node: "offer-szse-shenzhen", at: Self.ten)
        let retry = g.deliver(.logonReply(host: Int16(g.ctx.hosts.active[Int(g.node)].raw), accepted: false))
        #expect(retry.map(\.timer) == [.logonRetry] && retry.map(\.at) == [Self.ten + StackConfig().resilience.logonRetryInterval])
        #expect(g.fireTimers(in: retry).map(\.message) == [.logon(host: Int16(g.ctx.hosts.active[Int(g.node)].raw))])
    }

    @Test func aServiceStageQueuesForwardsRelaysAndLosesOrKeepsItsWorkAsItsHostDoes() throws {
        var h = try NodeHarness(Self.riskChecked, node: "risk-check-shenzhen-1", at: Self.ten)
        let route = { (h: inout NodeHarness) in
            h.order(Self.buy(h), gateway: "gateway-shenzhen-1", tier: "extreme-shenzhen-1", assets: "extreme-shenzhen-1",
                    offer: "offer-szse-shenzhen", services: ["risk-check-shenzhen-1"])
        }
        let orders = (0..<4).map { _ in route(&h) }
        // Two servers, a queue of one: 10 µs + 30 µs each; the fourth is refused as busy, back to the tier.
        let first = h.deliver(.order(orders[0])) + h.deliver(.order(orders[1]))
        #expect(first.map(\.at) == [Self.ten + .microseconds(40), Self.ten + .microseconds(40)])
        #expect(h.deliver(.order(orders[2])).isEmpty)
        let busy = h.deliver(.order(orders[3]))
        #expect(busy.map(\.message) == [.reject(orders[3], .busy)] && busy.map(\.to) == ["extreme-shenzhen-1"])
        // Each finished check goes on to the offer gateway; the freed server takes the waiting order.
        let done = h.fire(first[0].timer!, at: first[0].at)
        #expect(done.compactMap(\.to) == ["offer-szse-shenzhen"] && done.compactMap(\.timer).count == 1)
        #expect(done.first { $0.timer != nil }!.at == Self.ten + .microseconds(80))
        // A fill passes back to the tier after the fixed 10 µs and a data-centre crossing.
        let fill = FillReport(tradeID: 7, quantity: 100, priceFen: 1_000)
        let relayed = h.deliver(.fill(orders[0], fill))
        #expect(relayed.map(\.message) == [.fill(orders[0], fill)] && relayed.map(\.to) == ["extreme-shenzhen-1"])
        #expect(relayed[0].at > h.now + .microseconds(10) && relayed[0].at < h.now + .microseconds(100))
        // A restart with no standby loses what it held (two in service); their timers then do nothing.
        let stale = done.first { $0.timer != nil }!
        h.world.services[0].restart()
        #expect(h.world.services[0].pool.lostInMemory == 2)
        #expect(h.fire(stale.timer!, at: stale.at).isEmpty)
        // A hot standby taking over serves again what it held, in order.
        var g = try NodeHarness(Self.riskChecked, node: "risk-check-shenzhen-1", at: Self.ten)
        let held = (0..<3).map { _ in route(&g) }
        for i in held { _ = g.deliver(.order(i)) }
        var sim = Simulation<StackPayload>(start: Self.ten + .microseconds(5))
        g.world.services[0].takeOver(ctx: g.ctx, in: &sim)
        var resumed: [StackTimer] = []
        while let e = sim.nextEvent() { if case let .timer(t) = e.payload { resumed.append(t) } }
        #expect(resumed.count == 2 && g.world.services[0].pool.queue.count == 1 && g.world.services[0].pool.lostInMemory == 0)
    }
}

extension StackTimer {
    var isServiceDone: Bool { if case .serviceDone = self { return true } else { return false } }
}
