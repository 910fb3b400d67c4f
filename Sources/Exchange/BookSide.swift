/// One price level: the total quantity resting there and its time queue.
struct PriceLevel {
    /// Sort key: the price for bids, minus the price for asks, so that on both sides a
    /// larger key is a better price.
    var key: Int64
    var quantity: Int64
    var head: Int32
    var tail: Int32

    var priceFen: Int64 { key < 0 ? -key : key }
}

/// Where a level sits in a ``BookSide``: its chunk and its place in that chunk.
struct LevelIndex: Equatable {
    var chunk: Int
    var offset: Int
}

/// The levels of one side of one symbol's book in key order, worst first and best last,
/// held in chunks of at most `chunkCapacity` levels (512 unless a test asks for fewer).
///
/// The best chunk, `top`, is a plain array whose last element is the best level; the worse
/// chunks sit in `chunks`, in key order. A book a day's trading builds (a few hundred levels
/// inside the price band) lives in `top` alone, so reading, filling and removing the best
/// level is O(1) and a new level near the top moves only the few better levels above it,
/// exactly as one sorted array would.
///
/// The chunks bound what an adversarial order flow costs. A level inserted anywhere (say
/// every new price worse than all before, on a symbol with no band) moves at most one chunk's
/// levels. A full chunk splits in two halves of at least 256, so the directory holds at most
/// one entry per 256 levels ever inserted, and a split or an emptied chunk shifts it at most
/// once per 256 inserts (`top` splitting only appends to it). Over n inserts that is at most
/// n × 512 level moves plus n² / 131,072 directory-entry moves: for the 30 million rows
/// the largest orders file allowed holds, a few seconds, against minutes to parse it. (A
/// B-tree would make the second term n log n; at these sizes it is not worth its code.) Chunks
/// are not merged when cancels thin them: they keep their buffer, as one array would.
/// Finding a level is a binary search over the chunks' best keys, then within one chunk.
/// Indices stay valid until the next insert or removal.
struct BookSide {
    let side: Side
    /// Levels a chunk holds before it splits in two.
    let chunkCapacity: Int
    /// The best levels. Empty only when the whole side is.
    private(set) var top: [PriceLevel] = []
    /// The worse levels: non-empty chunks, each sorted by key, every key of a chunk below
    /// every key of the next and of `top`.
    private(set) var chunks: [[PriceLevel]] = []
    /// `chunks[c].last!.key` for every chunk: the directory the search runs over.
    private var bestKeys: [Int64] = []
    /// Levels on this side.
    private(set) var count = 0

    init(side: Side, chunkCapacity: Int = 512) {
        precondition(chunkCapacity >= 2, "book side: a chunk must hold at least two levels")
        self.side = side
        self.chunkCapacity = chunkCapacity
    }

    @inline(__always) func key(for priceFen: Int64) -> Int64 { side == .buy ? priceFen : -priceFen }

    var isEmpty: Bool { top.isEmpty }
    var best: PriceLevel? { top.last }
    var bestPriceFen: Int64? { top.last?.priceFen }

    // MARK: The best level (the hot path)

    /// The first order of the best level's queue; only when the side is not empty.
    @inline(__always) var bestHead: Int32 { top[top.count - 1].head }

    /// Takes `quantity` off the best level's total; only when the side is not empty.
    @inline(__always) mutating func reduceBest(by quantity: Int64) { top[top.count - 1].quantity -= quantity }

    /// Makes `slot` the first order of the best level's queue.
    @inline(__always) mutating func setBestHead(_ slot: Int32) { top[top.count - 1].head = slot }

    /// Removes the best level; only when the side is not empty.
    @inline(__always) mutating func removeBest() {
        count -= 1
        top.removeLast()
        if top.isEmpty, !chunks.isEmpty {
            top = chunks.removeLast()
            bestKeys.removeLast()
        }
    }

    // MARK: Any level

    subscript(index: LevelIndex) -> PriceLevel {
        index.chunk == chunks.count ? top[index.offset] : chunks[index.chunk][index.offset]
    }

    /// Changes the level at `index` in place. (A closure rather than a `_modify` accessor: the
    /// accessor's coroutine frame cost a heap allocation per call on the matching path.)
    @inline(__always) mutating func update<R>(at index: LevelIndex, _ body: (inout PriceLevel) -> R) -> R {
        if index.chunk == chunks.count { return body(&top[index.offset]) }
        return body(&chunks[index.chunk][index.offset])
    }

