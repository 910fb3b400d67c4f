/// The kinds of node a stack is made of.
public enum NodeKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case population, gateway, tier, dispatch, offer, exchange, clearing
    public var description: String {
        ["population", "gateway", "tier", "dispatch", "offer", "exchange", "clearing"][Int(rawValue)]
    }
}
