import Kernel

/// A many-host network workload with jitter, loss, duplication, a link cut and a partition:
/// the network's determinism check, behind `firedrill bench network` and the tests.
///
/// Hosts sit round-robin on three sites (Shenzhen, Shanghai, Beijing; 2,400 / 2,200 / 1,300 km
/// apart) joined in a full mesh of 10 Gb/s fibre with two 500 ns switch hops, lognormal jitter
/// (median 2 µs), 1 % loss and 1 % duplication. `inFlight` messages start within the first
/// millisecond. The arrival of every original (not duplicate) copy at a host — admitted or cut
/// in flight — makes that host send one message of 64–1,500 B to a peer drawn from its own
/// stream; a message dropped or lost at send time is retried by its sender 1 ms later. So the
/// population stays at `inFlight` whatever the faults do. Each arrival also re-arms the host's
/// 50 ms watchdog (cancelling the old timer), whose firing injects a fresh message. Link `h0-h1` is down 20–40 ms; a partition
/// cuts Shenzhen off from the other sites 60–90 ms. Stops after `events` events.
public struct NetWorkload: Sendable {
    public var hosts: Int
    public var inFlight: Int
    public var events: UInt64
    public var seed: UInt64

    public init(hosts: Int = 24, inFlight: Int = 2_000, events: UInt64 = 1_000_000, seed: UInt64 = 1) {
        self.hosts = hosts
        self.inFlight = inFlight
        self.events = events
        self.seed = seed
    }

    public struct Outcome: Equatable, Sendable {
        public var events: UInt64
        public var arrived: UInt64
        public var lost: UInt64
        public var duplicated: UInt64
        public var cutInFlight: UInt64
        public var droppedAtSend: UInt64
        public var timersCancelled: UInt64
        public var retries: UInt64
        public var finalTime: SimTime
        public var digest: String
    }

    enum Payload: NetworkControlPayload {
        case packet(Packet<UInt64>)
        case netControl(NetControl)
        case watchdog
        case retry
    }

    struct World: EventHandler {
        var network: Network
        var random: [Xoshiro256StarStar]
        var watchdogs: [EventID?]
        var digest = RunDigest()
        var nextMessageID: UInt64
        var handled: UInt64 = 0
        var timersCancelled: UInt64 = 0
        var retries: UInt64 = 0
        let limit: UInt64
        static let watchdogDelay = SimDuration.milliseconds(50)
        static let retryDelay = SimDuration.milliseconds(1)

        mutating func handle(_ event: Event<Payload>, in simulation: inout Simulation<Payload>) {
            handled += 1
            digest.feed(event.time)
            digest.feed(event.target)
            switch event.payload {
            case let .netControl(control):
                digest.feed(2 as UInt8)
                try! network.apply(control, at: event.time) // controls are built from valid ids below
            case .watchdog:
                digest.feed(3 as UInt8)
                watchdogs[event.target.index] = nil
                forward(from: event.target.index, in: &simulation)
            case .retry:
                digest.feed(4 as UInt8)
                retries += 1
                forward(from: event.target.index, in: &simulation)
            case let .packet(packet):
                let admitted = network.admit(packet, at: event.time)
                digest.feed(1 as UInt8)
                digest.feed(packet.message)
                digest.feed(packet.isDuplicate)
                digest.feed(admitted)
                if !packet.isDuplicate { forward(from: event.target.index, in: &simulation) }
            }
            if handled == limit { simulation.stop() }
        }

        /// Host `k` sends one message to a random peer and re-arms its watchdog.
        mutating func forward(from k: Int, in simulation: inout Simulation<Payload>) {
            let peer = (k + 1 + Int(random[k].next(below: UInt64(random.count - 1)))) % random.count
            let bytes = 64 + Int(random[k].next(below: 1_437))
            let sent = network.send(nextMessageID, from: HostID(Int32(k)), to: HostID(Int32(peer)), target: NodeID(peer), bytes: bytes, in: &simulation)
            nextMessageID += 1
            if sent.arrival == nil { simulation.setTimer(.retry, for: NodeID(k), after: World.retryDelay) }
            if let old = watchdogs[k], simulation.cancel(old) { timersCancelled += 1 }
            watchdogs[k] = simulation.setTimer(.watchdog, for: NodeID(k), after: World.watchdogDelay)
        }
    }