    /// The index of the level with `key`, or where a level with that key would be inserted.
    func search(key: Int64) -> (index: LevelIndex, found: Bool) {
        let inTop = chunks.count
        guard let bestKey = top.last?.key else { return (LevelIndex(chunk: inTop, offset: 0), false) }
        // Most activity is at the top of the book: check the best level first.
        if bestKey <= key {
            let last = top.count - 1
            return bestKey == key ? (LevelIndex(chunk: inTop, offset: last), true) : (LevelIndex(chunk: inTop, offset: last + 1), false)
        }
        if inTop == 0 || bestKeys[inTop - 1] < key { return Self.search(top, key: key, chunk: inTop) }
        // The first chunk whose best key reaches `key`: one exists, the last one does.
        var low = 0, high = inTop - 1
        while low < high {
            let mid = (low + high) >> 1
            if bestKeys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return Self.search(chunks[low], key: key, chunk: low)
    }

    /// Binary search for `key` in one sorted chunk that holds a key at least as large.
    @inline(__always)
    private static func search(_ levels: [PriceLevel], key: Int64, chunk: Int) -> (index: LevelIndex, found: Bool) {
        var low = 0, high = levels.count
        while low < high {
            let mid = (low + high) >> 1
            if levels[mid].key < key { low = mid + 1 } else { high = mid }
        }
        return (LevelIndex(chunk: chunk, offset: low), low < levels.count && levels[low].key == key)
    }

    /// Inserts a level at the index ``search(key:)`` returned for its key (not found).
    mutating func insert(_ level: PriceLevel, at index: LevelIndex) {
        count += 1
        let c = index.chunk
        if c == chunks.count {
            top.insert(level, at: index.offset)
            if top.count > chunkCapacity {
                // The worse half becomes the last chunk: an append to the directory.
                let half = top.count / 2
                chunks.append(chunk(of: top[..<half]))
                bestKeys.append(top[half - 1].key)
                top = chunk(of: top[half...])
            }
            return
        }
        // `search` sends a key to the first chunk whose best key is above it (greater keys go to
        // a later chunk or the top), so the chunk's best level, and its directory key, stay.
        chunks[c].insert(level, at: index.offset)
        if chunks[c].count > chunkCapacity {
            // The better half moves to a new chunk after it.
            let half = chunks[c].count / 2
            let better = chunk(of: chunks[c][half...])
            chunks[c] = chunk(of: chunks[c][..<half])
            chunks.insert(better, at: c + 1)
            bestKeys[c] = chunks[c][half - 1].key
            bestKeys.insert(better[better.count - 1].key, at: c + 1)
        }
    }

    /// A new chunk holding `levels`, with room for exactly one chunk (a split array would keep
    /// the doubled buffer its 513th level made, twice what a chunk needs).
    private func chunk(of levels: ArraySlice<PriceLevel>) -> [PriceLevel] {
        var chunk: [PriceLevel] = []
        chunk.reserveCapacity(chunkCapacity + 1)
        chunk.append(contentsOf: levels)
        return chunk
    }

    /// Removes the level at `index`.
    mutating func remove(at index: LevelIndex) {
        let c = index.chunk
        if c == chunks.count {
            if index.offset == top.count - 1 {
                removeBest()
            } else {
                count -= 1
                top.remove(at: index.offset)
            }
            return
        }
        count -= 1
        chunks[c].remove(at: index.offset)
        if chunks[c].isEmpty {
            chunks.remove(at: c)
            bestKeys.remove(at: c)
        } else if index.offset == chunks[c].count {
            bestKeys[c] = chunks[c][index.offset - 1].key
        }
    }

    // MARK: Walking the levels

    /// Up to `limit` levels, best first.
    func bestFirst(limit: Int = .max) -> [PriceLevel] {
        var levels: [PriceLevel] = []
        levels.reserveCapacity(min(limit, count))
        for level in top.reversed() {
            if levels.count == limit { return levels }
            levels.append(level)
        }
        for chunk in chunks.reversed() {
            for level in chunk.reversed() {
                if levels.count == limit { return levels }
                levels.append(level)
            }
        }
        return levels
    }

    /// Every level, worst first.
    var worstFirst: [PriceLevel] { Array(chunks.joined()) + top }

    /// Quantity in the best `levelCount` levels, counted best first and stopping as soon as
    /// it reaches `enough`.
    func quantity(upTo levelCount: Int, enough: Int64) -> Int64 {
        var total: Int64 = 0
        var seen = 0
        var i = top.count - 1
        while i >= 0 {
            if seen == levelCount || total >= enough { return total }
            total += top[i].quantity
            seen += 1
            i -= 1
        }
        var c = chunks.count - 1
        while c >= 0 {
            i = chunks[c].count - 1
            while i >= 0 {
                if seen == levelCount || total >= enough { return total }
                total += chunks[c][i].quantity
                seen += 1
                i -= 1
            }
            c -= 1
        }
        return total
    }

    /// What breaks the chunk structure (`top` empty only with the side, chunks non-empty and
    /// within capacity, the directory matching each chunk's best key, the count matching the
    /// levels); empty when it holds. The key order across levels is checked by the caller
    /// over ``worstFirst``.
    func structureProblems() -> [String] {
        var problems: [String] = []
        if top.isEmpty && !chunks.isEmpty { problems.append("\(side): no best chunk over \(chunks.count) chunks") }
        if top.count > chunkCapacity { problems.append("\(side): best chunk holds \(top.count) levels") }
        if bestKeys.count != chunks.count { problems.append("\(side): \(chunks.count) chunks, \(bestKeys.count) directory keys") }
        var levels = top.count
        for (c, chunk) in chunks.enumerated() {
            levels += chunk.count
            if chunk.isEmpty || chunk.count > chunkCapacity { problems.append("\(side): chunk \(c) holds \(chunk.count) levels") }
            if let last = chunk.last, c < bestKeys.count, bestKeys[c] != last.key {
                problems.append("\(side): chunk \(c)'s directory key is stale")
            }
        }
        if levels != count { problems.append("\(side): counts \(count) levels, holds \(levels)") }
        return problems
    }
}
