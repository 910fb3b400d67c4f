import Foundation
import Kernel
import Reports
import Scoring
import Stack
import Testing

/// One short day with two faults, simulated once per test process: a crash of the whole
/// normal tier (with a name that tries to inject markup) and a slowdown that never ends. The
/// scenario name tries the same. Class I has no clients, so its series must be left out.
enum FaultedDay {
    static let hostile = "<script>alert(\"x\")</script> & co"
    static let crashStart = SimTime.clock(9, 35)
    static let crashEnd = SimTime.clock(9, 38)
    static let slowStart = SimTime.clock(9, 48, 30)

    nonisolated(unsafe) static let report: Result<RunReport, any Error> = Result {
        var config = StackConfig.shortDay
        config.seed = 11
        config.name = "short day \(hostile)"
        config.populations[0].clients = 0
        config.populations[0].ordersPerDay = 0
        let run = try StackRun.run(config, plan: { world throws(StackBuildError) in
            let t = world.topology
            let normal = try (1...4).map { k throws(StackBuildError) in
                guard let host = t.host(named: "normal-shenzhen-\(k)") else { throw StackBuildError(field: "test", "no normal-shenzhen-\(k)") }
                return host
            }
            guard let fast = t.host(named: "fast-shanghai-1") else { throw StackBuildError(field: "test", "no fast-shanghai-1") }
            var changes = normal.map { ScheduledChange(time: crashStart, fault: 0, .down($0), starts: true) }
            changes += normal.map { ScheduledChange(time: crashEnd, fault: 0, .down($0), starts: false) }
            changes.append(ScheduledChange(time: slowStart, fault: 1, .slowdown(fast, factor: 3, load: 0.5), starts: true))
            return FaultSchedule(changes: changes, faults: [
                InjectedFault(name: "crash \(hostile)", kind: "host_crash", start: crashStart, end: crashEnd, hosts: normal),
                InjectedFault(name: "slow-fast-1", kind: "cpu_load", start: slowStart, end: nil, hosts: [fast]),
            ])
        })
        return RunReport(run: run, card: Scorecard(run), scenarioFile: "Scenarios/\(hostile).yaml", wallSeconds: 1.25, peakMemoryBytes: 64 << 20)
    }
}


