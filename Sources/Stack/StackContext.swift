import Kernel
import Net

/// What every node of a run shares: the network, the order table, the static layout and
/// reference data, the market-data feed, trace points and the digest. Nodes own their own
/// state; they reach each other only through `send`.
struct StackContext {
    var network: Network
    var orders: OrderTable
    var ledger: ClientLedger
    var tierFills: TierFillLedger
    let topology: Topology
    let reference: ReferenceData
    var feed: MarketDataFeed
    let points: StackTracePoints
    var digest = RunDigest()
    let messageBytes: Int
    var nextQueryID: UInt32 = 0
    /// Messages the network dropped (send-time drops; in-flight cuts are counted on arrival).
    var messagesDropped: UInt64 = 0
    var messagesCut: UInt64 = 0
    /// Duplicate copies the network delivered and the receiving session discarded.
    var duplicatesDiscarded: UInt64 = 0
    /// Messages that reached a crashed or hung node and were never handled.
    var lostAtDownNodes: UInt64 = 0

    /// Sends `message` from node `from` to node `to`, leaving `delayNanos` from now (the time
    /// the sender spends on it before it goes on the wire).
    @inline(__always)
    mutating func send(_ message: StackMessage, from: Int16, to: Int16, afterNanos delayNanos: Int64 = 0,
                       in sim: inout Simulation<StackPayload>) {
        let departure = SimTime(nanos: sim.now.nanos + delayNanos)
        let t = network.transmit(from: topology.hostOf[Int(from)], to: topology.hostOf[Int(to)],
                                 bytes: messageBytes, at: departure)
        let target = NodeID(Int32(to))
        if let arrival = t.arrival {
            sim.schedule(.packet(Packet(ticket: t.ticket, isDuplicate: false, message: message)), to: target, at: arrival)
        } else {
            messagesDropped += 1
        }
        if let arrival = t.duplicateArrival {
            sim.schedule(.packet(Packet(ticket: t.ticket, isDuplicate: true, message: message)), to: target, at: arrival)
        }
    }

    @inline(__always)
    func emit(_ point: TracePoint, _ sim: Simulation<StackPayload>, node: Int16, _ a: UInt32, _ b: Int64 = 0) {
        sim.trace.emit(point, time: sim.now, node: NodeID(Int32(node)), Int64(a), b)
    }
}
