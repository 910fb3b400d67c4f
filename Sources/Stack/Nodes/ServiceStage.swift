import Kernel

/// An instance of a service stage a route names (`ServiceConfig`): orders and cancels queue for
/// one of its servers and, once served, go on to the next stage of the order's route; the
/// exchange's reports pass back toward the client after `serviceFixed`. An order it refuses
/// (an application fault, a full queue) goes back as a rejection, which the tier behind it
/// turns into released funds like any other.
struct ServiceStage: StackNode {
    /// The parts of the run's shared state this node uses.
    typealias Parts = WirePart & ConditionsPart & LedgerPart & TelemetryPart

    let node: StackNodeID
    /// The service's index in `Topology.serviceNames`.
    let service: Int16
    var pool: ServerPool
    var random: Xoshiro256StarStar
    /// Orders refused because the queue was full.
    var busyRefusals = 0

    init(node: StackNodeID, service: Int16, config: ServiceConfig, random: Xoshiro256StarStar) {
        self.node = node
        self.service = service
        self.pool = ServerPool(model: config.model)
        self.random = random
    }

    /// The host restarted with no standby holding its work: what was queued or in service is gone.
    mutating func restart() { pool.restart() }

    mutating func started<C: Parts>(_ start: NodeStart, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        if start == .cold { restart() } else { takeOver(ctx: ctx, in: &sim) }
    }

    func scrape(into sample: inout MetricSample) {
        sample.busyNanos = pool.busyNanos
        sample.servers = pool.model.concurrency
        sample.queueDepth = pool.queue.count
    }

    /// A hot standby took over with a copy of the instance's state: it serves that work again.
    mutating func takeOver<C: Parts>(ctx: C, in sim: inout Simulation<StackPayload>) {
        pool.takeOver(node: node, random: &random, ctx: ctx, in: &sim)
    }

    /// The stages before and after this one on order `i`'s route.
    private func neighbours<C: Parts>(_ i: OrderIndex, _ ctx: C) -> (previous: StackNodeID, next: StackNodeID) {
        let route = ctx.topology.routes.stages[ctx.ledger.orders[i].business.rawValue]
        guard let k = ctx.topology.routes.position(ofService: service, in: ctx.ledger.orders[i].business) else {
            preconditionFailure("order \(i)'s route does not pass \(ctx.topology.serviceNames[Int(service)])")
        }
        return (ctx.node(route[k - 1], of: i), ctx.node(route[k + 1], of: i))
    }

    /// The stages before and after this one on query `q`'s route.
    private func neighbours<C: Parts>(_ q: QueryTicket, _ ctx: C) -> (previous: StackNodeID, next: StackNodeID) {
        let route = ctx.topology.routes.query
        guard let k = ctx.topology.routes.position(ofQueryService: service) else {
            preconditionFailure("the queries' route does not pass \(ctx.topology.serviceNames[Int(service)])")
        }
        return (ctx.node(route[k - 1], ofQuery: q), ctx.node(route[k + 1], ofQuery: q))
    }

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let relay = pool.model.serviceFixed.nanos + ctx.conditions.impairments[Int(node)].impairment.extraDelay.nanos
        switch message {
        case let .order(i):
            ctx.emit(ctx.telemetry.points.serviceIn, sim, node: node, i, Int64(service))
            ctx.telemetry.handled[Int(node)] += 1
            if let refusal = ctx.conditions.impairments[Int(node)].refusal(at: sim.now.nanos, &random) {
                ctx.telemetry.refused[Int(node)] += 1
                ctx.send(.reject(i, refusal), from: node, to: neighbours(i, ctx).previous, afterNanos: relay, in: &sim)
                return
            }
            if !pool.admit(.order(i), node: node, random: &random, ctx: ctx, in: &sim) {
                ctx.telemetry.refused[Int(node)] += 1
                busyRefusals += 1
                ctx.send(.reject(i, .busy), from: node, to: neighbours(i, ctx).previous, in: &sim)
            }
        case let .cancel(i):
            if !pool.admit(.cancel(i), node: node, random: &random, ctx: ctx, in: &sim) {
                ctx.send(.cancelReject(i, .busy), from: node, to: neighbours(i, ctx).previous, in: &sim)
            }
        case let .ack(i), let .reject(i, _), let .cancelReject(i, _), let .fill(i, _), let .closed(i, _, _):
            ctx.send(message, from: node, to: neighbours(i, ctx).previous, afterNanos: relay, in: &sim)
        case let .query(q):
            ctx.telemetry.handled[Int(node)] += 1
            if !pool.admit(.query(q), node: node, random: &random, ctx: ctx, in: &sim) {
                // No room: the client gets an answer without what this stage would have added.
                ctx.telemetry.refused[Int(node)] += 1
                ctx.send(.queryReply(q), from: node, to: neighbours(q, ctx).previous, in: &sim)
            }
        case let .queryReply(q):
            ctx.send(message, from: node, to: neighbours(q, ctx).previous, afterNanos: relay, in: &sim)
        default:
            preconditionFailure("service \(ctx.topology.serviceNames[Int(service)]) got \(message)")
        }
    }

    mutating func timer<C: Parts>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard case let .serviceDone(server, stamp) = timer else { preconditionFailure("service got \(timer)") }
        guard let work = pool.finish(server, incarnation: stamp, node: node, random: &random, ctx: ctx, in: &sim) else { return }
        switch work {
        case let .order(i):
            ctx.emit(ctx.telemetry.points.serviceOut, sim, node: node, i, Int64(service))
            ctx.send(.order(i), from: node, to: neighbours(i, ctx).next, in: &sim)
        case let .cancel(i):
            ctx.send(.cancel(i), from: node, to: neighbours(i, ctx).next, in: &sim)
        case let .query(q):
            ctx.send(.query(q), from: node, to: neighbours(q, ctx).next, in: &sim)
        case .queryPart:
            preconditionFailure("service got a query part")
        }
    }
}
