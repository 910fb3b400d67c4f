import Stack

/// Latency of one (client class, business, tier system) group: client send → acknowledgement
/// back at the client, and → first fill, with the SLA target and whether it was met.
public struct LatencyRow: Equatable, Sendable {
    /// What a row measures besides the client class.
    public enum Key: Hashable, Sendable {
        /// Orders of a business that a tier system ran.
        case orders(Business, TierKind)
        /// Queries' merged answers, gathered through the dispatch centre.
        case queries
    }

    public var clientClass: ClientClass
    public var key: Key
    /// `A1` … `C2`, or `query` for a query's merged answer.
    public var business: String {
        switch key {
        case let .orders(business, _): return business.name
        case .queries: return "query"
        }
    }
    /// The tier system that ran the orders (`dispatch` for queries).
    public var system: String {
        switch key {
        case let .orders(_, tier): return tier.name
        case .queries: return "dispatch"
        }
    }
    public var count: Int
    public var p50Nanos: Int64
    public var p99Nanos: Int64
    public var p999Nanos: Int64
    public var maxNanos: Int64
    /// The latency at the SLA's percentile, compared with the target.
    public var judgedNanos: Int64
    public var targetNanos: Int64
    public var met: Bool
    /// First fill, for orders that traded; `nil` when none did.
    public var firstFillCount: Int
    public var firstFillP50Nanos: Int64?
    public var firstFillP99Nanos: Int64?
    /// Median time from the client's send to each hop (`Scorecard.hopNames`), over the
    /// row's acknowledged orders that reached it; `nil` for a hop none reached (C business
    /// never reaches the exchange).
    public var hopP50Nanos: [Int64?] = []
}
