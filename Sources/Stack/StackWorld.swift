import Exchange
import Kernel
import Net

/// A whole stack in one event handler: the shared context and every node, with each event
/// handed to the node its target names. Built from a `StackConfig`.
public struct StackWorld: EventHandler {
    var ctx: StackContext
    var populations: [ClientPopulation] = []
    var gateways: [Gateway] = []
    var tiers: [TierSystem] = []
    var dispatches: [DispatchCentre] = []
    var offers: [OfferGateway] = []
    var exchanges: [ExchangeNode] = []
    var clearing: ClearingCentre
    let config: StackConfig
    /// Per node: up, crashed or hung.
    var nodeStates: [NodeState]
    enum NodeState: UInt8 { case up, crashed, hung }

    public init(config: StackConfig, recorderPoints hub: inout TraceHub) throws(StackBuildError) {
        self.config = config
        let topology = try Topology(config: config)
        for (p, population) in config.populations.enumerated() {
            for market in Market.allCases where population.watchlist > config.venue(market)!.symbols {
                throw StackBuildError(field: "clients[\(p)].watchlist", "is \(population.watchlist), more than the \(config.venue(market)!.symbols) symbols \(market.name) lists")
            }
        }
        let reference = ReferenceData(config: config)
        let streams = RandomStreams(seed: config.seed)

        // The network: one host per node, a link between every pair that is not two client populations.
        var network = Network(seed: config.seed)
        func netError(_ e: NetError) -> StackBuildError { StackBuildError(field: "network", e.description) }
        do throws(NetError) {
            for site in config.sites { _ = try network.addSite(site.name) }
            for d in config.distances {
                guard let a = network.site(named: d.a), let b = network.site(named: d.b) else {
                    throw NetError.unknownSite(network.site(named: d.a) == nil ? d.a : d.b)
                }
                try network.setDistance(a, b, km: d.km)
            }
            for node in topology.nodes { _ = try network.addHost(node.name, site: SiteID(Int32(node.site))) }
        } catch { throw netError(error) }
        var accessOf = [PopulationConfig.Access?](repeating: nil, count: topology.nodes.count)
        for population in config.populations {
            for n in topology.populations[population.clientClass.rawValue] { accessOf[Int(n)] = population.access }
        }
        for i in topology.nodes.indices {
            for j in (i + 1)..<topology.nodes.count where accessOf[i] == nil || accessOf[j] == nil {
                let a = topology.nodes[i], b = topology.nodes[j]
                var km = 0.0
                if a.site != b.site {
                    guard let d = network.distance(SiteID(Int32(a.site)), SiteID(Int32(b.site))) else {
                        throw StackBuildError(field: "distances", "no distance between \(topology.siteNames[a.site]) and \(topology.siteNames[b.site])")
                    }
                    km = d
                }
                let profile: LinkProfile
                switch accessOf[i] ?? accessOf[j] {
                case .colocated?: profile = config.colocatedLink
                case .leasedLine?: profile = config.leasedLineLink
                case .internet?: profile = config.internetLink
                case nil: profile = a.site == b.site ? config.dataCentreLink : config.interSiteLink
                }
                do throws(NetError) { _ = try network.addLink("\(a.name)~\(b.name)", between: a.host, and: b.host, spec: profile.spec(km: km)) }
                catch { throw netError(error) }
            }
        }

        let points = StackTracePoints(registeringIn: &hub)
        let expected = Int(config.populations.reduce(0) { $0 + $1.ordersPerDay } * 1.1) + 1_024
        ctx = StackContext(network: network, orders: OrderTable(expected: expected), ledger: ClientLedger(expected: expected), tierFills: TierFillLedger(expected: expected),
                           topology: topology, reference: reference,
                           feed: MarketDataFeed(symbolCounts: reference.listings.map(\.specs.count)),
                           points: points, messageBytes: config.messageBytes)
        clearing = ClearingCentre(node: topology.clearing, at: config.clearingAt)

        for (n, node) in topology.nodes.enumerated() {
            let id = Int16(n)
            let random = streams.stream("stack/node/" + node.name)
            switch node.kind {
            case .population:
                let population = config.populations.first { topology.populations[$0.clientClass.rawValue].contains(id) }!
                populations.append(StackWorld.population(id, population, schedule: config.schedule, topology: topology, reference: reference, random: random))
            case .gateway:
                gateways.append(Gateway(node: id, processing: config.gatewayProcessing, random: random))
            case .tier:
                tiers.append(TierSystem(node: id, config: config.tier(topology.tierKind(of: id))!, random: random))
            case .offer:
                offers.append(OfferGateway(node: id, processing: config.offerProcessing, random: random))
            case .exchange:
                let market = Market.allCases[topology.exchanges.firstIndex(of: id)!]
                exchanges.append(ExchangeNode(node: id, venue: config.venue(market)!, schedule: config.schedule, listing: reference.listings[market.rawValue], random: random))
            case .dispatch:
                dispatches.append(DispatchCentre(node: id, processing: config.dispatchProcessing, random: random))
            case .clearing:
                break
            }
        }
        nodeStates = Array(repeating: .up, count: topology.nodes.count)
        openAccounts()
    }

