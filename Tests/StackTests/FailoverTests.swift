import Kernel
import Net
import Scoring
import Stack
import Testing

/// The short day (seed 7) with `plan`'s changes and actions at their times (its faults unknown
/// to the operators); `configure` adjusts the stack first.
func shortDay(_ configure: (inout StackConfig) -> Void = { _ in },
              plan: @escaping (Topology) -> FaultSchedule) throws -> (StackRunResult, Scorecard) {
    var config = StackConfig.shortDay
    config.seed = 7
    configure(&config)
    let run = try StackRun.run(config, plan: { world in plan(world.topology) })
    return (run, Scorecard(run))
}

extension Topology {
    func hostID(_ name: String) -> HostID { host(named: name)! }
}

/// Orders sent to `node` (as the tier running them) while `window` lasted.
func orders(_ run: StackRunResult, on node: StackNodeID, sentIn window: Range<Int64>) -> [Int] {
    (0..<run.recorder.orderCount).filter { run.orders[OrderIndex($0)].tier == node && window.contains(run.recorder.sentAt[$0]) }
}

@Suite struct FailoverTests {
    /// A standby beside every normal-tier instance (class III's busy tier), heartbeats every
    /// second and a 10 s timeout, so that a few orders arrive while the standby waits.
    static func withNormalStandby(_ failover: StandbyConfig.Failover) -> (inout StackConfig) -> Void {
        { config in
            let k = config.tiers.firstIndex { $0.kind == .normal }!
            config.tiers[k].standby = StandbyConfig(failover: failover)
            config.resilience.heartbeatTimeout = .seconds(10)
        }
    }

