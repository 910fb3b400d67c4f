import Kernel

/// A service stage an architect adds to a route (a pre-trade risk check, a compliance filter, a
/// message bus hop): instances per site, each an M/G/c queue like a tier instance but without
/// an asset store. Orders and cancels queue for a server; reports going back to the client pass
/// through after `serviceFixed`. Its hosts take host and application faults like any broker system.
public struct ServiceConfig: Equatable, Sendable {
    /// Names the stage in routes, in node names (`risk-check-shenzhen-1`) and in hop names
    /// (`risk-check_in`, `risk-check_out`).
    public var name: String
    public var instances: [SiteCount]
    public var serviceFixed: SimDuration
    public var servicePerOrder: Distribution
    public var concurrency: Int
    public var queueLimit: Int
    /// A hot standby beside every instance, or none.
    public var standby: StandbyConfig?
    /// The software its primaries run where it differs from the stack's (`nil`: the same).
    public var version: String?

    public init(name: String, instances: [SiteCount], serviceFixed: SimDuration = .microseconds(20),
                servicePerOrder: Distribution = .lognormal(median: 50_000, sigma: 0.5), concurrency: Int = 8,
                queueLimit: Int = 10_000, standby: StandbyConfig? = nil, version: String? = nil) {
        self.name = name; self.instances = instances; self.serviceFixed = serviceFixed; self.servicePerOrder = servicePerOrder
        self.concurrency = concurrency; self.queueLimit = queueLimit; self.standby = standby; self.version = version
    }

    /// At most this many services in one stack, and in one route.
    public static let servicesMax = 16
    public static let perRouteMax = 4

    /// The M/G/c model its instances serve by.
    var model: ServiceModel {
        ServiceModel(serviceFixed: serviceFixed, servicePerOrder: servicePerOrder, concurrency: concurrency, queueLimit: queueLimit)
    }
}

/// What tier and service-stage configurations share: instances per site serving as M/G/c
/// stations, with an optional hot standby each.
public protocol StationConfig {
    var instances: [SiteCount] { get set }
    var serviceFixed: SimDuration { get set }
    var servicePerOrder: Distribution { get set }
    var concurrency: Int { get set }
    var queueLimit: Int { get set }
    var standby: StandbyConfig? { get set }
}

extension TierConfig: StationConfig {}
extension ServiceConfig: StationConfig {}

/// How an M/G/c station serves: `concurrency` instructions at once, at most `queueLimit`
/// waiting; an instruction takes `serviceFixed` plus a sample of `servicePerOrder`.
struct ServiceModel: Equatable, Sendable {
    var serviceFixed: SimDuration
    var servicePerOrder: Distribution
    var concurrency: Int
    var queueLimit: Int
}

extension TierConfig {
    var model: ServiceModel {
        ServiceModel(serviceFixed: serviceFixed, servicePerOrder: servicePerOrder, concurrency: concurrency, queueLimit: queueLimit)
    }
}
