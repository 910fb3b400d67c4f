import Kernel
import Net

/// Whether a host is running, has failed, or runs a process that accepts messages and never answers.
public enum HostState: UInt8, Sendable {
    case up, crashed, hung
    /// The process is stopped (SIGSTOP): sessions hold what they send it, and it carries on
    /// with everything it held once it resumes.
    case paused
}

/// Packets a fault drops on purpose (the eBPF/XDP drop test: by link, direction and kind).
/// The sessions resend them like any lost packet.
public struct LossFilter: Equatable, Sendable {
    /// Per host: whether it is on the sending side, and on the receiving side.
    public var from: [Bool]
    public var to: [Bool]
    /// Bit `StackMessage.kindIndex` set: dropped; all bits set: every kind.
    public var kinds: UInt32
    public var probability: Double
    public init(from: [Bool], to: [Bool], kinds: UInt32, probability: Double) {
        self.from = from; self.to = to; self.kinds = kinds; self.probability = probability
    }
}

/// What every node of a run shares: the network, the order table, the static layout and
/// reference data, the market-data feed, trace points and the digest. Nodes own their own
/// state; they reach each other only through `send`.
///
/// Nodes talk over sessions (TCP-like), so a node is reached at whichever host runs it now
/// (`hosts.active`). A session resends what the network loses at random, after a retransmission
/// timeout that doubles each time; it discards duplicate copies; and while the peer's host is
/// down, it holds what it could not deliver and resends it once the node runs again (on a
/// restarted host or on a standby that took over). What a hung process accepted is gone.
struct StackContext {
    /// The sessions between the nodes and the network they run over.
    var sessions: Sessions
    var orders: OrderTable
    var ledger: ClientLedger
    var tierFills: TierFillLedger
    /// Per order: shares its exchange executed (one array: an order trades on one exchange).
    var exchangeTraded: [Int64] = []
    /// The first invariant broken while the run went on; `violated` says so at the cost of one
    /// flag per event, and the world stops the run after the event that broke it.
    var violation: InvariantViolation?
    var violated = false
    let topology: Topology
    let reference: ReferenceData
    var feed: MarketDataFeed
    let points: StackTracePoints
    var digest = RunDigest()
    /// When recording a golden tape: the event stream as text (nil in ordinary runs).
    var tape: EventTape?
    /// The run's recorder, which every trace point reaches first (nil when a world is built
    /// without a run). `StackRun` owns it and outlives the world's use of it, so the reference
    /// is neither retained nor checked.
    unowned(unsafe) var recorder: Recorder?
    var nextQueryID: UInt32 = 0

    /// Where each node runs and what each host is doing.
    var hosts: HostTable
    /// Per node: instructions it handled, and those it refused as a failing system (for the monitor).
    var handled: [UInt64]
    var refused: [UInt64]
    /// Per node: what an application or middleware fault does to it. Per host: its clock's error.
    var impairments: [ImpairmentState]
    /// Per site: whether its load balancer checks its gateways.
    var healthChecksEnabled: [Bool]
    /// What the monitor read and ran, and what clients answered and reported.
    var observed = Observations()
    /// Per query: the service instances on its route, `topology.routes.queryServiceSlots` each
    /// (none while the queries' route names no service).
    var queryServiceNodes: [Int16] = []
    /// Per site: the gateways new connections go to (all of them without a load balancer).
    var rotation: [[Int16]]
    /// Per order: lost in a DR failover (its journal entries never reached the replica); the
    /// orders in the order lost; messages about them the replicas dropped.
    var orphaned: [Bool] = []
    var orphanedOrders: [OrderIndex] = []
    var unknownToReplica: UInt64 = 0
    init(network: Network, orders: OrderTable, ledger: ClientLedger, tierFills: TierFillLedger, topology: Topology,
         reference: ReferenceData, feed: MarketDataFeed, points: StackTracePoints, messageBytes: Int, resilience: ResilienceConfig,
         filterRandom: Xoshiro256StarStar) {
        sessions = Sessions(network: network, filterRandom: filterRandom, nodes: topology.nodes.count, messageBytes: messageBytes, resilience: resilience)
        self.orders = orders; self.ledger = ledger; self.tierFills = tierFills
        self.topology = topology; self.reference = reference; self.feed = feed; self.points = points
        hosts = HostTable(topology: topology)
        handled = Array(repeating: 0, count: topology.nodes.count)
        impairments = Array(repeating: ImpairmentState(), count: topology.nodes.count)
        healthChecksEnabled = Array(repeating: true, count: topology.siteNames.count)
        refused = Array(repeating: 0, count: topology.nodes.count)
        rotation = topology.gateways
    }

