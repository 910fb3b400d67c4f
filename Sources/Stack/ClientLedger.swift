/// What clients know of their own orders: acknowledged, shares filled, ended. Written only by
/// population nodes on the reports they receive.
public struct ClientLedger: Sendable {
    public private(set) var filled: [Int64] = []
    /// Bit 0: acknowledged; bit 1: ended.
    var flags: [UInt8] = []

    init(expected: Int) {
        filled.reserveCapacity(expected)
        flags.reserveCapacity(expected)
    }

    mutating func opened(_ i: OrderIndex) {
        precondition(Int(i) == filled.count)
        filled.append(0)
        flags.append(0)
    }

    func isAcked(_ i: OrderIndex) -> Bool { flags[Int(i)] & 1 != 0 }
    func isEnded(_ i: OrderIndex) -> Bool { flags[Int(i)] & 2 != 0 }
    mutating func markAcked(_ i: OrderIndex) { flags[Int(i)] |= 1 }
    mutating func markEnded(_ i: OrderIndex) { flags[Int(i)] |= 2 }
    mutating func addFill(_ i: OrderIndex, _ quantity: Int64) -> Int64 {
        filled[Int(i)] += quantity
        return filled[Int(i)]
    }
}
