@testable import Exchange
import Testing

@Suite struct OrderIDTableTests {
    /// Inserts, updates and lookups on the table and on a dictionary, in the same order: the
    /// table must answer as the dictionary does whatever windows it was given.
    private func exercise(windows: [Range<UInt64>], seed: UInt64, ids draw: (inout TestRandom, inout [UInt64]) -> UInt64) {
        var random = TestRandom(seed: seed)
        var table = OrderIDTable(capacityHint: 16, denseWindows: windows)
        var reference: [UInt64: Int32] = [:]
        var counters = windows.map(\.lowerBound)
        for step in 0..<60_000 {
            let id = draw(&random, &counters)
            let value = Int32(random.next() % 1_000) - 2
            switch random.next() % 4 {
            case 0, 1:
                let position = table.insert(id, value: value)
                #expect((position == nil) == (reference[id] != nil), "insert \(id) at step \(step)")
                if let position {
                    reference[id] = value
                    // A position stays good until the next insert.
                    let later = Int32(random.next() % 1_000) - 2
                    table.setValue(later, at: position)
                    reference[id] = later
                }
            case 2:
                if reference[id] != nil {
                    table.update(id, value: value)
                    reference[id] = value
                }
            default:
                #expect(table.value(for: id) == reference[id], "lookup \(id) at step \(step)")
            }
        }
        #expect(table.count == reference.count)
        for (id, value) in reference.sorted(by: { $0.key < $1.key }) { #expect(table.value(for: id) == value) }
    }

    @Test("ids counting up in windows, with repeats, strays and far-off ids, answer as a dictionary does")
    func denseWindowsMatchADictionary() {
        let windows: [Range<UInt64>] = [1 ..< 1 << 40, 1 << 40 ..< .max]
        for seed in UInt64(1)...4 {
            exercise(windows: windows, seed: seed) { random, counters in
                switch random.next() % 10 {
                case 0...4: // the next id of one sequence, the common case
                    let w = Int(random.next() % 2)
                    counters[w] += 1 + (random.next() % 3)
                    return counters[w]
                case 5: // a few ids well ahead: beyond a window's reach at first (kept hashed),
                        // inside the window once it has grown past them
                    let base: UInt64 = random.chance(50) ? 1 : 1 << 40
                    return base + (1 + (random.next() % 8)) * 50_000 + 7
                case 6: // an id seen recently (a duplicate or a cancel)
                    let w = Int(random.next() % 2)
                    return counters[w] - min(counters[w], (random.next() % 20))
                case 7: // far ahead inside a window: must go to the hash table
                    return 1 + random.next() % (1 << 39)
                case 8: // id 0 and around the boundary between the windows
                    return random.chance(50) ? 0 : (1 << 40) - 2 + (random.next() % 4)
                default: // anywhere
                    return random.next()
                }
            }
        }
    }

    @Test("without windows the hash table alone answers as a dictionary does")
    func hashTableMatchesADictionary() {
        exercise(windows: [], seed: 7) { random, _ in
            random.chance(70) ? 1 + (random.next() % 30_000) : random.next()
        }
    }

    @Test("an id far ahead of its window's sequence goes to the hash table instead of growing the window")
    func strayIDsStayInTheHashTable() {
        var table = OrderIDTable(capacityHint: 16, denseWindows: [0 ..< .max])
        for id in UInt64(0)..<1_000 { #expect(table.insert(id, value: 0) != nil) }
        // An id a billion ahead would take a 4 GB window: it is kept in the hash table instead.
        let far: UInt64 = 1_000_000_000
        #expect(table.insert(far, value: 3) != nil)
        #expect(table.insert(far, value: 4) == nil)
        #expect(table.value(for: far) == 3)
        #expect(table.count == 1_001)
    }
}
