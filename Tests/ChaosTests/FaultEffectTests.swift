import Chaos
import Exchange
import Kernel
import Scoring
import Stack
import Testing

/// The short day with `faults`, seed 7.
func shortDay(with faults: [FaultSpec]) throws -> (StackRunResult, Scorecard) {
    var config = StackConfig.shortDay
    config.seed = 7
    let run = try StackRun.run(config, plan: { world throws(StackBuildError) in try FaultPlan.changes(faults, world: world) })
    return (run, Scorecard(run))
}

/// Mean acknowledgement latency of class-III SSE stock orders sent in `window`.
func meanAck(_ run: StackRunResult, sentIn window: Range<Int64>) -> Double {
    var total = 0.0, n = 0
    for k in 0..<run.recorder.orderCount {
        let h = run.orders[OrderIndex(k)]
        let sent = run.recorder.sentAt[k]
        guard h.clientClass == .III, h.market == .sse, h.business == .A1, window.contains(sent), let ack = run.recorder.ack(k) else { continue }
        total += Double(ack - sent)
        n += 1
    }
    return total / Double(max(n, 1))
}

@Suite struct FaultEffectTests {
    @Test func addedLatencyBetweenTheSitesShowsUpOnEverySSEOrderFromShenzhen() throws {
        let fault = FaultSpec(name: "sz-sh-slow", kind: .linkLatency, between: ["shenzhen", "shanghai"],
                              start: .clock(9, 35), duration: .minutes(5), delay: .milliseconds(5))
        let (run, card) = try shortDay(with: [fault])
        let (clean, _) = try shortDay(with: [])
        let during = SimTime.clock(9, 35, 1).nanos..<SimTime.clock(9, 39, 59).nanos
        // Class III's SSE orders cross Shenzhen→Shanghai and back once: +10 ms on average.
        let added = meanAck(run, sentIn: during) - meanAck(clean, sentIn: during)
        #expect(abs(added - 10_000_000) < 1_500_000, "added \(added) ns")
        let after = SimTime.clock(9, 41).nanos..<SimTime.clock(9, 45).nanos
        #expect(abs(meanAck(run, sentIn: after) - meanAck(clean, sentIn: after)) < 1_500_000)
        #expect(card.invariants.allSatisfy { $0.held })
    }

    @Test func aSlowedTierBreaksItsSLAWithoutLosingOrders() throws {
        let faults = ["normal-shenzhen-1", "normal-shenzhen-2", "normal-shenzhen-3", "normal-shenzhen-4"].map {
            FaultSpec(name: "cpu", kind: .cpuLoad, nodes: [$0], start: .clock(9, 30), duration: .minutes(10), factor: 30)
        }
        let (run, card) = try shortDay(with: faults)
        #expect(!card.passed)
        #expect(card.latency.contains { $0.system == "normal" && !$0.met })
        #expect(card.latency.filter { $0.system == "extreme" }.allSatisfy { $0.met })
        #expect(card.outcomes.lost == 0 && run.sessions.lost == 0)
        #expect(card.invariants.allSatisfy { $0.held })
    }

