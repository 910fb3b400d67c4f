import Chaos
import Reports

/// `explore.html`: one self-contained page (no network, no external files) with the resilience
/// matrix as a heat map, how discovery went run by run, the findings with their minimal
/// scenario files (one click copies a file), and the coverage of rare states. Its charts are
/// `svg.chart`s, so `.ci/browser-check.sh` checks it as it checks report.html.
public enum ExploreHTML {
    /// Cell colours, most serious first: invariant, incident, SLA, passed; and not run.
    static let classColours = ["#5f0f0f", "#f76707", "#f59f00"]
    static let passColour = "#8ce99a", emptyColour = "#f1f3f5"

    /// The page; `files[k]` is finding `k`'s scenario file.
    public static func page(_ r: ExploreResult, files: [String]) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        out += "<title>\("explore \(r.scenario)".markupEscaped)</title>\n"
        out += "<script>\(RunReport.errorRecorderScript)</script>\n"
        out += "<style>\(RunReport.styleSheet)\npre.finding{background:#f8f9fa;border:1px solid #dee2e6;padding:8px;font:12px ui-monospace,monospace;"
            + "max-height:320px;overflow:auto}button{font:13px system-ui,sans-serif;margin:4px 0}</style>\n"
        out += "</head><body>\n"
        out += "<h1>\("firedrill explore: \(r.scenario)".markupEscaped)</h1>\n"
        let stages = r.options.stages.map(\.rawValue).joined(separator: ", ")
        out += "<p>\(r.runs.count) runs (\(stages.markupEscaped)), seed \(r.options.seed), up to \(r.options.maxFaults) faults a plan; "
            + "incidents from <b>\(r.options.threshold.markupEscaped)</b> count. Baseline digest <code>\(r.baselineDigest.prefix(16))</code>.</p>\n"
        if !r.baselineFailures.isEmpty {
            out += "<p>Failing without faults (never findings): \(r.baselineFailures.joined(separator: "; ").markupEscaped)</p>\n"
        }
        out += summaryChart(r)
        out += matrixChart(r)
        out += "<h2>Findings, most serious first</h2>\n"
        if r.findings.isEmpty { out += "<p class=\"pass\">No finding.</p>\n" }
        for (k, f) in r.findings.enumerated() {
            let colour = classColours[f.signature.failure.rawValue]
            out += "<section><h3><span class=\"grade\" style=\"background:\(colour)\"></span>\(f.signature.description.markupEscaped)</h3>\n"
            out += "<p>\(f.outcome.detail.markupEscaped)<br>\(f.runs.count) run(s), shrunk from run \(f.firstRun): "
                + "from \(f.original.faults.count) fault(s) to \(f.minimal.faults.count) in \(f.shrinkRuns) run(s).</p>\n<ul>"
            for (fault, c) in zip(f.minimal.faults, f.minimal.components) {
                let line = "\(fault.kind.rawValue) on \(r.menu.components[c].name) at \(fault.start)"
                    + (fault.duration.map { " for \($0)" } ?? "")
                out += "<li>\(line.markupEscaped)</li>"
            }
            out += "</ul>\n<button type=\"button\" onclick=\"copyFinding('finding-\(k)', this)\">Copy the scenario file</button>\n"
            out += "<details><summary><code>\(FindingFile.name(f).markupEscaped)</code></summary>\n"
            out += "<pre class=\"finding\" id=\"finding-\(k)\">\((k < files.count ? files[k] : "").markupEscaped)</pre></details></section>\n"
        }
        out += discoveryChart(r)
        out += coverageChart(r)
        out += "<script>\(copyScript)</script>\n<script>\(RunReport.chartCheckScript)</script>\n</body></html>\n"
        return out
    }

    static let copyScript = """
        function copyFinding(id,button){var text=document.getElementById(id).textContent;
        function done(){button.textContent='Copied';}
        if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(text).then(done,function(){fallback();});}else{fallback();}
        function fallback(){var a=document.createElement('textarea');a.value=text;document.body.appendChild(a);a.select();
        try{document.execCommand('copy');done();}catch(e){button.textContent='Select the text to copy';}document.body.removeChild(a);}}
        """

    /// A rectangle as a path (the browser check measures paths).
    static func box(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ fill: String, title: String) -> String {
        "<path d=\"M\(n(x)) \(n(y))h\(n(w))v\(n(h))h\(n(-w))Z\" fill=\"\(fill)\"><title>\(title.markupEscaped)</title></path>"
    }

    static func n(_ v: Double) -> String { JSONValue.format(v, digits: 1) }

    static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", size: Int = 11, rotate: Bool = false) -> String {
        let transform = rotate ? " transform=\"rotate(-60 \(n(x)) \(n(y)))\"" : ""
        return "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\"\(transform)>\(s.markupEscaped)</text>"
    }

    /// Findings per class, with the number of runs behind them.
    static func summaryChart(_ r: ExploreResult) -> String {
        let width = 640.0, bar = 22.0
        var svg = ""
        let most = Double(max(1, r.runs.count))
        var y = 10.0
        for failure in FailureClass.allCases {
            let findings = r.findings.filter { $0.signature.failure == failure }
            let runs = findings.reduce(0) { $0 + $1.runs.count }
            svg += text(0, y + 15, "\(failure.word): \(findings.count) finding(s)")
            svg += box(200, y, max(1, (width - 210) * Double(runs) / most), bar, classColours[failure.rawValue], title: "\(runs) run(s)")
            svg += text(206 + (width - 210) * Double(runs) / most, y + 15, "\(runs) run(s)")
            y += bar + 8
        }
        let clean = r.runs.filter { $0.outcome != nil && $0.signature == nil }.count
        svg += text(0, y + 15, "no failure")
        svg += box(200, y, max(1, (width - 210) * Double(clean) / most), bar, passColour, title: "\(clean) run(s)")
        svg += text(206 + (width - 210) * Double(clean) / most, y + 15, "\(clean) run(s)")
        y += bar + 8
        return figure("summary", "Runs by their most serious failure", width: width + 60, height: y, svg)
    }

    /// Component × kind, coloured by the worst outcome of the plans whose only fault it was.
    static func matrixChart(_ r: ExploreResult) -> String {
        let menu = r.menu
        let rows = Array(Set(r.matrix.map(\.component))).sorted()
        var kinds: [FaultKind] = []
        for kind in menu.kinds where r.matrix.contains(where: { $0.kind == kind }) { kinds.append(kind) }
        guard !rows.isEmpty else {
            return figure("matrix", "Resilience matrix (no single-fault plans ran)", width: 300, height: 30,
                          box(0, 10, 280, 12, emptyColour, title: "no single-fault plan ran"))
        }
        let cell = 16.0, left = 190.0, top = 130.0
        var svg = ""
        for (j, kind) in kinds.enumerated() { svg += text(left + Double(j) * cell + 11, top - 6, kind.rawValue, size: 10, rotate: true) }
        for (i, c) in rows.enumerated() {
            let y = top + Double(i) * cell
            svg += text(left - 6, y + 12, menu.components[c].name, anchor: "end", size: 10)
            for (j, kind) in kinds.enumerated() {
                let x = left + Double(j) * cell
                guard let m = r.matrix.first(where: { $0.component == c && $0.kind == kind }) else {
                    svg += box(x, y, cell - 2, cell - 2, emptyColour, title: "\(menu.components[c].name) × \(kind.rawValue): not run")
                    continue
                }
                let colour = m.failure.map { classColours[$0.rawValue] } ?? passColour
                var title = "\(menu.components[c].name) × \(kind.rawValue): \(m.failure?.word ?? "passed") in \(m.runs) run(s)"
                if !m.invariants.isEmpty { title += "; broken: " + m.invariants.joined(separator: ", ") }
                if let g = m.worstGrade { title += "; graded \(g)" }
                if m.slasFailed > 0 { title += "; \(m.slasFailed) SLA check(s) failed" }
                if m.rpoOrders > 0 { title += "; RPO \(m.rpoOrders) order(s)" }
                svg += box(x, y, cell - 2, cell - 2, colour, title: title)
            }
        }
        let height = top + Double(rows.count) * cell + 30
        var legend = ""
        for (k, word) in ["invariant", "incident", "SLA", "passed", "not run"].enumerated() {
            let colour = k < 3 ? classColours[k] : (k == 3 ? passColour : emptyColour)
            legend += box(left + Double(k) * 90, height - 18, 12, 12, colour, title: word) + text(left + Double(k) * 90 + 16, height - 8, word)
        }
        return figure("matrix", "Resilience matrix: component × fault kind, worst outcome", width: max(left + Double(kinds.count) * cell + 120, left + 460),
                      height: height, svg + legend)
    }

    /// Distinct signatures and rare states found so far, by run.
    static func discoveryChart(_ r: ExploreResult) -> String {
        let width = 640.0, height = 200.0, left = 40.0, bottom = 170.0
        var signatures: [Signature] = [], points: [String] = []
        var sig: [Int] = [], cov: [Int] = []
        for run in r.runs {
            if let s = run.signature, !signatures.contains(s) { signatures.append(s) }
            for p in run.outcome?.reached ?? [] where !points.contains(p) { points.append(p) }
            sig.append(signatures.count)
            cov.append(points.count)
        }
        let top = Double(max(1, signatures.count, points.count))
        let span = Double(max(1, r.runs.count - 1))
        func line(_ values: [Int], _ colour: String, _ name: String) -> String {
            guard !values.isEmpty else { return "" }
            var d = ""
            for (i, v) in values.enumerated() {
                let x = left + (width - left - 10) * Double(i) / span, y = bottom - (bottom - 10) * Double(v) / top
                d += (i == 0 ? "M" : "L") + "\(n(x)) \(n(y))"
            }
            if values.count == 1 { d += "h1" }
            return "<path d=\"\(d)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"><title>\(name.markupEscaped)</title></path>"
        }
        var svg = "<path d=\"M\(n(left)) 10V\(n(bottom))H\(n(width - 10))\" fill=\"none\" stroke=\"#868e96\"/>"
        svg += line(sig, "#c92a2a", "distinct failure signatures") + line(cov, "#1c7ed6", "rare states reached")
        svg += text(left - 4, 16, String(Int(top)), anchor: "end") + text(left - 4, bottom, "0", anchor: "end")
        svg += text(width - 10, bottom + 16, "run \(max(0, r.runs.count - 1))", anchor: "end")
        svg += text(left + 10, bottom + 16, "red: distinct failure signatures; blue: rare states reached")
        return figure("discovery", "Discovery, run by run", width: width, height: height, svg)
    }

    /// How many runs reached each rare state; the never-reached ones flagged.
    static func coverageChart(_ r: ExploreResult) -> String {
        let width = 640.0, bar = 14.0, left = 380.0
        let most = Double(max(1, r.coverage.map(\.runs).max() ?? 1))
        var svg = "", y = 6.0
        for c in r.coverage {
            svg += text(left - 6, y + 11, c.point, anchor: "end", size: 11)
            if c.runs == 0 {
                svg += box(left, y, 2, bar, "#c92a2a", title: "never reached") + text(left + 6, y + 11, "never reached")
            } else {
                let w = max(2, (width - left - 60) * Double(c.runs) / most)
                svg += box(left, y, w, bar, "#1c7ed6", title: "\(c.runs) run(s), first run \(c.first!)") + text(left + w + 4, y + 11, "\(c.runs)")
            }
            y += bar + 4
        }
        return figure("coverage", "Rare states (\"sometimes\" points): runs that reached each", width: width, height: y + 4, svg)
    }

    static func figure(_ id: String, _ title: String, width: Double, height: Double, _ body: String) -> String {
        "<figure><h2>\(title.markupEscaped)</h2><svg class=\"chart\" id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\">\(body)</svg></figure>\n"
    }
}
