import Exchange
import Kernel

/// What a client decided when it sent an order, plus the route the stack chose for it.
///
/// Written once — the decision by the client, the route by the gateway and the tier — and
/// then only read, so messages carry the order's index instead of copying these fields.
public struct OrderHeader: Equatable, Sendable {
    public var client: Int32
    /// Symbol index on the market's engine; −1 for C business.
    public var symbol: Int32
    /// Limit price in fen; for C business the subscription amount in fen; 0 for market orders.
    public var priceFen: Int64
    /// Shares; 1 for C business.
    public var quantity: Int64
    public var clientClass: ClientClass
    public var business: Business
    public var market: Market
    public var side: Side
    public var type: OrderType
    /// Position in the client's watchlist (market-major), which names its position slot.
    public var slot: UInt8
    /// The population node that sent the order.
    public var population: StackNodeID
    /// The nodes along the route, each `nil` until chosen (stored as `RouteStop`s, two bytes each).
    var gatewayStop = RouteStop(), tierStop = RouteStop(), assetsStop = RouteStop(), offerStop = RouteStop()
    /// Cash frozen per share for a buy (the limit price, or the band's top for a market buy).
    public var freezePriceFen: Int64 = 0

    public var gateway: StackNodeID? { get { gatewayStop.node } set { gatewayStop.node = newValue } }
    public var tier: StackNodeID? { get { tierStop.node } set { tierStop.node = newValue } }
    /// The tier instance that holds the client's assets for this order.
    public var assets: StackNodeID? { get { assetsStop.node } set { assetsStop.node = newValue } }
    public var offer: StackNodeID? { get { offerStop.node } set { offerStop.node = newValue } }
}

/// Every order of a run, by `OrderIndex`.
public struct OrderTable: Sendable {
    public private(set) var headers: [OrderHeader] = []
    /// The service instances on each order's route: `serviceSlots` per order, in route order
    /// (each `nil` until chosen); none for a stack whose routes name no service.
    private var serviceNodes: [RouteStop] = []
    let serviceSlots: Int

    public init(expected: Int, serviceSlots: Int = 0) {
        headers.reserveCapacity(expected)
        self.serviceSlots = serviceSlots
        if serviceSlots > 0 { serviceNodes.reserveCapacity(expected * serviceSlots) }
    }

    public var count: Int { headers.count }

    mutating func append(_ header: OrderHeader) -> OrderIndex {
        precondition(headers.count < Int(UInt32.max), "more than 2³² orders in one run")
        headers.append(header)
        if serviceSlots > 0 { serviceNodes.append(contentsOf: repeatElement(RouteStop(), count: serviceSlots)) }
        return OrderIndex(headers.count - 1)
    }

    @inlinable public subscript(_ i: OrderIndex) -> OrderHeader {
        get { headers[Int(i)] }
    }

    mutating func setRoute(_ i: OrderIndex, _ body: (inout OrderHeader) -> Void) {
        body(&headers[Int(i)])
    }

    /// The instance of the route's `slot`-th service that order `i` passes (`nil`: not chosen yet).
    public func serviceNode(_ i: OrderIndex, slot: Int) -> StackNodeID? { serviceNodes[Int(i) * serviceSlots + slot].node }

    mutating func setServiceNode(_ i: OrderIndex, slot: Int, _ node: StackNodeID) { serviceNodes[Int(i) * serviceSlots + slot] = RouteStop(node) }

    /// The exchange's order id for a broker order; other members' ids start at `otherMembersBase`.
    static func exchangeID(_ i: OrderIndex) -> UInt64 { UInt64(i) + 1 }
    static let otherMembersBase: UInt64 = 1 << 40
    static func index(ofExchangeID id: UInt64) -> OrderIndex? {
        id < otherMembersBase ? OrderIndex(id - 1) : nil
    }
}

extension OrderTable {
    /// The broker systems order `i`'s route has passed or will pass (those chosen so far), in
    /// route order, and with `assets` the tier holding its assets after them.
    func routeNodes(_ i: OrderIndex, topology: Topology, assets: Bool) -> [StackNodeID] {
        let h = self[i]
        var nodes: [StackNodeID] = []
        for hop in topology.routes.stages[h.business.rawValue] {
            let n: StackNodeID?
            switch hop {
            case .gateway: n = h.gateway
            case .tier: n = h.tier
            case .offer: n = h.offer
            case .exchange, .dispatch: continue
            case let .service(_, slot): n = serviceNode(i, slot: Int(slot))
            }
            if let n { nodes.append(n) }
        }
        if assets, let a = h.assets, !nodes.contains(a) { nodes.append(a) }
        return nodes
    }
}
