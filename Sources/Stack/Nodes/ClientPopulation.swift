import Exchange
import Kernel

/// One client class's clients connecting from one site: an aggregated arrival process that
/// draws each order's client, business, symbol, side, price and size, plus the clients' view
/// of their orders (reports received, planned cancels) and of the market (last snapshots).
struct ClientPopulation {
    let node: Int16
    let config: PopulationConfig
    let schedule: TradingSchedule
    let site: Int
    /// What this node sends, with cumulative weights: `(business, market)`.
    let choices: [(business: Business, market: Market)]
    let choiceCDF: [Double]
    /// Orders per second in each of the profile's windows, for this node.
    let windowRates: [Double]
    var random: Xoshiro256StarStar
    /// `view[market][symbol]`: the latest quote the clients have seen.
    var view: [[Quote]]
    /// Shares committed to sells today, per client × watchlist position (A shares are T+1, so
    /// only the opening holdings can be sold).
    var committedSells: [Int32]
    var windowIndex = 0

    init(node: Int16, config: PopulationConfig, schedule: TradingSchedule, site: Int, choices: [(Business, Market, Double)],
         share: Double, reference: ReferenceData, random: Xoshiro256StarStar) {
        self.node = node
        self.config = config
        self.schedule = schedule
        self.site = site
        self.choices = choices.map { ($0.0, $0.1) }
        let total = choices.reduce(0) { $0 + $1.2 }
        var running = 0.0
        self.choiceCDF = choices.map { running += $0.2; return running / total }
        let perSecond = config.ordersPerDay * share / max(config.profile.weightedSeconds, 1e-9)
        self.windowRates = config.profile.windows.map { $0.weight * perSecond }
        self.random = random
        self.view = reference.listings.map { Array(repeating: Quote(), count: $0.specs.count) }
        self.committedSells = Array(repeating: 0, count: config.clients * config.watchlist * Market.allCases.count)
    }

    /// When the next order after `t` is sent, or `nil` when the profile has no more time.
    mutating func nextArrival(after t: SimTime) -> SimTime? {
        var t = t
        let windows = config.profile.windows
        while windowIndex < windows.count {
            let w = windows[windowIndex]
            if t < w.start { t = w.start }
            let rate = windowRates[windowIndex]
            if t < w.end && rate > 0, let next = Bounded.poissonArrival(after: t.nanos, perSecond: rate, before: w.end.nanos, &random) {
                return SimTime(nanos: next)
            }
            // Poisson arrivals are memoryless: past the window's end, draw afresh in the next one.
            t = max(t, w.end)
            windowIndex += 1
        }
        return nil
    }

    mutating func start(at t: SimTime, in sim: inout Simulation<StackPayload>) {
        if choices.isEmpty { return }
        if let first = nextArrival(after: t) { sim.schedule(.timer(.arrival), to: NodeID(Int32(node)), at: first) }
    }

    mutating func timer(_ timer: StackTimer, ctx: inout StackContext, in sim: inout Simulation<StackPayload>) {
        switch timer {
        case .arrival:
            sendOrder(ctx: &ctx, in: &sim)
            if let next = nextArrival(after: sim.now) { sim.schedule(.timer(.arrival), to: NodeID(Int32(node)), at: next) }
        case let .cancelDue(i):
            // A client cancels only what it knows is live: acknowledged and not ended.
            if ctx.ledger.isAcked(i) && !ctx.ledger.isEnded(i) {
                ctx.emit(ctx.points.cancelSent, sim, node: node, i)
                ctx.send(.cancel(i), from: node, to: ctx.orders[i].gateway, in: &sim)
            }
        default:
            preconditionFailure("population got \(timer)")
        }
    }

    private mutating func drawChoice() -> (Business, Market) {
        let u = random.nextDouble()
        var k = 0
        while k < choiceCDF.count - 1 && choiceCDF[k] <= u { k += 1 }
        return choices[k]
    }

