import Chaos
import Dispatch
import Harness
import Kernel
import Reports
import Scoring
import Stack

/// One exploration run: the plan, how it was made, and what it did.
public struct ExploredRun: Sendable {
    /// Its place in the whole exploration's list of runs.
    public var index: Int
    /// Its place whichever shard ran it.
    public var key: RunKey
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

/// Where a run stands in the whole exploration, whichever shard ran it: N-1 plans in the order
/// contingency lists them, then N-2 pairs, then swarm runs, each in its own order.
public struct RunKey: Comparable, Hashable, Sendable, CustomStringConvertible {
    public enum Part: Int, CaseIterable, Sendable {
        case single, pair, swarm
        public var word: String { ["n-1", "n-2", "swarm"][rawValue] }
    }

    public var part: Part
    public var order: Int

    public init(part: Part, order: Int) { self.part = part; self.order = order }
    public static func < (a: RunKey, b: RunKey) -> Bool { (a.part.rawValue, a.order) < (b.part.rawValue, b.order) }
    public var description: String { "\(part.word) #\(order)" }
}

/// The shrink of the first run of one signature: the simplest plan that still failed that way,
/// what it did, and the runs it took.
public struct Shrunk: Sendable {
    /// The signature of the run shrunk, and where that run stands.
    public var signature: Signature
    public var first: RunKey
    public var minimal: GeneratedPlan
    public var outcome: RunOutcome
    public var runs: Int

    public init(signature: Signature, first: RunKey, minimal: GeneratedPlan, outcome: RunOutcome, runs: Int) {
        self.signature = signature; self.first = first; self.minimal = minimal; self.outcome = outcome; self.runs = runs
    }
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
    let trunk: RunTrunk?

