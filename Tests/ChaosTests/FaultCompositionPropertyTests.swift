import Chaos
import Kernel
import Net
import Stack
import Testing

/// Random plans of one to eight overlapping faults over a few hosts, links and sites of the
/// short day's stack. The plan's changes are applied in the order the run would fire them; after
/// each instant's changes, the state the stack applies to every host, link, node, site and
/// partition must equal what a slow reference derives from the fault specs active at that
/// instant alone (no effects, no incremental bookkeeping).
@Suite struct FaultCompositionPropertyTests {
    static let hosts = ["normal-shenzhen-1", "normal-shenzhen-2", "fast-shenzhen-1"]
    static let ends = [["normal-shenzhen-1", "offer-sse-shenzhen"], ["shenzhen", "shanghai"], ["normal-shenzhen-1", "shanghai"]]
    static let sites = ["shenzhen", "shanghai"]
    static let hostKinds: [FaultKind] = [.hostCrash, .hostReboot, .hostHang, .processKill, .processPause, .cpuLoad, .configDrift,
                                         .monitoringBlindSpot, .clockSkew, .requestLatency, .appException, .rateLimit]
    static let linkKinds: [FaultKind] = [.linkLatency, .linkJitter, .linkLoss, .linkDuplication, .linkReorder, .linkCut]

    static func randomFault(_ k: Int, _ r: inout Xoshiro256StarStar) -> FaultSpec {
        func pick<T>(_ xs: [T]) -> T { xs[Int(r.next(below: UInt64(xs.count)))] }
        let start = SimTime.clock(9, 30) + .minutes(Int64(r.next(below: 12)))
        let duration: SimDuration? = r.chance(0.2) ? nil : .minutes(Int64(1 + r.next(below: 8)))
        let name = "f\(k)"
        switch r.next(below: 10) {
        case 0..<5:
            let kind = pick(hostKinds)
            var f = FaultSpec(name: name, kind: kind, nodes: [pick(hosts)], start: start, duration: duration)
            f.duration = duration
            switch kind {
            case .cpuLoad: f.factor = 1 + Double(r.next(below: 40)) / 10; f.utilization = Double(r.next(below: 11)) / 10
            case .configDrift: f.version = r.chance(0.7) ? pick(["2.0.0", "3.0.0"]) : nil; f.config = r.chance(0.5) ? pick(["canary", "debug"]) : nil
            case .monitoringBlindSpot: f.metrics = Metric.allCases.filter { _ in r.chance(0.4) }
            case .clockSkew: f.offset = Int64(r.next(in: -2_000...2_000)) * 1_000_000
            case .requestLatency: f.delay = .milliseconds(Int64(1 + r.next(below: 50)))
            case .appException: f.probability = Double(1 + r.next(below: 9)) / 10
            case .rateLimit: f.rate = Double(10 + r.next(below: 1_000))
            default: break
            }
            return f
        case 5..<8:
            let kind = pick(linkKinds)
            var f = FaultSpec(name: name, kind: kind, between: pick(ends), start: start, duration: duration)
            f.duration = duration
            switch kind {
            case .linkLatency: f.delay = .milliseconds(Int64(1 + r.next(below: 30)))
            case .linkJitter: f.jitter = .exponential(mean: Double(1 + r.next(below: 5)) * 1_000_000)
            case .linkLoss, .linkDuplication:
                f.probability = Double(1 + r.next(below: 50)) / 100
                if kind == .linkLoss && r.chance(0.3) {
                    f.direction = pick(FaultSpec.Direction.allCases)
                    f.messages = r.chance(0.5) ? ["fill"] : []
                    if f.direction == .both && f.messages.isEmpty { f.messages = ["order"] }
                }
            case .linkReorder: f.probability = Double(1 + r.next(below: 50)) / 100; f.delay = .milliseconds(Int64(1 + r.next(below: 10)))
            default: break
            }
            return f
        case 8:
            return FaultSpec(name: name, kind: .partition, groups: r.chance(0.5) ? [["shenzhen"], ["shanghai"]] : [["normal-shenzhen-1"], ["offer-sse-shenzhen"]],
                             start: start, duration: duration)
        default:
            var f = FaultSpec(name: name, kind: r.chance(0.5) ? .siteLoss : .healthCheckBlindSpot, site: pick(sites), start: start, duration: duration)
            f.duration = duration
            return f
        }
    }

