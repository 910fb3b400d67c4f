import ArgumentParser
import Boundary
import Chaos
import Explore
import Foundation
import Harness
import Kernel
import Reports
import Scenario
import Stack

struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Search fault plans that break a stack, and shrink each distinct failure to a minimal scenario file.",
        discussion: """
            Runs the scenario's stack without faults first (what fails then is not a finding), then,
            with the scenario's own faults left out:
              contingency  every component (host, pool, inter-site link, site) under every fault
                           kind that applies to it, at each moment of the day (N-1), then pairs of
                           faults each harmless alone (N-2) while the budget lasts;
              swarm        random plans of 1…--faults-per-plan faults, a random subset of fault
                           families switched off per plan;
              coverage     swarm guided by coverage: a plan that reached a rare state first
                           ("sometimes" points: a standby taking over in a call auction, a DR
                           failover, a guard firing…) is mutated in preference to a fresh one.
            With several stages, contingency takes at most half of --runs.

            A failing run is classed as (a) an invariant broken, (b) an incident graded at or
            above --threshold, or (c) SLA checks failed, each judged against the fault-free run.
            Runs that fail the same way (class, what broke, component families) are one finding;
            its first run is shrunk (faults dropped, starts, durations and parameters pulled toward
            their simplest) and written as OUT/findings/<signature>.yaml, a commented scenario that
            plain `firedrill run` reproduces. OUT/explore.json holds every run, the findings, the
            resilience matrix (component × kind → worst outcome) and the coverage; OUT/explore.html
            draws them; OUT/junit.xml has a test case per finding.

            The fault-free day runs once, pausing a second before each start a plan can draw; each
            run copies the latest pause before its first fault and goes on from there, giving
            what the whole day would (--whole-days runs every day from the start instead).

            The same scenario, seed and --runs give the same explore.json for any --jobs.
            --budget stops on the wall clock instead, and so depends on the machine.

            The search runs in --lanes independent lanes (default 4): each takes every lanes-th
            N-1 plan, then pairs of its own harmless ones and its own swarm runs. --shard K/N
            (N at most --lanes) runs lanes K-1, K-1+N, … and shrinks what they found, writing
            OUT/explore-shard.json only, and exits as explore would on what it found; `firedrill
            merge` of the N shard folders writes what the whole exploration writes to that folder,
            byte for byte (for a CI matrix or a Kubernetes Indexed Job).

            Exit codes: 0 nothing found; 1 incident or SLA findings only; 2 invalid input;
            3 internal error; 4 an invariant was broken (a defect of the modelled stack or of
            FireDrill).
            """
    )

    @Argument(help: "Scenario file (YAML); its faults are left out.") var scenario: String
    @Option(help: "A layout file whose topology replaces the scenario's.") var layout: String?
    @Option(help: "Exploration runs (default 200); shrinking's runs come on top.") var runs: Int?
    @Option(help: ArgumentHelp("Explore for this long on the wall clock instead of a number of runs, e.g. 20m.", valueName: "time")) var budget: String?
    @Option(help: "Runs at once (default: the number of cores).") var jobs: Int = min(256, ProcessInfo.processInfo.activeProcessorCount)
    @Option(help: "Seed of the search (the scenario's own seed drives each run).") var seed: UInt64 = 1
    @Option(help: "Stages, comma-separated: contingency, swarm, coverage (default: all three).") var stages: String?
    @Option(help: "Most faults in a swarm plan (default 3).") var faultsPerPlan: Int = 3
    @Option(help: "Least serious incident grade that counts as a finding (default major).") var threshold: String = "major"
    @Option(help: "Fault kinds to draw from, comma-separated (default: every kind).") var kinds: String?
    @Option(help: "Moments of the day to start faults at, comma-separated: continuous-peak, opening-call, closing-call, pre-open, clearing.")
    var moments: String?
    @Option(help: "Most runs shrinking may spend on one finding (default 150).") var shrinkRuns: Int = 150
    @Option(help: "Independent lanes of the search (default 4); a shard runs whole lanes.") var lanes: Int = 4
    @Option(help: "Run only shard K of N (N at most --lanes), e.g. 2/4; merge the shards' folders with firedrill merge.") var shard: String?
    @Option(help: "Directory for explore.json, explore.html, junit.xml and findings/ (default Results/explore/<scenario>).") var out: String?
    @Flag(help: "Run every plan from the start of the day, not from the fault-free day paused before its first fault (the results are the same; for measuring).")
    var wholeDays = false
    @Flag(help: "No progress on standard error.") var quiet = false
    @OptionGroup(title: "Budget of each run") var limits: BudgetOptions

    static func writes(_ name: String) -> Bool {
        if ["explore.json", "explore.html", "junit.xml", "findings", ExploreShard.file].contains(name) { return true }
        return name.hasPrefix("findings/") && name.hasSuffix(".yaml") && !name.dropFirst(9).contains("/")
    }

    func options() throws(CommandFailure) -> ExploreOptions {
        var o = ExploreOptions()
        func fail(_ message: String) -> CommandFailure { CommandFailure(code: .invalidInput, message: message) }
        if runs != nil && budget != nil { throw fail("--runs and --budget: give one or the other") }
        if let runs {
            guard runs >= 1 && runs <= 10_000_000 else { throw fail("--runs: expected 1…10000000, got \(runs)") }
            o.runs = runs
        }
        if let budget {
            let d: SimDuration
            do { d = try SimDuration(parsing: budget) } catch { throw fail("--budget: \(error.described(quoting: { Excerpt.of($0) }))") }
            guard d > .zero && d <= .hours(24 * 7) else { throw fail("--budget: expected more than 0 and at most a week, got \(budget)") }
            o.wallSeconds = Double(d.nanos) / 1e9
            o.runs = Int.max / 4
        }
        guard (1...256).contains(jobs) else { throw fail("--jobs: expected 1…256, got \(jobs)") }
        guard (1...20).contains(faultsPerPlan) else { throw fail("--faults-per-plan: expected 1…20, got \(faultsPerPlan)") }
        guard (0...100_000).contains(shrinkRuns) else { throw fail("--shrink-runs: expected 0…100000, got \(shrinkRuns)") }
        guard seed <= UInt64(Int64.max) else { throw fail("--seed: expected 0…\(Int64.max), got \(seed)") }
        guard (1...256).contains(lanes) else { throw fail("--lanes: expected 1…256, got \(lanes)") }
        o.seed = seed
        o.lanes = lanes
        o.maxFaults = faultsPerPlan
        o.shrinkRuns = shrinkRuns
        o.threshold = threshold
        if let stages {
            var picked: [ExploreOptions.Stage] = []
            for word in stages.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let stage = ExploreOptions.Stage(rawValue: word) else {
                    throw fail("--stages: unknown stage \"\(Excerpt.of(word))\"; expected contingency, swarm or coverage")
                }
                if !picked.contains(stage) { picked.append(stage) }
            }
            o.stages = ExploreOptions.Stage.allCases.filter(picked.contains)
        }
        if let kinds {
            var picked: [FaultKind] = []
            for word in kinds.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let kind = FaultKind(rawValue: word) else {
                    let guess = Suggestion.closest(to: word, in: FaultKind.allCases.map(\.rawValue))
                    throw fail("--kinds: unknown fault kind \"\(Excerpt.of(word))\"" + (guess.map { "; did you mean \($0)?" } ?? "; see firedrill faults list"))
                }
                if !picked.contains(kind) { picked.append(kind) }
            }
            o.kinds = FaultKind.allCases.filter(picked.contains)
        }
        if let moments { o.moments = moments.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        return o
    }

    func run() throws {
        let options = try options()
        var part: (index: Int, count: Int)?
        if let shard {
            let (k, n) = try harness { () throws(HarnessError) in try Sweep.shard(shard) }
            guard n <= lanes else { throw CommandFailure(code: .invalidInput, message: "--shard \(shard): a shard runs whole lanes, and there are \(lanes); use --lanes \(n) or more") }
            part = (k, n)
        }
        let runBudget = try limits.budget()
        let prepared = try harness { () throws(HarnessError) in try PreparedRun.prepare(scenario: scenario, layout: layout, budget: runBudget) }
        if let policy = prepared.policy, !policy.grades.contains(where: { $0.name == threshold }) {
            throw CommandFailure(code: .invalidInput, message: "--threshold: policy \(policy.name) has no grade \"\(Excerpt.of(threshold))\"; "
                + "its grades are " + policy.grades.map(\.name).joined(separator: ", "))
        }
        if !quiet { for w in prepared.warnings { printToStandardError("firedrill: " + w) } }
        // Every job holds a run's memory at once.
        let hosts = (try? Topology(config: prepared.config))?.hosts.count ?? 0
        let perRun = RunBudget.estimate(prepared.config, faults: faultsPerPlan, hosts: hosts).memoryBytes
        if perRun * Double(jobs) > Double(runBudget.maxMemoryBytes) {
            throw CommandFailure(code: .invalidInput, message: "--jobs \(jobs): \(jobs) runs at once need about \(Int64(perRun * Double(jobs)) >> 20) MiB, "
                + "over the memory budget of \(runBudget.maxMemoryBytes >> 20) MiB; lower --jobs or raise --max-memory")
        }
        let directory = out ?? "Results/explore/\(prepared.config.name)"
        let folder: OutputFolder
        do { folder = try OutputFolder(directory, in: .workingDirectory, writes: ExploreCommand.writes) } catch {
            throw CommandFailure(code: .invalidInput, message: error.description)
        }
        let scenarioText: String
        do { scenarioText = try FileBoundary.workingDirectory.text(scenario, from: .commandLine, maxBytes: 64 << 20) } catch {
            throw CommandFailure(code: .invalidInput, message: error.description)
        }
        let bar = StatusLine(quiet: quiet)
        let campaign = try harness { () throws(HarnessError) in try Campaign(prepared: prepared, options: options, jobs: jobs, branching: !wholeDays) }
        campaign.progress = { done, planned, what in bar.show(done: done, of: planned, what) }
        if let (k, n) = part {
            let started = DispatchTime.now().uptimeNanoseconds
            let (runs, shrunk) = campaign.run(shard: k, of: n)
            bar.finish()
            let record = ExploreShard(campaign: campaign, index: k, count: n, runs: runs, shrunk: shrunk)
            try writing { () throws(BoundaryError) in try folder.write(ExploreShard.file, Array((record.json.text() + "\n").utf8)) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            print("explore \(scenario): shard \(k)/\(n) made \(runs.count) runs (\(runs.filter { $0.signature != nil }.count) failing, "
                + "\(shrunk.count) signatures shrunk in \(shrunk.reduce(0) { $0 + $1.runs }) runs) in \(JSONValue.format(seconds, digits: 1)) s")
            print("wrote \(directory)/\(ExploreShard.file); join the shards' folders with firedrill merge")
            // Like a sweep's shard, a shard that found something fails its job (the merge says what).
            switch shrunk.map(\.signature.failure).min() {
            case .invariant?: throw CommandFailure(code: .invariantBroken, message: "shard \(k)/\(n): an invariant was broken")
            case .incident?, .sla?: throw CommandFailure(code: .breached, message: "shard \(k)/\(n): \(shrunk.count) failure signature(s)")
            case nil: return
            }
        }
        let result = try harness { () throws(HarnessError) in try campaign.run() }
        bar.finish()
        try ExploreCommand.write(result, scenarioText: scenarioText, to: folder, directory: directory)
        print("\(result.runs.count) runs and \(result.findings.reduce(0) { $0 + $1.shrinkRuns }) shrinking runs with --jobs \(jobs) in "
            + "\(JSONValue.format(result.wallSeconds, digits: 1)) s (\(JSONValue.format(Double(result.runs.count) / max(result.wallSeconds, 1e-9), digits: 1)) runs/s)")
        if let trunk = campaign.trunk { print(ExploreCommand.branching(trunk, runs: result.runs)) }
        try ExploreCommand.verdict(result, directory: directory)
    }

    /// What branching saved: the pauses, and the share of the day's events the runs did not simulate again.
    static func branching(_ trunk: RunTrunk, runs: [ExploredRun]) -> String {
        let day = Double(max(1, trunk.baseline.run.events))
        let shared = runs.reduce(0.0) { sum, run in
            sum + Double(run.plan.faults.map(\.start).min().map { trunk.eventsShared(before: $0) } ?? 0)
        }
        let share = runs.isEmpty ? 0 : shared / day / Double(runs.count)
        return "runs branched from the fault-free day paused at \(trunk.pauseTimes.count) times; each skipped on average "
            + "\(JSONValue.format(share * 100, digits: 0))% of the day's events (--whole-days runs every day from the start)"
    }

    /// Writes what an exploration found to `folder` (`directory` on the command line): the
    /// finding files, explore.json, explore.html, junit.xml; prints the summary.
    static func write(_ result: ExploreResult, scenarioText: String, to folder: OutputFolder, directory: String) throws(CommandFailure) {
        // Findings first, so a file that cannot be written stops before the summary claims it.
        let stale = folder.files(in: "findings")
        try writing { () throws(BoundaryError) in
            for name in stale where ExploreCommand.writes("findings/\(name)") { try folder.remove("findings/\(name)") }
            if !result.findings.isEmpty { try folder.makeSubfolder("findings") }
        }
        var files: [String] = []
        for finding in result.findings {
            let name = FindingFile.name(finding)
            let text: String
            do { text = try FindingFile.text(finding, result: result, scenarioText: scenarioText, path: "\(directory)/\(name)") } catch {
                throw CommandFailure(code: .internalError, message: "\(name): \(error)")
            }
            files.append(text)
            try writing { () throws(BoundaryError) in try folder.write(name, Array(text.utf8)) }
        }
        try writing { () throws(BoundaryError) in
            try folder.write("explore.json", Array((ExploreJSON.document(result).text() + "\n").utf8))
            try folder.write("explore.html", Array(ExploreHTML.page(result, files: files).utf8))
            try folder.write("junit.xml", Array(ExploreJUnit.xml(result).utf8))
        }
        print(ExploreSummary.text(result, directory: directory))
    }

    /// Exit 4 for an invariant broken, 1 for incident or SLA findings.
    static func verdict(_ result: ExploreResult, directory: String) throws(CommandFailure) {
        print("wrote \(directory)/explore.json, explore.html, junit.xml" + (result.findings.isEmpty ? "" : ", findings/ (\(result.findings.count) files)"))
        switch result.worst {
        case .invariant?: throw CommandFailure(code: .invariantBroken, message: "an invariant was broken: see \(directory)/explore.json")
        case .incident?, .sla?: throw CommandFailure(code: .breached, message: "\(result.findings.count) finding(s): see \(directory)/findings/")
        case nil: break
        }
    }
}

/// One status line on standard error for a long search: runs done of planned, and what runs.
final class StatusLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastDrawn: UInt64 = 0
    private var drawn = false

    init(quiet: Bool) { enabled = !quiet && isatty(STDERR_FILENO) == 1 }

    func show(done: Int, of planned: Int, _ what: String) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDrawn >= 200_000_000 else { return }
        lastDrawn = now
        let seconds = Double(now - started) / 1e9
        let rate = Double(done) / max(seconds, 1e-9)
        let of = planned < Int.max / 8 ? " of \(planned)" : ""
        FileHandle.standardError.write(Data(("\r\u{1B}[2K\(what): \(done)\(of) runs, \(JSONValue.format(rate, digits: 1)) runs/s").utf8))
        drawn = true
    }

    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
