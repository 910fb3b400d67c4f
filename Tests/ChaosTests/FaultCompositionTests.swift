import Chaos
import Kernel
import Net
import Scoring
import Stack
import Testing

/// Two faults on one target give what a person expects from both: the end of one removes only
/// its own part (DESIGN.md, "How faults act").
@Suite struct FaultCompositionTests {
    /// The short day's stack (seed 7) with `faults` planned and their partitions declared, and a
    /// clock at the start of its day; `step(to:)` applies every change up to a time.
    struct Stepper {
        var world: StackWorld
        var sim: Simulation<StackPayload>
        var changes: [ScheduledChange]
        var next = 0

        init(_ faults: [FaultSpec]) throws {
            var config = StackConfig.shortDay
            config.seed = 7
            var hub = TraceHub()
            world = try StackWorld(config: config, recorderPoints: &hub)
            let schedule = try FaultPlan.schedule(faults, world: world)
            try world.declare(schedule.partitions)
            changes = schedule.changes.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            sim = Simulation(start: config.dayStart)
            sim.trace = hub
        }

        mutating func step(to t: SimTime) {
            while next < changes.count && changes[next].time <= t {
                world.applyNow(changes[next], in: &sim)
                next += 1
            }
        }

        func host(_ name: String) -> ActiveFaults.HostCondition { world.hostCondition(world.topology.host(named: name)!) }

        func link(_ a: String, _ b: String) -> ActiveFaults.LinkCondition {
            let ha = world.topology.host(named: a)!, hb = world.topology.host(named: b)!
            return world.linkCondition(world.links(between: { $0 == ha }, and: { $0 == hb })[0])
        }
    }

    static let tier = "normal-shenzhen-1"

    /// When orders to a tier instance went unanswered: the first and last send time, in `window`,
    /// of an order it ran that got no answer within 5 s.
    static func unansweredWindow(_ run: StackRunResult, tier name: String, in window: Range<Int64>) throws -> (first: SimTime, last: SimTime)? {
        let node = try #require(run.topology.node(named: name))
        let stuck = (0..<run.recorder.orderCount).filter { k in
            let sent = run.recorder.sentAt[k]
            return run.orders[OrderIndex(k)].tier == node && window.contains(sent) && (run.recorder.answer(k).map { $0 - sent > 5_000_000_000 } ?? true)
        }.map { run.recorder.sentAt[$0] }
        guard let first = stuck.min(), let last = stuck.max() else { return nil }
        return (SimTime(nanos: first), SimTime(nanos: last))
    }

    /// A crash 09:31–09:36 and a hang 09:33–09:43 of one host: it is out from 09:31 to 09:43 (the
    /// hang was dropped, and the crash's restart ended both, when faults wrote absolute state).
    @Test func aHangThatOutlastsACrashKeepsTheHostOut() throws {
        let faults = [
            FaultSpec(name: "crash", kind: .hostCrash, nodes: [Self.tier], start: .clock(9, 31), duration: .minutes(5)),
            FaultSpec(name: "hang", kind: .hostHang, nodes: [Self.tier], start: .clock(9, 33), duration: .minutes(10)),
        ]
        var s = try Stepper(faults)
        s.step(to: .clock(9, 31)); #expect(s.host(Self.tier).state == .crashed)
        s.step(to: .clock(9, 33)); #expect(s.host(Self.tier).state == .crashed)
        s.step(to: .clock(9, 36)); #expect(s.host(Self.tier).state == .hung)
        s.step(to: .clock(9, 43)); #expect(s.host(Self.tier).state == .up)

        let (run, _) = try shortDay(with: faults)
        let window = try #require(try Self.unansweredWindow(run, tier: Self.tier, in: SimTime.clock(9, 25).nanos..<SimTime.clock(9, 55).nanos))
        #expect(abs(window.first.nanos - SimTime.clock(9, 31).nanos) < 2_000_000_000, "first unanswered at \(window.first)")
        #expect(abs(window.last.nanos - SimTime.clock(9, 43).nanos) < 2_000_000_000, "last unanswered at \(window.last)")
        // After the hang the instance serves again.
        let node = try #require(run.topology.node(named: Self.tier))
        let later = (0..<run.recorder.orderCount).filter {
            run.orders[OrderIndex($0)].tier == node && run.recorder.sentAt[$0] > SimTime.clock(9, 43, 5).nanos
        }
        #expect(later.count > 20 && later.allSatisfy { run.recorder.outcome[$0] != .pending })
    }

