import Chaos
import Dispatch
import Harness
import Kernel
import Reports
import Scoring
import Stack

/// One exploration run: the plan, how it was made, and what it did.
public struct ExploredRun: Sendable {
    public var index: Int
    public var stage: ExploreOptions.Stage
    /// `n-1` or `n-2` for contingency; `fresh` or the mutation that made a swarm plan.
    public var origin: String
    public var plan: GeneratedPlan
    public var outcome: RunOutcome?
    /// Why the plan could not run (a target the stack refuses, a budget spent).
    public var error: String?
    public var signature: Signature?
    /// Rare states this run reached first (in its lane).
    public var firstReached: [String] = []
}

/// A distinct way the stack broke: every run with the signature, and the smallest plan that
/// still shows it.
public struct Finding: Sendable {
    public var signature: Signature
    /// Exploration runs that broke the stack this way (before shrinking, their signatures may
    /// have named more component families).
    public var runs: [Int]
    /// The run whose plan was shrunk (the first of the first group that shrank to this
    /// signature), and that plan.
    public var firstRun: Int
    public var original: GeneratedPlan
    public var minimal: GeneratedPlan
    public var outcome: RunOutcome
    /// Runs the shrinker made for it (answers it had seen before not counted).
    public var shrinkRuns: Int
    /// Its scenario file in the output folder, unique among the findings: `findings/<key>.yaml`.
    public var file = ""
}

/// Per component and kind: the worst any run showed.
public struct MatrixCell: Sendable, Equatable {
    public var component: Int
    public var kind: FaultKind
    public var runs = 0
    public var failure: FailureClass?
    public var invariants: [String] = []
    public var worstGrade: String?
    public var slasFailed = 0
    public var rpoOrders = 0
    public var rtoNanos: Int64?
    public var errors = 0
}

/// Everything an exploration found.
public struct ExploreResult: Sendable {
    public var options: ExploreOptions
    public var scenario: String
    public var layout: String?
    public var menu: FaultMenu
    public var baselineDigest: String
    public var baselineFailures: [String]
    public var runs: [ExploredRun]
    public var findings: [Finding]
    public var matrix: [MatrixCell]
    /// Per rare state (`Sometimes.all`): how many runs reached it, and the first.
    public var coverage: [(point: String, runs: Int, first: Int?)]
    public var wallSeconds: Double

    /// 4: an invariant broken; 1: incidents or SLAs only; 0: nothing.
    public var worst: FailureClass? { findings.map(\.signature.failure).min() }
}

/// One plan run and judged: its outcome, or why it could not run (a target the stack refuses,
/// a budget spent).
public struct Answer: Sendable {
    public var outcome: RunOutcome?
    public var error: String?
    public init(outcome: RunOutcome?, error: String?) { self.outcome = outcome; self.error = error }
}

/// What every worker needs to run a plan, and nothing it may change.
struct Trial: Sendable {
    let prepared: PreparedRun
    let judge: Judge

    func run(_ plan: GeneratedPlan) -> Answer {
        var run = prepared
        run.faults = plan.faults
        do {
            let report = try run.run()
            return Answer(outcome: judge.outcome(report, plan: plan.faults), error: nil)
        } catch {
            return Answer(outcome: nil, error: error.message)
        }
    }
}

/// Runs an exploration: the fault-free baseline, the stages in order, then shrinks each
/// distinct failure. Runs go to `jobs` threads, one run per thread at a time; the result is
/// the same for any number of jobs (swarm lanes and shrinks are independent of each other,
/// and results are gathered in a fixed order).
public final class Campaign {
    public let prepared: PreparedRun
    public let options: ExploreOptions
    public let menu: FaultMenu
    public let judge: Judge
    public let baseline: RunReport
    public let jobs: Int
    /// Hears (runs done, runs planned, what is running) after each run, from any thread.
    public var progress: (@Sendable (Int, Int, String) -> Void)?
    let trial: Trial

