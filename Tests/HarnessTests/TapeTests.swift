import Boundary
import Foundation
import Harness
import Kernel
import Reports
import Testing

/// Golden tapes: a recording verifies against a rerun, and any change to the stream is found
/// at the event where it happens, with both versions.
@Suite struct TapeTests {
    /// One recording of the tiny day in blocks of 512 lines, shared by the tests below.
    static let recorded: (tape: GoldenTape, folder: URL) = {
        let folder = try! TinyDay.temporaryFolder("tape")
        let path = try! TinyDay.write(in: folder)
        let prepared = try! PreparedRun.prepare(scenario: path, seed: 3, boundary: TinyDay.boundary(folder))
        let (tape, _) = try! TapeRecording.record(prepared, boundary: TinyDay.boundary(folder), blockEvents: 512)
        return (tape, folder)
    }()

    @Test func aRerunVerifiesIdenticalAndTheTapeReadsBackAsWritten() throws {
        let tape = TapeTests.recorded.tape
        #expect(tape.isDetailed && tape.blocks.count > 4 && tape.trades > 0)
        #expect(tape.blocks.allSatisfy { $0.lines?.count == $0.count })
        #expect(tape.blocks.dropLast().allSatisfy { $0.count == 512 })
        #expect(tape.lines == tape.blocks.reduce(0) { $0 + $1.count })
        #expect(try GoldenTape.parse(tape.text, file: "t.tape") == tape)
        let result = try TapeRecording.verify(tape, boundary: TinyDay.boundary(TapeTests.recorded.folder))
        #expect(result.identical, "\(result.explanation(tapePath: "t.tape"))")
        #expect(result.now?.digest == tape.digest)
    }

    @Test func anEditedEventIsFoundAtItsIndexWithBothVersions() throws {
        var tape = TapeTests.recorded.tape
        let now = tape
        // Change the 1,000th line of the stream (block 1, line 488), as a code change would.
        let index = 1_000
        let block = index / tape.blockEvents, offset = index % tape.blockEvents
        let original = tape.blocks[block].lines![offset]
        tape.blocks[block].lines![offset] = original + " changed"
        #expect(TapeDivergence.first(recorded: tape, now: now) == .event(index: index, block: block, recorded: original + " changed", now: original))
        // Through the file, too: the edited text parses and verify names that event.
        let reread = try GoldenTape.parse(tape.text, file: "t.tape")
        let lines = try TapeRecording.verify(reread, boundary: TinyDay.boundary(TapeTests.recorded.folder)).explanation(tapePath: "t.tape")
        #expect(lines[0] == "t.tape: DIVERGED at event \(index) (block \(block))")
        let parts = TapeLine(original)
        #expect(lines[1] == "  time      \(parts.time)")
        #expect(lines[2] == "  node      \(parts.node)")
        #expect(lines[3] == "  recorded  \(original) changed")
        #expect(lines[4] == "  now       \(original)")
    }

    @Test func aHashOnlyBlockIsNamedAndAShortRunIsCaught() {
        let full = TapeTests.recorded.tape
        // A tape that keeps hashes only: a changed block is found as a block.
        var hashes = full
        for k in hashes.blocks.indices { hashes.blocks[k].lines = nil }
        var other = hashes
        other.blocks[3].sha256 = String(repeating: "0", count: 64)
        #expect(TapeDivergence.first(recorded: other, now: hashes) == .block(recorded: other.blocks[3], now: hashes.blocks[3]))
        // The rerun stopped short: the first missing line is the divergence.
        var short = full
        short.blocks.removeLast()
        let last = full.blocks.last!
        #expect(TapeDivergence.first(recorded: full, now: short) == .event(index: last.first, block: last.index, recorded: last.lines!.first, now: nil))
        // Same events, other final state.
        var state = full
        state.digest = String(repeating: "a", count: 64)
        #expect(TapeDivergence.first(recorded: state, now: full) == .finalState(recorded: state.digest, now: full.digest))
        #expect(TapeDivergence.first(recorded: full, now: full) == nil)
    }

