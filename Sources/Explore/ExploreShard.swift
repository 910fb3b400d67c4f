import Boundary
import Chaos
import Harness
import Kernel
import Reports

/// One shard of an exploration, as `explore --shard K/N` writes it (`explore-shard.json`) and
/// `merge` reads it back: what was explored (scenario, layout, the SHA-256 of every input file,
/// the options), the shard's runs with their outcomes, and the shrinks it made. Plans are kept as
/// their choices; `merge` decodes them on the stack it builds from the same files.
public struct ExploreShard: Sendable {
    public static let schema = "firedrill.explore-shard/1"
    public static let file = "explore-shard.json"
    /// A shard file's budget in bytes, checked before it is read (about 100,000 runs; parsing
    /// one takes some ten times its size in memory).
    public static let maxBytes = 64 << 20
    /// The most runs (and shrinks) a shard file may list.
    static let maxRuns = 1_000_000
    /// The most choices a plan may have (20 faults of a dozen choices each, with room).
    static let maxChoices = 1024

    public var scenario: String
    public var layout: String?
    public var inputs: [InputFile]
    public var firedrill: String
    /// The exploration's options: shards merge only when these are equal.
    public var options: ExploreOptions
    /// Each run's budget (`--max-events`, `--max-memory`, …): it decides what a run gives, so
    /// shards merge only when theirs are equal, and the merge builds the stack with it.
    public var budget: RunBudget
    public var index: Int
    public var count: Int
    public var baselineDigest: String
    var runs: [RunRecord]
    var shrunk: [ShrunkRecord]

    struct RunRecord: Sendable {
        var key: RunKey
        var stage: ExploreOptions.Stage
        var origin: String
        var choices: ChoiceSequence
        var outcome: RunOutcome?
        var error: String?
        var firstReached: [String]
    }

    struct ShrunkRecord: Sendable {
        var signature: Signature
        var first: RunKey
        var choices: ChoiceSequence
        var outcome: RunOutcome
        var runs: Int
    }

    public init(campaign: Campaign, index: Int, count: Int, runs: [ExploredRun], shrunk: [Shrunk]) {
        scenario = campaign.prepared.scenario
        layout = campaign.prepared.layout?.path
        inputs = campaign.prepared.inputs
        firedrill = ToolVersion.current
        options = campaign.options
        budget = campaign.prepared.budget
        self.index = index
        self.count = count
        baselineDigest = campaign.baseline.run.digest
        self.runs = runs.map {
            RunRecord(key: $0.key, stage: $0.stage, origin: $0.origin, choices: $0.plan.choices, outcome: $0.outcome, error: $0.error,
                      firstReached: $0.firstReached)
        }
        self.shrunk = shrunk.map { ShrunkRecord(signature: $0.signature, first: $0.first, choices: $0.minimal.choices, outcome: $0.outcome, runs: $0.runs) }
    }

