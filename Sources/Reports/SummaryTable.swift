import Kernel
import Scoring
import Stack

extension RunReport {
    /// The short table `firedrill run` prints: one line per latency row, then the invariants.
    public var summary: String {
        let o = card.outcomes
        var lines: [String] = []
        lines.append("\(run.config.name) seed \(run.config.seed): \(card.verdict.uppercased())   digest \(run.digest.prefix(16))…")
        lines.append("orders \(o.sent): filled \(o[.filled]), partly \(o[.partlyFilled]), cancelled \(o[.cancelled]), expired \(o[.expired]), "
            + "completed \(o[.completed]), rejected \(o[.rejected]), lost \(o.lost), duplicated \(o.duplicated)")
        lines.append("")
        let header = ["class", "business", "system", "count", "p50", "p99", "p99.9", "target", "met"]
        var rows = [header]
        for r in card.latency {
            rows.append([r.clientClass.name, r.business, r.system, String(r.count), RunReport.duration(r.p50Nanos),
                         RunReport.duration(r.p99Nanos), RunReport.duration(r.p999Nanos), RunReport.duration(r.targetNanos),
                         r.met ? "yes" : "NO"])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows { for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) } }
        for row in rows {
            let cells = row.enumerated().map { k, cell -> String in
                let pad = String(repeating: " ", count: widths[k] - cell.count)
                return k >= 3 && k <= 7 ? pad + cell : cell + pad
            }
            lines.append(cells.joined(separator: "  "))
        }
        lines.append("")
        for inv in card.invariants { lines.append("\(inv.held ? "held  " : "BROKEN") \(inv.name)") }
        if !card.faults.isEmpty { lines.append("") }
        for f in card.faults {
            let detected = f.detectedAt.map { "detected +\(RunReport.span(($0 - f.start).nanos))" } ?? "not detected"
            let back = f.outageStart == nil ? "no client-visible outage" : (f.rtoNanos.map { "RTO \(RunReport.span($0))" } ?? "not recovered")
            lines.append("fault \(f.name) (\(f.kind)) at \(f.start.clockMillis): \(detected), \(back), RPO \(f.rpoOrders) orders")
        }
        for check in card.slas.filter(\.kind.isFaultCheck) where !check.met {
            lines.append("SLA MISSED \(check.name): \(check.value) (limit \(check.limit))")
        }
        if let policy = card.policy {
            lines.append("")
            if card.incidents.isEmpty { lines.append("incidents (\(policy.name)): none") }
            for i in card.incidents {
                let miss = i.nearMiss.map { ", NEAR MISS: \(RunReport.duration($0.gapNanos)) short of \($0.grade)" } ?? ""
                lines.append("incident \(i.system): \(RunReport.duration(i.outageNanos)) down, grade \(i.grade) \(i.label)\(miss)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
