import Chaos
import Kernel
import Net
import Stack

/// One SLA the run was judged on: its name, whether it was met, the value measured and the limit.
public struct SLACheck: Equatable, Sendable {
    /// What a check judges: a latency row, one of a fault's expectations, or a guard.
    public enum Kind: String, CaseIterable, Sendable {
        case latency
        case detection, recovery, recoveryBy = "recovery_by", rpo
        case `guard`
        /// Every incident graded below the scenario's `sla.incidents_below`.
        case incident

        /// Whether the check is about a fault or a guard rather than steady-state latency.
        public var isFaultCheck: Bool { self != .latency }
    }

    public var kind: Kind
    public var name: String
    public var met: Bool
    public var value: String
    public var limit: String
    /// The value over the limit where both are numbers (1 is on the line, above it breached;
    /// infinite when the event never came: not detected, not recovered), for ranking runs
    /// against each other; nil where a ratio means nothing.
    public var ratio: Double?
    public init(_ kind: Kind, name: String, met: Bool, value: String, limit: String, ratio: Double? = nil) {
        self.kind = kind; self.name = name; self.met = met; self.value = value; self.limit = limit; self.ratio = ratio
    }

    /// `value / limit`, with a zero limit counting as 1 so that 0 against 0 is on the line.
    static func ratio(_ value: Int64?, _ limit: Int64) -> Double {
        guard let value else { return .infinity }
        return Double(value) / Double(max(limit, 1))
    }
}

/// Client traffic over a window: interactions, the share that failed, and the orders'
/// acknowledgement p99.
public struct SteadyState: Equatable, Sendable {
    public var from: SimTime
    public var to: SimTime
    public var interactions: Int
    public var failedRatio: Double
    public var ackP99Nanos: Int64?
}

/// What one fault did and how the stack and its people answered it (SPEC §6, §8).
public struct FaultReport: Equatable, Sendable {
    public var name: String
    public var kind: String
    public var target: [String]
    public var start: SimTime
    public var end: SimTime?
    /// The first signal about it that reached the operators, and what it was.
    public var detectedAt: SimTime?
    public var detectedBy: String?
    /// The response level declared, the decision and its runbook, and when the runbook finished.
    public var level: ResponseLevel?
    public var decidedAt: SimTime?
    public var runbook: String?
    public var completedAt: SimTime?
    /// The client-visible outage it caused (`nil` start: none), and when service came back
    /// within SLA (`nil` with an outage: not within the run).
    public var outageStart: SimTime?
    public var recoveredAt: SimTime?
    /// Recovery time objective met: start → service back within SLA (0 without an outage).
    public var rtoNanos: Int64?
    /// Acknowledged orders (or their fills) lost: never replicated to a DR replica, or left without an end.
    public var rpoOrders: Int
    public var before: SteadyState
    public var during: SteadyState
    public var after: SteadyState?
    public var slas: [SLACheck]
    /// A guard rolled the plan back before this fault started: it never acted.
    public var cancelled = false
}

/// The capacity headroom of a pool of identical instances (SPEC §9): at average utilisation p
/// with ceiling q, at most m = ⌊n(1 − p/q)⌋ may fail together; beside it, each stretch of the
/// run with instances down and whether the pool kept its SLA then.
public struct HeadroomRow: Equatable, Sendable {
    public var pool: String
    public var instances: Int
    public var utilization: Double
    public var ceiling: Double
    public var maxFailures: Int
    /// Stretches with the same number of instances down.
    public var observations: [Observation]
    public var observedDown: Int { observations.map(\.down).max() ?? 0 }

    public struct Observation: Equatable, Sendable {
        public var down: Int
        public var from: SimTime
        public var to: SimTime
        /// The pool's orders sent in the stretch: their p99 (client send → answer) and target.
        public var p99Nanos: Int64?
        public var targetNanos: Int64
        public var held: Bool?
        /// Whether the bound allowed this many down at once.
        public var withinBound: Bool
    }
}

