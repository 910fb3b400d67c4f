import Exchange

/// Why an order (or a cancel) was refused, by the broker's own systems or by the exchange.
///
/// Packed in one byte so that a report stays small on the wire: broker reasons first,
/// then the exchange's `RejectReason`s offset by `exchangeBase`.
public struct OrderReject: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let raw: UInt8

    /// The tier's queue was full: the instruction was refused, never dropped.
    public static let busy = OrderReject(raw: 0)
    /// Not enough free cash for a buy or a subscription.
    public static let insufficientFunds = OrderReject(raw: 1)
    /// Not enough free shares for a sell.
    public static let insufficientPosition = OrderReject(raw: 2)
    /// The broker's system on the order's path could not take it: an offer gateway without an
    /// exchange logon, a failed application. Counts against availability, like `busy`.
    public static let unavailable = OrderReject(raw: 3)
    /// A system on the path could not parse the request (a fault garbled it).
    public static let malformed = OrderReject(raw: 4)
    /// The exchange refused an instruction stamped by an offer gateway whose clock is off.
    public static let clockSkew = OrderReject(raw: 5)
    static let brokerCodes = ["busy", "insufficient_funds", "insufficient_position", "unavailable", "malformed", "clock_skew"]

    /// Whether the refusal is the broker's system failing the client (not the client's own
    /// account or order, nor the exchange's rules).
    public var isSystemFailure: Bool { self == .busy || self == .unavailable || self == .malformed || self == .clockSkew }
    static let exchangeBase: UInt8 = 16

    init(raw: UInt8) { self.raw = raw }
    public init(exchange reason: RejectReason) { raw = OrderReject.exchangeBase + reason.rawValue }

    /// The exchange's reason, when the exchange refused it.
    public var exchangeReason: RejectReason? {
        raw >= OrderReject.exchangeBase ? RejectReason(rawValue: raw - OrderReject.exchangeBase) : nil
    }

    /// Snake-case code for reports: `busy`, `insufficient_funds`, or the exchange's code.
    public var code: String {
        if let reason = exchangeReason { return reason.code }
        return OrderReject.brokerCodes[Int(raw)]
    }

    public var description: String { code }
    public static func < (a: OrderReject, b: OrderReject) -> Bool { a.raw < b.raw }

    /// Every reason, in code order.
    public static var all: [OrderReject] {
        (0..<UInt8(brokerCodes.count)).map { OrderReject(raw: $0) } + RejectReason.allCases.map { OrderReject(exchange: $0) }
    }
}