    // MARK: The slow reference

    struct Reference {
        let world: StackWorld
        var topology: Topology { world.topology }

        func hostsOf(_ f: FaultSpec) -> [HostID] {
            if f.kind == .siteLoss {
                let s = topology.siteNames.firstIndex(of: f.site!)!
                return topology.hosts.indices.filter { h in
                    topology.hosts[h].site == s && FaultPlan.hostTargetKinds.contains(topology.kind(of: topology.hosts[h].node))
                }.map { HostID(Int32($0)) }
            }
            return f.nodes.map { topology.host(named: $0)! }
        }

        func matches(_ h: HostID, _ name: String) -> Bool {
            topology.hosts[h.index].name == name || topology.siteNames[topology.hosts[h.index].site] == name
        }

        func onLink(_ f: FaultSpec, _ l: LinkID) -> Bool {
            let (a, b) = world.linkEnds(l)
            return (matches(a, f.between[0]) && matches(b, f.between[1])) || (matches(a, f.between[1]) && matches(b, f.between[0]))
        }

        func isFilter(_ f: FaultSpec) -> Bool { f.kind == .linkLoss && (f.direction != .both || !f.messages.isEmpty) }

        func host(_ h: HostID, active: [FaultSpec]) -> ActiveFaults.HostCondition {
            let on = active.filter { hostsOf($0).contains(h) }
            let down = on.contains { [.hostCrash, .hostReboot, .processKill, .siteLoss].contains($0.kind) }
            let hung = on.contains { $0.kind == .hostHang }
            let paused = on.contains { $0.kind == .processPause }
            var software = topology.hosts[h.index].software
            for f in on where f.kind == .configDrift {
                if let v = f.version { software.version = v }
                if let c = f.config { software.config = c }
            }
            let loads = on.filter { $0.kind == .cpuLoad }
            let blind = on.filter { $0.kind == .monitoringBlindSpot }
            return ActiveFaults.HostCondition(
                state: down ? .crashed : hung ? .hung : paused ? .paused : .up,
                slowdown: loads.reduce(1.0) { $0 * $1.factor }, load: min(1, loads.reduce(0.0) { $0 + $1.utilization }),
                hiddenMetrics: blind.reduce(UInt8(0)) { acc, f in
                    f.metrics.isEmpty ? UInt8.max : f.metrics.reduce(acc) { $0 | (1 << UInt8(Metric.allCases.firstIndex(of: $1)!)) }
                },
                software: software,
                clockSkewNanos: on.filter { $0.kind == .clockSkew }.reduce(0) { $0 + $1.offset })
        }