public enum FaultAnalysis {
    /// One report per fault of the plan, in plan order.
    public static func reports(_ run: StackRunResult, faults: [FaultSpec], health: ServiceHealth) -> [FaultReport] {
        let topology = run.topology
        let dayEnd = run.config.dayEnd
        let signals = run.signals.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        var reports: [FaultReport] = []
        for (k, injected) in run.faults.enumerated() {
            let spec = k < faults.count ? faults[k] : nil
            let nodes = Set(injected.hosts.map { topology.node(ofHost: $0) })
            let cleared = run.faultClearedAt[k]
            if let cleared, cleared < injected.start {
                reports.append(FaultReport(name: injected.name, kind: injected.kind, target: injected.hosts.map { topology.hosts[$0.index].name },
                                           start: injected.start, end: nil, rpoOrders: 0,
                                           before: steady(run, health, from: injected.start, to: injected.start),
                                           during: steady(run, health, from: injected.start, to: injected.start), slas: [], cancelled: true))
                continue
            }
            let end = [injected.end, cleared].compactMap { $0 }.min()
            let outage = health.outage(from: injected.start, latestStart: (end ?? dayEnd) + .seconds(60))
            let recoveredAt: SimTime? = outage == nil ? nil : outage!.end
            let rto: Int64? = outage == nil ? 0 : recoveredAt.map { ($0 - injected.start).nanos }
            let horizon = (recoveredAt ?? end ?? dayEnd) + .minutes(10)
            let detection = signals.first { s in
                s.at >= injected.start && s.at <= horizon
                    && (s.nodes.contains { nodes.contains($0) } || (s.source == .clientReport && s.nodes.isEmpty) || nodes.isEmpty)
            }
            var report = FaultReport(
                name: injected.name, kind: injected.kind, target: injected.hosts.map { topology.hosts[$0.index].name },
                start: injected.start, end: end, detectedAt: detection?.at,
                detectedBy: detection.map { "\($0.source.rawValue): \($0.detail)" },
                outageStart: outage?.start, recoveredAt: recoveredAt, rtoNanos: rto,
                rpoOrders: rpo(run, nodes: nodes),
                before: steady(run, health, from: injected.start - .minutes(5), to: injected.start),
                during: steady(run, health, from: injected.start, to: recoveredAt ?? end ?? min(dayEnd, injected.start + .minutes(5))),
                after: nil, slas: [])
            if let back = recoveredAt ?? end, back < dayEnd { report.after = steady(run, health, from: back, to: min(dayEnd, back + .minutes(5))) }
            for event in run.operatorLog where event.fault == k {
                switch event.kind {
                case let .declared(level): report.level = level
                case let .decided(runbook): report.decidedAt = event.at; report.runbook = runbook
                case .completed: report.completedAt = event.at
                default: break
                }
            }
            report.slas = slas(report, spec: spec, defaults: run.config.sla)
            reports.append(report)
        }
        return reports
    }

    /// Acknowledged orders lost around `nodes`: dropped by a DR replica that never got their
    /// journal entries, or acknowledged and then never ended.
    static func rpo(_ run: StackRunResult, nodes: Set<StackNodeID>) -> Int {
        let r = run.recorder
        var lost = Set<OrderIndex>()
        for i in run.ordersLostInFailover {
            let h = run.orders[i]
            if h.assets.map(nodes.contains) == true || h.tier.map(nodes.contains) == true { lost.insert(i) }
        }
        for k in 0..<r.orderCount where r.outcome[k] == .pending && r.ack(k) != nil {
            if run.routeNodes(OrderIndex(k)).contains(where: { nodes.contains($0) }) { lost.insert(OrderIndex(k)) }
        }
        return lost.count
    }

    static func steady(_ run: StackRunResult, _ health: ServiceHealth, from: SimTime, to: SimTime) -> SteadyState {
        let r = run.recorder
        let a = max(0, health.second(of: from)), b = min(health.sent.count, max(a, health.second(of: to)))
        var sent = 0, failed = 0
        for s in a..<b { sent += Int(health.sent[s]); failed += Int(health.failed[s]) }
        var acks: [Int64] = []
        for k in 0..<r.orderCount where r.sentAt[k] >= from.nanos && r.sentAt[k] < to.nanos {
            guard let latency = r.ackLatency(k) else { continue }
            acks.append(latency)
        }
        IntegerSort.sort(&acks)
        return SteadyState(from: from, to: to, interactions: sent, failedRatio: sent == 0 ? 0 : Double(failed) / Double(sent),
                           ackP99Nanos: acks.isEmpty ? nil : Percentile.nearestRank(acks, 99))
    }

    static func slas(_ report: FaultReport, spec: FaultSpec?, defaults: SLATargets) -> [SLACheck] {
        var checks: [SLACheck] = []
        let expect = spec?.expect ?? FaultSpec.Expectation()
        if let limit = expect.detectWithin ?? defaults.detection {
            let took = report.detectedAt.map { $0 - report.start }
            checks.append(SLACheck(.detection, name: "\(report.name): detected within \(limit)", met: took.map { $0 <= limit } ?? false,
                                   value: took.map(\.description) ?? "not detected", limit: limit.description,
                                   ratio: SLACheck.ratio(took?.nanos, limit.nanos)))
        }
        if let limit = expect.recoverWithin ?? defaults.recovery {
            let rto = report.rtoNanos.map { SimDuration(nanos: $0) }
            checks.append(SLACheck(.recovery, name: "\(report.name): service back within \(limit)", met: rto.map { $0 <= limit } ?? false,
                                   value: rto.map(\.description) ?? "not recovered", limit: limit.description,
                                   ratio: SLACheck.ratio(rto?.nanos, limit.nanos)))
        }
        if let by = expect.recoverBy {
            let back = report.outageStart == nil ? report.start : report.recoveredAt
            checks.append(SLACheck(.recoveryBy, name: "\(report.name): service back by \(by)", met: back.map { $0 <= by } ?? false,
                                   value: report.outageStart == nil ? "no outage" : (back?.description ?? "not recovered"), limit: by.description))
        }
        if let limit = expect.rpoMax ?? defaults.rpoOrders {
            checks.append(SLACheck(.rpo, name: "\(report.name): acknowledged orders lost (RPO) at most \(limit)", met: report.rpoOrders <= limit,
                                   value: "\(report.rpoOrders)", limit: "\(limit)", ratio: SLACheck.ratio(Int64(report.rpoOrders), Int64(limit))))
        }
        return checks
    }

