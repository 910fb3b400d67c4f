/// What an instruction asks the exchange to do.
///
/// Limit orders and cancels exist on both exchanges. The market types are the ones each
/// exchange's rules offer (see ``ExchangeRules/offers(_:)``); all of them are accepted only in
/// continuous trading, never in a call auction.
public enum OrderType: UInt8, Sendable, Hashable, CaseIterable {
    /// `L`: rests at its price after matching what it can.
    case limit = 0
    /// `X`: removes the unfilled remainder of an earlier order.
    case cancel
    /// `B5C` (SSE and SZSE): trades against up to five opposite price levels, the rest is cancelled.
    case bestFiveThenCancel
    /// `B5L` (SSE): trades against up to five opposite price levels, the rest becomes a limit
    /// order at its last fill price; with no fill, at the best price on its own side; with
    /// neither, it is cancelled.
    case bestFiveThenLimit
    /// `OPP` (SZSE): a limit order at the best opposite price; cancelled when that side is empty.
    case counterpartyBest
    /// `OWN` (SZSE): a limit order at the best price on its own side; cancelled when that side is empty.
    case ownSideBest
    /// `IOC` (SZSE): trades against the opposite side at any price level, the rest is cancelled.
    case immediateOrCancel
    /// `FOK` (SZSE): fills in full against the opposite side at once, or is cancelled whole.
    case fillOrKill

    /// True for every type that carries no price of its own.
    @inlinable public var isMarket: Bool { rawValue >= OrderType.bestFiveThenCancel.rawValue }

    /// The code used in order files.
    public var code: String {
        switch self {
        case .limit: "L"
        case .cancel: "X"
        case .bestFiveThenCancel: "B5C"
        case .bestFiveThenLimit: "B5L"
        case .counterpartyBest: "OPP"
        case .ownSideBest: "OWN"
        case .immediateOrCancel: "IOC"
        case .fillOrKill: "FOK"
        }
    }

    public init?(code: some StringProtocol) {
        guard let match = OrderType.allCases.first(where: { $0.code == code }) else { return nil }
        self = match
    }
}
