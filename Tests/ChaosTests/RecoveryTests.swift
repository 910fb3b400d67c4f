import Chaos
import Kernel
import Net
import Scoring
import Stack
import Testing

/// The short day (seed 7) with `faults`, `guards` and a tweak of the stack, judged.
func judge(_ faults: [FaultSpec], guards: [Guard] = [], _ configure: (inout StackConfig) -> Void = { _ in }) throws -> (StackRunResult, Scorecard) {
    var config = StackConfig.shortDay
    config.seed = 7
    configure(&config)
    let watch = GuardWatch(guards: guards, firstFaultStart: faults.map(\.start).min())
    let run = try StackRun.run(config, plan: { world throws(StackBuildError) in try FaultPlan.schedule(faults, world: world) },
                               guards: guards.isEmpty ? nil : { r, t in watch.check(r, at: t) })
    return (run, Scorecard(run, policy: nil, faults: faults, guards: guards))
}

@Suite struct GuardTests {
    let hang = FaultSpec(name: "hang", kind: .hostHang, nodes: ["gateway-shenzhen-1", "gateway-shenzhen-2"], start: .clock(9, 31))

    /// A threshold guard rolls the plan back once most orders go unanswered: the hung gateways
    /// restart, later faults never start, and the verdict fails on the guard.
    @Test func aThresholdGuardRollsTheFaultsBack() throws {
        let later = FaultSpec(name: "later", kind: .diskFull, nodes: ["normal-shenzhen-2"], start: .clock(9, 40), duration: .minutes(2))
        let g = Guard(name: "blast-radius", trigger: .threshold(.unansweredRatio, above: 0.3, window: .seconds(10)), action: .rollback)
        let (run, card) = try judge([hang, later], guards: [g])
        let firing = try #require(run.guardFirings.first)
        #expect(run.guardFirings.count == 1 && firing.guardName == "blast-radius" && firing.action == .rollback)
        // Unanswered orders are judged a second after they are sent, over a 10 s window: it
        // fires within seconds of the hang, long before the end of the day.
        #expect(firing.at > SimTime.clock(9, 31) && firing.at < SimTime.clock(9, 31, 30), "\(firing.at)")
        #expect(run.faultClearedAt[0] == firing.at && run.faultClearedAt[1] == firing.at)
        #expect(card.faults[1].cancelled && !card.faults[0].cancelled)
        #expect(!(0..<run.recorder.orderCount).contains { run.recorder.rejectReason[$0] == .unavailable }, "the disk never filled")
        // After the rollback the gateways answer again.
        let after = (0..<run.recorder.orderCount).filter { run.recorder.sentAt[$0] > (firing.at + .seconds(5)).nanos && run.orders[OrderIndex($0)].gateway != nil }
        #expect(!after.isEmpty && after.allSatisfy { run.recorder.outcome[$0] != .pending })
        #expect(!card.passed && card.slas.contains { $0.name == "guard blast-radius did not fire" && !$0.met })
    }

    @Test func aTimeoutGuardStopsTheRun() throws {
        let g = Guard(name: "time-box", trigger: .afterFirstFault(.minutes(2)), action: .stop)
        let (run, card) = try judge([hang], guards: [g])
        #expect(run.stoppedAt == SimTime.clock(9, 33))
        #expect(run.lastEventTime <= SimTime.clock(9, 33))
        #expect(run.guardFirings.map(\.guardName) == ["time-box"] && !card.passed)
    }

    @Test func aClockGuardFiresAtItsTimeAndAQuietGuardNever() throws {
        let at = Guard(name: "at", trigger: .at(.clock(9, 50)), action: .stop)
        let quiet = Guard(name: "p99", trigger: .threshold(.ackP99Millis, above: 5_000, window: .seconds(30)), action: .rollback)
        let (run, card) = try judge([], guards: [quiet, at])
        #expect(run.guardFirings.map(\.guardName) == ["at"] && run.stoppedAt == SimTime.clock(9, 50))
        #expect(card.slas.first { $0.name == "guard p99 did not fire" }?.met == true)
    }
}

