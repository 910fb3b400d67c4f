import Kernel
import Net

/// Where every node runs and how the stack picks a node for a client: the static layout of
/// a run, built once from the configuration. All lookups are array reads.
public struct Topology: Sendable {
    public struct Node: Sendable {
        public var kind: NodeKind
        /// Index among the nodes of its kind.
        public var local: Int
        public var site: Int
        /// The node's primary host, whose id equals the node's index.
        public var host: HostID
        public var name: String
        /// Every host that can run the node: the primary first, then its standby and DR replica.
        public var hosts: [HostID]
    }

    /// A machine that runs a node: its primary, a hot standby beside it, or a replica at the DR site.
    public struct Host: Sendable {
        public enum Role: String, Sendable {
            case primary, standby, dr
        }
        public var node: StackNodeID
        public var role: Role
        public var site: Int
        public var name: String
        /// Whether the standby promotes itself when heartbeats stop (primaries and DR replicas: `manual`).
        public var failover: StandbyConfig.Failover
        public var software: HostSoftware
    }

    public private(set) var nodes: [Node] = []
    /// Every host; the first `nodes.count` are the nodes' primaries, in node order.
    public private(set) var hosts: [Host] = []
    /// Per host: the node it runs.
    private(set) var nodeOfHost: [StackNodeID] = []
    /// Per node: its kind, index among its kind, site and host — read on every message, so kept
    /// in dense arrays rather than copied out of `Node` (whose name would be retained each time).
    private(set) var kindOf: [NodeKind] = []
    private(set) var localOf: [Int32] = []
    private(set) var siteOf: [Int32] = []
    /// Per node: the market an offer gateway serves (−1 for other nodes).
    private(set) var offerMarket: [Int] = []
    public let siteNames: [String]
    public let primarySite: Int
    /// `gateways[site]`: gateway nodes on that site.
    var gateways: [[StackNodeID]]
    /// `tierNodes[kind][site]`: tier instances of that kind on that site.
    var tierNodes: [[[StackNodeID]]]
    /// The service stages, and `serviceNodes[service][site]`: a service's instances on that site.
    public let serviceNames: [String]
    var serviceNodes: [[[StackNodeID]]]
    /// Per node: the service a service instance runs (−1 for other nodes).
    private(set) var serviceOf: [Int16] = []
    /// Each business's route, resolved.
    let routes: RoutePlan
    /// `offers[site][market * lanes + lane]`: the offer gateway of that site for that market and
    /// lane, if the site has one. Lane 0 carries every business without a lane of its own.
    var offers: [[StackNodeID?]]
    /// `offerLane[business]`: 0, or 1 + its index in `dedicatedOfferBusinesses`.
    let offerLane: [Int]
    let offerLanes: Int
    /// `exchanges[market]`.
    var exchanges: [StackNodeID] = []
    /// `dispatchBySite[site]`: the dispatch centre on that site, if it has one.
    var dispatchBySite: [StackNodeID?]
    /// The clearing centre (every stack has one; set once the nodes before it are added).
    private(set) var clearing: StackNodeID!
    /// The monitoring system and the operators' console (none without monitoring).
    private(set) var monitor: StackNodeID?
    private(set) var console: StackNodeID?
    /// `populations[class]`: the class's population nodes, first site first.
    var populations: [[StackNodeID]]
    /// `venueSite[market]`.
    let venueSite: [Int]
    let routing: RoutingTable
    /// What a primary host runs unless the scenario says otherwise.
    private let primarySoftware: HostSoftware

