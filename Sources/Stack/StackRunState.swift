import Exchange
import Kernel

/// A run of the stack under way, paused between two steps of virtual time. `StackRun` begins
/// one, hands it its fault plan, advances it to the day's end and finishes it. Exploration
/// advances one fault-free run to a pause before a plan's first fault and gives each plan a
/// copy (`branch()`): the copy then runs exactly as the whole day would have with that plan.
///
/// What makes a branch equal to the whole run:
/// - the plan's events take sequence numbers set aside right after the world starts
///   (`planSequences`), so they break ties with the day's events as they do when the plan is
///   given at the start;
/// - a plan and its partitions act only through their events, so giving them later changes
///   nothing before the first of those events (a plan whose first event is not after the pause
///   cannot branch from it);
/// - the pauses are on one grid from the day's start (a second with guards, a minute with a
///   progress bar, half an hour otherwise), and the event budget is checked at whole multiples
///   of `budgetChunk` events, so where a run pauses never changes what it does;
/// - a run that a guard, a broken invariant or a spent budget stopped does not branch.
///
/// A plain copy shares the recorder and the matching engines with the original (they are
/// classes): only one of the two may go on. `branch()` gives a copy that may.
public struct StackRunState {
    var world: StackWorld
    var sim: Simulation<StackPayload>
    public private(set) var recorder: Recorder
    let planSequences: Range<UInt64>
    /// Listeners subscribed to the run's trace points (`observe`) hold state of their own.
    let observed: Bool
    /// Where the run paused last.
    public private(set) var pausedAt: SimTime
    var nextProgress: SimTime
    /// The events that start the plan's faults (a rollback cancels those still to come).
    var starts: [EventID] = []
    public private(set) var planned = false
    public private(set) var firings: [GuardFiring] = []
    public private(set) var stoppedAt: SimTime?

    /// Sequence numbers set aside for a plan's events: faults × targets × (start, end) and its
    /// actions come far below it.
    public static let planEventsMax: UInt64 = 1 << 24
    /// The event budget is looked at every this many events (and at every pause).
    public static let budgetChunk: UInt64 = 1 << 20

    public var config: StackConfig { world.config }
    public var eventsFired: UInt64 { sim.eventsFired }
    /// Whether a plan may still be given, to run as if it had been given at the start: nothing
    /// planned yet, no guard fired, nothing stopped, and no tape or listener of its own.
    public var canBranch: Bool {
        !planned && firings.isEmpty && stoppedAt == nil && !observed && world.ctx.telemetry.tape == nil
    }

    /// Builds `config`'s stack and starts its day (see `StackRun.run` for `observe` and `tape`).
    public init(_ config: StackConfig, observe: ((inout TraceHub, StackTracePoints) -> Void)? = nil,
                tape: EventTape? = nil) throws(StackBuildError) {
        sim = Simulation<StackPayload>(start: config.dayStart)
        var hub = TraceHub()
        world = try StackWorld(config: config, recorderPoints: &hub)
        let expected = Int(config.populations.reduce(0) { $0 + $1.ordersPerDay } * 1.1) + 1_024
        recorder = Recorder(dayStart: config.dayStart, dayEnd: config.dayEnd, expectedOrders: expected, hops: world.topology.hopLayout)
        recorder.listen(to: world.ctx.telemetry.points, pointCount: hub.names.count)
        world.ctx.telemetry.recorder = recorder
        observe?(&hub, world.ctx.telemetry.points)
        observed = observe != nil
        sim.trace = hub
        sim.reserveCapacity(1 << 16)
        world.ctx.telemetry.tape = tape
        world.start(in: &sim)
        planSequences = sim.reserveSequences(StackRunState.planEventsMax)
        pausedAt = config.dayStart
        nextProgress = config.dayStart + .minutes(1)
    }

