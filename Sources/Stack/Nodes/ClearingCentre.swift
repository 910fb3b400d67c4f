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
    /// When the last answer arrived, or `nil` if the collection never completed.
    var completedAt: SimTime?

    mutating func start(in sim: inout Simulation<StackPayload>) {
        sim.schedule(.timer(.clearingStart), to: node.target, at: at)
    }

    mutating func timer<C: Parts>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard timer == .clearingStart else { preconditionFailure("clearing got \(timer)") }
        let sources = ctx.topology.exchanges + ctx.topology.allTierNodes
        awaiting = sources.count
        for source in sources { ctx.send(.collect, from: node, to: source, in: &sim) }
    }

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard message == .collected else { preconditionFailure("clearing got \(message)") }
        awaiting -= 1
        if awaiting == 0 { completedAt = sim.now }
    }
}