    @Test func aHotStandbyTakesOverWhenHeartbeatsStopAndNothingIsLost() throws {
        let crashAt = SimTime.clock(9, 35)
        let (run, card) = try shortDay(Self.withNormalStandby(.automatic)) { t in
            FaultSchedule(changes: [ScheduledChange(time: crashAt, fault: 0, .down(t.hostID("normal-shenzhen-1")), starts: true)])
        }
        let node = try #require(run.topology.node(named: "normal-shenzhen-1"))
        // Beats fall on whole seconds from 09:10:00. The crash (scheduled first) is handled before
        // the 09:35:00 beat, so the last heartbeat left at 09:34:59 and arrived microseconds
        // later; the standby takes over at the first beat more than 10 s after that: 09:35:10.
        #expect(run.takeovers.count == 1)
        let takeover = try #require(run.takeovers.first)
        #expect(takeover.node == node && run.topology.hosts[takeover.to.index].name == "normal-shenzhen-1-standby")
        #expect(takeover.cause == .heartbeat, "\(run.takeovers)")
        #expect(takeover.at == crashAt + .seconds(10), "\(takeover.at)")
        // The standby had the primary's work; what was sent meanwhile waited and went in after.
        #expect(card.outcomes.lost == 0 && run.sessions.lost == 0)
        #expect(card.invariants.allSatisfy { $0.held }, "\(card.invariants.filter { !$0.held })")
        let waiting = orders(run, on: node, sentIn: (crashAt + .milliseconds(10)).nanos..<takeover.at.nanos - 10_000_000)
        #expect(waiting.count >= 1)
        for k in waiting { #expect((run.recorder.answer(k) ?? 0) > takeover.at.nanos) }
        let after = orders(run, on: node, sentIn: (takeover.at + .seconds(1)).nanos..<SimTime.clock(9, 44).nanos)
        #expect(after.count > 20 && after.allSatisfy { run.recorder.outcome[$0] != .pending })
    }

    @Test func aHungPrimaryIsReplacedButWhatItAcceptedIsGone() throws {
        let hangAt = SimTime.clock(9, 35)
        let (run, card) = try shortDay(Self.withNormalStandby(.automatic)) { t in
            FaultSchedule(changes: [ScheduledChange(time: hangAt, fault: 0, .hang(t.hostID("normal-shenzhen-1")), starts: true)])
        }
        let node = try #require(run.topology.node(named: "normal-shenzhen-1"))
        let takeover = try #require(run.takeovers.first)
        #expect(takeover.at == hangAt + .seconds(10))
        // A hung process accepts and never answers: what reached it in the hang is lost, nothing else.
        #expect(run.sessions.lostAtHungHosts > 0)
        #expect(card.outcomes.lost > 0)
        for k in 0..<run.recorder.orderCount where run.recorder.outcome[k] == .pending {
            let h = run.orders[OrderIndex(k)]
            #expect(h.tier == node || h.assets == node, "order \(k) lost elsewhere")
            #expect(run.recorder.sentAt[k] >= hangAt.nanos - 50_000_000 && run.recorder.sentAt[k] < takeover.at.nanos)
        }
    }

    @Test func aManualStandbyWaitsForTheOperator() throws {
        let crashAt = SimTime.clock(9, 35), switchAt = SimTime.clock(9, 37)
        let (run, card) = try shortDay(Self.withNormalStandby(.manual)) { t in
            FaultSchedule(changes: [ScheduledChange(time: crashAt, fault: 0, .down(t.hostID("normal-shenzhen-1")), starts: true)],
                          actions: [ScheduledAction(time: switchAt, .switchOver(host: "normal-shenzhen-1-standby"))])
        }
        #expect(run.takeovers.map(\.at) == [switchAt])
        #expect(run.takeovers.first?.cause == .operator)
        let node = try #require(run.topology.node(named: "normal-shenzhen-1"))
        let waiting = orders(run, on: node, sentIn: (crashAt + .milliseconds(10)).nanos..<switchAt.nanos - 10_000_000)
        #expect(waiting.count > 5)
        for k in waiting { #expect((run.recorder.answer(k) ?? 0) >= switchAt.nanos) }
        #expect(card.outcomes.lost == 0 && card.invariants.allSatisfy { $0.held })
    }

    /// SPEC §5's configuration drift: the offer gateway's standby runs another version than the
    /// exchange link needs, so after the failover it cannot log on and orders are refused until
    /// an operator installs the right version; the next logon attempt then succeeds.
    @Test func aDriftedStandbyCannotLogOnUntilItIsRepaired() throws {
        let crashAt = SimTime.clock(9, 35), repairAt = SimTime.clock(9, 38)
        let (run, card) = try shortDay({ config in
            config.offerStandby = StandbyConfig(failover: .automatic, version: "0.9.0")
            let k = config.venues.firstIndex { $0.market == .sse }!
            config.venues[k].requiredVersion = StackConfig().software.version
        }) { t in
            FaultSchedule(changes: [ScheduledChange(time: crashAt, fault: 0, .down(t.hostID("offer-sse-shanghai")), starts: true)],
                          actions: [ScheduledAction(time: repairAt, .install(host: "offer-sse-shanghai-standby", version: nil, config: nil))])
        }
        let takeover = try #require(run.takeovers.first)
        #expect(run.topology.hosts[takeover.to.index].name == "offer-sse-shanghai-standby")
        // Refused at the takeover and every 30 s after it until the repair.
        let attempts = Int((repairAt - takeover.at).nanos / 30_000_000_000) + 1
        #expect(run.logonsRefused == attempts)
        let offer = try #require(run.topology.node(named: "offer-sse-shanghai"))
        let unavailable = (0..<run.recorder.orderCount).filter { run.recorder.rejectReason[$0] == .unavailable }
        #expect(unavailable.count > 20)
        let loggedOnAgain = takeover.at + .seconds(30 * Int64(attempts))
        for k in unavailable {
            #expect(run.orders[OrderIndex(k)].offer == offer)
            #expect(run.recorder.sentAt[k] > crashAt.nanos && run.recorder.sentAt[k] < loggedOnAgain.nanos + 100_000_000)
        }
        let later = (0..<run.recorder.orderCount).filter {
            run.orders[OrderIndex($0)].offer == offer && run.recorder.sentAt[$0] > (loggedOnAgain + .seconds(1)).nanos
        }
        #expect(later.count > 20 && later.allSatisfy { run.recorder.ack($0) != nil || run.recorder.rejectReason[$0] != nil })
        #expect(later.allSatisfy { run.recorder.rejectReason[$0] != .unavailable })
        #expect(card.outcomes.lost == 0 && card.invariants.allSatisfy { $0.held }, "\(card.invariants.filter { !$0.held })")
    }

    @Test func theSessionsResendWhatTheNetworkLoses() throws {
        let (run, card) = try shortDay({ config in
            config.interSiteLink.lossProbability = 0.05
            config.internetLink.lossProbability = 0.01
        }) { _ in FaultSchedule() }
        // Every copy a link lost was sent again (a lost resend is itself a loss, resent in turn).
        #expect(run.packetsLost > 100 && run.sessions.retransmissions == run.packetsLost)
        #expect(run.messagesDropped == 0 && card.outcomes.lost == 0)
        #expect(card.invariants.allSatisfy { $0.held })
    }
}
