import Kernel

// The parts of a run's shared state (`StackContext`), each behind a protocol of its own. A
// node's handlers are generic over the parts they use — `receive<C: WirePart & LedgerPart>` —
// so a node's signature says what it reads and writes, and the compiler holds it to that; the
// world hands every node the one `StackContext`, and each call is specialised to it.

/// Every part: what the world hands each node (`StackContext`).
typealias AllParts = WirePart & ConditionsPart & LedgerPart & TelemetryPart & ObservationsPart & MarketPart

/// The static layout: nodes, hosts, sites, routes.
protocol LayoutPart {
    var topology: Topology { get }
}

/// The sessions between the nodes, and the hosts they run on.
protocol WirePart: LayoutPart {
    var sessions: Sessions { get set }
    var hosts: HostTable { get }
}

/// What faults and load balancers make of the nodes (impairments, rotations).
protocol ConditionsPart: LayoutPart {
    var conditions: Conditions { get set }
}

/// Every order and what became of it.
protocol LedgerPart: LayoutPart {
    var ledger: OrderLedger { get set }
}

/// Trace points, digest, tape, work counters, invariant violations.
protocol TelemetryPart: LayoutPart {
    var telemetry: Telemetry { get set }
}

/// What the monitor and the clients observed.
protocol ObservationsPart {
    var observed: Observations { get set }
}

/// The reference data and the market-data feed.
protocol MarketPart {
    var reference: ReferenceData { get }
    var feed: MarketDataFeed { get set }
}

extension WirePart {
    /// Sends `message` from node `from` to node `to`, leaving `delayNanos` from now (the time
    /// the sender spends on it before it goes on the wire).
    @inline(__always)
    mutating func send(_ message: StackMessage, from: StackNodeID, to: StackNodeID, afterNanos delayNanos: Int64 = 0,
                       in sim: inout Simulation<StackPayload>) {
        let (a, b) = (hosts.active[Int(from)], hosts.active[Int(to)])
        sessions.transmit(message, from: a, to: b, target: to, afterNanos: delayNanos, in: &sim)
    }

    /// Whether the host running `node` now is up.
    @inline(__always)
    func isRunning(_ node: StackNodeID) -> Bool { hosts.isRunning(node) }

    /// A client's instance of a pool: its own, or — when that one is down — a running one beside it.
    func pick(among instances: [StackNodeID], client: Int32) -> StackNodeID {
        let chosen = instances[Int(client) % instances.count]
        if isRunning(chosen) { return chosen }
        let running = instances.filter { isRunning($0) }
        return running.isEmpty ? chosen : running[Int(client) % running.count]
    }
}

extension ConditionsPart {
    /// The gateway a client at `site` connects to: its own, among those in the site's rotation
    /// (a client stays on its gateway while that one stays in rotation).
    @inline(__always)
    func gateway(client: Int32, site: Int) -> StackNodeID {
        // Read in place: binding `rotation[site]` would retain the site's array on every order.
        guard !conditions.rotation[site].isEmpty else { return topology.gateway(client: client, site: site) }
        return conditions.rotation[site][Int(client) % conditions.rotation[site].count]
    }
}

extension TelemetryPart {
    @inline(__always)
    func emit(_ point: TracePoint, _ sim: Simulation<StackPayload>, node: StackNodeID, _ a: UInt32, _ b: Int64 = 0) {
        telemetry.recorder?.record(point, at: sim.now, Int64(a), b)
        sim.trace.emit(point, time: sim.now, node: node.target, Int64(a), b)
    }

    /// Notes that handling the current event broke `invariant` for order `i` (the first one
    /// only); the world fills in the event and stops the run once the handler returns.
    mutating func violate(_ invariant: InvariantViolation.Invariant, order i: OrderIndex, _ detail: String,
                          node: StackNodeID, _ sim: Simulation<StackPayload>) {
        guard telemetry.violation == nil else { return }
        telemetry.violation = InvariantViolation(invariant: invariant, at: sim.now, order: i, node: topology.name(of: node), event: "", detail: detail)
        telemetry.violated = true
    }
}

