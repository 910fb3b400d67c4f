/// Every order of a run and what became of it: the order table, the clients' accounts, the
/// fills the tiers booked, what each exchange executed, and the orders a DR failover orphaned;
/// and each query's route. The part of a run's shared state that the order and query paths write.
struct OrderLedger {
    var orders: OrderTable
    /// Per client: cash and positions, and each order's reservation.
    var accounts: ClientLedger
    var tierFills: TierFillLedger
    /// Per order: shares its exchange executed (one array: an order trades on one exchange).
    var exchangeTraded: [Int64] = []
    /// Per order: lost in a DR failover (its journal entries never reached the replica); the
    /// orders in the order lost; messages about them the replicas dropped.
    var orphaned: [Bool] = []
    var orphanedOrders: [OrderIndex] = []
    var unknownToReplica: UInt64 = 0
    /// Per query: the service instances on its route, `topology.routes.queryServiceSlots` each
    /// (none while the queries' route names no service).
    var queryServiceNodes: [RouteStop] = []
    var nextQueryID: UInt32 = 0

    init(expected: Int, serviceSlots: Int) {
        orders = OrderTable(expected: expected, serviceSlots: serviceSlots)
        accounts = ClientLedger(expected: expected)
        tierFills = TierFillLedger(expected: expected)
    }

    @inline(__always)
    func isOrphaned(_ i: OrderIndex) -> Bool { Int(i) < orphaned.count && orphaned[Int(i)] }
}
