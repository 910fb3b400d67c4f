import Kernel

/// Listens to the stack's trace points and keeps what the checkers read: per-order hop
/// timestamps, acknowledgement and first-fill times, outcomes, and per-second series.
///
/// It only records; judging (SLAs, invariants) belongs to `Scoring`.
public final class Recorder {
    /// Times are stored as nanoseconds since midnight, `noTime` where the event never came;
    /// readers get optionals (`ack(_:)`, `answer(_:)`, …).
    static let noTime = Int64.min
    /// Hop stamps are nanoseconds after the send; `hopMissing` where the order never got there,
    /// `hopSaturated` where it got there more than 4.29 s later.
    static let hopMissing = UInt32.max
    static let hopSaturated = UInt32.max - 1

    public let dayStart: SimTime
    /// When each order's client sent it, in nanoseconds since midnight.
    public private(set) var sentAt: [Int64] = []
    /// `hopStamps[order * hopCount + hop]`.
    private(set) var hopStamps: [UInt32] = []
    /// The hops stamped (the stack's routes decide them), and how many.
    public let hops: HopLayout
    public let hopCount: Int
    private(set) var ackAt: [Int64] = []
    private(set) var firstFillAt: [Int64] = []
    /// When the client first heard back at all: the acknowledgement, or the order's end
    /// (a rejection) if that came first.
    private(set) var answeredAt: [Int64] = []
    public private(set) var outcome: [OrderOutcome] = []
    public private(set) var rejectReason: [OrderReject?] = []
    /// Terminal reports the client saw beyond the first, per order.
    public private(set) var duplicateEnds: [UInt8] = []
    public private(set) var cancelsSent = 0
    public private(set) var cancelsRefused = 0
    public private(set) var busyRefusals = 0
    public private(set) var duplicateFillsDropped = 0
    public private(set) var querySentAt: [Int64] = []
    private(set) var queryAnsweredAt: [Int64] = []
    public private(set) var queryClass: [ClientClass] = []

    /// Per second of the day window: orders sent, acknowledgements, fills, rejections, and a
    /// log-bucketed histogram of acknowledgement latency.
    public private(set) var seriesSent: [Int32]
    public private(set) var seriesAcked: [Int32]
    public private(set) var seriesFilled: [Int32]
    public private(set) var seriesRejected: [Int32]
    public private(set) var seriesLatency: [UInt32]
    public static let latencyBuckets = 4 * 44

    public init(dayStart: SimTime, dayEnd: SimTime, expectedOrders: Int, hops: HopLayout = .standard) {
        self.dayStart = dayStart
        self.hops = hops
        self.hopCount = hops.names.count
        let seconds = Int((dayEnd - dayStart).nanos / 1_000_000_000) + 1
        seriesSent = Array(repeating: 0, count: seconds)
        seriesAcked = seriesSent
        seriesFilled = seriesSent
        seriesRejected = seriesSent
        seriesLatency = Array(repeating: 0, count: seconds * Recorder.latencyBuckets)
        sentAt.reserveCapacity(expectedOrders)
        hopStamps.reserveCapacity(expectedOrders * hopCount)
        ackAt.reserveCapacity(expectedOrders)
        firstFillAt.reserveCapacity(expectedOrders)
        answeredAt.reserveCapacity(expectedOrders)
        outcome.reserveCapacity(expectedOrders)
        rejectReason.reserveCapacity(expectedOrders)
        duplicateEnds.reserveCapacity(expectedOrders)
    }

    /// A recorder holding what this one holds, which goes on independently (a run branched
    /// from a snapshot); the two share storage until either records more.
    public func copy() -> Recorder {
        let r = Recorder(dayStart: dayStart, hops: hops, seriesSent: seriesSent, seriesLatency: seriesLatency)
        r.sentAt = sentAt; r.hopStamps = hopStamps; r.ackAt = ackAt; r.firstFillAt = firstFillAt; r.answeredAt = answeredAt
        r.outcome = outcome; r.rejectReason = rejectReason; r.duplicateEnds = duplicateEnds
        r.cancelsSent = cancelsSent; r.cancelsRefused = cancelsRefused; r.busyRefusals = busyRefusals
        r.duplicateFillsDropped = duplicateFillsDropped
        r.querySentAt = querySentAt; r.queryAnsweredAt = queryAnsweredAt; r.queryClass = queryClass
        r.seriesAcked = seriesAcked; r.seriesFilled = seriesFilled; r.seriesRejected = seriesRejected
        r.actions = actions; r.hopOfPoint = hopOfPoint
        return r
    }

