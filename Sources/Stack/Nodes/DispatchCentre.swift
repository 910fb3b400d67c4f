import Kernel

/// A service dispatch centre (SPEC §2.5), one per configured site: carries fund requests and settlements between a
/// tier running an order and the tier holding the client's assets, and fans a client's query
/// out to every system that holds its orders, answering once all have replied.
struct DispatchCentre: StackNode {
    /// The parts of the run's shared state this node uses.
    typealias Parts = WirePart & ConditionsPart & LedgerPart & TelemetryPart

    let node: StackNodeID
    let processing: Distribution
    var random: Xoshiro256StarStar
    /// Replies still awaited per query id.
    var pendingParts: [UInt16] = []

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let delay = Bounded.delay(processing, &random) + ctx.conditions.impairments[Int(node)].impairment.extraDelay.nanos
        switch message {
        case let .fundRequest(i):
            ctx.emit(ctx.telemetry.points.dispatchFundRequest, sim, node: node, i, Int64(ctx.ledger.orders[i].assets!.raw))
            ctx.telemetry.handled[Int(node)] += 1
            if let refusal = ctx.conditions.impairments[Int(node)].refusal(at: sim.now.nanos, &random) {
                // The bus or its store is down: the order cannot get its funds.
                ctx.telemetry.refused[Int(node)] += 1
                ctx.send(.fundReply(i, refusal), from: node, to: ctx.node(.tier, of: i), afterNanos: delay, in: &sim)
                return
            }
            ctx.send(message, from: node, to: ctx.ledger.orders[i].assets!, afterNanos: delay, in: &sim)
        case let .settle(i, _):
            ctx.send(message, from: node, to: ctx.ledger.orders[i].assets!, afterNanos: delay, in: &sim)
        case let .fundReply(i, refusal):
            ctx.emit(ctx.telemetry.points.dispatchFundReply, sim, node: node, i, refusal == nil ? 0 : 1)
            ctx.send(message, from: node, to: ctx.node(.tier, of: i), afterNanos: delay, in: &sim)
        case var .query(q):
            q.dispatch = node
            let parts = DispatchCentre.systems(holding: q, topology: ctx.topology)
            if Int(q.id) >= pendingParts.count {
                pendingParts.append(contentsOf: repeatElement(0, count: Int(q.id) + 1 - pendingParts.count))
            }
            pendingParts[Int(q.id)] = UInt16(parts.count)
            for part in parts { ctx.send(.queryPart(q), from: node, to: part, afterNanos: delay, in: &sim) }
        case let .queryPartReply(q):
            pendingParts[Int(q.id)] -= 1
            if pendingParts[Int(q.id)] == 0 {
                // Back along the queries' route: to the gateway, or the service before the dispatch centre.
                let back = ctx.topology.routes.query[ctx.topology.routes.query.count - 2]
                ctx.send(.queryReply(q), from: node, to: ctx.node(back, ofQuery: q), afterNanos: delay, in: &sim)
            }
        default:
            preconditionFailure("dispatch got \(message)")
        }
    }

    /// The tier instances that may hold a client's orders or assets, in node order, each once.
    static func systems(holding q: QueryTicket, topology: Topology) -> [StackNodeID] {
        var nodes: [StackNodeID] = []
        for population in topology.populations[q.clientClass.rawValue] {
            let site = Int(topology.siteOf[Int(population)])
            for business in Business.allCases {
                let n = topology.tierNode(topology.routing[q.clientClass, business], client: q.client, near: site)
                if !nodes.contains(n) { nodes.append(n) }
            }
        }
        return nodes.sorted()
    }
}
