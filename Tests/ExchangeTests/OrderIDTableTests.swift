@testable import Exchange
import Testing

@Suite struct OrderIDTableTests {
    /// Inserts, updates and lookups on the table and on a dictionary, in the same order: the
    /// table must answer as the dictionary does whatever windows and hash key it was given.
    /// Returns both, for checks of their own.
    @discardableResult
    static func exercise(windows: [Range<UInt64>], seed: UInt64, key: (UInt64, UInt64)? = nil, steps: Int = 60_000,
                         ids draw: (inout TestRandom, inout [UInt64]) -> UInt64) -> (OrderIDTable, [UInt64: Int32]) {
        var random = TestRandom(seed: seed)
        var table = OrderIDTable(capacityHint: 16, denseWindows: windows, key: key)
        var reference: [UInt64: Int32] = [:]
        var counters = windows.map(\.lowerBound)
        for step in 0..<steps {
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
        return (table, reference)
    }

    @Test("ids counting up in windows, with repeats, strays and far-off ids, answer as a dictionary does")
    func denseWindowsMatchADictionary() {
        let windows: [Range<UInt64>] = [1 ..< 1 << 40, 1 << 40 ..< .max]
        for seed in UInt64(1)...4 {
            Self.exercise(windows: windows, seed: seed) { random, counters in
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
        Self.exercise(windows: [], seed: 7) { random, _ in
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

@Suite struct OrderIDTableKeyTests {
    /// Ids a file could craft against a fixed, public multiply-shift: id blocks `y` chosen so
    /// that `y × 0x9E3779B97F4A7C15` has its top 24 bits zero, so under that hash every id has
    /// one home. Under the table's secret key they spread like any others.
    static func craftedIDs(_ n: Int) -> [UInt64] {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var inverse: UInt64 = 1   // Newton's iteration for the inverse of an odd number mod 2⁶⁴
        for _ in 0..<6 { inverse = inverse &* (2 &- multiplier &* inverse) }
        var ids: [UInt64] = []
        var k: UInt64 = 1 << 20
        while ids.count < n {
            let block = (k &* inverse) & ((1 << 58) - 1)
            if block &* multiplier < 1 << 40 { ids.append(block << 6) }
            k += 1
        }
        return ids
    }

    @Test("ids crafted to share one home under a public hash keep probe runs short and answer right")
    func craftedIDsDoNotCollide() {
        let ids = Self.craftedIDs(20_000)
        // The ids do collide under the public multiplier: one 40-bit prefix of zero bits.
        #expect(ids.allSatisfy { ($0 >> 6) &* 0x9E37_79B9_7F4A_7C15 < 1 << 40 })
        // The public key (no mask, the golden-ratio multiplier) puts all 20,000 in one run;
        // a fixed secret key and the random one spread them.
        let keys: [(UInt64, UInt64)?] = [(0, 0x9E37_79B9_7F4A_7C15), (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3211), nil]
        for key in keys {
            var table = OrderIDTable(capacityHint: 16, key: key)
            for (n, id) in ids.enumerated() { #expect(table.insert(id, value: Int32(n)) != nil) }
            #expect(table.count == ids.count)
            for (n, id) in ids.enumerated() where n % 7 == 0 { #expect(table.value(for: id) == Int32(n)) }
            #expect(table.value(for: ids[0] + 64) == nil)
            if key?.0 == 0 {
                #expect(table.longestProbeRun >= 19_000, "longest run \(table.longestProbeRun) under the public key")
            } else {
                #expect(table.longestProbeRun < 1_000, "longest run \(table.longestProbeRun) under key \(String(describing: key))")
            }
        }
    }

    /// Inserts (repeats included), updates and lookups on tables with different keys and on a
    /// dictionary, over a pool of crafted and random ids: every key answers as the dictionary.
    @Test("any key answers as a dictionary does",
          arguments: [(UInt64(0), UInt64(0x9E37_79B9_7F4A_7C15)), (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3211), (.max, 1)])
    func anyKeyAnswersAsADictionary(mask: UInt64, multiplier: UInt64) {
        var random = TestRandom(seed: mask ^ multiplier)
        let pool = Self.craftedIDs(600) + (0..<600).map { _ in random.next() }
        let (table, reference) = OrderIDTableTests.exercise(windows: [], seed: mask ^ multiplier ^ 1, key: (mask, multiplier),
                                                            steps: 10_000) { random, _ in pool[Int(random.next() % UInt64(pool.count))] }
        #expect(reference.count > 300, "the pool's ids were inserted")
        for id in pool { #expect(table.value(for: id) == reference[id]) }
    }
}
