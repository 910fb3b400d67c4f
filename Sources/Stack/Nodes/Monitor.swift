import Kernel
import Net

/// What a node reports when scraped: cumulative counters (the monitor takes differences)
/// and levels, with the metrics its exporter does not report (a blind spot) masked out.
/// A sample and the host it was read off.
struct ScrapedSample {
    var host: HostID
    var sample: MetricSample
}

struct MetricSample {
    var busyNanos: Int64
    /// Servers the busy time is shared among (0: the node has no service model).
    var servers: Int
    var queueDepth: Int
    var handled: UInt64
    var refused: UInt64
    /// 1 logged on, 0 not, −1 not an offer gateway.
    var session: Int8
    /// CPU a fault burns on the host (0…1).
    var load: Double
    var at: SimTime
    /// Bit `Metric` index set: not reported.
    var hidden: UInt8
}

/// The monitoring system (SPEC §8): scrapes every broker host each `scrapeInterval` (a
/// standby or DR replica reports whether it is up and what burns its CPU; the host running a
/// node reports the node's work too), checks the
/// alert rules against what it read and sends each alert that fires to the console; runs the
/// pre-market inspection and the site probes through every gateway, tier kind and market, and
/// reports each probe that fails. It judges nothing itself beyond its rules: the checkers
/// read its alerts and probes afterwards.
struct Monitor: StackNode {
    /// The parts of the run's shared state this node uses.
    typealias Parts = WirePart & ObservationsPart

    let node: StackNodeID
    /// The operators' console, where alerts and failed probes go.
    let console: StackNodeID
    let config: MonitoringConfig
    /// The hosts it scrapes, and per target what it read last time (for differences).
    let targets: [HostID]
    var targetIndex: [Int]
    var awaiting: [Bool]
    var previous: [MetricSample?]
    /// `pendingSince[rule * targets + target]`: when the rule's condition began to hold.
    var pendingSince: [Int64]
    var firing: [Bool]
    /// Probe rounds' times, the next one's index, and per round the probes it sent.
    let probeRounds: [(at: SimTime, preMarket: Bool)]
    var nextRound = 0
    var roundProbes: [[UInt32]] = []
    /// Counts (re)starts; a round timer from an earlier start is ignored.
    var epoch: UInt32 = 0

    static let notPending = Int64.min

    init(node: StackNodeID, config: MonitoringConfig, topology: Topology, dayStart: SimTime, dayEnd: SimTime) {
        self.node = node
        guard let console = topology.console else { preconditionFailure("a stack with monitoring has a console") }
        self.console = console
        self.config = config
        targets = topology.hosts.indices.filter { topology.nodes[Int(topology.hosts[$0].node)].kind.isBrokerSystem }.map { HostID(Int32($0)) }
        targetIndex = Array(repeating: -1, count: topology.hosts.count)
        for (k, t) in targets.enumerated() { targetIndex[t.index] = k }
        awaiting = Array(repeating: false, count: targets.count)
        previous = Array(repeating: nil, count: targets.count)
        pendingSince = Array(repeating: Monitor.notPending, count: config.rules.count * targets.count)
        firing = Array(repeating: false, count: pendingSince.count)
        var rounds: [(SimTime, Bool)] = []
        if let interval = config.probeInterval {
            var t = dayStart + interval
            while t < dayEnd { rounds.append((t, false)); t = t + interval }
        }
        if let from = config.preMarketFrom {
            var t = from
            while t < config.preMarketTo && t < dayEnd {
                if t >= dayStart && !rounds.contains(where: { $0.0 == t }) { rounds.append((t, true)) }
                t = t + config.preMarketInterval
            }
        }
        // Probes wait a minute after the start, while the offer gateways log on.
        let warmUp = dayStart + .minutes(1)
        probeRounds = rounds.filter { $0.0 >= warmUp }.sorted { $0.0 < $1.0 }.map { (at: $0.0, preMarket: $0.1) }
    }

