import Exchange
import Kernel
import Scoring
import Stack

extension RunReport {
    /// `report.html`: one self-contained page — inline CSS and SVG, nothing fetched — with the
    /// verdict, four charts over the simulated day (acknowledgement latency per client class,
    /// throughput, availability, the fault and incident timeline) and the tables of `report.md`.
    ///
    /// The same report always gives the same bytes, except the `<footer id="machine">` element,
    /// which holds what this machine measured (wall time, memory). The page renders without
    /// scripts; the small script at its end only counts the charts that drew (into
    /// `body[data-charts]`, e.g. `4/4`) for `.ci/browser-check.sh`, and one at its top records
    /// script errors into `data-errors`.
    public var html: String {
        let series = ClassLatencySeries(run)
        let title = "\(run.config.name): \(card.passed ? "PASS" : "FAIL")"
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(title.markupEscaped) — FireDrill report</title>\n"
        page += "<script>\(RunReport.errorRecorderScript)</script>\n"
        page += "<style>\(RunReport.styleSheet)</style>\n</head>\n<body>\n"
        page += headerHTML
        page += "<section id=\"charts\">\n"
        for chart in charts(series) {
            page += "<figure>\n<h2>\(chart.title.markupEscaped)</h2>\n\(chart.svg)\n</figure>\n"
        }
        page += "</section>\n"
        page += faultsHTML + slasHTML + headroomHTML + incidentsHTML + ordersHTML + latencyHTML + invariantsHTML + systemsHTML
        page += machineFooterHTML
        page += "<script>\(RunReport.chartCheckScript)</script>\n</body>\n</html>\n"
        return page
    }

    // MARK: Charts

    /// The page's four charts, in order.
    func charts(_ series: ClassLatencySeries) -> [SVGChart] {
        [latencyChart(series), throughputChart(series), availabilityChart(series), timelineChart]
    }

    /// Shaded windows for the faults that acted: from the start to the later of the fault's end
    /// and the service coming back (a fault or an outage without an end runs to the day's end).
    /// Faults with the same window (one fault on several hosts) share a band, in plan order.
    var faultBands: [SVGChart.Band] {
        let dayEnd = run.config.dayEnd
        var windows: [(from: SimTime, to: SimTime, names: [String])] = []
        for f in card.faults where !f.cancelled {
            let faultEnd = f.end ?? dayEnd
            let serviceBack = f.outageStart == nil ? faultEnd : (f.recoveredAt ?? dayEnd)
            let to = max(faultEnd, serviceBack)
            if let k = windows.firstIndex(where: { $0.from == f.start && $0.to == to }) { windows[k].names.append(f.name) } else {
                windows.append((f.start, to, [f.name]))
            }
        }
        return windows.map { w in
            SVGChart.Band(from: w.from, to: w.to, label: w.names.count == 1 ? w.names[0] : "\(w.names[0]) and \(w.names.count - 1) more",
                          detail: w.names.joined(separator: ", "))
        }
    }

    static let classColours = ["#1c7ed6", "#2b8a3e", "#862e9c"]

    /// The middle of each bucket, where its value is drawn.
    private func bucketMiddles(_ s: ClassLatencySeries) -> [SimTime] {
        (0..<s.bucketCount).map { s.time(ofBucket: $0) + .nanoseconds(s.bucketNanos / 2) }
    }

    func latencyChart(_ s: ClassLatencySeries) -> SVGChart {
        let at = bucketMiddles(s)
        var lines: [SVGChart.Series] = []
        for c in ClientClass.allCases where s.hasLatency(c) {
            let colour = RunReport.classColours[c.rawValue]
            lines.append(.init(name: "class \(c.name) p99", colour: colour, style: .line,
                               points: zip(at, s.p99Nanos[c.rawValue]).map { .init(at: $0, value: $1.map(Double.init)) }))
            lines.append(.init(name: "class \(c.name) p50", colour: colour, style: .dashed,
                               points: zip(at, s.p50Nanos[c.rawValue]).map { .init(at: $0, value: $1.map(Double.init)) }))
        }
        let values = lines.flatMap { $0.points.compactMap(\.value) }
        let axis = SVGChart.ValueAxis.logarithmic(label: "acknowledgement latency (log scale)",
                                                  covering: max(1, values.min() ?? 1_000), max(1, values.max() ?? 1_000_000),
                                                  format: .duration)
        return SVGChart(id: "chart-latency", title: "Acknowledgement latency per client class, p50 and p99 per \(bucketName(s))",
                        from: run.config.dayStart, to: run.config.dayEnd, plot: .lines(axis, lines), bands: faultBands)
    }

