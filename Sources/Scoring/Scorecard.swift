import Chaos
import Kernel
import Stack

/// The judgement of one run: SLA rows, invariants, outcome counts and the verdict. Computed
/// from the recorder and the clearing report only — never from inside the stack's nodes.
public struct Scorecard: Sendable {
    public var latency: [LatencyRow]
    /// The hops each latency row's `hopP50Nanos` follows (the stack's routes decide them).
    public var hopNames: [String]
    public var invariants: [InvariantResult]
    public var outcomes: OutcomeCounts
    /// The grading policy applied, and per policy system its outage windows and grade.
    public var policy: IncidentPolicy?
    public var outages: [OutageReport] = []
    public var incidents: [IncidentVerdict] = []
    /// Per fault: detection, decision, recovery (RTO), loss (RPO), steady state, its SLAs.
    public var faults: [FaultReport] = []
    /// SPEC §9's node-loss bound per pool, beside what the run showed.
    public var headroom: [HeadroomRow] = []
    /// Every SLA judged: the latency rows', then each fault's.
    public var slas: [SLACheck] = []
    /// Every SLA met and every invariant held.
    public var passed: Bool { slas.allSatisfy(\.met) && invariants.allSatisfy(\.held) }
    public var verdict: String { passed ? "pass" : "fail" }

    /// The run's guards and those that fired.
    public var guards: [Guard] = []
    public var guardFirings: [GuardFiring] = []

    public init(_ run: StackRunResult, policy: IncidentPolicy? = nil, faults: [FaultSpec] = [], guards: [Guard] = []) {
        outcomes = Scorecard.count(run)
        latency = Scorecard.latencyRows(run)
        hopNames = run.recorder.hops.names
        invariants = Scorecard.checkInvariants(run, outcomes)
        self.policy = policy
        if let policy {
            outages = OutageAnalysis.outages(run, policy: policy)
            let clients = run.config.populations.reduce(0) { $0 + $1.clients }
            incidents = OutageAnalysis.incidents(outages, policy: policy, activeClients: clients)
        }
        // Recovery is judged on runs of at least 50 interactions, so that one late order in thin
        // traffic does not stretch an outage (the policy's own minimum grades incidents).
        let health = ServiceHealth(run, failureRatio: policy?.partialFailureRatio ?? 0.05,
                                   minInteractions: max(policy?.minOrders ?? 5, ServiceHealth.minInteractionsDefault))
        self.faults = FaultAnalysis.reports(run, faults: faults, health: health)
        headroom = FaultAnalysis.headroom(run)
        let percentile = JSONNumber.trimmed(run.config.sla.percentile)
        slas = latency.map {
            SLACheck(.latency, name: "latency \($0.clientClass.name) \($0.business) \($0.system) p\(percentile)", met: $0.met,
                     value: SimDuration(nanos: $0.judgedNanos).description, limit: SimDuration(nanos: $0.targetNanos).description,
                     ratio: SLACheck.ratio($0.judgedNanos, $0.targetNanos))
        } + self.faults.flatMap(\.slas)
        if let grade = run.config.sla.incidentsBelow {
            slas.append(Scorecard.incidentCheck(grade, incidents: incidents, policy: policy))
        }
        self.guards = guards
        guardFirings = run.guardFirings
        for g in guards {
            let firing = run.guardFirings.first { $0.guardName == g.name }
            slas.append(SLACheck(.guard, name: "guard \(g.name) did not fire", met: firing == nil,
                                 value: firing.map { "fired at \($0.at.clockMillis): \($0.detail) (\($0.action.rawValue))" } ?? "did not fire",
                                 limit: "no firing"))
        }
    }

    /// `sla.incidents_below: grade`: met when every incident is graded below `grade`.
    static func incidentCheck(_ grade: String, incidents: [IncidentVerdict], policy: IncidentPolicy?) -> SLACheck {
        let name = "no incident graded \(grade) or worse"
        guard let policy, let cutoff = policy.grades.firstIndex(where: { $0.name == grade }) else {
            return SLACheck(.incident, name: name, met: false, value: "no policy grades \(grade)", limit: "below \(grade)")
        }
        let graded = incidents.compactMap { i in policy.grades.firstIndex { $0.name == i.grade }.map { (rank: $0, incident: i) } }
        let worst = graded.min { $0.rank < $1.rank }
        return SLACheck(.incident, name: name, met: worst.map { $0.rank > cutoff } ?? true,
                        value: worst.map { "\($0.incident.system) graded \($0.incident.grade)" } ?? "no incident", limit: "below \(grade)")
    }

    static func count(_ run: StackRunResult) -> OutcomeCounts {
        let r = run.recorder
        var counts = OutcomeCounts()
        counts.sent = r.orderCount
        var byReason = [Int](repeating: 0, count: 256)
        for k in 0..<r.orderCount {
            if r.ack(k) != nil { counts.acked += 1 }
            counts.byOutcome[Int(r.outcome[k].rawValue)] += 1
            if let reason = r.rejectReason[k] { byReason[Int(reason.raw)] += 1 }
            if r.duplicateEnds[k] > 0 { counts.duplicated += 1 }
        }
        counts.rejectedBy = OrderReject.all.filter { byReason[Int($0.raw)] > 0 }.map { ($0, byReason[Int($0.raw)]) }
        counts.cancelsSent = r.cancelsSent
        counts.cancelsRefused = r.cancelsRefused
        counts.queries = r.querySentAt.count
        counts.queriesAnswered = (0..<r.querySentAt.count).filter { r.queryAnswer($0) != nil }.count
        return counts
    }

