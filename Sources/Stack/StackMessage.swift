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
    public init(tradeID: UInt64, quantity: Int64, priceFen: Int64) { self.tradeID = tradeID; self.quantity = quantity; self.priceFen = priceFen }
}

/// A client's query for its orders across every system that holds them (SPEC §2.5).
public struct QueryTicket: Equatable, Sendable {
    public var id: UInt32
    public var client: Int32
    public var clientClass: ClientClass
    /// The population node that asked, and the gateway it went through.
    public var population: StackNodeID
    public var gateway: StackNodeID
    /// The dispatch centre that fanned the query out (set by it).
    var dispatchStop = RouteStop()
    public var dispatch: StackNodeID? {
        get { dispatchStop.node }
        set { dispatchStop.node = newValue }
    }
}

/// A business probe on its way along its path (`ProbeRecord.path`) to the exchange and back.
public struct ProbeTicket: Equatable, Sendable {
    public var id: UInt32
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
    /// Monitor → node: report your metrics; the node's answer names the sample it took.
    case scrape
    case scrapeReply(sample: UInt32)
    /// A business probe and its answer (refused by an offer gateway without an exchange session).
    case probe(ProbeTicket)
    case probeReply(ProbeTicket, ok: Bool)
    /// Monitor → console: an alert fired, or a probe failed.
    case alert(UInt32)
    case probeFailed(UInt32)
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
    /// The monitor's next scrape round, next probe round, and a probe round's deadline.
    /// (`epoch` tells a timer set before the monitor's host restarted from a current one.)
    case scrapeTick(epoch: UInt32)
    case probeTick(epoch: UInt32)
    case probeDeadline(round: UInt32)
    /// A client population looks at which of its interactions went unanswered.
    case clientCheck
    /// The operators' next step (an index into their agenda).
    case ops(UInt32)
    /// A client population's next query apart from orders.
    case queryArrival
    /// A client report reaches the operators (an index into the run's reports).
    case clientReport(UInt32)
    /// A site's load balancer checks its gateways.
    case healthCheck
}

/// The single payload type of a stack run's simulation. Plain data (no reference, no
/// indirect case), so the event queue copies an event as bytes, without retains or releases:
/// a scheduled change, whose controls may hold arrays and strings, rides as an index into
/// the run's table of changes.
public enum StackPayload: NetworkPayload {
    case packet(Packet<StackMessage>)
    case timer(StackTimer)
    /// `StackWorld.changes[k]`: a fault's contribution starting or ending.
    case change(UInt32)
    /// `StackWorld.scheduledActions[k]`: an operator's action at a fixed time.
    case action(UInt32)
}

extension StackMessage {
    /// The order a message concerns, if any.
    var order: OrderIndex? {
        switch self {
        case let .order(i), let .cancel(i), let .ack(i), let .reject(i, _), let .cancelReject(i, _), let .fill(i, _),
             let .closed(i, _, _), let .fundRequest(i), let .fundReply(i, _), let .settle(i, _):
            return i
        default:
            return nil
        }
    }
}

extension StackMessage {
    /// Names of message kinds, as drop filters select them; `kindIndex` indexes this list.
    public static let kindNames = ["order", "cancel", "ack", "reject", "fill", "closed", "fund", "settle", "query", "market_data",
                                   "clearing", "heartbeat", "logon", "scrape", "probe", "alert"]

    var kindIndex: UInt32 {
        switch self {
        case .order: return 0
        case .cancel: return 1
        case .ack: return 2
        case .reject, .cancelReject: return 3
        case .fill: return 4
        case .closed: return 5
        case .fundRequest, .fundReply: return 6
        case .settle: return 7
        case .query, .queryPart, .queryPartReply, .queryReply: return 8
        case .marketData: return 9
        case .collect, .collected: return 10
        case .heartbeat: return 11
        case .logon, .logonReply: return 12
        case .scrape, .scrapeReply: return 13
        case .probe, .probeReply: return 14
        case .alert, .probeFailed: return 15
        }
    }
}