    func throughputChart(_ s: ClassLatencySeries) -> SVGChart {
        let at = bucketMiddles(s)
        let lines: [SVGChart.Series] = [
            .init(name: "orders sent", colour: "#5c7cfa", style: .area, points: zip(at, s.ordersSent).map { .init(at: $0, value: Double($1)) }),
            .init(name: "acknowledgements received", colour: "#2b8a3e", style: .line,
                  points: zip(at, s.ordersAcked).map { .init(at: $0, value: Double($1)) }),
        ]
        let top = Double(max(s.ordersSent.max() ?? 0, s.ordersAcked.max() ?? 0))
        return SVGChart(id: "chart-throughput", title: "Throughput: orders sent and acknowledged per \(bucketName(s))",
                        from: run.config.dayStart, to: run.config.dayEnd,
                        plot: .lines(.linear(label: "orders per \(bucketName(s))", upTo: top, format: .count), lines), bands: faultBands)
    }

    func availabilityChart(_ s: ClassLatencySeries) -> SVGChart {
        let at = bucketMiddles(s)
        let lines: [SVGChart.Series] = [
            .init(name: "orders answered, not refused by a failing system", colour: "#0b7285", style: .line,
                  points: at.indices.map { .init(at: at[$0], value: s.orderAvailability($0)) }),
            .init(name: "interactions served within their SLA target (as scored)", colour: "#5f3dc4", style: .dashed,
                  points: at.indices.map { .init(at: at[$0], value: s.interactionAvailability($0)) }),
        ]
        return SVGChart(id: "chart-availability", title: "Availability: share of what clients sent that was served, per \(bucketName(s))",
                        from: run.config.dayStart, to: run.config.dayEnd,
                        plot: .lines(.linear(label: "served", upTo: 1, format: .percent), lines), bands: faultBands)
    }

    private func bucketName(_ s: ClassLatencySeries) -> String {
        s.bucketNanos == 60_000_000_000 ? "minute" : SimDuration(nanos: s.bucketNanos).description
    }

    static let gradeColours = ["#5f0f0f", "#c92a2a", "#f76707", "#f59f00"]
    static let sessionColours = (call: "#adb5bd", continuous: "#a5d8ff", hold: "#e9ecef")
    static let markColours = (fault: "#495057", outage: "#ffa8a8", detected: "#1971c2", decided: "#f08c00", back: "#2f9e44")

    /// The colour of an incident grade: by its rank in the policy, most serious darkest.
    func gradeColour(_ grade: String) -> String {
        guard let k = card.policy?.grades.firstIndex(where: { $0.name == grade }) else { return "#868e96" }
        return k < RunReport.gradeColours.count ? RunReport.gradeColours[k] : "#868e96"
    }

