import Boundary
import Foundation
import Kernel
import Reports

/// What a sweep's seeds say together: the pass rate, the worst seeds per SLA, the spread of
/// each fault's RTO and each latency row's p99, and every failing seed with the command that
/// reproduces it. Computed from the records alone, in seed order.
public struct SweepSummary: Equatable, Sendable {
    public struct Worst: Equatable, Sendable {
        public var check: String
        public var failedSeeds: Int
        /// Whether the check has a value to rank seeds by (a latency, a recovery time, an RPO).
        public var ranked: Bool
        /// Up to three seeds: failed first, then the highest value over limit, then the lowest seed.
        public var seeds: [(seed: UInt64, value: String, limit: String, met: Bool)]

        public static func == (a: Worst, b: Worst) -> Bool {
            a.check == b.check && a.failedSeeds == b.failedSeeds && a.ranked == b.ranked
                && a.seeds.map { "\($0.seed) \($0.value) \($0.limit) \($0.met)" } == b.seeds.map { "\($0.seed) \($0.value) \($0.limit) \($0.met)" }
        }
    }

    /// Nearest-rank quantiles of a set of durations (nil entries counted apart).
    public struct Spread: Equatable, Sendable {
        public var name: String
        public var count: Int
        /// Seeds where the value never came (a fault never recovered).
        public var missing: Int
        public var minNanos: Int64?
        public var p50Nanos: Int64?
        public var p90Nanos: Int64?
        public var p99Nanos: Int64?
        public var maxNanos: Int64?

        init(name: String, values: [Int64?]) {
            self.name = name
            let present = values.compactMap { $0 }.sorted()
            count = values.count
            missing = values.count - present.count
            func q(_ p: Double) -> Int64? { present.isEmpty ? nil : Percentile.nearestRank(present, p) }
            minNanos = present.first; p50Nanos = q(50); p90Nanos = q(90); p99Nanos = q(99); maxNanos = present.last
        }
    }

    public var scenario: String
    public var layout: String?
    public var seeds: Int
    public var passed: Int
    public var worst: [Worst]
    public var rto: [Spread]
    public var rpoMax: [(fault: String, orders: Int, seed: UInt64)]
    public var p99: [Spread]
    public var failing: [SeedRecord]

    public static func == (a: SweepSummary, b: SweepSummary) -> Bool { a.markdown == b.markdown }

    public init(_ records: [SeedRecord]) {
        let records = records.sorted { $0.seed < $1.seed }
        scenario = records.first?.scenario ?? ""
        layout = records.first?.layout
        seeds = records.count
        passed = records.filter(\.passed).count
        failing = records.filter { !$0.passed }
        // Checks in the order they first appear.
        var names: [String] = []
        var known = Set<String>()
        for r in records { for c in r.checks where known.insert(c.name).inserted { names.append(c.name) } }
        // Each record's first check, fault and latency row of each name, found by a lookup
        // (linear in the records' size; the tables are looked up, never iterated).
        func firstByName<T>(_ items: [T], _ name: (T) -> String) -> [String: Int] {
            var index: [String: Int] = [:]
            for (k, item) in items.enumerated() where index[name(item)] == nil { index[name(item)] = k }
            return index
        }
        let checkIndex = records.map { firstByName($0.checks, \.name) }
        let faultIndex = records.map { firstByName($0.faults, \.name) }
        let rowIndex = records.map { firstByName($0.latency, \.row) }
        worst = names.map { name in
            let rows = records.indices.compactMap { k in checkIndex[k][name].map { (records[k].seed, records[k].checks[$0]) } }
            let ranked = rows.sorted { a, b in
                if a.1.met != b.1.met { return !a.1.met }
                let ra = a.1.ratio ?? 0, rb = b.1.ratio ?? 0
                if ra != rb { return ra > rb }
                return a.0 < b.0
            }
            return Worst(check: name, failedSeeds: rows.filter { !$0.1.met }.count, ranked: rows.contains { $0.1.ratio != nil },
                         seeds: ranked.prefix(3).map { (seed: $0.0, value: $0.1.value, limit: $0.1.limit, met: $0.1.met) })
        }
        var faultNames: [String] = []
        var knownFaults = Set<String>()
        for r in records { for f in r.faults where knownFaults.insert(f.name).inserted { faultNames.append(f.name) } }
        rto = faultNames.map { name in
            Spread(name: name, values: records.indices.compactMap { k in faultIndex[k][name].map { records[k].faults[$0].rtoNanos } })
        }
        rpoMax = faultNames.map { name in
            var best: (fault: String, orders: Int, seed: UInt64) = (name, 0, records.first?.seed ?? 0)
            for k in records.indices {
                if let i = faultIndex[k][name], records[k].faults[i].rpoOrders > best.orders { best = (name, records[k].faults[i].rpoOrders, records[k].seed) }
            }
            return best
        }
        var rows: [String] = []
        var knownRows = Set<String>()
        for r in records { for l in r.latency where knownRows.insert(l.row).inserted { rows.append(l.row) } }
        p99 = rows.map { row in
            Spread(name: row, values: records.indices.compactMap { k in rowIndex[k][row].map { Optional(records[k].latency[$0].p99Nanos) } })
        }
    }

    static func span(_ nanos: Int64?) -> String { nanos.map { RunReport.span($0) } ?? "–" }

