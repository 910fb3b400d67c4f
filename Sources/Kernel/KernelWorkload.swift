/// The kernel's reference workload, behind `firedrill bench kernel`, the benchmarks and the
/// determinism tests.
///
/// `nodes` nodes; at start `inFlight` messages are scheduled, message *i* at a time uniform in
/// 0…999,999 ns (stream `"kernel-bench/setup"`) to node *i* mod `nodes`. Each delivery at node
/// *k* sends one new message to node (*k*·7 + 1) mod `nodes` after 1 ns + uniform 0…999 ns,
/// drawn from node *k*'s own stream (`"kernel-bench/node"`, index *k*). The run stops after
/// `deliveries` deliveries. The digest covers every delivery's time, node and message id.
public struct KernelWorkload: Sendable {
    public var nodes: Int
    public var inFlight: Int
    public var deliveries: UInt64
    public var seed: UInt64

    public init(nodes: Int = 1_000, inFlight: Int = 100_000, deliveries: UInt64 = 20_000_000, seed: UInt64 = 1) {
        self.nodes = nodes
        self.inFlight = inFlight
        self.deliveries = deliveries
        self.seed = seed
    }

    public struct Outcome: Equatable, Sendable {
        public var deliveries: UInt64
        public var finalTime: SimTime
        public var digest: String
    }

    /// Handles a delivery: feed the digest, forward one message.
    struct Handler: EventHandler {
        var random: [Xoshiro256StarStar]
        var digest = RunDigest()
        var delivered: UInt64 = 0
        let limit: UInt64
        var nextMessageID: UInt64
        let delivery: TracePoint

        init(random: [Xoshiro256StarStar], limit: UInt64, nextMessageID: UInt64, delivery: TracePoint) {
            self.random = random; self.limit = limit; self.nextMessageID = nextMessageID; self.delivery = delivery
        }

        mutating func handle(_ event: Event<UInt64>, in simulation: inout Simulation<UInt64>) {
            delivered += 1
            digest.feed(event.time)
            digest.feed(event.target)
            digest.feed(event.payload)
            simulation.emit(delivery, node: event.target, Int64(bitPattern: event.payload))
            if delivered == limit {
                simulation.stop()
                return
            }
            let k = event.target.index
            let next = NodeID((k &* 7 &+ 1) % random.count)
            let delay = 1 + Int64(bitPattern: random[k].next(below: 1_000))
            simulation.send(nextMessageID, to: next, after: .nanoseconds(delay))
            nextMessageID += 1
        }
    }

    /// Checks the sizes; returns a message naming the first bad one.
    public func validationError() -> String? {
        if nodes < 1 || nodes > Int(Int32.max) { return "--nodes must be between 1 and \(Int32.max), got \(nodes)" }
        if inFlight < 1 || inFlight > EventQueueLimits.pendingMax { return "--in-flight must be between 1 and \(EventQueueLimits.pendingMax), got \(inFlight)" }
        if deliveries < 1 { return "--deliveries must be at least 1" }
        return nil
    }

    /// Runs the workload; `observe` may subscribe to trace points before the first event.
    public func run(observe: (inout Simulation<UInt64>) -> Void = { _ in }) -> Outcome {
        precondition(validationError() == nil, validationError() ?? "")
        let streams = RandomStreams(seed: seed)
        var simulation = Simulation<UInt64>()
        simulation.reserveCapacity(inFlight + 1)
        let delivery = simulation.trace.register("kernel-bench.delivery")
        var setup = streams.stream("kernel-bench/setup")
        for i in 0..<inFlight {
            let at = SimTime(nanos: Int64(setup.next(below: 1_000_000)))
            simulation.schedule(UInt64(i), to: NodeID(i % nodes), at: at)
        }
        let random = (0..<nodes).map { streams.stream("kernel-bench/node", index: UInt64($0)) }
        var handler = Handler(random: random, limit: deliveries, nextMessageID: UInt64(inFlight), delivery: delivery)
        observe(&simulation)
        simulation.run(&handler)
        return Outcome(deliveries: handler.delivered, finalTime: simulation.now, digest: handler.digest.finalize())
    }
}
