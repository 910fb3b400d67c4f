import Stack

/// Orders by how they ended, as the clients saw them.
public struct OutcomeCounts: Equatable, Sendable {
    public var sent = 0
    public var acked = 0
    /// Indexed by `OrderOutcome.rawValue` (`pending` is `lost`).
    public var byOutcome = [Int](repeating: 0, count: OrderOutcome.allCases.count)
    /// Rejections by reason, in reason order; reasons never seen are left out.
    public var rejectedBy: [(reason: OrderReject, count: Int)] = []
    /// Orders whose client saw more than one end.
    public var duplicated = 0
    public var cancelsSent = 0
    public var cancelsRefused = 0
    public var queries = 0
    public var queriesAnswered = 0

    public var lost: Int { byOutcome[Int(OrderOutcome.pending.rawValue)] }
    public subscript(_ outcome: OrderOutcome) -> Int { byOutcome[Int(outcome.rawValue)] }

    public static func == (a: OutcomeCounts, b: OutcomeCounts) -> Bool {
        a.sent == b.sent && a.acked == b.acked && a.byOutcome == b.byOutcome && a.duplicated == b.duplicated
            && a.rejectedBy.map(\.reason) == b.rejectedBy.map(\.reason) && a.rejectedBy.map(\.count) == b.rejectedBy.map(\.count)
    }
}
