import Boundary
import Kernel

/// A recorded run, as a text file (`Results/golden/*.tape`): what was run (FireDrill's version,
/// the scenario and the hash of every input file, the seed), the canonical event stream in
/// hashed blocks — each block's lines kept when the tape was recorded in detail — the trades'
/// hash and the run's digest. `verify` reruns it and compares.
///
/// ```
/// format firedrill.tape/1
/// firedrill 0.6.0
/// scenario Scenarios/short-day.yaml
/// input Scenarios/short-day.yaml 3f1c…
/// seed 5
/// block_events 65536
/// lines 349864
/// trades 10418
/// trades_sha256 9a0e…
/// digest 9882825d…
/// block 0 first 0 count 65536 at 09:10:00.000000000 sha256 c0ff…
///   09:10:00.000000000 population-I timer arrival
///   …
/// end
/// ```
public struct GoldenTape: Equatable, Sendable {
    public static let format = "firedrill.tape/1"

    public var firedrill: String
    public var scenario: String
    public var inputs: [InputFile]
    public var seed: UInt64
    public var blockEvents: Int
    /// Lines in the stream: the events the run handled and the trades they made.
    public var lines: Int
    public var trades: Int
    public var tradesSHA256: String
    public var digest: String
    public var blocks: [EventTape.Block]

    public init(firedrill: String, scenario: String, inputs: [InputFile], seed: UInt64, tape: EventTape, digest: String) {
        self.firedrill = firedrill; self.scenario = scenario; self.inputs = inputs; self.seed = seed
        blockEvents = tape.blockEvents; lines = tape.lineCount; trades = tape.tradeCount
        tradesSHA256 = tape.tradesSHA256; self.digest = digest; blocks = tape.blocks
    }

    /// Whether every block keeps its lines.
    public var isDetailed: Bool { blocks.allSatisfy { $0.lines != nil } }

    /// The file's text.
    public var text: String {
        var out = "# FireDrill golden tape. `firedrill verify <this file>` reruns the scenario and compares.\n"
        out += "format \(GoldenTape.format)\n"
        out += "firedrill \(firedrill)\n"
        out += "scenario \(scenario)\n"
        for input in inputs { out += "input \(input.path) \(input.sha256)\n" }
        out += "seed \(seed)\n"
        out += "block_events \(blockEvents)\n"
        out += "lines \(lines)\n"
        out += "trades \(trades)\n"
        out += "trades_sha256 \(tradesSHA256)\n"
        out += "digest \(digest)\n"
        for b in blocks {
            out += "block \(b.index) first \(b.first) count \(b.count) at \(b.firstTime.formatted(fractionDigits: 9)) sha256 \(b.sha256)\n"
            for line in b.lines ?? [] { out += "  " + line + "\n" }
        }
        out += "end\n"
        return out
    }

