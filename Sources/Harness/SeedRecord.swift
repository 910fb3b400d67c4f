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
    /// The largest time in nanoseconds a record may hold (two days).
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
        let root = try RecordFields(parsing: text, file: file, what: "a seed record")
        guard root.has("schema"), try root.string("schema") == SeedRecord.schema else { throw root.bad("schema is not \(SeedRecord.schema)") }
        scenario = try root.string("scenario")
        layout = try root.optionalString("layout")
        inputs = []
        for i in try root.list("inputs") { inputs.append(InputFile(path: try i.string("path"), sha256: try i.string("sha256"))) }
        firedrill = try root.string("firedrill")
        seed = UInt64(try root.int("seed", in: 0...Int64.max))
        passed = try root.string("verdict") == "pass"
        digest = try root.string("digest")
        checks = []
        for c in try root.list("checks") {
            var ratio = c.double("ratio")
            if ratio == nil, c.fields["ratio"] as? String == "inf" { ratio = .infinity }
            checks.append(Check(name: try c.string("name"), met: try c.bool("met"), value: try c.string("value"),
                                limit: try c.string("limit"), ratio: ratio))
        }
        faults = []
        for f in try root.list("faults") {
            faults.append(Fault(name: try f.string("name"), rtoNanos: try f.optionalInt("rto_ns", in: 0...SeedRecord.maxNanos),
                                rpoOrders: Int(try f.int("rpo_orders", in: 0...Int64(Int32.max)))))
        }
        latency = []
        for l in try root.list("latency") {
            latency.append(Latency(row: try l.string("row"), p99Nanos: try l.int("p99_ns", in: 0...SeedRecord.maxNanos), met: try l.bool("met")))
        }
    }
}
