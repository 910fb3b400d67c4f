import Exchange
import Kernel

/// Everything a finished run leaves for the checkers and reports.
public struct StackRunResult {
    public struct TierStats: Sendable {
        public var node: StackNodeID
        public var name: String
        public var kind: TierKind
        public var site: Int
        public var queueDepthMax: Int
        public var fillsApplied: Int
        public var concurrency: Int
        /// Service time started per minute of the day (from `config.dayStart`).
        public var busyByMinute: [Int64]
        public var tamperedFills: Int
    }
    /// An instance of a service stage.
    public struct ServiceStats: Sendable {
        public var node: StackNodeID
        public var name: String
        public var service: String
        public var site: Int
        /// Orders it took in, and those it refused (an application fault, a full queue).
        public var handled: UInt64
        public var refused: UInt64
        public var queueDepthMax: Int
    }
    public struct ExchangeStats: Sendable {
        public var market: Market
        public var trades: UInt64
        public var brokerExecutions: Int
        public var otherMembersOrders: Int
    }

    public let config: StackConfig
    public let recorder: Recorder
    public let orders: OrderTable
    /// Where every node ran.
    public let topology: Topology
    public let clearing: ClearingReport
    /// SHA-256 over every event handled, every trade, and the final state.
    public let digest: String
    public let events: UInt64
    /// The time of the last event handled (the run itself covers `config.dayEnd`).
    public let lastEventTime: SimTime
    public let tiers: [TierStats]
    public let services: [ServiceStats]
    public let exchanges: [ExchangeStats]
    public let messagesDropped: UInt64
    public let messagesCut: UInt64
    public let duplicatesDiscarded: UInt64
    /// What the sessions did about hosts that went down and packets the network lost.
    public let sessions: SessionStats
    /// Copies the links lost at random (each one a session sent again, unless it gave up).
    public let packetsLost: UInt64
    /// Every time a node moved to another host.
    public let takeovers: [Takeover]
    /// Logons the exchanges refused (a host whose software the link does not accept).
    public let logonsRefused: Int
    /// The faults of the plan, and per fault when an operator cleared it and when its runbook completed.
    public let faults: [InjectedFault]
    public let faultClearedAt: [SimTime?]
    public let runbookCompletedAt: [SimTime?]
    /// What reached the operators, the monitor's alerts and probes, the clients' reports, and the
    /// operators' log.
    public let signals: [Signal]
    public let alerts: [Alert]
    public let probes: [ProbeRecord]
    public let clientReports: [ClientReport]
    public let operatorLog: [OperatorEvent]
    /// Orders whose journal entries never reached a DR replica (the RPO), in the order lost.
    public let ordersLostInFailover: [OrderIndex]
    /// Gateways leaving (`joined` false) or rejoining a load balancer's rotation.
    public let rotationChanges: [RotationChange]
    /// Copies a fault's drop filter took (resent like any lost copy) and copies links reordered.
    public let packetsFiltered: UInt64
    public let packetsReordered: UInt64

    /// Guards that fired, in order; the time the run was stopped, if a guard or a broken
    /// invariant stopped it.
    public let guardFirings: [GuardFiring]
    public let stoppedAt: SimTime?
    /// The invariant broken while the run went on, which stopped it.
    public let violation: InvariantViolation?

    public struct RotationChange: Equatable, Sendable {
        public var at: SimTime
        public var gateway: StackNodeID
        public var joined: Bool
    }

    /// The tier kind of a tier instance, or `nil` for another node (or none).
    public func tierKind(ofNode node: StackNodeID?) -> TierKind? {
        node.flatMap { tierKindByNode[Int($0)] }
    }
    let tierKindByNode: [TierKind?]
}

/// A guard that fired: which, when, what it saw and what it did (SPEC §5: a threshold stop
/// bounds the blast radius; a timeout stop bounds the run).
public struct GuardFiring: Equatable, Sendable {
    public enum Action: String, Sendable, CaseIterable {
        /// Withdraw every fault now and start no more; the run goes on and recovers.
        case rollback
        /// End the run now.
        case stop
    }
    public var guardName: String
    public var at: SimTime
    public var action: Action
    public var detail: String
    public init(guardName: String, at: SimTime, action: Action, detail: String) {
        self.guardName = guardName; self.at = at; self.action = action; self.detail = detail
    }
}