    /// The day as lanes: the trading sessions; each fault with its outage, detection, decision
    /// and recovery; each graded incident with its outage windows.
    var timelineChart: SVGChart {
        let dayStart = run.config.dayStart, dayEnd = run.config.dayEnd
        var lanes: [SVGChart.Lane] = []
        let c = RunReport.markColours
        var sessions: [SVGChart.Mark] = []
        let bounds = run.config.schedule.boundariesNanos
        for phase in SessionPhase.allCases where phase != .preOpen && phase != .lunchBreak && phase != .closed {
            let from = SimTime(nanos: bounds[phase.rawValue - 1]), to = SimTime(nanos: bounds[phase.rawValue])
            guard to > dayStart && from < dayEnd else { continue }
            let colour = phase.isContinuous ? RunReport.sessionColours.continuous : phase.isCall ? RunReport.sessionColours.call : RunReport.sessionColours.hold
            sessions.append(.init(from: from, to: to, colour: colour, title: "\(RunReport.phaseName(phase)) \(from.clockMillis)–\(to.clockMillis)"))
        }
        lanes.append(.init(label: "trading session", marks: sessions))
        for f in card.faults {
            var marks: [SVGChart.Mark] = []
            if f.cancelled {
                marks.append(.init(from: f.start, to: nil, colour: "#ced4da", title: "\(f.name): rolled back before it started"))
            } else {
                let end = f.end ?? dayEnd
                marks.append(.init(from: f.start, to: end, colour: c.fault, title: "\(f.name) (\(f.kind)) \(f.start.clockMillis)–\(f.end?.clockMillis ?? "end of run")"))
                if let outage = f.outageStart {
                    let back = f.recoveredAt ?? dayEnd
                    marks.append(.init(from: max(outage, f.start), to: back, colour: c.outage,
                                       title: "clients failing \(max(outage, f.start).clockMillis)–\(f.recoveredAt?.clockMillis ?? "end of run")", thin: true))
                }
                if let at = f.detectedAt {
                    marks.append(.init(from: at, to: nil, colour: c.detected, title: "detected \(at.clockMillis) (+\(RunReport.span((at - f.start).nanos))) by \(f.detectedBy ?? "?")"))
                }
                if let at = f.decidedAt {
                    marks.append(.init(from: at, to: nil, colour: c.decided, title: "decided \(at.clockMillis): \(f.runbook.map { "runbook \($0)" } ?? "no runbook")"))
                }
                if let at = f.recoveredAt {
                    marks.append(.init(from: at, to: nil, colour: c.back, title: "service back within SLA \(at.clockMillis) (RTO \(RunReport.span(f.rtoNanos ?? 0)))"))
                }
            }
            lanes.append(.init(label: "fault \(f.name)", marks: marks))
        }
        for i in card.incidents {
            let windows = card.outages.first { $0.system == i.system }?.windows ?? []
            let colour = gradeColour(i.grade)
            let marks = windows.map { w in
                SVGChart.Mark(from: w.start, to: w.end, colour: colour,
                              title: "\(i.system) \(w.full ? "fully" : "partly") down \(w.start.clockMillis)–\(w.end.clockMillis): incident \(i.grade) \(i.label)",
                              thin: !w.full)
            }
            lanes.append(.init(label: "incident \(i.system): \(i.grade) \(i.label)", marks: marks))
        }
        var legend: [SVGChart.LegendEntry] = [
            .init(name: "call auction", colour: RunReport.sessionColours.call, style: .box),
            .init(name: "continuous trading", colour: RunReport.sessionColours.continuous, style: .box),
        ]
        let acted = card.faults.filter { !$0.cancelled }
        let used: [(Bool, SVGChart.LegendEntry)] = [
            (!acted.isEmpty, .init(name: "fault active", colour: c.fault, style: .box)),
            (acted.contains { $0.outageStart != nil }, .init(name: "clients failing", colour: c.outage, style: .box)),
            (acted.contains { $0.detectedAt != nil }, .init(name: "detected", colour: c.detected, style: .marker)),
            (acted.contains { $0.decidedAt != nil }, .init(name: "decided", colour: c.decided, style: .marker)),
            (acted.contains { $0.recoveredAt != nil }, .init(name: "service back", colour: c.back, style: .marker)),
            (acted.count < card.faults.count, .init(name: "rolled back before it started", colour: "#ced4da", style: .marker)),
        ]
        legend += used.filter(\.0).map(\.1)
        for grade in card.policy?.grades ?? [] where card.incidents.contains(where: { $0.grade == grade.name }) {
            legend.append(.init(name: "incident \(grade.name) \(grade.label) (thin: partly down)", colour: gradeColour(grade.name), style: .box))
        }
        return SVGChart(id: "chart-timeline", title: "Faults, detection, recovery and incidents over the day",
                        from: dayStart, to: dayEnd, plot: .lanes(lanes, legend: legend), bands: faultBands)
    }

    static func phaseName(_ phase: SessionPhase) -> String {
        switch phase {
        case .openingCall: return "opening call auction"
        case .openingCallNoCancel: return "opening call auction (no cancels)"
        case .preContinuousHold: return "hold before continuous trading"
        case .morningContinuous: return "morning continuous trading"
        case .afternoonContinuous: return "afternoon continuous trading"
        case .closingCall: return "closing call auction"
        case .preOpen, .lunchBreak, .closed: return "closed"
        }
    }

