import Crypto

/// A run's canonical event stream as text, kept while the run goes: one line per handled event
/// (and per trade), hashed in blocks of `blockEvents` lines, with the lines themselves kept for
/// the blocks asked for in detail. A golden tape stores the blocks; verifying reruns the
/// scenario into a new tape and compares the two block by block.
///
/// A line is `HH:MM:SS.nnnnnnnnn <node> <what>`; lines never contain a newline.
public final class EventTape {
    /// `blockEvents` consecutive lines: their SHA-256 (over each line followed by `\n`), and the
    /// lines when the block was kept in detail.
    public struct Block: Equatable, Sendable {
        public var index: Int
        /// Index of the block's first line in the stream.
        public var first: Int
        public var count: Int
        /// The first line's time.
        public var firstTime: SimTime
        public var sha256: String
        public var lines: [String]?

        public init(index: Int, first: Int, count: Int, firstTime: SimTime, sha256: String, lines: [String]?) {
            self.index = index; self.first = first; self.count = count; self.firstTime = firstTime
            self.sha256 = sha256; self.lines = lines
        }
    }

    /// Which blocks keep their lines.
    public enum Detail: Equatable, Sendable {
        case none
        case all
        /// The blocks holding any line with these indices.
        case lines(Range<Int>)
        /// These block indices.
        case blocks([Int])
        /// Every block, as long as the whole stream stays within this many lines; past it, none.
        case within(Int)
    }

    public let blockEvents: Int
    public let detail: Detail
    /// Block hashes to compare against while recording: the first block that differs keeps its
    /// lines even outside `detail`, so a divergence can be shown without a second run.
    public let expected: [String]
    public private(set) var blocks: [Block] = []
    public private(set) var lineCount = 0
    /// Lines that were trades, and the SHA-256 of those lines alone.
    public private(set) var tradeCount = 0

    private var tradeHasher = SHA256()
    /// The current block's lines as UTF-8, each ending in `\n`: hashed once when the block closes,
    /// and split into lines only when the block is kept.
    private var bytes: [UInt8] = []
    private var currentCount = 0
    private var currentFirstTime = SimTime.midnight
    private var keepCurrent = false
    private var firstMismatchKept = false
    private var finished = false
    private var tradesDigest = ""

    public init(blockEvents: Int = 65_536, detail: Detail = .none, expected: [String] = []) {
        precondition(blockEvents > 0, "a tape block holds at least one line")
        self.blockEvents = blockEvents
        self.detail = detail
        self.expected = expected
        bytes.reserveCapacity(min(blockEvents, 1 << 16) * 64)
    }

    /// Appends one event's line.
    public func record(_ time: SimTime, _ node: String, _ what: String) {
        append(time, node, what)
    }

    /// Appends one trade's line; trades are also hashed on their own.
    public func recordTrade(_ time: SimTime, _ node: String, _ what: String) {
        append(time, node, what)
        tradeCount += 1
        bytes.withUnsafeBytes { tradeHasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[lineStart...])) }
    }

    /// Where the last line appended starts in `bytes`.
    private var lineStart = 0

    private func append(_ time: SimTime, _ node: String, _ what: String) {
        precondition(!finished, "the tape is finished")
        // A full block closes when the next line comes (or at `finish`).
        if currentCount == blockEvents { closeBlock() }
        if currentCount == 0 { startBlock(); currentFirstTime = time }
        lineStart = bytes.count
        EventTape.writeClock(time, into: &bytes)
        bytes.append(32)
        bytes.append(contentsOf: node.utf8)
        bytes.append(32)
        bytes.append(contentsOf: what.utf8)
        bytes.append(10)
        currentCount += 1
        lineCount += 1
        if case let .within(limit) = detail, lineCount == limit + 1 {
            // Too long to keep in detail: the tape keeps hashes only.
            for k in blocks.indices { blocks[k].lines = nil }
            keepCurrent = false
        }
    }

    /// `HH:MM:SS.nnnnnnnnn` as `SimTime.formatted(fractionDigits: 9)` writes it, straight into bytes.
    static func writeClock(_ t: SimTime, into out: inout [UInt8]) {
        guard t.nanos >= 0 && t.nanos < 100 * 3_600 * 1_000_000_000 else {
            out.append(contentsOf: t.formatted(fractionDigits: 9).utf8)
            return
        }
        let seconds = t.nanos / 1_000_000_000
        let frac = t.nanos % 1_000_000_000
        func two(_ v: Int64) { out.append(UInt8(48 + v / 10)); out.append(UInt8(48 + v % 10)) }
        two(seconds / 3_600); out.append(58)
        two(seconds / 60 % 60); out.append(58)
        two(seconds % 60); out.append(46)
        var unit: Int64 = 100_000_000
        while unit > 0 { out.append(UInt8(48 + frac / unit % 10)); unit /= 10 }
    }

    private func startBlock() {
        let index = blocks.count
        switch detail {
        case .none: keepCurrent = false
        case .all: keepCurrent = true
        case let .lines(range): keepCurrent = range.overlaps(index * blockEvents ..< (index + 1) * blockEvents)
        case let .blocks(list): keepCurrent = list.contains(index)
        case let .within(limit): keepCurrent = lineCount < limit
        }
        bytes.removeAll(keepingCapacity: true)
    }

    private func closeBlock() {
        let index = blocks.count
        let sha = EventTape.hex(SHA256.hash(data: bytes))
        var keep = keepCurrent
        if !firstMismatchKept, !expected.isEmpty, index >= expected.count || expected[index] != sha {
            keep = true
            firstMismatchKept = true
        }
        var lines: [String]?
        if keep {
            lines = bytes.split(separator: 10, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        }
        blocks.append(Block(index: index, first: index * blockEvents, count: currentCount, firstTime: currentFirstTime,
                            sha256: sha, lines: lines))
        currentCount = 0
        bytes.removeAll(keepingCapacity: true)
    }

    /// Closes the last, partial block. Call once, after the run.
    public func finish() {
        guard !finished else { return }
        if currentCount != 0 { closeBlock() }
        tradesDigest = EventTape.hex(tradeHasher.finalize())
        finished = true
    }

    /// The SHA-256 of the trade lines alone (after `finish`).
    public var tradesSHA256: String {
        precondition(finished, "finish the tape first")
        return tradesDigest
    }

    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