    /// The layout `config` describes: every node's name, kind and site.
    public init(config: StackConfig) throws(StackBuildError) {
        siteNames = config.sites.map(\.name)
        primarySoftware = config.software
        guard let primary = config.sites.firstIndex(where: { $0.role == .primary }) else {
            throw StackBuildError(field: "sites", "one site must have role primary")
        }
        primarySite = primary
        routing = config.routing
        serviceNames = config.services.map(\.name)
        routes = try RoutePlan(config: config.routes, services: serviceNames)
        if let name = config.servicesNotRouted.first {
            throw StackBuildError(field: "services.\(name)", "no route names it; add it to a business's route under routes")
        }
        serviceNodes = Array(repeating: Array(repeating: [], count: config.sites.count), count: config.services.count)
        let siteCount = config.sites.count
        gateways = Array(repeating: [], count: siteCount)
        dispatchBySite = []
        tierNodes = Array(repeating: Array(repeating: [], count: siteCount), count: TierKind.allCases.count)
        var lane = [Int](repeating: 0, count: Business.allCases.count)
        for (k, business) in config.dedicatedOfferBusinesses.enumerated() { lane[business.rawValue] = k + 1 }
        offerLane = lane
        offerLanes = config.dedicatedOfferBusinesses.count + 1
        offers = Array(repeating: Array(repeating: nil, count: Market.allCases.count * offerLanes), count: siteCount)
        populations = Array(repeating: [], count: ClientClass.allCases.count)
        var venueSite = [Int](repeating: -1, count: Market.allCases.count)
        for (i, venue) in config.venues.enumerated() {
            guard let s = siteNames.firstIndex(of: venue.site) else {
                throw StackBuildError(field: "exchanges[\(i)].site", "unknown site \"\(venue.site)\"")
            }
            venueSite[venue.market.rawValue] = s
        }
        for market in Market.allCases where venueSite[market.rawValue] < 0 {
            throw StackBuildError(field: "exchanges", "no \(market.name) exchange is configured")
        }
        self.venueSite = venueSite

        func site(_ name: String, _ field: String) throws(StackBuildError) -> Int {
            guard let s = siteNames.firstIndex(of: name) else { throw StackBuildError(field: field, "unknown site \"\(name)\"") }
            return s
        }
        for (p, population) in config.populations.enumerated() {
            for (k, name) in population.sites.enumerated() {
                let s = try site(name, "clients[\(p)].sites[\(k)]")
                populations[population.clientClass.rawValue].append(add(.population, site: s, name: "clients-\(population.clientClass.name)-\(name)"))
            }
        }
        for (g, count) in config.gatewayInstances.enumerated() {
            let s = try site(count.site, "gateway.instances[\(g)].site")
            for k in 0..<count.count { gateways[s].append(add(.gateway, site: s, name: "gateway-\(count.site)-\(k + 1)")) }
        }
        for (t, tier) in config.tiers.enumerated() {
            for (i, count) in tier.instances.enumerated() {
                let s = try site(count.site, "tiers[\(t)].instances[\(i)].site")
                for k in 0..<count.count {
                    tierNodes[tier.kind.rawValue][s].append(add(.tier, site: s, name: "\(tier.kind.name)-\(count.site)-\(k + 1)"))
                }
            }
        }
        for (k, service) in config.services.enumerated() {
            for (i, count) in service.instances.enumerated() {
                let s = try site(count.site, "services.\(service.name).instances[\(i)].site")
                for n in 0..<count.count {
                    let node = add(.service, site: s, name: "\(service.name)-\(count.site)-\(n + 1)")
                    serviceNodes[k][s].append(node)
                    serviceOf[Int(node)] = Int16(k)
                    if let v = service.version { hosts[Int(node)].software.version = v }
                }
            }
            if serviceNodes[k].allSatisfy(\.isEmpty) { throw StackBuildError(field: "services.\(service.name).instances", "needs at least one instance") }
        }
        dispatchBySite = Array(repeating: nil, count: siteCount)
        for (k, name) in config.dispatchSites.enumerated() {
            let s = try site(name, "dispatch.sites[\(k)]")
            if dispatchBySite[s] == nil { dispatchBySite[s] = add(.dispatch, site: s, name: "dispatch-\(name)") }
        }
        if config.dispatchSites.isEmpty { throw StackBuildError(field: "dispatch.sites", "at least one dispatch centre is needed") }
        // An offer gateway per market on every site that runs a tier instance.
        for s in 0..<siteCount where tierNodes.contains(where: { !$0[s].isEmpty }) {
            for market in Market.allCases {
                for l in 0..<offerLanes {
                    let prefix = l == 0 ? "offer" : "offer-\(config.dedicatedOfferBusinesses[l - 1].laneName)"
                    let o = add(.offer, site: s, name: "\(prefix)-\(market.name)-\(siteNames[s])")
                    offers[s][market.rawValue * offerLanes + l] = o
                    offerMarket[Int(o)] = market.rawValue
                }
            }
        }
        for market in Market.allCases {
            exchanges.append(add(.exchange, site: venueSite[market.rawValue], name: market.name))
        }
        clearing = add(.clearing, site: try site(config.clearingSite, "clearing.site"), name: "clearing")
        if let monitoring = config.monitoring {
            let m = try site(monitoring.site ?? siteNames[primary], "monitoring.site")
            monitor = add(.monitor, site: m, name: "monitor")
            console = add(.console, site: try site(monitoring.consoleSite ?? siteNames[m], "monitoring.console_site"), name: "console")
        }

        if nodes.count > Int(Int16.max) { throw StackBuildError(field: "tiers", "more than \(Int16.max) nodes") }
        if let (clientClass, business, message) = config.routingProblem {
            throw StackBuildError(field: "routing.\(clientClass.name).\(business.name)", message)
        }
        if gateways.allSatisfy(\.isEmpty) {
            throw StackBuildError(field: "gateway.instances", "at least one gateway instance is needed")
        }

        // Standbys beside the instances of every component that has them.
        for n in nodes.indices {
            let node = nodes[n]
            let standby: StandbyConfig?
            switch node.kind {
            case .tier: standby = config.tier(tierKind(of: StackNodeID(n)))?.standby
            case .gateway: standby = config.gatewayStandby
            case .offer: standby = config.offerStandby
            case .dispatch: standby = config.dispatchStandby
            case .clearing: standby = config.clearingStandby
            case .service: standby = config.services[Int(serviceOf[n])].standby
            case .population, .exchange, .monitor, .console: standby = nil
            }
            guard let standby else { continue }
            var software = config.software
            if let v = standby.version { software.version = v }
            if let c = standby.config { software.config = c }
            addHost(node: StackNodeID(n), role: .standby, site: node.site, name: node.name + "-standby",
                    failover: standby.failover, software: software)
        }
        // Replicas at the DR site of every broker system on the sites it protects.
        if let dr = config.disasterRecovery {
            let drSite = try site(dr.site, "dr.site")
            var protected: [Int] = []
            for (k, name) in dr.protects.enumerated() { protected.append(try site(name, "dr.protects[\(k)]")) }
            var software = config.software
            if let v = dr.version { software.version = v }
            if let c = dr.config { software.config = c }
            for n in nodes.indices where nodes[n].kind.isBrokerSystem && protected.contains(nodes[n].site) {
                addHost(node: StackNodeID(n), role: .dr, site: drSite, name: nodes[n].name + "-dr", failover: .manual, software: software)
            }
        }
        for (k, o) in config.hostSoftware.enumerated() {
            guard let h = hosts.firstIndex(where: { $0.name == o.host }) else {
                throw StackBuildError(field: "hosts[\(k)]", "no host called \"\(o.host)\"")
            }
            if let v = o.version { hosts[h].software.version = v }
            if let c = o.config { hosts[h].software.config = c }
        }
        if hosts.count > Int(Int16.max) { throw StackBuildError(field: "tiers", "more than \(Int16.max) hosts") }
    }

