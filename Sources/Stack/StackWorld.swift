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
    var services: [ServiceStage] = []
    var dispatches: [DispatchCentre] = []
    var offers: [OfferGateway] = []
    var exchanges: [ExchangeNode] = []
    var clearing: ClearingCentre
    var monitor: Monitor?
    var console = Console()
    var ops: OperationsState
    var balancer: BalancerState?
    /// The faults acting now, and what the stack is without them: each host's own software
    /// (an operator's install changes it) and each link's configured spec.
    var faultState = ActiveFaults()
    var baseSoftware: [HostSoftware]
    let baseLinks: [LinkSpec]
    /// Per host: whether it lost what it held in memory since it last ran (a crash or a hang),
    /// so that it restarts empty-handed rather than resuming.
    var lostMemory: [Bool]
    /// The network's ids of the partitions the plan declared, by declaration index.
    var partitionIDs: [PartitionID] = []
    /// Per fault of the plan: the contributions it starts, in order (an operator's clear ends them).
    var effectsOfFault: [[FaultEffect]] = []
    let config: StackConfig
    let drLagNanos: Int64
    /// High-availability pairs (a node with a hot standby), and each node's pair (−1: none).
    var pairs: [HAPair] = []
    var pairOf: [Int]
    /// Every time a node moved to another host, in order.
    var takeovers: [Takeover] = []
    /// The fault plan's scheduled changes; a `.change(k)` event applies `changes[k]`.
    var changes: [ScheduledChange] = []
    /// Operators' actions and forged messages at fixed times; an `.action(k)` event performs
    /// `scheduledActions[k]`.
    var scheduledActions: [Scripted] = []
    enum Scripted {
        case action(RunbookAction)
        case forged(ForgedMessage)
    }
    let heartbeatIntervalNanos: Int64
    let heartbeatTimeoutNanos: Int64

    public init(config: StackConfig, recorderPoints hub: inout TraceHub) throws(StackBuildError) {
        self.config = config
        let topology = try Topology(config: config)
        if let (p, message) = config.watchlistProblem { throw StackBuildError(field: "clients[\(p)].watchlist", message) }
        let reference = ReferenceData(config: config)
        let streams = RandomStreams(seed: config.seed)

        // The network: a host per node and per standby, a link between every pair of hosts that
        // are not both client populations.
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
            for host in topology.hosts { _ = try network.addHost(host.name, site: SiteID(Int32(host.site))) }
        } catch { throw netError(error) }
        var accessOf = [PopulationConfig.Access?](repeating: nil, count: topology.hosts.count)
        for population in config.populations {
            for n in topology.populations[population.clientClass.rawValue] { accessOf[Int(n)] = population.access }
        }
        let hosts = topology.hosts
        for i in hosts.indices {
            for j in (i + 1)..<hosts.count where accessOf[i] == nil || accessOf[j] == nil {
                let a = hosts[i], b = hosts[j]
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
                do throws(NetError) {
                    _ = try network.addLink("\(a.name)~\(b.name)", between: HostID(Int32(i)), and: HostID(Int32(j)), spec: profile.spec(km: km))
                } catch { throw netError(error) }
            }
        }

        let points = StackTracePoints(registeringIn: &hub)
        let expected = Int(config.populations.reduce(0) { $0 + $1.ordersPerDay } * 1.1) + 1_024
        ctx = StackContext(network: network, ledger: OrderLedger(expected: expected, serviceSlots: topology.routes.serviceSlots),
                           topology: topology, reference: reference,
                           feed: MarketDataFeed(symbolCounts: reference.listings.map(\.specs.count)),
                           points: points, messageBytes: config.messageBytes, resilience: config.resilience,
                           filterRandom: streams.stream("stack/packet-filters"))
        clearing = ClearingCentre(node: topology.clearing, at: config.clearingAt)

        for (n, node) in topology.nodes.enumerated() {
            let id = StackNodeID(n)
            let random = streams.stream("stack/node/" + node.name)
            switch node.kind {
            case .population:
                let population = config.populations.first { topology.populations[$0.clientClass.rawValue].contains(id) }!
                populations.append(StackWorld.population(id, population, schedule: config.schedule, topology: topology, reference: reference,
                                                         random: random, reports: config.operators.clientReports))
            case .gateway:
                gateways.append(Gateway(node: id, processing: config.gatewayProcessing, random: random))
            case .tier:
                var tier = TierSystem(node: id, config: config.tier(topology.tierKind(of: id))!, random: random)
                tier.pool.dayStartNanos = config.dayStart.nanos
                tier.pool.busyByMinute = Array(repeating: 0, count: Int((config.dayEnd - config.dayStart).nanos / 60_000_000_000) + 1)
                tiers.append(tier)
            case .service:
                let s = topology.serviceOf[n]
                services.append(ServiceStage(node: id, service: s, config: config.services[Int(s)], random: random))
            case .offer:
                offers.append(OfferGateway(node: id, processing: config.offerProcessing,
                                           logonRetryNanos: config.resilience.logonRetryInterval.nanos, random: random))
            case .exchange:
                let market = Market.allCases[topology.exchanges.firstIndex(of: id)!]
                exchanges.append(ExchangeNode(node: id, venue: config.venue(market)!, schedule: config.schedule, listing: reference.listings[market.rawValue], random: random))
            case .dispatch:
                dispatches.append(DispatchCentre(node: id, processing: config.dispatchProcessing, random: random))
            case .monitor:
                monitor = Monitor(node: id, config: config.monitoring!, topology: topology, dayStart: config.dayStart, dayEnd: config.dayEnd)
            case .clearing, .console:
                break
            }
        }
        pairOf = Array(repeating: -1, count: topology.nodes.count)
        for (n, node) in topology.nodes.enumerated() {
            guard let standby = node.hosts.first(where: { topology.hosts[$0.index].role == .standby }) else { continue }
            pairOf[n] = pairs.count
            pairs.append(HAPair(node: StackNodeID(n), hosts: (node.host, standby),
                                automatic: topology.hosts[standby.index].failover == .automatic, lastHeardNanos: config.dayStart.nanos))
        }
        heartbeatIntervalNanos = config.resilience.heartbeatInterval.nanos
        heartbeatTimeoutNanos = config.resilience.heartbeatTimeout.nanos
        ops = OperationsState(config: config.operators, random: streams.stream("stack/operators"))
        balancer = config.gatewayHealthCheck.map { BalancerState(config: $0, nodes: topology.nodes.count) }
        drLagNanos = config.disasterRecovery?.lag.nanos ?? 0
        baseSoftware = topology.hosts.map(\.software)
        baseLinks = ctx.sessions.network.links.map(\.spec)
        lostMemory = Array(repeating: false, count: topology.hosts.count)
        openAccounts()
        // Tiers with a DR replica journal their asset changes until replication has them.
        for k in tiers.indices where topology.nodes[Int(tiers[k].node)].hosts.contains(where: { topology.hosts[$0.index].role == .dr }) {
            tiers[k].store.journal = []
            tiers[k].store.journalLagNanos = drLagNanos
        }
    }

    /// Where every node runs; fault plans name nodes and links through it.
    public var topology: Topology { ctx.topology }

    /// The links between a host matching `a` and a host matching `b` (either way round), in link order.
    public func links(between a: (HostID) -> Bool, and b: (HostID) -> Bool) -> [LinkID] {
        var found: [LinkID] = []
        for (k, link) in ctx.sessions.network.links.enumerated() {
            if (a(link.a) && b(link.b)) || (a(link.b) && b(link.a)) { found.append(LinkID(Int32(k))) }
        }
        return found
    }

    mutating func apply(_ control: StackControl, in sim: inout Simulation<StackPayload>) {
        let topology = ctx.topology
        switch control {
        case let .crash(host):
            lostMemory[host.index] = true
            goesDown(host, to: .crashed, sim)
        case let .hang(host):
            guard ctx.hosts.state[host.index] != .hung else { return }
            lostMemory[host.index] = true
            goesDown(host, to: .hung, sim)
        case let .restart(host):
            guard ctx.hosts.state[host.index] != .up else { return }
            lostMemory[host.index] = false
            // The node itself restarts if this host runs it: what it held in memory is gone.
            comesBack(host, sim) { world, node in world.started(node, hot: false, in: &sim) }
        case let .slowdown(host, factor, load):
            ctx.hosts.slowdown[host.index] = factor
            ctx.hosts.cpuLoad[host.index] = load
        case let .hideMetrics(host, mask):
            ctx.hosts.hiddenMetrics[host.index] = mask
        case let .switchOver(node, host):
            precondition(topology.node(ofHost: host) == node, "host \(host) does not run node \(node)")
            takeOver(node, by: host, cause: .operator, in: &sim)
        case let .install(host, software):
            ctx.hosts.software[host.index] = software
        case let .pause(host):
            guard ctx.hosts.state[host.index] != .paused else { return }
            goesDown(host, to: .paused, sim)
        case let .resume(host):
            guard ctx.hosts.state[host.index] != .up else { return }
            lostMemory[host.index] = false
            comesBack(host, sim) { world, node in
                // Nothing was lost: the node carries on; senders resend what they kept.
                world.start(Int(node), .resumed, in: &sim)
                world.redeliver(to: node, in: &sim)
            }
        case let .impair(node, impairment):
            ctx.conditions.impairments[Int(node)].impairment = impairment
            ctx.conditions.impairments[Int(node)].tokens = impairment.ratePerSecond ?? 0
            ctx.conditions.impairments[Int(node)].refilledAtNanos = sim.now.nanos
        case let .filterPackets(filters):
            ctx.sessions.lossFilters = filters
        case let .skewClock(host, nanos):
            ctx.hosts.clockSkewNanos[host.index] = nanos
        case let .healthChecks(site, enabled):
            ctx.conditions.healthChecksEnabled[site] = enabled
        }
    }

    /// A host stops (crashed, hung or paused), noting when it first went down.
    private mutating func goesDown(_ host: HostID, to state: HostState, _ sim: Simulation<StackPayload>) {
        if ctx.hosts.state[host.index] == .up { ctx.hosts.downSince[host.index] = sim.now }
        ctx.hosts.state[host.index] = state
        ctx.emit(ctx.telemetry.points.hostChanged, sim, node: ctx.topology.node(ofHost: host), UInt32(host.raw), HostChange(stopping: state).rawValue)
    }

    /// A host runs again: `running` handles its node if the host runs it; otherwise, as the
    /// passive host of a pair, it starts watching for heartbeats afresh.
    private mutating func comesBack(_ host: HostID, _ sim: Simulation<StackPayload>, running: (inout StackWorld, StackNodeID) -> Void) {
        ctx.hosts.state[host.index] = .up
        ctx.hosts.downSince[host.index] = nil
        let node = ctx.topology.node(ofHost: host)
        ctx.emit(ctx.telemetry.points.hostChanged, sim, node: node, UInt32(host.raw), HostChange.restarted.rawValue)
        if ctx.hosts.active[Int(node)] == host {
            running(&self, node)
        } else if pairOf[Int(node)] >= 0 {
            pairs[pairOf[Int(node)]].lastHeardNanos = sim.now.nanos
        }
    }

    /// `host` runs `node` from now on. A standby beside the node's primary holds a copy of its
    /// state; the node carries on with the work it had.
    mutating func takeOver(_ node: StackNodeID, by host: HostID, cause: Takeover.Cause, hot: Bool = true, in sim: inout Simulation<StackPayload>) {
        let old = ctx.hosts.active[Int(node)]
        guard old != host else { return }
        ctx.hosts.active[Int(node)] = host
        takeovers.append(Takeover(node: node, from: old, to: host, at: sim.now, cause: cause))
        ctx.emit(ctx.telemetry.points.takeover, sim, node: node, UInt32(host.raw), Int64(old.raw))
        if pairOf[Int(node)] >= 0 { pairs[pairOf[Int(node)]].lastHeardNanos = sim.now.nanos }
        guard ctx.hosts.state[host.index] == .up else { return }
        started(node, hot: hot, in: &sim)
    }

    /// `node` runs again on its active host: a tier resumes its work (`hot`) or starts empty,
    /// an offer gateway logs on, and the senders' sessions resend what they held for it.
    mutating func started(_ node: StackNodeID, hot: Bool, in sim: inout Simulation<StackPayload>) {
        start(Int(node), hot ? .hot : .cold, in: &sim)
        redeliver(to: node, in: &sim)
    }

    /// The senders' sessions resend what they held for `node`; the clients end what they gave up on.
    mutating func redeliver(to node: StackNodeID, in sim: inout Simulation<StackPayload>) {
        for p in ctx.redeliver(to: node, in: &sim) {
            let local = Int(ctx.topology.localOf[Int(p.from)])
            switch p.message {
            case let .order(i):
                ctx.sessions.counts.ordersAbandoned += 1
                populations[local].gaveUp(on: i, ctx: &ctx, sim)
            case .query:
                ctx.sessions.counts.queriesAbandoned += 1
            default:
                break // a cancel the client no longer expects an answer to
            }
        }
    }

    /// One beat of a high-availability pair: the active host, if it runs, tells the other it is
    /// alive; the other, if it runs and the pair fails over by itself, takes over once it has
    /// heard nothing for the timeout.
    mutating func beat(_ p: Int, in sim: inout Simulation<StackPayload>) {
        let pair = pairs[p]
        let active = ctx.hosts.active[Int(pair.node)]
        let passive = active == pair.hosts.0 ? pair.hosts.1 : pair.hosts.0
        if ctx.hosts.state[active.index] == .up {
            ctx.sessions.transmit(.heartbeat, from: active, to: passive, target: pair.node, in: &sim)
        }
        if pair.automatic && ctx.hosts.state[passive.index] == .up && sim.now.nanos - pair.lastHeardNanos > heartbeatTimeoutNanos {
            takeOver(pair.node, by: passive, cause: .heartbeat, in: &sim)
        }
        sim.setTimer(.timer(.haTick), for: pair.node.target, after: SimDuration(nanos: heartbeatIntervalNanos))
    }

    /// A population node and what it sends: exchange business for the markets whose orders
    /// leave from its site, and C business if it is the population's first site.
    static func population(_ id: StackNodeID, _ config: PopulationConfig, schedule: TradingSchedule, topology: Topology, reference: ReferenceData,
                           random: Xoshiro256StarStar, reports: ClientReportConfig) -> ClientPopulation {
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
        return ClientPopulation(node: id, config: config, schedule: schedule, site: site, choices: mine, share: share, reference: reference,
                                random: random, reports: reports, operators: topology.operators, firstSite: id == nodes[0])
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
        for k in offers.indices { offers[k].logOn(ctx: &ctx, in: &sim) }
        for pair in pairs { sim.setTimer(.timer(.haTick), for: pair.node.target, after: SimDuration(nanos: heartbeatIntervalNanos)) }
        monitor?.start(in: &sim)
        if let lb = balancer {
            for gateways in ctx.topology.gateways where !gateways.isEmpty {
                sim.setTimer(.timer(.healthCheck), for: gateways[0].target, after: lb.config.interval)
            }
        }
        clearing.start(in: &sim)
    }

    public mutating func handle(_ event: Event<StackPayload>, in sim: inout Simulation<StackPayload>) {
        let target = Int(event.target.raw)
        switch event.payload {
        case let .packet(packet):
            guard ctx.sessions.network.admit(packet, at: sim.now) else {
                ctx.sessions.counts.messagesCut += 1
                return
            }
            // Systems talk over TCP-like sessions: a duplicated packet is discarded on arrival,
            // never handed to the application twice.
            if packet.isDuplicate {
                ctx.sessions.counts.duplicatesDiscarded += 1
                return
            }
            let host = packet.ticket.to
            if case .scrape = packet.message {
                // Every host answers its scrapes itself, whether or not it runs its node now.
                if ctx.hosts.state[host.index] == .up { answerScrape(StackNodeID(target), host: host, in: &sim) }
                return
            }
            if case .heartbeat = packet.message {
                // Heard by the pair's passive host, if it runs.
                if ctx.hosts.state[host.index] == .up && ctx.hosts.active[target] != host { pairs[pairOf[target]].lastHeardNanos = sim.now.nanos }
                return
            }
            switch ctx.hosts.state[host.index] {
            case .hung:
                ctx.sessions.counts.lostAtHungHosts += 1
                return
            case .crashed, .paused:
                // The sender's session could not deliver: it holds the message until the node runs again.
                if ctx.hosts.active[target] == host || !ctx.isRunning(StackNodeID(target)) {
                    ctx.sessions.park(packet.message, from: ctx.topology.node(ofHost: packet.ticket.from), for: StackNodeID(target), at: sim.now)
                } else {
                    redirect(packet, to: StackNodeID(target), in: &sim)
                }
                return
            case .up:
                if ctx.hosts.active[target] != host {
                    redirect(packet, to: StackNodeID(target), in: &sim)
                    return
                }
            }
            ctx.telemetry.digest.feed(sim.now)
            ctx.telemetry.digest.feed(event.target.raw)
            packet.message.feed(into: &ctx.telemetry.digest)
            if let tape = ctx.telemetry.tape { tape.record(sim.now, ctx.topology.name(of: StackNodeID(target)), packet.message.tapeText) }
            switch packet.message {
            case .probe, .probeReply:
                if ctx.topology.kindOf[target] != .monitor {
                    relayProbe(packet.message, at: StackNodeID(target), in: &sim)
                    return
                }
            case let .alert(id):
                ctx.observed.alerts[Int(id)].deliveredAt = sim.now
                let alert = ctx.observed.alerts[Int(id)]
                signal(Signal(source: .alert, at: sim.now, nodes: [alert.node],
                              detail: "\(alert.rule) on \(ctx.topology.name(of: alert.node))"), in: &sim)
                return
            case let .probeFailed(id):
                let probe = ctx.observed.probes[Int(id)]
                let path = Array(probe.path.dropLast()) // the broker's systems, not the exchange
                signal(Signal(source: .probe, at: sim.now, nodes: path,
                              detail: "probe \(path.map { ctx.topology.name(of: $0) }.joined(separator: " → ")) → \(probe.market.name) failed"), in: &sim)
                return
            default:
                break
            }
            deliver(packet.message, to: target, in: &sim)
            if ctx.telemetry.violated { stopOnViolation(event: packet.message.tapeText, in: &sim) }
        case let .timer(timer):
            // Heartbeats, health checks and the operators' agenda run whatever the host they are
            // addressed through is doing.
            switch timer {
            case .haTick, .healthCheck, .ops, .clientReport:
                ctx.telemetry.digest.feed(sim.now)
                ctx.telemetry.digest.feed(event.target.raw)
                timer.feed(into: &ctx.telemetry.digest)
                if let tape = ctx.telemetry.tape {
                    // Without monitoring, the operators' timers are addressed to the world itself.
                    let addressee = event.target == .world ? "world" : ctx.topology.name(of: StackNodeID(target))
                    tape.record(sim.now, addressee, timer.tapeText)
                }
                switch timer {
                case .haTick: beat(pairOf[target], in: &sim)
                case .healthCheck: checkHealth(site: Int(ctx.topology.siteOf[target]), in: &sim)
                case let .ops(k): operate(k, in: &sim)
                case let .clientReport(k): clientReported(k, in: &sim)
                default: break
                }
                return
            default:
                break
            }
            if !ctx.isRunning(StackNodeID(target)) { return } // a stopped process's timers die with it
            ctx.telemetry.digest.feed(sim.now)
            ctx.telemetry.digest.feed(event.target.raw)
            timer.feed(into: &ctx.telemetry.digest)
            if let tape = ctx.telemetry.tape { tape.record(sim.now, ctx.topology.name(of: StackNodeID(target)), timer.tapeText) }
            fire(timer, at: target, in: &sim)
            if ctx.telemetry.violated { stopOnViolation(event: timer.tapeText, in: &sim) }
        case let .change(k):
            let scheduled = changes[Int(k)]
            change(scheduled.fault, scheduled.effect, starts: scheduled.starts, source: "world", in: &sim)
        case let .action(k):
            ctx.telemetry.digest.feed(UInt8(0xC2))
            ctx.telemetry.digest.feed(sim.now)
            switch scheduledActions[Int(k)] {
            case let .action(action):
                if let tape = ctx.telemetry.tape { tape.record(sim.now, "operators", action.summary) }
                perform(action, fault: nil, in: &sim)
            case let .forged(f):
                if let tape = ctx.telemetry.tape { tape.record(sim.now, ctx.topology.name(of: f.from), "forged \(f.message.tapeText)") }
                ctx.send(f.message, from: f.from, to: f.to, in: &sim)
            }
        }
    }

    /// A host answers the monitor's scrape with what it reads off itself now: whether it burns
    /// CPU, and if it runs its node, the node's work.
    mutating func answerScrape(_ node: StackNodeID, host: HostID, in sim: inout Simulation<StackPayload>) {
        let h = host.index
        var sample = MetricSample(busyNanos: 0, servers: 0, queueDepth: 0, handled: 0, refused: 0,
                                  session: -1, load: ctx.hosts.cpuLoad[h], at: sim.now + SimDuration(nanos: ctx.hosts.clockSkewNanos[h]),
                                  hidden: ctx.hosts.hiddenMetrics[h])
        if ctx.hosts.active[Int(node)] == host {
            sample.handled = ctx.telemetry.handled[Int(node)]
            sample.refused = ctx.telemetry.refused[Int(node)]
            scrape(Int(node), into: &sample, in: &sim)
        }
        let k = UInt32(ctx.observed.samples.count)
        ctx.observed.samples.append(ScrapedSample(host: host, sample: sample))
        guard let monitor = ctx.topology.monitor else { preconditionFailure("a scrape without a monitor") }
        ctx.sessions.transmit(.scrapeReply(sample: k), from: host, to: ctx.hosts.active[Int(monitor)], target: monitor, in: &sim)
    }

    /// A business probe passes a stage of its path (the A1 route) on its way out or back: the
    /// exchange answers it, an offer gateway without an exchange session refuses it, and the
    /// gateway hands the answer to the monitor.
    mutating func relayProbe(_ message: StackMessage, at node: StackNodeID, in sim: inout Simulation<StackPayload>) {
        let t: ProbeTicket
        switch message {
        case let .probe(ticket), let .probeReply(ticket, _): t = ticket
        default: preconditionFailure("not a probe: \(message)")
        }
        let path = ctx.observed.probes[Int(t.id)].path
        guard let k = path.firstIndex(of: node) else { preconditionFailure("probe \(t.id) reached \(ctx.topology.name(of: node)), off its path") }
        if case .probeReply = message {
            guard let monitor = ctx.topology.monitor else { preconditionFailure("a probe without a monitor") }
            ctx.send(message, from: node, to: k == 0 ? monitor : path[k - 1], in: &sim)
        } else if k == path.count - 1 {
            ctx.send(.probeReply(t, ok: true), from: node, to: path[k - 1], in: &sim)
        } else if ctx.topology.kindOf[Int(node)] == .offer && !offers[Int(ctx.topology.localOf[Int(node)])].loggedOn {
            ctx.send(.probeReply(t, ok: false), from: node, to: path[k - 1], in: &sim)
        } else {
            ctx.send(message, from: node, to: path[k + 1], in: &sim)
        }
    }

    /// A client report reaches the operators.
    mutating func clientReported(_ k: UInt32, in sim: inout Simulation<StackPayload>) {
        let report = ctx.observed.clientReports[Int(k)]
        var nodes: [StackNodeID] = []
        if let i = report.lastFailedOrder {
            nodes = ctx.ledger.orders.routeNodes(i, topology: ctx.topology, assets: false)
        }
        let who = ctx.topology.name(of: report.population)
        signal(Signal(source: .clientReport, at: sim.now, nodes: nodes, detail: "\(report.failures) failures reported by \(who)"), in: &sim)
    }

    /// A message reached a host that no longer runs its node: the sender's session reconnects
    /// to the host that does and sends it again (or holds it, if that host is down).
    mutating func redirect(_ packet: Packet<StackMessage>, to node: StackNodeID, in sim: inout Simulation<StackPayload>) {
        let sender = ctx.topology.node(ofHost: packet.ticket.from)
        if ctx.isRunning(node) {
            ctx.sessions.counts.redirected += 1
            ctx.send(packet.message, from: sender, to: node, in: &sim)
        } else {
            ctx.sessions.park(packet.message, from: sender, for: node, at: sim.now)
        }
    }
}

/// A node with a hot standby beside its primary.
struct HAPair {
    let node: StackNodeID
    /// The primary and the standby host.
    let hosts: (HostID, HostID)
    /// Whether the passive host takes over by itself when heartbeats stop.
    let automatic: Bool
    /// When the passive host last heard a heartbeat (or started watching).
    var lastHeardNanos: Int64
}

/// A node moving to another host.
public struct Takeover: Equatable, Sendable {
    public enum Cause: String, Sendable {
        /// The standby heard no heartbeat for the timeout.
        case heartbeat
        /// An operator switched it (a manual switch-over, a DR failover or a failback).
        case `operator`
    }
    public var node: StackNodeID
    public var from: HostID
    public var to: HostID
    public var at: SimTime
    public var cause: Cause
}
