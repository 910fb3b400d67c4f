/// What the stack's trace points say beyond their order or host (`b` of a trace record), as
/// values: each type is the one place that writes and reads its record's field, so a listener
/// reads an `OrderEnd` or a `HostChange`, never a bit layout.

/// How an order ended for its client (`StackTracePoints.clientTerminal`).
public struct OrderEnd: Equatable, Sendable {
    public var outcome: OrderOutcome
    /// Why it was refused, for a rejection.
    public var reason: OrderReject?

    public init(_ outcome: OrderOutcome, reason: OrderReject? = nil) { self.outcome = outcome; self.reason = reason }

    /// The trace record's field.
    public var field: Int64 { Int64(outcome.rawValue) | Int64(reason?.raw ?? 0) << 8 }

    public init(field: Int64) {
        outcome = OrderOutcome(rawValue: UInt8(field & 0xff))!
        reason = outcome == .rejected ? OrderReject(raw: UInt8((field >> 8) & 0xff)) : nil
    }
}

/// What happened to a host (`StackTracePoints.hostChanged`).
public enum HostChange: Int64, Sendable, CaseIterable {
    case crashed = 0, hung = 1, restarted = 2, paused = 3

    /// The change that puts a host in `state`, when it stops.
    init(stopping state: HostState) {
        switch state {
        case .crashed: self = .crashed
        case .hung: self = .hung
        case .paused: self = .paused
        case .up: self = .restarted
        }
    }
}

/// The exchange's answer to an offer gateway's logon (`StackTracePoints.offerLoggedOn`).
public enum LogonAnswer: Int64, Sendable {
    case refused = 0, accepted = 1
}