    private init(dayStart: SimTime, hops: HopLayout, seriesSent: [Int32], seriesLatency: [UInt32]) {
        self.dayStart = dayStart
        self.hops = hops
        self.hopCount = hops.names.count
        self.seriesSent = seriesSent
        seriesAcked = []
        seriesFilled = []
        seriesRejected = []
        self.seriesLatency = seriesLatency
    }

    public var orderCount: Int { sentAt.count }

    // MARK: Reading an order's times (nanoseconds since midnight; nil: it never happened)

    /// When order `k`'s acknowledgement reached its client.
    public func ack(_ k: Int) -> Int64? { ackAt[k] == Recorder.noTime ? nil : ackAt[k] }
    /// Client send → acknowledgement, for an acknowledged order.
    public func ackLatency(_ k: Int) -> Int64? { ackAt[k] == Recorder.noTime ? nil : ackAt[k] - sentAt[k] }
    /// When order `k`'s first fill reached its client.
    public func firstFill(_ k: Int) -> Int64? { firstFillAt[k] == Recorder.noTime ? nil : firstFillAt[k] }
    /// When order `k`'s client first heard back at all (an acknowledgement or an end).
    public func answer(_ k: Int) -> Int64? { answeredAt[k] == Recorder.noTime ? nil : answeredAt[k] }
    /// When query `q`'s merged answer reached its client.
    public func queryAnswer(_ q: Int) -> Int64? { queryAnsweredAt[q] == Recorder.noTime ? nil : queryAnsweredAt[q] }
    /// Nanoseconds from order `k`'s send to its passing hop `h` (`hops.names`):
    /// `nil` if it never got there, `Int64.max` if it got there more than 4.29 s later.
    public func hop(_ h: Int, of k: Int) -> Int64? {
        let stamp = hopStamps[k * hopCount + h]
        return stamp == Recorder.hopMissing ? nil : stamp == Recorder.hopSaturated ? Int64.max : Int64(stamp)
    }
    public var seconds: Int { seriesSent.count }

    /// What the recorder does with each trace point, by point index (`Action.ignore` for the
    /// points it does not read). Set by `listen(to:pointCount:)`.
    private var actions: [Action] = []
    /// By point index: the hop a `.hop` point stamps.
    private var hopOfPoint: [Int] = []

    enum Action: UInt8 {
        case ignore, sent, hop, serviceIn, serviceOut, ack, fill, terminal
        case cancelSent, cancelRefused, querySent, queryAnswered, busy, duplicateFill
    }

    /// Makes `record` read the stack's trace points: the stack calls the recorder directly (a
    /// table lookup and a call, with no closure or reference counting per point), ahead of any
    /// listener subscribed to the hub.
    func listen(to points: StackTracePoints, pointCount: Int) {
        actions = Array(repeating: .ignore, count: pointCount)
        hopOfPoint = Array(repeating: -1, count: pointCount)
        actions[Int(points.orderSent.index)] = .sent
        let fixed = [(points.gatewayIn, hops.gatewayIn), (points.tierIn, hops.tierIn), (points.tierOut, hops.tierOut),
                     (points.offerIn, hops.offerIn), (points.exchangeIn, hops.exchangeIn)]
        for (point, hop) in fixed {
            actions[Int(point.index)] = .hop
            hopOfPoint[Int(point.index)] = hop
        }
        actions[Int(points.serviceIn.index)] = .serviceIn
        actions[Int(points.serviceOut.index)] = .serviceOut
        actions[Int(points.clientAck.index)] = .ack
        actions[Int(points.clientFill.index)] = .fill
        actions[Int(points.clientTerminal.index)] = .terminal
        actions[Int(points.cancelSent.index)] = .cancelSent
        actions[Int(points.cancelRefused.index)] = .cancelRefused
        actions[Int(points.querySent.index)] = .querySent
        actions[Int(points.queryAnswered.index)] = .queryAnswered
        actions[Int(points.tierBusy.index)] = .busy
        actions[Int(points.duplicateFill.index)] = .duplicateFill
    }

