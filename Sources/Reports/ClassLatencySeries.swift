import Kernel
import Scoring
import Stack

/// The run cut into buckets of simulated time (a minute by default), for the report's charts:
/// per client class, the exact p50 and p99 acknowledgement latency of the orders *sent* in each
/// bucket; per bucket, orders sent and acknowledged (throughput); and how many of the orders
/// sent were served.
///
/// Percentiles are nearest-rank (`Percentile.nearestRank`) on every latency of the bucket, not
/// read from the recorder's log-bucketed histogram, so a chart point equals what a checker
/// sorting the orders would find. Building costs O(n log n) in the orders and O(classes ×
/// buckets) memory; nothing depends on hashing, so the result is the same on every machine.
public struct ClassLatencySeries: Equatable, Sendable {
    /// The first bucket starts here; bucket `b` covers `[start + b·bucketNanos, start + (b+1)·bucketNanos)`.
    public let start: SimTime
    public let bucketNanos: Int64
    public let bucketCount: Int
    /// `p50Nanos[clientClass.rawValue][bucket]`: client send → acknowledgement at the client,
    /// over the class's orders sent in the bucket that were acknowledged; `nil` where there were none.
    public let p50Nanos: [[Int64?]]
    public let p99Nanos: [[Int64?]]
    /// Per class and bucket: how many acknowledged orders the percentiles cover.
    public let ackedSampleCount: [[Int]]
    /// Per bucket, every class: orders sent in it, and acknowledgements that reached clients in it.
    public let ordersSent: [Int]
    public let ordersAcked: [Int]
    /// Per bucket: orders sent in it that were answered at all (acknowledged, or ended) and not
    /// refused for a failure of the broker's systems (`OrderReject.isSystemFailure`).
    public let ordersServed: [Int]
    /// Per bucket, as the scorecard judges outages (`ServiceHealth`): interactions (orders and
    /// queries) sent, and those that failed — no answer within their SLA target, or refused by
    /// a failing system. Empty when the series was built from bare order arrays.
    public let interactionsSent: [Int]
    public let interactionsFailed: [Int]

    /// Whether a series has anything to draw for a class.
    public func hasLatency(_ clientClass: ClientClass) -> Bool { ackedSampleCount[clientClass.rawValue].contains { $0 > 0 } }

    /// The start of bucket `b`.
    public func time(ofBucket b: Int) -> SimTime { start + .nanoseconds(Int64(b) * bucketNanos) }

    /// Share of the orders sent in bucket `b` that were served; `nil` when none was sent.
    public func orderAvailability(_ b: Int) -> Double? {
        ordersSent[b] == 0 ? nil : Double(ordersServed[b]) / Double(ordersSent[b])
    }

    /// Share of the interactions sent in bucket `b` served within their SLA target; `nil` when
    /// none was sent or the series has no `ServiceHealth` behind it.
    public func interactionAvailability(_ b: Int) -> Double? {
        guard b < interactionsSent.count, interactionsSent[b] > 0 else { return nil }
        return 1 - Double(interactionsFailed[b]) / Double(interactionsSent[b])
    }

    /// The series of a run's day window, `bucket` wide (a positive whole number of seconds).
    public init(_ run: StackRunResult, bucket: SimDuration = .minutes(1)) {
        let r = run.recorder
        let classes = (0..<r.orderCount).map { run.orders[OrderIndex($0)].clientClass }
        self.init(start: run.config.dayStart, end: run.config.dayEnd, bucketNanos: bucket.nanos, classes: classes,
                  sentAt: r.sentAt, ackAt: (0..<r.orderCount).map(r.ack), answeredAt: (0..<r.orderCount).map(r.answer),
                  rejectReason: r.rejectReason,
                  health: ServiceHealth(run))
    }

    /// The series of orders given as the recorder keeps them: parallel arrays indexed by order,
    /// times in nanoseconds since midnight, `nil` where the event never came. Orders sent
    /// outside `[start, end)` are left out; an acknowledgement counts towards throughput in the
    /// bucket it arrived in, when that is inside the window. `health`, when given, must cover
    /// the same window from `start`; `bucketNanos` must then be a whole number of seconds.
    public init(start: SimTime, end: SimTime, bucketNanos: Int64, classes: [ClientClass], sentAt: [Int64], ackAt: [Int64?],
                answeredAt: [Int64?], rejectReason: [OrderReject?], health: ServiceHealth? = nil) {
        precondition(bucketNanos > 0 && end > start, "a series needs a positive bucket and a non-empty window")
        let n = sentAt.count
        precondition(classes.count == n && ackAt.count == n && answeredAt.count == n && rejectReason.count == n,
                     "order arrays must be parallel")
        let buckets = Int(((end - start).nanos + bucketNanos - 1) / bucketNanos)
        func bucket(_ t: Int64?) -> Int? {
            guard let t, t >= start.nanos, t < end.nanos else { return nil }
            return Int((t - start.nanos) / bucketNanos)
        }
        let classCount = ClientClass.allCases.count
        var latencies = [[Int64]](repeating: [], count: classCount * buckets)
        var sent = [Int](repeating: 0, count: buckets)
        var acked = sent, served = sent
        for k in 0..<n {
            if let b = bucket(ackAt[k]) { acked[b] += 1 }
            guard let b = bucket(sentAt[k]) else { continue }
            sent[b] += 1
            if answeredAt[k] != nil && rejectReason[k]?.isSystemFailure != true { served[b] += 1 }
            if let ack = ackAt[k] { latencies[classes[k].rawValue * buckets + b].append(ack - sentAt[k]) }
        }
        var p50 = [[Int64?]](repeating: [Int64?](repeating: nil, count: buckets), count: classCount)
        var p99 = p50
        var samples = [[Int]](repeating: [Int](repeating: 0, count: buckets), count: classCount)
        for c in 0..<classCount {
            for b in 0..<buckets {
                let sorted = latencies[c * buckets + b].sorted()
                guard !sorted.isEmpty else { continue }
                p50[c][b] = Percentile.nearestRank(sorted, 50)
                p99[c][b] = Percentile.nearestRank(sorted, 99)
                samples[c][b] = sorted.count
            }
        }
        var interactionsSent: [Int] = [], interactionsFailed: [Int] = []
        if let health {
            precondition(bucketNanos % 1_000_000_000 == 0 && health.dayStart == start, "health is per second from the window's start")
            let perBucket = Int(bucketNanos / 1_000_000_000)
            interactionsSent = [Int](repeating: 0, count: buckets)
            interactionsFailed = interactionsSent
            for s in 0..<min(health.sent.count, buckets * perBucket) {
                interactionsSent[s / perBucket] += Int(health.sent[s])
                interactionsFailed[s / perBucket] += Int(health.failed[s])
            }
        }
        self.start = start
        self.bucketNanos = bucketNanos
        bucketCount = buckets
        p50Nanos = p50
        p99Nanos = p99
        ackedSampleCount = samples
        ordersSent = sent
        ordersAcked = acked
        ordersServed = served
        self.interactionsSent = interactionsSent
        self.interactionsFailed = interactionsFailed
    }
}