/// What the stack's sessions did about lost packets and hosts that went down.
public struct SessionStats: Equatable, Sendable {
    /// Copies the network lost at random that a session sent again.
    public var retransmissions: UInt64
    /// Messages a hung process accepted and never handled.
    public var lostAtHungHosts: UInt64
    /// Messages held while their node was down and resent once it ran again; messages that
    /// reached a host after its node had moved and were resent to the new one.
    public var redelivered: UInt64
    public var redirected: UInt64
    /// Held messages given up on: the sender's own host had gone, or the hold was full.
    public var lostWithSender: UInt64
    public var overflow: UInt64
    /// Messages still held at the end of the run, for nodes that never ran again.
    public var heldAtEnd: UInt64
    /// Instructions in a tier's memory when it restarted without a standby.
    public var lostInMemory: UInt64
    /// Client orders and queries the clients gave up on while their session held them (ended
    /// at the client as refused; queries unanswered).
    public var ordersAbandoned: UInt64
    public var queriesAbandoned: UInt64

    /// Every message the sessions could not get through.
    public var lost: UInt64 { lostAtHungHosts + lostWithSender + overflow + heldAtEnd + lostInMemory }
}

/// Builds a stack from a configuration and runs its day.
public enum StackRun {
    /// Runs `config`'s day from `dayStart` to `dayEnd`. `progress` is called with the virtual
    /// time and the events handled so far, every simulated minute (for a progress bar; it must
    /// not touch the run).
    /// `observe` may subscribe further listeners to the run's trace points before it starts.
    /// `plan` schedules faults against the built world: it reads the topology and links and
    /// returns the changes, the faults they make up and the partitions to declare, which the run
    /// applies (a plan without faults only changes the stack). `tape`, when given, receives
    /// every handled event and trade as a line of text (a golden tape); it costs nothing otherwise.
    /// `exhausted` hears the events handled so far every 1,048,576 events and at every pause,
    /// and stops the run (as a guard would) when it says a budget is spent.
    public static func run(_ config: StackConfig, observe: ((inout TraceHub, StackTracePoints) -> Void)? = nil,
                           plan: ((StackWorld) throws(StackBuildError) -> FaultSchedule)? = nil,
                           guards: ((Recorder, SimTime) -> GuardFiring?)? = nil,
                           tape: EventTape? = nil,
                           progress: ((SimTime, UInt64) -> Void)? = nil,
                           exhausted: ((UInt64) -> Bool)? = nil) throws(StackBuildError) -> StackRunResult {
        var state = try StackRunState(config, observe: observe, tape: tape)
        if let plan { try state.plan(plan) }
        state.advance(to: config.dayEnd, guards: guards, progress: progress, exhausted: exhausted)
        return state.finish()
    }
}

