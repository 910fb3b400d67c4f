import Kernel

/// A tier system instance (extreme, fast or normal): an M/G/c queue of client instructions,
/// the risk check against the asset store it holds (or, through the dispatch centre, the one
/// that holds the client's assets), and the relay of exchange reports back to the client.
struct TierSystem: StackNode {
    /// The parts of the run's shared state this node uses.
    typealias Parts = WirePart & ConditionsPart & LedgerPart & TelemetryPart

    let node: StackNodeID
    let kind: TierKind
    let config: TierConfig
    var store = AssetStore()
    var random: Xoshiro256StarStar
    /// Its servers and queue of client instructions.
    var pool: ServerPool
    /// Fills applied.
    var fillsApplied = 0
    /// C-business orders this tier completed, in completion order.
    var completedSubscriptions: [OrderIndex] = []
    /// Fills booked at a wrong price (data tampering).
    var tamperedFills = 0

    init(node: StackNodeID, config: TierConfig, random: Xoshiro256StarStar) {
        self.node = node
        self.kind = config.kind
        self.config = config
        self.random = random
        self.pool = ServerPool(model: config.model)
    }

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let relay = config.serviceFixed.nanos
        if let i = message.order, ctx.ledger.isOrphaned(i) {
            // A DR replica that never received this order's journal entries does not know it.
            ctx.ledger.unknownToReplica += 1
            return
        }
        switch message {
        case let .order(i):
            ctx.emit(ctx.telemetry.points.tierIn, sim, node: node, i)
            ctx.telemetry.handled[Int(node)] += 1
            if let refusal = ctx.conditions.impairments[Int(node)].refusal(at: sim.now.nanos, &random) {
                // Refused before anything was frozen.
                ctx.telemetry.refused[Int(node)] += 1
                ctx.send(.reject(i, refusal), from: node, to: ctx.beforeTier(i), afterNanos: relay, in: &sim)
                return
            }
            admit(.order(i), ctx: &ctx, in: &sim)
        case let .cancel(i):
            admit(.cancel(i), ctx: &ctx, in: &sim)
        case let .queryPart(q):
            admit(.queryPart(q), ctx: &ctx, in: &sim)

        // Reports from the exchange, through the offer gateway.
        case let .ack(i), let .cancelReject(i, _):
            ctx.send(message, from: node, to: ctx.beforeTier(i), afterNanos: relay, in: &sim)
        case let .reject(i, _):
            settle(i, .release(quantity: ctx.ledger.orders[i].quantity), ctx: &ctx, in: &sim)
            ctx.send(message, from: node, to: ctx.beforeTier(i), afterNanos: relay, in: &sim)
        case let .fill(i, fill):
            guard ctx.ledger.tierFills.apply(i, fill) else {
                ctx.emit(ctx.telemetry.points.duplicateFill, sim, node: node, i, fill.quantity)
                return
            }
            fillsApplied += 1
            let applied = ctx.ledger.tierFills.filled[Int(i)], quantity = ctx.ledger.orders[i].quantity
            // Checked as it happens; the run stops after this event, which goes no further.
            if applied > ctx.ledger.exchangeTraded.at(Int(i)) {
                ctx.violate(.noExecutionAppliedTwice, order: i,
                            "the tier has applied \(applied) shares of fills, its exchange executed \(ctx.ledger.exchangeTraded.at(Int(i)))", node: node, sim)
                return
            } else if applied > quantity {
                ctx.violate(.quantityConservedPerOrder, order: i, "the tier has applied \(applied) shares of fills to an order of \(quantity)", node: node, sim)
                return
            }
            var price = fill.priceFen
            let tamper = ctx.conditions.impairments[Int(node)].impairment.tamperProbability
            if tamper > 0 && random.chance(tamper) {
                // Data tampering: the fill is booked a fen off. Only the clearing reconciliation can tell.
                price += 1
                tamperedFills += 1
            }
            settle(i, .fill(quantity: fill.quantity, priceFen: price), ctx: &ctx, in: &sim)
            ctx.send(message, from: node, to: ctx.beforeTier(i), afterNanos: relay, in: &sim)
        case let .closed(i, remaining, _):
            if ctx.ledger.orders[i].business.tradesOnExchange && ctx.ledger.tierFills.filled.at(Int(i)) + remaining > ctx.ledger.orders[i].quantity {
                ctx.violate(.quantityConservedPerOrder, order: i,
                            "closed with \(remaining) shares left after \(ctx.ledger.tierFills.filled.at(Int(i))) filled, of an order of \(ctx.ledger.orders[i].quantity)",
                            node: node, sim)
                return
            }
            settle(i, .release(quantity: remaining), ctx: &ctx, in: &sim)
            ctx.send(message, from: node, to: ctx.beforeTier(i), afterNanos: relay, in: &sim)

        // As the holder of a client's assets, for another tier, through the dispatch centre.
        case let .fundRequest(i):
            let header = ctx.ledger.orders[i]
            let refusal = store.freeze(header, watch: Int(header.slot), order: i, at: sim.now.nanos)
            ctx.send(.fundReply(i, refusal), from: node, to: ctx.topology.dispatch(near: ctx.node(.tier, of: i)), afterNanos: relay, in: &sim)
        case let .settle(i, settlement):
            let header = ctx.ledger.orders[i]
            store.settle(header, settlement, watch: Int(header.slot), order: i, at: sim.now.nanos)
        // As the tier running the order: the holder's answer.
        case let .fundReply(i, refusal):
            if let refusal {
                ctx.send(.reject(i, refusal), from: node, to: ctx.beforeTier(i), afterNanos: relay, in: &sim)
            } else {
                proceed(i, ctx: &ctx, in: &sim)
            }
        case .collect:
            ctx.send(.collected, from: node, to: ctx.topology.clearing, afterNanos: relay, in: &sim)
        default:
            preconditionFailure("tier got \(message)")
        }
    }

    /// The host restarted with no standby holding its work: what was queued or in service is gone.
    mutating func restart() { pool.restart() }

    /// A standby or a resumed process carries on with the work held; so does a restarted
    /// database-backed tier (its queue is journaled), except on a DR replica, which has only
    /// what replication delivered.
    mutating func started<C: Parts>(_ start: NodeStart, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let keeps = start != .cold || (config.durableQueue && ctx.topology.hosts[ctx.hosts.active[Int(node)].index].role != .dr)
        if keeps { takeOver(ctx: ctx, in: &sim) } else { restart() }
    }

    func scrape(into sample: inout MetricSample) {
        sample.busyNanos = pool.busyNanos
        sample.servers = config.concurrency
        sample.queueDepth = pool.queue.count
    }

    /// A hot standby took over with a copy of the instance's state: it serves that work again.
    mutating func takeOver<C: Parts>(ctx: C, in sim: inout Simulation<StackPayload>) {
        pool.takeOver(node: node, random: &random, ctx: ctx, in: &sim)
    }

    // MARK: The queue

    private mutating func admit<C: Parts>(_ work: StationWork, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard !pool.admit(work, node: node, random: &random, ctx: ctx, in: &sim) else { return }
        // Overflow is a refusal the client hears about, never a silent drop.
        switch work {
        case let .order(i):
            ctx.telemetry.refused[Int(node)] += 1
            ctx.emit(ctx.telemetry.points.tierBusy, sim, node: node, i, Int64(pool.queue.count))
            ctx.send(.reject(i, .busy), from: node, to: ctx.beforeTier(i), in: &sim)
        case let .cancel(i):
            ctx.emit(ctx.telemetry.points.tierBusy, sim, node: node, i, Int64(pool.queue.count))
            ctx.send(.cancelReject(i, .busy), from: node, to: ctx.beforeTier(i), in: &sim)
        case let .queryPart(q):
            ctx.send(.queryPartReply(q), from: node, to: q.dispatch!, in: &sim)
        case .query:
            preconditionFailure("a tier is not on a query's route")
        }
    }

    mutating func timer<C: Parts>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard case let .serviceDone(server, stamp) = timer else { preconditionFailure("tier got \(timer)") }
        guard let work = pool.finish(server, incarnation: stamp, node: node, random: &random, ctx: ctx, in: &sim) else { return }
        switch work {
        case let .order(i):
            let header = ctx.ledger.orders[i]
            if header.assets == node {
                if let refusal = store.freeze(header, watch: Int(header.slot), order: i, at: sim.now.nanos) {
                    ctx.send(.reject(i, refusal), from: node, to: ctx.beforeTier(i), in: &sim)
                } else {
                    proceed(i, ctx: &ctx, in: &sim)
                }
            } else {
                ctx.send(.fundRequest(i), from: node, to: ctx.topology.dispatch(near: node), in: &sim)
            }
        case let .cancel(i):
            if ctx.ledger.orders[i].offer != nil {
                // The order has left the tier: the cancel follows it.
                ctx.send(.cancel(i), from: node, to: ctx.afterTier(i), in: &sim)
            } else {
                ctx.send(.cancelReject(i, OrderReject(exchange: .unknownOrder)), from: node, to: ctx.beforeTier(i), in: &sim)
            }
        case let .queryPart(q):
            ctx.send(.queryPartReply(q), from: node, to: q.dispatch!, in: &sim)
        case .query:
            preconditionFailure("a tier is not on a query's route")
        }
    }

    /// Funds are frozen: send an exchange order on, or complete a subscription.
    private mutating func proceed<C: Parts>(_ i: OrderIndex, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let header = ctx.ledger.orders[i]
        if header.business.tradesOnExchange {
            let offer = ctx.topology.offer(forTier: node, market: header.market, business: header.business)
            ctx.ledger.orders.setRoute(i) { $0.offer = offer }
            ctx.chooseServices(for: i, pastTier: true, near: Int(ctx.topology.siteOf[Int(node)]))
            ctx.emit(ctx.telemetry.points.tierOut, sim, node: node, i)
            ctx.send(.order(i), from: node, to: ctx.afterTier(i), in: &sim)
        } else {
            completedSubscriptions.append(i)
            settle(i, .subscribe, ctx: &ctx, in: &sim)
            ctx.send(.ack(i), from: node, to: ctx.beforeTier(i), in: &sim)
        }
    }

    /// Applies a settlement to the client's assets: here, or through the dispatch centre.
    private mutating func settle<C: Parts>(_ i: OrderIndex, _ settlement: Settlement, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let header = ctx.ledger.orders[i]
        if header.assets == node {
            store.settle(header, settlement, watch: Int(header.slot), order: i, at: sim.now.nanos)
        } else {
            ctx.send(.settle(i, settlement), from: node, to: ctx.topology.dispatch(near: node), in: &sim)
        }
    }
}
