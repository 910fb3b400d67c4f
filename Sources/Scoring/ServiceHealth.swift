import Chaos
import Kernel
import Stack

/// Whether clients were served, second by second over the whole simulated day, from every
/// interaction they had: an order fails when it gets no answer within its SLA target or is
/// refused by a failing system; a query fails when it gets no answer within the query target.
/// Seconds are judged in runs holding at least `minInteractions`; a second in which clients
/// sent nothing carries no evidence (`.quiet`).
public struct ServiceHealth: Sendable {
    public enum State: UInt8, Sendable { case quiet, up, down }
    public let dayStart: SimTime
    public let states: [State]
    /// Per second: interactions sent and failed.
    public let sent: [Int32]
    public let failed: [Int32]

    public static let minInteractionsDefault = 50

    public init(_ run: StackRunResult, failureRatio: Double = 0.05, minInteractions: Int = ServiceHealth.minInteractionsDefault) {
        let r = run.recorder
        let seconds = r.seconds
        dayStart = r.dayStart
        var sent = [Int32](repeating: 0, count: seconds)
        var failed = [Int32](repeating: 0, count: seconds)
        func second(_ t: Int64) -> Int? {
            let s = Int((t - r.dayStart.nanos) / 1_000_000_000)
            return s >= 0 && s < seconds ? s : nil
        }
        for k in 0..<r.orderCount {
            guard let s = second(r.sentAt[k]) else { continue }
            sent[s] += 1
            if ServiceHealth.orderFailed(run, k) { failed[s] += 1 }
        }
        let queryTarget = run.config.sla.query.nanos
        for q in 0..<r.querySentAt.count {
            guard let s = second(r.querySentAt[q]) else { continue }
            sent[s] += 1
            if r.queryAnswer(q).map({ $0 - r.querySentAt[q] > queryTarget }) ?? true { failed[s] += 1 }
        }
        var states = [State](repeating: .quiet, count: seconds)
        var bucket: [Int] = []
        var bucketSent: Int32 = 0, bucketFailed: Int32 = 0
        func judge() {
            guard bucketSent > 0 else { return }
            let state: State = Double(bucketFailed) / Double(bucketSent) >= failureRatio ? .down : .up
            for s in bucket where sent[s] > 0 { states[s] = state }
            bucket.removeAll(keepingCapacity: true)
            bucketSent = 0
            bucketFailed = 0
        }
        for s in 0..<seconds where sent[s] > 0 {
            bucket.append(s)
            bucketSent += sent[s]
            bucketFailed += failed[s]
            if bucketSent >= Int32(minInteractions) { judge() }
        }
        judge()
        self.states = states
        self.sent = sent
        self.failed = failed
    }

    /// Whether order `k` failed its client: no answer within its SLA target, or refused by a failing system.
    static func orderFailed(_ run: StackRunResult, _ k: Int) -> Bool {
        let r = run.recorder
        let h = run.orders[OrderIndex(k)]
        let target = run.tierKind(ofNode: h.tier).map { run.config.sla.target(h.clientClass, h.business, on: $0).nanos }
            ?? run.config.sla[h.clientClass, h.business.group].nanos
        return r.answer(k).map { $0 - r.sentAt[k] > target } ?? true || r.rejectReason[k]?.isSystemFailure == true
    }

    public func time(ofSecond s: Int) -> SimTime { dayStart + .seconds(Int64(s)) }
    public func second(of t: SimTime) -> Int { Int((t - dayStart).nanos / 1_000_000_000) }

    /// The outage a fault starting at `start` caused: the first down second from `start` (less a
    /// second) to `latestStart`, and every down second after it with no more than `gap` of
    /// evidence of health between them. `nil` when no second was down in that span.
    public func outage(from start: SimTime, latestStart: SimTime, gap: SimDuration = .seconds(60)) -> (start: SimTime, end: SimTime?)? {
        let first = max(0, second(of: start) - 1)
        let lastStart = min(states.count - 1, second(of: latestStart))
        guard first <= lastStart, let s0 = (first...lastStart).first(where: { states[$0] == .down }) else { return nil }
        var last = s0
        var s = s0 + 1
        let gapSeconds = Int(gap.nanos / 1_000_000_000)
        while s < states.count {
            if states[s] == .down { last = s }
            else if states[s] == .up && s - last > gapSeconds { break }
            s += 1
        }
        // Down to the last second with any evidence: not recovered within the run.
        let lastEvidence = states.lastIndex { $0 != .quiet } ?? last
        return (time(ofSecond: s0), last < lastEvidence ? time(ofSecond: last + 1) : nil)
    }
}
