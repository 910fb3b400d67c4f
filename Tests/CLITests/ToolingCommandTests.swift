import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// sweep/merge, record/verify, validate and run --junit end to end, each in its own process.
@Suite struct ToolingCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tinyDay = root.appendingPathComponent("Tests/Fixtures/Scenarios/tiny-day.yaml").path

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("firedrill-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file under `dir`, relative path → bytes.
    func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = dir.path.hasSuffix("/") ? dir.path : dir.path + "/"
        for case let path as String in FileManager.default.enumerator(atPath: dir.path)! {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: base + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { out[path] = try Data(contentsOf: URL(fileURLWithPath: base + path)) }
        }
        return out
    }

    @Test("three shards of a sweep, merged, equal the unsharded sweep byte for byte")
    func shardsMergedEqualTheWholeSweep() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole").path
        let run = try FireDrillProcess.run(["sweep", ToolingCommandTests.tinyDay, "--seeds", "1-5", "--jobs", "2", "--out", whole, "--quiet"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("5 of 5 seeds passed"))
        var shards: [String] = []
        for k in 1...3 {
            let out = dir.appendingPathComponent("shard-\(k)").path
            let shard = try FireDrillProcess.run(["sweep", ToolingCommandTests.tinyDay, "--seeds", "1-5", "--shard", "\(k)/3", "--jobs", "1",
                                                  "--out", out, "--quiet"])
            #expect(shard.status == 0, "\(shard.stderr)")
            shards.append(out)
        }
        // Shard k runs every third seed from the k-th: 1,4 · 2,5 · 3.
        #expect(try files(URL(fileURLWithPath: shards[0])).keys.filter { $0.hasPrefix("seeds/") }.sorted() == ["seeds/1.json", "seeds/4.json"])
        let merged = dir.appendingPathComponent("merged").path
        let merge = try FireDrillProcess.run(["merge"] + shards + ["--out", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        let a = try files(URL(fileURLWithPath: whole)), b = try files(URL(fileURLWithPath: merged))
        #expect(a.keys.sorted() == ["seeds/1.json", "seeds/2.json", "seeds/3.json", "seeds/4.json", "seeds/5.json", "summary.json", "summary.md"])
        #expect(a == b)
        // The summary says where each seed stands and how to reproduce one.
        let summary = String(decoding: a["summary.md"]!, as: UTF8.self)
        #expect(summary.contains("**5 of 5 seeds passed (100.0 %).**"))
        // A seed found twice with different records is refused.
        let record = URL(fileURLWithPath: shards[1] + "/seeds/2.json")
        try String(decoding: try Data(contentsOf: record), as: UTF8.self).replacingOccurrences(of: "\"verdict\": \"pass\"", with: "\"verdict\": \"fail\"")
            .write(to: URL(fileURLWithPath: shards[0] + "/seeds/2.json"), atomically: true, encoding: .utf8)
        let clash = try FireDrillProcess.run(["merge"] + shards + ["--out", dir.appendingPathComponent("clash").path])
        #expect(clash.status == 2 && clash.stderr.contains("seed 2 differs between"))
    }

    @Test("a failing seed fails the sweep (exit 1) and the summary gives the command that reproduces it")
    func failingSeedsAreListedWithTheirCommand() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A 100 µs target for class III's A business (and for the normal tier that serves it)
        // cannot be met over the internet.
        let scenario = dir.appendingPathComponent("strict.yaml").path
        let text = try String(contentsOfFile: ToolingCommandTests.tinyDay, encoding: .utf8) + "sla:\n  classes:\n    III: { A: \"100us\" }\n  tiers: { normal: \"100us\" }\n"
        try text.write(toFile: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("sweep").path
        let run = try FireDrillProcess.run(["sweep", scenario, "--seeds", "7,9", "--jobs", "2", "--out", out, "--quiet"])
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("**0 of 2 seeds passed (0.0 %).**"))
        #expect(summary.contains("| 7 | latency III A1 normal p99"))
        #expect(summary.contains("`firedrill run \(scenario) --seed 9`"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any])
        #expect(json["passed"] as? Int == 0 && json["seeds"] as? Int == 2)
    }

    @Test("verify: a recorded tape verifies (exit 0); a tampered one names the event (exit 1); a broken one is invalid input (exit 2)")
    func verifyExitCodes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tape = dir.appendingPathComponent("tiny.tape").path
        let record = try FireDrillProcess.run(["record", ToolingCommandTests.tinyDay, "--seed", "2", "--tape", tape, "--block-events", "4096", "--quiet"])
        #expect(record.status == 0, "\(record.stderr)")
        let ok = try FireDrillProcess.run(["verify", tape, "--quiet"])
        #expect(ok.status == 0 && ok.stdout.contains("identical"), "\(ok.stdout)\n\(ok.stderr)")
        // Swap two event lines of the third block: the first of them is where the runs part.
        var lines = try String(contentsOfFile: tape, encoding: .utf8).components(separatedBy: "\n")
        let blockLine = try #require(lines.firstIndex { $0.hasPrefix("block 2 ") })
        let a = blockLine + 11, b = blockLine + 12
        #expect(lines[a].hasPrefix("  ") && lines[b].hasPrefix("  ") && lines[a] != lines[b])
        let (first, second) = (lines[a], lines[b])
        lines.swapAt(a, b)
        try lines.joined(separator: "\n").write(toFile: tape, atomically: true, encoding: .utf8)
        let tampered = try FireDrillProcess.run(["verify", tape, "--quiet"])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("DIVERGED at event \(2 * 4096 + 10) (block 2)"), "\(tampered.stdout)")
        #expect(tampered.stdout.contains("recorded  \(second.dropFirst(2))") && tampered.stdout.contains("now       \(first.dropFirst(2))"))
        try "format firedrill.tape/1\nseed x\n".write(toFile: tape, atomically: true, encoding: .utf8)
        let broken = try FireDrillProcess.run(["verify", tape])
        #expect(broken.status == 2 && broken.stderr.contains("tiny.tape:2: seed:"), "\(broken.stderr)")
    }

    @Test("validate reports every problem of every file, located, and exits 2; valid files exit 0")
    func validateReportsEveryProblem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.yaml").path
        try "name: bad\ntiers:\n  fast:\n    concurency: 4\nclients:\n  - class: IV\nsla:\n  percentile: 200\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let run = try FireDrillProcess.run(["validate", bad, ToolingCommandTests.tinyDay, dir.appendingPathComponent("missing.yaml").path])
        #expect(run.status == 2)
        #expect(run.stdout.contains("bad.yaml:4:5: tiers.fast: unknown key \"concurency\"; did you mean \"concurrency\"?"))
        #expect(run.stdout.contains("bad.yaml:6:12: clients[0].class:"))
        #expect(run.stdout.contains("bad.yaml:8:15: sla.percentile:"))
        #expect(run.stdout.contains("ok      \(ToolingCommandTests.tinyDay) (scenario)"))
        #expect(run.stdout.contains("missing.yaml: does not exist"))
        #expect(run.stderr.contains("4 problems in 3 files"))
        let good = try FireDrillProcess.run(["validate", ToolingCommandTests.root.appendingPathComponent("Scenarios/layouts/two-tier.yaml").path])
        #expect(good.status == 0, "\(good.stdout)")
    }

    @Test("run --junit writes the standard testsuites/testsuite/testcase/failure shape with counts that add up")
    func junitShape() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("strict.yaml").path
        let text = try String(contentsOfFile: ToolingCommandTests.tinyDay, encoding: .utf8) + "sla:\n  classes:\n    III: { A: \"100us\" }\n  tiers: { normal: \"100us\" }\n"
        try text.write(toFile: scenario, atomically: true, encoding: .utf8)
        let junit = dir.appendingPathComponent("junit.xml").path
        let run = try FireDrillProcess.run(["run", scenario, "--out", dir.appendingPathComponent("out").path, "--junit", junit, "--quiet"])
        #expect(run.status == 1)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        let document = try JUnitShape(xml)
        #expect(document.root == "testsuites")
        #expect(document.suites.count == 1)
        let suite = document.suites[0]
        #expect(suite.name == "tiny-day")
        #expect(suite.tests == suite.cases.count && suite.failures == suite.cases.filter { $0.failure != nil }.count)
        #expect(document.tests == suite.tests && document.failures == suite.failures)
        // 18 latency rows and 6 invariants; class III's two A rows (A1 and A2, on the normal tier) fail.
        #expect(suite.cases.count == 24)
        let failed = suite.cases.filter { $0.failure != nil }.map(\.name)
        #expect(failed == ["latency III A1 normal p99", "latency III A2 normal p99"])
        let message = try #require(suite.cases.first { $0.name == "latency III A1 normal p99" }?.failure)
        #expect(message.hasSuffix("against a limit of 100us"))
    }
}

