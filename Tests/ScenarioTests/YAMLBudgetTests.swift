import Boundary
import Foundation
import Kernel
@testable import Scenario
import Testing
import Yams

/// A YAML input from a stranger's pull request is measured before it is built: nested aliases,
/// alias amplification, deep nesting, explicit tags, devices and oversized files are refused
/// with a located error that quotes nothing of the input.
@Suite struct YAMLBudgetTests {
    func problem(_ text: String, budget: YAMLBudget = .standard) -> ScenarioError? {
        do { try budget.check(text, file: "x.yaml"); return nil } catch { return error }
    }

    /// Ten lists, each ten aliases of the one before: 10⁸ nodes once expanded, in 500 bytes.
    static func nestedAliases(asKey: Bool) -> String {
        var text = "x0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for k in 1...8 { text += "x\(k): &l\(k) [" + Array(repeating: "*l\(k - 1)", count: 10).joined(separator: ", ") + "]\n" }
        text += asKey ? "bomb: {? *l8 : 1}\n" : "bomb: *l8\n"
        return text
    }

    @Test func anAliasBombIsRefusedAtOnceWhereItIs() throws {
        let clock = ContinuousClock()
        let start = clock.now
        for asKey in [true, false] {
            // x5 alone expands to 1,111,111 nodes: refused on its line, long before the bomb.
            let e = try #require(problem(Self.nestedAliases(asKey: asKey)))
            #expect(e.line == 6 && e.message.contains("more than 200000 nodes"), "\(e)")
            #expect(throws: ScenarioError.self) { try YAMLFile.root(Self.nestedAliases(asKey: asKey), file: "x.yaml", emptyHint: "") }
        }
        #expect(clock.now - start < .seconds(1))
        // However small, a collection is never a key: comparing such keys is what hangs a duplicate check.
        let key = try #require(problem("a: &a [1, 2]\nb: {? *a : 1}\n"))
        #expect(key.line == 2 && key.message.contains("used as a mapping key"), "\(key)")
        #expect(problem("a: &a x\nb: {*a : 1}\n") == nil, "an alias to a scalar is a plain key")
    }

    @Test func deepNestingAndTagsAreRefused() throws {
        let deep = try #require(problem("a: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
        #expect(deep.line == 1 && deep.column == 67 && deep.message.contains("deeper than 64"), "\(deep)")
        for text in ["a: !python/object:os.system [ls]", "a: !!binary aGVsbG8=", "a: !custom {b: 1}"] {
            let tag = try #require(problem(text), "\(text)")
            #expect(tag.line == 1 && tag.column == 4 && tag.message.contains("tags"), "\(tag)")
        }
        #expect(problem("a: !!str 1") != nil)
        #expect(problem("a: '!not a tag'\nb: \"*not an alias\"") == nil)
    }

    @Test func anEnvironmentReadAsYAMLIsNeverEchoed() throws {
        // What /proc/self/environ holds: NUL-separated variables.
        let environ = "HOME=/root\0CI_TOKEN=ghp_s3cr3tvalue0123456789abcdef\0PATH=/usr/bin\0"
        let e = try #require(problem(environ))
        #expect(e.line == 1 && e.column == 11 && e.message == "invalid YAML: control characters are not allowed", "\(e)")
        #expect(!e.description.contains("s3cr3t") && !e.description.contains("HOME"))
        let viaReader = try #require(throws: ScenarioError.self) { try YAMLFile.root(environ, file: "x.yaml", emptyHint: "") }
        #expect(!viaReader.description.contains("s3cr3t"))
    }

    @Test func aDuplicateKeyIsQuotedShortAndEscaped() throws {
        let key = "token_" + String(repeating: "9f8e7d6c", count: 8)
        let e = try #require(throws: ScenarioError.self) { try YAMLFile.root("\(key): 1\n\(key): 2\n", file: "x.yaml", emptyHint: "") }
        #expect(e.message.contains("token_9f8e7") && !e.message.contains(key) && e.message.contains("(70 characters)"), "\(e)")
        #expect(Excerpt.of("a\u{1b}[2Jb") == "a\\u{1b}[2Jb")
        #expect(Excerpt.of("short") == "short")
    }