extension StackRunState {
    /// Reconciles the day and gathers what the checkers and reports read.
    public mutating func finish() -> StackRunResult {
        let config = self.config
        let recorder = self.recorder
        let clearing = world.reconcile()
        let tape = world.ctx.telemetry.tape
        tape?.finish()
        var digest = world.ctx.telemetry.digest
        world.feedFinalState(into: &digest, recorder: recorder)
        return StackRunResult(
            config: config, recorder: recorder, orders: world.ctx.ledger.orders, topology: world.ctx.topology, clearing: clearing,
            digest: digest.finalize(), events: sim.eventsFired, lastEventTime: sim.now,
            tiers: world.tiers.map {
                .init(node: $0.node, name: world.ctx.topology.name(of: $0.node), kind: $0.kind, site: world.ctx.topology.nodes[Int($0.node)].site,
                      queueDepthMax: $0.pool.queueDepthMax, fillsApplied: $0.fillsApplied, concurrency: $0.config.concurrency,
                      busyByMinute: $0.pool.busyByMinute, tamperedFills: $0.tamperedFills)
            },
            services: world.services.map {
                .init(node: $0.node, name: world.ctx.topology.name(of: $0.node), service: world.ctx.topology.serviceNames[Int($0.service)],
                      site: world.ctx.topology.nodes[Int($0.node)].site, handled: world.ctx.telemetry.handled[Int($0.node)],
                      refused: world.ctx.telemetry.refused[Int($0.node)], queueDepthMax: $0.pool.queueDepthMax)
            },
            exchanges: world.exchanges.map {
                .init(market: $0.market, trades: $0.tradeCount, brokerExecutions: $0.brokerTrades.count, otherMembersOrders: $0.otherMembersOrders)
            },
            messagesDropped: world.ctx.sessions.counts.messagesDropped, messagesCut: world.ctx.sessions.counts.messagesCut,
            duplicatesDiscarded: world.ctx.sessions.counts.duplicatesDiscarded,
            sessions: SessionStats(
                retransmissions: world.ctx.sessions.counts.retransmissions, lostAtHungHosts: world.ctx.sessions.counts.lostAtHungHosts,
                redelivered: world.ctx.sessions.counts.redelivered, redirected: world.ctx.sessions.counts.redirected, lostWithSender: world.ctx.sessions.counts.lostWithSender,
                overflow: world.ctx.sessions.counts.sessionOverflow, heldAtEnd: UInt64(world.ctx.sessions.parkedCount),
                lostInMemory: UInt64(world.tiers.reduce(0) { $0 + $1.pool.lostInMemory } + world.services.reduce(0) { $0 + $1.pool.lostInMemory }),
                ordersAbandoned: world.ctx.sessions.counts.ordersAbandoned, queriesAbandoned: world.ctx.sessions.counts.queriesAbandoned),
            packetsLost: world.ctx.sessions.network.links.reduce(0) { $0 + $1.stats.lost },
            takeovers: world.takeovers, logonsRefused: world.offers.reduce(0) { $0 + $1.logonsRefused },
            faults: world.ops.faults, faultClearedAt: world.ops.clearedAt, runbookCompletedAt: world.ops.completedAt,
            signals: world.ops.signals, alerts: world.ctx.observed.alerts, probes: world.ctx.observed.probes, clientReports: world.ctx.observed.clientReports,
            operatorLog: world.ops.log, ordersLostInFailover: world.ctx.ledger.orphanedOrders,
            rotationChanges: (world.balancer?.changes ?? []).map { StackRunResult.RotationChange(at: $0.at, gateway: $0.node, joined: $0.joined) },
            packetsFiltered: world.ctx.sessions.counts.packetsFiltered, packetsReordered: world.ctx.sessions.network.links.reduce(0) { $0 + $1.stats.reordered },
            guardFirings: firings, stoppedAt: stoppedAt, violation: world.violation,
            tierKindByNode: world.ctx.topology.nodes.indices.map { n in world.tiers.first { $0.node == StackNodeID(n) }?.kind })
    }
}

extension StackRunResult {
    /// The broker systems order `i`'s route passed (gateway, tier, services, offer gateway, as
    /// far as it got) and the tier holding its assets.
    public func routeNodes(_ i: OrderIndex) -> [StackNodeID] {
        orders.routeNodes(i, topology: topology, assets: true)
    }
}

extension StackWorld {
    /// The final state: every asset store and every order's outcome.
    func feedFinalState(into d: inout RunDigest, recorder: Recorder) {
        d.feed(UInt8(0xF5))
        for tier in tiers {
            d.feed(Int32(tier.node.raw))
            for v in tier.store.cashFen { d.feed(v) }
            for v in tier.store.frozenCashFen { d.feed(v) }
            for v in tier.store.shares { d.feed(v) }
            for v in tier.store.frozenShares { d.feed(v) }
            d.feed(tier.store.subscriptionsFen)
        }
        for k in 0..<recorder.orderCount {
            d.feed(recorder.outcome[k].rawValue)
            d.feed(recorder.rejectReason[k]?.raw ?? 255)
        }
    }
}
