/// Order id → state, for every order accepted today: an open-addressing table with linear
/// probing, keyed by the raw 64-bit id.
///
/// Ids are never removed (a finished order's id stays taken for the rest of the day), so the
/// table needs no tombstones. The home position keeps an id's low six bits and scrambles
/// the rest with a keyed multiply-shift: ids that count up — the common case — fill
/// consecutive entries, so inserts walk memory in order instead of missing the cache each
/// time, while ids far apart still spread over the whole table.
///
/// The key (an xor mask and an odd multiplier) is drawn from the system's random source once
/// per table. With a fixed public multiplier an orders file could name ids that all land on
/// one home and turn every insert into a walk over all earlier ones. With a secret one, the
/// multiply-shift family makes two distinct 64-id blocks share a block home with probability
/// about 2 / (capacity / 64), whatever ids a file names; ids that share their low six bits
/// use one home in 64, which costs a constant factor (a walk within a block), not a
/// collision chain. The key changes only where entries sit, never what the table answers,
/// and the table is never iterated into an output, so runs stay byte-identical across
/// processes. Lookup and insert are O(1) expected; the table doubles at 70 % load.
///
/// Where the caller knows its ids count up within ranges (`denseWindows`: a broker numbering
/// its orders 1, 2, 3…), ids in those ranges live in plain arrays indexed by `id − base`, four
/// bytes an id instead of a hash entry at 70 % load. A window only grows while at least an
/// eighth of it is taken (so one far-off id cannot make it allocate gigabytes); an id it cannot take
/// goes to the hash table, and every lookup that misses the window reads the hash table too, so
/// where an id is kept never changes what the table answers.
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

    /// Ids `base ..< limit` stored at `values[id − base]` (`empty` where none was inserted).
    /// An unused window has an empty range.
    private struct DenseWindow {
        var base: UInt64 = 0
        var limit: UInt64 = 0
        var values: [Int32] = []
        var stored = 0

        /// `id − base` when the window's range covers `id` (and the offset fits an `Int`).
        @inline(__always) func offset(_ id: UInt64) -> Int? {
            guard id >= base && id < limit else { return nil }
            let d = id &- base
            return d <= UInt64(Int.max) ? Int(d) : nil
        }

        enum State { case taken, free, beyondReach }

        /// Whether offset `k` holds an id, is free, or lies beyond what the window may grow to
        /// while at least an eighth of it stays taken.
        @inline(__always) func state(at k: Int) -> State {
            if k < values.count { return values[k] == OrderIDTable.empty ? .free : .taken }
            return k < 8 * (stored + 1) + 4_096 ? .free : .beyondReach
        }

        /// Stores `value` at a free offset, growing the window to it.
        @inline(__always) mutating func put(_ value: Int32, at k: Int) {
            if k < values.count {
                values[k] = value
            } else {
                if k > values.count { values.append(contentsOf: repeatElement(OrderIDTable.empty, count: k - values.count)) }
                values.append(value) // the next id of the sequence: the common case
            }
            stored += 1
        }
    }

    private var entries: [Entry]
    /// The hash key: xor mask and odd multiplier.
    private let keyMask: UInt64
    private let keyMultiplier: UInt64
    private var mask: Int
    private var shift: UInt64
    /// Ids in the hash table.
    private var hashed = 0
    private var window0 = DenseWindow()
    private var window1 = DenseWindow()
    private(set) var count = 0

    /// `denseWindows`: at most two disjoint id ranges that the caller fills counting up.
    /// `key`: the hash key (mask, multiplier); drawn at random unless a test fixes it.
    init(capacityHint: Int = 1 << 16, denseWindows: [Range<UInt64>] = [], key: (UInt64, UInt64)? = nil) {
        precondition(denseWindows.count <= 2, "order id table: at most two dense windows")
        if denseWindows.count > 0 { window0 = DenseWindow(base: denseWindows[0].lowerBound, limit: denseWindows[0].upperBound) }
        if denseWindows.count > 1 { window1 = DenseWindow(base: denseWindows[1].lowerBound, limit: denseWindows[1].upperBound) }
        // Ids the windows will take need no hash entries.
        var capacity = 128
        while capacity * 7 < (denseWindows.isEmpty ? capacityHint : 1 << 12) * 10 { capacity <<= 1 }
        entries = Array(repeating: Entry(id: 0, value: Self.empty), count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount + 6)
        var random = SystemRandomNumberGenerator()
        let key = key ?? (random.next(), random.next())
        keyMask = key.0
        keyMultiplier = key.1 | 1
    }


    /// A position `insert` returns for a window's entry: negative, with the window in the low bit.
    @inline(__always) private static func densePosition(window w: Int, index: Int) -> Int { ~(index << 1 | w) }

    @inline(__always) private func home(_ id: UInt64) -> Int {
        let block = Int(truncatingIfNeeded: (((id >> 6) ^ keyMask) &* keyMultiplier) >> shift)
        return (block << 6 | Int(truncatingIfNeeded: id & 63)) & mask
    }

    /// The id's state, or nil when the id was never accepted.
    func value(for id: UInt64) -> Int32? {
        if let k = window0.offset(id), k < window0.values.count, window0.values[k] != Self.empty { return window0.values[k] }
        if let k = window1.offset(id), k < window1.values.count, window1.values[k] != Self.empty { return window1.values[k] }
        return hashedValue(for: id)
    }

    private func hashedValue(for id: UInt64) -> Int32? {
        if hashed == 0 { return nil }
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
        if let k = window0.offset(id) { return insertDense(id, value: value, at: k, state: window0.state(at: k), window: 0) }
        if let k = window1.offset(id) { return insertDense(id, value: value, at: k, state: window1.state(at: k), window: 1) }
        return insertHashed(id, value: value)
    }

    @inline(__always)
    private mutating func insertDense(_ id: UInt64, value: Int32, at k: Int, state: DenseWindow.State, window: Int) -> Int? {
        switch state {
        case .taken: return nil
        case .beyondReach: return insertHashed(id, value: value)
        case .free:
            if hashed > 0 && hashedValue(for: id) != nil { return nil }
            if window == 0 { window0.put(value, at: k) } else { window1.put(value, at: k) }
            count += 1
            return Self.densePosition(window: window, index: k)
        }
    }

    private mutating func insertHashed(_ id: UInt64, value: Int32) -> Int? {
        if (hashed + 1) * 10 > entries.count * 7 { grow() }
        var i = home(id)
        while entries[i].value != Self.empty {
            if entries[i].id == id { return nil }
            i = (i + 1) & mask
        }
        entries[i] = Entry(id: id, value: value)
        hashed += 1
        count += 1
        return i
    }

    /// Changes the state at a position `insert` returned.
    mutating func setValue(_ value: Int32, at position: Int) {
        if position >= 0 {
            entries[position].value = value
        } else if ~position & 1 == 0 {
            window0.values[~position >> 1] = value
        } else {
            window1.values[~position >> 1] = value
        }
    }

    /// Changes the state of an id already present.
    mutating func update(_ id: UInt64, value: Int32) {
        if let k = window0.offset(id), k < window0.values.count, window0.values[k] != Self.empty {
            window0.values[k] = value
            return
        }
        if let k = window1.offset(id), k < window1.values.count, window1.values[k] != Self.empty {
            window1.values[k] = value
            return
        }
        var i = home(id)
        while entries[i].id != id || entries[i].value == Self.empty {
            precondition(entries[i].value != Self.empty, "order id table: updating an id that was never inserted")
            i = (i + 1) & mask
        }
        entries[i].value = value
    }

    /// The longest run of consecutive occupied hash entries: what the slowest lookup walks.
    var longestProbeRun: Int {
        var longest = 0, run = 0
        for entry in entries {
            run = entry.value == Self.empty ? 0 : run + 1
            longest = max(longest, run)
        }
        return longest
    }

    private mutating func grow() {
        let old = entries
        let capacity = entries.count * 2
        entries = Array(repeating: Entry(id: 0, value: Self.empty), count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount + 6)
        count -= hashed
        hashed = 0
        for entry in old where entry.value != Self.empty { insertHashed(entry.id, value: entry.value) }
    }
}