    /// Sends `message` from node `from` to node `to`, leaving `delayNanos` from now (the time
    /// the sender spends on it before it goes on the wire).
    @inline(__always)
    mutating func send(_ message: StackMessage, from: Int16, to: Int16, afterNanos delayNanos: Int64 = 0,
                       in sim: inout Simulation<StackPayload>) {
        sessions.transmit(message, from: hosts.active[Int(from)], to: hosts.active[Int(to)], target: to, afterNanos: delayNanos, in: &sim)
    }

    /// The gateway a client at `site` connects to: its own, among those in the site's rotation
    /// (a client stays on its gateway while that one stays in rotation).
    @inline(__always)
    func gateway(client: Int32, site: Int) -> Int16 {
        // Read in place: binding `rotation[site]` would retain the site's array on every order.
        guard !rotation[site].isEmpty else { return topology.gateway(client: client, site: site) }
        return rotation[site][Int(client) % rotation[site].count]
    }

    @inline(__always)
    func isOrphaned(_ i: OrderIndex) -> Bool { Int(i) < orphaned.count && orphaned[Int(i)] }

    // MARK: Routes

    /// The node of stage `hop` of order `i`'s route.
    @inline(__always)
    func node(_ hop: Hop, of i: OrderIndex) -> Int16 {
        switch hop {
        case .gateway: return orders[i].gateway
        case .tier: return orders[i].tier
        case .offer: return orders[i].offer
        case .exchange: return topology.exchanges[orders[i].market.rawValue]
        case let .service(_, slot): return orders.serviceNode(i, slot: Int(slot))
        case .dispatch: preconditionFailure("an order's route names no dispatch centre")
        }
    }

    /// The node of stage `hop` of query `q`'s route.
    func node(_ hop: Hop, ofQuery q: QueryTicket) -> Int16 {
        switch hop {
        case .gateway: return q.gateway
        case .dispatch: return topology.dispatch(near: q.gateway)
        case let .service(_, slot): return queryServiceNodes[Int(q.id) * topology.routes.queryServiceSlots + Int(slot)]
        case .tier, .offer, .exchange: preconditionFailure("a query's route names no \(hop)")
        }
    }

    /// Chooses the instances of the services on the queries' route for `q`, near `site`, as
    /// `chooseServices` does for an order.
    mutating func chooseQueryServices(for q: QueryTicket, near site: Int) {
        let slots = topology.routes.queryServiceSlots
        guard slots > 0 else { return }
        let needed = (Int(q.id) + 1) * slots
        if queryServiceNodes.count < needed { queryServiceNodes.append(contentsOf: repeatElement(-1, count: needed - queryServiceNodes.count)) }
        for hop in topology.routes.query {
            guard case let .service(s, slot) = hop else { continue }
            queryServiceNodes[Int(q.id) * slots + Int(slot)] = pick(among: topology.serviceInstances(s, near: site), client: q.client)
        }
    }

    /// A client's instance of a pool: its own, or — when that one is down — a running one beside it.
    func pick(among instances: [Int16], client: Int32) -> Int16 {
        let chosen = instances[Int(client) % instances.count]
        if isRunning(chosen) { return chosen }
        let running = instances.filter { isRunning($0) }
        return running.isEmpty ? chosen : running[Int(client) % running.count]
    }