/// The `<svg class="chart" …>…</svg>` elements of a page, in order.
func chartElements(_ html: String) -> [String] {
    html.components(separatedBy: "<svg class=\"chart\"").dropFirst().map { "<svg class=\"chart\"" + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
}

/// The value of `name="…"` in each tag of `svg` that starts with `prefix`.
func attribute(_ name: String, ofTagsStartingWith prefix: String, in svg: String) -> [String] {
    svg.components(separatedBy: prefix).dropFirst().compactMap { tag in
        let head = tag.components(separatedBy: ">")[0]
        guard let range = head.range(of: " \(name)=\"") else { return nil }
        return String(head[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// The numbers in a path's `d`, in order.
func numbers(inPath d: String) -> [Double] {
    d.split(whereSeparator: { "MLHVZh ".contains($0) }).compactMap { Double($0) }
}

/// The page without what the machine measured.
func withoutMachineFooter(_ html: String) -> String {
    guard let start = html.range(of: "<footer id=\"machine\">"), let end = html.range(of: "</footer>", range: start.upperBound..<html.endIndex) else {
        return html
    }
    return String(html[..<start.lowerBound] + html[end.upperBound...])
}

@Suite struct ClassLatencySeriesTests {
    /// Random orders over a 10-minute window, some sent outside it, some never acknowledged or
    /// answered, some refused by failing systems; each bucket's percentiles and counts against
    /// the obvious computation: every latency of a (class, bucket) sorted, the rank-th of them.
    @Test(arguments: [UInt64(1), 2, 3])
    func percentilesAndCountsMatchASortedReference(seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        let start = SimTime.clock(9, 30), end = SimTime.clock(9, 40)
        let bucket: Int64 = 60_000_000_000
        let n = 4_000
        var classes: [ClientClass] = [], sentAt: [Int64] = [], ackAt: [Int64?] = [], answeredAt: [Int64?] = [], reasons: [OrderReject?] = []
        let reasonChoices: [OrderReject?] = [nil, nil, nil, .busy, .insufficientFunds, .unavailable]
        for _ in 0..<n {
            // Class I only in the first half of the window, so its later buckets are empty.
            let sent = start.nanos - 30_000_000_000 + Int64.random(in: 0..<(11 * 60_000_000_000), using: &rng)
            let c = ClientClass(rawValue: Int.random(in: 0..<3, using: &rng))!
            classes.append(c == .I && sent > start.nanos + 5 * bucket ? .II : c)
            sentAt.append(sent)
            // Latencies from 1 µs to 3 s, with many ties.
            let latency = Int64.random(in: 1...3_000, using: &rng) * (Bool.random(using: &rng) ? 1_000 : 1_000_000)
            let acked = Int.random(in: 0..<10, using: &rng) < 8
            ackAt.append(acked ? sent + latency : nil)
            answeredAt.append(acked || Bool.random(using: &rng) ? sent + latency / 2 : nil)
            reasons.append(reasonChoices.randomElement(using: &rng)!)
        }
        let s = ClassLatencySeries(start: start, end: end, bucketNanos: bucket, classes: classes, sentAt: sentAt, ackAt: ackAt,
                                   answeredAt: answeredAt, rejectReason: reasons)
        #expect(s.bucketCount == 10)
        for b in 0..<10 {
            let from = start.nanos + Int64(b) * bucket, to = from + bucket
            for c in ClientClass.allCases {
                let latencies = (0..<n).filter { classes[$0] == c && sentAt[$0] >= from && sentAt[$0] < to && ackAt[$0] != nil }
                    .map { ackAt[$0]! - sentAt[$0] }.sorted()
                func rank(_ p: Int) -> Int64? { latencies.isEmpty ? nil : latencies[(p * latencies.count + 99) / 100 - 1] }
                #expect(s.p50Nanos[c.rawValue][b] == rank(50), "class \(c) bucket \(b)")
                #expect(s.p99Nanos[c.rawValue][b] == rank(99), "class \(c) bucket \(b)")
                #expect(s.ackedSampleCount[c.rawValue][b] == latencies.count)
            }
            let sentHere = (0..<n).filter { sentAt[$0] >= from && sentAt[$0] < to }
            #expect(s.ordersSent[b] == sentHere.count)
            #expect(s.ordersAcked[b] == (0..<n).filter { ackAt[$0].map { $0 >= from && $0 < to } ?? false }.count)
            let served = sentHere.filter { answeredAt[$0] != nil && !(reasons[$0] == .busy || reasons[$0] == .unavailable) }
            #expect(s.ordersServed[b] == served.count)
            #expect(s.orderAvailability(b) == (sentHere.isEmpty ? nil : Double(served.count) / Double(sentHere.count)))
        }
        #expect(s.interactionAvailability(0) == nil, "no ServiceHealth behind bare arrays")
    }

    /// Over a real run, the buckets add up to the scorecard's counts and the health's interactions.
    @Test func aRunsBucketsAddUpToItsScorecard() throws {
        let report = try FaultedDay.report.get()
        let s = ClassLatencySeries(report.run)
        #expect(s.bucketCount == 50)
        #expect(s.ordersSent.reduce(0, +) == report.card.outcomes.sent)
        #expect(s.ordersAcked.reduce(0, +) == report.card.outcomes.acked)
        #expect(s.interactionsSent.reduce(0, +) == report.card.outcomes.sent + report.card.outcomes.queries)
        #expect(!s.hasLatency(.I) && s.hasLatency(.II) && s.hasLatency(.III))
        // The normal tier (all of class III's orders) was down 09:35–09:38: orders sent then went unserved.
        let crashed = Int((FaultedDay.crashStart - report.run.config.dayStart).nanos / 60_000_000_000)
        let availability = try #require(s.interactionAvailability(crashed + 1))
        #expect(availability < 0.9, "availability \(availability) in the minute after the crash")
    }
}

@Suite struct SVGChartTests {
    let from = SimTime.clock(9, 0), to = SimTime.clock(10, 0)

    func paths(_ svg: String) -> [String] { attribute("d", ofTagsStartingWith: "<path", in: svg) }

    @Test func aLinePointSitsWhereTheLinearMappingPutsIt() throws {
        let axis = SVGChart.ValueAxis.linear(label: "orders", upTo: 100, format: .count)
        #expect(axis.min == 0 && axis.max == 100 && axis.ticks == [0, 20, 40, 60, 80, 100])
        let series = SVGChart.Series(name: "sent", colour: "#000", points: [
            .init(at: .clock(9, 15), value: 25), .init(at: .clock(9, 45), value: 100), .init(at: .clock(9, 50), value: nil),
            .init(at: .clock(9, 55), value: 0),
        ])
        let chart = SVGChart(id: "c", title: "t", from: from, to: to, plot: .lines(axis, [series]))
        let d = try #require(paths(chart.svg).first)
        let width = chart.plotRight - chart.plotLeft, height = chart.plotBottom - chart.plotTop
        let expected = [chart.plotLeft + width / 4, chart.plotBottom - height / 4, chart.plotLeft + width * 3 / 4, chart.plotTop,
                        chart.plotLeft + width * 55 / 60, chart.plotBottom]
        let got = numbers(inPath: d)
        // The gap at 09:50 starts a second subpath; its lone point gets a tiny stroke to show.
        #expect(d.filter { $0 == "M" }.count == 2, "\(d)")
        #expect(got.count == expected.count + 1)
        for (g, e) in zip(got, expected) { #expect(abs(g - e) <= 0.05, "\(d)") }
    }

    @Test func aLogScalePutsEachPowerOfTenEquallyFarApart() throws {
        let axis = SVGChart.ValueAxis.logarithmic(label: "latency", covering: 2_000, 500_000, format: .duration)
        #expect(axis.min == 1_000 && axis.max == 1_000_000 && axis.ticks.count == 4)
        let series = SVGChart.Series(name: "p99", colour: "#000", points: [
            .init(at: .clock(9, 0), value: 10_000), .init(at: .clock(9, 30), value: 100_000), .init(at: .clock(10, 0), value: 10),
        ])
        let chart = SVGChart(id: "c", title: "t", from: from, to: to, plot: .lines(axis, [series]))
        let got = numbers(inPath: try #require(paths(chart.svg).first))
        let height = chart.plotBottom - chart.plotTop
        let expected = [chart.plotLeft, chart.plotBottom - height / 3, (chart.plotLeft + chart.plotRight) / 2, chart.plotBottom - height * 2 / 3,
                        chart.plotRight, chart.plotBottom] // 10 ns is below the axis: on it
        #expect(got.count == expected.count)
        for (g, e) in zip(got, expected) { #expect(abs(g - e) <= 0.05) }
        for label in ["1 µs", "10 µs", "100 µs", "1 ms"] { #expect(chart.svg.contains(">\(label)</text>"), "tick \(label)") }
    }

    @Test func bandsSitAtTheirWindowAndEmptySeriesAreLeftOut() throws {
        let axis = SVGChart.ValueAxis.linear(label: "v", upTo: 10, format: .count)
        let drawn = SVGChart.Series(name: "drawn", colour: "#111", points: [.init(at: .clock(9, 10), value: 1), .init(at: .clock(9, 20), value: 2)])
        let empty = SVGChart.Series(name: "nothing measured", colour: "#222", points: [.init(at: .clock(9, 10), value: nil)])
        let band = SVGChart.Band(from: .clock(9, 12), to: .clock(9, 24), label: "a <b> & \"c\"")
        let chart = SVGChart(id: "c", title: "t", from: from, to: to, plot: .lines(axis, [drawn, empty]), bands: [band])
        let svg = chart.svg
        #expect(paths(svg).count == 1)
        #expect(!svg.contains("nothing measured"), "an empty series is neither drawn nor in the legend")
        let x = try #require(attribute("x", ofTagsStartingWith: "<rect class=\"band\"", in: svg).first.flatMap(Double.init))
        let w = try #require(attribute("width", ofTagsStartingWith: "<rect class=\"band\"", in: svg).first.flatMap(Double.init))
        let width = chart.plotRight - chart.plotLeft
        #expect(abs(x - (chart.plotLeft + width * 12 / 60)) <= 0.05)
        #expect(abs(w - width * 12 / 60) <= 0.1)
        #expect(svg.contains("a &lt;b&gt; &amp; &quot;c&quot;") && !svg.contains("<b>"))
    }

    @Test func timeTicksAreClockTimes() {
        let chart = SVGChart(id: "c", title: "t", from: .clock(9, 10), to: .clock(10, 0),
                             plot: .lanes([.init(label: "l", marks: [.init(from: .clock(9, 20), to: nil, colour: "#000", title: "m")])], legend: []))
        for label in ["09:10", "09:20", "09:30", "10:00"] { #expect(chart.svg.contains(">\(label)</text>"), "\(label)") }
    }
}

@Suite struct ReportHTMLTests {
    @Test func fourChartsEachDrawAPath() throws {
        let html = try FaultedDay.report.get().html
        let charts = chartElements(html)
        #expect(charts.count == 4)
        for chart in charts {
            let ds = attribute("d", ofTagsStartingWith: "<path", in: chart)
            #expect(ds.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "\(chart.prefix(120))")
            #expect(chart.contains("<title"))
        }
        // Class I had no clients: its lines are left out, the chart is not.
        #expect(!charts[0].contains("class I p99") && charts[0].contains("class II p99") && charts[0].contains("class III p50"))
    }

    /// Each fault that acted is a band on every chart, starting where the time axis puts its
    /// start; the slowdown that never ends runs to the right edge of the plot.
    @Test func everyFaultWindowIsABandAtItsStart() throws {
        let report = try FaultedDay.report.get()
        let faults = report.card.faults
        #expect(faults.count == 2 && faults.allSatisfy { !$0.cancelled })
        let dayStart = report.run.config.dayStart, dayEnd = report.run.config.dayEnd
        for chart in chartElements(report.html) {
            let frameX = try #require(attribute("x", ofTagsStartingWith: "<rect class=\"frame\"", in: chart).first.flatMap(Double.init))
            let frameWidth = try #require(attribute("width", ofTagsStartingWith: "<rect class=\"frame\"", in: chart).first.flatMap(Double.init))
            let starts = attribute("data-from-ns", ofTagsStartingWith: "<rect class=\"band\"", in: chart)
            let xs = attribute("x", ofTagsStartingWith: "<rect class=\"band\"", in: chart).compactMap(Double.init)
            let widths = attribute("width", ofTagsStartingWith: "<rect class=\"band\"", in: chart).compactMap(Double.init)
            #expect(starts.count == xs.count && xs.count == widths.count)
            for f in faults {
                let k = try #require(starts.firstIndex(of: String(f.start.nanos)), "no band starts at fault \(f.name)'s start")
                let fraction = Double((f.start - dayStart).nanos) / Double((dayEnd - dayStart).nanos)
                #expect(abs(xs[k] - (frameX + fraction * frameWidth)) <= 0.05, "fault \(f.name)")
            }
            let slow = try #require(starts.firstIndex(of: String(FaultedDay.slowStart.nanos)))
            #expect(abs(xs[slow] + widths[slow] - (frameX + frameWidth)) <= 0.1, "a fault without an end runs to the day's end")
            #expect(chart.contains("crash &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"))
        }
    }

    @Test func thePageIsSelfContainedAndEscapesWhatUsersWrote() throws {
        let html = try FaultedDay.report.get().html
        for external in ["http://", "https://", "src=", "href=", "url(", "@import", "xmlns"] { #expect(!html.contains(external), "\(external)") }
        #expect(!html.contains("<script>alert"))
        #expect(html.components(separatedBy: "<script>").count - 1 == 2, "only the page's own two scripts")
        #expect(html.contains("short day &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"))
        #expect(html.contains("<code>Scenarios/&lt;script&gt;"))
    }

    /// The tables show what report.md shows: every latency row's numbers, every invariant, every fault's detection.
    @Test func theTablesCarryTheScorecard() throws {
        let report = try FaultedDay.report.get()
        let html = report.html
        for r in report.card.latency {
            let row = "<tr><td>\(r.clientClass.name)</td><td>\(r.business)</td><td>\(r.system)</td><td class=\"num\">\(r.count)</td>"
                + "<td class=\"num\">\(RunReport.duration(r.p50Nanos))</td><td class=\"num\">\(RunReport.duration(r.p99Nanos))</td>"
            #expect(html.contains(row), "\(row)")
        }
        for inv in report.card.invariants { #expect(html.contains("<td>\(inv.name)</td>")) }
        for f in report.card.faults {
            let detected = f.detectedAt.map { "\($0.clockMillis) (+\(RunReport.span(($0 - f.start).nanos)))" } ?? "not detected"
            #expect(html.contains("<td>\(detected)</td>"), "\(f.name)")
        }
        #expect(html.contains(report.card.passed ? ">PASS</span>" : ">FAIL</span>"))
    }

    @Test func theSameReportGivesTheSameBytesOutsideTheMachineFooter() throws {
        let report = try FaultedDay.report.get()
        var other = report
        other.wallSeconds = 99.5
        other.peakMemoryBytes = 3 << 30
        let a = report.html, b = other.html
        #expect(a != b && b.contains("99.50 s") && b.contains("3072 MiB"))
        #expect(withoutMachineFooter(a) == withoutMachineFooter(b))
        #expect(!withoutMachineFooter(a).contains("wall time"))
    }

    /// Not a check: with `FIREDRILL_WRITE_HTML` set, writes the page for `.ci/browser-check.sh`
    /// and for looking at (to the variable's value when it is a path, else /tmp/firedrill-report.html).
    @Test func writeThePageWhenAsked() throws {
        guard let target = ProcessInfo.processInfo.environment["FIREDRILL_WRITE_HTML"] else { return }
        let path = target.contains("/") ? target : "/tmp/firedrill-report.html"
        try Data(try FaultedDay.report.get().html.utf8).write(to: URL(fileURLWithPath: path))
    }
}
