import Kernel

/// The invariants the stack checks as events happen (`InvariantViolation`): a handler notes the
/// first one broken (`StackContext.violate`), and the world stops the run after that event.
extension StackWorld {
    /// The event just handled broke an invariant: note the event and stop the run after it.
    mutating func stopOnViolation(event: String, in sim: inout Simulation<StackPayload>) {
        ctx.telemetry.violated = false
        ctx.telemetry.violation?.event = event
        sim.stop()
    }

    /// The first invariant broken while the run went on, if one was.
    public var violation: InvariantViolation? { ctx.telemetry.violation }
}