    /// The stage before the tier on order `i`'s route (where the tier's reports go), and after it.
    @inline(__always)
    func beforeTier(_ i: OrderIndex) -> Int16 { node(topology.routes.beforeTier[orders[i].business.rawValue], of: i) }
    @inline(__always)
    func afterTier(_ i: OrderIndex) -> Int16 { node(topology.routes.afterTier[orders[i].business.rawValue], of: i) }
    /// The stage after the gateway, and before the offer gateway.
    @inline(__always)
    func afterGateway(_ i: OrderIndex) -> Int16 { node(topology.routes.afterGateway[orders[i].business.rawValue], of: i) }
    @inline(__always)
    func beforeOffer(_ i: OrderIndex) -> Int16 { node(topology.routes.beforeOffer[orders[i].business.rawValue], of: i) }

    /// Chooses the instances of the services on order `i`'s route on the tier's side
    /// (`pastTier`) or the gateway's, near `site`: the client's own instance, or — when it is
    /// down — a running one beside it (a service holds no client state, so its instances are a pool).
    mutating func chooseServices(for i: OrderIndex, pastTier: Bool, near site: Int) {
        guard orders.serviceSlots > 0 else { return }
        let header = orders[i]
        var past = false
        for hop in topology.routes.stages[header.business.rawValue] {
            if hop == .tier { past = true }
            guard case let .service(s, slot) = hop, past == pastTier else { continue }
            orders.setServiceNode(i, slot: Int(slot), pick(among: topology.serviceInstances(s, near: site), client: header.client))
        }
    }

    /// The broker systems order `i`'s route has passed or will pass (those chosen so far), in
    /// route order, and with `assets` the tier holding its assets after them.
    static func routeNodes(_ i: OrderIndex, orders: OrderTable, topology: Topology, assets: Bool) -> [Int16] {
        let h = orders[i]
        var nodes: [Int16] = []
        for hop in topology.routes.stages[h.business.rawValue] {
            let n: Int16
            switch hop {
            case .gateway: n = h.gateway
            case .tier: n = h.tier
            case .offer: n = h.offer
            case .exchange, .dispatch: continue
            case let .service(_, slot): n = orders.serviceNode(i, slot: Int(slot))
            }
            if n >= 0 { nodes.append(n) }
        }
        if assets && h.assets >= 0 && !nodes.contains(h.assets) { nodes.append(h.assets) }
        return nodes
    }

    /// Whether the host running `node` now is up.
    @inline(__always)
    func isRunning(_ node: Int16) -> Bool { hosts.isRunning(node) }

    /// `node` runs again: every session holding messages for it resends them, in the order they
    /// were held, if the sender's own host still runs. A client does not wait forever: what it
    /// held longer than `clientGiveUpNanos` it has given up on, and is returned to be ended.
    mutating func redeliver(to node: Int16, in sim: inout Simulation<StackPayload>) -> [Sessions.Parked] {
        let held = sessions.parked[Int(node)]
        guard !held.isEmpty else { return [] }
        sessions.parked[Int(node)] = []
        var abandoned: [Sessions.Parked] = []
        for p in held {
            if topology.kindOf[Int(p.from)] == .population && sim.now.nanos - p.heldAt.nanos > sessions.clientGiveUpNanos {
                abandoned.append(p)
            } else if isRunning(p.from) {
                sessions.counts.redelivered += 1
                send(p.message, from: p.from, to: node, in: &sim)
            } else {
                sessions.counts.lostWithSender += 1
            }
        }
        return abandoned
    }

    /// Notes that handling the current event broke `invariant` for order `i` (the first one
    /// only); the world fills in the event and stops the run once the handler returns.
    mutating func violate(_ invariant: InvariantViolation.Invariant, order i: OrderIndex, _ detail: String,
                          node: Int16, _ sim: Simulation<StackPayload>) {
        guard violation == nil else { return }
        violation = InvariantViolation(invariant: invariant, at: sim.now, order: i, node: topology.name(of: node), event: "", detail: detail)
        violated = true
    }

    @inline(__always)
    func emit(_ point: TracePoint, _ sim: Simulation<StackPayload>, node: Int16, _ a: UInt32, _ b: Int64 = 0) {
        recorder?.record(point, at: sim.now, Int64(a), b)
        sim.trace.emit(point, time: sim.now, node: NodeID(Int32(node)), Int64(a), b)
    }
}
