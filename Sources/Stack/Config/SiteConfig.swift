/// A data centre of the broker's: where nodes run.
public struct SiteConfig: Equatable, Sendable {
    public enum Role: String, CaseIterable, Sendable {
        /// Where the normal tier, the dispatch and clearing centres run.
        case primary
        /// Runs proximity instances of the fast and extreme tiers.
        case secondary
        /// The disaster-recovery site: hosts standbys only (used by fault scenarios).
        case dr
    }

    public var name: String
    public var role: Role
    /// The exchange whose matching engine sits near this site, if any.
    public var exchange: Market?

    public init(name: String, role: Role, exchange: Market? = nil) {
        self.name = name; self.role = role; self.exchange = exchange
    }
}

/// Fibre path length between two sites.
public struct SiteDistance: Equatable, Sendable {
    public var a: String
    public var b: String
    public var km: Double
    public init(_ a: String, _ b: String, km: Double) { self.a = a; self.b = b; self.km = km }
}
