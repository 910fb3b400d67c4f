/// The virtual clock and the pending events of one run: the scheduler API nodes use.
///
/// One simulation runs on one thread. Its clock moves only when an event fires, to that
/// event's time; events fire in `(time, sequence)` order, so two events at the same instant
/// fire in the order they were scheduled.
public struct Simulation<Payload> {
    @usableFromInline
    struct Scheduled {
        @usableFromInline var target: NodeID
        @usableFromInline var payload: Payload
        @inlinable init(target: NodeID, payload: Payload) { self.target = target; self.payload = payload }
    }

    /// The current virtual time.
    @inlinable public var now: SimTime { clock }
    @usableFromInline var clock: SimTime
    @usableFromInline var queue = EventQueue<Scheduled>()
    /// Events handled so far.
    @inlinable public var eventsFired: UInt64 { fired }
    @usableFromInline var fired: UInt64 = 0
    @usableFromInline var stopRequested = false
    /// Named trace points; costs one branch per point when nobody listens.
    public var trace = TraceHub()

    /// A simulation whose clock starts at `start` with nothing scheduled.
    public init(start: SimTime = .midnight) {
        self.clock = start
    }

    /// Pending events, excluding cancelled ones.
    @inlinable public var pendingCount: Int { queue.count }

    /// Reserves room for `n` pending events, so that a run allocates only at start.
    public mutating func reserveCapacity(_ n: Int) { queue.reserveCapacity(n) }

    /// Schedules `payload` for `target` at `time`, which must not be in the past.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, to target: NodeID, at time: SimTime) -> EventID {
        precondition(time >= now, "cannot schedule at \(time), before the clock (\(now))")
        return queue.push(Scheduled(target: target, payload: payload), at: time)
    }

    /// Sets the next `n` sequence numbers aside, for events scheduled later that must break ties
    /// as if they had been scheduled now (`schedule(_:to:at:sequence:)`).
    public mutating func reserveSequences(_ n: UInt64) -> Range<UInt64> { queue.reserveSequences(n) }

    /// Schedules `payload` for `target` at `time` under a sequence number set aside with
    /// `reserveSequences`: among events at the same time it fires in that number's place.
    @discardableResult
    public mutating func schedule(_ payload: Payload, to target: NodeID, at time: SimTime, sequence: UInt64) -> EventID {
        precondition(time >= now, "cannot schedule at \(time), before the clock (\(now))")
        return queue.push(Scheduled(target: target, payload: payload), at: time, sequence: sequence)
    }

    /// Sends `payload` to `target`, arriving `delay` from now (a message between nodes).
    @inlinable @discardableResult
    public mutating func send(_ payload: Payload, to target: NodeID, after delay: SimDuration) -> EventID {
        precondition(delay.nanos >= 0, "negative delay \(delay)")
        return queue.push(Scheduled(target: target, payload: payload), at: SimTime(nanos: now.nanos + delay.nanos))
    }

    /// Sets a timer: `node` receives `payload` after `delay`. Cancel it with `cancel(_:)`.
    @inlinable @discardableResult
    public mutating func setTimer(_ payload: Payload, for node: NodeID, after delay: SimDuration) -> EventID {
        send(payload, to: node, after: delay)
    }

    /// Cancels a pending event or timer. Returns `false` if it already fired or was cancelled.
    @inlinable @discardableResult
    public mutating func cancel(_ id: EventID) -> Bool { queue.cancel(id) }

    /// Whether the event `id` is still pending.
    @inlinable public func isPending(_ id: EventID) -> Bool { queue.isPending(id) }

    /// Asks `run` to return after the event being handled.
    @inlinable public mutating func stop() { stopRequested = true }

    /// Emits a trace record stamped with the current time, if anyone listens to `point`.
    @inlinable
    public func emit(_ point: TracePoint, node: NodeID, _ a: Int64 = 0, _ b: Int64 = 0) {
        if trace.isListening(point) { trace.deliver(TraceRecord(point: point, time: now, node: node, a: a, b: b)) }
    }

    /// Removes the next event and moves the clock to its time; `nil` when nothing is pending.
    @inlinable
    public mutating func nextEvent() -> Event<Payload>? {
        guard let (time, id, scheduled) = queue.popMin() else { return nil }
        clock = time
        fired += 1
        return Event(time: time, id: id, target: scheduled.target, payload: scheduled.payload)
    }

    /// Why `run` returned.
    public enum StopReason: Equatable, Sendable {
        /// No event was pending.
        case drained
        /// The next event lies after the time limit; the clock stands at the limit.
        case reachedTimeLimit
        /// The event budget was spent.
        case reachedEventLimit
        /// A handler called `stop()`.
        case stopped
    }

    /// Hands events to `handler` in order until the queue drains, the next event lies after
    /// `limit`, `maxEvents` have fired in this call, or the handler calls `stop()`.
    @inlinable @discardableResult
    public mutating func run<H: EventHandler>(
        _ handler: inout H, until limit: SimTime = SimTime(nanos: .max), maxEvents: UInt64 = .max
    ) -> StopReason where H.Payload == Payload {
        stopRequested = false
        var handled: UInt64 = 0
        while true {
            if handled >= maxEvents { return .reachedEventLimit }
            guard let (time, id, scheduled) = queue.popMin(notAfter: limit.nanos) else {
                if queue.isEmpty { return .drained }
                clock = max(clock, limit)
                return .reachedTimeLimit
            }
            clock = time
            fired += 1
            handled += 1
            handler.handle(Event(time: time, id: id, target: scheduled.target, payload: scheduled.payload), in: &self)
            if stopRequested {
                stopRequested = false
                return .stopped
            }
        }
    }
}
