/// Order id → state, for every order accepted today: an open-addressing table with linear
/// probing, keyed by the raw 64-bit id.
///
/// Ids are never removed (a finished order's id stays taken for the rest of the day), so the
/// table needs no tombstones. The hash is a fixed multiply-shift, the same in every process.
/// Lookup and insert are O(1) expected; the table doubles at half load.
struct OrderIDTable {
    /// Value of an id whose order rests in the book: its slot (≥ 0). Other states:
    static let finished: Int32 = -1
    static let held: Int32 = -2
    private static let empty: Int32 = .min

    private var keys: [UInt64]
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    init(capacityHint: Int = 1 << 16) {
        var capacity = 16
        while capacity < capacityHint * 2 { capacity <<= 1 }
        keys = Array(repeating: 0, count: capacity)
        values = Array(repeating: Self.empty, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inline(__always) private func home(_ id: UInt64) -> Int {
        Int(truncatingIfNeeded: (id &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The id's state, or nil when the id was never accepted.
    func value(for id: UInt64) -> Int32? {
        let mask = keys.count - 1
        var i = home(id)
        while true {
            let v = values[i]
            if v == Self.empty { return nil }
            if keys[i] == id { return v }
            i = (i + 1) & mask
        }
    }

    /// Adds a new id and returns its position (valid until the next insert), or nil, changing
    /// nothing, when the id is already present.
    @discardableResult
    mutating func insert(_ id: UInt64, value: Int32) -> Int? {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = home(id)
        while values[i] != Self.empty {
            if keys[i] == id { return nil }
            i = (i + 1) & mask
        }
        keys[i] = id
        values[i] = value
        count += 1
        return i
    }

    /// Changes the state at a position `insert` returned.
    mutating func setValue(_ value: Int32, at position: Int) { values[position] = value }

    /// Changes the state of an id already present.
    mutating func update(_ id: UInt64, value: Int32) {
        let mask = keys.count - 1
        var i = home(id)
        while keys[i] != id || values[i] == Self.empty {
            precondition(values[i] != Self.empty, "order id table: updating an id that was never inserted")
            i = (i + 1) & mask
        }
        values[i] = value
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let capacity = keys.count * 2
        keys = Array(repeating: 0, count: capacity)
        values = Array(repeating: Self.empty, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        count = 0
        for i in oldKeys.indices where oldValues[i] != Self.empty {
            insert(oldKeys[i], value: oldValues[i])
        }
    }
}