    // MARK: Sections

    private var headerHTML: String {
        var out = "<header>\n<h1>\(run.config.name.markupEscaped): <span class=\"\(card.passed ? "pass" : "fail")\">\(card.passed ? "PASS" : "FAIL")</span></h1>\n"
        out += "<p>Scenario <code>\(scenarioFile.markupEscaped)</code>, seed \(run.config.seed), simulated \(run.config.dayStart)–\(run.config.dayEnd).</p>\n"
        out += "<p>Digest <code>\(run.digest.markupEscaped)</code></p>\n</header>\n<section id=\"verdict\">\n"
        if card.passed {
            out += "<p>Every SLA was met and every invariant held.</p>\n"
        } else {
            out += "<ul class=\"verdict\">\n"
            for check in card.slas.filter(\.kind.isFaultCheck) where !check.met {
                out += "<li><strong>SLA missed</strong>: \(check.name.markupEscaped): \(check.value.markupEscaped) against \(check.limit.markupEscaped)</li>\n"
            }
            for row in card.latency where !row.met {
                out += "<li><strong>SLA missed</strong>: class \(row.clientClass.name) \(row.business.markupEscaped) on \(row.system.markupEscaped): "
                out += "p\(RunReport.percentileText(run.config.sla.percentile)) \(RunReport.duration(row.judgedNanos)) against \(RunReport.duration(row.targetNanos))</li>\n"
            }
            for inv in card.invariants where !inv.held {
                out += "<li><strong>Invariant broken</strong>: \(inv.name.markupEscaped): \(inv.detail.markupEscaped)</li>\n"
            }
            out += "</ul>\n"
        }
        if let v = run.violation {
            out += "<p><strong>The run was stopped at \(v.at.clockMillis): \(v.invariant.rawValue.markupEscaped) broke</strong> — \(v.summary.markupEscaped). End-of-day checks judge an unfinished day.</p>\n"
        } else if let stopped = run.stoppedAt {
            out += "<p><strong>The run was stopped by a guard at \(stopped.clockMillis)</strong>: end-of-day checks (clearing, every order ending) judge an unfinished day.</p>\n"
        }
        out += "</section>\n"
        return out
    }

    private func table(_ t: ReportTable) -> String { t.html(colour: gradeColour) }

    private var faultsHTML: String {
        guard !card.faults.isEmpty else { return "" }
        var out = "<section id=\"faults\">\n<h2>Faults</h2>\n" + table(faultTable) + table(steadyStateTable)
        out += "<p>\(run.sessions.lost) messages the sessions could not get through; \(run.sessions.redelivered) resent once their node ran again; "
        out += "\(run.sessions.retransmissions) lost packets resent.</p>\n"
        let entries = timeline
        out += "<details>\n<summary>Fault and incident timeline (\(entries.count) entries)</summary>\n<ul class=\"timeline\">\n"
        for e in entries.prefix(500) { out += "<li><code>\(e.at.clockMillis)</code> \(e.what.markupEscaped)</li>\n" }
        if entries.count > 500 { out += "<li>… \(entries.count - 500) more in result.json (<code>operations.timeline</code>)</li>\n" }
        out += "</ul>\n</details>\n</section>\n"
        return out
    }

    private var slasHTML: String {
        guard card.slas.contains(where: \.kind.isFaultCheck) else { return "" }
        return "<section id=\"fault-slas\">\n<h2>Fault SLAs</h2>\n" + table(faultSLATable) + "</section>\n"
    }

    private var headroomHTML: String {
        guard card.headroom.contains(where: { $0.observedDown > 0 }) else { return "" }
        return "<section id=\"headroom\">\n<h2>Node-loss headroom (SPEC §9: m/n ≤ 1 − p/q)</h2>\n" + table(headroomTable) + "</section>\n"
    }

    private var incidentsHTML: String {
        guard let policy = card.policy else { return "" }
        var out = "<section id=\"incidents\">\n<h2>Outages and incident grades (\(policy.name.markupEscaped))</h2>\n"
        if card.incidents.isEmpty { return out + "<p>No system was down in trading time.</p>\n</section>\n" }
        out += table(incidentTable) + "<ul>\n"
        for line in outageWindowLines { out += "<li>\(line.markupEscaped)</li>\n" }
        return out + "</ul>\n</section>\n"
    }