@Suite struct RecoveryTests {
    /// Detection, decision and recovery on the operators' fixed times: the alert fires 45 s
    /// after the hang (scrapes at :00/:15 go unanswered, node-down holds 30 s), the runbook
    /// drains and restarts the gateway, and service is back once it has been drained.
    @Test func operatorsFollowTheRunbookOnFixedTimes() throws {
        let hang = FaultSpec(name: "hang", kind: .hostHang, nodes: ["gateway-shenzhen-1"], start: .clock(9, 31))
        let (run, card) = try judge([hang]) { c in
            c.gatewayHealthCheck = HealthCheckConfig() // shallow: the hung gateway stays in rotation
            c.operators.notice = .constant(60e9)
            c.operators.diagnose = .constant(120e9)
            c.operators.decide = .constant(60e9)
            c.operators.runbooks = [Runbook(name: "drain", forHosts: ["gateway-shenzhen-1"], level: .red,
                                            steps: [RunbookStep(.drain(host: "gateway-shenzhen-1"), take: .constant(30e9)),
                                                    RunbookStep(.restart(host: "gateway-shenzhen-1"), take: .constant(600e9))])]
        }
        let r = try #require(card.faults.first)
        let detected = try #require(r.detectedAt)
        #expect(detected == SimTime.clock(9, 31, 45) || (detected > SimTime.clock(9, 31, 45) && detected < SimTime.clock(9, 31, 46)),
                "\(detected)")
        #expect(r.level == .red && r.runbook == "drain")
        #expect(r.decidedAt == detected + .seconds(60 + 120 + 60))
        #expect(r.completedAt == r.decidedAt! + .seconds(630))
        // Drained at decision + 30 s: new connections avoid it from then on.
        let drained = r.decidedAt! + .seconds(30)
        #expect(run.rotationChanges.contains { $0.at == drained && !$0.joined })
        let back = try #require(r.recoveredAt)
        #expect(back > detected && back <= drained + .seconds(20), "recovered at \(back), drained at \(drained)")
        // Red: a progress report every 5 minutes from the declaration until the runbook completed.
        let declared = try #require(run.operatorLog.first { if case .declared = $0.kind { return true } else { return false } })
        let reports = run.operatorLog.filter { $0.kind == .progressReport }.map(\.at)
        #expect(reports == [declared.at + .minutes(5), declared.at + .minutes(10)])
    }

    /// SPEC §5: a hung node behind a shallow check keeps its share of the traffic, so about half
    /// of the site's orders fail; a deep check takes it out after three failed checks.
    @Test func aShallowCheckIsFooledByAHungGatewayAndADeepOneIsNot() throws {
        let hang = FaultSpec(name: "hang", kind: .hostHang, nodes: ["gateway-shenzhen-1"], start: .clock(9, 31), duration: .minutes(5))
        func failedShare(_ depth: HealthCheckConfig.Depth) throws -> (Double, StackRunResult) {
            let (run, _) = try judge([hang]) { c in var h = HealthCheckConfig(); h.depth = depth; c.gatewayHealthCheck = h }
            let window = SimTime.clock(9, 32).nanos..<SimTime.clock(9, 36).nanos
            let shenzhen = (0..<run.recorder.orderCount).filter {
                window.contains(run.recorder.sentAt[$0]) && run.topology.siteNames[run.topology.nodes[Int(run.orders[OrderIndex($0)].population)].site] == "shenzhen"
                    && run.orders[OrderIndex($0)].clientClass == .III
            }
            let failed = shenzhen.filter { run.recorder.answer($0) == nil }
            return (Double(failed.count) / Double(max(1, shenzhen.count)), run)
        }
        let (shallow, shallowRun) = try failedShare(.shallow)
        #expect(shallow > 0.35 && shallow < 0.65, "shallow: \(shallow)")
        #expect(shallowRun.rotationChanges.isEmpty)
        let (deep, deepRun) = try failedShare(.deep)
        #expect(deep < 0.02, "deep: \(deep)")
        let out = try #require(deepRun.rotationChanges.first)
        // Checks every 5 s from 09:10:00. The hang, scheduled before the run started, is handled
        // before the 09:31:00 check: it fails then, at :05 and at :10, and the gateway is out.
        #expect(!out.joined && out.at == SimTime.clock(9, 31, 10))
    }

    /// An automated switch that always fails sends the operators down the manual path.
    @Test func aFailedAutomatedSwitchFallsBackToTheManualSteps() throws {
        let crash = FaultSpec(name: "crash", kind: .hostCrash, nodes: ["fast-shenzhen-1"], start: .clock(9, 31))
        let (run, card) = try judge([crash]) { c in
            c.tiers[1].standby = StandbyConfig(failover: .manual)
            c.operators.notice = .constant(30e9)
            c.operators.diagnose = .constant(60e9)
            c.operators.decide = .constant(30e9)
            c.operators.runbooks = [Runbook(name: "switch", forHosts: ["fast-shenzhen-1"], automatedTake: .constant(30e9),
                                            automatedFailureProbability: 1,
                                            steps: [RunbookStep(.switchOver(host: "fast-shenzhen-1"), take: .constant(120e9))])]
        }
        #expect(run.operatorLog.contains { $0.kind == .automatedFailed })
        let r = try #require(card.faults.first)
        let switched = try #require(run.takeovers.first)
        #expect(switched.cause == .operator && switched.at == r.decidedAt! + .seconds(30 + 120))
        #expect(run.topology.hosts[switched.to.index].name == "fast-shenzhen-1-standby")
        #expect(card.outcomes.lost == 0, "the standby had the primary's work")
        #expect(r.recoveredAt.map { $0 <= switched.at + .seconds(20) } == true, "\(String(describing: r.recoveredAt)) vs \(switched.at)")
    }

    /// Faults in series: `after` starts one when another ends, `start: +offset` shifts it.
    @Test func faultsComposeInSeriesAndInParallel() throws {
        let first = FaultSpec(name: "first", kind: .diskFull, nodes: ["normal-shenzhen-1"], start: .clock(9, 31), duration: .minutes(1))
        var second = FaultSpec(name: "second", kind: .diskFull, nodes: ["normal-shenzhen-2"], start: first.end! + .seconds(30), duration: .minutes(1))
        second.start = first.end! + .seconds(30)
        let parallel = FaultSpec(name: "parallel", kind: .diskFull, nodes: ["normal-shenzhen-3"], start: .clock(9, 31), duration: .minutes(1))
        let (run, _) = try judge([first, second, parallel])
        func refusals(_ name: String) -> [Int64] {
            (0..<run.recorder.orderCount).filter { run.recorder.rejectReason[$0] == .unavailable && run.orders[OrderIndex($0)].tier == run.topology.node(named: name) }
                .map { run.recorder.sentAt[$0] }
        }
        for (name, from) in [("normal-shenzhen-1", SimTime.clock(9, 31)), ("normal-shenzhen-2", SimTime.clock(9, 32, 30)), ("normal-shenzhen-3", SimTime.clock(9, 31))] {
            let times = refusals(name)
            #expect(!times.isEmpty, "\(name)")
            #expect(times.allSatisfy { $0 >= from.nanos - 50_000_000 && $0 < (from + .minutes(1)).nanos }, "\(name)")
        }
    }

    /// DR with asynchronous replication, intraday: what was journaled in the last `lag` before
    /// the site went down never reached Beijing. Those orders are the RPO — counted, reported,
    /// and the clearing reconciliation shows the breaks they leave.
    @Test func anIntradayDRFailoverLosesWhatReplicationHadNotDelivered() throws {
        let fire = FaultSpec(name: "fire", kind: .siteLoss, site: "shenzhen", start: .clock(9, 35))
        func run(lag: SimDuration) throws -> (StackRunResult, Scorecard) {
            try judge([fire]) { c in
                var dr = DRConfig(site: "beijing", protects: ["shenzhen"])
                dr.lag = lag
                c.disasterRecovery = dr
                c.operators.notice = .constant(10e9)
                c.operators.diagnose = .constant(20e9)
                c.operators.decide = .constant(10e9)
                c.operators.runbooks = [Runbook(name: "dr", forSites: ["shenzhen"], steps: [RunbookStep(.drFailover(site: "shenzhen"), take: .constant(60e9))])]
                c.operators.clientReports.delay = .constant(10e9)
            }
        }
        let (lagged, card) = try run(lag: .seconds(5))
        #expect(lagged.takeovers.count >= 10 && lagged.takeovers.allSatisfy { lagged.topology.hosts[$0.to.index].role == .dr })
        let lost = Set(lagged.ordersLostInFailover)
        #expect(!lost.isEmpty)
        // Every order lost had its assets on a Shenzhen tier (only those have replicas that lag).
        for i in lost {
            #expect(lagged.topology.siteNames[lagged.topology.nodes[Int(try #require(lagged.orders[i].assets))].site] == "shenzhen")
        }
        let r = try #require(card.faults.first)
        #expect(r.rpoOrders >= lost.count)
        #expect(card.slas.contains { $0.name.contains("RPO") && !$0.met })
        // A shorter lag loses fewer orders; synchronous replication loses none.
        let (short, _) = try run(lag: .milliseconds(500))
        #expect(short.ordersLostInFailover.count < lost.count)
        let (sync, _) = try run(lag: .zero)
        #expect(sync.ordersLostInFailover.isEmpty && sync.takeovers.count == lagged.takeovers.count)
    }

    /// A runbook is for what all of its filters say: one for site losses at Shenzhen switches to
    /// Beijing when Shenzhen burns, and not for a host crash at Shenzhen nor for Shanghai's loss.
    @Test func aRunbookIsForWhatAllItsFiltersSay() throws {
        let configure: (inout StackConfig) -> Void = { c in
            c.disasterRecovery = DRConfig(site: "beijing", protects: ["shenzhen"])
            c.operators.notice = .constant(10e9)
            c.operators.diagnose = .constant(20e9)
            c.operators.decide = .constant(10e9)
            c.operators.runbooks = [Runbook(name: "dr", forSites: ["shenzhen"], forKinds: ["site_loss"],
                                            steps: [RunbookStep(.drFailover(site: "shenzhen"), take: .constant(60e9))])]
        }
        func switchedToBeijing(_ fault: FaultSpec) throws -> Bool {
            let (run, _) = try judge([fault], configure)
            return run.takeovers.contains { run.topology.hosts[$0.to.index].role == .dr }
        }
        #expect(try switchedToBeijing(FaultSpec(name: "fire", kind: .siteLoss, site: "shenzhen", start: .clock(9, 35))))
        #expect(try !switchedToBeijing(FaultSpec(name: "crash", kind: .hostCrash, nodes: ["fast-shenzhen-1"], start: .clock(9, 35), duration: .minutes(5))))
        #expect(try !switchedToBeijing(FaultSpec(name: "flood", kind: .siteLoss, site: "shanghai", start: .clock(9, 35), duration: .minutes(5))))
    }

    /// The alert path can itself fail: with the link from the monitor to the console cut, the
    /// alert fires but never reaches the operators, and the fault goes undetected.
    @Test func alertsTravelToTheConsoleOverAPathThatCanBeCut() throws {
        let crash = FaultSpec(name: "crash", kind: .hostCrash, nodes: ["normal-shenzhen-1"], start: .clock(9, 31), duration: .minutes(5))
        let cut = FaultSpec(name: "cut", kind: .linkCut, between: ["monitor", "console"], start: .clock(9, 30))
        let (run, card) = try judge([crash, cut]) { c in c.monitoring?.consoleSite = "shanghai" }
        #expect(run.alerts.contains { $0.rule == "node-down" && $0.deliveredAt == nil })
        #expect(run.alerts.allSatisfy { $0.deliveredAt == nil || $0.firedAt < SimTime.clock(9, 30) })
        #expect(card.faults[0].detectedAt == nil || card.faults[0].detectedBy?.hasPrefix("client_report") == true)
        let (clean, cleanCard) = try judge([crash]) { c in c.monitoring?.consoleSite = "shanghai" }
        #expect(clean.alerts.contains { $0.rule == "node-down" && $0.deliveredAt != nil })
        #expect(cleanCard.faults[0].detectedBy?.hasPrefix("alert") == true)
    }

    /// After a DR failover the operators fail back once the primary site runs again: every node
    /// returns to its primary host, with the replica's state (a planned failback loses nothing).
    @Test func aFailbackReturnsEveryNodeToItsPrimary() throws {
        let fire = FaultSpec(name: "fire", kind: .siteLoss, site: "shenzhen", start: .clock(9, 31), duration: .minutes(4))
        let (run, card) = try judge([fire]) { c in
            c.disasterRecovery = DRConfig(site: "beijing", protects: ["shenzhen"])
            c.disasterRecovery?.lag = .zero
            c.operators.notice = .constant(10e9)
            c.operators.diagnose = .constant(20e9)
            c.operators.decide = .constant(10e9)
            c.operators.clientReports.delay = .constant(5e9)
            c.operators.runbooks = [Runbook(name: "dr", forSites: ["shenzhen"], steps: [
                RunbookStep(.drFailover(site: "shenzhen"), take: .constant(60e9)),
                RunbookStep(.drFailback(site: "shenzhen"), take: .constant(300e9)),
            ])]
        }
        let out = run.takeovers.filter { run.topology.hosts[$0.to.index].role == .dr }
        let back = run.takeovers.filter { run.topology.hosts[$0.to.index].role == .primary }
        #expect(!out.isEmpty && back.count == out.count)
        #expect(Set(back.map(\.node)) == Set(out.map(\.node)) && back.allSatisfy { $0.at > SimTime.clock(9, 35) })
        #expect(run.ordersLostInFailover.isEmpty && card.outcomes.duplicated == 0)
    }

    /// Business probes go through every gateway, tier kind and market: an offer gateway that
    /// restarted on drifted software cannot log on, and the 09:30 site probe through it fails
    /// and reaches the operators, while probes through the other offer gateways succeed.
    @Test func siteProbesFindAnOfferGatewayThatCannotLogOn() throws {
        let drift = FaultSpec(name: "drift", kind: .configDrift, nodes: ["offer-sse-shenzhen"], start: .clock(9, 20), version: "0.0.1")
        let kill = FaultSpec(name: "kill", kind: .processKill, nodes: ["offer-sse-shenzhen"], start: .clock(9, 25))
        let (run, card) = try judge([drift, kill]) { c in c.venues[0].requiredVersion = c.software.version }
        let offer = run.topology.node(named: "offer-sse-shenzhen")!
        let round = run.probes.filter { $0.sentAt == SimTime.clock(9, 30) }
        #expect(!round.isEmpty)
        for p in round {
            let via = run.topology.nodes[Int(p.tier)].site == run.topology.nodes[Int(offer)].site && p.market == .sse
            #expect(p.ok == !via, "probe via \(run.topology.name(of: p.tier)) to \(p.market.name)")
        }
        #expect(run.signals.contains { $0.source == .probe && $0.nodes.contains(offer) && $0.at < SimTime.clock(9, 31) })
        #expect(card.faults[1].detectedAt != nil)
    }
}

