import Kernel

/// What every node of a stack does, whatever it is: handle a message, handle its own timers,
/// start again when a host runs it anew, and describe its work to the monitor's scrape. The
/// world reaches each node through `StackWorld.visit(_:_:in:)`, one exhaustive switch over the
/// node kinds whose every case hands the concrete node to the same generic code, so an event
/// costs a direct, specialised call (no existential box).
///
/// Each requirement is generic over the run's shared state, and a node's own methods are generic
/// over fewer parts — only those they use (`StackParts.swift`) — so what a node may touch is in
/// its signature.
protocol StackNode {
    mutating func receive<C: AllParts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>)
    mutating func timer<C: AllParts>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>)
    /// The host now running the node runs it: after a restart, after a takeover, after a pause.
    mutating func started<C: AllParts>(_ start: NodeStart, ctx: inout C, in sim: inout Simulation<StackPayload>)
    /// Fills in the node's own readings (its service model, its queue, its exchange session).
    func scrape(into sample: inout MetricSample)
}

/// How a node came to run again.
enum NodeStart: Equatable {
    /// A host restarted (or a DR replica took over) with nothing of what the node held in memory.
    case cold
    /// A hot standby took over with a synchronous copy of the node's state.
    case hot
    /// A paused process carries on where it stopped.
    case resumed
}

extension StackNode {
    mutating func timer<C: LayoutPart>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        preconditionFailure("\(Self.self) sets no timers, got \(timer)")
    }
    mutating func started<C: LayoutPart>(_ start: NodeStart, ctx: inout C, in sim: inout Simulation<StackPayload>) {}
    func scrape(into sample: inout MetricSample) {}
}

/// An operation on one node, whatever its kind (`StackWorld.visit`).
protocol NodeVisitor {
    mutating func visit<N: StackNode>(_ node: inout N, ctx: inout StackContext, in sim: inout Simulation<StackPayload>)
}

/// The operators' console: it takes alerts and failed probes, which the world hands to the
/// operators before any node sees them; nothing reaches it as a node.
struct Console: StackNode {
    mutating func receive<C: LayoutPart>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        preconditionFailure("the console got \(message)")
    }
}

extension StackWorld {
    /// Hands node `n` to `visitor`: the one switch over node kinds.
    @inline(__always)
    mutating func visit<V: NodeVisitor>(_ n: Int, _ visitor: inout V, in sim: inout Simulation<StackPayload>) {
        let local = Int(ctx.topology.localOf[n])
        switch ctx.topology.kindOf[n] {
        case .population: visitor.visit(&populations[local], ctx: &ctx, in: &sim)
        case .gateway: visitor.visit(&gateways[local], ctx: &ctx, in: &sim)
        case .tier: visitor.visit(&tiers[local], ctx: &ctx, in: &sim)
        case .service: visitor.visit(&services[local], ctx: &ctx, in: &sim)
        case .dispatch: visitor.visit(&dispatches[local], ctx: &ctx, in: &sim)
        case .offer: visitor.visit(&offers[local], ctx: &ctx, in: &sim)
        case .exchange: visitor.visit(&exchanges[local], ctx: &ctx, in: &sim)
        case .clearing: visitor.visit(&clearing, ctx: &ctx, in: &sim)
        case .monitor: visitor.visit(&monitor!, ctx: &ctx, in: &sim)
        case .console: visitor.visit(&console, ctx: &ctx, in: &sim)
        }
    }

    /// Node `n` handles `message`.
    @inline(__always)
    mutating func deliver(_ message: StackMessage, to n: Int, in sim: inout Simulation<StackPayload>) {
        struct Receive: NodeVisitor {
            let message: StackMessage
            @inline(__always)
            mutating func visit<N: StackNode>(_ node: inout N, ctx: inout StackContext, in sim: inout Simulation<StackPayload>) {
                node.receive(message, ctx: &ctx, in: &sim)
            }
        }
        var v = Receive(message: message)
        visit(n, &v, in: &sim)
    }

    /// Node `n` handles its timer.
    @inline(__always)
    mutating func fire(_ timer: StackTimer, at n: Int, in sim: inout Simulation<StackPayload>) {
        struct Fire: NodeVisitor {
            let timer: StackTimer
            @inline(__always)
            mutating func visit<N: StackNode>(_ node: inout N, ctx: inout StackContext, in sim: inout Simulation<StackPayload>) {
                node.timer(timer, ctx: &ctx, in: &sim)
            }
        }
        var v = Fire(timer: timer)
        visit(n, &v, in: &sim)
    }

    /// Node `n` runs again on its active host.
    mutating func start(_ n: Int, _ start: NodeStart, in sim: inout Simulation<StackPayload>) {
        struct Start: NodeVisitor {
            let start: NodeStart
            mutating func visit<N: StackNode>(_ node: inout N, ctx: inout StackContext, in sim: inout Simulation<StackPayload>) {
                node.started(start, ctx: &ctx, in: &sim)
            }
        }
        var v = Start(start: start)
        visit(n, &v, in: &sim)
    }

    /// Node `n`'s own readings for a scrape.
    mutating func scrape(_ n: Int, into sample: inout MetricSample, in sim: inout Simulation<StackPayload>) {
        struct Scrape: NodeVisitor {
            var sample: MetricSample
            mutating func visit<N: StackNode>(_ node: inout N, ctx: inout StackContext, in sim: inout Simulation<StackPayload>) {
                node.scrape(into: &sample)
            }
        }
        var v = Scrape(sample: sample)
        visit(n, &v, in: &sim)
        sample = v.sample
    }
}
