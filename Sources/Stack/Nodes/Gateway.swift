import Kernel

/// A gateway instance: routes each client instruction by the routing table to a tier
/// instance — the one holding the client's assets when the route lands on that tier — sends it
/// on to the next stage of its business's route, and relays reports back to the client.
struct Gateway: StackNode {
    /// The parts of the run's shared state this node uses.
    typealias Parts = WirePart & ConditionsPart & LedgerPart & TelemetryPart

    let node: StackNodeID
    let processing: Distribution
    var random: Xoshiro256StarStar

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let delay = Bounded.delay(processing, &random) + ctx.conditions.impairments[Int(node)].impairment.extraDelay.nanos
        switch message {
        case let .order(i):
            ctx.emit(ctx.telemetry.points.gatewayIn, sim, node: node, i)
            ctx.telemetry.handled[Int(node)] += 1
            if let refusal = ctx.conditions.impairments[Int(node)].refusal(at: sim.now.nanos, &random) {
                ctx.telemetry.refused[Int(node)] += 1
                ctx.ledger.orders.setRoute(i) { $0.gateway = node }
                ctx.send(.reject(i, refusal), from: node, to: ctx.ledger.orders[i].population, afterNanos: delay, in: &sim)
                return
            }
            let header = ctx.ledger.orders[i]
            let site = Int(ctx.topology.siteOf[Int(header.population)])
            let kind = ctx.topology.routing[header.clientClass, header.business]
            let assetKind = ctx.topology.routing.assetTier(of: header.clientClass)
            var tier = ctx.topology.tierNode(kind, client: header.client, near: site)
            if kind != assetKind && !ctx.isRunning(tier) {
                // A tier that does not hold the client's assets is a pool: a running instance
                // beside the one that is down takes the order.
                tier = ctx.pick(among: ctx.topology.tierNodes[kind.rawValue][ctx.topology.resolvedSite(kind, near: site)], client: header.client)
            }
            let assets = ctx.topology.tierNode(assetKind, client: header.client, near: site)
            ctx.ledger.orders.setRoute(i) { $0.gateway = node; $0.tier = tier; $0.assets = assets }
            ctx.chooseServices(for: i, pastTier: false, near: Int(ctx.topology.siteOf[Int(node)]))
            ctx.send(.order(i), from: node, to: ctx.afterGateway(i), afterNanos: delay, in: &sim)
        case let .cancel(i):
            ctx.send(.cancel(i), from: node, to: ctx.afterGateway(i), afterNanos: delay, in: &sim)
        case let .query(q):
            ctx.chooseQueryServices(for: q, near: Int(ctx.topology.siteOf[Int(node)]))
            ctx.send(message, from: node, to: ctx.node(ctx.topology.routes.query[1], ofQuery: q), afterNanos: delay, in: &sim)
        case let .ack(i), let .reject(i, _), let .cancelReject(i, _), let .fill(i, _), let .closed(i, _, _):
            if case let .reject(_, reason) = message, reason.isSystemFailure { ctx.telemetry.refused[Int(node)] += 1 }
            ctx.send(message, from: node, to: ctx.ledger.orders[i].population, afterNanos: delay, in: &sim)
        case let .queryReply(q):
            ctx.send(message, from: node, to: q.population, afterNanos: delay, in: &sim)
        default:
            preconditionFailure("gateway got \(message)")
        }
    }
}
