import Exchange
import Kernel
import Net

/// An order's index in the run's `OrderTable`: dense, from 0, in the order clients sent them.
public typealias OrderIndex = UInt32

/// One execution as the broker reports it to a client.
public struct FillReport: Equatable, Sendable {
    /// The exchange's trade id; ids from one exchange only grow, so a repeated or older id
    /// for the same order is a duplicate.
    public var tradeID: UInt64
    public var quantity: Int64
    public var priceFen: Int64
}

/// A client's query for its orders across every system that holds them (SPEC §2.5).
public struct QueryTicket: Equatable, Sendable {
    public var id: UInt32
    public var client: Int32
    public var clientClass: ClientClass
    /// The population node that asked, and the gateway it went through.
    public var population: Int16
    public var gateway: Int16
    /// The dispatch centre that fanned the query out (set by it).
    public var dispatch: Int16 = -1
}

/// How an asset store must change for an order (sent to the store that holds the client's assets).
public enum Settlement: Equatable, Sendable {
    /// `quantity` shares traded at `priceFen`.
    case fill(quantity: Int64, priceFen: Int64)
    /// `quantity` shares of the order will never trade: release what was frozen for them.
    case release(quantity: Int64)
    /// A subscription completed: pay its frozen amount to the issuer.
    case subscribe
}

/// What travels between the stack's nodes. Value types only; large per-order attributes live
/// in the run's `OrderTable`, and messages carry the order's index.
public enum StackMessage: Equatable, Sendable {
    /// A new order, client → gateway → tier → offer gateway → exchange.
    case order(OrderIndex)
    /// A client's cancel of an order, along the same path.
    case cancel(OrderIndex)
    /// The exchange accepted the order (for C business: the broker completed it).
    case ack(OrderIndex)
    /// The order was refused; terminal.
    case reject(OrderIndex, OrderReject)
    /// A cancel was refused; the order goes on.
    case cancelReject(OrderIndex, OrderReject)
    case fill(OrderIndex, FillReport)
    /// `remaining` shares left the book without trading (cancelled, market remainder, end of day).
    case closed(OrderIndex, remaining: Int64, cause: CancelCause)
    /// Tier → dispatch → asset holder: freeze what the order needs.
    case fundRequest(OrderIndex)
    /// Asset holder → dispatch → tier: the freeze succeeded (`nil`) or why not.
    case fundReply(OrderIndex, OrderReject?)
    /// Tier → dispatch → asset holder.
    case settle(OrderIndex, Settlement)
    case query(QueryTicket)
    case queryPart(QueryTicket)
    case queryPartReply(QueryTicket)
    case queryReply(QueryTicket)
    /// A new market-data snapshot of `market` is published as `sequence`.
    case marketData(Market, sequence: Int32)
    /// Clearing centre → exchanges and tiers: send the day's records; and the answer.
    case collect
    case collected
    /// An active host tells its standby it is alive (addressed to the node, delivered to the standby host).
    case heartbeat
    /// Offer gateway → exchange: the host now running the gateway asks to log on; and the
    /// exchange's answer to that host (refused when the host's software is not what the link needs).
    case logon(host: Int16)
    case logonReply(host: Int16, accepted: Bool)
}

/// Local timers of the stack's nodes.
public enum StackTimer: Equatable, Sendable {
    /// A client population's next arrival.
    case arrival
    /// A client's planned cancel of an order.
    case cancelDue(OrderIndex)
    /// A tier finished serving its work item in server slot `server`; `incarnation` tells a
    /// timer set before a restart or a takeover (then ignored) from a current one.
    case serviceDone(server: Int32, incarnation: UInt32)
    /// An exchange's next session boundary.
    case sessionBoundary
    case marketDataTick
    /// The next order of the other members trading on an exchange.
    case otherMembersOrder
    /// The clearing centre starts its day-end run.
    case clearingStart
    /// A high-availability pair's beat: the active host sends a heartbeat, the passive host
    /// checks when it last heard one.
    case haTick
    /// An offer gateway that could not log on tries again.
    case logonRetry
}

/// The single payload type of a stack run's simulation.
public enum StackPayload: NetworkPayload {
    case packet(Packet<StackMessage>)
    case netControl(NetControl)
    case timer(StackTimer)
    case stackControl(StackControl)
}
