import Exchange
import Kernel

/// Everything a run needs to build the stack: sites, links, tiers, exchanges, clients, routing
/// and SLAs. The `Scenario` module reads one from YAML; every field has a default, so a short
/// file works, and `StackConfig()` alone is a small but complete broker.
public struct StackConfig: Equatable, Sendable {
    public var name = "scenario"
    public var seed: UInt64 = 1
    /// The simulated window; the exchanges' sessions (09:15–15:00) should fall inside it.
    public var dayStart = SimTime.clock(7, 0)
    public var dayEnd = SimTime.clock(16, 0)
    /// The exchanges' sessions; a test may compress the day (see `shortDay`).
    public var schedule = TradingSchedule.mainBoard
    /// When the clearing centre collects the day's records (after the 15:00 close).
    public var clearingAt = SimTime.clock(15, 30)

    public var sites: [SiteConfig] = [
        SiteConfig(name: "shenzhen", role: .primary, exchange: .szse),
        SiteConfig(name: "shanghai", role: .secondary, exchange: .sse),
        SiteConfig(name: "beijing", role: .dr),
    ]
    /// Fibre path lengths: Shenzhen–Shanghai 2,400 km ≈ 12 ms one way (SPEC §4: 11–14 ms).
    public var distances: [SiteDistance] = [
        SiteDistance("shenzhen", "shanghai", km: 2_400),
        SiteDistance("shenzhen", "beijing", km: 2_600),
        SiteDistance("shanghai", "beijing", km: 1_400),
    ]

    public var dataCentreLink = LinkProfile.dataCentre
    public var interSiteLink = LinkProfile.interSite
    public var colocatedLink = LinkProfile.colocated
    public var leasedLineLink = LinkProfile.leasedLine
    public var internetLink = LinkProfile.internet

    public var tiers: [TierConfig] = [.defaultExtreme, .defaultFast, .defaultNormal]

    public var gatewayInstances = [SiteCount("shenzhen", 2), SiteCount("shanghai", 2)]
    /// Time a gateway spends routing one message.
    public var gatewayProcessing = Distribution.constant(15_000)
    /// Time an offer gateway (报盘) spends on one message, each way.
    public var offerProcessing = Distribution.constant(20_000)
    /// Sites running a dispatch centre; a tier uses the one on its own site (else the primary's).
    public var dispatchSites = ["shenzhen", "shanghai"]
    public var dispatchProcessing = Distribution.constant(100_000)
    public var clearingSite = "shenzhen"
    /// Hot standbys (same site) for every gateway, offer gateway or dispatch centre, and the
    /// clearing centre; tiers set theirs in `TierConfig`.
    public var gatewayStandby: StandbyConfig?
    public var offerStandby: StandbyConfig?
    public var dispatchStandby: StandbyConfig?
    public var clearingStandby: StandbyConfig?
    /// Businesses whose orders leave through offer gateways of their own (`offer-margin-sse-shenzhen`
    /// for A2): margin trading's order submission runs apart from stock trading's in most brokers.
    public var dedicatedOfferBusinesses: [Business] = []
    /// The software every host runs, and the hosts that run something else.
    public var software = HostSoftware.production
    public var hostSoftware: [HostSoftwareOverride] = []
    /// Sessions, heartbeats and failover timing.
    public var resilience = ResilienceConfig()
    /// The gateways' load balancer health checks (`nil`: clients stay on their gateway).
    public var gatewayHealthCheck: HealthCheckConfig?
    /// Replicas at a DR site (`nil`: none).
    public var disasterRecovery: DRConfig?
    /// The monitoring system (`nil`: none) and the people on duty.
    public var monitoring: MonitoringConfig? = MonitoringConfig()
    public var operators = OperatorsConfig()

    public var venues: [VenueConfig] = [
        VenueConfig(market: .sse, site: "shanghai"),
        VenueConfig(market: .szse, site: "shenzhen"),
    ]

    public var populations: [PopulationConfig] = [
        PopulationConfig(clientClass: .I, clients: 200, sites: ["shenzhen", "shanghai"], access: .colocated,
                         ordersPerDay: 20_000, businessMix: [0.85, 0.05, 0.06, 0.02, 0.02],
                         cashYuan: .lognormal(median: 10_000_000, sigma: 0.5), cancelProbability: 0.5,
                         cancelAfterNanos: .exponential(mean: 5e9), queriesPerOrder: 0.02),
        PopulationConfig(clientClass: .II, clients: 2_000, sites: ["shenzhen", "shanghai"], access: .leasedLine,
                         ordersPerDay: 20_000, businessMix: [0.7, 0.1, 0.1, 0.05, 0.05],
                         cashYuan: .lognormal(median: 2_000_000, sigma: 0.7), cancelProbability: 0.3,
                         cancelAfterNanos: .exponential(mean: 20e9), queriesPerOrder: 0.05),
        PopulationConfig(clientClass: .III, clients: 50_000, sites: ["shenzhen"], access: .internet,
                         ordersPerDay: 40_000, businessMix: [0.75, 0.05, 0.1, 0.05, 0.05]),
    ]

    public var routing = RoutingTable.standard
    /// Each business's stages, and the service stages routes may name (none by default).
    public var routes = RouteConfig.standard
    public var services: [ServiceConfig] = []
    public var sla = SLATargets.standard
    /// Size of an order or report on the wire.
    public var messageBytes = 256

    public init() {}

    public func tier(_ kind: TierKind) -> TierConfig? { tiers.first { $0.kind == kind } }
    public func service(named name: String) -> ServiceConfig? { services.first { $0.name == name } }
    /// Declared services no business's route names (a stack refuses them: likely a typo).
    public var servicesNotRouted: [String] {
        let used = routes.servicesUsed
        return services.map(\.name).filter { !used.contains($0) }
    }
    public func site(named name: String) -> SiteConfig? { sites.first { $0.name == name } }
    public func venue(_ market: Market) -> VenueConfig? { venues.first { $0.market == market } }
}
