import Kernel
import Net
import Stack

/// Turns a scenario's faults into the contributions each makes to hosts, nodes, links and
/// partitions while it is active (`FaultEffect`), resolving names against the built stack, and
/// describes each fault for the operators (who find it) and the checkers (who attribute
/// outages, detection and recovery to it). Planning is pure: it reads the world and returns
/// what the run must schedule and declare.
public enum FaultPlan {
    /// Node kinds a host fault may target: the broker's own systems, whose restart the stack models.
    public static let hostTargetKinds: [NodeKind] = [.gateway, .tier, .service, .offer, .dispatch, .clearing, .monitor, .console]

    public static func schedule(_ faults: [FaultSpec], world: StackWorld) throws(StackBuildError) -> FaultSchedule {
        var schedule = FaultSchedule()
        for (k, fault) in faults.enumerated() {
            // One contribution per thing hit: a node named through two of its hosts, or a host
            // named twice, is hit once.
            var effects: [FaultEffect] = []
            let (all, hosts) = try self.effects(fault, index: k, world: world, partitions: &schedule.partitions)
            for effect in all where !effects.contains(effect) { effects.append(effect) }
            for effect in effects { schedule.changes.append(ScheduledChange(time: fault.start, fault: k, effect, starts: true)) }
            if let end = fault.end { for effect in effects { schedule.changes.append(ScheduledChange(time: end, fault: k, effect, starts: false)) } }
            schedule.faults.append(InjectedFault(name: fault.name, kind: fault.kind.rawValue, start: fault.start, end: fault.end, hosts: hosts))
        }
        return schedule
    }

    /// A plan's changes and partitions without the faults themselves, which the operators then
    /// never learn of (for tests that look at the stack's mechanics alone).
    public static func changes(_ faults: [FaultSpec], world: StackWorld) throws(StackBuildError) -> FaultSchedule {
        var schedule = try schedule(faults, world: world)
        schedule.faults = []
        return schedule
    }

    /// The hosts a host fault hits: its named hosts, then its selector's nodes' primaries.
    static func targetHosts(_ fault: FaultSpec, field: String, topology: Topology) throws(StackBuildError) -> [HostID] {
        var hosts: [HostID] = []
        for name in fault.nodes {
            guard let host = topology.host(named: name) else { throw StackBuildError(field: field + ".target", "no host called \"\(name)\"") }
            hosts.append(host)
        }
        if let s = fault.selector {
            do throws(FaultTargetProblem) {
                hosts += try s.nodes(in: topology).map { topology.nodes[Int($0)].host }
            } catch { throw StackBuildError(field: field + ".target", error.message) }
        }
        if hosts.isEmpty { throw StackBuildError(field: field + ".target", "needs at least one host") }
        for host in hosts {
            if let problem = fault.kind.targetProblem(host: host, topology: topology) { throw StackBuildError(field: field + ".target", problem) }
        }
        return hosts
    }

    /// Every host a name covers: a site's hosts, or the named host.
    static func hosts(matching name: String, field: String, topology: Topology) throws(StackBuildError) -> [Bool] {
        var matched = [Bool](repeating: false, count: topology.hosts.count)
        if let site = topology.siteNames.firstIndex(of: name) {
            for (h, host) in topology.hosts.enumerated() where host.site == site { matched[h] = true }
        } else if let host = topology.host(named: name) {
            matched[host.index] = true
        } else {
            throw StackBuildError(field: field, "\"\(name)\" is neither a site nor a host")
        }
        return matched
    }

    /// What fault `k` contributes while it is active, one effect per target (its kind's
    /// `descriptor.compile`), and the hosts it acts on.
    static func effects(_ fault: FaultSpec, index k: Int, world: StackWorld, partitions: inout [PartitionDeclaration])
        throws(StackBuildError) -> (effects: [FaultEffect], hosts: [HostID]) {
        let field = "faults[\(k)]"
        let topology = world.topology
        switch fault.kind.descriptor.compile {
        case let .perHost(effect):
            let hosts = try targetHosts(fault, field: field, topology: topology)
            return (hosts.map { effect(fault, $0, topology.node(ofHost: $0)) }, hosts)
        case let .links(effects):
            guard fault.between.count == 2 else { throw StackBuildError(field: field + ".between", "expected two ends") }
            let a = try hosts(matching: fault.between[0], field: field + ".between", topology: topology)
            let b = try hosts(matching: fault.between[1], field: field + ".between", topology: topology)
            let links = world.links(between: { a[$0.index] }, and: { b[$0.index] })
            guard !links.isEmpty else { throw StackBuildError(field: field + ".between", "no link joins \(fault.between[0]) and \(fault.between[1])") }
            var touched: [HostID] = []
            for (h, hit) in zip(a, b).enumerated() where hit.0 || hit.1 { touched.append(HostID(Int32(h))) }
            let on = effects(fault, links, a, b)
            if on.isEmpty {
                let missing = fault.kind.parameters.filter { $0.defaultValue == nil }.map(\.key.rawValue).joined(separator: ", ")
                throw StackBuildError(field: field, "a \(fault.kind.rawValue) fault needs \(missing)")
            }
            return (on, touched)
        case .partition:
            guard fault.groups.count >= 2 else { throw StackBuildError(field: field + ".groups", "a partition needs at least two groups") }
            var groups: [[HostID]] = []
            var touched: [HostID] = []
            var taken = [Bool](repeating: false, count: topology.hosts.count)
            for (g, names) in fault.groups.enumerated() {
                var group: [HostID] = []
                for name in names {
                    for (h, hit) in try hosts(matching: name, field: field + ".groups[\(g)]", topology: topology).enumerated() where hit && !taken[h] {
                        taken[h] = true
                        group.append(HostID(Int32(h)))
                    }
                }
                if group.isEmpty { throw StackBuildError(field: field + ".groups[\(g)]", "names no host outside the other groups") }
                groups.append(group)
                touched += group
            }
            partitions.append(PartitionDeclaration(name: fault.name, groups: groups))
            return ([.partition(index: partitions.count - 1)], touched)
        case .siteHealthChecksOff:
            let site = try site(of: fault, field: field, topology: topology)
            let gateways = topology.hosts.indices.filter { topology.hosts[$0].site == site && topology.kind(of: topology.hosts[$0].node) == .gateway }
            return ([.healthChecksOff(site: site)], gateways.map { HostID(Int32($0)) })
        case .siteHostsDown:
            let site = try site(of: fault, field: field, topology: topology)
            // The site's broker hosts fail; its clients, and the exchange beside it, are elsewhere.
            let hosts = topology.hosts.indices.filter { h in
                topology.hosts[h].site == site && hostTargetKinds.contains(topology.kind(of: topology.hosts[h].node))
            }.map { HostID(Int32($0)) }
            guard !hosts.isEmpty else { throw StackBuildError(field: field + ".site", "no broker host runs at \(topology.siteNames[site])") }
            return (hosts.map { .down($0) }, hosts)
        }
    }

    static func site(of fault: FaultSpec, field: String, topology: Topology) throws(StackBuildError) -> Int {
        guard let name = fault.site, let site = topology.siteNames.firstIndex(of: name) else {
            throw StackBuildError(field: field + ".site", "no site called \"\(fault.site ?? "")\"")
        }
        return site
    }
}
