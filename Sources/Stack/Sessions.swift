import Kernel
import Net

/// The sessions between the stack's nodes (TCP-like) and the network under them: a session
/// resends what the network loses at random, after a retransmission timeout that doubles each
/// time, lets a fault's drop filters take copies, holds what it cannot deliver to a node that is
/// down, and counts all of it.
struct Sessions {
    /// A message a sender's session holds for a node that is down.
    struct Parked {
        var message: StackMessage
        var from: StackNodeID
        var heldAt: SimTime
    }

    var network: Network
    /// The packet-drop filters in force, and the stream their draws come from.
    var lossFilters: [LossFilter] = []
    var filterRandom: Xoshiro256StarStar
    /// Per node: what senders' sessions hold for it while it is down, oldest first.
    var parked: [[Parked]]
    let messageBytes: Int
    let retransmitTimeoutNanos: Int64
    let retransmitsMax: Int
    let sessionBufferMax: Int
    let clientGiveUpNanos: Int64
    var counts = SessionCounts()

    init(network: Network, filterRandom: Xoshiro256StarStar, nodes: Int, messageBytes: Int, resilience: ResilienceConfig) {
        self.network = network
        self.filterRandom = filterRandom
        parked = Array(repeating: [], count: nodes)
        self.messageBytes = messageBytes
        retransmitTimeoutNanos = resilience.retransmitTimeout.nanos
        retransmitsMax = resilience.retransmitsMax
        sessionBufferMax = resilience.sessionBufferMax
        clientGiveUpNanos = resilience.clientGiveUp.nanos
    }

    /// Sends `message` between two given hosts (heartbeats between a pair's hosts).
    mutating func transmit(_ message: StackMessage, from: HostID, to: HostID, target: StackNodeID, afterNanos delayNanos: Int64 = 0,
                           in sim: inout Simulation<StackPayload>) {
        var departure = sim.now.nanos + delayNanos
        var t = network.transmit(from: from, to: to, bytes: messageBytes, at: SimTime(nanos: departure))
        if !lossFilters.isEmpty && t.dropped == nil && filtered(message, from: from, to: to) { t.dropped = .lost; t.arrival = nil; t.duplicateArrival = nil }
        // The session resends what the network lost at random (a cut link or partition breaks it).
        var attempt = 0
        while t.dropped == .lost && attempt < retransmitsMax {
            departure += retransmitTimeoutNanos << attempt
            attempt += 1
            counts.retransmissions += 1
            t = network.transmit(from: from, to: to, bytes: messageBytes, at: SimTime(nanos: departure))
            if !lossFilters.isEmpty && t.dropped == nil && filtered(message, from: from, to: to) {
                t.dropped = .lost; t.arrival = nil; t.duplicateArrival = nil
            }
        }
        let node = target.target  // the addressee as the simulation's event target
        if let arrival = t.arrival {
            sim.schedule(.packet(Packet(ticket: t.ticket, isDuplicate: false, message: message)), to: node, at: arrival)
        } else {
            counts.messagesDropped += 1
        }
        if let arrival = t.duplicateArrival {
            sim.schedule(.packet(Packet(ticket: t.ticket, isDuplicate: true, message: message)), to: node, at: arrival)
        }
    }

    /// Whether a drop filter takes this copy.
    private mutating func filtered(_ message: StackMessage, from: HostID, to: HostID) -> Bool {
        let bit = UInt32(1) << message.kindIndex
        for f in lossFilters where f.kinds & bit != 0 && f.from[from.index] && f.to[to.index] {
            if filterRandom.chance(f.probability) {
                counts.packetsFiltered += 1
                return true
            }
        }
        return false
    }

    /// Holds `message` for `node`, which is down, until it runs again.
    mutating func park(_ message: StackMessage, from: StackNodeID, for node: StackNodeID, at now: SimTime) {
        if parked[Int(node)].count >= sessionBufferMax {
            counts.sessionOverflow += 1
            return
        }
        parked[Int(node)].append(Parked(message: message, from: from, heldAt: now))
    }

    /// Messages still held for nodes that never ran again.
    var parkedCount: Int { parked.reduce(0) { $0 + $1.count } }
}

/// What the sessions did, for the run's result.
struct SessionCounts {
    /// Client requests given up on while the broker could not be reached.
    var ordersAbandoned: UInt64 = 0
    var queriesAbandoned: UInt64 = 0

    /// Messages the network dropped at send time (a link down, a partition, or every
    /// retransmission lost); in-flight cuts are counted on arrival.
    var messagesDropped: UInt64 = 0
    var messagesCut: UInt64 = 0
    /// Duplicate copies the network delivered and the receiving session discarded.
    var duplicatesDiscarded: UInt64 = 0
    /// Copies the network lost that a session sent again.
    var retransmissions: UInt64 = 0
    /// Copies a fault's drop filter took (resent like any lost copy).
    var packetsFiltered: UInt64 = 0
    /// Messages accepted by a hung process and never handled.
    var lostAtHungHosts: UInt64 = 0
    /// Messages held for a down node and resent once it ran again; those given up on because
    /// the holding session's own host had gone, or the hold was full.
    var redelivered: UInt64 = 0
    var lostWithSender: UInt64 = 0
    var sessionOverflow: UInt64 = 0
    /// Messages that reached a host after its node had moved to another and were resent there.
    var redirected: UInt64 = 0
}