    /// Records what `point` says, if it is one the recorder reads.
    @inline(__always)
    func record(_ point: TracePoint, at t: SimTime, _ a: Int64, _ b: Int64) {
        let i = Int(point.index)
        guard i < actions.count else { return }
        switch actions[i] {
        case .ignore: return
        case .sent: sent(Int(a), at: t)
        case .hop: hop(hopOfPoint[i], order: Int(a), at: t)
        case .serviceIn: hop(hops.serviceIn[Int(b)], order: Int(a), at: t)
        case .serviceOut: hop(hops.serviceOut[Int(b)], order: Int(a), at: t)
        case .ack: acked(Int(a), at: t)
        case .fill: filled(Int(a), at: t)
        case .terminal: ended(Int(a), OrderEnd(field: b), at: t)
        case .cancelSent: cancelsSent += 1
        case .cancelRefused: cancelsRefused += 1
        case .querySent: querySent(Int(a), clientClass: ClientClass(rawValue: Int(b))!, at: t)
        case .queryAnswered: queryAnswered(Int(a), at: t)
        case .busy: busyRefusals += 1
        case .duplicateFill: duplicateFillsDropped += 1
        }
    }

    private func second(_ t: SimTime) -> Int {
        min(max(0, Int((t - dayStart).nanos / 1_000_000_000)), seriesSent.count - 1)
    }

    func sent(_ order: Int, at t: SimTime) {
        precondition(order == sentAt.count, "orders must be recorded in index order")
        sentAt.append(t.nanos)
        hopStamps.append(contentsOf: repeatElement(Recorder.hopMissing, count: hopCount))
        ackAt.append(Recorder.noTime)
        firstFillAt.append(Recorder.noTime)
        answeredAt.append(Recorder.noTime)
        outcome.append(.pending)
        rejectReason.append(nil)
        duplicateEnds.append(0)
        seriesSent[second(t)] += 1
    }

    func hop(_ h: Int, order: Int, at t: SimTime) {
        let i = order * hopCount + h
        guard hopStamps[i] == Recorder.hopMissing else { return } // a cancel or a repeat: keep the first
        let d = t.nanos - sentAt[order]
        hopStamps[i] = d >= Int64(Recorder.hopSaturated) ? Recorder.hopSaturated : UInt32(d)
    }

    func acked(_ order: Int, at t: SimTime) {
        guard ackAt[order] == Recorder.noTime else { return }
        ackAt[order] = t.nanos
        if answeredAt[order] == Recorder.noTime { answeredAt[order] = t.nanos }
        let s = second(t)
        seriesAcked[s] += 1
        seriesLatency[s * Recorder.latencyBuckets + Recorder.bucket(t.nanos - sentAt[order])] += 1
    }

    func filled(_ order: Int, at t: SimTime) {
        if firstFillAt[order] == Recorder.noTime { firstFillAt[order] = t.nanos }
        seriesFilled[second(t)] += 1
    }

    func ended(_ order: Int, _ end: OrderEnd, at t: SimTime) {
        if outcome[order] != .pending {
            duplicateEnds[order] &+= 1
            return
        }
        outcome[order] = end.outcome
        if answeredAt[order] == Recorder.noTime { answeredAt[order] = t.nanos }
        if end.outcome == .rejected {
            rejectReason[order] = end.reason
            seriesRejected[second(t)] += 1
        }
    }

    func querySent(_ id: Int, clientClass: ClientClass, at t: SimTime) {
        precondition(id == querySentAt.count, "queries must be recorded in id order")
        queryClass.append(clientClass)
        querySentAt.append(t.nanos)
        queryAnsweredAt.append(Recorder.noTime)
    }

    func queryAnswered(_ id: Int, at t: SimTime) {
        if queryAnsweredAt[id] == Recorder.noTime { queryAnsweredAt[id] = t.nanos }
    }

    /// Log-linear bucket of a latency: four buckets per power of two of nanoseconds.
    public static func bucket(_ nanos: Int64) -> Int {
        let v = UInt64(max(nanos, 1))
        let e = 63 - v.leadingZeroBitCount
        let sub = e >= 2 ? Int((v >> (e - 2)) & 3) : 0
        return min(e * 4 + sub, latencyBuckets - 1)
    }

    /// The upper edge of a bucket, in nanoseconds.
    public static func bucketUpperNanos(_ b: Int) -> Int64 {
        let e = b / 4, sub = b % 4
        if e < 2 { return Int64(1) << (e + 1) }
        return (Int64(4 + sub + 1)) << (e - 2)
    }
}
