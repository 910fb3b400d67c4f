/// Which side of the book an order is on.
public enum Side: UInt8, Sendable, Hashable, CaseIterable {
    case buy = 0
    case sell = 1

    /// The side an order of this side trades against.
    @inlinable public var opposite: Side { self == .buy ? .sell : .buy }

    /// `B` or `S`, as in order files.
    public var code: String { self == .buy ? "B" : "S" }

    public init?(code: some StringProtocol) {
        switch code {
        case "B": self = .buy
        case "S": self = .sell
        default: return nil
        }
    }
}
