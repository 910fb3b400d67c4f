import Net
import Stack

/// Why a fault's target does not fit the stack: the message the scenario reader places in the
/// file and the planner reports for a plan built in code — one check for both.
public struct FaultTargetProblem: Error, Equatable, Sendable {
    public var message: String
}

extension FaultSpec.Selector {
    /// The nodes the selector picks, in node order: those of its kind (and tier, and site), the
    /// first `count` of them if it has a count.
    public func nodes(in topology: Topology) throws(FaultTargetProblem) -> [StackNodeID] {
        let matching = topology.nodes.indices.filter { n in
            let node = topology.nodes[n]
            return node.kind == kind && (site.map { topology.siteNames[node.site] == $0 } ?? true)
                && (tier.map { topology.tierKind(ofNode: StackNodeID(n)) == $0 } ?? true)
        }.map { StackNodeID($0) }
        if matching.isEmpty { throw FaultTargetProblem(message: "the selector matches no node") }
        guard let count else { return matching }
        guard matching.count >= count else {
            throw FaultTargetProblem(message: "the selector matches \(matching.count) nodes, fewer than count \(count)")
        }
        return Array(matching.prefix(count))
    }
}

extension FaultKind {
    /// Why this kind cannot hit `host` (`nil`: it can): the host's node is not of a kind it
    /// applies to, or not of a tier it applies to.
    public func targetProblem(host: HostID, topology: Topology) -> String? {
        guard case let .hosts(kinds, tiers) = target else { return nil }
        let node = topology.node(ofHost: host)
        let kind = topology.kind(of: node)
        let name = topology.hosts[host.index].name
        guard kinds.contains(kind) else {
            return "\(name) is \(kind.withArticle); \(rawValue) applies to \(kinds.map(\.description).joined(separator: ", "))"
        }
        if !tiers.isEmpty, let tier = topology.tierKind(ofNode: node), !tiers.contains(tier) {
            return "\(name) is a \(tier) tier; \(rawValue) applies to the \(tiers.map(\.name).joined(separator: ", ")) tier"
        }
        return nil
    }
}
