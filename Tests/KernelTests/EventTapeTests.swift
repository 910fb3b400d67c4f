import Crypto
import Kernel
import Testing

/// The event tape's blocks against the obvious computation: SHA-256 of the lines, `\n` after each.
@Suite struct EventTapeTests {
    static func reference(_ lines: [String], block: Int) -> [String] {
        stride(from: 0, to: lines.count, by: block).map { start in
            let text = lines[start..<min(lines.count, start + block)].map { $0 + "\n" }.joined()
            return EventTape.hex(SHA256.hash(data: Array(text.utf8)))
        }
    }

    /// A random stream written to a tape with `detail` and `expected`, and the lines it holds.
    static func stream(seed: UInt64, block: Int, count: Int, detail: EventTape.Detail, expected: [String] = []) -> (EventTape, [String]) {
        var rng = Xoshiro256StarStar(seed: seed)
        let tape = EventTape(blockEvents: block, detail: detail, expected: expected)
        var lines: [String] = []
        for k in 0..<count {
            let t = SimTime(nanos: Int64(k) * 1_000 + Int64.random(in: 0...999, using: &rng))
            let what = "m\(Int.random(in: 0...999, using: &rng))"
            if Bool.random(using: &rng) { tape.record(t, "n\(k % 3)", what); lines.append("\(t.formatted(fractionDigits: 9)) n\(k % 3) \(what)") }
            else { tape.recordTrade(t, "x", what); lines.append("\(t.formatted(fractionDigits: 9)) x \(what)") }
        }
        tape.finish()
        return (tape, lines)
    }

    @Test func blocksHashTheirLinesOnRandomStreams() {
        var rng = Xoshiro256StarStar(seed: 11)
        for round in 0..<40 {
            let block = Int.random(in: 1...9, using: &rng)
            let count = Int.random(in: 0...60, using: &rng)
            let (tape, lines) = EventTapeTests.stream(seed: UInt64(round), block: block, count: count, detail: .all)
            #expect(tape.blocks.flatMap { $0.lines ?? [] } == lines)
            #expect(tape.blocks.map(\.sha256) == EventTapeTests.reference(lines, block: block))
            #expect(tape.blocks.map(\.first) == Array(stride(from: 0, to: count, by: block)))
            #expect(tape.lineCount == count)
        }
    }

    @Test func detailKeepsWhatWasAskedAndTheFirstMismatch() {
        let (all, lines) = EventTapeTests.stream(seed: 5, block: 10, count: 95, detail: .all)
        // Within a limit the stream fits: every block kept; past it: none.
        #expect(EventTapeTests.stream(seed: 5, block: 10, count: 95, detail: .within(95)).0.blocks.allSatisfy { $0.lines != nil })
        #expect(EventTapeTests.stream(seed: 5, block: 10, count: 95, detail: .within(94)).0.blocks.allSatisfy { $0.lines == nil })
        let some = EventTapeTests.stream(seed: 5, block: 10, count: 95, detail: .blocks([2, 7])).0
        #expect(some.blocks.filter { $0.lines != nil }.map(\.index) == [2, 7])
        #expect(some.blocks[7].lines! == Array(lines[70..<80]))
        let window = EventTapeTests.stream(seed: 5, block: 10, count: 95, detail: .lines(25..<41)).0
        #expect(window.blocks.filter { $0.lines != nil }.map(\.index) == [2, 3, 4])
        // Against expected hashes with blocks 4 and 6 changed: block 4 (the first) keeps its lines.
        var expected = all.blocks.map(\.sha256)
        expected[4] = "x"; expected[6] = "y"
        let checked = EventTapeTests.stream(seed: 5, block: 10, count: 95, detail: .none, expected: expected).0
        #expect(checked.blocks.filter { $0.lines != nil }.map(\.index) == [4])
        #expect(checked.blocks.map(\.sha256) == all.blocks.map(\.sha256))
        #expect(all.tradesSHA256.count == 64)
    }
}