    func run(_ plan: GeneratedPlan) -> Answer {
        var run = prepared
        run.faults = plan.faults
        do {
            let report = try run.run(from: trunk)
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
    /// The fault-free day, paused before the moments' starts; nil when every plan runs whole.
    public let trunk: RunTrunk?
    /// Memory the trunk's pauses may take at most (estimated before the day runs), and no more
    /// than `--max-memory` leaves beside the runs.
    public static let trunkMemoryMax: Int64 = 4 << 30

    /// `branching`: plans run from the fault-free day paused before their first fault (the
    /// default), or each from the start of the day; the results are the same.
    public init(prepared: PreparedRun, options: ExploreOptions, jobs: Int = 1, branching: Bool = true) throws(HarnessError) {
        var base = prepared
        base.faults = []
        base.faultPlaces = []
        self.prepared = base
        self.options = options
        self.jobs = jobs
        let all = Moment.all(for: base.config)
        var moments = all
        if let names = options.moments {
            if let unknown = names.first(where: { n in !all.contains { $0.word == n } }) {
                throw .input("--moments: no moment \"\(unknown)\" on this day; expected one of: " + all.map(\.word).joined(separator: ", "))
            }
            moments = all.filter { names.contains($0.word) }
        }
        if branching {
            // A pause a second before every start a plan can draw. Contingency's plans (and their
            // shrinks) start at a moment's opening; swarm's at any of its steps.
            let steps = options.stages == [.contingency] ? 1 : Moment.steps
            let starts = moments.flatMap { m in (0..<steps).map { m.start(step: $0) - .seconds(1) } }
            // The pauses stay for the whole exploration, beside `jobs` runs and the trunk's own.
            let run = RunBudget.estimate(base.config, faults: options.maxFaults, hosts: 0).memoryBytes
            let room = min(Double(Campaign.trunkMemoryMax), Double(base.budget.maxMemoryBytes) - Double(jobs + 1) * run)
            let trunk = try base.trunk(pausingAt: starts, memoryBytes: room)
            self.trunk = trunk
            baseline = trunk.baseline
        } else {
            trunk = nil
            baseline = try base.run()
        }
        menu = FaultMenu(config: base.config, topology: baseline.run.topology, kinds: options.kinds ?? FaultKind.allCases, moments: moments)
        if menu.kinds.isEmpty { throw .input("no fault kind given applies to any component of this stack") }
        if menu.moments.isEmpty { throw .input("no moment of the day is left to start faults at") }
        judge = Judge(baseline: baseline, threshold: options.threshold)
        trial = Trial(prepared: base, judge: judge, trunk: trunk)
    }

    /// A seed for item `index` of `stream`, from the exploration's seed.
    static func seed(_ base: UInt64, _ stream: String, _ index: Int) -> UInt64 {
        StableHash.mix64(StableHash.fnv1a64(UInt64(index), seed: StableHash.fnv1a64(stream, seed: StableHash.mix64(base))))
    }

    /// The whole exploration: every lane, then a shrink of each distinct failure.
    public func run() throws(HarnessError) -> ExploreResult {
        let started = DispatchTime.now().uptimeNanoseconds
        let runs = explore(lanes: Array(0..<options.lanes), started: started)
        return try assemble(runs, shrunk: shrink(runs), started: started)
    }

    /// Shard `k` of `n` (1 ≤ k ≤ n ≤ lanes): the lanes `k-1`, `k-1+n`, … and a shrink of each
    /// failure whose first run in the shard is theirs. `merge` of every shard equals `run`.
    public func run(shard k: Int, of n: Int) -> (runs: [ExploredRun], shrunk: [Shrunk]) {
        let runs = explore(lanes: Array(stride(from: k - 1, to: options.lanes, by: n)), started: DispatchTime.now().uptimeNanoseconds)
        return (runs, shrink(runs))
    }

    /// Joins the runs and shrinks of every shard into the whole exploration's result.
    public func merge(_ shards: [(runs: [ExploredRun], shrunk: [Shrunk])]) throws(HarnessError) -> ExploreResult {
        let started = DispatchTime.now().uptimeNanoseconds
        var runs = shards.flatMap(\.runs).sorted { $0.key < $1.key }
        for i in runs.indices {
            if i > 0 && runs[i].key == runs[i - 1].key { throw .input("run \(runs[i].key) is in two shards: merge each shard once") }
            runs[i].index = i
        }
        return try assemble(runs, shrunk: shards.flatMap(\.shrunk), started: started)
    }

    /// Runs the lanes `chosen`: their N-1 plans in one pool, then each lane on a thread of its
    /// own, learning from its N-1 runs, running its N-2 pairs and its swarm runs. Every plan and
    /// its place in the whole (`RunKey`) is fixed before anything runs, except the N-2 pairs
    /// (each lane pairs its own harmless N-1 plans) and the swarm runs of a lane whose pairs
    /// fell short (it runs as many more). Returns the runs in key order.
    func explore(lanes chosen: [Int], started: UInt64) -> [ExploredRun] {
        let lanes = options.lanes
        let wall = options.wallSeconds
        let swarmStage: ExploreOptions.Stage? = options.stages.contains(.coverage) ? .coverage : options.stages.contains(.swarm) ? .swarm : nil
        let deadline = wall.map { started + UInt64($0 * 1e9) }
        // With a swarm after it, contingency may take half of a wall-clock budget.
        let contingencyDeadline = wall.map { started + UInt64((swarmStage == nil ? $0 : $0 / 2) * 1e9) }
        let late: @Sendable (UInt64?) -> Bool = { d in d.map { DispatchTime.now().uptimeNanoseconds >= $0 } ?? false }
        let done = SharedCount()
        let planned = wall == nil ? (options.runs * chosen.count + lanes - 1) / lanes : Int.max
        let progress = self.progress
        let trial = self.trial, menu = self.menu, options = self.options

        var singles: [(plan: GeneratedPlan, moment: Int, component: Int)] = []
        var room = 0
        if options.stages.contains(.contingency) {
            let share = options.contingencyShare
            // Moment by moment (the peak first). Within a moment: the loss of a site or of the
            // links between two (few, and the widest), then the loss of each other element
            // (`FaultMenu.outageKinds`), then the kinds that degrade one, then faults on standbys
            // and DR replicas (idle until a switch-over); each group in an order shuffled by the
            // seed, so that a budget smaller than the whole set samples kinds and components
            // alike instead of running one kind on every host.
            contingency: for m in menu.moments.indices {
                var pairs = menu.kinds.indices.flatMap { k in menu.targets[k].map { (k, $0) } }
                var order = Xoshiro256StarStar(seed: Campaign.seed(options.seed, "contingency order", m))
                for i in stride(from: pairs.count - 1, to: 0, by: -1) { pairs.swapAt(i, Int(order.next(below: UInt64(i + 1)))) }
                func rank(_ pair: (Int, Int)) -> Int {
                    let component = menu.components[pair.1]
                    if component.backup { return 3 }
                    guard FaultMenu.outageKinds.contains(menu.kinds[pair.0]) else { return 2 }
                    if case .hosts = component.target { return 1 }
                    return 0
                }
                pairs = (0...3).flatMap { r in pairs.filter { rank($0) == r } }
                for (k, c) in pairs {
                    if wall == nil && singles.count >= share { break contingency }
                    // The window's start, and a duration from the upper half of the kind's range:
                    // what the loss of an element does when it lasts (shrinking shortens it).
                    let half = UInt64(FaultMenu.durationSteps / 2)
                    let prefix = GeneratedPlan.prefix(kind: k, component: c, moment: m, menu: menu) + [0, UInt32(half + order.next(below: half))]
                    var source = ChoiceSource(replaying: ChoiceSequence(prefix), thenSeed: Campaign.seed(options.seed, "contingency", singles.count))
                    singles.append((GeneratedPlan.decode(&source, menu: menu, maxFaults: 1), m, c))
                }
            }
            room = options.maxFaults < 2 ? 0 : wall == nil ? max(0, share - singles.count) : 100_000
        }
        let swarmTotal = swarmStage == nil ? 0 : wall == nil ? max(0, options.runs - singles.count - room) : Int.max

        // N-1: the chosen lanes' plans in one pool (in chunks when the wall clock may cut it short).
        let mine = singles.indices.filter { chosen.contains($0 % lanes) }
        var answers = [Answer?](repeating: nil, count: singles.count)
        var at = 0
        while at < mine.count && !late(contingencyDeadline) {
            let chunk = Array(mine[at..<(wall == nil ? mine.count : min(mine.count, at + 2 * jobs))])
            let plans = chunk.map { singles[$0].plan }
            let got = WorkerPool.map(chunk.count, jobs: jobs) { i in
                let answer = trial.run(plans[i])
                progress?(done.add(), planned, "contingency n-1")
                return answer
            }
            for (j, answer) in zip(chunk, got) { answers[j] = answer }
            at += chunk.count
        }

        let frozenAnswers = answers, frozenSingles = singles, pairRoom = room
        let laneRuns = WorkerPool.map(chosen.count, jobs: jobs) { x -> [ExploredRun] in
            let l = chosen[x]
            var lane = Lane(random: Xoshiro256StarStar(seed: Campaign.seed(options.seed, "lane", l)))
            var out: [ExploredRun] = []
            func record(_ plan: GeneratedPlan, _ stage: ExploreOptions.Stage, _ origin: String, _ key: RunKey, _ answer: Answer) {
                var run = ExploredRun(index: 0, key: key, stage: stage, origin: origin, plan: plan, outcome: answer.outcome, error: answer.error,
                                      signature: answer.outcome?.signature(families: plan.families(in: menu)))
                run.firstReached = lane.learn(run, keep: swarmStage == .coverage)
                out.append(run)
            }
            // Its N-1 runs, in order; the harmless ones may pair.
            var clean: [Int] = []
            for j in stride(from: l, to: frozenSingles.count, by: lanes) {
                guard let answer = frozenAnswers[j] else { break }
                record(frozenSingles[j].plan, .contingency, "n-1", RunKey(part: .single, order: j), answer)
                if answer.outcome != nil && out[out.count - 1].signature == nil { clean.append(j) }
            }
            // N-2: pairs at one moment of its harmless plans on different components.
            let laneRoom = pairRoom / lanes + (l < pairRoom % lanes ? 1 : 0)
            var pairs: [GeneratedPlan] = []
            pairing: for (a, p) in clean.enumerated() {
                for q in clean[(a + 1)...] where frozenSingles[q].moment == frozenSingles[p].moment && frozenSingles[q].component != frozenSingles[p].component {
                    if pairs.count >= laneRoom { break pairing }
                    let first = frozenSingles[p].plan, second = frozenSingles[q].plan
                    var values = [UInt32](repeating: 0, count: GeneratedPlan.familyChoices) + [1]
                    values += first.choices.values[first.blocks[0]] + second.choices.values[second.blocks[0]]
                    pairs.append(GeneratedPlan.replay(ChoiceSequence(values), menu: menu, maxFaults: 2))
                }
            }
            var paired = 0
            for plan in pairs where !late(contingencyDeadline) {
                let answer = trial.run(plan)
                progress?(done.add(), planned, "contingency n-2")
                record(plan, .contingency, "n-2", RunKey(part: .pair, order: paired * lanes + l), answer)
                paired += 1
            }
            // Swarm: runs l, l + lanes, …; a lane whose pairs fell short runs as many more.
            guard let stage = swarmStage else { return out }
            let quota = wall != nil ? Int.max : (swarmTotal > l ? (swarmTotal - l + lanes - 1) / lanes : 0) + (laneRoom - paired)
            var k = 0
            while k < quota && !late(deadline) {
                let i = l + k * lanes
                let (prefix, origin) = stage == .coverage ? lane.mutation(maxFaults: options.maxFaults) : (nil, "fresh")
                var source = ChoiceSource(replaying: prefix ?? ChoiceSequence(), thenSeed: Campaign.seed(options.seed, "swarm", i))
                let plan = GeneratedPlan.decode(&source, menu: menu, maxFaults: options.maxFaults)
                let answer = trial.run(plan)
                progress?(done.add(), planned, stage == .coverage ? "swarm, coverage-guided" : "swarm")
                record(plan, stage, origin, RunKey(part: .swarm, order: i), answer)
                k += 1
            }
            return out
        }
        var runs = laneRuns.flatMap { $0 }.sorted { $0.key < $1.key }
        for i in runs.indices { runs[i].index = i }
        return runs
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

    /// Failing runs grouped by signature (each group's runs in order), groups by signature.
    static func groups(_ runs: [ExploredRun]) -> [(signature: Signature, runs: [Int])] {
        var groups: [(signature: Signature, runs: [Int])] = []
        var at: [Signature: Int] = [:]  // looked up, never iterated
        for (i, run) in runs.enumerated() {
            guard let s = run.signature else { continue }
            if let g = at[s] { groups[g].runs.append(i) } else { at[s] = groups.count; groups.append((s, [i])) }
        }
        return groups.sorted { $0.signature < $1.signature }
    }

    /// Shrinks the first run of each signature among `runs`.
    func shrink(_ runs: [ExploredRun]) -> [Shrunk] {
        let groups = Campaign.groups(runs)
        // What exploration already ran, so a shrink does not run it again.
        var known: [ChoiceSequence: Answer] = [:]
        for run in runs { known[run.plan.choices] = Answer(outcome: run.outcome, error: run.error) }
        let trial = self.trial
        let shrinker = Shrinker(menu: menu, maxFaults: options.maxFaults, budget: options.shrinkRuns, known: known) { trial.run($0) }
        let firsts = groups.map { runs[$0.runs[0]] }
        let done = SharedCount(), progress = self.progress, count = groups.count
        return WorkerPool.map(groups.count, jobs: jobs) { g in
            let first = firsts[g]
            let (minimal, outcome, spent) = shrinker.shrink(first.plan, outcome: first.outcome!, keeping: first.signature!)
            progress?(done.add(), count, "shrinking")
            return Shrunk(signature: first.signature!, first: first.key, minimal: minimal, outcome: outcome, runs: spent)
        }
    }

    /// The result of an exploration's runs (in key order, indexed) and the shrinks of their
    /// signatures' first runs: the findings (groups whose minimal plans share a signature are
    /// one), the matrix and the coverage.
    func assemble(_ runs: [ExploredRun], shrunk: [Shrunk], started: UInt64) throws(HarnessError) -> ExploreResult {
        var findings: [Finding] = []
        var shrinks: [RunKey: Shrunk] = [:]  // looked up, never iterated
        for s in shrunk { shrinks[s.first] = s }
        var at: [Signature: Int] = [:]
        // Groups in the order their first runs came: a finding is shrunk from the first run
        // that broke the stack its way.
        for group in Campaign.groups(runs).sorted(by: { $0.runs[0] < $1.runs[0] }) {
            let first = runs[group.runs[0]]
            guard let s = shrinks[first.key], s.signature == group.signature else {
                throw .input("no shard holds the shrink of run \(first.key) (\(group.signature.key)): the shards are not one exploration")
            }
            guard let signature = s.outcome.signature(families: s.minimal.families(in: menu)) else {
                throw .input("the shrink of run \(first.key) (\(group.signature.key)) ends on a plan that does not fail")
            }
            if let f = at[signature] {
                findings[f].runs = (findings[f].runs + group.runs).sorted()
                findings[f].shrinkRuns += s.runs
            } else {
                at[signature] = findings.count
                findings.append(Finding(signature: signature, runs: group.runs, firstRun: group.runs[0], original: first.plan,
                                        minimal: s.minimal, outcome: s.outcome, shrinkRuns: s.runs))
            }
        }
        findings.sort { $0.signature < $1.signature }
        Campaign.nameFiles(&findings)
        return ExploreResult(options: options, scenario: prepared.scenario, layout: prepared.layout?.path, menu: menu,
                             baselineDigest: baseline.run.digest,
                             baselineFailures: judge.baselineInvariants + judge.baselineSLAs,
                             runs: runs, findings: findings, matrix: matrix(runs), coverage: coverage(runs),
                             wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
    }

    /// Gives each finding a file of its own: `findings/<key>.yaml`, at most 120 bytes of whole
    /// characters before the extension (file names are limited in bytes); two signatures that
    /// slug to one key get `-2`, `-3`….
    static func nameFiles(_ findings: inout [Finding]) {
        var taken = Set<String>()  // looked up, never iterated
        for f in findings.indices {
            var key = ""
            for c in findings[f].signature.key {
                if key.utf8.count + c.utf8.count > 120 { break }
                key.append(c)
            }
            var name = key, n = 2
            while taken.contains(name) { name = "\(key)-\(n)"; n += 1 }
            taken.insert(name)
            findings[f].file = "findings/\(name).yaml"
        }
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
