import Exchange
import Kernel
import Scoring
import Stack
import Testing

@Suite struct TradingDayTests {
    @Test func aShortSeededDayHoldsEveryInvariantAndMeetsEverySLA() throws {
        let (run, card) = try Runs.shortDay()
        #expect(card.passed, "failed rows: \(card.latency.filter { !$0.met }.map { "\($0.clientClass) \($0.business) \($0.system)" }), broken: \(card.invariants.filter { !$0.held })")
        for inv in card.invariants { #expect(inv.held, "\(inv.name): \(inv.detail)") }
        let o = card.outcomes
        #expect(o.sent > 8_000 && o.sent < 12_000, "about 10,000 orders expected, sent \(o.sent)")
        #expect(o.lost == 0 && o.duplicated == 0)
        // Every way an order can end happens on a normal day.
        for outcome in [OrderOutcome.filled, .partlyFilled, .cancelled, .expired, .completed, .rejected] {
            #expect(o[outcome] > 0, "no order ended \(outcome)")
        }
        // Each class meets its SLA, row by row, and each class has rows.
        for c in ClientClass.allCases {
            let rows = card.latency.filter { $0.clientClass == c }
            #expect(rows.count >= 6, "class \(c) rows: \(rows.count)")
            #expect(rows.allSatisfy { $0.met })
        }
        // The opening call auction uncrossed at 09:25: some broker orders filled exactly then.
        let uncross = SimTime.clock(9, 25).nanos
        let auctionFills = (0..<run.recorder.orderCount).filter {
            guard let t = run.recorder.firstFill($0) else { return false }
            return t > uncross && t < uncross + 200_000_000 && run.recorder.sentAt[$0] < uncross
        }
        #expect(auctionFills.count > 50, "orders sent in the call filled at the uncross: \(auctionFills.count)")
    }

    @Test func classOneStockOrdersAreFasterThanAMillisecondAndRetailSlowerThanTheInternet() throws {
        let (_, card) = try Runs.shortDay()
        let extreme = try #require(card.latency.first { $0.clientClass == .I && $0.business == "A1" })
        #expect(extreme.system == "extreme")
        #expect(extreme.p99Nanos < 1_000_000)
        // Class III crosses the internet twice (8 ms each way at least) and a database-backed tier.
        let retail = try #require(card.latency.first { $0.clientClass == .III && $0.business == "A1" })
        #expect(retail.p50Nanos > 16_000_000)
    }

    /// The short day with the normal tier cut to one instance serving one order at a time.
    func starvedNormalTier(service: SimDuration, queueLimit: Int? = nil) -> StackConfig {
        var config = StackConfig.shortDay
        config.seed = 7
        let k = config.tiers.firstIndex { $0.kind == .normal }!
        config.tiers[k].instances = [SiteCount("shenzhen", 1)]
        config.tiers[k].concurrency = 1
        config.tiers[k].serviceFixed = service
        if let queueLimit { config.tiers[k].queueLimit = queueLimit }
        return config
    }

    @Test func anUnderProvisionedTierBreaksItsSLAAndTheVerdictSaysSo() throws {
        let run = try StackRun.run(starvedNormalTier(service: .milliseconds(250)))
        let card = Scorecard(run)
        #expect(!card.passed)
        #expect(card.verdict == "fail")
        let missed = card.latency.filter { !$0.met }
        #expect(!missed.isEmpty)
        #expect(missed.allSatisfy { $0.system == "normal" || $0.system == "dispatch" }, "only the starved tier's rows break: \(missed.map(\.system))")
        #expect(missed.contains { $0.clientClass == .III && $0.business == "A1" })
        // Starved, not broken: the queue grows, nothing is lost and the books still balance.
        #expect(run.tiers.first { $0.kind == .normal }!.queueDepthMax > 5)
        #expect(card.outcomes.lost == 0)
        #expect(card.invariants.allSatisfy { $0.held }, "\(card.invariants.filter { !$0.held })")
    }

    @Test func aFullQueueRefusesWithBusyAndNeverDrops() throws {
        let run = try StackRun.run(starvedNormalTier(service: .seconds(1), queueLimit: 20))
        let card = Scorecard(run)
        let busy = card.outcomes.rejectedBy.first { $0.reason == .busy }?.count ?? 0
        #expect(busy > 100)
        #expect(run.tiers.first { $0.kind == .normal }!.queueDepthMax == 20)
        #expect(card.outcomes.lost == 0)
        #expect(card.invariants.allSatisfy { $0.held }, "\(card.invariants.filter { !$0.held })")
    }

    @Test func theSameSeedGivesTheSameDigestAndAnotherSeedAnother() throws {
        let (a, _) = try Runs.shortDay(seed: 7)
        var config = StackConfig.shortDay
        config.seed = 7
        let again = try StackRun.run(config)
        #expect(a.digest == again.digest)
        config.seed = 8
        let other = try StackRun.run(config)
        #expect(other.digest != a.digest)
    }
}

@Suite struct RecorderOnADayTests {
    @Test func hopsAreStampedInPathOrderBeforeTheAcknowledgement() throws {
        let (run, card) = try Runs.shortDay()
        let r = run.recorder
        var checked = 0
        for k in 0..<r.orderCount where r.ack(k) != nil && run.orders[OrderIndex(k)].business.tradesOnExchange {
            let stamps = (0..<r.hopCount).map { r.hop($0, of: k) ?? .max }
            #expect(stamps.allSatisfy { $0 < .max }, "order \(k) acknowledged without passing every hop")
            #expect(zip(stamps, stamps.dropFirst()).allSatisfy { $0 < $1 }, "order \(k): hops out of order \(stamps)")
            #expect(stamps.last! < r.ackLatency(k)!)
            checked += 1
        }
        #expect(checked > 5_000)
        // C business stops at the tier: no offer gateway, no exchange.
        let c = try #require(card.latency.first { $0.business == "C1" && $0.clientClass == .III })
        #expect(c.hopP50Nanos[0] != nil && c.hopP50Nanos[1] != nil && c.hopP50Nanos[3] == nil && c.hopP50Nanos[4] == nil)
    }

    @Test func theArrivalProcessFollowsItsRateAndProfile() throws {
        let (run, _) = try Runs.shortDay()
        let r = run.recorder
        let expected = run.config.populations.reduce(0) { $0 + $1.ordersPerDay }
        // Poisson: the standard deviation of 10,000 arrivals is 100; allow four.
        #expect(abs(Double(r.orderCount) - expected) < 400, "sent \(r.orderCount), expected \(expected)")
        #expect(r.seriesSent.reduce(0) { $0 + Int($1) } == r.orderCount)
        // The call auction window has weight 3, continuous trading weight 2: rates 3 : 2.
        func perSecond(_ from: SimTime, _ to: SimTime) -> Double {
            let a = Int((from - r.dayStart).nanos / 1_000_000_000), b = Int((to - r.dayStart).nanos / 1_000_000_000)
            return Double(r.seriesSent[a..<b].reduce(0) { $0 + Int($1) }) / Double(b - a)
        }
        let ratio = perSecond(.clock(9, 15), .clock(9, 25)) / perSecond(.clock(9, 30), .clock(9, 45))
        #expect(abs(ratio - 1.5) < 0.15, "ratio \(ratio)")
        #expect(perSecond(.clock(9, 45), .clock(9, 46)) == 0, "nothing is sent at lunch")
    }
}