    /// 20 ms added 09:31–09:41 and 5 ms 09:33–09:35 on the Shenzhen–Shanghai links: class III's SSE
    /// orders (one crossing each way) take 40 ms longer, 50 ms while both act, and 40 ms again
    /// after the 5 ms ends (it used to reset the links to no added delay).
    @Test func addedLatenciesAddAndEndSeparately() throws {
        let faults = [
            FaultSpec(name: "slow20", kind: .linkLatency, between: ["shenzhen", "shanghai"], start: .clock(9, 31), duration: .minutes(10),
                      delay: .milliseconds(20)),
            FaultSpec(name: "slow5", kind: .linkLatency, between: ["shenzhen", "shanghai"], start: .clock(9, 33), duration: .minutes(2),
                      delay: .milliseconds(5)),
        ]
        var s = try Stepper(faults)
        s.step(to: .clock(9, 33)); #expect(s.link("normal-shenzhen-1", "offer-sse-shanghai").extraDelay == .milliseconds(25))
        s.step(to: .clock(9, 35)); #expect(s.link("normal-shenzhen-1", "offer-sse-shanghai").extraDelay == .milliseconds(20))
        s.step(to: .clock(9, 41)); #expect(s.link("normal-shenzhen-1", "offer-sse-shanghai").extraDelay == .zero)

        let (run, _) = try shortDay(with: faults)
        let (clean, _) = try shortDay(with: [])
        func added(_ from: SimTime, _ to: SimTime) -> Double { meanAck(run, sentIn: from.nanos..<to.nanos) - meanAck(clean, sentIn: from.nanos..<to.nanos) }
        let ms = 1_000_000.0
        #expect(abs(added(.clock(9, 31, 1), .clock(9, 32, 59)) - 40 * ms) < 3 * ms)
        #expect(abs(added(.clock(9, 33, 1), .clock(9, 34, 59)) - 50 * ms) < 3 * ms)
        #expect(abs(added(.clock(9, 35, 1), .clock(9, 40, 59)) - 40 * ms) < 3 * ms, "the 20 ms still acts after the 5 ms ends")
        #expect(abs(added(.clock(9, 41, 1), .clock(9, 44, 59))) < 3 * ms)
    }

    @Test func aCrashInsideACrashEndsWithTheOuterOne() throws {
        var s = try Stepper([
            FaultSpec(name: "outer", kind: .hostCrash, nodes: [Self.tier], start: .clock(9, 31), duration: .minutes(10)),
            FaultSpec(name: "inner", kind: .hostCrash, nodes: [Self.tier], start: .clock(9, 33), duration: .minutes(3)),
        ])
        for (t, state) in [(SimTime.clock(9, 31), HostState.crashed), (.clock(9, 33), .crashed), (.clock(9, 36), .crashed), (.clock(9, 41), .up)] {
            s.step(to: t)
            #expect(s.host(Self.tier).state == state, "at \(t)")
        }
    }

    /// A host that restarts while a drift acts comes back on the drifted software; the drift's end
    /// brings back the host's own.
    @Test func aHostRestartingDuringADriftRunsTheDriftedVersion() throws {
        let offer = "offer-sse-shenzhen"
        var s = try Stepper([
            FaultSpec(name: "drift", kind: .configDrift, nodes: [offer], start: .clock(9, 31), duration: .minutes(10), version: "0.9.0"),
            FaultSpec(name: "crash", kind: .hostCrash, nodes: [offer], start: .clock(9, 33), duration: .minutes(2)),
        ])
        let own = s.host(offer).software
        s.step(to: .clock(9, 33))
        #expect(s.host(offer).state == .crashed && s.host(offer).software.version == "0.9.0")
        s.step(to: .clock(9, 35))
        #expect(s.host(offer).state == .up && s.host(offer).software == HostSoftware(version: "0.9.0", config: own.config))
        s.step(to: .clock(9, 41))
        #expect(s.host(offer).software == own)
    }

    @Test func twoClockSkewsAdd() throws {
        var s = try Stepper([
            FaultSpec(name: "ahead", kind: .clockSkew, nodes: [Self.tier], start: .clock(9, 31), duration: .minutes(10), offset: 300_000_000),
            FaultSpec(name: "behind", kind: .clockSkew, nodes: [Self.tier], start: .clock(9, 33), duration: .minutes(10), offset: -100_000_000),
        ])
        for (t, skew) in [(SimTime.clock(9, 31), Int64(300_000_000)), (.clock(9, 33), 200_000_000), (.clock(9, 41), -100_000_000), (.clock(9, 43), 0)] {
            s.step(to: t)
            #expect(s.host(Self.tier).clockSkewNanos == skew, "at \(t)")
        }
    }