    /// Everything that decides what an exploration runs.
    public static func options(_ o: ExploreOptions) -> JSONValue {
        .object([
            ("seed", .int(Int64(o.seed))),
            ("runs", o.wallSeconds == nil ? .int(o.runs) : .null),
            ("stages", .array(o.stages.map { .string($0.rawValue) })),
            ("max_faults", .int(o.maxFaults)),
            ("threshold", .string(o.threshold)),
            ("kinds", o.kinds.map { .array($0.map { .string($0.rawValue) }) } ?? .null),
            ("moments", o.moments.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("shrink_runs", .int(o.shrinkRuns)),
            ("lanes", .int(o.lanes)),
        ])
    }

    public var json: JSONValue {
        .object([
            ("schema", .string(ExploreShard.schema)),
            ("scenario", .string(scenario)),
            ("layout", layout.map(JSONValue.string) ?? .null),
            ("inputs", .array(inputs.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) })),
            ("firedrill", .string(firedrill)),
            ("options", ExploreShard.options(options)),
            ("budget", ExploreShard.budget(budget)),
            ("shard", .int(index)),
            ("shards", .int(count)),
            ("baseline_digest", .string(baselineDigest)),
            ("runs", .array(runs.map { r in
                var fields: [(String, JSONValue)] = [
                    ("part", .string(r.key.part.word)), ("order", .int(r.key.order)), ("stage", .string(r.stage.rawValue)),
                    ("origin", .string(r.origin)), ("choices", .array(r.choices.values.map { .int(Int64($0)) })),
                    ("reached_first", .array(r.firstReached.map(JSONValue.string))),
                ]
                if let error = r.error { fields.append(("error", .string(error))) }
                if let o = r.outcome { fields.append(("outcome", ExploreShard.outcome(o))) }
                return .object(fields)
            })),
            ("shrunk", .array(shrunk.map { s in
                .object([
                    ("class", .string(s.signature.failure.word)), ("subject", .string(s.signature.subject)),
                    ("families", .array(s.signature.families.map(JSONValue.string))),
                    ("part", .string(s.first.part.word)), ("order", .int(s.first.order)),
                    ("choices", .array(s.choices.values.map { .int(Int64($0)) })),
                    ("runs", .int(s.runs)), ("outcome", ExploreShard.outcome(s.outcome)),
                ])
            })),
        ])
    }

    static func outcome(_ o: RunOutcome) -> JSONValue {
        .object([
            ("digest", .string(o.digest)),
            ("invariants", .array(o.invariants.map(JSONValue.string))),
            ("expected_breaks", .array(o.expectedBreaks.map(JSONValue.string))),
            ("incidents", .array(o.incidents.map(JSONValue.string))),
            ("worst_grade", o.worstGrade.map(JSONValue.string) ?? .null),
            ("slas", .array(o.slas.map { .object([("subject", .string($0.subject)), ("name", .string($0.name))]) })),
            ("rpo_orders", .int(o.rpoOrders)),
            ("rto_ns", o.rtoNanos.map { JSONValue.int($0) } ?? .null),
            ("reached", .array(o.reached.map(JSONValue.string))),
            ("detail", .string(o.detail)),
        ])
    }

    /// Reads a shard file written by `json`; `file` names it in errors.
    public init(parsing text: String, file: String) throws(HarnessError) {
        let root = try RecordFields(parsing: text, file: file, what: "an exploration shard")
        guard root.has("schema"), try root.string("schema") == ExploreShard.schema else { throw root.bad("schema is not \(ExploreShard.schema)") }
        scenario = try root.string("scenario")
        layout = try root.optionalString("layout")
        inputs = []
        for i in try root.list("inputs") { inputs.append(InputFile(path: try i.string("path"), sha256: try i.string("sha256"))) }
        firedrill = try root.string("firedrill")
        options = try ExploreShard.options(try root.object("options"))
        budget = try ExploreShard.budget(try root.object("budget"))
        index = Int(try root.int("shard", in: 1...1024))
        count = Int(try root.int("shards", in: Int64(index)...1024))
        baselineDigest = try root.string("baseline_digest")
        runs = []
        for r in try root.list("runs", atMost: ExploreShard.maxRuns) {
            let stageWord = try r.string("stage")
            guard let stage = ExploreOptions.Stage(rawValue: stageWord) else { throw r.bad("stage \"\(Excerpt.of(stageWord))\" is not a stage") }
            runs.append(RunRecord(key: try ExploreShard.key(r), stage: stage, origin: try r.string("origin"), choices: try ExploreShard.choices(r),
                                  outcome: r.has("outcome") ? try ExploreShard.outcome(try r.object("outcome")) : nil,
                                  error: try r.optionalString("error"), firstReached: try r.strings("reached_first")))
        }
        shrunk = []
        for s in try root.list("shrunk", atMost: ExploreShard.maxRuns) {
            let word = try s.string("class")
            guard let failure = FailureClass.allCases.first(where: { $0.word == word }) else { throw s.bad("class \"\(Excerpt.of(word))\" is not a class") }
            shrunk.append(ShrunkRecord(signature: Signature(failure: failure, subject: try s.string("subject"), families: try s.strings("families")),
                                       first: try ExploreShard.key(s), choices: try ExploreShard.choices(s),
                                       outcome: try ExploreShard.outcome(try s.object("outcome")), runs: Int(try s.int("runs", in: 0...1_000_000))))
        }
    }

    /// The options as `options(_:)` wrote them, each field checked.
    static func options(_ r: RecordFields) throws(HarnessError) -> ExploreOptions {
        var o = ExploreOptions()
        o.seed = UInt64(try r.int("seed", in: 0...Int64.max))
        if let runs = try r.optionalInt("runs", in: 1...10_000_000) { o.runs = Int(runs) } else {
            // A wall-clock budget: how long does not matter once the runs are made.
            o.runs = Int.max / 4
            o.wallSeconds = 0
        }
        o.stages = []
        for word in try r.strings("stages") {
            guard let stage = ExploreOptions.Stage(rawValue: word), !o.stages.contains(stage) else {
                throw r.bad("options.stages: \"\(Excerpt.of(word))\" is not a stage, or is given twice")
            }
            o.stages.append(stage)
        }
        o.maxFaults = Int(try r.int("max_faults", in: 1...20))
        o.threshold = try r.string("threshold")
        if r.has("kinds") {
            var kinds: [FaultKind] = []
            for word in try r.strings("kinds") {
                guard let kind = FaultKind(rawValue: word), !kinds.contains(kind) else {
                    throw r.bad("options.kinds: \"\(Excerpt.of(word))\" is not a fault kind, or is given twice")
                }
                kinds.append(kind)
            }
            o.kinds = kinds
        }
        if r.has("moments") { o.moments = try r.strings("moments") }
        guard o.stages.count >= 1 && o.stages == ExploreOptions.Stage.allCases.filter(o.stages.contains) else {
            throw r.bad("options.stages: expected one or more of contingency, swarm, coverage, in that order")
        }
        o.shrinkRuns = Int(try r.int("shrink_runs", in: 0...100_000))
        o.lanes = Int(try r.int("lanes", in: 1...256))
        return o
    }

    public static func budget(_ b: RunBudget) -> JSONValue {
        .object([
            ("max_clients", .int(b.maxClients)), ("max_orders_per_day", .int(b.maxOrdersPerDay)), ("max_symbols", .int(b.maxSymbols)),
            ("max_faults", .int(b.maxFaults)), ("max_hosts", .int(b.maxHosts)), ("max_events", .int(Int64(min(b.maxEvents, UInt64(Int64.max))))),
            ("max_memory_bytes", .int(b.maxMemoryBytes)), ("max_wall_ms", b.maxWallSeconds.map { .int(Int64(($0 * 1000).rounded())) } ?? .null),
        ])
    }

    static func budget(_ r: RecordFields) throws(HarnessError) -> RunBudget {
        var b = RunBudget()
        let count: ClosedRange<Int64> = 1...Int64(Int32.max)
        b.maxClients = Int(try r.int("max_clients", in: count))
        b.maxOrdersPerDay = Int(try r.int("max_orders_per_day", in: count))
        b.maxSymbols = Int(try r.int("max_symbols", in: count))
        b.maxFaults = Int(try r.int("max_faults", in: count))
        b.maxHosts = Int(try r.int("max_hosts", in: count))
        b.maxEvents = UInt64(try r.int("max_events", in: 0...Int64.max))
        b.maxMemoryBytes = try r.int("max_memory_bytes", in: 1...Int64.max)
        b.maxWallSeconds = try r.optionalInt("max_wall_ms", in: 1...Int64(Int32.max)).map { Double($0) / 1000 }
        return b
    }

    static func key(_ r: RecordFields) throws(HarnessError) -> RunKey {
        let word = try r.string("part")
        guard let part = RunKey.Part.allCases.first(where: { $0.word == word }) else { throw r.bad("part \"\(Excerpt.of(word))\" is not n-1, n-2 or swarm") }
        return RunKey(part: part, order: Int(try r.int("order", in: 0...Int64(Int32.max))))
    }

    static func choices(_ r: RecordFields) throws(HarnessError) -> ChoiceSequence {
        ChoiceSequence(try r.ints("choices", in: 0...Int64(UInt32.max), atMost: maxChoices).map { UInt32($0) })
    }

    static func outcome(_ o: RecordFields) throws(HarnessError) -> RunOutcome {
        var slas: [(subject: String, name: String)] = []
        for s in try o.list("slas") { slas.append((try s.string("subject"), try s.string("name"))) }
        return RunOutcome(digest: try o.string("digest"), invariants: try o.strings("invariants"), expectedBreaks: try o.strings("expected_breaks"),
                          incidents: try o.strings("incidents"), worstGrade: try o.optionalString("worst_grade"), slas: slas,
                          rpoOrders: Int(try o.int("rpo_orders", in: 0...Int64(Int32.max))),
                          rtoNanos: try o.optionalInt("rto_ns", in: 0...Int64.max), reached: try o.strings("reached"), detail: try o.string("detail"))
    }

    /// The shard's runs and shrinks, their plans decoded on `campaign`'s stack. A plan whose
    /// choices do not decode back to themselves was not written by this exploration.
    public func decoded(on campaign: Campaign, file: String) throws(HarnessError) -> (runs: [ExploredRun], shrunk: [Shrunk]) {
        let menu = campaign.menu, maxFaults = campaign.options.maxFaults
        func plan(_ choices: ChoiceSequence, _ what: String) throws(HarnessError) -> GeneratedPlan {
            let plan = GeneratedPlan.replay(choices, menu: menu, maxFaults: maxFaults)
            guard plan.choices == choices else {
                throw .input("\(file): the choices of \(what) do not decode to a plan of this stack (is the shard of another scenario or version?)")
            }
            return plan
        }
        // Every run and shrink is of one of this shard's lanes, once; each shrink is of one of its runs.
        let lanes = campaign.options.lanes
        var keys = Set<RunKey>()
        for r in runs {
            guard (r.key.order % lanes) % count == index - 1, keys.insert(r.key).inserted else {
                throw .input("\(file): run \(r.key) is not of shard \(index)/\(count)'s lanes, or is listed twice")
            }
        }
        var shrunkFirsts = Set<RunKey>()
        for s in shrunk where !keys.contains(s.first) || !shrunkFirsts.insert(s.first).inserted {
            throw .input("\(file): a shrink of run \(s.first), which is not one of this shard's runs, or shrunk twice")
        }
        var out: [ExploredRun] = []
        for r in runs {
            let p = try plan(r.choices, "run \(r.key)")
            var run = ExploredRun(index: 0, key: r.key, stage: r.stage, origin: r.origin, plan: p, outcome: r.outcome, error: r.error,
                                  signature: r.outcome?.signature(families: p.families(in: menu)))
            run.firstReached = r.firstReached
            out.append(run)
        }
        var shrinks: [Shrunk] = []
        for s in shrunk {
            shrinks.append(Shrunk(signature: s.signature, first: s.first, minimal: try plan(s.choices, "the shrink of run \(s.first)"),
                                  outcome: s.outcome, runs: s.runs))
        }
        return (out, shrinks)
    }
}