    static func latencyRows(_ run: StackRunResult) -> [LatencyRow] {
        let r = run.recorder
        let sla = run.config.sla
        let businesses = Business.allCases.count, systems = TierKind.allCases.count
        func key(_ c: ClientClass, _ b: Business, _ t: TierKind) -> Int { (c.rawValue * businesses + b.rawValue) * systems + t.rawValue }
        var acks = [[Int64]](repeating: [], count: ClientClass.allCases.count * businesses * systems)
        var fills = acks
        var hops = [[[Int64]]](repeating: Array(repeating: [], count: r.hopCount), count: acks.count)
        var seen = [Bool](repeating: false, count: acks.count)
        for k in 0..<r.orderCount {
            let h = run.orders[OrderIndex(k)]
            guard let kind = run.tierKind(ofNode: h.tier) else { continue }
            let g = key(h.clientClass, h.business, kind)
            seen[g] = true
            if let latency = r.ackLatency(k) {
                acks[g].append(latency)
                for h in 0..<r.hopCount {
                    if let stamp = r.hop(h, of: k), stamp != Int64.max { hops[g][h].append(stamp) }
                }
            }
            if let fill = r.firstFill(k) { fills[g].append(fill - r.sentAt[k]) }
        }
        var rows: [LatencyRow] = []
        for c in ClientClass.allCases {
            for b in Business.allCases {
                for t in TierKind.allCases where seen[key(c, b, t)] {
                    let g = key(c, b, t)
                    var r = row(c, .orders(b, t), IntegerSort.sorted(acks[g]), IntegerSort.sorted(fills[g]),
                                target: sla.target(c, b, on: t).nanos, percentile: sla.percentile)
                    r.hopP50Nanos = hops[g].map { $0.isEmpty ? nil : Percentile.nearestRank(IntegerSort.sorted($0), 50) }
                    rows.append(r)
                }
            }
            var queries: [Int64] = []
            for q in 0..<r.querySentAt.count where r.queryClass[q] == c {
                if let answer = r.queryAnswer(q) { queries.append(answer - r.querySentAt[q]) }
            }
            if !queries.isEmpty {
                rows.append(row(c, .queries, IntegerSort.sorted(queries), [], target: sla.query.nanos, percentile: sla.percentile))
            }
        }
        return rows
    }

    static func row(_ c: ClientClass, _ key: LatencyRow.Key, _ acks: [Int64], _ fills: [Int64],
                    target: Int64, percentile: Double) -> LatencyRow {
        let p = { (q: Double) in acks.isEmpty ? 0 : Percentile.nearestRank(acks, q) }
        let judged = p(percentile)
        return LatencyRow(
            clientClass: c, key: key, count: acks.count,
            p50Nanos: p(50), p99Nanos: p(99), p999Nanos: p(99.9), maxNanos: acks.last ?? 0,
            judgedNanos: judged, targetNanos: target, met: judged <= target,
            firstFillCount: fills.count,
            firstFillP50Nanos: fills.isEmpty ? nil : Percentile.nearestRank(fills, 50),
            firstFillP99Nanos: fills.isEmpty ? nil : Percentile.nearestRank(fills, 99))
    }

    static func checkInvariants(_ run: StackRunResult, _ counts: OutcomeCounts) -> [InvariantResult] {
        let c = run.clearing
        var results: [InvariantResult] = []
        if let v = run.violation {
            // Checked as events happened: the run stopped at the first one broken.
            results.append(InvariantResult(name: v.invariant.rawValue, held: false, detail: v.summary + "; the run stopped there"))
        }
        results.append(InvariantResult(
            name: "every_order_one_terminal_state", held: counts.lost == 0 && counts.duplicated == 0,
            detail: "\(counts.sent) orders sent: \(counts.lost) without an end (lost), \(counts.duplicated) with more than one"))
        results.append(InvariantResult(
            name: "no_execution_applied_twice", held: c.brokerFillsApplied == c.exchangeExecutions,
            detail: "\(c.exchangeExecutions) executions at the exchanges, \(c.brokerFillsApplied) fills applied by the tiers, \(run.recorder.duplicateFillsDropped) repeats dropped"))
        results.append(InvariantResult(
            name: "broker_fills_equal_exchange_trades", held: c.fillMismatches == 0,
            detail: "\(c.fillMismatches) orders whose tier fills differ from the exchange's executions"))
        results.append(InvariantResult(
            name: "accounts_reconcile", held: c.cashBreaks == 0 && c.positionBreaks == 0 && c.frozenLeft == 0,
            detail: "\(c.accounts) client portions: \(c.cashBreaks) cash breaks, \(c.positionBreaks) position breaks, \(c.frozenLeft) still frozen"
                + (c.firstBreak.map { "; first: \($0)" } ?? "")))
        results.append(InvariantResult(
            name: "clearing_balances", held: c.collectedAt != nil && c.cashMovesSumFen == 0 && c.unbalancedSymbols == 0,
            detail: (c.collectedAt.map { "collected at \($0)" } ?? "collection did not finish")
                + "; cash moves sum to \(c.cashMovesSumFen) fen; \(c.unbalancedSymbols) symbols whose shares do not balance"))
        let abandoned = Int(run.sessions.queriesAbandoned)
        results.append(InvariantResult(
            name: "every_query_answered", held: counts.queriesAnswered + abandoned == counts.queries,
            detail: "\(counts.queries) queries, \(counts.queriesAnswered) answered"
                + (abandoned > 0 ? ", \(abandoned) given up by clients that could not reach the broker" : "")))
        return results
    }
}
