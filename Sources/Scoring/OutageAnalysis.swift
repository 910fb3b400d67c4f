import Chaos
import Exchange
import Kernel
import Stack

/// When each policy system was down, measured from what clients saw: in each second of
/// trading time, the share of the system's orders sent in that second that failed — no answer
/// (acknowledgement or rejection) within their SLA target, or refused by a failing system
/// (`busy`, `unavailable`). A rejection
/// for the client's own reasons (funds, price band) is a timely answer, not an outage.
/// Consecutive trading seconds are judged together until they hold the policy's `minOrders`
/// orders, so the resolution is one second where traffic is heavy and coarser where it is thin;
/// seconds without orders keep the state before them.
public struct OutageReport: Equatable, Sendable {
    public struct Window: Equatable, Sendable {
        public var start: SimTime
        public var end: SimTime
        /// Fully down for the whole window (otherwise partly, at some point).
        public var full: Bool
    }

    public var system: String
    /// Maximal runs of down seconds; consecutive full and partial seconds are separate windows.
    public var windows: [Window]
    /// Cumulative trading time fully down, and fully or partly down.
    public var fullNanos: Int64
    public var anyNanos: Int64

    public var outage: SystemOutage { SystemOutage(system: system, fullNanos: fullNanos, anyNanos: anyNanos) }
}

public enum OutageAnalysis {
    /// One report per policy system, in the policy's order.
    public static func outages(_ run: StackRunResult, policy: IncidentPolicy) -> [OutageReport] {
        let r = run.recorder
        let seconds = r.seconds
        let dayStart = r.dayStart.nanos
        let schedule = run.config.schedule
        // Which seconds are trading time (auctions and continuous trading).
        let trading: [Bool] = (0..<seconds).map { s in
            let phase = schedule.phase(at: dayStart + Int64(s) * 1_000_000_000)
            return phase.acceptsInstructions
        }
        var reports: [OutageReport] = []
        // A system no order belongs to (one outside the simulated stack) is never down: no report.
        for system in policy.systems where !system.classes.isEmpty && !system.businesses.isEmpty {
            var sent = [Int32](repeating: 0, count: seconds)
            var failed = [Int32](repeating: 0, count: seconds)
            for k in 0..<r.orderCount {
                let h = run.orders[OrderIndex(k)]
                guard system.covers(h.clientClass, h.business) else { continue }
                let s = Int((r.sentAt[k] - dayStart) / 1_000_000_000)
                guard s >= 0 && s < seconds else { continue }
                sent[s] += 1
                let kind = run.tierKind(ofNode: h.tier)
                let target = kind.map { run.config.sla.target(h.clientClass, h.business, on: $0).nanos } ?? run.config.sla[h.clientClass, h.business.group].nanos
                let answer = r.answer(k)
                if answer.map({ $0 - r.sentAt[k] > target }) ?? true || r.rejectReason[k]?.isSystemFailure == true { failed[s] += 1 }
            }
            // Judge runs of trading seconds holding at least `minOrders` orders, so that one
            // unlucky order in a quiet second does not make a whole system "down".
            var states = [UInt8](repeating: 0, count: seconds)
            var bucket: [Int] = []
            var bucketSent: Int32 = 0, bucketFailed: Int32 = 0
            var state: UInt8 = 0 // 0 up, 1 partly, 2 fully down
            func judge() {
                if bucketSent > 0 {
                    let ratio = Double(bucketFailed) / Double(bucketSent)
                    state = ratio >= policy.fullFailureRatio ? 2 : ratio >= policy.partialFailureRatio ? 1 : 0
                }
                for s in bucket { states[s] = state }
                bucket.removeAll(keepingCapacity: true)
                bucketSent = 0
                bucketFailed = 0
            }
            for s in 0..<seconds where trading[s] {
                bucket.append(s)
                bucketSent += sent[s]
                bucketFailed += failed[s]
                if bucketSent >= Int32(policy.minOrders) { judge() }
            }
            judge()
            var report = OutageReport(system: system.name, windows: [], fullNanos: 0, anyNanos: 0)
            for s in 0..<seconds where states[s] > 0 {
                let full = states[s] == 2
                let start = SimTime(nanos: dayStart + Int64(s) * 1_000_000_000)
                let end = start + .seconds(1)
                report.anyNanos += 1_000_000_000
                if full { report.fullNanos += 1_000_000_000 }
                if var last = report.windows.last, last.end == start, last.full == full {
                    last.end = end
                    report.windows[report.windows.count - 1] = last
                } else {
                    report.windows.append(.init(start: start, end: end, full: full))
                }
            }
            reports.append(report)
        }
        return reports
    }

    /// The grade of every system that was down, at a broker with `activeClients` clients.
    public static func incidents(_ outages: [OutageReport], policy: IncidentPolicy, activeClients: Int) -> [IncidentVerdict] {
        outages.filter { $0.anyNanos > 0 }.map { policy.grade($0.outage, activeClients: activeClients) }
    }
}
