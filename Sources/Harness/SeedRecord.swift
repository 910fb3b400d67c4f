import Boundary
import Foundation
import Kernel
import Reports
import Scoring

/// What one seed of a sweep gave: its verdict and digest, every check with its value and
/// limit, each fault's RTO and RPO and each latency row's p99 — enough to rank seeds and to
/// reproduce any of them. Nothing in it depends on the machine, so sweeps merge byte for byte.
public struct SeedRecord: Equatable, Sendable {
    public struct Check: Equatable, Sendable {
        public var name: String
        public var met: Bool
        public var value: String
        public var limit: String
        /// Value over limit where both are numbers (see `SLACheck.ratio`).
        public var ratio: Double?
    }

    public struct Fault: Equatable, Sendable {
        public var name: String
        public var rtoNanos: Int64?
        public var rpoOrders: Int
    }

    public struct Latency: Equatable, Sendable {
        /// `I A1 extreme`: class, business, tier.
        public var row: String
        public var p99Nanos: Int64
        public var met: Bool
    }

    public static let schema = "firedrill.seed/1"
    /// The longest string a record may hold, and the largest time in nanoseconds (two days).
    static let maxText = 4096
    static let maxNanos: Int64 = 2 * 86_400 * 1_000_000_000
    /// A record file's budget in bytes.
    public static let maxBytes = 4 << 20

    public var scenario: String
    public var layout: String?
    /// The SHA-256 of every input file, in order, so that shards of different scenarios never merge.
    public var inputs: [InputFile]
    public var firedrill: String
    public var seed: UInt64
    public var passed: Bool
    public var digest: String
    /// Every SLA check, then every invariant (as a check with no ratio).
    public var checks: [Check]
    public var faults: [Fault]
    public var latency: [Latency]

    public init(prepared: PreparedRun, report: RunReport) {
        scenario = prepared.scenario
        layout = prepared.layout?.path
        inputs = prepared.inputs
        firedrill = ToolVersion.current
        seed = prepared.config.seed
        passed = report.card.passed
        digest = report.run.digest
        checks = report.card.slas.map { Check(name: $0.name, met: $0.met, value: $0.value, limit: $0.limit, ratio: $0.ratio) }
            + report.card.invariants.map { Check(name: "invariant \($0.name)", met: $0.held, value: $0.held ? "held" : $0.detail, limit: "holds", ratio: nil) }
        faults = report.card.faults.map { Fault(name: $0.name, rtoNanos: $0.rtoNanos, rpoOrders: $0.rpoOrders) }
        latency = report.card.latency.map {
            Latency(row: "\($0.clientClass.name) \($0.business) \($0.system)", p99Nanos: $0.p99Nanos, met: $0.met)
        }
    }

    /// The command that runs this seed again, with its full report; each path shell-quoted
    /// (a record may come from a stranger's shard).
    public var command: String {
        ShellWord.line(["firedrill", "run", scenario, "--seed", String(seed)] + (layout.map { ["--layout", $0] } ?? []))
    }