        func link(_ l: LinkID, active: [FaultSpec]) -> ActiveFaults.LinkCondition {
            let base = world.baseline(of: l)
            let on = active.filter { $0.kind.target == .between && !isFilter($0) && onLink($0, l) }
            func combined(_ base: Double, _ kind: FaultKind) -> Double {
                1 - on.filter { $0.kind == kind }.reduce(1 - base) { $0 * (1 - $1.probability) }
            }
            return ActiveFaults.LinkCondition(
                up: base.up && !on.contains { $0.kind == .linkCut },
                extraDelay: SimDuration(nanos: on.filter { $0.kind == .linkLatency }.reduce(0) { $0 + $1.delay.nanos }),
                jitter: on.last { $0.kind == .linkJitter }?.jitter ?? base.jitter,
                loss: combined(base.lossProbability, .linkLoss), duplication: combined(base.duplicationProbability, .linkDuplication),
                reorderProbability: combined(0, .linkReorder),
                reorderDelay: SimDuration(nanos: on.filter { $0.kind == .linkReorder }.map(\.delay.nanos).max() ?? 0))
        }
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(a), abs(b)) }

    static func same(_ a: ActiveFaults.LinkCondition, _ b: ActiveFaults.LinkCondition) -> Bool {
        a.up == b.up && a.extraDelay == b.extraDelay && a.jitter == b.jitter && close(a.loss, b.loss) && close(a.duplication, b.duplication)
            && close(a.reorderProbability, b.reorderProbability) && a.reorderDelay == b.reorderDelay
    }

    static func same(_ a: ActiveFaults.HostCondition, _ b: ActiveFaults.HostCondition) -> Bool {
        a.state == b.state && close(a.slowdown, b.slowdown) && close(a.load, b.load) && a.hiddenMetrics == b.hiddenMetrics
            && a.software == b.software && a.clockSkewNanos == b.clockSkewNanos
    }

    @Test func theAppliedStateIsAlwaysWhatTheActiveFaultsSay() throws {
        var config = StackConfig.shortDay
        config.seed = 3
        var hub = TraceHub()
        let built = try StackWorld(config: config, recorderPoints: &hub)
        var random = Xoshiro256StarStar(seed: 20261201)
        var checks = 0, overlapping = 0
        for plan in 0..<150 {
            let faults = (0..<(1 + Int(random.next(below: 8)))).map { Self.randomFault($0, &random) }
            var world = built
            let schedule = try FaultPlan.schedule(faults, world: world)
            try world.declare(schedule.partitions)
            // The run fires changes by time, and in plan order at one time.
            let changes = schedule.changes.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            let reference = Reference(world: world)
            var sim = Simulation<StackPayload>(start: config.dayStart)
            sim.trace = hub
            var k = 0
            while k < changes.count {
                let t = changes[k].time
                while k < changes.count && changes[k].time == t {
                    world.applyNow(changes[k], in: &sim)
                    k += 1
                }
                // Active at t, in the order they started (by time, then plan order).
                let active = faults.enumerated().filter { $0.element.start <= t && ($0.element.end.map { t < $0 } ?? true) }
                    .sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
                if active.count > 1 { overlapping += 1 }
                let context = "plan \(plan) at \(t): active \(active.map { "\($0.name) \($0.kind.rawValue)" })"
                for h in world.topology.hosts.indices.map({ HostID(Int32($0)) }) {
                    let want = reference.host(h, active: active), got = world.hostCondition(h)
                    #expect(Self.same(got, want), "\(context): host \(world.topology.hosts[h.index].name) is \(got), expected \(want)")
                }
                for l in (0..<world.linkCount).map({ LinkID(Int32($0)) }) {
                    let want = reference.link(l, active: active), got = world.linkCondition(l)
                    #expect(Self.same(got, want), "\(context): link \(l.raw) is \(got), expected \(want)")
                }
                for n in world.topology.nodes.indices.map({ StackNodeID($0) }) {
                    let hits = active.filter { f in
                        [.requestLatency, .appException, .rateLimit].contains(f.kind) && f.nodes.contains { world.topology.node(named: $0) == n }
                    }
                    let got = world.impairment(ofNode: n)
                    #expect(got.extraDelay.nanos == hits.filter { $0.kind == .requestLatency }.reduce(0) { $0 + $1.delay.nanos }, "\(context)")
                    let pass = hits.filter { $0.kind == .appException }.reduce(1.0) { $0 * (1 - $1.probability) }
                    #expect(Self.close(got.refuseProbability, 1 - pass), "\(context): node \(n) refuses \(got.refuseProbability)")
                    #expect(got.ratePerSecond == hits.filter { $0.kind == .rateLimit }.map(\.rate).min(), "\(context)")
                }
                for (s, site) in world.topology.siteNames.enumerated() {
                    let blind = active.contains { $0.kind == .healthCheckBlindSpot && $0.site == site }
                    #expect(world.healthChecksEnabled(site: s) == !blind, "\(context): site \(site)")
                }
                let partitions = faults.filter { $0.kind == .partition }
                for (p, f) in partitions.enumerated() {
                    #expect(world.partitionActive(p) == active.contains { $0.name == f.name }, "\(context): partition \(f.name)")
                }
                let filters = active.filter { reference.isFilter($0) }.reduce(0) { $0 + ($1.direction == .both ? 2 : 1) }
                #expect(world.packetFilters.count == filters, "\(context)")
                checks += 1
            }
        }
        // The plans overlap often enough to mean something.
        #expect(checks > 600 && overlapping > 300, "\(checks) instants checked, \(overlapping) with overlapping faults")
    }
}