    /// Reads a tape file's `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(TapeFileError) -> GoldenTape {
        var tape = GoldenTape(firedrill: "", scenario: "", inputs: [], seed: 0, blockEvents: 0, lines: 0, trades: 0,
                              tradesSHA256: "", digest: "", blocks: [])
        var seen: Set<String> = []
        var ended = false
        var lineNumber = 0
        func fail(_ field: String, _ message: String) -> TapeFileError { TapeFileError(file: file, line: lineNumber, field: field, message: message) }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if ended { throw fail("", "text after `end`") }
            if line.hasPrefix("  ") {
                guard !tape.blocks.isEmpty else { throw fail("event", "an event line before any block") }
                let last = tape.blocks.count - 1
                if tape.blocks[last].lines == nil { tape.blocks[last].lines = [] }
                tape.blocks[last].lines!.append(String(line.dropFirst(2)))
                continue
            }
            let words = line.split(separator: " ").map(String.init)
            guard let key = words.first else { throw fail("", "a line of spaces only; event lines start with two spaces and an event") }
            if key != "input" && key != "block" && key != "end" {
                guard words.count == 2 else { throw fail(Excerpt.of(key), "expected `\(Excerpt.of(key)) <value>`") }
                guard seen.insert(key).inserted else { throw fail(key, "appears twice") }
            }
            func count(_ text: String, _ field: String) throws(TapeFileError) -> Int {
                guard let n = Int(text), n >= 0, n <= GoldenTape.maxCount else {
                    throw fail(field, "expected a count 0…\(GoldenTape.maxCount), got \"\(Excerpt.of(text))\"")
                }
                return n
            }
            func sha(_ text: String, _ field: String) throws(TapeFileError) -> String {
                guard text.count == 64, text.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                    throw fail(field, "expected 64 lowercase hex digits, got \"\(Excerpt.of(text))\"")
                }
                return text
            }
            switch key {
            case "format":
                guard words[1] == GoldenTape.format else { throw fail("format", "this FireDrill reads \(GoldenTape.format), not \(Excerpt.of(words[1]))") }
            case "firedrill":
                guard words[1].utf8.count <= 64, words[1].unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
                    throw fail("firedrill", "expected a version like 0.6.0, got \"\(Excerpt.of(words[1]))\"")
                }
                tape.firedrill = words[1]
            case "scenario":
                if let problem = GoldenTape.pathProblem(words[1]) { throw fail("scenario", problem) }
                tape.scenario = words[1]
            case "input":
                guard words.count == 3 else { throw fail("input", "expected `input <path> <sha256>`") }
                if let problem = GoldenTape.pathProblem(words[1]) { throw fail("input", problem) }
                tape.inputs.append(InputFile(path: words[1], sha256: try sha(words[2], "input")))
            case "seed":
                guard let s = UInt64(words[1]), s <= UInt64(Int64.max) else { throw fail("seed", "expected a seed 0…\(Int64.max), got \"\(Excerpt.of(words[1]))\"") }
                tape.seed = s
            case "block_events":
                tape.blockEvents = try count(words[1], "block_events")
                if tape.blockEvents == 0 { throw fail("block_events", "must be at least 1") }
            case "lines": tape.lines = try count(words[1], "lines")
            case "trades": tape.trades = try count(words[1], "trades")
            case "trades_sha256": tape.tradesSHA256 = try sha(words[1], "trades_sha256")
            case "digest": tape.digest = try sha(words[1], "digest")
            case "block":
                guard words.count == 10, words[2] == "first", words[4] == "count", words[6] == "at", words[8] == "sha256" else {
                    throw fail("block", "expected `block <n> first <event> count <n> at <time> sha256 <hex>`")
                }
                let index = try count(words[1], "block")
                guard index == tape.blocks.count else { throw fail("block", "expected block \(tape.blocks.count), found \(index)") }
                guard let at = try? SimTime(parsing: words[7]) else { throw fail("block", "expected a clock time, got \"\(Excerpt.of(words[7]))\"") }
                let first = try count(words[3], "block"), n = try count(words[5], "block")
                // Blocks follow one another: each starts where the one before it ended, and
                // holds at most block_events lines (so no sum of them can overflow).
                let expectedFirst = tape.blocks.last.map { $0.first + $0.count } ?? 0
                guard first == expectedFirst else { throw fail("block", "block \(index) starts at event \(first); the blocks before it end at \(expectedFirst)") }
                guard n >= 1, tape.blockEvents == 0 || n <= tape.blockEvents else {
                    throw fail("block", "block \(index) holds \(n) lines; a block holds 1…block_events (\(tape.blockEvents))")
                }
                tape.blocks.append(EventTape.Block(index: index, first: first, count: n, firstTime: at, sha256: try sha(words[9], "block"), lines: nil))
            case "end": ended = true
            default: throw fail(Excerpt.of(key), "unknown line; expected format, firedrill, scenario, input, seed, block_events, lines, trades, trades_sha256, digest, block or end")
            }
        }
        for key in ["format", "firedrill", "scenario", "seed", "block_events", "lines", "trades", "trades_sha256", "digest"] where !seen.contains(key) {
            throw TapeFileError(file: file, line: 0, field: key, message: "missing")
        }
        guard ended else { throw TapeFileError(file: file, line: lineNumber, field: "end", message: "the tape is cut short: no `end` line") }
        let counted = tape.blocks.last.map { $0.first + $0.count } ?? 0
        if !tape.blocks.isEmpty && counted != tape.lines {
            throw TapeFileError(file: file, line: 0, field: "lines", message: "the tape says \(tape.lines) lines; its blocks hold \(counted)")
        }
        for b in tape.blocks {
            if b.count > tape.blockEvents {
                throw TapeFileError(file: file, line: 0, field: "block \(b.index)", message: "holds \(b.count) lines, more than block_events (\(tape.blockEvents))")
            }
            if let lines = b.lines, lines.count != b.count {
                throw TapeFileError(file: file, line: 0, field: "block \(b.index)", message: "holds \(lines.count) event lines, its header says \(b.count)")
            }
        }
        return tape
    }

    /// The largest count a tape may state (lines, trades, block numbers): far above any day's
    /// stream, far below what would overflow when counts are added.
    public static let maxCount = 1 << 48

    /// Why `path` may not be named in a tape, or nil: a tape names files relative to the
    /// repository root it was recorded in, inside it, in plain characters.
    public static func pathProblem(_ path: String) -> String? {
        if path.unicodeScalars.count > 1024 { return "a path of \(path.unicodeScalars.count) characters; at most 1024" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0.properties.generalCategory == .format }) {
            return "\"\(Excerpt.of(path))\" holds control characters"
        }
        if path.hasPrefix("/") || path.hasPrefix("~") {
            return "\"\(Excerpt.of(path))\" is not relative; a tape names files relative to the repository root, and verify reads nothing else"
        }
        if path.split(separator: "/").contains("..") {
            return "\"\(Excerpt.of(path))\" climbs out with \"..\"; a tape names files inside the repository root only"
        }
        return nil
    }

    init(firedrill: String, scenario: String, inputs: [InputFile], seed: UInt64, blockEvents: Int, lines: Int, trades: Int,
         tradesSHA256: String, digest: String, blocks: [EventTape.Block]) {
        self.firedrill = firedrill; self.scenario = scenario; self.inputs = inputs; self.seed = seed; self.blockEvents = blockEvents
        self.lines = lines; self.trades = trades; self.tradesSHA256 = tradesSHA256; self.digest = digest; self.blocks = blocks
    }
}

/// A tape file that cannot be read, at `file:line` and the field.
public struct TapeFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var message: String

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }
}
