import Chaos
import Exchange
import Kernel
import Net
import Scoring
import Stack
import Testing

/// One fault kind on the short day (seed 7): the faults injected, a tweak of the stack, and
/// what must hold afterwards. Every fault window lies in continuous trading (09:30–09:45).
struct CatalogueCase: Sendable, CustomTestStringConvertible {
    var kind: FaultKind
    var faults: [FaultSpec]
    var configure: @Sendable (inout StackConfig) -> Void = { _ in }
    var check: @Sendable (StackRunResult, Scorecard) throws -> Void
    var testDescription: String { kind.rawValue }
}

let at = SimTime.clock(9, 31)
func f(_ kind: FaultKind, _ configure: (inout FaultSpec) -> Void = { _ in }) -> FaultSpec {
    var spec = FaultSpec(name: kind.rawValue, kind: kind, start: at, duration: .minutes(3))
    configure(&spec)
    return spec
}

/// Orders of the run matching `filter`, sent while the fault `window` lasted.
func ordersIn(_ run: StackRunResult, _ window: Range<SimTime>, _ filter: (OrderHeader) -> Bool) -> [Int] {
    (0..<run.recorder.orderCount).filter {
        window.contains(SimTime(nanos: run.recorder.sentAt[$0])) && filter(run.orders[OrderIndex($0)])
    }
}

/// Mean acknowledgement latency (ns) of the acknowledged orders among `ks`.
func meanAck(_ run: StackRunResult, _ ks: [Int]) -> Double {
    let latencies = ks.compactMap { run.recorder.ackLatency($0) }
    return latencies.reduce(0.0) { $0 + Double($1) } / Double(max(latencies.count, 1))
}

func node(_ run: StackRunResult, _ name: String) -> StackNodeID { run.topology.node(named: name)! }
let window = at..<(at + .minutes(3))

