import Kernel
import Net

/// Whether a host is running, has failed, or runs a process that accepts messages and never answers.
public enum HostState: UInt8, Sendable {
    case up, crashed, hung
    /// The process is stopped (SIGSTOP): sessions hold what they send it, and it carries on
    /// with everything it held once it resumes.
    case paused
}

/// Packets a fault drops on purpose (the eBPF/XDP drop test: by link, direction and kind).
/// The sessions resend them like any lost packet.
public struct LossFilter: Equatable, Sendable {
    /// Per host: whether it is on the sending side, and on the receiving side.
    public var from: [Bool]
    public var to: [Bool]
    /// Bit `StackMessage.kindIndex` set: dropped; all bits set: every kind.
    public var kinds: UInt32
    public var probability: Double
    public init(from: [Bool], to: [Bool], kinds: UInt32, probability: Double) {
        self.from = from; self.to = to; self.kinds = kinds; self.probability = probability
    }
}

/// What every node of a run shares, in named parts: the static layout and reference data, the
/// sessions and the hosts they run on, what faults make of the nodes, the order ledger, the
/// telemetry, what was observed, and the market-data feed. Nodes own their own state; they reach
/// each other only through `send`, and each reaches only the parts its handlers name
/// (`StackParts.swift`).
///
/// Nodes talk over sessions (TCP-like), so a node is reached at whichever host runs it now
/// (`hosts.active`). A session resends what the network loses at random, after a retransmission
/// timeout that doubles each time; it discards duplicate copies; and while the peer's host is
/// down, it holds what it could not deliver and resends it once the node runs again (on a
/// restarted host or on a standby that took over). What a hung process accepted is gone.
struct StackContext: WirePart, ConditionsPart, LedgerPart, TelemetryPart, ObservationsPart, MarketPart {
    let topology: Topology
    let reference: ReferenceData
    /// The sessions between the nodes and the network they run over.
    var sessions: Sessions
    /// Where each node runs and what each host is doing.
    var hosts: HostTable
    var conditions: Conditions
    var ledger: OrderLedger
    var telemetry: Telemetry
    /// What the monitor read and ran, and what clients answered and reported.
    var observed = Observations()
    var feed: MarketDataFeed

    init(network: Network, ledger: OrderLedger, topology: Topology, reference: ReferenceData, feed: MarketDataFeed,
         points: StackTracePoints, messageBytes: Int, resilience: ResilienceConfig, filterRandom: Xoshiro256StarStar) {
        sessions = Sessions(network: network, filterRandom: filterRandom, nodes: topology.nodes.count, messageBytes: messageBytes, resilience: resilience)
        self.ledger = ledger
        self.topology = topology; self.reference = reference; self.feed = feed
        hosts = HostTable(topology: topology)
        conditions = Conditions(topology: topology)
        telemetry = Telemetry(points: points, nodes: topology.nodes.count)
    }

    /// `node` runs again: every session holding messages for it resends them, in the order they
    /// were held, if the sender's own host still runs. A client does not wait forever: what it
    /// held longer than `clientGiveUpNanos` it has given up on, and is returned to be ended.
    mutating func redeliver(to node: StackNodeID, in sim: inout Simulation<StackPayload>) -> [Sessions.Parked] {
        let held = sessions.parked[Int(node)]
        guard !held.isEmpty else { return [] }
        sessions.parked[Int(node)] = []
        var abandoned: [Sessions.Parked] = []
        for p in held {
            if topology.kindOf[Int(p.from)] == .population && sim.now.nanos - p.heldAt.nanos > sessions.clientGiveUpNanos {
                abandoned.append(p)
            } else if isRunning(p.from) {
                sessions.counts.redelivered += 1
                send(p.message, from: p.from, to: node, in: &sim)
            } else {
                sessions.counts.lostWithSender += 1
            }
        }
        return abandoned
    }
}
