import ArgumentParser
import Boundary
import Explore
import Foundation
import Harness
import Reports

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over many seeds, in parallel, and summarise them.",
        discussion: """
            Each seed runs in its own process (each run deterministic on its own), --jobs at a
            time, and leaves a record in OUT/seeds/<seed>.json. OUT/summary.md and summary.json
            give the pass rate, the worst seeds per check, the spread of each fault's RTO and
            of each latency row's p99, and every failing seed with the command that reproduces it.
            Records an earlier sweep left in OUT/seeds are replaced.

            --shard K/N runs every N-th seed from the K-th (1 ≤ K ≤ N), for a CI matrix or a
            Kubernetes Indexed Job (deploy/k8s/sweep-job.yaml); `firedrill merge` joins the
            shards' folders into a summary byte-identical to the unsharded sweep's.

            Exit codes: 0 every seed passed; 1 a seed failed; 2 invalid input, or a scenario over
            its budget (--max-*); 3 internal error; 5 a seed spent its event or wall-time budget.
            """
    )

    @Argument(help: "Scenario file (YAML).") var scenario: String
    @Option(help: "Seeds: 1-1000, or a list like 1,5,9-12.") var seeds: String
    @Option(help: "Runs at once (default: the number of cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Run only shard K of N, e.g. 2/4.") var shard: String?
    @Option(help: "A layout file whose topology replaces the scenario's.") var layout: String?
    @Option(help: "Directory for the seed records and the summary.") var out: String
    @Flag(help: "No progress on standard error.") var quiet = false
    @OptionGroup(title: "Budget") var limits: BudgetOptions

    func run() throws {
        guard jobs >= 1 && jobs <= 256 else { throw CommandFailure(code: .invalidInput, message: "--jobs: expected 1…256, got \(jobs)") }
        var list = try harness { () throws(HarnessError) in try Sweep.seeds(seeds) }
        if let shard {
            let (k, n) = try harness { () throws(HarnessError) in try Sweep.shard(shard) }
            list = Sweep.seeds(list, shard: k, of: n)
        }
        // Check the scenario once here rather than in every child.
        let budget = try limits.budget()
        _ = try harness { () throws(HarnessError) in try PreparedRun.prepare(scenario: scenario, layout: layout, budget: budget) }
        let folder = try harness { () throws(HarnessError) in try Sweep.folder(out) }
        if list.isEmpty {
            // A CI matrix may have more shards than seeds: this one has nothing to run. Its
            // folder holds an empty seeds/, which merge reads as no records.
            try writing { () throws(BoundaryError) in try folder.makeSubfolder(Sweep.recordsFolder) }
            print("sweep \(scenario): shard \(shard ?? "") has no seeds of the \(try harness { () throws(HarnessError) in try Sweep.seeds(seeds) }.count) given; nothing to run")
            return
        }
        // The summary covers every record in the folder: an earlier sweep's records go first
        // (only the regular files a sweep writes there are removed).
        let stale = folder.files(in: Sweep.recordsFolder)
        if !stale.isEmpty {
            if !quiet { printToStandardError("firedrill: replacing \(stale.count) seed record(s) of an earlier sweep in \(out)/\(Sweep.recordsFolder)") }
            try writing { () throws(BoundaryError) in for name in stale { try folder.remove("\(Sweep.recordsFolder)/\(name)") } }
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let runner = ChildRuns(jobs: jobs, quiet: quiet)
        try runner.run(list.map { seed in
            var arguments = ["sweep-seed", scenario, "--seed", String(seed), "--out", out]
            if let layout { arguments += ["--layout", layout] }
            arguments += limits.arguments
            return (label: "seed \(seed)", arguments: arguments)
        })
        let summary = try harness { () throws(HarnessError) in try SweepSummary.merge([out], into: folder) }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        print("sweep \(scenario): \(summary.passed) of \(summary.seeds) seeds passed; \(list.count) run here with --jobs \(jobs) "
            + "in \(JSONValue.format(wall, digits: 1)) s")
        for r in summary.failing.prefix(10) { print("  failed seed \(r.seed): \(r.command)") }
        if summary.failing.count > 10 { print("  … and \(summary.failing.count - 10) more in \(out)/summary.md") }
        print("wrote \(out)/summary.md, summary.json, \(Sweep.recordsFolder)/")
        if !summary.failing.isEmpty { throw CommandFailure(code: .breached, message: "\(summary.failing.count) seed(s) failed: see \(out)/summary.md") }
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shards of a sweep or of an exploration into the whole.",
        discussion: """
            Sweep shards (sweep --shard): reads every OUT/seeds/*.json of the given folders. A seed
            in two folders must have the same record; records of different scenarios, layouts or
            input files are refused. Writes the records and summary.md, summary.json to --out.

            Exploration shards (explore --shard): reads each folder's explore-shard.json. Every
            shard of one exploration must be given once; the scenario and layout they name must
            be unchanged (their SHA-256 is compared). Builds the stack, runs it once without faults
            to check the baseline, and writes explore.json, explore.html, junit.xml and findings/
            to --out, the same bytes as the unsharded exploration writes to that folder.

            Exit codes: 0 every seed passed, or nothing found; 1 a seed failed, or incident or SLA
            findings; 2 invalid input; 4 an exploration found an invariant broken.
            """
    )

    @Argument(help: "Sweep or exploration output folders (shards).") var directories: [String]
    @Option(help: "Directory for the merged result.") var out: String

    func run() throws {
        guard !directories.isEmpty else { throw CommandFailure(code: .invalidInput, message: "merge: name at least one sweep or exploration folder") }
        let out = self.out, directories = self.directories
        let explored = directories.filter { ExploreMerge.holdsShard($0) }
        if !explored.isEmpty {
            guard explored.count == directories.count else {
                throw CommandFailure(code: .invalidInput, message: "merge: \(explored[0]) holds an exploration shard but "
                    + "\(directories.first { !explored.contains($0) } ?? "another folder") does not: merge sweeps or explorations, not both")
            }
            let folder: OutputFolder
            do { folder = try OutputFolder(out, in: .workingDirectory, writes: ExploreCommand.writes) } catch {
                throw CommandFailure(code: .invalidInput, message: error.description)
            }
            let (result, text) = try harness { () throws(HarnessError) in try ExploreMerge.merge(directories, jobs: 1) }
            print("merged \(directories.count) exploration shard(s): \(result.runs.count) runs, \(result.findings.count) finding(s)")
            try ExploreCommand.write(result, scenarioText: text, to: folder, directory: out)
            try ExploreCommand.verdict(result, directory: out)
            return
        }
        let summary = try harness { () throws(HarnessError) in try SweepSummary.merge(directories, into: try Sweep.folder(out)) }
        print("merged \(directories.count) folder(s): \(summary.passed) of \(summary.seeds) seeds passed; wrote \(out)/summary.md, summary.json")
        if !summary.failing.isEmpty { throw CommandFailure(code: .breached, message: "\(summary.failing.count) seed(s) failed: see \(out)/summary.md") }
    }
}

