/// An order resting in a book.
struct RestingOrder {
    var orderID: UInt64
    var priceFen: Int64
    var remaining: Int64
    /// Neighbours in its price level's time queue (slots; -1 at either end).
    var previous: Int32
    var next: Int32
    var symbol: Int32
    var side: Side
}

/// Slab of resting orders addressed by dense slots; freed slots are reused, so the store
/// grows only with the largest number of orders resting at once.
struct OrderStore {
    private(set) var orders: [RestingOrder] = []
    private var freeSlots: [Int32] = []

    init(capacityHint: Int = 1 << 12) {
        orders.reserveCapacity(capacityHint)
        freeSlots.reserveCapacity(capacityHint)
    }

    var liveCount: Int { orders.count - freeSlots.count }

    mutating func allocate(_ order: RestingOrder) -> Int32 {
        if let slot = freeSlots.popLast() {
            orders[Int(slot)] = order
            return slot
        }
        orders.append(order)
        return Int32(orders.count - 1)
    }

    mutating func free(_ slot: Int32) {
        orders[Int(slot)].remaining = 0
        freeSlots.append(slot)
    }

    subscript(slot: Int32) -> RestingOrder {
        get { orders[Int(slot)] }
        _modify { yield &orders[Int(slot)] }
    }
}