    @Test func aChangedInputIsReportedWithoutARun() throws {
        var tape = TapeTests.recorded.tape
        tape.inputs[0].sha256 = String(repeating: "b", count: 64)
        let result = try TapeRecording.verify(tape, boundary: TinyDay.boundary(TapeTests.recorded.folder))
        #expect(!result.identical && result.now == nil)
        #expect(result.changedInputs.map(\.path) == [tape.inputs[0].path])
        #expect(result.explanation(tapePath: "t.tape")[0].contains("the inputs changed since the tape was recorded"))
    }

    @Test func malformedTapesAreLocated() {
        let text = TapeTests.recorded.tape.text
        func error(_ edited: String) -> TapeFileError? {
            do { _ = try GoldenTape.parse(edited, file: "t.tape"); return nil } catch { return error }
        }
        let noEnd = String(text.dropLast("end\n".count))
        #expect(error(noEnd)?.message.contains("cut short") == true)
        let badSeed = text.replacingOccurrences(of: "\nseed 3\n", with: "\nseed three\n")
        #expect(error(badSeed)?.field == "seed" && error(badSeed)?.line == 7)
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false)
        let dropped = lineCount.enumerated().filter { $0.offset != 20 }.map(\.element).joined(separator: "\n")
        #expect(error(dropped)?.message.contains("holds 511 event lines, its header says 512") == true)
    }

    /// A tape from a stranger's pull request: nothing in it crashes the reader, and it names
    /// no file outside the repository.
    @Test func hostileTapesAreRefusedNotCrashedOn() {
        let text = TapeTests.recorded.tape.text
        func error(_ edited: String) -> TapeFileError? {
            do { _ = try GoldenTape.parse(edited, file: "t.tape"); return nil } catch { return error }
        }
        // A line of one space.
        #expect(error(text.replacingOccurrences(of: "\nend\n", with: "\n \nend\n"))?.message.contains("spaces only") == true)
        // Counts near Int64.max, and blocks that do not follow one another.
        let big = String(Int64.max - 1)
        let block1 = text.split(separator: "\n").first { $0.hasPrefix("block 1 ") }!
        let words = block1.split(separator: " ").map(String.init)
        for (k, value) in [(3, big), (5, big), (3, "0"), (5, "0"), (5, "513")] {
            var edited = words
            edited[k] = value
            let e = error(text.replacingOccurrences(of: String(block1), with: edited.joined(separator: " ")))
            #expect(e?.field == "block", "\(k)=\(value): \(String(describing: e))")
        }
        #expect(error(text.replacingOccurrences(of: "\nblock_events 512\n", with: "\nblock_events \(big)\n"))?.field == "block_events")
        #expect(error(text.replacingOccurrences(of: "\nseed 3\n", with: "\nseed 18446744073709551615\n"))?.field == "seed")
        // Paths outside the repository, or with control characters, are refused with a short excerpt.
        let scenario = TapeTests.recorded.tape.scenario
        for (path, expected) in [("/proc/self/environ", "is not relative"), ("~/.ssh/id_rsa", "is not relative"),
                                 ("Scenarios/../../etc/shadow", "climbs out"), ("a\u{1b}[2Jb.yaml", "control characters")] {
            let e = error(text.replacingOccurrences(of: "\nscenario \(scenario)\n", with: "\nscenario \(path)\n"))
            #expect(e?.field == "scenario" && e?.message.contains(expected) == true, "\(path): \(String(describing: e))")
            #expect(e?.message.contains("\u{1b}") == false)
            let i = error(text.replacingOccurrences(of: "\ninput \(scenario) ", with: "\ninput \(path) "))
            #expect(i?.field == "input", "\(path): \(String(describing: i))")
        }
        let long = String(repeating: "k", count: 5_000)
        #expect(error(text.replacingOccurrences(of: "\nseed 3\n", with: "\nseed \(long)\n"))?.message.contains("(5000 characters)") == true)
    }
}
