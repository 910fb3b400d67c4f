/// The parts of a trading day, in order.
public enum SessionPhase: Int, Sendable, Hashable, CaseIterable {
    /// Before 09:15: nothing accepted.
    case preOpen = 0
    /// 09:15–09:20: opening call, orders and cancels collected.
    case openingCall
    /// 09:20–09:25: opening call, cancels refused.
    case openingCallNoCancel
    /// 09:25–09:30: after the opening uncross; orders and cancels held until 09:30.
    case preContinuousHold
    /// 09:30–11:30.
    case morningContinuous
    /// 11:30–13:00: nothing accepted.
    case lunchBreak
    /// 13:00–14:57.
    case afternoonContinuous
    /// 14:57–15:00: closing call, cancels refused.
    case closingCall
    /// From 15:00: nothing accepted.
    case closed

    public var isContinuous: Bool { self == .morningContinuous || self == .afternoonContinuous }
    public var isCall: Bool { self == .openingCall || self == .openingCallNoCancel || self == .closingCall }
    public var acceptsInstructions: Bool { self != .preOpen && self != .lunchBreak && self != .closed }
    public var refusesCancels: Bool { self == .openingCallNoCancel || self == .closingCall }
}

/// When each phase starts. An instruction stamped exactly at a boundary belongs to the
/// phase that starts there, so the boundary's action (an uncross, releasing held
/// instructions) happens before it.
public struct TradingSchedule: Sendable, Hashable {
    /// Start of each phase after `preOpen`, nanoseconds since midnight, strictly increasing.
    public let boundariesNanos: [Int64]

    /// SSE and SZSE main boards: 09:15, 09:20, 09:25, 09:30, 11:30, 13:00, 14:57, 15:00.
    public static let mainBoard = TradingSchedule(uncheckedBoundaries: [
        clock(9, 15), clock(9, 20), clock(9, 25), clock(9, 30),
        clock(11, 30), clock(13, 0), clock(14, 57), clock(15, 0),
    ])

    /// Nanoseconds since midnight of `hours:minutes:seconds`.
    public static func clock(_ hours: Int64, _ minutes: Int64, _ seconds: Int64 = 0) -> Int64 {
        ((hours * 60 + minutes) * 60 + seconds) * 1_000_000_000
    }

    private init(uncheckedBoundaries: [Int64]) { boundariesNanos = uncheckedBoundaries }

    /// A schedule with other times (tests, compressed days). Nil unless there are exactly
    /// eight strictly increasing boundaries.
    public init?(boundariesNanos: [Int64]) {
        guard boundariesNanos.count == SessionPhase.allCases.count - 1,
              zip(boundariesNanos, boundariesNanos.dropFirst()).allSatisfy({ $0 < $1 })
        else { return nil }
        self.boundariesNanos = boundariesNanos
    }

    /// The phase in force at `timeNanos`.
    public func phase(at timeNanos: Int64) -> SessionPhase {
        var index = 0
        while index < boundariesNanos.count, boundariesNanos[index] <= timeNanos { index += 1 }
        return SessionPhase(rawValue: index)!
    }

    /// When `phase` starts (nil for `preOpen`, which has no start).
    public func start(of phase: SessionPhase) -> Int64? {
        phase == .preOpen ? nil : boundariesNanos[phase.rawValue - 1]
    }
}
