import Kernel
import Net

/// Drives one node of a stack by hand, as swift-nio's `EmbeddedChannel` drives a channel
/// handler: a test hands it scripted messages and fires the timers it set, and reads back what
/// it did — each message with its addressee and the time the network would deliver it, each
/// timer with the time it would fire — with no scheduler, no other node and no rest of the day
/// in between. The node lives in a whole stack built from a configuration (so the routes, the
/// hosts and the links are real), and `ctx` is open for setting a scene: orders, impairments,
/// hosts down.
struct NodeHarness {
    /// Something the node did.
    struct Output: Equatable, CustomStringConvertible {
        enum Kind: Equatable {
            /// A message for node `to`, which the network delivers at `at`.
            case message(StackMessage, to: String)
            /// A timer of the node's own, firing at `at`.
            case timer(StackTimer)
        }
        var at: SimTime
        var kind: Kind

        var message: StackMessage? { if case let .message(m, _) = kind { return m } else { return nil } }
        var to: String? { if case let .message(_, to) = kind { return to } else { return nil } }
        var timer: StackTimer? { if case let .timer(t) = kind { return t } else { return nil } }
        var description: String {
            switch kind {
            case let .message(m, to): return "\(at) → \(to): \(m.tapeText)"
            case let .timer(t): return "\(at) \(t.tapeText)"
            }
        }
    }

    /// The whole stack, open like `ctx` for setting a scene or acting on the node (a restart, a takeover).
    var world: StackWorld
    private var hub: TraceHub
    /// The node driven.
    let node: StackNodeID
    /// The harness's clock: where the last delivery or timer happened.
    private(set) var now: SimTime

    /// A stack built from `config`, driving the node called `name`, its clock at `start`.
    init(_ config: StackConfig, node name: String, at start: SimTime) throws(StackBuildError) {
        var hub = TraceHub()
        world = try StackWorld(config: config, recorderPoints: &hub)
        self.hub = hub
        guard let n = world.topology.node(named: name) else { throw StackBuildError(field: "node", "no node called \"\(name)\"") }
        node = n
        now = start
    }

    /// What every node shares, for setting a scene.
    var ctx: StackContext {
        get { world.ctx }
        set { world.ctx = newValue }
    }

    /// The node called `name`.
    func id(_ name: String) -> StackNodeID { world.topology.node(named: name)! }

    /// Adds an order as a client decided it, routed along `route` (node names for the header's
    /// gateway, tier, assets and offer gateway; the services in route order).
    mutating func order(_ header: OrderHeader, gateway: String? = nil, tier: String? = nil, assets: String? = nil, offer: String? = nil,
                        services: [String] = []) -> OrderIndex {
        let i = world.ctx.ledger.orders.append(header)
        world.ctx.ledger.accounts.opened(i)
        let ids = (gateway.map(id), tier.map(id), assets.map(id), offer.map(id))
        world.ctx.ledger.orders.setRoute(i) { h in
            if let g = ids.0 { h.gateway = g }
            if let t = ids.1 { h.tier = t }
            if let a = ids.2 { h.assets = a }
            if let o = ids.3 { h.offer = o }
        }
        for (slot, name) in services.enumerated() { world.ctx.ledger.orders.setServiceNode(i, slot: slot, id(name)) }
        return i
    }

    /// The node handles `message` at `time` (now, if not given); what it sent and set, in time order.
    mutating func deliver(_ message: StackMessage, at time: SimTime? = nil) -> [Output] {
        step(at: time) { world, node, sim in world.deliver(message, to: Int(node), in: &sim) }
    }

    /// The node handles its timer at `time`.
    mutating func fire(_ timer: StackTimer, at time: SimTime) -> [Output] {
        step(at: time) { world, node, sim in world.fire(timer, at: Int(node), in: &sim) }
    }

    /// Fires the timers among `outputs`, in order; what they did, in time order.
    mutating func fireTimers(in outputs: [Output]) -> [Output] {
        var done: [Output] = []
        for output in outputs { if let timer = output.timer { done += fire(timer, at: output.at) } }
        return done.sorted { $0.at < $1.at }
    }

    private mutating func step(at time: SimTime?, _ body: (inout StackWorld, StackNodeID, inout Simulation<StackPayload>) -> Void) -> [Output] {
        if let time { now = max(now, time) }
        var sim = Simulation<StackPayload>(start: now)
        sim.trace = hub
        body(&world, node, &sim)
        var outputs: [Output] = []
        while let event = sim.nextEvent() {
            switch event.payload {
            case let .packet(packet):
                outputs.append(Output(at: event.time, kind: .message(packet.message, to: world.topology.name(of: StackNodeID(Int(event.target.raw))))))
            case let .timer(timer):
                precondition(StackNodeID(Int(event.target.raw)) == node, "a timer for another node")
                outputs.append(Output(at: event.time, kind: .timer(timer)))
            case .change, .action:
                preconditionFailure("a node scheduled a fault's change")
            }
        }
        return outputs
    }
}