    /// Checks the sizes; returns a message naming the first bad one.
    public func validationError() -> String? {
        if hosts < 3 || hosts > 4_096 { return "--hosts must be between 3 and 4096, got \(hosts)" }
        if inFlight < 1 || inFlight > 10_000_000 { return "--in-flight must be between 1 and 10000000, got \(inFlight)" }
        if events < 1 { return "--events must be at least 1" }
        return nil
    }

    public func run() -> Outcome {
        precondition(validationError() == nil, validationError() ?? "")
        var network = Network(seed: seed)
        let streams = RandomStreams(seed: seed)
        // Building from fixed, valid names and numbers cannot fail.
        let sz = try! network.addSite("shenzhen"), sh = try! network.addSite("shanghai"), bj = try! network.addSite("beijing")
        try! network.setDistance(sz, sh, km: 2_400)
        try! network.setDistance(sz, bj, km: 2_200)
        try! network.setDistance(sh, bj, km: 1_300)
        let sites = [sz, sh, bj]
        let hostIDs = (0..<hosts).map { try! network.addHost("h\($0)", site: sites[$0 % 3]) }
        let spec = LinkSpec(
            bandwidthBitsPerSecond: 10_000_000_000, switchingDelay: .nanoseconds(500), hops: 2,
            jitter: .lognormal(mu: DeterministicMath.log(2_000), sigma: 0.5),
            lossProbability: 0.01, duplicationProbability: 0.01
        )
        for i in 0..<hosts {
            for j in (i + 1)..<hosts {
                _ = try! network.addLink("h\(i)-h\(j)", between: hostIDs[i], and: hostIDs[j], spec: spec)
            }
        }
        let shenzhenHosts = hostIDs.filter { network.hosts[$0.index].site == sz }
        let otherHosts = hostIDs.filter { network.hosts[$0.index].site != sz }
        let split = try! network.declarePartition("shenzhen-isolated", groups: [shenzhenHosts, otherHosts])

        var simulation = Simulation<Payload>()
        simulation.reserveCapacity(inFlight * 2 + hosts + 16)
        let cut = network.link(named: "h0-h1")!
        network.schedule(.setLinkUp(cut, false), at: .midnight + .milliseconds(20), in: &simulation)
        network.schedule(.setLinkUp(cut, true), at: .midnight + .milliseconds(40), in: &simulation)
        network.schedule(.partition(split), at: .midnight + .milliseconds(60), in: &simulation)
        network.schedule(.heal(split), at: .midnight + .milliseconds(90), in: &simulation)

        var setup = streams.stream("net-bench/setup")
        for i in 0..<inFlight {
            let from = Int(setup.next(below: UInt64(hosts)))
            let to = (from + 1 + Int(setup.next(below: UInt64(hosts - 1)))) % hosts
            let at = SimTime(nanos: Int64(setup.next(below: 1_000_000)))
            let t = FlightTicket(link: network.route(from: hostIDs[from], to: hostIDs[to])!, linkDownEpoch: 0, sentAt: at, from: hostIDs[from], to: hostIDs[to])
            simulation.schedule(.packet(Packet(ticket: t, isDuplicate: false, message: UInt64(i))), to: NodeID(to), at: at)
        }
        var world = World(
            network: network,
            random: (0..<hosts).map { streams.stream("net-bench/host", index: UInt64($0)) },
            watchdogs: Array(repeating: nil, count: hosts),
            nextMessageID: UInt64(inFlight),
            limit: events
        )
        simulation.run(&world)

        var total = LinkStats()
        for link in world.network.links {
            let s = link.stats
            total.sent += s.sent; total.arrived += s.arrived; total.lost += s.lost; total.duplicated += s.duplicated
            total.cutInFlight += s.cutInFlight; total.droppedLinkDown += s.droppedLinkDown
            total.droppedPartitioned += s.droppedPartitioned; total.bytesSent += s.bytesSent
            for v in [s.sent, s.arrived, s.lost, s.duplicated, s.cutInFlight, s.droppedLinkDown, s.droppedPartitioned, s.bytesSent] {
                world.digest.feed(v)
            }
        }
        return Outcome(
            events: world.handled, arrived: total.arrived, lost: total.lost, duplicated: total.duplicated,
            cutInFlight: total.cutInFlight, droppedAtSend: total.droppedLinkDown + total.droppedPartitioned,
            timersCancelled: world.timersCancelled, retries: world.retries, finalTime: simulation.now, digest: world.digest.finalize()
        )
    }
}