    /// The record as canonical JSON (`seeds/<seed>.json`).
    public var json: JSONValue {
        .object([
            ("schema", .string(SeedRecord.schema)),
            ("scenario", .string(scenario)),
            ("layout", layout.map(JSONValue.string) ?? .null),
            ("inputs", .array(inputs.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) })),
            ("firedrill", .string(firedrill)),
            ("seed", .int(Int64(seed))),
            ("verdict", .string(passed ? "pass" : "fail")),
            ("digest", .string(digest)),
            ("checks", .array(checks.map {
                .object([("name", .string($0.name)), ("met", .bool($0.met)), ("value", .string($0.value)), ("limit", .string($0.limit)),
                         ("ratio", $0.ratio.map { $0.isFinite ? .fixed($0, digits: 6) : .string("inf") } ?? .null)])
            })),
            ("faults", .array(faults.map {
                .object([("name", .string($0.name)), ("rto_ns", $0.rtoNanos.map { .int($0) } ?? .null), ("rpo_orders", .int($0.rpoOrders))])
            })),
            ("latency", .array(latency.map {
                .object([("row", .string($0.row)), ("p99_ns", .int($0.p99Nanos)), ("met", .bool($0.met))])
            })),
        ])
    }

    /// Reads a record written by `json`; `file` names it in errors.
    public init(parsing text: String, file: String) throws(HarnessError) {
        func bad(_ what: String) -> HarnessError { .input("\(file): not a seed record (\(what))") }
        guard let data = text.data(using: .utf8),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw bad("not a JSON object") }
        guard root["schema"] as? String == SeedRecord.schema else { throw bad("schema is not \(SeedRecord.schema)") }
        // Every string is one line of plain text of a sane length: a record may come from a
        // stranger's shard, and its strings reach summary.md and the terminal.
        func string(_ o: [String: Any], _ key: String) throws(HarnessError) -> String {
            guard let s = o[key] as? String else { throw bad("\(key) missing") }
            guard s.unicodeScalars.count <= SeedRecord.maxText else { throw bad("\(key) has \(s.unicodeScalars.count) characters; at most \(SeedRecord.maxText)") }
            if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0.properties.generalCategory == .format }) {
                throw bad("\(key) \"\(Excerpt.of(s))\" holds control characters")
            }
            return s
        }
        // Integers are whole JSON numbers in the field's range: no fraction, no exponent beyond it.
        func int(_ o: [String: Any], _ key: String, in range: ClosedRange<Int64> = 0...SeedRecord.maxNanos) throws(HarnessError) -> Int64 {
            guard let n = o[key] as? NSNumber else { throw bad("\(key) missing") }
            // int64Value of 1e30 or 1.5 is not the number written: compare with the double.
            let v = n.int64Value
            guard Double(v) == n.doubleValue, range.contains(v) else {
                throw bad("\(key) must be a whole number in \(range.lowerBound)…\(range.upperBound)")
            }
            return v
        }
        func bool(_ o: [String: Any], _ key: String) throws(HarnessError) -> Bool {
            guard let n = o[key] as? Bool else { throw bad("\(key) missing") }
            return n
        }
        func list(_ key: String) throws(HarnessError) -> [[String: Any]] {
            guard let l = root[key] as? [[String: Any]] else { throw bad("\(key) missing") }
            return l
        }
        scenario = try string(root, "scenario")
        layout = root["layout"] == nil || root["layout"] is NSNull ? nil : try string(root, "layout")
        inputs = []
        for i in try list("inputs") { inputs.append(InputFile(path: try string(i, "path"), sha256: try string(i, "sha256"))) }
        firedrill = try string(root, "firedrill")
        seed = UInt64(try int(root, "seed", in: 0...Int64.max))
        passed = try string(root, "verdict") == "pass"
        digest = try string(root, "digest")
        checks = []
        for c in try list("checks") {
            var ratio: Double?
            if let r = c["ratio"] as? NSNumber { ratio = r.doubleValue } else if c["ratio"] as? String == "inf" { ratio = .infinity }
            checks.append(Check(name: try string(c, "name"), met: try bool(c, "met"), value: try string(c, "value"),
                                limit: try string(c, "limit"), ratio: ratio))
        }
        faults = []
        for f in try list("faults") {
            let rto = f["rto_ns"] == nil || f["rto_ns"] is NSNull ? nil : try int(f, "rto_ns")
            faults.append(Fault(name: try string(f, "name"), rtoNanos: rto, rpoOrders: Int(try int(f, "rpo_orders", in: 0...Int64(Int32.max)))))
        }
        latency = []
        for l in try list("latency") {
            latency.append(Latency(row: try string(l, "row"), p99Nanos: try int(l, "p99_ns"), met: try bool(l, "met")))
        }
    }
}