    /// Where every node runs; fault plans name nodes and links through it.
    public var topology: Topology { ctx.topology }

    /// The links between a node matching `a` and a node matching `b` (either way round), in link order.
    public func links(between a: (Topology.Node) -> Bool, and b: (Topology.Node) -> Bool) -> [LinkID] {
        var found: [LinkID] = []
        let nodes = ctx.topology.nodes
        for (k, link) in ctx.network.links.enumerated() {
            let x = nodes[link.a.index], y = nodes[link.b.index]
            if (a(x) && b(y)) || (a(y) && b(x)) { found.append(LinkID(Int32(k))) }
        }
        return found
    }

    /// A link's configuration at build time (to restore after a fault).
    public func linkSpec(_ id: LinkID) -> LinkSpec { ctx.network.links[id.index].spec }

    mutating func apply(_ control: StackControl, in sim: inout Simulation<StackPayload>) {
        switch control {
        case let .crash(node):
            nodeStates[Int(node)] = .crashed
        case let .hang(node):
            if nodeStates[Int(node)] == .up { nodeStates[Int(node)] = .hung }
        case let .restart(node):
            nodeStates[Int(node)] = .up
            // What was held in memory is gone: a tier restarts with empty queues and idle servers.
            if ctx.topology.kindOf[Int(node)] == .tier { tiers[Int(ctx.topology.localOf[Int(node)])].restart() }
        case let .slowdown(node, factor):
            precondition(ctx.topology.kindOf[Int(node)] == .tier, "slowdown applies to tier instances")
            tiers[Int(ctx.topology.localOf[Int(node)])].slowdown = factor
        }
    }

    /// A population node and what it sends: exchange business for the markets whose orders
    /// leave from its site, and C business if it is the population's first site.
    static func population(_ id: Int16, _ config: PopulationConfig, schedule: TradingSchedule, topology: Topology, reference: ReferenceData,
                           random: Xoshiro256StarStar) -> ClientPopulation {
        let nodes = topology.populations[config.clientClass.rawValue]
        let site = topology.nodes[Int(id)].site
        var mine: [(Business, Market, Double)] = []
        var total = 0.0
        for business in Business.allCases {
            let mix = config.businessMix[business.rawValue]
            if business.tradesOnExchange {
                for market in Market.allCases {
                    let w = mix * (market == .sse ? config.sseShare : 1 - config.sseShare)
                    total += w
                    if sendingSite(market, config: config, topology: topology) == site && w > 0 { mine.append((business, market, w)) }
                }
            } else {
                total += mix
                if id == nodes[0] && mix > 0 { mine.append((business, .szse, mix)) }
            }
        }
        let share = total > 0 ? mine.reduce(0) { $0 + $1.2 } / total : 0
        return ClientPopulation(node: id, config: config, schedule: schedule, site: site, choices: mine, share: share, reference: reference, random: random)
    }

    /// The site a population sends `market`'s orders from: the one next to the exchange if it
    /// connects there, otherwise its first site.
    static func sendingSite(_ market: Market, config: PopulationConfig, topology: Topology) -> Int {
        let sites = topology.populations[config.clientClass.rawValue].map { topology.nodes[Int($0)].site }
        let venue = topology.venueSite[market.rawValue]
        return sites.contains(venue) ? venue : sites[0]
    }