    /// `summary.md`.
    public var markdown: String {
        var out = "# Sweep: \(scenario)\(layout.map { " on \($0)" } ?? "")\n\n"
        let rate = seeds == 0 ? 0 : Double(passed) / Double(seeds) * 100
        out += "**\(passed) of \(seeds) seeds passed (\(JSONValue.format(rate, digits: 1)) %).**\n\n"
        out += "## Worst seeds per check\n\n"
        out += "| check | seeds failed | worst seeds (value against limit) |\n|---|---:|---|\n"
        for w in worst {
            let ranked = w.failedSeeds > 0 || w.ranked
            let list = ranked ? w.seeds.map { "\($0.seed): \($0.value)\($0.met ? "" : " ✗")" }.joined(separator: "; ") : "met in every seed"
            out += "| \(w.check) | \(w.failedSeeds) | \(list) |\n"
        }
        if !rto.isEmpty {
            out += "\n## RTO per fault\n\n| fault | seeds | not recovered | min | p50 | p90 | p99 | max | largest RPO |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
            for (s, rpo) in zip(rto, rpoMax) {
                out += "| \(s.name) | \(s.count) | \(s.missing) | \(SweepSummary.span(s.minNanos)) | \(SweepSummary.span(s.p50Nanos)) | "
                    + "\(SweepSummary.span(s.p90Nanos)) | \(SweepSummary.span(s.p99Nanos)) | \(SweepSummary.span(s.maxNanos)) | "
                    + (rpo.orders == 0 ? "0" : "\(rpo.orders) orders (seed \(rpo.seed))") + " |\n"
            }
        }
        out += "\n## p99 acknowledgement latency per row, across seeds\n\n| class business tier | seeds | min | p50 | p90 | max |\n|---|---:|---:|---:|---:|---:|\n"
        for s in p99 {
            out += "| \(s.name) | \(s.count) | \(SweepSummary.span(s.minNanos)) | \(SweepSummary.span(s.p50Nanos)) | "
                + "\(SweepSummary.span(s.p90Nanos)) | \(SweepSummary.span(s.maxNanos)) |\n"
        }
        out += "\n## Failing seeds\n\n"
        if failing.isEmpty { out += "None.\n" } else {
            out += "| seed | failed checks | reproduce |\n|---:|---|---|\n"
            for r in failing {
                let failed = r.checks.filter { !$0.met }.map(\.name)
                let shown = failed.prefix(3).joined(separator: "; ") + (failed.count > 3 ? "; and \(failed.count - 3) more" : "")
                out += "| \(r.seed) | \(shown) | \(SweepSummary.codeCell(r.command)) |\n"
            }
        }
        return out
    }

    /// `text` as code in a Markdown table cell: a `|` escaped so the row keeps its cells, and
    /// fenced with more backticks than any run of them inside.
    static func codeCell(_ text: String) -> String {
        var longest = 0, run = 0
        for c in text { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = longest > 0 ? " \(text) " : text
        return fence + padded.replacingOccurrences(of: "|", with: "\\|") + fence
    }

    /// `summary.json`.
    public var json: JSONValue {
        func d(_ n: Int64?) -> JSONValue { n.map { .int($0) } ?? .null }
        return .object([
            ("schema", .string("firedrill.sweep/1")),
            ("scenario", .string(scenario)),
            ("layout", layout.map(JSONValue.string) ?? .null),
            ("seeds", .int(seeds)),
            ("passed", .int(passed)),
            ("pass_rate", .fixed(seeds == 0 ? 0 : Double(passed) / Double(seeds), digits: 4)),
            ("worst", .array(worst.map { w in
                .object([("check", .string(w.check)), ("failed_seeds", .int(w.failedSeeds)),
                         ("seeds", .array(w.seeds.map { .object([("seed", .int(Int64($0.seed))), ("value", .string($0.value)), ("met", .bool($0.met))]) }))])
            })),
            ("rto", .array(zip(rto, rpoMax).map { s, rpo in
                .object([("fault", .string(s.name)), ("seeds", .int(s.count)), ("not_recovered", .int(s.missing)),
                         ("min_ns", d(s.minNanos)), ("p50_ns", d(s.p50Nanos)), ("p90_ns", d(s.p90Nanos)), ("p99_ns", d(s.p99Nanos)),
                         ("max_ns", d(s.maxNanos)), ("max_rpo_orders", .int(rpo.orders)), ("max_rpo_seed", .int(Int64(rpo.seed)))])
            })),
            ("p99", .array(p99.map { s in
                .object([("row", .string(s.name)), ("min_ns", d(s.minNanos)), ("p50_ns", d(s.p50Nanos)), ("p90_ns", d(s.p90Nanos)),
                         ("max_ns", d(s.maxNanos))])
            })),
            ("failing", .array(failing.map { r in
                .object([("seed", .int(Int64(r.seed))), ("failed", .array(r.checks.filter { !$0.met }.map { .string($0.name) })),
                         ("command", .string(r.command))])
            })),
        ])
    }

    /// Reads every record under `directories` and writes `summary.md`, `summary.json` and the
    /// records themselves to `out`.
    public static func merge(_ directories: [String], into out: OutputFolder, boundary: FileBoundary = .workingDirectory) throws(HarnessError) -> SweepSummary {
        let records = try Sweep.records(in: directories, boundary: boundary)
        guard !records.isEmpty else {
            throw .input("\(directories.joined(separator: ", ")): no seed records in \(Sweep.recordsFolder)/ (every folder named holds an empty shard)")
        }
        // Every record is read before any is written, so --out may be one of the folders merged.
        for r in records { try Sweep.write(r, to: out) }
        let summary = SweepSummary(records)
        do {
            try out.write("summary.md", Array(summary.markdown.utf8))
            try out.write("summary.json", Array((summary.json.text() + "\n").utf8))
        } catch {
            throw .input(error.description)
        }
        return summary
    }
}
