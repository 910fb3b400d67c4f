import Exchange
import Kernel
import Stack

/// A characteristic stretch of the trading day at which exploration starts faults: before the
/// open, the opening call, the continuous peak, the closing call, clearing. A fault starts at
/// the window's start or up to its end, in sixteen steps.
public struct Moment: Equatable, Sendable {
    public var name: String
    public var from: SimTime
    public var to: SimTime

    public static let steps = 16

    /// The start of step `k` (0 = the window's start).
    public func start(step k: Int) -> SimTime {
        let span = max(0, to.nanos - from.nanos)
        // Whole seconds, so scenario files read plainly.
        let offset = span / Int64(Moment.steps) * Int64(k)
        return SimTime(nanos: from.nanos + offset / 1_000_000_000 * 1_000_000_000)
    }

    /// The day's moments, in the order contingency visits them (the busiest first). A moment
    /// whose window falls outside the simulated day is left out.
    public static func all(for config: StackConfig) -> [Moment] {
        let schedule = config.schedule
        func at(_ phase: SessionPhase) -> SimTime? { schedule.start(of: phase).map { SimTime(nanos: $0) } }
        var out: [Moment] = []
        func add(_ name: String, _ from: SimTime?, _ to: SimTime?) {
            guard let from, let to else { return }
            // A fault must be able to start, last a second and end before the settle margin.
            let a = max(from, config.dayStart), b = min(to, config.dayEnd - FaultMenu.settle - .seconds(1))
            if a < b { out.append(Moment(name: name, from: a, to: b)) }
        }
        let continuous = at(.morningContinuous)
        let lunch = at(.lunchBreak)
        if let continuous {
            let end = lunch ?? SimTime(nanos: continuous.nanos + SimDuration.minutes(30).nanos)
            add("continuous peak", continuous, min(end, SimTime(nanos: continuous.nanos + SimDuration.minutes(30).nanos)))
        }
        add("opening call", at(.openingCall), continuous)
        add("closing call", at(.closingCall), at(.closed))
        add("pre-open", config.dayStart, at(.openingCall))
        // Around clearing, and over a minute before the day's end (faults end before it; see FaultMenu.settle).
        add("clearing", SimTime(nanos: config.clearingAt.nanos - SimDuration.minutes(2).nanos),
            SimTime(nanos: min(config.clearingAt.nanos + SimDuration.minutes(1).nanos, config.dayEnd.nanos - SimDuration.minutes(3).nanos)))
        return out
    }

    /// The name as a command-line word: `continuous-peak`.
    public var word: String { String(name.map { $0 == " " ? "-" : $0 }) }
}
