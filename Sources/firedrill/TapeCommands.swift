import ArgumentParser
import Boundary
import Foundation
import Harness
import Kernel
import Reports

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Run a scenario and record its event and trade stream as a golden tape.",
        discussion: """
            The tape stores FireDrill's version, the scenario and the SHA-256 of every file it
            read, the seed, the run's digest, and the canonical stream of events and trades in
            blocks of --block-events lines, each with its SHA-256. A stream of up to 1,048,576
            lines is kept in full, so `verify` can name the first event that differs and show
            both versions; a longer one keeps its blocks' hashes only (--detail-blocks keeps
            chosen blocks in full). Commit tapes under Results/golden/.

            Exit codes: 0 recorded; 2 invalid input; 3 internal error; 5 the run spent its event
            or wall-time budget (--max-events, --max-wall). The run's verdict does not matter here.
            """
    )

    @Argument(help: "Scenario file (YAML).") var scenario: String
    @Option(help: "Seed; overrides the scenario's.") var seed: UInt64?
    @Option(help: "Where to write the tape, e.g. Results/golden/default.tape.") var tape: String
    @Option(help: "Lines per hashed block.") var blockEvents: Int = TapeRecording.defaultBlockEvents
    @Option(help: "Keep these blocks' lines in full (comma-separated block numbers), and only these.") var detailBlocks: String?
    @Flag(help: "Keep every line, however long the stream.") var full = false
    @Flag(help: "No progress bar on standard error.") var quiet = false
    @OptionGroup(title: "Budget") var limits: BudgetOptions

    func run() throws {
        var detail = EventTape.Detail.within(TapeRecording.defaultDetailLimit)
        if full { detail = .all }
        if let detailBlocks {
            var blocks: [Int] = []
            for part in detailBlocks.split(separator: ",") {
                guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 0 else {
                    throw CommandFailure(code: .invalidInput, message: "--detail-blocks: expected block numbers like 3,17, got \"\(detailBlocks)\"")
                }
                blocks.append(n)
            }
            detail = .blocks(blocks)
        }
        let budget = try limits.budget()
        let prepared = try harness { () throws(HarnessError) in try PreparedRun.prepare(scenario: scenario, seed: seed, budget: budget) }
        // Where the tape goes is checked before the run, not after it.
        try writing { () throws(BoundaryError) in try OutputFolder.prepareFile(tape, in: .workingDirectory) }
        let bar = ProgressBar(quiet: quiet)
        let (golden, report) = try harness { () throws(HarnessError) in
            try TapeRecording.record(prepared, blockEvents: blockEvents, detail: detail, progress: bar.update)
        }
        bar.finish()
        try writing { () throws(BoundaryError) in try OutputFolder.writeFile(tape, Array(golden.text.utf8), in: .workingDirectory) }
        let kept = golden.blocks.filter { $0.lines != nil }.count
        print("recorded \(tape): \(golden.lines) lines (events and trades, \(golden.trades) of them trades) in \(golden.blocks.count) blocks "
            + "(\(kept == golden.blocks.count ? "all" : "\(kept)") kept in full), digest \(golden.digest), "
            + "\(JSONValue.format(report.wallSeconds, digits: 1)) s")
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Rerun a golden tape's scenario and seed and check the run is byte-identical.",
        discussion: """
            Checks first that every input file still has its recorded SHA-256, then reruns and
            compares the event stream block by block, then the trades and the digest. On the
            first difference it prints the event's simulated time and node and both versions of
            it (or, for a tape that keeps hashes only, the block and how to see its events).

            Exit codes: 0 identical; 1 a difference, or inputs changed since the recording;
            2 the tape cannot be read, or names a file outside the repository; 3 internal error;
            5 the rerun spent its event or wall-time budget.
            """
    )

    @Argument(help: "Tape file(s) to verify.") var tapes: [String]
    @Flag(help: "No progress bar on standard error.") var quiet = false
    @OptionGroup(title: "Budget") var limits: BudgetOptions

    func run() throws {
        guard !tapes.isEmpty else { throw CommandFailure(code: .invalidInput, message: "verify: name at least one tape file") }
        let budget = try limits.budget()
        var failed = 0
        for path in tapes {
            let golden = try InputFiles.parseTape(path)
            let bar = ProgressBar(quiet: quiet, label: (path as NSString).lastPathComponent)
            let result = try harness { () throws(HarnessError) in try TapeRecording.verify(golden, budget: budget, progress: bar.update) }
            bar.finish()
            for line in result.explanation(tapePath: path) { print(line) }
            if !result.identical { failed += 1 }
        }
        if failed > 0 {
            throw CommandFailure(code: .breached, message: "\(failed) of \(tapes.count) tape\(tapes.count == 1 ? "" : "s") did not verify")
        }
    }
}

extension InputFiles {
    static func parseTape(_ path: String) throws(CommandFailure) -> GoldenTape {
        let contents = try text(path)
        do { return try GoldenTape.parse(contents, file: path) } catch {
            throw CommandFailure(code: .invalidInput, message: error.description)
        }
    }
}
