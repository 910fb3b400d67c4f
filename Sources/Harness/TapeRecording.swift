import Boundary
import Kernel
import Reports

/// Recording a run as a golden tape, and rerunning a tape to prove nothing changed.
public enum TapeRecording {
    /// Lines a tape keeps in full by default: a short day's stream fits, an exchange day's
    /// does not, and then the tape keeps its blocks' hashes only.
    public static let defaultDetailLimit = 1 << 20
    public static let defaultBlockEvents = 65_536

    /// Runs `prepared` and returns its tape and report.
    public static func record(_ prepared: PreparedRun, boundary: FileBoundary = .workingDirectory, blockEvents: Int = defaultBlockEvents,
                              detail: EventTape.Detail = .within(defaultDetailLimit),
                              progress: ((RunProgress) -> Void)? = nil) throws(HarnessError) -> (tape: GoldenTape, report: RunReport) {
        guard blockEvents > 0 && blockEvents <= GoldenTape.maxCount else {
            throw .input("--block-events: expected 1…\(GoldenTape.maxCount), got \(blockEvents)")
        }
        // A tape names its files relative to the repository root, which verify reads from.
        func relative(_ path: String) throws(HarnessError) -> String {
            guard let relative = boundary.relative(path) else {
                throw .input("\(path): lies outside the repository root \(boundary.root); record a tape from the repository that "
                    + "holds its scenario, so that verify can find it there")
            }
            return relative
        }
        let scenario = try relative(prepared.scenario)
        var inputs: [InputFile] = []
        for input in prepared.inputs { inputs.append(InputFile(path: try relative(input.path), sha256: input.sha256)) }
        let events = EventTape(blockEvents: blockEvents, detail: detail)
        let report = try prepared.run(tape: events, progress: progress)
        let tape = GoldenTape(firedrill: ToolVersion.current, scenario: scenario, inputs: inputs,
                              seed: prepared.config.seed, tape: events, digest: report.run.digest)
        return (tape, report)
    }

    /// Reruns `tape`'s scenario and seed and compares. Inputs that changed since the recording
    /// are reported without a run: the tape no longer describes them. The tape's paths are the
    /// tape's own, so they are read as a file's: inside `boundary` only.
    public static func verify(_ tape: GoldenTape, boundary: FileBoundary = .workingDirectory, budget: RunBudget = .standard,
                              progress: ((RunProgress) -> Void)? = nil) throws(HarnessError) -> TapeVerification {
        var changed: [TapeVerification.ChangedInput] = []
        for input in tape.inputs {
            let now: InputFile?
            if boundary.exists(boundary.path(input.path)) {
                now = try InputFile.hashing(boundary.path(input.path), from: .file, in: boundary)
            } else {
                now = nil
            }
            if now?.sha256 != input.sha256 { changed.append(.init(path: input.path, recorded: input.sha256, now: now?.sha256)) }
        }
        if !changed.isEmpty { return TapeVerification(tape: tape, changedInputs: changed, now: nil, divergence: nil) }
        let prepared = try PreparedRun.prepare(scenario: boundary.path(tape.scenario), seed: tape.seed, boundary: boundary, origin: .file, budget: budget)
        let detailed = tape.blocks.filter { $0.lines != nil }.map(\.index)
        let events = EventTape(blockEvents: tape.blockEvents, detail: .blocks(detailed), expected: tape.blocks.map(\.sha256))
        let report = try prepared.run(tape: events, progress: progress)
        let now = GoldenTape(firedrill: ToolVersion.current, scenario: tape.scenario, inputs: prepared.inputs, seed: tape.seed,
                             tape: events, digest: report.run.digest)
        return TapeVerification(tape: tape, changedInputs: [], now: now, divergence: TapeDivergence.first(recorded: tape, now: now))
    }
}

/// What `verify` found.
public struct TapeVerification: Equatable, Sendable {
    public struct ChangedInput: Equatable, Sendable {
        public var path: String
        public var recorded: String
        /// nil when the file is gone.
        public var now: String?
    }