    @Test func lossAndDuplicationOnOneLinkEachEndOnTheirOwn() throws {
        var s = try Stepper([
            FaultSpec(name: "loss", kind: .linkLoss, between: [Self.tier, "offer-sse-shenzhen"], start: .clock(9, 31), duration: .minutes(5), probability: 0.1),
            FaultSpec(name: "loss2", kind: .linkLoss, between: [Self.tier, "offer-sse-shenzhen"], start: .clock(9, 32), duration: .minutes(1), probability: 0.5),
            FaultSpec(name: "dup", kind: .linkDuplication, between: [Self.tier, "offer-sse-shenzhen"], start: .clock(9, 33), duration: .minutes(5), probability: 0.2),
        ])
        let base = s.link(Self.tier, "offer-sse-shenzhen")
        s.step(to: .clock(9, 31)); #expect(s.link(Self.tier, "offer-sse-shenzhen").loss == 0.1)
        s.step(to: .clock(9, 32)); #expect(abs(s.link(Self.tier, "offer-sse-shenzhen").loss - (1 - 0.9 * 0.5)) < 1e-15)
        s.step(to: .clock(9, 33))
        #expect(s.link(Self.tier, "offer-sse-shenzhen").loss == 0.1 && s.link(Self.tier, "offer-sse-shenzhen").duplication == 0.2)
        s.step(to: .clock(9, 36))
        #expect(s.link(Self.tier, "offer-sse-shenzhen").loss == base.loss && s.link(Self.tier, "offer-sse-shenzhen").duplication == 0.2)
        s.step(to: .clock(9, 38)); #expect(s.link(Self.tier, "offer-sse-shenzhen") == base)
    }

    @Test func aPartitionAndACutHoldEachWhileItActs() throws {
        var s = try Stepper([
            FaultSpec(name: "split", kind: .partition, groups: [[Self.tier], ["offer-sse-shenzhen"]], start: .clock(9, 31), duration: .minutes(5)),
            FaultSpec(name: "cut", kind: .linkCut, between: [Self.tier, "offer-sse-shenzhen"], start: .clock(9, 33), duration: .minutes(5)),
        ])
        s.step(to: .clock(9, 31)); #expect(s.world.partitionActive(0) && s.link(Self.tier, "offer-sse-shenzhen").up)
        s.step(to: .clock(9, 33)); #expect(s.world.partitionActive(0) && !s.link(Self.tier, "offer-sse-shenzhen").up)
        s.step(to: .clock(9, 36)); #expect(!s.world.partitionActive(0) && !s.link(Self.tier, "offer-sse-shenzhen").up)
        s.step(to: .clock(9, 38)); #expect(!s.world.partitionActive(0) && s.link(Self.tier, "offer-sse-shenzhen").up)
    }

    /// A fault hits each thing once, however often its target names it: a node's impairment is
    /// not doubled by naming the node twice (or through two of its hosts).
    @Test func aFaultNamingOneHostTwiceHitsItOnce() throws {
        var s = try Stepper([
            FaultSpec(name: "slow", kind: .requestLatency, nodes: [Self.tier, Self.tier], start: .clock(9, 31), duration: .minutes(5),
                      delay: .milliseconds(20)),
            FaultSpec(name: "cpu", kind: .cpuLoad, nodes: [Self.tier, Self.tier], start: .clock(9, 31), duration: .minutes(5), factor: 3),
        ])
        #expect(s.changes.count == 4)
        s.step(to: .clock(9, 31))
        let node = try #require(s.world.topology.node(named: Self.tier))
        #expect(s.world.impairment(ofNode: node).extraDelay == .milliseconds(20))
        #expect(s.host(Self.tier).slowdown == 3)
    }

    /// Planning changes nothing: the plan returns the partitions it needs, and a run given the plan
    /// (with or without the faults announced to the operators) declares and applies them.
    @Test func planningIsPureAndTheRunDeclaresThePartitions() throws {
        let split = FaultSpec(name: "split", kind: .partition, groups: [["shenzhen"], ["shanghai"]], start: .clock(9, 35), duration: .minutes(1))
        var hub = TraceHub()
        let world = try StackWorld(config: .shortDay, recorderPoints: &hub)
        let schedule = try FaultPlan.schedule([split], world: world)
        #expect(schedule.partitions.count == 1 && schedule.partitions[0].name == "split")
        #expect(schedule.changes.map(\.effect) == [.partition(index: 0), .partition(index: 0)])
        let (run, card) = try shortDay(with: [split])
        #expect(run.messagesDropped + run.messagesCut > 0 && card.outcomes.lost > 0, "dropped \(run.messagesDropped), cut \(run.messagesCut), lost \(card.outcomes.lost)")
    }
}
