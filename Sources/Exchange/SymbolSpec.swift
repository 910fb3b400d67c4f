/// How far a symbol's price may move from its previous close during the day.
public enum PriceLimit: Sendable, Hashable {
    /// ± this many basis points of the previous close (1000 = ±10 %, the main-board default;
    /// 2000 = ±20 %, STAR and ChiNext).
    case basisPoints(Int64)
    /// No band (e.g. a listing's first days).
    case none

    public static let mainBoard = PriceLimit.basisPoints(1_000)
    public static let growthBoard = PriceLimit.basisPoints(2_000)
}

/// A listed instrument's static data. Prices are integer fen (CNY 0.01).
public struct SymbolSpec: Sendable, Hashable {
    public var code: String
    public var previousCloseFen: Int64
    /// Minimum price increment, in fen (1 = CNY 0.01).
    public var tickFen: Int64
    /// Buy quantities are whole multiples of this many shares.
    public var lotShares: Int64
    public var limit: PriceLimit
    /// Largest quantity one order may carry (both exchanges: 1,000,000 shares).
    public var maxOrderShares: Int64

    /// Largest previous close accepted, in fen (CNY 10,000,000): keeps every price product
    /// far inside Int64.
    public static let previousCloseFenMax: Int64 = 1_000_000_000

    public init(code: String, previousCloseFen: Int64 = 1_000, tickFen: Int64 = 1, lotShares: Int64 = 100,
                limit: PriceLimit = .mainBoard, maxOrderShares: Int64 = 1_000_000) {
        self.code = code
        self.previousCloseFen = previousCloseFen
        self.tickFen = tickFen
        self.lotShares = lotShares
        self.limit = limit
        self.maxOrderShares = maxOrderShares
    }

    /// Why this spec cannot be listed, or nil when it can.
    public var problem: String? {
        if code.isEmpty { return "symbol code is empty" }
        if tickFen <= 0 || tickFen > 100_000 { return "tick must be between 0.01 and 1000.00 yuan" }
        if previousCloseFen <= 0 || previousCloseFen > Self.previousCloseFenMax {
            return "previous close must be above zero and at most 10000000.00 yuan"
        }
        if previousCloseFen % tickFen != 0 { return "previous close is not a multiple of the tick" }
        if lotShares <= 0 || lotShares > 1_000_000 { return "lot must be between 1 and 1000000 shares" }
        if maxOrderShares < lotShares || maxOrderShares > 1_000_000_000 {
            return "maximum order size must be at least one lot and at most 1000000000 shares"
        }
        if case .basisPoints(let bp) = limit, bp <= 0 || bp > 10_000 {
            return "price limit must be above 0 % and at most 100 %"
        }
        return nil
    }

    /// The day's price band, inclusive: previous close × (1 ± limit), each end rounded half-up
    /// to the tick; the lower end is at least one tick. Nil when the symbol has no band.
    public var bandFen: ClosedRange<Int64>? {
        guard case .basisPoints(let bp) = limit else { return nil }
        func rounded(_ factor: Int64) -> Int64 {
            let numerator = previousCloseFen * factor
            let denominator = 10_000 * tickFen
            return (2 * numerator + denominator) / (2 * denominator) * tickFen
        }
        let lower = max(tickFen, rounded(10_000 - bp))
        return lower...rounded(10_000 + bp)
    }
}