/// The parts of a JUnit file CI systems read, parsed with Foundation's XML parser.
struct JUnitShape {
    struct Case { var name: String; var failure: String? }
    struct Suite { var name: String; var tests: Int; var failures: Int; var cases: [Case] }
    var root = ""
    var tests = 0
    var failures = 0
    var suites: [Suite] = []

    init() {}

    init(_ xml: String) throws {
        final class Delegate: NSObject, XMLParserDelegate {
            var shape = JUnitShape()
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                switch name {
                case "testsuites":
                    shape.root = name
                    shape.tests = Int(attributes["tests"] ?? "") ?? -1
                    shape.failures = Int(attributes["failures"] ?? "") ?? -1
                case "testsuite":
                    shape.suites.append(Suite(name: attributes["name"] ?? "", tests: Int(attributes["tests"] ?? "") ?? -1,
                                              failures: Int(attributes["failures"] ?? "") ?? -1, cases: []))
                case "testcase":
                    shape.suites[shape.suites.count - 1].cases.append(Case(name: attributes["name"] ?? "", failure: nil))
                case "failure":
                    let s = shape.suites.count - 1
                    shape.suites[s].cases[shape.suites[s].cases.count - 1].failure = attributes["message"] ?? ""
                default: break
                }
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let delegate = Delegate()
        parser.delegate = delegate
        guard parser.parse() else { throw CocoaError(.fileReadCorruptFile) }
        self = delegate.shape
    }
}
