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
/// (`activeHost`). A session resends what the network loses at random, after a retransmission
/// timeout that doubles each time; it discards duplicate copies; and while the peer's host is
/// down, it holds what it could not deliver and resends it once the node runs again (on a
/// restarted host or on a standby that took over). What a hung process accepted is gone.
struct StackContext {
    /// A message a sender's session holds for a node that is down.
    struct Parked {
        var message: StackMessage
        var from: Int16
        var heldAt: SimTime
    }

    var network: Network
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
    let messageBytes: Int
    /// The run's recorder, which every trace point reaches first (nil when a world is built
    /// without a run). `StackRun` owns it and outlives the world's use of it, so the reference
    /// is neither retained nor checked.
    unowned(unsafe) var recorder: Recorder?
    var nextQueryID: UInt32 = 0

    /// Per node: the host running it now.
    var activeHost: [HostID]
    /// Per host: up, crashed or hung, and the software it runs.
    var hostState: [HostState]
    var software: [HostSoftware]
    /// Per host: the service-time multiplier CPU load puts on whatever it runs (1 when healthy),
    /// the share of its CPU a fault burns, and the metrics its exporter hides (a monitoring blind spot).
    var slowdown: [Double]
    var cpuLoad: [Double]
    var hiddenMetrics: [UInt8]
    /// Per node: instructions it handled, and those it refused as a failing system (for the monitor).
    var handled: [UInt64]
    var refused: [UInt64]
    /// Per node: what an application or middleware fault does to it. Per host: its clock's error.
    var impairments: [ImpairmentState]
    /// The packet-drop filters in force, and the stream their draws come from.
    var lossFilters: [LossFilter] = []
    var filterRandom: Xoshiro256StarStar
    var clockSkewNanos: [Int64]
    /// Per site: whether its load balancer checks its gateways.
    var healthChecksEnabled: [Bool]
    /// What the monitor read, the alerts it fired (and those still to send), the probes it ran.
    var samples: [ScrapedSample] = []
    var alerts: [Alert] = []
    var pendingAlerts: [UInt32] = []
    var probes: [ProbeRecord] = []
    /// Per query id: whether its answer reached the client. Client reports, in the order made.
    var queryAnswered: [Bool] = []
    var clientReports: [ClientReport] = []
    /// Per site: the gateways new connections go to (all of them without a load balancer).
    var rotation: [[Int16]]
    /// Per host: when it went down (crashed or hung), if it is down.
    var downSince: [SimTime?]
    /// Per order: lost in a DR failover (its journal entries never reached the replica); the
    /// orders in the order lost; messages about them the replicas dropped.
    var orphaned: [Bool] = []
    var orphanedOrders: [OrderIndex] = []
    var unknownToReplica: UInt64 = 0
    /// Per node: what senders' sessions hold for it while it is down, oldest first.
    var parked: [[Parked]]
    let retransmitTimeoutNanos: Int64
    let retransmitsMax: Int
    let sessionBufferMax: Int
    let clientGiveUpNanos: Int64
    /// Client requests given up on while the broker could not be reached.
    var ordersAbandoned: UInt64 = 0
    var queriesAbandoned: UInt64 = 0

    /// Messages the network dropped at send time (a link down, a partition, or every
    /// retransmission lost); in-flight cuts are counted on arrival.
    var messagesDropped: UInt64 = 0
    var messagesCut: UInt64 = 0
    /// Duplicate copies the network delivered and the receiving session discarded.
    var duplicatesDiscarded: UInt64 = 0
    /// Copies the network lost that a session sent again.
    var retransmissions: UInt64 = 0
    /// Copies a fault's drop filter took (resent like any lost copy).
    var packetsFiltered: UInt64 = 0
    /// Messages accepted by a hung process and never handled.
    var lostAtHungHosts: UInt64 = 0
    /// Messages held for a down node and resent once it ran again; those given up on because
    /// the holding session's own host had gone, or the hold was full.
    var redelivered: UInt64 = 0
    var lostWithSender: UInt64 = 0
    var sessionOverflow: UInt64 = 0
    /// Messages that reached a host after its node had moved to another and were resent there.
    var redirected: UInt64 = 0

    init(network: Network, orders: OrderTable, ledger: ClientLedger, tierFills: TierFillLedger, topology: Topology,
         reference: ReferenceData, feed: MarketDataFeed, points: StackTracePoints, messageBytes: Int, resilience: ResilienceConfig,
         filterRandom: Xoshiro256StarStar) {
        self.filterRandom = filterRandom
        self.network = network; self.orders = orders; self.ledger = ledger; self.tierFills = tierFills
        self.topology = topology; self.reference = reference; self.feed = feed; self.points = points
        self.messageBytes = messageBytes
        activeHost = topology.nodes.map(\.host)
        hostState = Array(repeating: .up, count: topology.hosts.count)
        software = topology.hosts.map(\.software)
        slowdown = Array(repeating: 1, count: topology.hosts.count)
        cpuLoad = Array(repeating: 0, count: topology.hosts.count)
        hiddenMetrics = Array(repeating: 0, count: topology.hosts.count)
        handled = Array(repeating: 0, count: topology.nodes.count)
        impairments = Array(repeating: ImpairmentState(), count: topology.nodes.count)
        clockSkewNanos = Array(repeating: 0, count: topology.hosts.count)
        healthChecksEnabled = Array(repeating: true, count: topology.siteNames.count)
        refused = Array(repeating: 0, count: topology.nodes.count)
        parked = Array(repeating: [], count: topology.nodes.count)
        rotation = topology.gateways
        downSince = Array(repeating: nil, count: topology.hosts.count)
        retransmitTimeoutNanos = resilience.retransmitTimeout.nanos
        retransmitsMax = resilience.retransmitsMax
        sessionBufferMax = resilience.sessionBufferMax
        clientGiveUpNanos = resilience.clientGiveUp.nanos
    }

