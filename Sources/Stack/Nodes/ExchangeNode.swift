import Exchange
import Kernel
import Net

/// An exchange (SSE or SZSE) hosting the Exchange module's engine on the session clock: it
/// matches the broker's orders among the other members' flow, reports acks, refusals, fills
/// and closes back through the offer gateway that sent each order, and publishes market data.
struct ExchangeNode: StackNode {
    /// The parts of the run's shared state this node uses.
    typealias Parts = WirePart & LedgerPart & TelemetryPart & MarketPart

    /// One execution of a broker order, as the exchange recorded it (for clearing).
    struct BrokerTrade: Equatable, Sendable {
        var order: OrderIndex
        var quantity: Int64
        var priceFen: Int64
    }

    let node: StackNodeID
    let market: Market
    let venue: VenueConfig
    /// A reference: a branched run gives its world its own copy (`StackWorld.detachEngines`).
    var engine: MatchingEngine
    let symbolCDF: GuidedCDF
    var random: Xoshiro256StarStar
    var nextOtherID = OrderTable.otherMembersBase
    var nextBoundary = 0
    /// Every execution of a broker order, per side, in trade order.
    var brokerTrades: [BrokerTrade] = []
    // Shares traded per broker order, the exchange's side of the reconciliation, are in the
    // context (`OrderLedger.exchangeTraded`), shared by both exchanges.
    /// Net cash (fen) and shares per symbol that other members received from the broker.
    var streetCashFen: Int64 = 0
    var streetShares: [Int64]
    var tradeCount: UInt64 = 0
    /// The engine's events being reported; swapped with the engine's own buffer, so draining
    /// neither copies nor allocates.
    var draining: [ExchangeEvent] = []
    var otherMembersOrders = 0

    init(node: StackNodeID, venue: VenueConfig, schedule: TradingSchedule, listing: ReferenceData.Listing, random: Xoshiro256StarStar) {
        self.node = node
        self.market = venue.market
        self.venue = venue
        // Broker orders and other members' orders are each numbered counting up.
        self.engine = MatchingEngine(rules: venue.market == .sse ? .sse : .szse, schedule: schedule, expectedOrders: 1 << 20,
                                     denseOrderIDs: [1 ..< OrderTable.otherMembersBase, OrderTable.otherMembersBase ..< .max])
        for spec in listing.specs { _ = try! engine.list(spec) } // specs come from ReferenceData, valid by construction
        self.symbolCDF = GuidedCDF(ReferenceData.zipfCDF(count: listing.specs.count, exponent: 1))
        self.random = random
        self.streetShares = Array(repeating: 0, count: listing.specs.count)
    }

    var schedule: TradingSchedule { engine.schedule }
    var sessionOpen: SimTime { SimTime(nanos: schedule.boundariesNanos.first!) }
    var sessionClose: SimTime { SimTime(nanos: schedule.boundariesNanos.last!) }

