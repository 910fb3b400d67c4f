/// The rule set an engine follows: Shanghai (SSE) or Shenzhen (SZSE) main board.
///
/// The two differ in which market order types they offer and in how a call auction breaks
/// a tie between several equally good prices (see ``CallAuction``).
public enum ExchangeRules: UInt8, Sendable, Hashable, CaseIterable {
    case sse = 0
    case szse = 1

    /// `sse` or `szse`.
    public var name: String { self == .sse ? "sse" : "szse" }

    public init?(name: some StringProtocol) {
        switch name.lowercased() {
        case "sse": self = .sse
        case "szse": self = .szse
        default: return nil
        }
    }

    /// Whether this exchange accepts `type` at all (in some session).
    public func offers(_ type: OrderType) -> Bool {
        switch type {
        case .limit, .cancel, .bestFiveThenCancel: true
        case .bestFiveThenLimit: self == .sse
        case .counterpartyBest, .ownSideBest, .immediateOrCancel, .fillOrKill: self == .szse
        }
    }

    /// The order types this exchange offers, in declaration order.
    public var offeredTypes: [OrderType] { OrderType.allCases.filter(offers) }
}