/// One seed of a sweep, in a process of its own: runs it and writes its record.
struct SweepSeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sweep-seed", abstract: "Run one seed of a sweep (used by sweep).",
                                                    shouldDisplay: false)

    @Argument var scenario: String
    @Option var seed: UInt64
    @Option var layout: String?
    @Option var out: String
    @OptionGroup var limits: BudgetOptions

    func run() throws {
        let budget = try limits.budget()
        let prepared = try harness { () throws(HarnessError) in try PreparedRun.prepare(scenario: scenario, seed: seed, layout: layout, budget: budget) }
        let report = try harness { () throws(HarnessError) in try prepared.run() }
        let out = self.out
        try harness { () throws(HarnessError) in try Sweep.write(SeedRecord(prepared: prepared, report: report), to: try Sweep.folder(out)) }
    }
}

/// Runs this executable's subcommands as child processes, a few at a time, with a progress line.
final class ChildRuns {
    let jobs: Int
    let bar: Bool

    init(jobs: Int, quiet: Bool) {
        self.jobs = jobs
        bar = !quiet && isatty(STDERR_FILENO) == 1
    }

    static var executable: URL {
        let link = "/proc/self/exe"
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: link) { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0])
    }

    /// Runs every job; a child that exits 2 or 3 stops the lot with its message. Exit 0 and 1
    /// are both a finished run (its verdict is in its record).
    func run(_ work: [(label: String, arguments: [String])]) throws(CommandFailure) {
        var pending = work[...]
        var running: [(label: String, process: Process, errors: FileHandle, path: String)] = []
        var done = 0
        let started = DispatchTime.now().uptimeNanoseconds
        defer { if bar { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) } }
        while !pending.isEmpty || !running.isEmpty {
            while running.count < jobs, let next = pending.popFirst() {
                let process = Process()
                process.executableURL = ChildRuns.executable
                process.arguments = next.arguments
                let errorPath = NSTemporaryDirectory() + "firedrill-child-\(ProcessInfo.processInfo.processIdentifier)-\(done + running.count).err"
                _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
                guard let errors = FileHandle(forWritingAtPath: errorPath) else {
                    throw CommandFailure(code: .internalError, message: "cannot create \(errorPath)")
                }
                process.standardError = errors
                process.standardOutput = FileHandle.nullDevice
                do { try process.run() } catch {
                    throw CommandFailure(code: .internalError, message: "cannot start \(ChildRuns.executable.path): \(error.localizedDescription)")
                }
                running.append((next.label, process, errors, errorPath))
            }
            usleep(20_000)
            var k = 0
            while k < running.count {
                let child = running[k]
                if child.process.isRunning { k += 1; continue }
                running.remove(at: k)
                try? child.errors.close()
                let message = (try? String(contentsOfFile: child.path, encoding: .utf8)) ?? ""
                try? FileManager.default.removeItem(atPath: child.path)
                let status = child.process.terminationStatus
                if child.process.terminationReason != .exit || status > 1 {
                    for other in running { other.process.terminate() }
                    let code: ExitStatus = status == ExitStatus.invalidInput.rawValue ? .invalidInput
                        : status == ExitStatus.budgetExceeded.rawValue ? .budgetExceeded : .internalError
                    // The child's message already names the file; drop its own "firedrill: " prefix.
                    var said = message.trimmingCharacters(in: .whitespacesAndNewlines)
                    if said.hasPrefix("firedrill: ") { said.removeFirst("firedrill: ".count) }
                    throw CommandFailure(code: code, message: "\(child.label): " + (said.isEmpty ? "exited with status \(status)" : said))
                }
                done += 1
            }
            if bar {
                let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                let eta = done == 0 ? "--" : "\(Int((wall / Double(done) * Double(work.count - done)).rounded())) s"
                FileHandle.standardError.write(Data("\r\u{1B}[2K\(done)/\(work.count) done, \(running.count) running, ETA \(eta)".utf8))
            }
        }
    }
}
