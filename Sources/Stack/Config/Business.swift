/// The business classes of SPEC §2.1, each in one of three latency groups.
public enum Business: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    /// Stocks and options (group A).
    case A1 = 0
    /// Margin trading (group A).
    case A2 = 1
    /// ETFs, Stock Connect, NEEQ (group B).
    case B = 2
    /// IPO subscription and rights issues (group C).
    case C1 = 3
    /// Pledged-repo products and open-end funds (group C).
    case C2 = 4

    /// The latency group whose SLA applies: 0 = A, 1 = B, 2 = C.
    public var group: LatencyGroup {
        switch self {
        case .A1, .A2: return .A
        case .B: return .B
        case .C1, .C2: return .C
        }
    }

    /// Whether the business is an order on an exchange book (A and B) rather than a
    /// subscription the broker completes itself (C).
    public var tradesOnExchange: Bool { self != .C1 && self != .C2 }

    public var name: String { ["A1", "A2", "B", "C1", "C2"][rawValue] }
    public var description: String { name }
    /// The word in the names of a business's own offer gateways (`offer-margin-sse-shenzhen`).
    public var laneName: String { ["stock", "margin", "fund", "ipo", "repo"][rawValue] }
    public init?(name: String) {
        guard let i = ["A1", "A2", "B", "C1", "C2"].firstIndex(of: name) else { return nil }
        self.init(rawValue: i)
    }
    public static func < (a: Business, b: Business) -> Bool { a.rawValue < b.rawValue }
}

/// The latency groups of SPEC §2.2's table: real-time speed-critical (A), real-time fast (B),
/// non-real-time (C).
public enum LatencyGroup: Int, CaseIterable, Sendable, CustomStringConvertible {
    case A = 0, B = 1, C = 2
    public var name: String { ["A", "B", "C"][rawValue] }
    public var description: String { name }
    public init?(name: String) {
        guard let i = ["A", "B", "C"].firstIndex(of: name) else { return nil }
        self.init(rawValue: i)
    }
}