    private var ordersHTML: String {
        let o = card.outcomes
        var out = "<section id=\"orders\">\n<h2>Orders</h2>\n" + table(orderTable)
        if !o.rejectedBy.isEmpty {
            out += "<p>Rejections: " + o.rejectedBy.map { "\($0.reason.code) \($0.count)" }.joined(separator: ", ").markupEscaped + ".</p>\n"
        }
        return out + "</section>\n"
    }

    private var latencyHTML: String {
        var out = "<section id=\"latency\">\n<h2>Latency: client send → acknowledgement at the client</h2>\n"
        out += "<p>The SLA is judged at p\(RunReport.percentileText(run.config.sla.percentile)).</p>\n" + table(latencyTable)
        out += "<h3>Where the time goes: median time after the client's send at each hop</h3>\n" + table(hopTable)
        return out + "</section>\n"
    }

    private var invariantsHTML: String {
        "<section id=\"invariants\">\n<h2>Invariants</h2>\n" + table(invariantTable) + "</section>\n"
    }

    private var systemsHTML: String {
        var out = "<section id=\"systems\">\n<h2>Tiers</h2>\n" + table(tierTable) + "<h2>Exchanges</h2>\n" + table(exchangeTable)
        out += "<p>\(run.events) events simulated. Per-second series: <code>\(RunReport.seriesFile)</code>.</p>\n</section>\n"
        return out
    }

    /// What this machine measured: the only part of the page that differs between runs of the same report.
    private var machineFooterHTML: String {
        let sent = card.outcomes.sent
        let rate = wallSeconds > 0 ? String(Int((Double(sent) / wallSeconds).rounded())) : "–"
        return "<footer id=\"machine\">This machine: \(JSONValue.format(wallSeconds, digits: 2)) s of wall time (\(rate) orders per second), "
            + "peak memory \(peakMemoryBytes / (1 << 20)) MiB.</footer>\n"
    }

    // MARK: Building blocks

    public static let styleSheet = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#212529;margin:24px auto;max-width:1100px;padding:0 16px}
        h1{font-size:24px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px}
        .pass{color:#2b8a3e}.fail,.bad{color:#c92a2a}code{font:12px ui-monospace,monospace;background:#f1f3f5;padding:1px 4px;border-radius:3px}
        figure{margin:16px 0 28px}figure h2{margin-top:0}svg.chart{display:block;max-width:100%;height:auto;background:#fff}
        table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
        section{overflow-x:auto}th,td{border:1px solid #dee2e6;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f1f3f5}
        td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}ul.timeline{font-size:13px}
        .grade{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px}
        footer{margin-top:32px;padding-top:8px;border-top:1px solid #dee2e6;color:#868e96;font-size:12px}
        """

    /// Records script errors and `console.error` calls on the page (for the browser check);
    /// installed before anything else runs.
    public static let errorRecorderScript = """
        (function(){function note(m){var t=document.body||document.documentElement;t.setAttribute('data-errors',(t.getAttribute('data-errors')||'')+m+'; ');}
        window.onerror=function(m,s,l){note(m+' (line '+l+')');};
        var e=console.error;console.error=function(){note(Array.prototype.join.call(arguments,' '));return e.apply(console,arguments);};})();
        """

    /// Counts the `svg.chart`s that drew a path (non-empty `d` the browser could lay out) into `body[data-charts]`.
    public static let chartCheckScript = """
        (function(){var c=document.querySelectorAll('svg.chart'),n=0,bad=[];
        for(var i=0;i<c.length;i++){var p=c[i].querySelectorAll('path'),ok=false;
        for(var j=0;j<p.length&&!ok;j++){var d=p[j].getAttribute('d');if(d&&d.trim().length>0&&p[j].getTotalLength()>0){ok=true;}}
        if(ok){n++;}else{bad.push(c[i].id);}}
        document.body.setAttribute('data-charts',n+'/'+c.length);if(bad.length){document.body.setAttribute('data-charts-empty',bad.join(' '));}
        var e=document.documentElement.getAttribute('data-errors');if(e){document.body.setAttribute('data-errors',e+(document.body.getAttribute('data-errors')||''));}})();
        """
}
