import Kernel

/// What a run records of its nodes' work as it goes: the trace points every event reaches, the
/// recorder behind them, the digest and (when recording) the golden tape, each node's work
/// counters for the monitor, and the first invariant broken.
struct Telemetry {
    let points: StackTracePoints
    /// The run's recorder, which every trace point reaches first (nil when a world is built
    /// without a run). `StackRun` owns it and outlives the world's use of it, so the reference
    /// is neither retained nor checked.
    unowned(unsafe) var recorder: Recorder?
    var digest = RunDigest()
    /// When recording a golden tape: the event stream as text (nil in ordinary runs).
    var tape: EventTape?
    /// Per node: instructions it handled, and those it refused as a failing system (for the monitor).
    var handled: [UInt64]
    var refused: [UInt64]
    /// The first invariant broken while the run went on; `violated` says so at the cost of one
    /// flag per event, and the world stops the run after the event that broke it.
    var violation: InvariantViolation?
    var violated = false

    init(points: StackTracePoints, nodes: Int) {
        self.points = points
        handled = Array(repeating: 0, count: nodes)
        refused = Array(repeating: 0, count: nodes)
    }
}
