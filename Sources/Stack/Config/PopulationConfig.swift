import Kernel

/// A client class's population: how many clients, where they connect from, what they trade
/// and how their accounts start the day.
public struct PopulationConfig: Equatable, Sendable {
    public enum Access: String, CaseIterable, Sendable {
        case colocated
        case leasedLine = "leased_line"
        case internet
    }

    public var clientClass: ClientClass
    public var clients: Int
    /// Sites the population connects from; an order for a market goes from the site next to
    /// that market's exchange if listed, otherwise from the first site.
    public var sites: [String]
    public var access: Access
    /// Expected orders across the whole population in a day (cancels not included).
    public var ordersPerDay: Double
    public var profile: ActivityProfile
    /// Business mix weights, indexed by `Business.rawValue`.
    public var businessMix: [Double]
    /// Share of exchange orders sent to SSE (the rest go to SZSE).
    public var sseShare: Double
    /// Symbols each client follows per market (its watchlist), drawn by Zipf popularity.
    public var watchlist: Int
    /// Zipf exponent of symbol popularity.
    public var zipfExponent: Double
    /// Probability that a client starts the day holding each watched symbol.
    public var holdingProbability: Double
    /// Lots held per holding at the open.
    public var holdingLots: Distribution
    /// Starting cash in yuan.
    public var cashYuan: Distribution
    /// Probability an exchange order is a sell (when the client holds shares to sell).
    public var sellProbability: Double
    /// Lots per order.
    public var orderLots: Distribution
    /// Limit price offset from the reference price, in ticks; positive is more aggressive.
    public var priceOffsetTicks: Distribution
    /// Share of orders in continuous trading that are market orders.
    public var marketOrderProbability: Double
    /// Probability a resting limit order is cancelled by its client, and after how many nanoseconds.
    public var cancelProbability: Double
    public var cancelAfterNanos: Distribution
    /// Queries (a client's orders across systems) per order sent.
    public var queriesPerOrder: Double
    /// Queries apart from orders — logins, account checks — per second across the population,
    /// from the start of the simulated day to the close (clients look before the market opens).
    public var queriesPerSecond: Double = 0
    /// Yuan per C-business subscription.
    public var subscriptionYuan: Distribution

    public init(clientClass: ClientClass, clients: Int, sites: [String], access: Access, ordersPerDay: Double,
                profile: ActivityProfile = .tradingDay, businessMix: [Double], sseShare: Double = 0.5,
                watchlist: Int = 2, zipfExponent: Double = 1.0, holdingProbability: Double = 0.5,
                holdingLots: Distribution = .lognormal(median: 10, sigma: 0.8),
                cashYuan: Distribution = .lognormal(median: 100_000, sigma: 1.0),
                sellProbability: Double = 0.45, orderLots: Distribution = .lognormal(median: 3, sigma: 0.8),
                priceOffsetTicks: Distribution = .normal(mean: -1, standardDeviation: 4),
                marketOrderProbability: Double = 0.05, cancelProbability: Double = 0.2,
                cancelAfterNanos: Distribution = .exponential(mean: 60e9), queriesPerOrder: Double = 0.1,
                subscriptionYuan: Distribution = .lognormal(median: 10_000, sigma: 0.7)) {
        self.clientClass = clientClass; self.clients = clients; self.sites = sites; self.access = access
        self.ordersPerDay = ordersPerDay; self.profile = profile; self.businessMix = businessMix
        self.sseShare = sseShare; self.watchlist = watchlist; self.zipfExponent = zipfExponent
        self.holdingProbability = holdingProbability; self.holdingLots = holdingLots; self.cashYuan = cashYuan
        self.sellProbability = sellProbability; self.orderLots = orderLots; self.priceOffsetTicks = priceOffsetTicks
        self.marketOrderProbability = marketOrderProbability; self.cancelProbability = cancelProbability
        self.cancelAfterNanos = cancelAfterNanos; self.queriesPerOrder = queriesPerOrder
        self.subscriptionYuan = subscriptionYuan
    }

    /// Bounds that keep a population's accounts within a few GiB (each client holds
    /// `watchlist` positions per market on its asset tier).
    public static let clientsMax = 20_000_000
    public static let watchlistMax = 8
}