    /// Gives the run its fault plan: `plan` reads the built world and returns the changes, the
    /// faults they make up and the partitions to declare. Every event of the plan must come
    /// after the pause.
    public mutating func plan(_ plan: (StackWorld) throws(StackBuildError) -> FaultSchedule) throws(StackBuildError) {
        precondition(!planned, "a run takes one plan")
        let schedule = try plan(world)
        if let first = StackRunState.firstEvent(of: schedule), first <= pausedAt, pausedAt > config.dayStart {
            throw StackBuildError(field: "faults", "the plan's first event (\(first)) is not after the run's pause (\(pausedAt))")
        }
        try world.declare(schedule.partitions)
        world.register(schedule.faults)
        starts = try world.schedule(schedule, in: &sim, sequences: planSequences)
        planned = true
    }

    /// What `plan` makes of this run's world, without giving it to the run.
    public func preview(_ plan: (StackWorld) throws(StackBuildError) -> FaultSchedule) throws(StackBuildError) -> FaultSchedule {
        try plan(world)
    }

    /// The time of a plan's first event, if it has any.
    public static func firstEvent(of schedule: FaultSchedule) -> SimTime? {
        (schedule.changes.map(\.time) + schedule.actions.map(\.time) + schedule.forged.map(\.time)).min()
    }

    /// Runs on to `end` (at most the day's end), pausing on the grid. `guards` look at the
    /// recorder at every pause and may roll the plan back or stop the run; `progress` hears the
    /// time and the events handled every simulated minute; `exhausted` hears the events handled
    /// every `budgetChunk` events and at every pause, and stops the run when it says so.
    public mutating func advance(to end: SimTime, guards: ((Recorder, SimTime) -> GuardFiring?)? = nil,
                                 progress: ((SimTime, UInt64) -> Void)? = nil,
                                 exhausted: ((UInt64) -> Bool)? = nil) {
        let dayStart = config.dayStart, dayEnd = config.dayEnd
        let end = min(end, dayEnd)
        // The run pauses every simulated minute for progress, and with guards every second for
        // them to look at the recorder.
        let step: SimDuration = guards != nil ? .seconds(1) : progress != nil ? .minutes(1) : .minutes(30)
        while stoppedAt == nil && pausedAt < end {
            let t = min(end, dayStart + SimDuration(nanos: ((pausedAt - dayStart).nanos / step.nanos + 1) * step.nanos))
            pausedAt = t
            if let exhausted {
                // In chunks, so that a storm of events inside one step is caught too.
                let chunk = StackRunState.budgetChunk
                while sim.run(&world, until: t, maxEvents: chunk - sim.eventsFired % chunk) == .reachedEventLimit {
                    if exhausted(sim.eventsFired) { stoppedAt = sim.now; return }
                }
                if exhausted(sim.eventsFired) { stoppedAt = sim.now; return }
            } else {
                sim.run(&world, until: t)
            }
            if world.violation != nil {
                stoppedAt = sim.now
                progress?(sim.now, sim.eventsFired)
                return
            }
            if let guards, let firing = guards(recorder, t) {
                firings.append(firing)
                switch firing.action {
                case .rollback:
                    for id in starts { sim.cancel(id) }
                    world.clearActiveFaults(in: &sim)
                case .stop:
                    stoppedAt = t
                    progress?(t, sim.eventsFired)
                    return
                }
            }
            if t >= nextProgress || t == dayEnd {
                progress?(t, sim.eventsFired)
                nextProgress = nextProgress + .minutes(1)
            }
        }
    }

    /// A copy of the run that goes on independently: its own engines and recorder.
    public func branch() -> StackRunState {
        precondition(canBranch, "only a run paused before its plan, with no tape, listener or guard fired, branches")
        var copy = self
        copy.recorder = recorder.copy()
        copy.world.ctx.telemetry.recorder = copy.recorder
        copy.world.detachEngines()
        return copy
    }
}

extension StackWorld {
    /// Gives every exchange its own copy of its matching engine (the one reference type a
    /// world holds besides the recorder), for a branched run.
    mutating func detachEngines() {
        for k in exchanges.indices { exchanges[k].engine = exchanges[k].engine.copy() }
    }
}
