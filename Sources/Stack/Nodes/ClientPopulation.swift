import Exchange
import Kernel

/// One client class's clients connecting from one site: an aggregated arrival process that
/// draws each order's client, business, symbol, side, price and size, plus the clients' view
/// of their orders (reports received, planned cancels) and of the market (last snapshots).
struct ClientPopulation: StackNode {
    /// The parts of the run's shared state this node uses.
    typealias Parts = AllParts

    let node: StackNodeID
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
    /// The class's watch lists (`ReferenceData.Clients`, sharing its storage): symbols per market
    /// per client, the symbols, and the shares held of each at the open. Held here so that an
    /// order reads them without copying the class's tables out of the reference data.
    let watch: Int
    let watchSymbols: [Int32]
    let watchHoldings: [Int32]
    var windowIndex = 0
    /// Interactions not yet judged, oldest first: an order index, or a query id with the top bit set.
    var outstanding = Ring<(index: UInt32, sentAt: Int64)>()
    var failures = 0
    var lastFailedOrder: OrderIndex?
    var lastFailedQuery: UInt32?
    var reportsQuietUntil = Int64.min
    let reports: ClientReportConfig
    /// Where its reports go: the operators' console, or the world in a stack without monitoring
    /// (`Topology.operators`); only with a console do the clients also watch for orders unanswered.
    let operators: NodeID
    let queriesUntil: SimTime
    /// Whether this is the population's node on its first site.
    let firstSite: Bool
    static let queryFlag: UInt32 = 1 << 31
    static let checkIntervalNanos: Int64 = 5_000_000_000

    init(node: StackNodeID, config: PopulationConfig, schedule: TradingSchedule, site: Int, choices: [(Business, Market, Double)],
         share: Double, reference: ReferenceData, random: Xoshiro256StarStar, reports: ClientReportConfig, operators: NodeID,
         firstSite: Bool) {
        self.node = node
        self.firstSite = firstSite
        self.reports = reports
        self.operators = operators
        self.queriesUntil = SimTime(nanos: schedule.boundariesNanos.last!)
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
        let statics = reference.clients[config.clientClass.rawValue]!
        self.watch = statics.watch
        self.watchSymbols = statics.symbols
        self.watchHoldings = statics.holdings
    }

    /// Entries per client in the watch-list tables: `watch` per market.
    var width: Int { watch * Market.allCases.count }