    @Test func aCrashedTierWithoutStandbyLosesOnlyWhatItHeldInMemory() throws {
        // A CPU stall first (5 s per instruction), so that instructions are in the instance's memory when it fails.
        let stall = FaultSpec(name: "stall", kind: .cpuLoad, nodes: ["normal-shenzhen-1"], start: .clock(9, 34, 40), duration: .seconds(20), factor: 1_000)
        let crash = FaultSpec(name: "crash", kind: .hostCrash, nodes: ["normal-shenzhen-1"], start: .clock(9, 35), duration: .minutes(2))
        let (run, card) = try shortDay(with: [stall, crash])
        let crashed = try #require(run.topology.node(named: "normal-shenzhen-1"))
        let crashAt = SimTime.clock(9, 35).nanos, restart = SimTime.clock(9, 37).nanos
        // What was sent to it while it was down waited in the senders' sessions and went in after the restart.
        #expect(run.sessions.redelivered > 0)
        #expect(run.sessions.lostWithSender == 0 && run.sessions.heldAtEnd == 0 && run.sessions.lostAtHungHosts == 0)
        let heldOrders = (0..<run.recorder.orderCount).filter {
            run.orders[OrderIndex($0)].tier == crashed && run.recorder.sentAt[$0] > crashAt + 50_000_000 && run.recorder.sentAt[$0] < restart
        }
        #expect(heldOrders.count > 20)
        for k in heldOrders {
            #expect(run.recorder.outcome[k] != .pending, "order \(k), sent while the tier was down, never ended")
            #expect((run.recorder.answer(k) ?? 0) >= restart)
        }
        // Only the instructions in its memory at the crash are lost: every lost order was on the
        // crashed instance (as the tier running it or holding its assets) and reached it before the crash.
        #expect(run.sessions.lostInMemory > 0)
        #expect(card.outcomes.lost > 0 && UInt64(card.outcomes.lost) <= run.sessions.lostInMemory)
        #expect(card.invariants.first { $0.name == "every_order_one_terminal_state" }?.held == false)
        for k in 0..<run.recorder.orderCount where run.recorder.outcome[k] == .pending {
            let h = run.orders[OrderIndex(k)]
            #expect(h.tier == crashed || h.assets == crashed, "order \(k) lost elsewhere")
            #expect(run.recorder.sentAt[k] < crashAt)
        }
        let later = (0..<run.recorder.orderCount).filter { run.orders[OrderIndex($0)].tier == crashed && run.recorder.sentAt[$0] > restart + 1_000_000_000 }
        #expect(!later.isEmpty && later.allSatisfy { run.recorder.outcome[$0] != .pending })
    }

    @Test func aCutLinkLosesTheMessagesThatTriedToCrossIt() throws {
        let cut = FaultSpec(name: "cut", kind: .linkCut, between: ["normal-shenzhen-1", "offer-sse-shenzhen"], start: .clock(9, 35), duration: .minutes(1))
        let (run, card) = try shortDay(with: [cut])
        #expect(card.outcomes.lost > 0)
        // Lost: orders (or their later reports: a fill, a close) that had to cross that link during the cut.
        let tier = try #require(run.topology.node(named: "normal-shenzhen-1"))
        for k in 0..<run.recorder.orderCount where run.recorder.outcome[k] == .pending {
            let h = run.orders[OrderIndex(k)]
            #expect(h.tier == tier && h.market == .sse && h.business.tradesOnExchange, "order \(k) did not use the cut link")
            #expect(run.recorder.sentAt[k] < SimTime.clock(9, 36).nanos)
        }
    }

    @Test func faultsKeepTheRunDeterministic() throws {
        let faults = [
            FaultSpec(name: "loss", kind: .linkLoss, between: ["shenzhen", "shanghai"], start: .clock(9, 31), duration: .minutes(3), probability: 0.01),
            FaultSpec(name: "jitter", kind: .linkJitter, between: ["shenzhen", "shanghai"], start: .clock(9, 40), duration: .minutes(3),
                      jitter: .exponential(mean: 2_000_000)),
            FaultSpec(name: "crash", kind: .hostCrash, nodes: ["gateway-shanghai-1"], start: .clock(9, 47), duration: .seconds(30)),
        ]
        let (a, _) = try shortDay(with: faults)
        let (b, _) = try shortDay(with: faults)
        let (clean, _) = try shortDay(with: [])
        #expect(a.digest == b.digest && a.digest != clean.digest)
    }

    @Test func unknownTargetsAreRefusedBeforeTheRun() throws {
        #expect(throws: StackBuildError.self) {
            _ = try shortDay(with: [FaultSpec(name: "x", kind: .hostCrash, nodes: ["fast-shenzen-1"], start: .clock(9, 30))])
        }
        #expect(throws: StackBuildError.self) {
            _ = try shortDay(with: [FaultSpec(name: "x", kind: .hostCrash, nodes: ["sse"], start: .clock(9, 30))])
        }
        #expect(throws: StackBuildError.self) {
            _ = try shortDay(with: [FaultSpec(name: "x", kind: .linkCut, between: ["shenzhen", "mars"], start: .clock(9, 30))])
        }
    }
}
