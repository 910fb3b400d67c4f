import Kernel
import Scoring
import Stack
import Testing

@Suite struct ShortDayTests {
    @Test func smoke() throws {
        var config = StackConfig.shortDay
        config.seed = 7
        let run = try StackRun.run(config)
        let card = Scorecard(run)
        print("orders", card.outcomes.sent, "events", run.events, "digest", run.digest)
        print(card.outcomes.byOutcome, card.outcomes.rejectedBy.map { "\($0.reason)=\($0.count)" })
        for row in card.latency { print(row.clientClass, row.business, row.system, row.count, row.p50Nanos, row.p99Nanos, row.maxNanos, row.targetNanos, row.met) }
        for inv in card.invariants { print(inv.name, inv.held, inv.detail) }
    }
}
