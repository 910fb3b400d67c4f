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
    /// Node ids along the route (−1 until chosen).
    public var population: Int16
    public var gateway: Int16 = -1
    public var tier: Int16 = -1
    /// The tier instance that holds the client's assets for this order.
    public var assets: Int16 = -1
    public var offer: Int16 = -1
    /// Cash frozen per share for a buy (the limit price, or the band's top for a market buy).
    public var freezePriceFen: Int64 = 0
}

/// Every order of a run, by `OrderIndex`.
public struct OrderTable: Sendable {
    public private(set) var headers: [OrderHeader] = []
    /// The service instances on each order's route: `serviceSlots` per order, in route order
    /// (−1 until chosen); none for a stack whose routes name no service.
    private var serviceNodes: [Int16] = []
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
        if serviceSlots > 0 { serviceNodes.append(contentsOf: repeatElement(-1, count: serviceSlots)) }
        return OrderIndex(headers.count - 1)
    }

    @inlinable public subscript(_ i: OrderIndex) -> OrderHeader {
        get { headers[Int(i)] }
    }

    mutating func setRoute(_ i: OrderIndex, _ body: (inout OrderHeader) -> Void) {
        body(&headers[Int(i)])
    }

    /// The instance of the route's `slot`-th service that order `i` passes (−1: not chosen yet).
    public func serviceNode(_ i: OrderIndex, slot: Int) -> Int16 { serviceNodes[Int(i) * serviceSlots + slot] }

    mutating func setServiceNode(_ i: OrderIndex, slot: Int, _ node: Int16) { serviceNodes[Int(i) * serviceSlots + slot] = node }

    /// The exchange's order id for a broker order; other members' ids start at `otherMembersBase`.
    static func exchangeID(_ i: OrderIndex) -> UInt64 { UInt64(i) + 1 }
    static let otherMembersBase: UInt64 = 1 << 40
    static func index(ofExchangeID id: UInt64) -> OrderIndex? {
        id < otherMembersBase ? OrderIndex(id - 1) : nil
    }
}
