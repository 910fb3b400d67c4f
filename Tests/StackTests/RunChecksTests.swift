import Exchange
import Kernel
import Scoring
import Stack
import Testing

/// The invariants checked as events happen: a forged report breaks one, and the run stops right
/// after that event, naming the invariant, the time, the order and the event.
@Suite struct RunChecksTests {
    /// The first class-III SSE stock order of the clean short day (seed 7) that was filled in
    /// full, with its route.
    static func filledOrder() throws -> (index: OrderIndex, header: OrderHeader) {
        let (run, _) = try Runs.shortDay()
        let k = try #require((0..<run.recorder.orderCount).first { k in
            let h = run.orders[OrderIndex(k)]
            return run.recorder.outcome[k] == .filled && h.business == .A1 && h.market == .sse && h.clientClass == .III
                && (run.recorder.answer(k) ?? .max) < SimTime.clock(9, 35).nanos
        })
        return (OrderIndex(k), run.orders[OrderIndex(k)])
    }

    static func run(forging message: StackMessage, from: StackNodeID, to: StackNodeID, at t: SimTime) throws -> (StackRunResult, Scorecard) {
        var config = StackConfig.shortDay
        config.seed = 7
        let run = try StackRun.run(config, plan: { _ in FaultSchedule(forged: [ForgedMessage(time: t, from: from, to: to, message)]) })
        return (run, Scorecard(run))
    }

    @Test func aSecondEndStopsTheRunAtTheClient() throws {
        let (i, h) = try Self.filledOrder()
        let forgedAt = SimTime.clock(9, 40)
        let (run, card) = try Self.run(forging: .closed(i, remaining: 0, cause: .requested), from: try #require(h.gateway), to: h.population, at: forgedAt)
        let v = try #require(run.violation)
        #expect(v.invariant == .orderTransitionsLegal && v.order == i)
        #expect(v.node == run.topology.name(of: h.population) && v.event.hasPrefix("closed"), "\(v)")
        // It reached the client one internet crossing later (8 ms and jitter), and nothing ran after that event.
        #expect(v.at > forgedAt + .milliseconds(8) && v.at < forgedAt + .milliseconds(50), "\(v.at)")
        #expect(run.stoppedAt == v.at && run.lastEventTime == v.at)
        #expect(!card.passed)
        let failed = try #require(card.invariants.first)
        #expect(failed.name == "order_transitions_legal" && !failed.held && failed.detail.contains("order \(i)"))
    }

    @Test func aFillTheExchangeNeverExecutedStopsTheRunAtTheTier() throws {
        let (i, h) = try Self.filledOrder()
        let fill = FillReport(tradeID: UInt64.max - 1, quantity: 100, priceFen: 1_000)
        let (offer, tier) = (try #require(h.offer), try #require(h.tier))
        let (run, card) = try Self.run(forging: .fill(i, fill), from: offer, to: tier, at: .clock(9, 40))
        let v = try #require(run.violation)
        #expect(v.invariant == .noExecutionAppliedTwice && v.order == i && v.node == run.topology.name(of: tier), "\(v)")
        #expect(v.detail.contains("executed \(h.quantity)"), "\(v.detail)")
        #expect(card.invariants.first?.name == "no_execution_applied_twice" && !card.passed)
    }

    @Test func closingMoreThanIsLeftStopsTheRunAtTheTier() throws {
        let (i, h) = try Self.filledOrder()
        let (offer, tier) = (try #require(h.offer), try #require(h.tier))
        let (run, _) = try Self.run(forging: .closed(i, remaining: h.quantity, cause: .requested), from: offer, to: tier, at: .clock(9, 40))
        let v = try #require(run.violation)
        #expect(v.invariant == .quantityConservedPerOrder && v.order == i && v.node == run.topology.name(of: tier), "\(v)")
    }

    @Test func aCleanDayBreaksNothing() throws {
        let (run, card) = try Runs.shortDay()
        #expect(run.violation == nil && run.stoppedAt == nil)
        #expect(!card.invariants.contains { InvariantViolation.Invariant(rawValue: $0.name) == .orderTransitionsLegal })
    }
}
