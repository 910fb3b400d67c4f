import Foundation
import Testing

/// `firedrill run` end to end, each run in its own process (Swift seeds its hasher per process,
/// so a digest that leaned on hash order would differ here).
@Suite struct RunCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shortDay = root.appendingPathComponent("Scenarios/short-day.yaml").path

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("firedrill-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func result(_ dir: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.appendingPathComponent("result.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("two firedrill run processes with the same seed write the same digest; another seed another")
    func digestMatchesAcrossProcesses() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var digests: [String] = []
        for (k, seed) in ["3", "3", "4"].enumerated() {
            let out = dir.appendingPathComponent("run\(k)")
            let run = try FireDrillProcess.run(["run", RunCommandTests.shortDay, "--seed", seed, "--out", out.path, "--quiet"])
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
            let json = try result(out)
            #expect(json["schema"] as? String == "firedrill.result/1")
            #expect(json["verdict"] as? String == "pass")
            #expect(json["seed"] as? Int == Int(seed))
            digests.append(try #require(json["digest"] as? String))
            // The report's required fields are there.
            let orders = try #require(json["orders"] as? [String: Any])
            for key in ["sent", "filled", "partly_filled", "cancelled", "rejected", "lost", "duplicated"] { #expect(orders[key] != nil, "orders.\(key)") }
            let rows = try #require(json["latency"] as? [[String: Any]])
            #expect(!rows.isEmpty)
            for key in ["client_class", "business", "system", "count", "p50_ns", "p99_ns", "p999_ns", "max_ns", "target_ns", "met"] {
                #expect(rows.allSatisfy { $0[key] != nil }, "latency.\(key)")
            }
            let invariants = try #require(json["invariants"] as? [[String: Any]])
            #expect(invariants.count >= 5 && invariants.allSatisfy { $0["held"] as? Bool == true })
            #expect(json["wall_seconds"] != nil)
            #expect(json["policy"] as? String == "csrc-2012")
            #expect((json["incidents"] as? [Any])?.isEmpty == true, "a healthy day has no incidents")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.md").path))
            #expect(run.stdout.contains("PASS"))
        }
        #expect(digests[0] == digests[1])
        #expect(digests[0] != digests[2])
    }

    @Test("faults in a scenario: two processes, one digest, and result.json lists them")
    func faultsStayDeterministicAcrossProcesses() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try String(contentsOfFile: RunCommandTests.shortDay, encoding: .utf8)
        let file = dir.appendingPathComponent("faulty.yaml")
        try (base + """

            faults:
              - { name: sz-sh-loss, kind: link_loss, between: [shenzhen, shanghai], start: "09:31:00", duration: 3m, probability: 0.01 }
              - { name: fast-crash, kind: host_crash, target: fast-shanghai-1, start: "09:40:00", duration: 30s }
              - { name: normal-cpu, kind: cpu_load, target: normal-shenzhen-2, start: "09:35:00", duration: 5m, factor: 3 }

            """).write(to: file, atomically: true, encoding: .utf8)
        var digests: [String] = []
        for k in 0..<2 {
            let out = dir.appendingPathComponent("run\(k)")
            let run = try FireDrillProcess.run(["run", file.path, "--out", out.path, "--quiet"])
            #expect(run.status == 1, "lost orders fail the run: \(run.stdout)\n\(run.stderr)")
            let json = try result(out)
            digests.append(try #require(json["digest"] as? String))
            let faults = try #require(json["faults"] as? [[String: Any]])
            #expect(faults.map { $0["name"] as? String } == ["sz-sh-loss", "fast-crash", "normal-cpu"])
            #expect(faults[1]["start"] as? String == "09:40:00.000" && faults[1]["end"] as? String == "09:40:30.000")
            #expect(faults[1]["target"] as? String == "fast-shanghai-1")
            // The crashed fast instance serves some of class II in Shanghai: the quants' counters were partly down.
            let outages = try #require(json["outages"] as? [[String: Any]])
            let centralized = try #require(outages.first { $0["system"] as? String == "centralized_trading" })
            #expect((centralized["any_ns"] as? Int ?? 0) > 0)
        }
        #expect(digests[0] == digests[1])
    }

    @Test("a malformed scenario exits 2 with file:line:column and the field")
    func malformedScenarioExitsTwo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try "name: bad\ntiers:\n  fast:\n    concurrency: lots\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try FireDrillProcess.run(["run", file.path, "--out", dir.appendingPathComponent("out").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:4:18: tiers.fast.concurrency: expected a whole number"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path), "nothing invalid starts a run")

        let missing = try FireDrillProcess.run(["run", dir.appendingPathComponent("none.yaml").path])
        #expect(missing.status == 2 && missing.stderr.contains("none.yaml"))
    }

    @Test("a starved tier breaks its SLA: exit 1, verdict fail, the report still written")
    func breachedSLAExitsOne() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try String(contentsOfFile: RunCommandTests.shortDay, encoding: .utf8)
        let file = dir.appendingPathComponent("starved.yaml")
        try (base.replacingOccurrences(of: "name: short-day", with: "name: starved")
            + "\ntiers:\n  extreme: {}\n  fast: {}\n  normal: { instances: { shenzhen: 1 }, concurrency: 1, service_fixed: \"250ms\" }\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let run = try FireDrillProcess.run(["run", file.path, "--out", out.path, "--quiet"])
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        let json = try result(out)
        #expect(json["verdict"] as? String == "fail")
        let rows = try #require(json["latency"] as? [[String: Any]])
        #expect(rows.contains { $0["system"] as? String == "normal" && $0["met"] as? Bool == false })
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("FAIL") && report.contains("SLA missed"))
    }
}