extension CatalogueCase {
    static let all: [CatalogueCase] = [
        CatalogueCase(kind: .hostCrash, faults: [f(.hostCrash) { $0.nodes = ["normal-shenzhen-1"] }]) { run, card in
            #expect(run.sessions.redelivered > 0)
            let r = try #require(card.faults.first)
            // node-down: the scrapes of 09:31:15 and :30 go unanswered; 30 s later it fires.
            #expect(r.detectedAt.map { $0 - at <= .seconds(60) } == true, "\(String(describing: r.detectedAt))")
            #expect(r.outageStart != nil && r.recoveredAt.map { $0 <= at + .minutes(4) } == true)
        },
        CatalogueCase(kind: .hostReboot, faults: [f(.hostReboot) { $0.nodes = ["normal-shenzhen-1"]; $0.duration = FaultKind.hostReboot.descriptor.defaultDuration }]) { run, card in
            #expect(card.faults.first?.end == at + .minutes(2), "a reboot takes 2 minutes unless told otherwise")
            #expect(run.sessions.redelivered > 0)
        },
        CatalogueCase(kind: .hostHang, faults: [f(.hostHang) { $0.nodes = ["gateway-shenzhen-1"] }]) { run, card in
            #expect(run.sessions.lostAtHungHosts > 0 && card.outcomes.lost > 0)
            let g = node(run, "gateway-shenzhen-1")
            for k in 0..<run.recorder.orderCount where run.recorder.outcome[k] == .pending {
                #expect(run.orders[OrderIndex(k)].gateway == g)
            }
            #expect(card.faults.first?.detectedAt != nil)
        },
        CatalogueCase(kind: .cpuLoad, faults: [f(.cpuLoad) { $0.nodes = ["normal-shenzhen-1"]; $0.factor = 40 }]) { run, card in
            let slow = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-1") && $0.business == .A1 }
            let others = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-2") && $0.business == .A1 }
            #expect(meanAck(run, slow) > meanAck(run, others) + 50_000_000)
            // 100 % CPU for 2 minutes: cpu-saturated fires.
            #expect(run.alerts.contains { $0.rule == "cpu-saturated" && run.topology.hosts[$0.host.index].name == "normal-shenzhen-1" })
        },
        CatalogueCase(kind: .memoryExhaustion,
                      faults: [f(.memoryExhaustion) { $0.nodes = ["normal-shenzhen-1"]; $0.queueLimit = 0 },
                               f(.cpuLoad) { $0.name = "slow"; $0.nodes = ["normal-shenzhen-1"]; $0.factor = 400 }],
                      configure: { $0.tiers[2].concurrency = 1 }) { run, card in
            let refused = (0..<run.recorder.orderCount).filter { run.recorder.rejectReason[$0] == .busy }
            #expect(!refused.isEmpty && refused.allSatisfy { run.orders[OrderIndex($0)].tier == node(run, "normal-shenzhen-1") })
        },
        CatalogueCase(kind: .diskFull, faults: [f(.diskFull) { $0.nodes = ["normal-shenzhen-1"] }]) { run, card in
            let refused = (0..<run.recorder.orderCount).filter { run.recorder.rejectReason[$0] == .unavailable }
            let sent = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-1") }
            #expect(refused.count > 20 && refused.count <= sent.count)
            #expect(refused.allSatisfy { run.orders[OrderIndex($0)].tier == node(run, "normal-shenzhen-1") })
            #expect(card.invariants.allSatisfy { $0.held })
        },
        CatalogueCase(kind: .ioLoad, faults: [f(.ioLoad) { $0.nodes = ["normal-shenzhen-1"]; $0.delay = .milliseconds(40) }]) { run, _ in
            let slow = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-1") && $0.business == .A1 }
            let others = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-3") && $0.business == .A1 }
            let added = meanAck(run, slow) - meanAck(run, others)
            #expect(added > 30_000_000 && added < 50_000_000, "added \(added) ns")
        },
        CatalogueCase(kind: .linkLatency, faults: [f(.linkLatency) { $0.between = ["normal-shenzhen-1", "offer-sse-shenzhen"]; $0.delay = .milliseconds(20) }]) { run, _ in
            let slow = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-1") && $0.market == .sse && $0.business == .A1 }
            let fast = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-2") && $0.market == .sse && $0.business == .A1 }
            let added = meanAck(run, slow) - meanAck(run, fast)
            // There and back: +40 ms.
            #expect(added > 35_000_000 && added < 45_000_000, "added \(added) ns")
        },
        CatalogueCase(kind: .linkJitter, faults: [f(.linkJitter) { $0.between = ["shenzhen", "shanghai"]; $0.jitter = .exponential(mean: 20e6) }]) { run, card in
            let crossing = ordersIn(run, window) { $0.clientClass == .III && $0.market == .sse && $0.business == .A1 }
            let after = ordersIn(run, (at + .minutes(5))..<(at + .minutes(8))) { $0.clientClass == .III && $0.market == .sse && $0.business == .A1 }
            #expect(meanAck(run, crossing) > meanAck(run, after) + 20_000_000)
            #expect(card.outcomes.lost == 0 && card.invariants.allSatisfy { $0.held })
        },
        CatalogueCase(kind: .linkLoss, faults: [f(.linkLoss) { $0.between = ["shenzhen", "shanghai"]; $0.probability = 0.05 }]) { run, card in
            #expect(run.sessions.retransmissions > 0 && run.sessions.retransmissions == run.packetsLost)
            #expect(card.outcomes.lost == 0 && card.invariants.allSatisfy { $0.held })
        },
        CatalogueCase(kind: .linkDuplication, faults: [f(.linkDuplication) { $0.between = ["shenzhen", "shanghai"]; $0.probability = 0.2 }]) { run, card in
            #expect(run.duplicatesDiscarded > 50)
            #expect(card.outcomes.lost == 0 && card.outcomes.duplicated == 0 && card.invariants.allSatisfy { $0.held })
        },
        CatalogueCase(kind: .linkReorder, faults: [f(.linkReorder) { $0.between = ["shenzhen", "shanghai"]; $0.probability = 0.2; $0.delay = .milliseconds(30) }]) { run, card in
            #expect(run.packetsReordered > 50)
            #expect(card.outcomes.lost == 0 && card.outcomes.duplicated == 0 && card.invariants.allSatisfy { $0.held })
        },
        CatalogueCase(kind: .linkCut, faults: [f(.linkCut) { $0.between = ["normal-shenzhen-1", "offer-sse-shenzhen"]; $0.duration = .minutes(1) }]) { run, card in
            #expect(run.messagesDropped + run.messagesCut > 0 && card.outcomes.lost > 0)
        },
        CatalogueCase(kind: .partition, faults: [f(.partition) { $0.groups = [["shenzhen"], ["shanghai"]]; $0.duration = .minutes(1) }]) { run, card in
            #expect(run.messagesDropped + run.messagesCut > 0)
            // Class I's colocated Shanghai orders never cross: they are untouched.
            let local = ordersIn(run, at..<(at + .minutes(1))) { $0.clientClass == .I && $0.market == .sse && $0.business == .A1 }
            #expect(!local.isEmpty && local.allSatisfy { run.recorder.outcome[$0] != .pending })
        },
        CatalogueCase(kind: .dnsFailure, faults: [f(.dnsFailure) { $0.nodes = ["gateway-shenzhen-1"] }]) { run, _ in
            let refused = (0..<run.recorder.orderCount).filter { run.recorder.rejectReason[$0] == .unavailable }
            #expect(refused.count > 20)
            #expect(refused.allSatisfy { run.orders[OrderIndex($0)].gateway == node(run, "gateway-shenzhen-1") && run.orders[OrderIndex($0)].tier == nil })
        },
        CatalogueCase(kind: .processKill, faults: [f(.processKill) { $0.nodes = ["normal-shenzhen-1"]; $0.duration = FaultKind.processKill.descriptor.defaultDuration }]) { run, card in
            #expect(card.faults.first?.end == at + .seconds(10), "a supervisor restarts a killed process after 10 s")
            #expect(run.sessions.redelivered > 0)
        },
        CatalogueCase(kind: .processPause, faults: [f(.processPause) { $0.nodes = ["normal-shenzhen-1"]; $0.duration = .minutes(1) }]) { run, card in
            #expect(run.sessions.redelivered > 0 && run.sessions.lostInMemory == 0)
            #expect(card.outcomes.lost == 0 && card.invariants.allSatisfy { $0.held })
        },
        CatalogueCase(kind: .appException, faults: [f(.appException) { $0.nodes = ["normal-shenzhen-1"]; $0.probability = 0.5 }]) { run, _ in
            let sent = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-1") }
            let refused = sent.filter { run.recorder.rejectReason[$0] == .unavailable }
            // Half, within four standard deviations.
            let n = Double(sent.count), sd = (n * 0.25).squareRoot()
            #expect(abs(Double(refused.count) - n / 2) < 4 * sd, "\(refused.count) of \(sent.count)")
        },
        CatalogueCase(kind: .dataTampering, faults: [f(.dataTampering) { $0.nodes = ["normal-shenzhen-1"]; $0.probability = 1 }]) { run, card in
            #expect(run.tiers.first { $0.name == "normal-shenzhen-1" }!.tamperedFills > 0)
            // Only the clearing reconciliation can tell: the accounts no longer match the exchange's executions.
            #expect(card.invariants.first { $0.name == "accounts_reconcile" }?.held == false)
        },
        CatalogueCase(kind: .resourceExhaustion,
                      faults: [f(.resourceExhaustion) { $0.nodes = ["normal-shenzhen-1"]; $0.concurrency = 1 },
                               f(.cpuLoad) { $0.name = "slow"; $0.nodes = ["normal-shenzhen-1", "normal-shenzhen-2"]; $0.factor = 200 }]) { run, _ in
            // Both instances are slow; only the exhausted one queues.
            #expect(run.tiers.first { $0.name == "normal-shenzhen-1" }!.queueDepthMax >= 2)
            #expect(run.tiers.first { $0.name == "normal-shenzhen-2" }!.queueDepthMax == 0)
        },
        CatalogueCase(kind: .requestLatency, faults: [f(.requestLatency) { $0.nodes = ["gateway-shenzhen-1"]; $0.delay = .milliseconds(20) }]) { run, _ in
            let slow = ordersIn(run, window) { $0.gateway == node(run, "gateway-shenzhen-1") && $0.clientClass == .III && $0.business == .A1 }
            let others = ordersIn(run, window) { $0.gateway == node(run, "gateway-shenzhen-2") && $0.clientClass == .III && $0.business == .A1 }
            let added = meanAck(run, slow) - meanAck(run, others)
            // The order on its way in and the acknowledgement on its way out: +40 ms.
            #expect(added > 35_000_000 && added < 45_000_000, "added \(added) ns")
        },
        CatalogueCase(kind: .processingDelay, faults: [f(.processingDelay) { $0.nodes = ["gateway-shenzhen-1"]; $0.delay = .milliseconds(30) }]) { run, _ in
            let slow = ordersIn(run, window) { $0.gateway == node(run, "gateway-shenzhen-1") && $0.clientClass == .III && $0.business == .A1 }
            let others = ordersIn(run, window) { $0.gateway == node(run, "gateway-shenzhen-2") && $0.clientClass == .III && $0.business == .A1 }
            let added = meanAck(run, slow) - meanAck(run, others)
            // Held on the way in and again on the way out: +60 ms.
            #expect(added > 55_000_000 && added < 65_000_000, "added \(added) ns")
        },
        CatalogueCase(kind: .malformedRequests, faults: [f(.malformedRequests) { $0.nodes = ["gateway-shenzhen-1"]; $0.probability = 0.3 }]) { run, _ in
            let refused = (0..<run.recorder.orderCount).filter { run.recorder.rejectReason[$0] == .malformed }
            #expect(refused.count > 10 && refused.allSatisfy { run.orders[OrderIndex($0)].gateway == node(run, "gateway-shenzhen-1") })
        },
        CatalogueCase(kind: .connectionPoolFull, faults: [f(.connectionPoolFull) { $0.nodes = ["gateway-shenzhen-1"] }]) { run, _ in
            let sent = ordersIn(run, window) { $0.gateway == node(run, "gateway-shenzhen-1") }
            #expect(!sent.isEmpty && sent.allSatisfy { run.recorder.rejectReason[$0] == .busy })
        },
        CatalogueCase(kind: .rateLimit, faults: [f(.rateLimit) { $0.nodes = ["gateway-shenzhen-1"]; $0.rate = 0.5 }]) { run, _ in
            let sent = ordersIn(run, window) { $0.gateway == node(run, "gateway-shenzhen-1") }
            let admitted = sent.filter { run.recorder.rejectReason[$0] != .busy }
            // 0.5 per second for 180 s, plus the one token the bucket starts with.
            #expect(admitted.count <= 91 && sent.count > admitted.count, "\(admitted.count) of \(sent.count)")
        },
        CatalogueCase(kind: .circuitBreaker, faults: [f(.circuitBreaker) { $0.nodes = ["offer-sse-shenzhen"] }]) { run, _ in
            let sent = ordersIn(run, window) { $0.offer == node(run, "offer-sse-shenzhen") }
            #expect(sent.count > 10 && sent.allSatisfy { run.recorder.rejectReason[$0] == .unavailable })
        },
        CatalogueCase(kind: .databaseSlow, faults: [f(.databaseSlow) { $0.nodes = ["normal-shenzhen-1"] }]) { run, _ in
            let slow = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-1") && $0.business == .A1 }
            let others = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-4") && $0.business == .A1 }
            let added = meanAck(run, slow) - meanAck(run, others)
            #expect(added > 40_000_000 && added < 60_000_000, "added \(added) ns (default 50 ms)")
        },
        CatalogueCase(kind: .databaseUnavailable, faults: [f(.databaseUnavailable) { $0.nodes = ["normal-shenzhen-1"] }]) { run, _ in
            let sent = ordersIn(run, window) { $0.tier == node(run, "normal-shenzhen-1") }
            #expect(sent.count > 10 && sent.allSatisfy { run.recorder.rejectReason[$0] == .unavailable || run.recorder.sentAt[$0] > (at + .minutes(3)).nanos - 100_000_000 })
        },
        CatalogueCase(kind: .middlewareSlow, faults: [f(.middlewareSlow) { $0.nodes = ["dispatch-shenzhen"]; $0.delay = .milliseconds(200) }]) { run, _ in
            let queries = (0..<run.recorder.querySentAt.count).filter { window.contains(SimTime(nanos: run.recorder.querySentAt[$0])) }
            let answered = queries.filter { run.recorder.queryAnswer($0) != nil }
            #expect(!answered.isEmpty)
            let slow = answered.filter { run.recorder.queryAnswer($0)! - run.recorder.querySentAt[$0] > 200_000_000 }
            #expect(slow.count * 2 > answered.count, "most queries cross the Shenzhen bus")
        },
        CatalogueCase(kind: .middlewareUnavailable, faults: [f(.middlewareUnavailable) { $0.nodes = ["dispatch-shenzhen"] }]) { run, _ in
            // Class I's C2 orders get their funds through dispatch: refused while the bus is down.
            let funded = ordersIn(run, window) { $0.clientClass == .I && $0.business == .C2 && $0.tier.map { run.topology.siteNames[run.topology.nodes[Int($0)].site] == "shenzhen" } ?? false }
            #expect(!funded.isEmpty && funded.allSatisfy { run.recorder.rejectReason[$0] == .unavailable })
        },
        CatalogueCase(kind: .siteLoss, faults: [f(.siteLoss) { $0.site = "shanghai"; $0.duration = .minutes(2) }]) { run, card in
            let r = try #require(card.faults.first)
            #expect(r.target.count >= 8 && r.target.allSatisfy { $0.contains("shanghai") })
            #expect(run.sessions.redelivered > 0 && r.outageStart != nil)
        },
        CatalogueCase(kind: .configDrift,
                      faults: [f(.configDrift) { $0.nodes = ["offer-sse-shenzhen"]; $0.version = "0.9.0" },
                               f(.processKill) { $0.name = "kill"; $0.nodes = ["offer-sse-shenzhen"]; $0.start = at + .seconds(30); $0.duration = FaultKind.processKill.descriptor.defaultDuration }],
                      configure: { c in c.venues[0].requiredVersion = c.software.version }) { run, _ in
            // Killed and restarted on drifted software, it cannot log on again until the drift ends.
            #expect(run.logonsRefused > 0)
            let refused = (0..<run.recorder.orderCount).filter { run.recorder.rejectReason[$0] == .unavailable }
            #expect(!refused.isEmpty && refused.allSatisfy { run.orders[OrderIndex($0)].offer == node(run, "offer-sse-shenzhen") })
        },
        CatalogueCase(kind: .healthCheckBlindSpot,
                      faults: [f(.healthCheckBlindSpot) { $0.site = "shenzhen" }, f(.hostHang) { $0.name = "hang"; $0.nodes = ["gateway-shenzhen-1"] }],
                      configure: { c in var h = HealthCheckConfig(); h.depth = .deep; c.gatewayHealthCheck = h }) { run, _ in
            // A deep check would have taken the hung gateway out in 15 s; with no checks it stays in.
            #expect(!run.rotationChanges.contains { $0.gateway == node(run, "gateway-shenzhen-1") && !$0.joined && $0.at < at + .minutes(3) })
        },
        CatalogueCase(kind: .monitoringBlindSpot,
                      faults: [f(.monitoringBlindSpot) { $0.nodes = ["normal-shenzhen-1"]; $0.metrics = [.cpu] },
                               f(.cpuLoad) { $0.name = "burn"; $0.nodes = ["normal-shenzhen-1"]; $0.factor = 1.2 }]) { run, card in
            #expect(!run.alerts.contains { $0.rule == "cpu-saturated" })
            #expect(card.faults[1].detectedAt == nil)
        },
        CatalogueCase(kind: .clockSkew, faults: [f(.clockSkew) { $0.nodes = ["offer-szse-shenzhen"]; $0.offset = 5_000_000_000 }]) { run, _ in
            let refused = (0..<run.recorder.orderCount).filter { run.recorder.rejectReason[$0] == .clockSkew }
            #expect(refused.count > 10 && refused.allSatisfy { run.orders[OrderIndex($0)].offer == node(run, "offer-szse-shenzhen") })
        },
    ]
}

@Suite struct CatalogueTests {
    @Test func everyKindHasACase() {
        #expect(Set(CatalogueCase.all.map(\.kind)) == Set(FaultKind.allCases))
    }

    @Test(arguments: CatalogueCase.all)
    func eachFaultHasItsDocumentedEffect(_ c: CatalogueCase) throws {
        var config = StackConfig.shortDay
        config.seed = 7
        // The other members' flow only fills the books: at a fifth of the short day's, the
        // exchanges still match every broker order and the runs take half the time.
        for k in config.venues.indices { config.venues[k].otherMembersOrdersPerSecond = 4 }
        c.configure(&config)
        let run = try StackRun.run(config, plan: { world throws(StackBuildError) in try FaultPlan.schedule(c.faults, world: world) })
        let card = Scorecard(run, policy: nil, faults: c.faults)
        #expect(card.faults.count == c.faults.count && card.faults[0].kind == c.kind.rawValue)
        try c.check(run, card)
    }
}
