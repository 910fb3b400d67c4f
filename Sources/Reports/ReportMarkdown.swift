import Kernel
import Scoring
import Stack

extension RunReport {
    /// `report.md`: the verdict first, then what decided it.
    public var markdown: String {
        let o = card.outcomes
        var md = "# \(run.config.name): \(card.passed ? "PASS" : "FAIL")\n\n"
        md += "Scenario `\(scenarioFile)`, seed \(run.config.seed), simulated \(run.config.dayStart)–\(run.config.dayEnd).\n\n"
        md += "Digest `\(run.digest)`\n\n"
        let failedRows = card.latency.filter { !$0.met }
        let brokenInvariants = card.invariants.filter { !$0.held }
        if card.passed {
            md += "Every SLA was met and every invariant held.\n\n"
        } else {
            for check in card.slas.dropFirst(card.latency.count) where !check.met {
                md += "- **SLA missed**: \(check.name): \(check.value) against \(check.limit)\n"
            }
            for row in failedRows {
                md += "- **SLA missed**: class \(row.clientClass.name) \(row.business) on \(row.system): p\(RunReport.percentileText(run.config.sla.percentile)) "
                md += "\(RunReport.duration(row.judgedNanos)) against \(RunReport.duration(row.targetNanos))\n"
            }
            for inv in brokenInvariants { md += "- **Invariant broken**: \(inv.name): \(inv.detail)\n" }
            md += "\n"
        }
        if !card.faults.isEmpty {
            md += "## Faults\n\n| fault | kind | target | from | to | detected | decided | service back | RTO | RPO |\n"
            md += "|---|---|---|---|---|---|---|---|---:|---:|\n"
            for (k, f) in card.faults.enumerated() {
                let target = k < faults.count ? RunReport.target(faults[k]) : RunReport.summarize(f.target)
                let detected = f.detectedAt.map { "\($0.clockMillis) (+\(RunReport.span(($0 - f.start).nanos)))" } ?? "not detected"
                let back = f.outageStart == nil ? "no outage" : (f.recoveredAt?.clockMillis ?? "not recovered")
                md += "| \(f.name) | \(f.kind) | \(target) | \(f.start.clockMillis) | \(f.end?.clockMillis ?? "end of run") | \(detected) | "
                md += "\(f.decidedAt?.clockMillis ?? "–") | \(back) | \(f.rtoNanos.map(RunReport.span) ?? "–") | \(f.rpoOrders) |\n"
            }
            md += "\n| fault | steady state | from | to | interactions | failed | ack p99 |\n|---|---|---|---|---:|---:|---:|\n"
            for f in card.faults {
                for (label, s) in [("before", f.before), ("during", f.during), ("after", f.after)] {
                    guard let s else { continue }
                    md += "| \(f.name) | \(label) | \(s.from.clockMillis) | \(s.to.clockMillis) | \(s.interactions) | \(JSONValue.format(s.failedRatio * 100, digits: 2)) % | "
                    md += "\(s.ackP99Nanos.map(RunReport.duration) ?? "–") |\n"
                }
            }
            md += "\n\(run.sessions.lost) messages the sessions could not get through; \(run.sessions.redelivered) resent once their node ran again; "
            md += "\(run.sessions.retransmissions) lost packets resent.\n\n"
            md += "## Fault and incident timeline\n\n"
            let entries = timeline
            for e in entries.prefix(200) { md += "- `\(e.at.clockMillis)` \(e.what)\n" }
            if entries.count > 200 { md += "- … \(entries.count - 200) more in result.json (`operations.timeline`)\n" }
            md += "\n"
        }
        if let stopped = run.stoppedAt {
            md += "**The run was stopped by a guard at \(stopped.clockMillis)**: end-of-day checks (clearing, every order ending) judge an unfinished day.\n\n"
        }
        if card.slas.count > card.latency.count {
            md += "## Fault SLAs\n\n| SLA | value | limit | met |\n|---|---|---|---|\n"
            for c in card.slas.dropFirst(card.latency.count) { md += "| \(c.name) | \(c.value) | \(c.limit) | \(c.met ? "yes" : "**no**") |\n" }
            md += "\n"
        }
        if card.headroom.contains(where: { $0.observedDown > 0 }) {
            md += "## Node-loss headroom (SPEC §9: m/n ≤ 1 − p/q)\n\n"
            md += "| pool | n | p | q | may lose | down | from | to | within bound | p99 then | target | held |\n"
            md += "|---|---:|---:|---:|---:|---:|---|---|---|---:|---:|---|\n"
            for h in card.headroom where h.observedDown > 0 {
                for o in h.observations {
                    md += "| \(h.pool) | \(h.instances) | \(JSONValue.format(h.utilization * 100, digits: 1)) % | \(JSONValue.format(h.ceiling * 100, digits: 0)) % | "
                    md += "\(h.maxFailures) | \(o.down) | \(o.from.clockMillis) | \(o.to.clockMillis) | \(o.withinBound ? "yes" : "**no**") | "
                    md += "\(o.p99Nanos.map { $0 == .max ? "unanswered" : RunReport.duration($0) } ?? "–") | \(RunReport.duration(o.targetNanos)) | "
                    md += "\(o.held.map { $0 ? "yes" : "**no**" } ?? "–") |\n"
                }
            }
            md += "\n"
        }
        if let policy = card.policy {
            md += "## Outages and incident grades (\(policy.name))\n\n"
            if card.incidents.isEmpty {
                md += "No system was down in trading time.\n\n"
            } else {
                md += "| system | fully down | fully or partly down | grade | near miss |\n|---|---:|---:|---|---|\n"
                for i in card.incidents {
                    let o = card.outages.first { $0.system == i.system }!
                    let miss = i.nearMiss.map { "\(RunReport.duration($0.gapNanos)) short of \($0.grade) (\(RunReport.duration($0.thresholdNanos)))" } ?? "–"
                    md += "| \(i.system) | \(RunReport.duration(o.fullNanos)) | \(RunReport.duration(o.anyNanos)) | \(i.grade) \(i.label) | \(miss) |\n"
                }
                md += "\n"
                for o in card.outages where !o.windows.isEmpty {
                    let shown = o.windows.prefix(20).map { "\($0.start)–\($0.end) \($0.full ? "full" : "partial")" }
                    let more = o.windows.count > 20 ? ", and \(o.windows.count - 20) more (see result.json)" : ""
                    md += "- \(o.system): " + shown.joined(separator: ", ") + more + "\n"
                }
                md += "\n"
            }
        }
        md += "## Orders\n\n| outcome | orders |\n|---|---:|\n"
        md += "| sent | \(o.sent) |\n| acknowledged | \(o.acked) |\n"
        for outcome in OrderOutcome.allCases where outcome != .pending { md += "| \(outcome.code) | \(o[outcome]) |\n" }
        md += "| lost | \(o.lost) |\n| duplicated | \(o.duplicated) |\n\n"
        if !o.rejectedBy.isEmpty {
            md += "Rejections: " + o.rejectedBy.map { "\($0.reason.code) \($0.count)" }.joined(separator: ", ") + ".\n\n"
        }
        md += "## Latency: client send → acknowledgement at the client\n\n"
        md += "The SLA is judged at p\(RunReport.percentileText(run.config.sla.percentile)).\n\n"
        md += "| class | business | system | count | p50 | p99 | p99.9 | max | target | met |\n"
        md += "|---|---|---|---:|---:|---:|---:|---:|---:|---|\n"
        for r in card.latency {
            md += "| \(r.clientClass.name) | \(r.business) | \(r.system) | \(r.count) | \(RunReport.duration(r.p50Nanos)) | "
            md += "\(RunReport.duration(r.p99Nanos)) | \(RunReport.duration(r.p999Nanos)) | \(RunReport.duration(r.maxNanos)) | "
            md += "\(RunReport.duration(r.targetNanos)) | \(r.met ? "yes" : "**no**") |\n"
        }
        md += "\n## Where the time goes: median time after the client's send at each hop\n\n"
        md += "| class | business | system | " + StackTracePoints.hopNames.joined(separator: " | ") + " | ack |\n"
        md += "|---|---|---|" + String(repeating: "---:|", count: StackTracePoints.hopNames.count + 1) + "\n"
        for r in card.latency where !r.hopP50Nanos.isEmpty {
            md += "| \(r.clientClass.name) | \(r.business) | \(r.system) | "
            md += r.hopP50Nanos.map { $0.map(RunReport.duration) ?? "–" }.joined(separator: " | ")
            md += " | \(RunReport.duration(r.p50Nanos)) |\n"
        }
        md += "\n## Invariants\n\n| invariant | held | detail |\n|---|---|---|\n"
        for inv in card.invariants { md += "| \(inv.name) | \(inv.held ? "yes" : "**no**") | \(inv.detail) |\n" }
        md += "\n## Tiers\n\n| instance | kind | deepest queue | fills applied |\n|---|---|---:|---:|\n"
        for t in run.tiers { md += "| \(t.name) | \(t.kind.name) | \(t.queueDepthMax) | \(t.fillsApplied) |\n" }
        md += "\n## Exchanges\n\n| exchange | trades | broker executions | other members' orders |\n|---|---:|---:|---:|\n"
        for e in run.exchanges { md += "| \(e.market.name) | \(e.trades) | \(e.brokerExecutions) | \(e.otherMembersOrders) |\n" }
        md += "\n## Run\n\n"
        md += "\(run.events) events in \(JSONValue.format(wallSeconds, digits: 2)) s of wall time "
        md += "(\(wallSeconds > 0 ? String(Int((Double(o.sent) / wallSeconds).rounded())) : "–") orders per second), "
        md += "peak memory \(peakMemoryBytes / (1 << 20)) MiB. Per-second series: `\(RunReport.seriesFile)`.\n"
        return md
    }