    mutating func start(at t: SimTime, in sim: inout Simulation<StackPayload>) {
        let me = node.target
        let boundaries = schedule.boundariesNanos
        while nextBoundary < boundaries.count && boundaries[nextBoundary] < t.nanos { nextBoundary += 1 }
        if nextBoundary < boundaries.count {
            sim.schedule(.timer(.sessionBoundary), to: me, at: SimTime(nanos: boundaries[nextBoundary]))
        }
        let open = max(t, sessionOpen)
        if open < sessionClose {
            sim.schedule(.timer(.marketDataTick), to: me, at: open)
            if venue.otherMembersOrdersPerSecond > 0 { sim.schedule(.timer(.otherMembersOrder), to: me, at: open) }
        }
    }

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        switch message {
        case let .order(i):
            ctx.emit(ctx.telemetry.points.exchangeIn, sim, node: node, i)
            let h = ctx.ledger.orders[i]
            let offer = ctx.node(.offer, of: i)
            if abs(ctx.hosts.clockSkewNanos[ctx.hosts.active[Int(offer)].index]) > venue.clockTolerance.nanos {
                // Stamped by a gateway whose clock is off: refused before the book sees it.
                ctx.send(.reject(i, .clockSkew), from: node, to: offer, afterNanos: venue.matchingLatency.nanos, in: &sim)
                return
            }
            let id = OrderTable.exchangeID(i)
            engine.submit(h.type == .limit
                ? .limit(at: sim.now.nanos, id: id, symbol: h.symbol, h.side, priceFen: h.priceFen, quantity: h.quantity)
                : .market(h.type, at: sim.now.nanos, id: id, symbol: h.symbol, h.side, quantity: h.quantity))
            drain(ctx: &ctx, in: &sim)
        case let .cancel(i):
            engine.submit(.cancel(at: sim.now.nanos, id: OrderTable.exchangeID(i), symbol: ctx.ledger.orders[i].symbol))
            drain(ctx: &ctx, in: &sim)
        case .collect:
            ctx.send(.collected, from: node, to: ctx.topology.clearing, in: &sim)
        case let .logon(host):
            // The link needs a given version and configuration, where the venue names them.
            let software = ctx.hosts.software[Int(host)]
            let accepted = (venue.requiredVersion.map { $0 == software.version } ?? true)
                && (venue.requiredConfig.map { $0 == software.config } ?? true)
                && abs(ctx.hosts.clockSkewNanos[Int(host)]) <= venue.clockTolerance.nanos
            ctx.send(.logonReply(host: host, accepted: accepted), from: node, to: ctx.topology.node(ofHost: HostID(Int32(host))), in: &sim)
        default:
            preconditionFailure("exchange got \(message)")
        }
    }

    mutating func timer<C: Parts>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let me = node.target
        switch timer {
        case .sessionBoundary:
            let boundaries = schedule.boundariesNanos
            if nextBoundary == 0 { seedOpeningDepth(at: sim.now) }
            engine.advance(to: sim.now.nanos)
            drain(ctx: &ctx, in: &sim)
            nextBoundary += 1
            if nextBoundary < boundaries.count {
                sim.schedule(.timer(.sessionBoundary), to: me, at: SimTime(nanos: boundaries[nextBoundary]))
            }
        case .marketDataTick:
            let engine = self.engine // one reference for the whole snapshot, not one per read
            let seq = ctx.feed.publish(market) { quotes in
                for s in quotes.indices {
                    let symbol = Int32(s)
                    quotes[s] = Quote(lastFen: engine.lastTradeFen(symbol) ?? 0, bidFen: engine.bestBidFen(symbol) ?? 0,
                                      askFen: engine.bestAskFen(symbol) ?? 0)
                }
            }
            for populations in ctx.topology.populations {
                for p in populations { ctx.send(.marketData(market, sequence: seq), from: node, to: p, in: &sim) }
            }
            let next = sim.now + venue.marketDataInterval
            if next < sessionClose { sim.schedule(.timer(.marketDataTick), to: me, at: next) }
        case .otherMembersOrder:
            otherMemberOrder(at: sim.now)
            drain(ctx: &ctx, in: &sim)
            if var next = Bounded.poissonArrival(after: sim.now.nanos, perSecond: venue.otherMembersOrdersPerSecond,
                                                 before: sessionClose.nanos, &random) {
                if schedule.phase(at: next) == .lunchBreak { next = schedule.start(of: .afternoonContinuous)! }
                sim.schedule(.timer(.otherMembersOrder), to: me, at: SimTime(nanos: next))
            }
        default:
            preconditionFailure("exchange got \(timer)")
        }
    }

    /// Other members' resting orders at the open: `openingDepthLevels` a tick apart on each
    /// side of the previous close.
    private mutating func seedOpeningDepth(at t: SimTime) {
        for s in 0..<engine.symbolCount {
            let spec = engine.spec(of: Int32(s))
            for level in 1...max(1, venue.openingDepthLevels) where venue.openingDepthLevels > 0 {
                let offset = Int64(level) * spec.tickFen
                for (side, price) in [(Side.buy, spec.previousCloseFen - offset), (Side.sell, spec.previousCloseFen + offset)] {
                    guard let band = spec.bandFen, band.contains(price) else { continue }
                    engine.submit(.limit(at: t.nanos, id: nextOtherID, symbol: Int32(s), side, priceFen: price, quantity: venue.openingDepthShares))
                    nextOtherID += 1
                }
            }
        }
    }

    /// One order of the rest of the market: a popular symbol, either side, near the last price.
    private mutating func otherMemberOrder(at t: SimTime) {
        let symbol = Int32(symbolCDF.draw(&random))
        let spec = engine.spec(of: symbol)
        let side: Side = random.next(below: 2) == 0 ? .buy : .sell
        let reference = engine.lastTradeFen(symbol) ?? spec.previousCloseFen
        let offset = Int64(DeterministicMath.roundedHalfAway(Distribution.normal(mean: 0, standardDeviation: 3).sample(using: &random))) * spec.tickFen
        let band = spec.bandFen!
        let price = min(max(side == .buy ? reference + offset : reference - offset, band.lowerBound), band.upperBound)
        let lots = 1 + Int64(random.next(below: 20))
        engine.submit(.limit(at: t.nanos, id: nextOtherID, symbol: symbol, side, priceFen: price, quantity: lots * spec.lotShares))
        nextOtherID += 1
        otherMembersOrders += 1
    }

    /// Reports what the engine did to broker orders, after the matching latency.
    private mutating func drain<C: Parts>(ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let delay = venue.matchingLatency.nanos
        engine.takeEvents(into: &draining)
        for k in draining.indices {
            switch draining[k] {
            case let .accepted(id, _):
                if let i = OrderTable.index(ofExchangeID: id) {
                    ctx.send(.ack(i), from: node, to: ctx.node(.offer, of: i), afterNanos: delay, in: &sim)
                }
            case let .rejected(r):
                if let i = OrderTable.index(ofExchangeID: r.orderID) {
                    let message: StackMessage = r.type == .cancel ? .cancelReject(i, OrderReject(exchange: r.reason)) : .reject(i, OrderReject(exchange: r.reason))
                    ctx.send(message, from: node, to: ctx.node(.offer, of: i), afterNanos: delay, in: &sim)
                }
            case let .trade(t):
                tradeCount += 1
                ctx.telemetry.digest.feed(UInt8(0x54))
                ctx.telemetry.digest.feed(t.tradeID)
                ctx.telemetry.digest.feed(t.timeNanos)
                ctx.telemetry.digest.feed(t.symbol)
                ctx.telemetry.digest.feed(t.priceFen)
                ctx.telemetry.digest.feed(t.quantity)
                ctx.telemetry.digest.feed(t.buyOrderID)
                ctx.telemetry.digest.feed(t.sellOrderID)
                if let tape = ctx.telemetry.tape { tape.recordTrade(sim.now, ctx.topology.name(of: node), t.tapeText) }
                if let i = OrderTable.index(ofExchangeID: t.buyOrderID) { brokerSide(i, .buy, t, ctx: &ctx, in: &sim) }
                if let i = OrderTable.index(ofExchangeID: t.sellOrderID) { brokerSide(i, .sell, t, ctx: &ctx, in: &sim) }
            case let .cancelled(id, remaining, cause, _):
                if let i = OrderTable.index(ofExchangeID: id) {
                    ctx.send(.closed(i, remaining: remaining, cause: cause), from: node, to: ctx.node(.offer, of: i), afterNanos: delay, in: &sim)
                }
            }
        }
        draining.removeAll(keepingCapacity: true)
    }

    /// Records one side of a trade that belongs to a broker order and reports the fill.
    private mutating func brokerSide<C: Parts>(_ i: OrderIndex, _ side: Side, _ t: Trade, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        record(i, quantity: t.quantity, priceFen: t.priceFen, ctx: &ctx)
        // What the broker's client gains, the rest of the market gives up (and the reverse).
        let cash = t.priceFen * t.quantity
        streetCashFen += side == .buy ? cash : -cash
        streetShares[Int(t.symbol)] += side == .buy ? -t.quantity : t.quantity
        ctx.send(.fill(i, FillReport(tradeID: t.tradeID, quantity: t.quantity, priceFen: t.priceFen)),
                 from: node, to: ctx.node(.offer, of: i), afterNanos: venue.matchingLatency.nanos, in: &sim)
    }

    private mutating func record<C: Parts>(_ i: OrderIndex, quantity: Int64, priceFen: Int64, ctx: inout C) {
        brokerTrades.append(BrokerTrade(order: i, quantity: quantity, priceFen: priceFen))
        if Int(i) >= ctx.ledger.exchangeTraded.count {
            ctx.ledger.exchangeTraded.append(contentsOf: repeatElement(0, count: Int(i) + 1 - ctx.ledger.exchangeTraded.count))
        }
        ctx.ledger.exchangeTraded[Int(i)] += quantity
    }
}
