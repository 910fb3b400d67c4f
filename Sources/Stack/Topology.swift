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
        public var host: HostID
        public var name: String
    }

    public private(set) var nodes: [Node] = []
    /// Per node: its kind, index among its kind, site and host — read on every message, so kept
    /// in dense arrays rather than copied out of `Node` (whose name would be retained each time).
    private(set) var kindOf: [NodeKind] = []
    private(set) var localOf: [Int32] = []
    private(set) var siteOf: [Int32] = []
    private(set) var hostOf: [HostID] = []
    public let siteNames: [String]
    public let primarySite: Int
    /// `gateways[site]`: gateway nodes on that site.
    var gateways: [[Int16]]
    /// `tierNodes[kind][site]`: tier instances of that kind on that site.
    var tierNodes: [[[Int16]]]
    /// `offers[site][market]`: the offer gateway of that site for that market, or −1.
    var offers: [[Int16]]
    /// `exchanges[market]`.
    var exchanges: [Int16] = []
    /// `dispatchBySite[site]`: the dispatch centre on that site, or −1.
    var dispatchBySite: [Int16]
    var clearing: Int16 = -1
    /// `populations[class]`: the class's population nodes, first site first.
    var populations: [[Int16]]
    /// `venueSite[market]`.
    let venueSite: [Int]
    let routing: RoutingTable

    /// The layout `config` describes: every node's name, kind and site.
    public init(config: StackConfig) throws(StackBuildError) {
        siteNames = config.sites.map(\.name)
        guard let primary = config.sites.firstIndex(where: { $0.role == .primary }) else {
            throw StackBuildError(field: "sites", "one site must have role primary")
        }
        primarySite = primary
        routing = config.routing
        let siteCount = config.sites.count
        gateways = Array(repeating: [], count: siteCount)
        dispatchBySite = []
        tierNodes = Array(repeating: Array(repeating: [], count: siteCount), count: TierKind.allCases.count)
        offers = Array(repeating: Array(repeating: -1, count: Market.allCases.count), count: siteCount)
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
        dispatchBySite = Array(repeating: -1, count: siteCount)
        for (k, name) in config.dispatchSites.enumerated() {
            let s = try site(name, "dispatch.sites[\(k)]")
            if dispatchBySite[s] < 0 { dispatchBySite[s] = add(.dispatch, site: s, name: "dispatch-\(name)") }
        }
        if config.dispatchSites.isEmpty { throw StackBuildError(field: "dispatch.sites", "at least one dispatch centre is needed") }
        // An offer gateway per market on every site that runs a tier instance.
        for s in 0..<siteCount where tierNodes.contains(where: { !$0[s].isEmpty }) {
            for market in Market.allCases {
                offers[s][market.rawValue] = add(.offer, site: s, name: "offer-\(market.name)-\(siteNames[s])")
            }
        }
        for market in Market.allCases {
            exchanges.append(add(.exchange, site: venueSite[market.rawValue], name: market.name))
        }
        clearing = add(.clearing, site: try site(config.clearingSite, "clearing.site"), name: "clearing")

        if nodes.count > Int(Int16.max) { throw StackBuildError(field: "tiers", "more than \(Int16.max) nodes") }
        for clientClass in ClientClass.allCases where !populations[clientClass.rawValue].isEmpty {
            for business in Business.allCases {
                let kind = routing[clientClass, business]
                if tierNodes[kind.rawValue].allSatisfy(\.isEmpty) {
                    throw StackBuildError(field: "routing.\(clientClass.name).\(business.name)",
                                          "routes to the \(kind.name) tier, which has no instances")
                }
            }
        }
        if gateways.allSatisfy(\.isEmpty) {
            throw StackBuildError(field: "gateway.instances", "at least one gateway instance is needed")
        }
    }

    private mutating func add(_ kind: NodeKind, site: Int, name: String) -> Int16 {
        let local = nodes.lazy.filter { $0.kind == kind }.count
        nodes.append(Node(kind: kind, local: local, site: site, host: HostID(Int32(nodes.count)), name: name))
        kindOf.append(kind)
        localOf.append(Int32(local))
        siteOf.append(Int32(site))
        hostOf.append(nodes[nodes.count - 1].host)
        return Int16(nodes.count - 1)
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
    func tierNode(_ kind: TierKind, client: Int32, near site: Int) -> Int16 {
        let instances = tierNodes[kind.rawValue][resolvedSite(kind, near: site)]
        return instances[Int(client) % instances.count]
    }

    /// The gateway a client at `site` connects to.
    func gateway(client: Int32, site: Int) -> Int16 {
        let chosen = !gateways[site].isEmpty ? site
            : !gateways[primarySite].isEmpty ? primarySite : gateways.firstIndex { !$0.isEmpty }!
        let here = gateways[chosen]
        return here[Int(client) % here.count]
    }

    /// The dispatch centre serving `node`'s site: its own, else the primary site's, else the first.
    func dispatch(near node: Int16) -> Int16 {
        let site = Int(siteOf[Int(node)])
        if dispatchBySite[site] >= 0 { return dispatchBySite[site] }
        if dispatchBySite[primarySite] >= 0 { return dispatchBySite[primarySite] }
        return dispatchBySite.first { $0 >= 0 }!
    }

    /// The offer gateway for `market` on the site of `tier`.
    func offer(forTier tier: Int16, market: Market) -> Int16 {
        offers[Int(siteOf[Int(tier)])][market.rawValue]
    }

    /// All tier instances, in node order.
    var allTierNodes: [Int16] {
        nodes.indices.filter { nodes[$0].kind == .tier }.map { Int16($0) }
    }

    public func name(of node: Int16) -> String { nodes[Int(node)].name }
    /// The node called `name`.
    public func node(named name: String) -> Int16? { nodes.firstIndex { $0.name == name }.map { Int16($0) } }
    public func kind(of node: Int16) -> NodeKind { kindOf[Int(node)] }
    func tierKind(of node: Int16) -> TierKind {
        for kind in TierKind.allCases where tierNodes[kind.rawValue].contains(where: { $0.contains(node) }) { return kind }
        preconditionFailure("node \(node) is not a tier instance")
    }
}
