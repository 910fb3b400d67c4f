/// The kinds of node a stack is made of.
public enum NodeKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case population, gateway, tier, dispatch, offer, exchange, clearing
    /// The monitoring system (scrapes, alert rules, probes) and the operators' console.
    case monitor, console
    /// A service stage a route names (`ServiceConfig`).
    case service
    public var description: String {
        ["population", "gateway", "tier", "dispatch", "offer", "exchange", "clearing", "monitor", "console", "service"][Int(rawValue)]
    }
    /// "a tier", "an offer", for messages.
    public var withArticle: String { (rawValue == NodeKind.exchange.rawValue || rawValue == NodeKind.offer.rawValue ? "an " : "a ") + description }
    /// The broker's own systems: what the monitor scrapes and a host fault may hit.
    public var isBrokerSystem: Bool { self == .gateway || self == .tier || self == .dispatch || self == .offer || self == .clearing || self == .service }
}
