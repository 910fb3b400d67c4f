/// Order id → state, for every order accepted today: an open-addressing table with linear
/// probing, keyed by the raw 64-bit id.
///
/// Ids are never removed (a finished order's id stays taken for the rest of the day), so the
/// table needs no tombstones. The home position keeps an id's low six bits and scrambles
/// the rest with a fixed multiply-shift (the same in every process): ids that count up —
/// the common case — fill consecutive entries, so inserts walk memory in order instead of
/// missing the cache each time, while ids far apart still spread over the whole table.
/// Lookup and insert are O(1) expected; the table doubles at 70 % load.
struct OrderIDTable {
    /// Value of an id whose order went to the book: the slot it took (≥ 0). The value is not
    /// changed when the order finishes: the slot is live for this id only while the store
    /// holds this id there with shares left (see `MatchingEngine.liveSlot(of:)`). Other states:
    static let finished: Int32 = -1
    static let held: Int32 = -2
    private static let empty: Int32 = .min

    private struct Entry {
        var id: UInt64
        var value: Int32
    }

    private var entries: [Entry]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    init(capacityHint: Int = 1 << 16) {
        var capacity = 128
        while capacity * 7 < capacityHint * 10 { capacity <<= 1 }
        entries = Array(repeating: Entry(id: 0, value: Self.empty), count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount + 6)
    }

    @inline(__always) private func home(_ id: UInt64) -> Int {
        let block = Int(truncatingIfNeeded: ((id >> 6) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        return (block << 6 | Int(truncatingIfNeeded: id & 63)) & mask
    }

    /// The id's state, or nil when the id was never accepted.
    func value(for id: UInt64) -> Int32? {
        var i = home(id)
        while true {
            let entry = entries[i]
            if entry.value == Self.empty { return nil }
            if entry.id == id { return entry.value }
            i = (i + 1) & mask
        }
    }

    /// Adds a new id and returns its position (valid until the next insert), or nil, changing
    /// nothing, when the id is already present.
    @discardableResult
    mutating func insert(_ id: UInt64, value: Int32) -> Int? {
        if (count + 1) * 10 > entries.count * 7 { grow() }
        var i = home(id)
        while entries[i].value != Self.empty {
            if entries[i].id == id { return nil }
            i = (i + 1) & mask
        }
        entries[i] = Entry(id: id, value: value)
        count += 1
        return i
    }

    /// Changes the state at a position `insert` returned.
    mutating func setValue(_ value: Int32, at position: Int) { entries[position].value = value }

    /// Changes the state of an id already present.
    mutating func update(_ id: UInt64, value: Int32) {
        var i = home(id)
        while entries[i].id != id || entries[i].value == Self.empty {
            precondition(entries[i].value != Self.empty, "order id table: updating an id that was never inserted")
            i = (i + 1) & mask
        }
        entries[i].value = value
    }

    private mutating func grow() {
        let old = entries
        let capacity = entries.count * 2
        entries = Array(repeating: Entry(id: 0, value: Self.empty), count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount + 6)
        count = 0
        for entry in old where entry.value != Self.empty { insert(entry.id, value: entry.value) }
    }
}