/// The clearing centre down, or paused, when the collection is due: it collects once it runs
/// again, and the day reconciles (explore found the collection never finishing). A tenth of the
/// short day's clients and orders is enough.
@Suite struct ClearingRecoveryTests {
    static func thin(_ config: inout StackConfig) {
        for p in config.populations.indices {
            config.populations[p].clients = max(1, config.populations[p].clients / 10)
            config.populations[p].ordersPerDay /= 10
        }
    }

    @Test(arguments: [FaultKind.hostCrash, .processPause])
    func theClearingCollectsWhenItRunsAgain(kind: FaultKind) throws {
        var fault = FaultSpec(name: "down", kind: kind, nodes: ["clearing"], start: .clock(9, 56))
        fault.duration = .minutes(2)
        let (run, card) = try judge([fault], ClearingRecoveryTests.thin)
        let collected = try #require(run.clearing.collectedAt)
        #expect(collected >= SimTime.clock(9, 58) && collected < SimTime.clock(9, 58, 1), "\(collected)")
        let broken = card.invariants.filter { !$0.held }.map(\.detail)
        #expect(broken.isEmpty, "\(broken)")
    }

    /// Down from before the collection to the end of the day: it never collects, and says so.
    @Test func aClearingDownToTheEndNeverCollects() throws {
        let (run, card) = try judge([FaultSpec(name: "down", kind: .hostCrash, nodes: ["clearing"], start: .clock(9, 56))], ClearingRecoveryTests.thin)
        #expect(run.clearing.collectedAt == nil)
        #expect(card.invariants.first { $0.name == "clearing_balances" }?.held == false)
    }
}