    /// When the next order after `t` is sent, or `nil` when the profile has no more time.
    mutating func nextArrival(after t: SimTime) -> SimTime? {
        var t = t
        while windowIndex < config.profile.windows.count {
            let w = config.profile.windows[windowIndex] // read in place: a copy of the array costs a retain per order
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
        let me = node.target
        if !choices.isEmpty, let first = nextArrival(after: t) { sim.schedule(.timer(.arrival), to: me, at: first) }
        if let first = nextQuery(after: t.nanos) { sim.schedule(.timer(.queryArrival), to: me, at: SimTime(nanos: first)) }
        if reports.failures > 0 && operators != .world { sim.setTimer(.timer(.clientCheck), for: me, after: SimDuration(nanos: ClientPopulation.checkIntervalNanos)) }
    }

    /// The next query apart from orders after `t`: this node's share of the population's rate.
    mutating func nextQuery(after t: Int64) -> Int64? {
        let rate = config.queriesPerSecond * querySiteShare
        guard rate > 0 else { return nil }
        return Bounded.poissonArrival(after: t, perSecond: rate, before: queriesUntil.nanos, &random)
    }

    /// Queries apart from orders leave from the population's first site.
    var querySiteShare: Double { firstSite ? 1 : 0 }

    mutating func timer<C: Parts>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        switch timer {
        case .arrival:
            sendOrder(ctx: &ctx, in: &sim)
            if let next = nextArrival(after: sim.now) { sim.schedule(.timer(.arrival), to: node.target, at: next) }
        case .queryArrival:
            let client = Int32(random.next(below: UInt64(config.clients)))
            sendQuery(client: client, gateway: ctx.gateway(client: client, site: site), ctx: &ctx, in: &sim)
            if let next = nextQuery(after: sim.now.nanos) { sim.schedule(.timer(.queryArrival), to: node.target, at: SimTime(nanos: next)) }
        case .clientCheck:
            checkOutstanding(ctx: &ctx, in: &sim)
            sim.setTimer(.timer(.clientCheck), for: node.target, after: SimDuration(nanos: ClientPopulation.checkIntervalNanos))
        case let .cancelDue(i):
            // A client cancels only what it knows is live: acknowledged and not ended.
            if ctx.ledger.accounts.isAcked(i) && !ctx.ledger.accounts.isEnded(i) {
                ctx.emit(ctx.telemetry.points.cancelSent, sim, node: node, i)
                ctx.send(.cancel(i), from: node, to: ctx.node(.gateway, of: i), in: &sim)
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

    mutating func sendOrder<C: Parts>(ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let (business, market) = drawChoice()
        let client = Int32(random.next(below: UInt64(config.clients)))
        let clientClass = config.clientClass
        var header = OrderHeader(client: client, symbol: -1, priceFen: 0, quantity: 1, clientClass: clientClass,
                                 business: business, market: market, side: .buy, type: .limit, slot: 0, population: node)
        let gateway = ctx.gateway(client: client, site: site)
        header.gateway = gateway
        var cancelLater = false
        if business.tradesOnExchange {
            let slot = market.rawValue * watch + Int(random.next(below: UInt64(watch)))
            let p = Int(client) * width + slot
            let symbol = watchSymbols[p], holding = watchHoldings[p]
            let spec = ctx.reference.terms(market, symbol)
            header.symbol = symbol
            header.slot = UInt8(slot)
            let sellable = Int64(holding - committedSells[p])
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
            let low = spec.bandLowFen, high = spec.bandHighFen
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
        let i = ctx.ledger.orders.append(header)
        ctx.ledger.accounts.opened(i)
        ctx.emit(ctx.telemetry.points.orderSent, sim, node: node, i)
        if ctx.conditions.impairments[Int(gateway)].impairment.unresolvable {
            // The gateway's name does not resolve (DNS failure): the client cannot connect.
            uncommit(i, header.quantity, ctx: ctx)
            end(i, .rejected, reason: .unavailable, ctx: &ctx, sim)
            if reports.failures > 0 { failed(order: i) }
            return
        }
        ctx.send(.order(i), from: node, to: gateway, in: &sim)
        if cancelLater {
            sim.setTimer(.timer(.cancelDue(i)), for: node.target, after: SimDuration(nanos: Bounded.delay(config.cancelAfterNanos, &random)))
        }
        if reports.failures > 0 { outstanding.append((i, sim.now.nanos)) }
        if random.nextDouble() < config.queriesPerOrder {
            sendQuery(client: client, gateway: gateway, ctx: &ctx, in: &sim)
        }
    }

    private mutating func sendQuery<C: Parts>(client: Int32, gateway: StackNodeID, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        if ctx.conditions.impairments[Int(gateway)].impairment.unresolvable {
            if reports.failures > 0 { failed() }
            return
        }
        let q = QueryTicket(id: ctx.ledger.nextQueryID, client: client, clientClass: config.clientClass, population: node, gateway: gateway)
        ctx.ledger.nextQueryID += 1
        ctx.observed.queryAnswered.append(false)
        ctx.emit(ctx.telemetry.points.querySent, sim, node: node, q.id, Int64(config.clientClass.rawValue))
        if reports.failures > 0 { outstanding.append((q.id | ClientPopulation.queryFlag, sim.now.nanos)) }
        ctx.send(.query(q), from: node, to: gateway, in: &sim)
    }

    /// Interactions older than the report timeout are judged: unanswered ones are failures.
    private mutating func checkOutstanding<C: Parts>(ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let limit = sim.now.nanos - reports.timeout.nanos
        while let first = outstanding.first, first.sentAt <= limit {
            _ = outstanding.popFirst()
            if first.index & ClientPopulation.queryFlag != 0 {
                let q = first.index & ~ClientPopulation.queryFlag
                if !ctx.observed.queryAnswered[Int(q)] { failed(query: q) }
            } else if !ctx.ledger.accounts.isAcked(first.index) && !ctx.ledger.accounts.isEnded(first.index) {
                failed(order: first.index)
            }
        }
        report(ctx: &ctx, in: &sim)
    }

    private mutating func failed(order: OrderIndex? = nil, query: UInt32? = nil) {
        failures += 1
        if let order { lastFailedOrder = order }
        if let query { lastFailedQuery = query }
    }

    /// Enough failures: the clients call the broker; the report reaches the operators after a delay.
    private mutating func report<C: Parts>(ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard failures >= reports.failures, sim.now.nanos >= reportsQuietUntil else { return }
        let delay = Bounded.delay(reports.delay, &random)
        let k = UInt32(ctx.observed.clientReports.count)
        ctx.observed.clientReports.append(ClientReport(madeAt: sim.now, reachesOperatorsAt: sim.now + SimDuration(nanos: delay), population: node,
                                              failures: failures, lastFailedOrder: lastFailedOrder, lastFailedQuery: lastFailedQuery))
        sim.setTimer(.timer(.clientReport(k)), for: operators, after: SimDuration(nanos: delay))
        failures = 0
        reportsQuietUntil = sim.now.nanos + reports.cooldown.nanos
    }

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        switch message {
        case let .ack(i) where ctx.ledger.accounts.isEnded(i), let .fill(i, _) where ctx.ledger.accounts.isEnded(i),
             let .closed(i, _, _) where ctx.ledger.accounts.isEnded(i), let .reject(i, _) where ctx.ledger.accounts.isEnded(i):
            // Once an order has ended its client hears nothing more of it. Checked as it happens:
            // the run stops after this event, which goes no further.
            ctx.violate(.orderTransitionsLegal, order: i, "the order had ended; its client then got \(message.tapeText)", node: node, sim)
        case let .ack(i):
            ctx.emit(ctx.telemetry.points.clientAck, sim, node: node, i)
            ctx.ledger.accounts.markAcked(i)
            if !ctx.ledger.orders[i].business.tradesOnExchange { end(i, .completed, ctx: &ctx, sim) }
        case let .fill(i, fill):
            ctx.emit(ctx.telemetry.points.clientFill, sim, node: node, i, fill.quantity)
            let filled = ctx.ledger.accounts.addFill(i, fill.quantity)
            if filled == ctx.ledger.orders[i].quantity { end(i, .filled, ctx: &ctx, sim) }
            else if filled > ctx.ledger.orders[i].quantity {
                ctx.violate(.quantityConservedPerOrder, order: i, "the client has \(filled) shares filled of an order of \(ctx.ledger.orders[i].quantity)", node: node, sim)
                return
            }
        case let .closed(i, remaining, cause):
            uncommit(i, remaining, ctx: ctx)
            let outcome: OrderOutcome = ctx.ledger.accounts.filled[Int(i)] > 0 ? .partlyFilled : cause == .endOfDay ? .expired : .cancelled
            end(i, outcome, ctx: &ctx, sim)
        case let .reject(i, reason):
            uncommit(i, ctx.ledger.orders[i].quantity, ctx: ctx)
            end(i, .rejected, reason: reason, ctx: &ctx, sim)
            if reason.isSystemFailure && reports.failures > 0 {
                failed(order: i)
                report(ctx: &ctx, in: &sim)
            }
        case let .cancelReject(i, _):
            ctx.emit(ctx.telemetry.points.cancelRefused, sim, node: node, i)
        case let .queryReply(q):
            ctx.observed.queryAnswered[Int(q.id)] = true
            ctx.emit(ctx.telemetry.points.queryAnswered, sim, node: node, q.id)
        case let .marketData(market, seq):
            // A snapshot overtaken by newer ones while in flight is stale: keep the current view.
            if let quotes = ctx.feed.snapshot(market, seq) { view[market.rawValue] = quotes }
        default:
            preconditionFailure("population got \(message)")
        }
    }

    /// The client's request never reached the broker and it stopped waiting: its app shows the
    /// order as failed (refused as unavailable).
    mutating func gaveUp<C: Parts>(on i: OrderIndex, ctx: inout C, _ sim: Simulation<StackPayload>) {
        guard !ctx.ledger.accounts.isEnded(i) else { return }
        uncommit(i, ctx.ledger.orders[i].quantity, ctx: ctx)
        end(i, .rejected, reason: .unavailable, ctx: &ctx, sim)
    }

    private mutating func uncommit<C: Parts>(_ i: OrderIndex, _ quantity: Int64, ctx: C) {
        let header = ctx.ledger.orders[i]
        guard header.business.tradesOnExchange, header.side == .sell else { return }
        committedSells[Int(header.client) * width + Int(header.slot)] -= Int32(quantity)
    }

    private func end<C: Parts>(_ i: OrderIndex, _ outcome: OrderOutcome, reason: OrderReject? = nil,
                     ctx: inout C, _ sim: Simulation<StackPayload>) {
        ctx.ledger.accounts.markEnded(i)
        ctx.emit(ctx.telemetry.points.clientTerminal, sim, node: node, i, OrderEnd(outcome, reason: reason).field)
    }
}
