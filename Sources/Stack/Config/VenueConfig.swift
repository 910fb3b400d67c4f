import Kernel

/// One exchange: where it sits, what it lists, and the rest of the market trading beside the broker.
public struct VenueConfig: Equatable, Sendable {
    public var market: Market
    /// The site whose data centre is next to the exchange's.
    public var site: String
    /// Symbols listed; codes are generated (SSE 600000…, SZSE 000001…).
    public var symbols: Int
    /// Previous close in yuan, drawn per symbol.
    public var previousCloseYuan: Distribution
    /// Time the matching core takes per instruction.
    public var matchingLatency: SimDuration
    /// Interval between market-data snapshots (last price, best bid and ask) to the clients.
    public var marketDataInterval: SimDuration
    /// Other members' orders per second across all symbols, in trading sessions.
    public var otherMembersOrdersPerSecond: Double
    /// Price levels per side the other members rest at the open, and shares per level.
    public var openingDepthLevels: Int
    public var openingDepthShares: Int64
    /// What an offer gateway must run to log on (`nil`: anything): the exchange link's version
    /// and configuration.
    public var requiredVersion: String?
    public var requiredConfig: String?
    /// How far an offer gateway's clock may be off before the exchange refuses its logon and orders.
    public var clockTolerance = SimDuration.seconds(1)

    public init(market: Market, site: String, symbols: Int = 300,
                previousCloseYuan: Distribution = .lognormal(median: 12, sigma: 0.6),
                matchingLatency: SimDuration = .microseconds(30), marketDataInterval: SimDuration = .seconds(3),
                otherMembersOrdersPerSecond: Double = 200, openingDepthLevels: Int = 5,
                openingDepthShares: Int64 = 20_000) {
        self.market = market; self.site = site; self.symbols = symbols
        self.previousCloseYuan = previousCloseYuan; self.matchingLatency = matchingLatency
        self.marketDataInterval = marketDataInterval; self.otherMembersOrdersPerSecond = otherMembersOrdersPerSecond
        self.openingDepthLevels = openingDepthLevels; self.openingDepthShares = openingDepthShares
    }

    public static let symbolsMax = 5_000
}
