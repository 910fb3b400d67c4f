/// Why the exchange refused an instruction. Every refusal is one of these; nothing is
/// dropped without a reason.
///
/// Checks run in the order the cases are declared, so an instruction that breaks several
/// rules is rejected for the first.
public enum RejectReason: UInt8, Sendable, Hashable, CaseIterable {
    /// The instruction's time is earlier than one the engine has already processed.
    case timeWentBackwards = 0
    /// Before 09:15, during the lunch break, or from 15:00.
    case sessionClosed
    /// The symbol is not listed on this engine.
    case unknownSymbol
    /// This exchange does not offer the order type.
    case typeNotOffered
    /// A market order outside continuous trading.
    case marketOrderOutsideContinuous
    /// Quantity zero or negative.
    case nonPositiveQuantity
    /// Quantity above the symbol's per-order maximum.
    case quantityAboveMaximum
    /// A buy quantity that is not a whole number of lots.
    case badLot
    /// A limit price that is zero, negative or not a multiple of the symbol's tick.
    case offTick
    /// A limit price outside the day's price band.
    case outsideBand
    /// The order id was already used by an accepted order today.
    case duplicateOrderID
    /// A cancel in a window where cancels are refused (09:20–09:25 and 14:57–15:00).
    case cancelNotAllowed
    /// A cancel naming an order id the exchange never accepted (or of another symbol).
    case unknownOrder
    /// A cancel naming an order that has already filled, been cancelled or expired.
    case orderFinished

    /// The snake-case code written to reject files.
    public var code: String {
        switch self {
        case .timeWentBackwards: "time_went_backwards"
        case .sessionClosed: "session_closed"
        case .unknownSymbol: "unknown_symbol"
        case .duplicateOrderID: "duplicate_order_id"
        case .typeNotOffered: "type_not_offered"
        case .marketOrderOutsideContinuous: "market_order_outside_continuous"
        case .nonPositiveQuantity: "non_positive_quantity"
        case .quantityAboveMaximum: "quantity_above_maximum"
        case .badLot: "bad_lot"
        case .offTick: "off_tick"
        case .outsideBand: "outside_band"
        case .cancelNotAllowed: "cancel_not_allowed"
        case .unknownOrder: "unknown_order"
        case .orderFinished: "order_finished"
        }
    }
}