    public var tape: GoldenTape
    public var changedInputs: [ChangedInput]
    /// The rerun's own tape (nil when inputs changed and nothing ran).
    public var now: GoldenTape?
    public var divergence: TapeDivergence?

    /// Whether the rerun is byte-identical to the recording.
    public var identical: Bool { changedInputs.isEmpty && now != nil && divergence == nil }

    /// What `verify` prints: one verdict line, then the facts behind it.
    public func explanation(tapePath: String) -> [String] {
        if !changedInputs.isEmpty {
            var out = ["\(tapePath): the inputs changed since the tape was recorded, so it was not rerun; record it again if the change is meant:"]
            for c in changedInputs {
                out.append("  \(c.path): recorded sha256 \(c.recorded.prefix(12))…, now " + (c.now.map { "\($0.prefix(12))…" } ?? "missing"))
            }
            if changedInputs.contains(where: { $0.now == nil }) {
                out.append("  (paths are relative to the folder the tape was recorded in, usually the repository's root: run verify from there)")
            }
            return out
        }
        guard let now else { return ["\(tapePath): not rerun"] }
        guard let divergence else {
            return ["\(tapePath): identical: \(tape.lines) lines (events and trades), \(tape.trades) of them trades, digest \(tape.digest)"]
        }
        var out: [String] = []
        let version = tape.firedrill == now.firedrill ? "" : " (recorded by FireDrill \(tape.firedrill), rerun by \(now.firedrill))"
        switch divergence {
        case let .event(index, block, recorded, current):
            out.append("\(tapePath): DIVERGED at event \(index) (block \(block))\(version)")
            let r = recorded.map(TapeLine.init), c = current.map(TapeLine.init)
            out.append("  time      " + [r?.time, c?.time].compactMap { $0.map { Excerpt.of($0, limit: 40) } }.uniqued().joined(separator: " | now "))
            out.append("  node      " + [r?.node, c?.node].compactMap { $0.map { Excerpt.of($0, limit: 40) } }.uniqued().joined(separator: " | now "))
            out.append("  recorded  " + (recorded.map { Excerpt.of($0, limit: 400) } ?? "(the recorded run had ended)"))
            out.append("  now       " + (current.map { Excerpt.of($0, limit: 400) } ?? "(the run ended)"))
        case let .block(r, c):
            let last = r.first + r.count - 1
            out.append("\(tapePath): DIVERGED in block \(r.index): events \(r.first)–\(last), from \(r.firstTime.formatted(fractionDigits: 9))\(version)")
            out.append("  recorded  sha256 \(r.sha256)")
            out.append("  now       sha256 \(c?.sha256 ?? "(the run ended earlier)")")
            if let first = c?.lines?.first { out.append("  now, the block's first event: \(first)") }
            out.append("  the tape keeps this block's hash, not its events. To see the recorded events, with the FireDrill that recorded")
            out.append("  the tape (\(tape.firedrill)) run: firedrill record \(tape.scenario) --seed \(tape.seed) --block-events \(tape.blockEvents) "
                + "--detail-blocks \(r.index) --tape block-\(r.index).tape")
            out.append("  then verify that tape with this FireDrill: it names the first event that differs.")
        case let .trades(r, c):
            out.append("\(tapePath): DIVERGED in the trades' hash with every event line equal (was the tape edited?)\(version)")
            out.append("  recorded  \(r)")
            out.append("  now       \(c)")
        case let .finalState(r, c):
            out.append("\(tapePath): DIVERGED after the last event: the final state (asset stores, order outcomes) differs\(version)")
            out.append("  recorded digest \(r)")
            out.append("  now      digest \(c)")
        }
        return out
    }
}

extension Array where Element == String {
    /// The elements with repeats of the one before dropped (`[a, a]` → `[a]`).
    func uniqued() -> [String] {
        var out: [String] = []
        for e in self where out.last != e { out.append(e) }
        return out
    }
}
