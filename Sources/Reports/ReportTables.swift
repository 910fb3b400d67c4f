import Kernel
import Scoring
import Stack

/// A table of a run report, built once from the run and written as Markdown (`report.md`) or
/// HTML (`report.html`), so the two documents always show the same facts.
struct ReportTable {
    enum Cell {
        case text(String)
        /// A met SLA or a held invariant (`yes`), or not (`no`, emphasised).
        case verdict(Bool)
        /// An incident grade and its label, e.g. `general 一般`.
        case grade(String, label: String)
    }

    var header: [String]
    var rows: [[Cell]]
    /// Columns of numbers, right-aligned.
    var numeric: Set<Int>

    init(_ header: [String], numeric: Set<Int> = [], rows: [[Cell]]) {
        self.header = header; self.rows = rows; self.numeric = numeric
    }

    var markdown: String {
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.indices.map { numeric.contains($0) ? "---:|" : "---|" }.joined() + "\n"
        for row in rows {
            out += "| " + row.map { cell in
                switch cell {
                case let .text(t): return t
                case let .verdict(ok): return ok ? "yes" : "**no**"
                case let .grade(g, label): return "\(g) \(label)"
                }
            }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The table as HTML; `colour` gives a grade's swatch colour.
    func html(colour: (String) -> String) -> String {
        func cell(_ tag: String, _ k: Int, _ text: String) -> String {
            numeric.contains(k) ? "<\(tag) class=\"num\">\(text)</\(tag)>" : "<\(tag)>\(text)</\(tag)>"
        }
        var out = "<table>\n<thead><tr>" + header.enumerated().map { cell("th", $0.offset, $0.element.markupEscaped) }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>" + row.enumerated().map { k, c in
                switch c {
                case let .text(t): return cell("td", k, t.markupEscaped)
                case let .verdict(ok): return cell("td", k, ok ? "yes" : "<strong class=\"bad\">no</strong>")
                case let .grade(g, label):
                    return cell("td", k, "<span class=\"grade\" style=\"background:\(colour(g))\"></span>\(g.markupEscaped) \(label.markupEscaped)")
                }
            }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}

extension RunReport {
    /// One row per fault: what it hit, when, and how the stack and its people answered.
    var faultTable: ReportTable {
        ReportTable(["fault", "kind", "target", "from", "to", "detected", "decided", "service back", "RTO", "RPO"], numeric: [8, 9],
                    rows: card.faults.enumerated().map { k, f in
                        let target = k < faults.count ? RunReport.target(faults[k]) : RunReport.summarize(f.target)
                        let detected = f.detectedAt.map { "\($0.clockMillis) (+\(RunReport.span(($0 - f.start).nanos)))" } ?? "not detected"
                        let back = f.outageStart == nil ? "no outage" : (f.recoveredAt?.clockMillis ?? "not recovered")
                        return [f.name, f.kind, target, f.start.clockMillis, f.end?.clockMillis ?? "end of run", detected,
                                f.decidedAt?.clockMillis ?? "–", back, f.rtoNanos.map(RunReport.span) ?? "–", String(f.rpoOrders)].map { .text($0) }
                    })
    }

    /// Client traffic before, during and after each fault.
    var steadyStateTable: ReportTable {
        var rows: [[ReportTable.Cell]] = []
        for f in card.faults {
            for (label, s) in [("before", f.before), ("during", f.during), ("after", f.after)] {
                guard let s else { continue }
                rows.append([f.name, label, s.from.clockMillis, s.to.clockMillis, String(s.interactions),
                             JSONValue.format(s.failedRatio * 100, digits: 2) + " %", s.ackP99Nanos.map(RunReport.duration) ?? "–"].map { .text($0) })
            }
        }
        return ReportTable(["fault", "steady state", "from", "to", "interactions", "failed", "ack p99"], numeric: [4, 5, 6], rows: rows)
    }

    /// The checks beyond the latency rows: fault expectations and guards.
    var faultSLATable: ReportTable {
        ReportTable(["SLA", "value", "limit", "met"], rows: card.slas.filter(\.kind.isFaultCheck).map { c in
            [.text(c.name), .text(c.value), .text(c.limit), .verdict(c.met)]
        })
    }

    /// SPEC §9's bound per pool, beside every stretch with instances down.
    var headroomTable: ReportTable {
        var rows: [[ReportTable.Cell]] = []
        for h in card.headroom where h.observedDown > 0 {
            for o in h.observations {
                let first: [ReportTable.Cell] = [h.pool, String(h.instances), JSONValue.format(h.utilization * 100, digits: 1) + " %",
                                                 JSONValue.format(h.ceiling * 100, digits: 0) + " %", String(h.maxFailures), String(o.down),
                                                 o.from.clockMillis, o.to.clockMillis].map { .text($0) }
                let p99 = o.p99Nanos.map { $0 == .max ? "unanswered" : RunReport.duration($0) } ?? "–"
                rows.append(first + [.verdict(o.withinBound), .text(p99), .text(RunReport.duration(o.targetNanos)),
                                     o.held.map { .verdict($0) } ?? .text("–")])
            }
        }
        return ReportTable(["pool", "n", "p", "q", "may lose", "down", "from", "to", "within bound", "p99 then", "target", "held"],
                           numeric: [1, 2, 3, 4, 5, 9, 10], rows: rows)
    }

    /// Per policy system: how long it was down and its grade.
    var incidentTable: ReportTable {
        ReportTable(["system", "fully down", "fully or partly down", "grade", "near miss"], numeric: [1, 2], rows: card.incidents.map { i in
            let o = card.outages.first { $0.system == i.system }
            let miss = i.nearMiss.map { "\(RunReport.duration($0.gapNanos)) short of \($0.grade) (\(RunReport.duration($0.thresholdNanos)))" } ?? "–"
            return [.text(i.system), .text(o.map { RunReport.duration($0.fullNanos) } ?? "–"), .text(o.map { RunReport.duration($0.anyNanos) } ?? "–"),
                    .grade(i.grade, label: i.label), .text(miss)]
        })
    }

    /// The outage windows of each system, as one line per system.
    var outageWindowLines: [String] {
        card.outages.filter { !$0.windows.isEmpty }.map { o in
            let shown = o.windows.prefix(20).map { "\($0.start)–\($0.end) \($0.full ? "full" : "partial")" }
            let more = o.windows.count > 20 ? ", and \(o.windows.count - 20) more (see result.json)" : ""
            return "\(o.system): " + shown.joined(separator: ", ") + more
        }
    }

    var orderTable: ReportTable {
        let o = card.outcomes
        var rows = [["sent", String(o.sent)], ["acknowledged", String(o.acked)]]
        for outcome in OrderOutcome.allCases where outcome != .pending { rows.append([outcome.code, String(o[outcome])]) }
        rows += [["lost", String(o.lost)], ["duplicated", String(o.duplicated)]]
        return ReportTable(["outcome", "orders"], numeric: [1], rows: rows.map { $0.map { .text($0) } })
    }

    var latencyTable: ReportTable {
        ReportTable(["class", "business", "system", "count", "p50", "p99", "p99.9", "max", "target", "met"], numeric: [3, 4, 5, 6, 7, 8],
                    rows: card.latency.map { r in
                        [r.clientClass.name, r.business, r.system, String(r.count), RunReport.duration(r.p50Nanos), RunReport.duration(r.p99Nanos),
                         RunReport.duration(r.p999Nanos), RunReport.duration(r.maxNanos), RunReport.duration(r.targetNanos)].map { .text($0) }
                            + [.verdict(r.met)]
                    })
    }

    /// Median time after the client's send at each hop, per latency row.
    var hopTable: ReportTable {
        ReportTable(["class", "business", "system"] + card.hopNames + ["ack"],
                    numeric: Set(3...(3 + card.hopNames.count)),
                    rows: card.latency.filter { !$0.hopP50Nanos.isEmpty }.map { r in
                        ([r.clientClass.name, r.business, r.system] + r.hopP50Nanos.map { $0.map(RunReport.duration) ?? "–" }
                            + [RunReport.duration(r.p50Nanos)]).map { .text($0) }
                    })
    }

    var invariantTable: ReportTable {
        ReportTable(["invariant", "held", "detail"], rows: card.invariants.map { [.text($0.name), .verdict($0.held), .text($0.detail)] })
    }

    var tierTable: ReportTable {
        ReportTable(["instance", "kind", "deepest queue", "fills applied"], numeric: [2, 3], rows: run.tiers.map {
            [$0.name, $0.kind.name, String($0.queueDepthMax), String($0.fillsApplied)].map { .text($0) }
        })
    }

    var exchangeTable: ReportTable {
        ReportTable(["exchange", "trades", "broker executions", "other members' orders"], numeric: [1, 2, 3], rows: run.exchanges.map {
            [$0.market.name, String($0.trades), String($0.brokerExecutions), String($0.otherMembersOrders)].map { .text($0) }
        })
    }
}
