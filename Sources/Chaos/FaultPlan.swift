import Kernel
import Net
import Stack

/// Turns a scenario's faults into the stack and network changes that inject and clear them,
/// resolving node and site names against the built stack.
public enum FaultPlan {
    /// Node kinds a host fault may target: the broker's own systems, whose restart the stack models.
    public static let hostTargetKinds: [NodeKind] = [.gateway, .tier, .offer, .dispatch]

    public static func changes(_ faults: [FaultSpec], world: StackWorld) throws(StackBuildError) -> [ScheduledChange] {
        var changes: [ScheduledChange] = []
        let topology = world.topology
        for (k, fault) in faults.enumerated() {
            let field = "faults[\(k)]"
            if fault.kind.isHostFault {
                for name in fault.nodes {
                    guard let host = topology.host(named: name) else {
                        throw StackBuildError(field: field + ".target", "no host called \"\(name)\"")
                    }
                    let node = topology.node(ofHost: host)
                    guard hostTargetKinds.contains(topology.kind(of: node)) else {
                        throw StackBuildError(field: field + ".target", "\(name) is a \(topology.kind(of: node)); host faults apply to gateways, tiers, offer gateways and dispatch centres")
                    }
                    let (on, off): (StackControl, StackControl)
                    switch fault.kind {
                    case .hostCrash: (on, off) = (.crash(host: host), .restart(host: host))
                    case .hostHang: (on, off) = (.hang(host: host), .restart(host: host))
                    default:
                        guard topology.kind(of: node) == .tier else {
                            throw StackBuildError(field: field + ".target", "cpu_load applies to tier instances; \(name) is a \(topology.kind(of: node))")
                        }
                        (on, off) = (.slowdown(host: host, factor: fault.factor), .slowdown(host: host, factor: 1))
                    }
                    changes.append(ScheduledChange(time: fault.start, .stack(on)))
                    if let end = fault.end { changes.append(ScheduledChange(time: end, .stack(off))) }
                }
            } else {
                guard fault.between.count == 2 else { throw StackBuildError(field: field + ".between", "expected two ends") }
                func matcher(_ name: String) throws(StackBuildError) -> (Topology.Host) -> Bool {
                    if let site = topology.siteNames.firstIndex(of: name) { return { $0.site == site } }
                    if topology.host(named: name) != nil { return { $0.name == name } }
                    throw StackBuildError(field: field + ".between", "\"\(name)\" is neither a site nor a host")
                }
                let links = world.links(between: try matcher(fault.between[0]), and: try matcher(fault.between[1]))
                guard !links.isEmpty else { throw StackBuildError(field: field + ".between", "no link joins \(fault.between[0]) and \(fault.between[1])") }
                for link in links {
                    let spec = world.linkSpec(link)
                    let (on, off): (NetControl, NetControl)
                    switch fault.kind {
                    case .linkLatency: (on, off) = (.setExtraDelay(link, fault.delay), .setExtraDelay(link, .zero))
                    case .linkJitter: (on, off) = (.setJitter(link, fault.jitter), .setJitter(link, spec.jitter))
                    case .linkLoss: (on, off) = (.setLoss(link, fault.probability), .setLoss(link, spec.lossProbability))
                    case .linkDuplication: (on, off) = (.setDuplication(link, fault.probability), .setDuplication(link, spec.duplicationProbability))
                    default: (on, off) = (.setLinkUp(link, false), .setLinkUp(link, true))
                    }
                    changes.append(ScheduledChange(time: fault.start, .network(on)))
                    if let end = fault.end { changes.append(ScheduledChange(time: end, .network(off))) }
                }
            }
        }
        return changes
    }
}
