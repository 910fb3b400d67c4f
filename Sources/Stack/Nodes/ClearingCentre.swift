import Kernel

/// The clearing centre: after the close it asks both exchanges and every tier instance for
/// the day's records; once all have answered, the run settles and reconciles them
/// (`Clearing.reconcile`).
struct ClearingCentre: StackNode {
    /// The parts of the run's shared state this node uses.
    typealias Parts = WirePart

    let node: StackNodeID
    let at: SimTime
    var awaiting = 0
    /// Whether the running process has asked for the records (a cold restart forgets it).
    var requested = false
    /// When the last answer arrived, or `nil` if the collection never completed.
    var completedAt: SimTime?

    mutating func start(in sim: inout Simulation<StackPayload>) {
        sim.schedule(.timer(.clearingStart), to: node.target, at: at)
    }

    mutating func timer<C: Parts>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard timer == .clearingStart else { preconditionFailure("clearing got \(timer)") }
        collect(ctx: &ctx, in: &sim)
    }

    /// A clearing centre that was down (or paused) when the collection was due, or that
    /// restarted in the middle of it, asks again as soon as it runs: its timer died with the
    /// process, and a restarted one remembers nothing it asked. Answers held for it while it was
    /// down arrive as well; the collection completes at the first full count.
    mutating func started<C: Parts>(_ start: NodeStart, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        if start == .cold { requested = false }
        if sim.now >= at && completedAt == nil && !requested { collect(ctx: &ctx, in: &sim) }
    }

    private mutating func collect<C: Parts>(ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let sources = ctx.topology.exchanges + ctx.topology.allTierNodes
        awaiting = sources.count
        requested = true
        for source in sources { ctx.send(.collect, from: node, to: source, in: &sim) }
    }

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard message == .collected else { preconditionFailure("clearing got \(message)") }
        awaiting -= 1
        if awaiting == 0 && completedAt == nil { completedAt = sim.now }
    }
}