    /// Sends `message` from node `from` to node `to`, leaving `delayNanos` from now (the time
    /// the sender spends on it before it goes on the wire).
    @inline(__always)
    mutating func send(_ message: StackMessage, from: Int16, to: Int16, afterNanos delayNanos: Int64 = 0,
                       in sim: inout Simulation<StackPayload>) {
        transmit(message, from: activeHost[Int(from)], to: activeHost[Int(to)], target: to, afterNanos: delayNanos, in: &sim)
    }

    /// Sends `message` between two given hosts (heartbeats between a pair's hosts).
    mutating func transmit(_ message: StackMessage, from: HostID, to: HostID, target: Int16, afterNanos delayNanos: Int64 = 0,
                           in sim: inout Simulation<StackPayload>) {
        var departure = sim.now.nanos + delayNanos
        var t = network.transmit(from: from, to: to, bytes: messageBytes, at: SimTime(nanos: departure))
        if !lossFilters.isEmpty && t.dropped == nil && filtered(message, from: from, to: to) { t.dropped = .lost; t.arrival = nil; t.duplicateArrival = nil }
        // The session resends what the network lost at random (a cut link or partition breaks it).
        var attempt = 0
        while t.dropped == .lost && attempt < retransmitsMax {
            departure += retransmitTimeoutNanos << attempt
            attempt += 1
            retransmissions += 1
            t = network.transmit(from: from, to: to, bytes: messageBytes, at: SimTime(nanos: departure))
            if !lossFilters.isEmpty && t.dropped == nil && filtered(message, from: from, to: to) {
                t.dropped = .lost; t.arrival = nil; t.duplicateArrival = nil
            }
        }
        let node = NodeID(Int32(target))
        if let arrival = t.arrival {
            sim.schedule(.packet(Packet(ticket: t.ticket, isDuplicate: false, message: message)), to: node, at: arrival)
        } else {
            messagesDropped += 1
        }
        if let arrival = t.duplicateArrival {
            sim.schedule(.packet(Packet(ticket: t.ticket, isDuplicate: true, message: message)), to: node, at: arrival)
        }
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
        }
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
            let instances = topology.serviceInstances(s, near: site)
            var chosen = instances[Int(header.client) % instances.count]
            if !isRunning(chosen) {
                let running = instances.filter { isRunning($0) }
                if !running.isEmpty { chosen = running[Int(header.client) % running.count] }
            }
            orders.setServiceNode(i, slot: Int(slot), chosen)
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
            case .exchange: continue
            case let .service(_, slot): n = orders.serviceNode(i, slot: Int(slot))
            }
            if n >= 0 { nodes.append(n) }
        }
        if assets && h.assets >= 0 && !nodes.contains(h.assets) { nodes.append(h.assets) }
        return nodes
    }

    /// Whether a drop filter takes this copy.
    private mutating func filtered(_ message: StackMessage, from: HostID, to: HostID) -> Bool {
        let bit = UInt32(1) << message.kindIndex
        for f in lossFilters where f.kinds & bit != 0 && f.from[from.index] && f.to[to.index] {
            if filterRandom.chance(f.probability) {
                packetsFiltered += 1
                return true
            }
        }
        return false
    }

    /// Whether the host running `node` now is up.
    @inline(__always)
    func isRunning(_ node: Int16) -> Bool { hostState[activeHost[Int(node)].index] == .up }

    /// Holds `message` for `node`, which is down, until it runs again.
    mutating func park(_ message: StackMessage, from: Int16, for node: Int16, at now: SimTime) {
        if parked[Int(node)].count >= sessionBufferMax {
            sessionOverflow += 1
            return
        }
        parked[Int(node)].append(Parked(message: message, from: from, heldAt: now))
    }

    /// `node` runs again: every session holding messages for it resends them, in the order they
    /// were held, if the sender's own host still runs. A client does not wait forever: what it
    /// held longer than `clientGiveUpNanos` it has given up on, and is returned to be ended.
    mutating func redeliver(to node: Int16, in sim: inout Simulation<StackPayload>) -> [Parked] {
        let held = parked[Int(node)]
        guard !held.isEmpty else { return [] }
        parked[Int(node)] = []
        var abandoned: [Parked] = []
        for p in held {
            if topology.kindOf[Int(p.from)] == .population && sim.now.nanos - p.heldAt.nanos > clientGiveUpNanos {
                abandoned.append(p)
            } else if isRunning(p.from) {
                redelivered += 1
                send(p.message, from: p.from, to: node, in: &sim)
            } else {
                lostWithSender += 1
            }
        }
        return abandoned
    }

    /// Messages still held for nodes that never ran again.
    var parkedCount: Int { parked.reduce(0) { $0 + $1.count } }

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