// MARK: Routes

extension LedgerPart {
    /// The node of stage `hop` of order `i`'s route, which the order has reached or is about
    /// to (so it has been chosen).
    @inline(__always)
    func node(_ hop: Hop, of i: OrderIndex) -> StackNodeID {
        let chosen: StackNodeID?
        switch hop {
        case .gateway: chosen = ledger.orders[i].gateway
        case .tier: chosen = ledger.orders[i].tier
        case .offer: chosen = ledger.orders[i].offer
        case .exchange: return topology.exchanges[ledger.orders[i].market.rawValue]
        case let .service(_, slot): chosen = ledger.orders.serviceNode(i, slot: Int(slot))
        case .dispatch: preconditionFailure("an order's route names no dispatch centre")
        }
        guard let chosen else { preconditionFailure("order \(i) has no \(hop) chosen yet") }
        return chosen
    }

    /// The node of stage `hop` of query `q`'s route.
    func node(_ hop: Hop, ofQuery q: QueryTicket) -> StackNodeID {
        switch hop {
        case .gateway: return q.gateway
        case .dispatch: return topology.dispatch(near: q.gateway)
        case let .service(_, slot):
            guard let n = ledger.queryServiceNodes[Int(q.id) * topology.routes.queryServiceSlots + Int(slot)].node else {
                preconditionFailure("query \(q.id) has no \(hop) chosen yet")
            }
            return n
        case .tier, .offer, .exchange: preconditionFailure("a query's route names no \(hop)")
        }
    }

    /// The stage before the tier on order `i`'s route (where the tier's reports go), and after it.
    @inline(__always)
    func beforeTier(_ i: OrderIndex) -> StackNodeID { node(topology.routes.beforeTier[ledger.orders[i].business.rawValue], of: i) }
    @inline(__always)
    func afterTier(_ i: OrderIndex) -> StackNodeID { node(topology.routes.afterTier[ledger.orders[i].business.rawValue], of: i) }
    /// The stage after the gateway, and before the offer gateway.
    @inline(__always)
    func afterGateway(_ i: OrderIndex) -> StackNodeID { node(topology.routes.afterGateway[ledger.orders[i].business.rawValue], of: i) }
    @inline(__always)
    func beforeOffer(_ i: OrderIndex) -> StackNodeID { node(topology.routes.beforeOffer[ledger.orders[i].business.rawValue], of: i) }
}

extension LedgerPart where Self: WirePart {
    /// Chooses the instances of the services on order `i`'s route on the tier's side
    /// (`pastTier`) or the gateway's, near `site`: the client's own instance, or — when it is
    /// down — a running one beside it (a service holds no client state, so its instances are a pool).
    mutating func chooseServices(for i: OrderIndex, pastTier: Bool, near site: Int) {
        guard ledger.orders.serviceSlots > 0 else { return }
        let header = ledger.orders[i]
        var past = false
        for hop in topology.routes.stages[header.business.rawValue] {
            if hop == .tier { past = true }
            guard case let .service(s, slot) = hop, past == pastTier else { continue }
            let chosen = pick(among: topology.serviceInstances(s, near: site), client: header.client)
            ledger.orders.setServiceNode(i, slot: Int(slot), chosen)
        }
    }

    /// Chooses the instances of the services on the queries' route for `q`, near `site`, as
    /// `chooseServices` does for an order.
    mutating func chooseQueryServices(for q: QueryTicket, near site: Int) {
        let slots = topology.routes.queryServiceSlots
        guard slots > 0 else { return }
        let needed = (Int(q.id) + 1) * slots
        if ledger.queryServiceNodes.count < needed {
            ledger.queryServiceNodes.append(contentsOf: repeatElement(RouteStop(), count: needed - ledger.queryServiceNodes.count))
        }
        for hop in topology.routes.query {
            guard case let .service(s, slot) = hop else { continue }
            ledger.queryServiceNodes[Int(q.id) * slots + Int(slot)] = RouteStop(pick(among: topology.serviceInstances(s, near: site), client: q.client))
        }
    }
}
