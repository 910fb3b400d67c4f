import Chaos
import Stack

/// Something a fault can hit, as exploration names it: one host, a stage's pool of instances
/// on a site, the links between two sites, or a site. Components are listed in a fixed order
/// from the stack's topology, never from a dictionary.
public struct Component: Equatable, Hashable, Sendable {
    public enum Target: Equatable, Hashable, Sendable {
        /// Host names: one host, or every primary of a pool.
        case hosts([String])
        /// Every link between two sites.
        case link(String, String)
        case site(String)
    }

    /// How reports name it: `normal-shenzhen-1`, `normal@shenzhen`, `shenzhen–shanghai`, `site beijing`.
    public var name: String
    /// What kind of thing it is, for grouping findings: `normal tier`, `gateway`, `service risk`,
    /// `link`, `site`.
    public var family: String
    public var target: Target
    /// Host components: the node kind and tier kind the hosts run (for the kinds that apply).
    public var nodeKind: NodeKind?
    public var tier: TierKind?
    /// Whether a site component has gateways behind a load balancer (a health-check fault applies).
    public var hasGateways = false
    /// Whether another site runs broker hosts, so that a partition can cut this site off.
    public var isolatable = false
    /// A standby or DR replica: it carries no traffic until a switch-over, so a fault on it
    /// alone seldom shows (contingency runs such plans after the others).
    public var backup = false

    /// Every component of the stack, in a fixed order: hosts in host order (primaries, then
    /// standbys and DR replicas), then each pool of two or more instances, then the links
    /// between each pair of sites, then the sites.
    public static func all(in topology: Topology) -> [Component] {
        var out: [Component] = []
        func family(_ node: StackNodeID) -> String {
            let kind = topology.kind(of: node)
            if let tier = topology.tierKind(ofNode: node) { return "\(tier.name) tier" }
            if kind == .service, let service = topology.service(ofNode: node) { return "service \(service)" }
            return kind.description
        }
        for host in topology.hosts {
            let kind = topology.kind(of: host.node)
            guard FaultPlan.hostTargetKinds.contains(kind) else { continue }
            out.append(Component(name: host.name, family: family(host.node), target: .hosts([host.name]),
                                 nodeKind: kind, tier: topology.tierKind(ofNode: host.node), backup: host.role != .primary))
        }
        // Pools: nodes of one family on one site, two or more of them; first seen first.
        var pools: [(family: String, site: Int, nodes: [StackNodeID])] = []
        for (n, node) in topology.nodes.enumerated() where FaultPlan.hostTargetKinds.contains(node.kind) {
            let id = StackNodeID(n), f = family(id)
            if let p = pools.firstIndex(where: { $0.family == f && $0.site == node.site }) { pools[p].nodes.append(id) }
            else { pools.append((f, node.site, [id])) }
        }
        for pool in pools where pool.nodes.count >= 2 {
            let first = pool.nodes[0]
            let stage = topology.tierKind(ofNode: first)?.name ?? topology.service(ofNode: first) ?? topology.kind(of: first).description
            out.append(Component(name: "\(stage)@\(topology.siteNames[pool.site])", family: pool.family,
                                 target: .hosts(pool.nodes.map { topology.name(of: $0) }),
                                 nodeKind: topology.kind(of: first), tier: topology.tierKind(ofNode: first)))
        }
        let sites = topology.siteNames
        func hasBrokerHosts(_ s: Int) -> Bool {
            topology.hosts.contains { $0.site == s && FaultPlan.hostTargetKinds.contains(topology.kind(of: $0.node)) }
        }
        for a in sites.indices {
            for b in sites.indices where b > a && hasBrokerHosts(a) && hasBrokerHosts(b) {
                out.append(Component(name: "\(sites[a])–\(sites[b])", family: "link", target: .link(sites[a], sites[b])))
            }
        }
        let withHosts = sites.indices.filter(hasBrokerHosts)
        for s in withHosts {
            let gateways = topology.hosts.contains { $0.site == s && topology.kind(of: $0.node) == .gateway }
            out.append(Component(name: "site \(sites[s])", family: "site", target: .site(sites[s]), hasGateways: gateways,
                                 isolatable: withHosts.count >= 2))
        }
        return out
    }

    /// Whether a fault of `kind` can hit this component.
    public func accepts(_ kind: FaultKind, healthChecks: Bool) -> Bool {
        switch (kind.target, target) {
        case let (.hosts(kinds, tiers), .hosts):
            guard let nodeKind, kinds.contains(nodeKind) else { return false }
            return tiers.isEmpty || tier.map(tiers.contains) == true
        case (.between, .link): return true
        case (.groups, .site): return isolatable
        case (.site, .site):
            return kind != .healthCheckBlindSpot || (hasGateways && healthChecks)
        default: return false
        }
    }

    /// `fault` aimed at this component.
    public func aim(_ fault: inout FaultSpec, sites: [String]) {
        switch target {
        case let .hosts(names): fault.nodes = names
        case let .link(a, b): fault.between = [a, b]
        case let .site(site):
            if fault.kind.target == .groups {
                fault.groups = [[site], sites.filter { $0 != site }]
            } else {
                fault.site = site
            }
        }
    }
}
