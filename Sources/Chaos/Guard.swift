import Kernel
import Stack

/// A guard on a run (SPEC §5): a timeout stop, or a threshold stop on a steady-state metric
/// that bounds the blast radius. A guard fires once; the result says which fired and when.
public struct Guard: Equatable, Sendable {
    /// What a threshold guard watches, over the trailing `window` (orders sent in it, judged
    /// `settle` later so that their answers had time to come back).
    public enum Metric: String, CaseIterable, Sendable {
        /// Share of the orders sent that had no acknowledgement or refusal yet.
        case unansweredRatio = "unanswered_ratio"
        /// Share of the orders sent that were refused (any reason).
        case rejectRatio = "reject_ratio"
        /// The acknowledgement latency's p99, in milliseconds.
        case ackP99Millis = "ack_p99_ms"
    }

    public enum Trigger: Equatable, Sendable {
        /// At a clock time.
        case at(SimTime)
        /// This long after the first fault starts.
        case afterFirstFault(SimDuration)
        /// When `metric` over the trailing `window` is above `threshold`.
        case threshold(Metric, above: Double, window: SimDuration)
    }

    public var name: String
    public var trigger: Trigger
    public var action: GuardFiring.Action

    public init(name: String, trigger: Trigger, action: GuardFiring.Action) {
        self.name = name; self.trigger = trigger; self.action = action
    }

    /// How long after being sent an order is judged unanswered.
    public static let settle = SimDuration.seconds(1)
}

/// Checks a run's guards every simulated second against what the recorder holds; the first
/// to fire stops looking (a run is rolled back or stopped once).
public final class GuardWatch {
    let guards: [Guard]
    let firstFault: SimTime?
    var fired = false
    /// The first order not yet older than the windows' ends (orders are recorded in send order).
    var cursor = 0

    public init(guards: [Guard], firstFaultStart: SimTime?) {
        self.guards = guards
        self.firstFault = firstFaultStart
    }

    public func check(_ recorder: Recorder, at now: SimTime) -> GuardFiring? {
        guard !fired else { return nil }
        for g in guards {
            var detail: String?
            switch g.trigger {
            case let .at(t):
                if now >= t { detail = "timeout at \(t.clockMillis)" }
            case let .afterFirstFault(d):
                if let first = firstFault, now >= first + d { detail = "timeout \(d) after the first fault" }
            case let .threshold(metric, above, window):
                if let value = GuardWatch.measure(metric, recorder, from: now - Guard.settle - window, to: now - Guard.settle, at: now),
                   value > above {
                    detail = "\(metric.rawValue) \(JSONFormat.number(value)) > \(JSONFormat.number(above)) over \(window)"
                }
            }
            if let detail {
                fired = true
                return GuardFiring(guardName: g.name, at: now, action: g.action, detail: detail)
            }
        }
        return nil
    }

    /// `metric` over the orders sent in `[from, to)`, as known at `now`; `nil` without orders.
    static func measure(_ metric: Guard.Metric, _ r: Recorder, from: SimTime, to: SimTime, at now: SimTime) -> Double? {
        // Orders are recorded in send order: find the window by binary search.
        func firstIndex(sentAtLeast t: Int64) -> Int {
            var lo = 0, hi = r.orderCount
            while lo < hi { let mid = (lo + hi) / 2; if r.sentAt[mid] < t { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        let a = firstIndex(sentAtLeast: from.nanos), b = firstIndex(sentAtLeast: to.nanos)
        guard b > a else { return nil }
        let n = Double(b - a)
        switch metric {
        case .unansweredRatio:
            var open = 0
            for k in a..<b where r.answer(k).map({ $0 > now.nanos }) ?? true { open += 1 }
            return Double(open) / n
        case .rejectRatio:
            var refused = 0
            for k in a..<b where r.rejectReason[k] != nil { refused += 1 }
            return Double(refused) / n
        case .ackP99Millis:
            var acks: [Int64] = []
            for k in a..<b { if let ack = r.ack(k), ack <= now.nanos { acks.append(ack - r.sentAt[k]) } }
            guard !acks.isEmpty else { return nil }
            acks.sort()
            return Double(Percentile.nearestRank(acks, 99)) / 1e6
        }
    }
}

/// Plain number text for guard details.
enum JSONFormat {
    static func number(_ x: Double) -> String {
        let r = (x * 1_000).rounded() / 1_000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