    /// SPEC §9's bound per pool of tier instances (a tier kind on a site), beside the run.
    public static func headroom(_ run: StackRunResult) -> [HeadroomRow] {
        let q = run.config.sla.utilizationCeiling
        let schedule = run.config.schedule
        let dayStart = run.config.dayStart
        var rows: [HeadroomRow] = []
        for kind in TierKind.allCases {
            for site in run.topology.siteNames.indices {
                let pool = run.tiers.filter { $0.kind == kind && $0.site == site }
                guard !pool.isEmpty else { continue }
                let poolNodes = Set(pool.map(\.node))
                // Faults that take a pool instance down: (start, end, node).
                var outages: [(SimTime, SimTime, StackNodeID)] = []
                for (k, f) in run.faults.enumerated() where FaultKind(rawValue: f.kind)?.descriptor.takesInstancesDown == true {
                    let end = [f.end, run.faultClearedAt[k]].compactMap { $0 }.min() ?? run.config.dayEnd
                    for host in f.hosts where poolNodes.contains(run.topology.node(ofHost: host)) {
                        outages.append((f.start, end, run.topology.node(ofHost: host)))
                    }
                }
                // Utilisation p: continuous-trading minutes with no instance of the pool down.
                var busy = 0.0, minutes = 0
                for m in 0..<(pool[0].busyByMinute.count) {
                    let t = dayStart + .minutes(Int64(m))
                    guard schedule.phase(at: t.nanos).isContinuous, schedule.phase(at: (t + .seconds(59)).nanos).isContinuous,
                          !outages.contains(where: { $0.0 < t + .minutes(1) && $0.1 > t }) else { continue }
                    minutes += 1
                    for tier in pool { busy += Double(tier.busyByMinute[m]) / (60e9 * Double(tier.concurrency)) }
                }
                let p = minutes == 0 ? 0 : busy / Double(minutes * pool.count)
                let n = pool.count
                let bound = max(0, Int((Double(n) * (1 - p / q)).rounded(.down)))
                // Stretches with a constant number of instances down.
                var cuts = Set<Int64>()
                for o in outages { cuts.insert(o.0.nanos); cuts.insert(o.1.nanos) }
                let times = cuts.sorted()
                var observations: [HeadroomRow.Observation] = []
                for (a, b) in zip(times, times.dropFirst()) {
                    let down = Set(outages.filter { $0.0.nanos <= a && $0.1.nanos > a }.map(\.2)).count
                    guard down > 0 else { continue }
                    if var last = observations.last, last.down == down, last.to.nanos == a {
                        last.to = SimTime(nanos: b)
                        observations[observations.count - 1] = last
                    } else {
                        observations.append(.init(down: down, from: SimTime(nanos: a), to: SimTime(nanos: b), p99Nanos: nil,
                                                  targetNanos: run.config.sla.tiers[kind.rawValue].nanos, held: nil, withinBound: false))
                    }
                }
                for k in observations.indices {
                    var acks: [Int64] = []
                    var target: Int64 = 0
                    let r = run.recorder
                    let (from, to) = (observations[k].from.nanos, observations[k].to.nanos)
                    for i in 0..<r.orderCount where r.sentAt[i] >= from && r.sentAt[i] < to && run.orders[OrderIndex(i)].tier.map(poolNodes.contains) ?? false {
                        let h = run.orders[OrderIndex(i)]
                        acks.append(r.answer(i).map { $0 - r.sentAt[i] } ?? Int64.max)
                        target = max(target, run.config.sla.target(h.clientClass, h.business, on: kind).nanos)
                    }
                    if !acks.isEmpty {
                        IntegerSort.sort(&acks)
                        let p99 = Percentile.nearestRank(acks, run.config.sla.percentile)
                        observations[k].p99Nanos = p99
                        observations[k].targetNanos = target
                        observations[k].held = p99 <= target
                    }
                }
                for k in observations.indices { observations[k].withinBound = observations[k].down <= bound }
                rows.append(HeadroomRow(pool: "\(kind.name)@\(run.topology.siteNames[site])", instances: n, utilization: p, ceiling: q,
                                        maxFailures: bound, observations: observations))
            }
        }
        return rows
    }
}

/// Numbers in names without a trailing `.0`.
enum JSONNumber {
    static func trimmed(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