    /// `99` or `99.9`.
    static func percentileText(_ p: Double) -> String {
        p == p.rounded() ? String(Int(p)) : JSONValue.format(p, digits: 1)
    }

    /// A span that may run to minutes or hours: `"29m 50.000s"` past a minute, else as `duration`.
    public static func span(_ nanos: Int64) -> String {
        guard nanos >= 60_000_000_000 else { return duration(nanos) }
        let millis = (nanos + 500_000) / 1_000_000
        let h = millis / 3_600_000, m = millis / 60_000 % 60, sec = millis % 60_000
        let seconds = "\(sec / 1_000).\(String(repeating: "0", count: 3 - String(sec % 1_000).count))\(sec % 1_000)s"
        return (h > 0 ? "\(h)h " : "") + "\(m)m " + seconds
    }

    /// A latency for people: `850 µs`, `12.3 ms`, `1.20 s`.
    public static func duration(_ nanos: Int64) -> String {
        let v = Double(nanos)
        if nanos < 1_000 { return "\(nanos) ns" }
        if nanos < 1_000_000 { return JSONValue.format(v / 1e3, digits: v < 1e4 ? 1 : 0) + " µs" }
        if nanos < 1_000_000_000 { return JSONValue.format(v / 1e6, digits: v < 1e7 ? 2 : 1) + " ms" }
        return JSONValue.format(v / 1e9, digits: 2) + " s"
    }
}