    private mutating func addHost(node: StackNodeID, role: Host.Role, site: Int, name: String, failover: StandbyConfig.Failover,
                                  software: HostSoftware) {
        let id = HostID(Int32(hosts.count))
        hosts.append(Host(node: node, role: role, site: site, name: name, failover: failover, software: software))
        nodeOfHost.append(node)
        nodes[Int(node)].hosts.append(id)
    }

    /// Adds a node and its primary host (whose id is the node's index: every node's primary
    /// is added before any other host).
    private mutating func add(_ kind: NodeKind, site: Int, name: String) -> StackNodeID {
        precondition(hosts.count == nodes.count, "primary hosts come before standbys")
        let local = nodes.lazy.filter { $0.kind == kind }.count
        let id = StackNodeID(nodes.count)
        nodes.append(Node(kind: kind, local: local, site: site, host: HostID(Int32(nodes.count)), name: name, hosts: []))
        kindOf.append(kind)
        localOf.append(Int32(local))
        siteOf.append(Int32(site))
        offerMarket.append(-1)
        serviceOf.append(-1)
        addHost(node: id, role: .primary, site: site, name: name, failover: .manual, software: primarySoftware)
        return id
    }

    // MARK: Choosing nodes

    /// The site whose instances of `kind` serve requests arising at `site`: that site if it has
    /// any, else the primary site, else the first site that has some.
    func resolvedSite(_ kind: TierKind, near site: Int) -> Int {
        let perSite = tierNodes[kind.rawValue]
        if !perSite[site].isEmpty { return site }
        if !perSite[primarySite].isEmpty { return primarySite }
        return perSite.firstIndex { !$0.isEmpty }!
    }