    public init(prepared: PreparedRun, options: ExploreOptions, jobs: Int = 1) throws(HarnessError) {
        var base = prepared
        base.faults = []
        base.faultPlaces = []
        self.prepared = base
        self.options = options
        self.jobs = jobs
        baseline = try base.run()
        let all = Moment.all(for: base.config)
        var moments = all
        if let names = options.moments {
            if let unknown = names.first(where: { n in !all.contains { $0.word == n } }) {
                throw .input("--moments: no moment \"\(unknown)\" on this day; expected one of: " + all.map(\.word).joined(separator: ", "))
            }
            moments = all.filter { names.contains($0.word) }
        }
        menu = FaultMenu(config: base.config, topology: baseline.run.topology, kinds: options.kinds ?? FaultKind.allCases, moments: moments)
        if menu.kinds.isEmpty { throw .input("no fault kind given applies to any component of this stack") }
        if menu.moments.isEmpty { throw .input("no moment of the day is left to start faults at") }
        judge = Judge(baseline: baseline, threshold: options.threshold)
        trial = Trial(prepared: base, judge: judge)
    }

    /// A seed for item `index` of `stream`, from the exploration's seed.
    static func seed(_ base: UInt64, _ stream: String, _ index: Int) -> UInt64 {
        StableHash.mix64(StableHash.fnv1a64(UInt64(index), seed: StableHash.fnv1a64(stream, seed: StableHash.mix64(base))))
    }

