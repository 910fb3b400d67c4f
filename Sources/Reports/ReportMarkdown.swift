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
            for check in card.slas.filter(\.kind.isFaultCheck) where !check.met {
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
            md += "## Faults\n\n" + faultTable.markdown + "\n" + steadyStateTable.markdown
            md += "\n\(run.sessions.lost) messages the sessions could not get through; \(run.sessions.redelivered) resent once their node ran again; "
            md += "\(run.sessions.retransmissions) lost packets resent.\n\n"
            md += "## Fault and incident timeline\n\n"
            let entries = timeline
            for e in entries.prefix(200) { md += "- `\(e.at.clockMillis)` \(e.what)\n" }
            if entries.count > 200 { md += "- … \(entries.count - 200) more in result.json (`operations.timeline`)\n" }
            md += "\n"
        }
        if let v = run.violation {
            md += "**The run was stopped at \(v.at.clockMillis): \(v.invariant.rawValue) broke** — \(v.summary). End-of-day checks judge an unfinished day.\n\n"
        } else if let stopped = run.stoppedAt {
            md += "**The run was stopped by a guard at \(stopped.clockMillis)**: end-of-day checks (clearing, every order ending) judge an unfinished day.\n\n"
        }
        if card.slas.contains(where: \.kind.isFaultCheck) { md += "## Fault SLAs\n\n" + faultSLATable.markdown + "\n" }
        if card.headroom.contains(where: { $0.observedDown > 0 }) {
            md += "## Node-loss headroom (SPEC §9: m/n ≤ 1 − p/q)\n\n" + headroomTable.markdown + "\n"
        }
        if let policy = card.policy {
            md += "## Outages and incident grades (\(policy.name))\n\n"
            if card.incidents.isEmpty {
                md += "No system was down in trading time.\n\n"
            } else {
                md += incidentTable.markdown + "\n"
                for line in outageWindowLines { md += "- \(line)\n" }
                md += "\n"
            }
        }
        md += "## Orders\n\n" + orderTable.markdown + "\n"
        if !o.rejectedBy.isEmpty {
            md += "Rejections: " + o.rejectedBy.map { "\($0.reason.code) \($0.count)" }.joined(separator: ", ") + ".\n\n"
        }
        md += "## Latency: client send → acknowledgement at the client\n\n"
        md += "The SLA is judged at p\(RunReport.percentileText(run.config.sla.percentile)).\n\n"
        md += latencyTable.markdown
        md += "\n## Where the time goes: median time after the client's send at each hop\n\n" + hopTable.markdown
        md += "\n## Invariants\n\n" + invariantTable.markdown
        md += "\n## Tiers\n\n" + tierTable.markdown
        md += "\n## Exchanges\n\n" + exchangeTable.markdown
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
        let millis = nanos / 1_000_000 + (nanos % 1_000_000 >= 500_000 ? 1 : 0)
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
