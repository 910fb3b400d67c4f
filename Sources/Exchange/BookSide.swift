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

/// The levels of one side of one symbol's book, worst first and best last, so that the
/// best level is removed in O(1) when it empties. Finding a level is a binary search;
/// inserting one moves only the better levels above it.
struct BookSide {
    let side: Side
    var levels: [PriceLevel] = []

    init(side: Side) { self.side = side }

    @inline(__always) func key(for priceFen: Int64) -> Int64 { side == .buy ? priceFen : -priceFen }

    var isEmpty: Bool { levels.isEmpty }
    var bestPriceFen: Int64? { levels.last?.priceFen }

    /// The index of the level with `key`, or where it would be inserted.
    func search(key: Int64) -> (index: Int, found: Bool) {
        var low = 0, high = levels.count
        // Most activity is at the top of the book: check the best levels first.
        if high > 0, levels[high - 1].key <= key {
            return levels[high - 1].key == key ? (high - 1, true) : (high, false)
        }
        while low < high {
            let mid = (low + high) >> 1
            if levels[mid].key < key { low = mid + 1 } else { high = mid }
        }
        return (low, low < levels.count && levels[low].key == key)
    }

    /// Quantity in the best `levelCount` levels, counted best first and stopping as soon as
    /// it reaches `enough`.
    func quantity(upTo levelCount: Int, enough: Int64) -> Int64 {
        var total: Int64 = 0
        var i = levels.count - 1
        var seen = 0
        while i >= 0, seen < levelCount, total < enough {
            total += levels[i].quantity
            i -= 1
            seen += 1
        }
        return total
    }
}