    /// The instance of `kind` that serves `client` for requests arising at `site`. Stable per
    /// client, so a client's assets and its orders always meet on the same instance.
    func tierNode(_ kind: TierKind, client: Int32, near site: Int) -> StackNodeID {
        let instances = tierNodes[kind.rawValue][resolvedSite(kind, near: site)]
        return instances[Int(client) % instances.count]
    }

    /// The instances of service `s` that serve requests arising at `site`: that site's if it has
    /// any, else the primary site's, else the first site's that has some.
    func serviceInstances(_ s: Int16, near site: Int) -> [StackNodeID] {
        let perSite = serviceNodes[Int(s)]
        if !perSite[site].isEmpty { return perSite[site] }
        if !perSite[primarySite].isEmpty { return perSite[primarySite] }
        return perSite.first { !$0.isEmpty }!
    }

    /// The hops the recorder stamps for this stack's routes.
    public var hopLayout: HopLayout { routes.hops }

    /// The service a service instance runs, `nil` for another node.
    public func service(ofNode node: StackNodeID) -> String? {
        serviceOf[Int(node)] >= 0 ? serviceNames[Int(serviceOf[Int(node)])] : nil
    }

    /// The gateway a client at `site` connects to.
    func gateway(client: Int32, site: Int) -> StackNodeID {
        let chosen = !gateways[site].isEmpty ? site
            : !gateways[primarySite].isEmpty ? primarySite : gateways.firstIndex { !$0.isEmpty }!
        let here = gateways[chosen]
        return here[Int(client) % here.count]
    }

    /// The dispatch centre serving `node`'s site: its own, else the primary site's, else the first.
    func dispatch(near node: StackNodeID) -> StackNodeID {
        let site = Int(siteOf[Int(node)])
        if let here = dispatchBySite[site] { return here }
        if let primary = dispatchBySite[primarySite] { return primary }
        return dispatchBySite.lazy.compactMap { $0 }.first!
    }

    /// The offer gateway for `business` on `market` on the site of `tier`.
    /// (Every site that runs a tier instance has its offer gateways.)
    func offer(forTier tier: StackNodeID, market: Market, business: Business) -> StackNodeID {
        offers[Int(siteOf[Int(tier)])][market.rawValue * offerLanes + offerLane[business.rawValue]]!
    }

    /// Where the operators' timers go (client reports, the runbook's steps): the console, or —
    /// in a stack without monitoring — the world itself.
    var operators: NodeID { console?.target ?? .world }

    /// All tier instances, in node order.
    var allTierNodes: [StackNodeID] {
        nodes.indices.filter { nodes[$0].kind == .tier }.map { StackNodeID($0) }
    }

    public func name(of node: StackNodeID) -> String { nodes[Int(node)].name }
    /// The node called `name`.
    public func node(named name: String) -> StackNodeID? { nodes.firstIndex { $0.name == name }.map { StackNodeID($0) } }
    /// The host called `name`: a node's name names its primary.
    public func host(named name: String) -> HostID? { hosts.firstIndex { $0.name == name }.map { HostID(Int32($0)) } }
    /// The node a host runs.
    public func node(ofHost host: HostID) -> StackNodeID { nodeOfHost[host.index] }
    public func kind(of node: StackNodeID) -> NodeKind { kindOf[Int(node)] }
    /// The tier kind of a tier instance, `nil` for another node.
    public func tierKind(ofNode node: StackNodeID) -> TierKind? {
        kindOf[Int(node)] == .tier ? tierKind(of: node) : nil
    }

    func tierKind(of node: StackNodeID) -> TierKind {
        for kind in TierKind.allCases where tierNodes[kind.rawValue].contains(where: { $0.contains(node) }) { return kind }
        preconditionFailure("node \(node) is not a tier instance")
    }
}