    public func run() -> ExploreResult {
        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = options.wallSeconds.map { started + UInt64($0 * 1e9) }
        let outOfTime: @Sendable () -> Bool = { deadline.map { DispatchTime.now().uptimeNanoseconds >= $0 } ?? false }
        let done = SharedCount()
        let planned = options.runs
        let progress = self.progress
        let trial = self.trial, menu = self.menu, options = self.options
        var runs: [ExploredRun] = []

        /// Runs a batch of plans (in chunks when a wall-clock budget may cut it short).
        func evaluate(_ plans: [(GeneratedPlan, ExploreOptions.Stage, String)], what: String) {
            var at = 0
            while at < plans.count && !outOfTime() {
                let chunk = Array(plans[at..<(deadline == nil ? plans.count : min(plans.count, at + 2 * jobs))])
                let answers = WorkerPool.map(chunk.count, jobs: jobs) { i in
                    let answer = trial.run(chunk[i].0)
                    progress?(done.add(), planned, what)
                    return answer
                }
                for (item, answer) in zip(chunk, answers) {
                    runs.append(ExploredRun(index: runs.count, stage: item.1, origin: item.2, plan: item.0, outcome: answer.outcome,
                                            error: answer.error, signature: answer.outcome?.signature(families: item.0.families(in: menu))))
                }
                at += chunk.count
            }
        }

        if options.stages.contains(.contingency) {
            let share = options.contingencyShare
            var singles: [(plan: GeneratedPlan, moment: Int, component: Int)] = []
            contingency: for m in menu.moments.indices {
                for k in menu.kinds.indices {
                    for c in menu.targets[k] {
                        if deadline == nil && singles.count >= share { break contingency }
                        let prefix = GeneratedPlan.prefix(kind: k, component: c, moment: m, menu: menu) + [0]
                        var source = ChoiceSource(replaying: ChoiceSequence(prefix), thenSeed: Campaign.seed(options.seed, "contingency", singles.count))
                        singles.append((GeneratedPlan.decode(&source, menu: menu, maxFaults: 1), m, c))
                    }
                }
            }
            evaluate(singles.map { ($0.plan, .contingency, "n-1") }, what: "contingency n-1")
            // N-2: pairs at one moment of faults on different components, each harmless alone.
            let clean = singles.indices.filter { $0 < runs.count && runs[$0].outcome != nil && runs[$0].signature == nil }
            var pairs: [(GeneratedPlan, ExploreOptions.Stage, String)] = []
            let room = options.maxFaults < 2 ? 0 : deadline == nil ? max(0, share - runs.count) : 100_000
            pairing: for (a, x) in clean.enumerated() {
                for y in clean[(a + 1)...] where singles[y].moment == singles[x].moment && singles[y].component != singles[x].component {
                    if pairs.count >= room { break pairing }
                    let first = singles[x].plan, second = singles[y].plan
                    var values = [UInt32](repeating: 0, count: GeneratedPlan.familyChoices) + [1]
                    values += first.choices.values[first.blocks[0]] + second.choices.values[second.blocks[0]]
                    pairs.append((GeneratedPlan.replay(ChoiceSequence(values), menu: menu, maxFaults: 2), .contingency, "n-2"))
                }
            }
            evaluate(pairs, what: "contingency n-2")
        }

        let guided = options.stages.contains(.coverage)
        if guided || options.stages.contains(.swarm) {
            let stage: ExploreOptions.Stage = guided ? .coverage : .swarm
            let first = runs.count
            let total = deadline == nil ? max(0, options.runs - first) : Int.max
            let lanes = ExploreOptions.lanes
            // Each lane runs every `lanes`-th swarm run in turn, with its own stream and corpus.
            let laneRuns = WorkerPool.map(lanes, jobs: jobs) { l -> [ExploredRun] in
                var lane = Lane(random: Xoshiro256StarStar(seed: Campaign.seed(options.seed, "lane", l)))
                var out: [ExploredRun] = []
                var i = l
                while i < total && !outOfTime() {
                    let (prefix, origin) = guided ? lane.mutation(maxFaults: options.maxFaults) : (nil, "fresh")
                    var source = ChoiceSource(replaying: prefix ?? ChoiceSequence(), thenSeed: Campaign.seed(options.seed, "swarm", i))
                    let plan = GeneratedPlan.decode(&source, menu: menu, maxFaults: options.maxFaults)
                    let answer = trial.run(plan)
                    var run = ExploredRun(index: first + i, stage: stage, origin: origin, plan: plan, outcome: answer.outcome, error: answer.error,
                                          signature: answer.outcome?.signature(families: plan.families(in: menu)))
                    run.firstReached = lane.learn(run, keep: guided)
                    out.append(run)
                    progress?(done.add(), planned, guided ? "swarm, coverage-guided" : "swarm")
                    i += lanes
                }
                return out
            }
            // In index order; with a wall-clock budget, lanes may stop at different points.
            var merged = laneRuns.flatMap { $0 }
            merged.sort { $0.index < $1.index }
            for (k, var run) in merged.enumerated() { run.index = first + k; runs.append(run) }
        }

        let findings = shrinkAll(runs)
        return ExploreResult(options: options, scenario: prepared.scenario, layout: prepared.layout?.path, menu: menu,
                             baselineDigest: baseline.run.digest,
                             baselineFailures: judge.baselineInvariants + judge.baselineSLAs,
                             runs: runs, findings: findings, matrix: matrix(runs), coverage: coverage(runs),
                             wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
    }

    /// A swarm lane: its own stream for mutation decisions, and its corpus of plans that
    /// reached a rare state first.
    struct Lane {
        var random: Xoshiro256StarStar
        var corpus: [GeneratedPlan] = []
        var reached: [String] = []

        /// Half the time (once the corpus holds a plan): a corpus plan, mutated, as a prefix.
        mutating func mutation(maxFaults: Int) -> (ChoiceSequence?, String) {
            guard !corpus.isEmpty, random.chance(0.5) else { return (nil, "fresh") }
            let base = corpus[Int(random.next(below: UInt64(corpus.count)))]
            var values = base.choices.values
            let f = Int(random.next(below: UInt64(base.blocks.count)))
            let block = base.blocks[f]
            switch random.next(below: 4) {
            case 0:
                // Another target for one fault; what follows it is drawn afresh.
                values = Array(values[..<(block.lowerBound + 1)])
                values.append(UInt32(random.next(below: 1 << 16)))
                return (ChoiceSequence(values), "swap target")
            case 1:
                // Another moment, or another step in it.
                let position = block.lowerBound + 2 + Int(random.next(below: 2))
                if position < values.count { values[position] = UInt32(random.next(below: 1 << 16)) }
                return (ChoiceSequence(values), "shift time")
            case 2 where base.faults.count < maxFaults:
                values[GeneratedPlan.countPosition] += 1
                return (ChoiceSequence(values), "add fault")
            case 3 where base.faults.count > 1:
                values.removeSubrange(block)
                values[GeneratedPlan.countPosition] -= 1
                return (ChoiceSequence(values), "drop fault")
            default:
                return (nil, "fresh")
            }
        }

        /// Notes what a run reached; a run that reached something first joins the corpus.
        mutating func learn(_ run: ExploredRun, keep: Bool) -> [String] {
            let new = (run.outcome?.reached ?? []).filter { !reached.contains($0) }
            reached += new
            if keep && !new.isEmpty { corpus.append(run.plan) }
            return new
        }
    }

    /// Groups failing runs by signature, shrinks each group's first run, and joins the groups
    /// whose minimal plans share a signature.
    func shrinkAll(_ runs: [ExploredRun]) -> [Finding] {
        var groups: [(signature: Signature, runs: [Int])] = []
        for run in runs {
            guard let s = run.signature else { continue }
            if let g = groups.firstIndex(where: { $0.signature == s }) { groups[g].runs.append(run.index) } else { groups.append((s, [run.index])) }
        }
        groups.sort { $0.signature < $1.signature }
        // What exploration already ran, so a shrink does not run it again.
        var known: [ChoiceSequence: Answer] = [:]
        for run in runs { known[run.plan.choices] = Answer(outcome: run.outcome, error: run.error) }
        let trial = self.trial
        let shrinker = Shrinker(menu: menu, maxFaults: options.maxFaults, budget: options.shrinkRuns, known: known) { trial.run($0) }
        let firsts = groups.map { runs[$0.runs[0]] }
        let done = SharedCount(), progress = self.progress, count = groups.count
        let shrunk = WorkerPool.map(groups.count, jobs: jobs) { g in
            let first = firsts[g]
            let result = shrinker.shrink(first.plan, outcome: first.outcome!, keeping: first.signature!)
            progress?(done.add(), count, "shrinking")
            return result
        }
        var findings: [Finding] = []
        for (group, (minimal, outcome, spent)) in zip(groups, shrunk) {
            let signature = outcome.signature(families: minimal.families(in: menu))!
            if let f = findings.firstIndex(where: { $0.signature == signature }) {
                findings[f].runs = (findings[f].runs + group.runs).sorted()
                findings[f].shrinkRuns += spent
            } else {
                findings.append(Finding(signature: signature, runs: group.runs, firstRun: group.runs[0], original: runs[group.runs[0]].plan,
                                        minimal: minimal, outcome: outcome, shrinkRuns: spent))
            }
        }
        findings.sort { $0.signature < $1.signature }
        // Two signatures may slug to one key (or a key may be long): each file gets a name of its own.
        var taken: [String] = []
        for f in findings.indices {
            // At most 120 bytes, whole characters (file names are limited in bytes).
            var key = ""
            for c in findings[f].signature.key {
                if key.utf8.count + c.utf8.count > 120 { break }
                key.append(c)
            }
            var name = key, n = 2
            while taken.contains(name) { name = "\(key)-\(n)"; n += 1 }
            taken.append(name)
            findings[f].file = "findings/\(name).yaml"
        }
        return findings
    }

    /// The resilience matrix: per component and kind, the worst outcome of the plans whose
    /// only fault was of that kind on that component.
    func matrix(_ runs: [ExploredRun]) -> [MatrixCell] {
        var cells: [MatrixCell] = []
        var index: [Int: Int] = [:]
        for run in runs where run.plan.faults.count == 1 {
            let c = run.plan.components[0], kind = run.plan.faults[0].kind
            let key = c * FaultKind.allCases.count + FaultKind.allCases.firstIndex(of: kind)!
            let at: Int
            if let i = index[key] { at = i } else { at = cells.count; index[key] = at; cells.append(MatrixCell(component: c, kind: kind)) }
            cells[at].runs += 1
            guard let o = run.outcome else { cells[at].errors += 1; continue }
            if let f = o.failure, cells[at].failure.map({ f < $0 }) ?? true { cells[at].failure = f }
            for name in o.invariants where !cells[at].invariants.contains(name) { cells[at].invariants.append(name) }
            if let g = o.worstGrade, let rank = judge.grades.firstIndex(of: g),
               cells[at].worstGrade.flatMap({ judge.grades.firstIndex(of: $0) }).map({ rank < $0 }) ?? true { cells[at].worstGrade = g }
            cells[at].slasFailed = max(cells[at].slasFailed, o.slas.count)
            cells[at].rpoOrders = max(cells[at].rpoOrders, o.rpoOrders)
            if let rto = o.rtoNanos { cells[at].rtoNanos = max(cells[at].rtoNanos ?? 0, rto) }
        }
        return cells.sorted { ($0.component, FaultKind.allCases.firstIndex(of: $0.kind)!) < ($1.component, FaultKind.allCases.firstIndex(of: $1.kind)!) }
    }

    func coverage(_ runs: [ExploredRun]) -> [(point: String, runs: Int, first: Int?)] {
        Sometimes.all.map { point in
            let hits = runs.filter { $0.outcome?.reached.contains(point) == true }
            return (point, hits.count, hits.first?.index)
        }
    }
}
