import Stack

/// Latency of one (client class, business, tier system) group: client send → acknowledgement
/// back at the client, and → first fill, with the SLA target and whether it was met.
public struct LatencyRow: Equatable, Sendable {
    public var clientClass: ClientClass
    /// `A1` … `C2`, or `query` for a query's merged answer.
    public var business: String
    /// The tier system that ran the orders (`dispatch` for queries).
    public var system: String
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
    /// Median time from the client's send to each hop (`StackTracePoints.hopNames`), over the
    /// row's acknowledged orders that reached it; `nil` for a hop none reached (C business
    /// never reaches the exchange).
    public var hopP50Nanos: [Int64?] = []
}