    /// Opens every client's cash and positions on the tier instances that hold them.
    mutating func openAccounts() {
        let topology = ctx.topology
        var tierIndex = [Int](repeating: -1, count: topology.nodes.count)
        for (k, tier) in tiers.enumerated() { tierIndex[Int(tier.node)] = k }
        for population in config.populations {
            let clientClass = population.clientClass
            let statics = ctx.reference.clients[clientClass.rawValue]!
            let kind = topology.routing.assetTier(of: clientClass)
            // The client's portions: one per site its orders resolve to.
            var portionSites: [Int] = []
            for n in topology.populations[clientClass.rawValue] {
                let s = topology.resolvedSite(kind, near: topology.nodes[Int(n)].site)
                if !portionSites.contains(s) { portionSites.append(s) }
            }
            for s in portionSites {
                let instances = topology.tierNodes[kind.rawValue][s]
                for (r, node) in instances.enumerated() {
                    tiers[tierIndex[Int(node)]].store.addSection(clientClass, clients: statics.count, modulus: instances.count,
                                                                residue: r, width: statics.width)
                }
            }
            let marketSites = Market.allCases.map { StackWorld.sendingSite($0, config: population, topology: topology) }
            for c in 0..<statics.count {
                let client = Int32(c)
                let cash = statics.cashFen[c]
                let portions = Int64(portionSites.count)
                for (k, s) in portionSites.enumerated() {
                    let node = topology.tierNode(kind, client: client, near: s)
                    let t = tierIndex[Int(node)]
                    let slot = tiers[t].store.slot(clientClass, client)
                    tiers[t].store.open(slot: slot, cashFen: cash / portions + (k == 0 ? cash % portions : 0))
                }
                for market in Market.allCases {
                    let node = topology.tierNode(kind, client: client, near: marketSites[market.rawValue])
                    let t = tierIndex[Int(node)]
                    for j in 0..<statics.watch {
                        let w = market.rawValue * statics.watch + j
                        let held = statics.holdings[c * statics.width + w]
                        if held > 0 { tiers[t].store.open(position: tiers[t].store.positionIndex(clientClass, client, watch: w), shares: Int64(held)) }
                    }
                }
            }
        }
    }

    /// Schedules every node's first event.
    mutating func start(in sim: inout Simulation<StackPayload>) {
        for k in populations.indices { populations[k].start(at: sim.now, in: &sim) }
        for k in exchanges.indices { exchanges[k].start(at: sim.now, in: &sim) }
        clearing.start(in: &sim)
    }

    public mutating func handle(_ event: Event<StackPayload>, in sim: inout Simulation<StackPayload>) {
        let target = Int(event.target.raw)
        switch event.payload {
        case let .packet(packet):
            guard ctx.network.admit(packet, at: sim.now) else {
                ctx.messagesCut += 1
                return
            }
            // Systems talk over TCP-like sessions: a duplicated packet is discarded on arrival,
            // never handed to the application twice.
            if packet.isDuplicate {
                ctx.duplicatesDiscarded += 1
                return
            }
            if nodeStates[target] != .up {
                ctx.lostAtDownNodes += 1
                return
            }
            ctx.digest.feed(sim.now)
            ctx.digest.feed(event.target.raw)
            packet.message.feed(into: &ctx.digest)
            let local = Int(ctx.topology.localOf[target])
            switch ctx.topology.kindOf[target] {
            case .population: populations[local].receive(packet.message, ctx: &ctx, in: &sim)
            case .gateway: gateways[local].receive(packet.message, ctx: &ctx, in: &sim)
            case .tier: tiers[local].receive(packet.message, ctx: &ctx, in: &sim)
            case .dispatch: dispatches[local].receive(packet.message, ctx: &ctx, in: &sim)
            case .offer: offers[local].receive(packet.message, ctx: &ctx, in: &sim)
            case .exchange: exchanges[local].receive(packet.message, ctx: &ctx, in: &sim)
            case .clearing: clearing.receive(packet.message, ctx: &ctx, in: &sim)
            }
        case let .timer(timer):
            if nodeStates[target] != .up { return } // a stopped process's timers die with it
            ctx.digest.feed(sim.now)
            ctx.digest.feed(event.target.raw)
            timer.feed(into: &ctx.digest)
            let local = Int(ctx.topology.localOf[target])
            switch ctx.topology.kindOf[target] {
            case .population: populations[local].timer(timer, ctx: &ctx, in: &sim)
            case .tier: tiers[local].timer(timer, ctx: &ctx, in: &sim)
            case .exchange: exchanges[local].timer(timer, ctx: &ctx, in: &sim)
            case .clearing: clearing.timer(timer, ctx: &ctx, in: &sim)
            case let kind: preconditionFailure("\(kind) got timer \(timer)")
            }
        case let .netControl(control):
            ctx.digest.feed(UInt8(0xC0))
            ctx.digest.feed(sim.now)
            do { try ctx.network.apply(control, at: sim.now) } catch { preconditionFailure("network control refused: \(error)") }
        case let .stackControl(control):
            ctx.digest.feed(UInt8(0xC1))
            ctx.digest.feed(sim.now)
            apply(control, in: &sim)
        }
    }
}
