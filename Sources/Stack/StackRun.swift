import Exchange
import Kernel

/// Everything a finished run leaves for the checkers and reports.
public struct StackRunResult {
    public struct TierStats: Sendable {
        public var node: Int16
        public var name: String
        public var kind: TierKind
        public var queueDepthMax: Int
        public var fillsApplied: Int
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
    public let exchanges: [ExchangeStats]
    public let messagesDropped: UInt64
    public let messagesCut: UInt64
    public let duplicatesDiscarded: UInt64
    /// Messages that reached a crashed or hung node.
    public let lostAtDownNodes: UInt64

    /// The tier kind of a tier instance's node id, or `nil` for another node (or −1).
    public func tierKind(ofNode node: Int16) -> TierKind? {
        node >= 0 ? tierKindByNode[Int(node)] : nil
    }
    let tierKindByNode: [TierKind?]
}

/// Builds a stack from a configuration and runs its day.
public enum StackRun {
    /// Runs `config`'s day from `dayStart` to `dayEnd`. `progress` is called with the virtual
    /// time every simulated half hour (for a progress line; it must not touch the run).
    /// `observe` may subscribe further listeners to the run's trace points before it starts.
    /// `changes` may schedule faults against the built world (it sees the topology and links).
    public static func run(_ config: StackConfig, observe: ((inout TraceHub, StackTracePoints) -> Void)? = nil,
                           changes: ((StackWorld) throws(StackBuildError) -> [ScheduledChange])? = nil,
                           progress: ((SimTime) -> Void)? = nil) throws(StackBuildError) -> StackRunResult {
        var sim = Simulation<StackPayload>(start: config.dayStart)
        var hub = TraceHub()
        var world = try StackWorld(config: config, recorderPoints: &hub)
        let expected = Int(config.populations.reduce(0) { $0 + $1.ordersPerDay } * 1.1) + 1_024
        let recorder = Recorder(dayStart: config.dayStart, dayEnd: config.dayEnd, expectedOrders: expected)
        recorder.attach(to: &hub, points: world.ctx.points)
        observe?(&hub, world.ctx.points)
        sim.trace = hub
        sim.reserveCapacity(1 << 16)
        world.start(in: &sim)
        if let changes {
            for scheduled in try changes(world) {
                guard scheduled.time >= config.dayStart else {
                    throw StackBuildError(field: "faults", "a change at \(scheduled.time) is before the day starts (\(config.dayStart))")
                }
                switch scheduled.change {
                case let .stack(control): sim.schedule(.stackControl(control), to: .world, at: scheduled.time)
                case let .network(control): sim.schedule(.netControl(control), to: .world, at: scheduled.time)
                }
            }
        }
        var t = config.dayStart
        while t < config.dayEnd {
            t = min(config.dayEnd, t + .minutes(30))
            sim.run(&world, until: t)
            progress?(t)
        }
        let clearing = world.reconcile()
        var digest = world.ctx.digest
        world.feedFinalState(into: &digest, recorder: recorder)
        return StackRunResult(
            config: config, recorder: recorder, orders: world.ctx.orders, topology: world.ctx.topology, clearing: clearing,
            digest: digest.finalize(), events: sim.eventsFired, lastEventTime: sim.now,
            tiers: world.tiers.map {
                .init(node: $0.node, name: world.ctx.topology.name(of: $0.node), kind: $0.kind, queueDepthMax: $0.queueDepthMax, fillsApplied: $0.fillsApplied)
            },
            exchanges: world.exchanges.map {
                .init(market: $0.market, trades: $0.tradeCount, brokerExecutions: $0.brokerTrades.count, otherMembersOrders: $0.otherMembersOrders)
            },
            messagesDropped: world.ctx.messagesDropped, messagesCut: world.ctx.messagesCut,
            duplicatesDiscarded: world.ctx.duplicatesDiscarded, lostAtDownNodes: world.ctx.lostAtDownNodes,
            tierKindByNode: world.ctx.topology.nodes.indices.map { n in world.tiers.first { $0.node == Int16(n) }?.kind })
    }
}

extension StackWorld {
    /// The final state: every asset store and every order's outcome.
    func feedFinalState(into d: inout RunDigest, recorder: Recorder) {
        d.feed(UInt8(0xF5))
        for tier in tiers {
            d.feed(Int32(tier.node))
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
