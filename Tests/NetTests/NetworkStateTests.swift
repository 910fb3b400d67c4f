import Kernel
import Testing
@testable import Net

/// Events of a small two-host world: packets carry their send time in ns.
enum Payload: NetworkControlPayload {
    case packet(Packet<Int64>)
    case netControl(NetControl)
    case tick
}

/// Host 0 sends one message to host 1 at every tick; host 1 records what it admits.
struct PingWorld: EventHandler {
    var network: Network
    var received: [Int64] = []
    var cut: [Int64] = []
    var dropReasons: [DropReason] = []

    mutating func handle(_ event: Event<Payload>, in simulation: inout Simulation<Payload>) {
        switch event.payload {
        case .tick:
            let t = network.send(simulation.now.nanos, from: HostID(0), to: HostID(1), target: NodeID(1), bytes: 64, in: &simulation)
            if let reason = t.dropped { dropReasons.append(reason) }
        case let .netControl(control):
            try! network.apply(control, at: simulation.now)
        case let .packet(p):
            if network.admit(p, at: simulation.now) { received.append(p.message) } else { cut.append(p.message) }
        }
    }
}

/// Ticks every millisecond from 0 to 29 ms over a 0.5 ms link; `controls` at the given times.
func runPing(_ controls: (inout Network) throws -> [(SimTime, NetControl)], extraTicks: [Int64] = []) throws -> PingWorld {
    var (net, _, _, _) = try twoHosts(LinkSpec(propagation: .explicit(.microseconds(500)), bandwidthBitsPerSecond: 0))
    var simulation = Simulation<Payload>()
    for (at, control) in try controls(&net) { net.schedule(control, at: at, in: &simulation) }
    for ms in 0..<30 { simulation.schedule(.tick, to: NodeID(0), at: SimTime(nanos: Int64(ms) * 1_000_000)) }
    for ns in extraTicks { simulation.schedule(.tick, to: NodeID(0), at: SimTime(nanos: ns)) }
    var world = PingWorld(network: net)
    simulation.run(&world)
    return world
}

private func ms(_ range: Range<Int64>) -> [Int64] { range.map { $0 * 1_000_000 } }

@Suite("Network state changes as scheduled events")
struct NetworkStateTests {
    @Test("a partitioned pair exchanges nothing until healed")
    func partitionUntilHealed() throws {
        let world = try runPing { net in
            let p = try net.declarePartition("split", groups: [[HostID(0)], [HostID(1)]])
            return [(SimTime(nanos: 10_000_000), .partition(p)), (SimTime(nanos: 20_000_000), .heal(p))]
        }
        #expect(world.received == ms(0..<10) + ms(20..<30))
        #expect(world.dropReasons == Array(repeating: .partitioned, count: 10))
        #expect(world.network.links[0].stats.droppedPartitioned == 10)
    }

    @Test("a message in flight when the partition starts is lost")
    func partitionCutsInFlight() throws {
        // Sent at 9.8 ms, due at 10.3 ms: the partition starts at 10 ms.
        let world = try runPing({ net in
            let p = try net.declarePartition("split", groups: [[HostID(0)], [HostID(1)]])
            return [(SimTime(nanos: 10_000_000), .partition(p)), (SimTime(nanos: 10_100_000), .heal(p))]
        }, extraTicks: [9_800_000])
        #expect(world.cut == [9_800_000])
        #expect(world.received == ms(0..<10) + ms(11..<30))
    }

    @Test("a partition that leaves a host out does not affect it")
    func unlistedHostsUnaffected() throws {
        var (net, a, b, _) = try twoHosts(LinkSpec(propagation: .explicit(.microseconds(1))))
        let c = try net.addHost("c", site: net.site(named: "beijing")!)
        _ = try net.addLink("a-c", between: a, and: c, spec: LinkSpec(propagation: .explicit(.microseconds(1))))
        let p = try net.declarePartition("b-alone", groups: [[b], [c]])
        try net.apply(.partition(p), at: .midnight)
        #expect(net.reachable(a, b) && net.reachable(a, c))
        #expect(net.transmit(from: a, to: c, bytes: 64, at: .midnight).copies == 1)
    }

    @Test("a link that is down drops messages, also those in flight, until it is up")
    func linkDownAndUp() throws {
        let world = try runPing({ net in
            let l = net.link(named: "a-b")!
            return [(SimTime(nanos: 5_000_000), .setLinkUp(l, false)), (SimTime(nanos: 8_000_000), .setLinkUp(l, true))]
        }, extraTicks: [4_800_000])
        #expect(world.received == ms(0..<5) + ms(8..<30))
        #expect(world.cut == [4_800_000])
        #expect(world.dropReasons == Array(repeating: .linkDown, count: 3))
    }

    @Test("loss and duplication set by a control take effect at their instant")
    func impairmentsBySchedule() throws {
        let world = try runPing { net in
            let l = net.link(named: "a-b")!
            return [
                (SimTime(nanos: 10_000_000), .setLoss(l, 1)), (SimTime(nanos: 15_000_000), .setLoss(l, 0)),
                (SimTime(nanos: 20_000_000), .setDuplication(l, 1)), (SimTime(nanos: 25_000_000), .setDuplication(l, 0)),
            ]
        }
        let doubled = ms(20..<25).flatMap { [$0, $0] }
        #expect(world.received == ms(0..<10) + ms(15..<20) + doubled + ms(25..<30))
    }

    @Test func badDeclarationsAreRefusedWithNames() throws {
        var net = Network(seed: 1)
        let sz = try net.addSite("shenzhen"), sh = try net.addSite("shanghai")
        #expect(throws: NetError.duplicateName(kind: "site", name: "shenzhen")) { _ = try net.addSite("shenzhen") }
        let a = try net.addHost("a", site: sz), b = try net.addHost("b", site: sh)
        #expect(throws: NetError.missingSiteDistance(from: "shenzhen", to: "shanghai")) {
            _ = try net.addLink("a-b", between: a, and: b, spec: LinkSpec())
        }
        #expect(throws: NetError.self) { _ = try net.addLink("x", between: a, and: b, spec: LinkSpec(lossProbability: 1.5)) }
        #expect(throws: NetError.self) { _ = try net.addLink("x", between: a, and: a, spec: LinkSpec(propagation: .explicit(.zero))) }
        try net.setDistance(sz, sh, km: 1_200)
        _ = try net.addLink("a-b", between: a, and: b, spec: LinkSpec())
        #expect(throws: NetError.linkExists(between: "b", and: "a")) { _ = try net.addLink("b-a", between: b, and: a, spec: LinkSpec()) }
        #expect(throws: NetError.self) { _ = try net.declarePartition("p", groups: [[a], [a]]) }
        #expect(throws: NetError.self) { try net.apply(.setLoss(LinkID(0), -0.1), at: .midnight) }
        #expect(throws: NetError.unknownLink(LinkID(9))) { try net.apply(.setLinkUp(LinkID(9), false), at: .midnight) }
        // No link: the message is refused and counted, not silently dropped.
        let c = try net.addHost("c", site: sz)
        #expect(net.transmit(from: a, to: c, bytes: 64, at: .midnight).dropped == .noRoute)
        #expect(net.droppedNoRoute == 1)
    }
}
