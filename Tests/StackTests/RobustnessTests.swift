@testable import Stack
import Kernel
import Scoring
import Testing

@Suite struct RobustnessTests {
    @Test func duplicatedPacketsAreDiscardedByTheReceivingSession() throws {
        var config = StackConfig.shortDay
        config.seed = 7
        config.dataCentreLink.duplicationProbability = 0.05
        config.interSiteLink.duplicationProbability = 0.05
        config.internetLink.duplicationProbability = 0.05
        let run = try StackRun.run(config)
        let card = Scorecard(run)
        #expect(run.duplicatesDiscarded > 1_000)
        #expect(card.outcomes.duplicated == 0 && card.outcomes.lost == 0)
        #expect(card.invariants.allSatisfy { $0.held }, "\(card.invariants.filter { !$0.held })")
        // The same orders are sent whatever the network duplicates: clients' draws do not depend on it.
        let (clean, _) = try Runs.shortDay(seed: 7)
        #expect(run.orders.count == clean.orders.count)
    }

    @Test func samplesAreClampedNotTrapped() {
        #expect(Bounded.int64(.infinity, 1...10) == 10)
        #expect(Bounded.int64(-.infinity, 1...10) == 1)
        #expect(Bounded.int64(.nan, 1...10) == 1)
        #expect(Bounded.int64(1e300, 0...Int64.max) == Int64.max)
        #expect(Bounded.int64(2.5, 0...10) == 3 && Bounded.int64(-2.5, -10...10) == -3)
        var random = Xoshiro256StarStar(seed: 3)
        for _ in 0..<10_000 {
            let x = (random.nextDouble() - 0.5) * 1e6
            let v = Bounded.int64(x, -1_000...1_000)
            #expect(v == min(max(Int64(x.rounded(.toNearestOrAwayFromZero)), -1_000), 1_000))
        }
        // A pareto with an infinite mean: every sample stays within an hour.
        var g = Xoshiro256StarStar(seed: 4)
        let heavy = Distribution.pareto(scale: 10_000, shape: 0.1)
        #expect((0..<10_000).allSatisfy { _ in (0...Bounded.delayNanosMax).contains(Bounded.delay(heavy, &g)) })
        #expect(Bounded.poissonArrival(after: 0, perSecond: 1e-12, before: 1_000_000_000, &g) == nil)
    }

    @Test func aStaleMarketDataSnapshotIsIgnored() {
        var feed = MarketDataFeed(symbolCounts: [3, 3])
        var last: Int32 = 0
        for k in 1...10 { last = feed.publish(.sse) { $0[0].lastFen = Int64(k) } }
        #expect(feed.snapshot(.sse, last)?[0].lastFen == 10)
        #expect(feed.snapshot(.sse, last - 7)?[0].lastFen == 3)
        #expect(feed.snapshot(.sse, last - 8) == nil)
    }
}