    mutating func sendOrder(ctx: inout StackContext, in sim: inout Simulation<StackPayload>) {
        let (business, market) = drawChoice()
        let client = Int32(random.next(below: UInt64(config.clients)))
        let clientClass = config.clientClass
        var header = OrderHeader(client: client, symbol: -1, priceFen: 0, quantity: 1, clientClass: clientClass,
                                 business: business, market: market, side: .buy, type: .limit, slot: 0, population: node)
        header.gateway = ctx.topology.gateway(client: client, site: site)
        var cancelLater = false
        if business.tradesOnExchange {
            let statics = ctx.reference.clients[clientClass.rawValue]!
            let slot = market.rawValue * statics.watch + Int(random.next(below: UInt64(statics.watch)))
            let p = Int(client) * statics.width + slot
            let symbol = statics.symbols[p]
            let listing = ctx.reference.listings[market.rawValue]
            let spec = listing.specs[Int(symbol)]
            header.symbol = symbol
            header.slot = UInt8(slot)
            let sellable = Int64(statics.holdings[p] - committedSells[p])
            let lots = Bounded.int64(config.orderLots.sample(using: &random), 1...1_000)
            if sellable > 0 && random.nextDouble() < config.sellProbability {
                header.side = .sell
                header.quantity = min(lots * spec.lotShares, sellable)
                committedSells[p] += Int32(header.quantity)
            } else {
                header.side = .buy
                header.quantity = lots * spec.lotShares
            }
            let phase = schedule.phase(at: sim.now.nanos)
            let low = listing.bandLowFen[Int(symbol)], high = listing.bandHighFen[Int(symbol)]
            if phase.isContinuous && random.nextDouble() < config.marketOrderProbability {
                header.type = .bestFiveThenCancel
            } else {
                let offset = Bounded.int64(config.priceOffsetTicks.sample(using: &random), -10_000...10_000) * spec.tickFen
                let reference = view[market.rawValue][Int(symbol)].reference(or: spec.previousCloseFen)
                let raw = header.side == .buy ? reference + offset : reference - offset
                header.priceFen = min(max(raw, low), high)
                cancelLater = random.nextDouble() < config.cancelProbability
            }
            header.freezePriceFen = header.side == .buy ? (header.type == .limit ? header.priceFen : high) : 0
        } else {
            let yuan = Bounded.int64(config.subscriptionYuan.sample(using: &random), 1...1_000_000_000)
            header.priceFen = yuan * 100
        }
        let i = ctx.orders.append(header)
        ctx.ledger.opened(i)
        ctx.emit(ctx.points.orderSent, sim, node: node, i)
        ctx.send(.order(i), from: node, to: header.gateway, in: &sim)
        if cancelLater {
            sim.setTimer(.timer(.cancelDue(i)), for: NodeID(Int32(node)), after: SimDuration(nanos: Bounded.delay(config.cancelAfterNanos, &random)))
        }
        if random.nextDouble() < config.queriesPerOrder {
            let q = QueryTicket(id: ctx.nextQueryID, client: client, clientClass: clientClass, population: node, gateway: header.gateway)
            ctx.nextQueryID += 1
            ctx.emit(ctx.points.querySent, sim, node: node, q.id, Int64(clientClass.rawValue))
            ctx.send(.query(q), from: node, to: header.gateway, in: &sim)
        }
    }

    mutating func receive(_ message: StackMessage, ctx: inout StackContext, in sim: inout Simulation<StackPayload>) {
        switch message {
        case let .ack(i):
            ctx.emit(ctx.points.clientAck, sim, node: node, i)
            ctx.ledger.markAcked(i)
            if !ctx.orders[i].business.tradesOnExchange { end(i, .completed, ctx: &ctx, sim) }
        case let .fill(i, fill):
            ctx.emit(ctx.points.clientFill, sim, node: node, i, fill.quantity)
            if ctx.ledger.addFill(i, fill.quantity) == ctx.orders[i].quantity { end(i, .filled, ctx: &ctx, sim) }
        case let .closed(i, _, _) where ctx.ledger.isEnded(i):
            end(i, .cancelled, ctx: &ctx, sim) // a second end: the recorder counts it as duplicated
        case let .reject(i, _) where ctx.ledger.isEnded(i):
            end(i, .rejected, ctx: &ctx, sim)
        case let .closed(i, remaining, cause):
            uncommit(i, remaining, ctx: ctx)
            let outcome: OrderOutcome = ctx.ledger.filled[Int(i)] > 0 ? .partlyFilled : cause == .endOfDay ? .expired : .cancelled
            end(i, outcome, ctx: &ctx, sim)
        case let .reject(i, reason):
            uncommit(i, ctx.orders[i].quantity, ctx: ctx)
            end(i, .rejected, reason: reason, ctx: &ctx, sim)
        case let .cancelReject(i, _):
            ctx.emit(ctx.points.cancelRefused, sim, node: node, i)
        case let .queryReply(q):
            ctx.emit(ctx.points.queryAnswered, sim, node: node, q.id)
        case let .marketData(market, seq):
            // A snapshot overtaken by newer ones while in flight is stale: keep the current view.
            if let quotes = ctx.feed.snapshot(market, seq) { view[market.rawValue] = quotes }
        default:
            preconditionFailure("population got \(message)")
        }
    }

    private mutating func uncommit(_ i: OrderIndex, _ quantity: Int64, ctx: StackContext) {
        let header = ctx.orders[i]
        guard header.business.tradesOnExchange, header.side == .sell else { return }
        let statics = ctx.reference.clients[header.clientClass.rawValue]!
        committedSells[Int(header.client) * statics.width + Int(header.slot)] -= Int32(quantity)
    }

    private func end(_ i: OrderIndex, _ outcome: OrderOutcome, reason: OrderReject? = nil,
                     ctx: inout StackContext, _ sim: Simulation<StackPayload>) {
        ctx.ledger.markEnded(i)
        let code = Int64(outcome.rawValue) | Int64(reason?.raw ?? 0) << 8
        ctx.emit(ctx.points.clientTerminal, sim, node: node, i, code)
    }
}