    @Test func devicesFIFOsFoldersAndOversizedFilesAreRefusedBeforeReading() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-budget-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, expected) in [(fifo, "not a regular file"), ("/dev/zero", "which FireDrill never reads"), (dir.path, "is a folder"),
                                 (dir.appendingPathComponent("none.yaml").path, "does not exist")] {
            let e = try #require(throws: ScenarioError.self) { try YAMLFile.text(path, from: .commandLine, in: .workingDirectory) }
            #expect(e.file == path && e.message.contains(expected), "\(e)")
        }
        let big = dir.appendingPathComponent("big.yaml")
        try Data(repeating: 0x20, count: 5 << 20).write(to: big)
        let e = try #require(throws: ScenarioError.self) { try YAMLFile.text(big.path, from: .commandLine, in: .workingDirectory) }
        #expect(e.message.contains("5242880 bytes") && e.message.contains("at most 4194304"), "\(e)")
    }

    @Test func everyShippedFileIsWellWithinTheBudget() throws {
        var files: [URL] = []
        for folder in ["Scenarios", "Scenarios/scale", "Scenarios/layouts", "Faults", "Faults/policies"] {
            let dir = packageRoot.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where name.hasSuffix(".yaml") {
                files.append(dir.appendingPathComponent(name))
            }
        }
        #expect(files.count > 40)
        let tight = YAMLBudget(maxBytes: 64 << 10, maxNodes: 5_000, maxDepth: 8)
        for file in files {
            #expect(problem(try String(contentsOf: file, encoding: .utf8), budget: tight) == nil, "\(file.lastPathComponent)")
        }
    }

    /// The expanded count against a slow obvious reference: compose with Yams (aliases become
    /// shared nodes) and count the tree recursively, on random documents full of anchors and aliases.
    @Test func theExpandedCountMatchesAComposedTree() throws {
        var random = Xoshiro256StarStar(seed: 17)
        for round in 0..<300 {
            let text = Self.randomDocument(&random)
            let node = try #require(try Yams.compose(yaml: text), "\(text)")
            let nodes = Self.count(node)
            #expect(problem(text, budget: YAMLBudget(maxNodes: nodes)) == nil, "round \(round): \(nodes) nodes: \(text)")
            let over = try #require(problem(text, budget: YAMLBudget(maxNodes: nodes - 1)), "round \(round): \(text)")
            #expect(over.message.contains("more than \(nodes - 1) nodes"))
        }
    }

    static func count(_ node: Node) -> Int {
        switch node {
        case .scalar, .alias: return 1
        case let .sequence(s): return 1 + s.reduce(0) { $0 + count($1) }
        case let .mapping(m): return 1 + m.reduce(0) { $0 + count($1.key) + count($1.value) }
        }
    }

    /// A flow-style mapping of scalars, sequences, mappings, anchors and aliases to finished anchors.
    static func randomDocument(_ random: inout Xoshiro256StarStar) -> String {
        var anchors: [String] = []
        var next = 0
        func value(_ depth: Int) -> String {
            let pick = random.next(below: depth > 3 ? 2 : 6)
            switch pick {
            case 0: return "v\(random.next(below: 100))"
            case 1 where !anchors.isEmpty: return "*" + anchors[Int(random.next(below: UInt64(anchors.count)))]
            case 1: return "w"
            default:
                let anchor = random.next(below: 2) == 0 ? nil : "a\(next)"
                if anchor != nil { next += 1 }
                let n = Int(random.next(below: 4))
                let body = pick % 2 == 0
                    ? "[" + (0..<n).map { _ in value(depth + 1) }.joined(separator: ", ") + "]"
                    : "{" + (0..<n).map { k in "k\(k): " + value(depth + 1) }.joined(separator: ", ") + "}"
                if let anchor { anchors.append(anchor); return "&\(anchor) " + body }
                return body
            }
        }
        return "{" + (0..<1 + Int(random.next(below: 5))).map { k in "r\(k): " + value(0) }.joined(separator: ", ") + "}"
    }
}