    /// Starts the scrape and probe rounds (again, after its host restarted: what was awaited then is forgotten).
    /// Its scrape and probe timers died with the process: it starts them again.
    mutating func started<C: Parts>(_ start: NodeStart, ctx: inout C, in sim: inout Simulation<StackPayload>) { self.start(in: &sim) }

    mutating func start(in sim: inout Simulation<StackPayload>) {
        let me = node.target
        epoch &+= 1
        awaiting = Array(repeating: false, count: targets.count)
        sim.setTimer(.timer(.scrapeTick(epoch: epoch)), for: me, after: config.scrapeInterval)
        if let next = probeRounds.firstIndex(where: { $0.at >= sim.now }) {
            nextRound = next
            sim.schedule(.timer(.probeTick(epoch: epoch)), to: me, at: probeRounds[next].at)
        } else {
            nextRound = probeRounds.count
        }
    }

    mutating func timer<C: Parts>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let me = node.target
        switch timer {
        case let .scrapeTick(stamp):
            guard stamp == epoch else { return }
            for (k, target) in targets.enumerated() {
                // No answer since the last round: the target is down, as far as the monitor knows.
                if awaiting[k] { evaluate(.up, 0, target: k, ctx: &ctx, sim) }
                awaiting[k] = true
                ctx.sessions.transmit(.scrape, from: ctx.hosts.active[Int(node)], to: target, target: ctx.topology.node(ofHost: target), in: &sim)
            }
            sim.setTimer(.timer(.scrapeTick(epoch: epoch)), for: me, after: config.scrapeInterval)
        case let .probeTick(stamp):
            guard stamp == epoch, nextRound < probeRounds.count else { return }
            probeRound(ctx: &ctx, in: &sim)
            nextRound += 1
            if nextRound < probeRounds.count { sim.schedule(.timer(.probeTick(epoch: epoch)), to: me, at: probeRounds[nextRound].at) }
        case let .probeDeadline(round):
            for id in roundProbes[Int(round)] where ctx.observed.probes[Int(id)].answeredAt == nil {
                ctx.send(.probeFailed(id), from: node, to: console, in: &sim)
            }
        default:
            preconditionFailure("monitor got \(timer)")
        }
        sendAlerts(ctx: &ctx, in: &sim)
    }

    /// Alerts fired while evaluating go to the console.
    private func sendAlerts<C: Parts>(ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard !ctx.observed.pendingAlerts.isEmpty else { return }
        for id in ctx.observed.pendingAlerts { ctx.send(.alert(id), from: node, to: console, in: &sim) }
        ctx.observed.pendingAlerts.removeAll(keepingCapacity: true)
    }

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        switch message {
        case let .scrapeReply(sampleIndex):
            let sample = ctx.observed.samples[Int(sampleIndex)]
            let k = targetIndex[sample.host.index]
            awaiting[k] = false
            evaluate(.up, 1, target: k, ctx: &ctx, sim)
            let s = sample.sample
            let visible = { (m: Metric) in s.hidden & (1 << UInt8(Metric.allCases.firstIndex(of: m)!)) == 0 }
            if let before = previous[k] {
                let seconds = Double((s.at - before.at).nanos) / 1e9
                if visible(.cpu) {
                    var cpu = s.load
                    // Counters restart when a host takes its node over or gives it up.
                    if s.servers > 0 && seconds > 0 && s.busyNanos >= before.busyNanos {
                        cpu = max(cpu, min(1, Double(s.busyNanos - before.busyNanos) / 1e9 / (seconds * Double(s.servers))))
                    }
                    evaluate(.cpu, cpu, target: k, ctx: &ctx, sim)
                }
                if visible(.errorRatio) {
                    let handled = s.handled >= before.handled ? s.handled - before.handled : 0
                    let refused = s.refused >= before.refused ? s.refused - before.refused : 0
                    evaluate(.errorRatio, handled == 0 ? 0 : min(1, Double(refused) / Double(handled)), target: k, ctx: &ctx, sim)
                }
            }
            if visible(.queueDepth) && s.servers > 0 { evaluate(.queueDepth, Double(s.queueDepth), target: k, ctx: &ctx, sim) }
            if visible(.exchangeSession) && s.session >= 0 { evaluate(.exchangeSession, Double(s.session), target: k, ctx: &ctx, sim) }
            previous[k] = s
        case let .probeReply(ticket, ok):
            guard ctx.observed.probes[Int(ticket.id)].answeredAt == nil else { return }
            ctx.observed.probes[Int(ticket.id)].answeredAt = sim.now
            ctx.observed.probes[Int(ticket.id)].ok = ok
            if !ok { ctx.send(.probeFailed(ticket.id), from: node, to: console, in: &sim) }
        default:
            preconditionFailure("monitor got \(message)")
        }
        sendAlerts(ctx: &ctx, in: &sim)
    }

    /// Checks every rule on `metric` against `value` read off target `k` now.
    private mutating func evaluate<C: Parts>(_ metric: Metric, _ value: Double, target k: Int, ctx: inout C, _ sim: Simulation<StackPayload>) {
        for (r, rule) in config.rules.enumerated() where rule.metric == metric {
            let slot = r * targets.count + k
            guard rule.breached(by: value) else {
                pendingSince[slot] = Monitor.notPending
                firing[slot] = false
                continue
            }
            if pendingSince[slot] == Monitor.notPending { pendingSince[slot] = sim.now.nanos }
            if !firing[slot] && sim.now.nanos - pendingSince[slot] >= rule.holdFor.nanos {
                firing[slot] = true
                let id = UInt32(ctx.observed.alerts.count)
                ctx.observed.alerts.append(Alert(rule: rule.name, host: targets[k], node: ctx.topology.node(ofHost: targets[k]), firedAt: sim.now,
                                        deliveredAt: nil, value: value))
                ctx.observed.pendingAlerts.append(id)
            }
        }
    }

    /// Sends a probe through every gateway, every tier kind (an instance in turn) and every market.
    private mutating func probeRound<C: Parts>(ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let round = UInt32(roundProbes.count)
        let preMarket = probeRounds[nextRound].preMarket
        var ids: [UInt32] = []
        let topology = ctx.topology
        for site in topology.gateways.indices {
            for gateway in topology.gateways[site] {
                for kind in TierKind.allCases where !topology.tierNodes[kind.rawValue].allSatisfy(\.isEmpty) {
                    let instances = topology.tierNodes[kind.rawValue][topology.resolvedSite(kind, near: site)]
                    let tier = instances[Int(round) % instances.count]
                    for market in Market.allCases {
                        let id = UInt32(ctx.observed.probes.count)
                        let path = probePath(gateway: gateway, tier: tier, market: market, round: round, topology: topology)
                        ctx.observed.probes.append(ProbeRecord(sentAt: sim.now, gateway: gateway, tier: tier, market: market, path: path,
                                                      answeredAt: nil, ok: false, preMarket: preMarket))
                        ids.append(id)
                        ctx.send(.probe(ProbeTicket(id: id)), from: node, to: gateway, in: &sim)
                    }
                }
            }
        }
        roundProbes.append(ids)
        sim.setTimer(.timer(.probeDeadline(round: round)), for: node.target, after: config.probeTimeout)
    }

    /// A probe's path: the A1 route's stages, through `gateway` and `tier`, a service's
    /// instances in turn round by round, and the offer gateway of `market` on the tier's site.
    private func probePath(gateway: StackNodeID, tier: StackNodeID, market: Market, round: UInt32, topology: Topology) -> [StackNodeID] {
        var path: [StackNodeID] = []
        for hop in topology.routes.stages[Business.A1.rawValue] {
            switch hop {
            case .gateway: path.append(gateway)
            case .tier: path.append(tier)
            case .offer: path.append(topology.offer(forTier: tier, market: market, business: .A1))
            case .exchange: path.append(topology.exchanges[market.rawValue])
            case .dispatch: preconditionFailure("an order's route names no dispatch centre")
            case let .service(s, _):
                let near = path.contains(tier) ? tier : gateway
                let instances = topology.serviceInstances(s, near: Int(topology.siteOf[Int(near)]))
                path.append(instances[Int(round) % instances.count])
            }
        }
        return path
    }
}
