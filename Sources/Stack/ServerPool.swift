import Kernel

/// An instruction waiting for or in service at an M/G/c station.
enum StationWork: Equatable {
    case order(OrderIndex)
    case cancel(OrderIndex)
    case queryPart(QueryTicket)
    /// A client's query on its way to the dispatch centre (at a service stage).
    case query(QueryTicket)
}

/// The servers and queue of an M/G/c station (a tier instance, a service stage instance):
/// admission against the configured and the impaired concurrency and queue limit, service
/// times, and what a restart or a takeover does to the work held. The node that owns it decides
/// what an overflow means and what finished work does next.
struct ServerPool {
    let model: ServiceModel
    /// What each server is working on; `nil` when idle.
    var servers: [StationWork?]
    var idleServers: [Int32]
    /// Waiting instructions, a ring buffer bounded by `model.queueLimit`.
    var queue = Ring<StationWork>()
    var queueDepthMax = 0
    /// Service time started so far (for the monitor's CPU reading), and per minute of the day
    /// since `dayStartNanos` (for the capacity-headroom check).
    var busyNanos: Int64 = 0
    var busyByMinute: [Int64] = []
    var dayStartNanos: Int64 = 0
    /// Counts restarts and takeovers; a service timer from an earlier incarnation is ignored.
    var incarnation: UInt32 = 0
    /// Instructions held in memory when the instance restarted without a standby to take them.
    var lostInMemory = 0

    init(model: ServiceModel) {
        self.model = model
        servers = Array(repeating: nil, count: model.concurrency)
        idleServers = (0..<Int32(model.concurrency)).reversed()
    }

    /// Serves `work` now or queues it; `false` when the queue is full (the caller refuses it).
    mutating func admit<C: WirePart & ConditionsPart>(_ work: StationWork, node: StackNodeID, random: inout Xoshiro256StarStar, ctx: C,
                        in sim: inout Simulation<StackPayload>) -> Bool {
        let impairment = ctx.conditions.impairments[Int(node)].impairment
        let allowed = impairment.concurrency.map { min($0, model.concurrency) } ?? model.concurrency
        let queueLimit = impairment.queueLimit.map { min($0, model.queueLimit) } ?? model.queueLimit
        if model.concurrency - idleServers.count < allowed, let server = idleServers.popLast() {
            begin(work, on: server, node: node, random: &random, ctx: ctx, in: &sim)
        } else if queue.count < queueLimit {
            queue.append(work)
            queueDepthMax = max(queueDepthMax, queue.count)
        } else {
            return false
        }
        return true
    }

    private mutating func begin<C: WirePart & ConditionsPart>(_ work: StationWork, on server: Int32, node: StackNodeID, random: inout Xoshiro256StarStar, ctx: C,
                                in sim: inout Simulation<StackPayload>) {
        servers[Int(server)] = work
        var nanos = model.serviceFixed.nanos + Bounded.delay(model.servicePerOrder, &random)
            + ctx.conditions.impairments[Int(node)].impairment.extraDelay.nanos
        let slowdown = ctx.hosts.slowdown[ctx.hosts.active[Int(node)].index]
        if slowdown != 1 { nanos = Bounded.int64(Double(nanos) * slowdown, 0...Bounded.delayNanosMax) }
        busyNanos += nanos
        let minute = Int((sim.now.nanos - dayStartNanos) / 60_000_000_000)
        if minute >= 0 && minute < busyByMinute.count { busyByMinute[minute] += nanos }
        sim.setTimer(.timer(.serviceDone(server: server, incarnation: incarnation)), for: node.target, after: SimDuration(nanos: nanos))
    }

    /// Server `server`'s service ended: the work it finished (`nil` for a timer set before a
    /// restart or a takeover), with the server moving on to the next waiting instruction.
    mutating func finish<C: WirePart & ConditionsPart>(_ server: Int32, incarnation stamp: UInt32, node: StackNodeID, random: inout Xoshiro256StarStar, ctx: C,
                         in sim: inout Simulation<StackPayload>) -> StationWork? {
        guard stamp == incarnation else { return nil }
        guard let work = servers[Int(server)] else { preconditionFailure("server \(server) finished with nothing in service") }
        servers[Int(server)] = nil
        let allowed = ctx.conditions.impairments[Int(node)].impairment.concurrency ?? model.concurrency
        if model.concurrency - idleServers.count <= allowed, let next = queue.popFirst() {
            begin(next, on: server, node: node, random: &random, ctx: ctx, in: &sim)
        } else {
            idleServers.append(server)
        }
        return work
    }

    /// The host restarted with no standby holding its work: nothing in service, nothing queued.
    mutating func restart() {
        lostInMemory += queue.count + servers.lazy.filter { $0 != nil }.count
        servers = Array(repeating: nil, count: model.concurrency)
        idleServers = (0..<Int32(model.concurrency)).reversed()
        queue = Ring()
        incarnation &+= 1
    }

    /// A hot standby took over with a copy of the instance's state: what was in service is
    /// served again first, then the queue, in order.
    mutating func takeOver<C: WirePart & ConditionsPart>(node: StackNodeID, random: inout Xoshiro256StarStar, ctx: C, in sim: inout Simulation<StackPayload>) {
        var resumed = Ring<StationWork>()
        for work in servers { if let work { resumed.append(work) } }
        while let work = queue.popFirst() { resumed.append(work) }
        queue = resumed
        servers = Array(repeating: nil, count: model.concurrency)
        idleServers = (0..<Int32(model.concurrency)).reversed()
        incarnation &+= 1
        while queue.count > 0, let server = idleServers.popLast() {
            begin(queue.popFirst()!, on: server, node: node, random: &random, ctx: ctx, in: &sim)
        }
    }
}
