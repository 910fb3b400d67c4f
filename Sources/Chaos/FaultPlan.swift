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
    public static let hostTargetKinds: [NodeKind] = [.gateway, .tier, .offer, .dispatch, .clearing, .monitor, .console]

    public static func schedule(_ faults: [FaultSpec], world: StackWorld) throws(StackBuildError) -> FaultSchedule {
        var schedule = FaultSchedule()
        for (k, fault) in faults.enumerated() {
            let (effects, hosts) = try effects(fault, index: k, world: world, partitions: &schedule.partitions)
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
            var picked = topology.nodes.indices.filter { n in
                let node = topology.nodes[n]
                return node.kind == s.kind && (s.site.map { topology.siteNames[node.site] == $0 } ?? true)
                    && (s.tier.map { topology.tierKind(ofNode: Int16(n)) == $0 } ?? true)
            }
            if let count = s.count {
                guard picked.count >= count else {
                    throw StackBuildError(field: field + ".target", "the selector matches \(picked.count) nodes, fewer than count \(count)")
                }
                picked = Array(picked.prefix(count))
            }
            if picked.isEmpty { throw StackBuildError(field: field + ".target", "the selector matches no node") }
            hosts += picked.map { topology.nodes[$0].host }
        }
        if hosts.isEmpty { throw StackBuildError(field: field + ".target", "needs at least one host") }
        guard case let .hosts(kinds, tiers) = fault.kind.target else { return hosts }
        for host in hosts {
            let node = topology.node(ofHost: host)
            let kind = topology.kind(of: node)
            let name = topology.hosts[host.index].name
            guard kinds.contains(kind) else {
                throw StackBuildError(field: field + ".target", "\(name) is \(kind.withArticle); \(fault.kind.rawValue) applies to \(kinds.map(\.description).joined(separator: ", "))")
            }
            if !tiers.isEmpty, let tier = topology.tierKind(ofNode: node), !tiers.contains(tier) {
                throw StackBuildError(field: field + ".target", "\(name) is a \(tier) tier; \(fault.kind.rawValue) applies to the \(tiers.map(\.name).joined(separator: ", ")) tier")
            }
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

    /// What fault `k` contributes while it is active, one effect per target, and the hosts it acts on.
    static func effects(_ fault: FaultSpec, index k: Int, world: StackWorld, partitions: inout [PartitionDeclaration])
        throws(StackBuildError) -> (effects: [FaultEffect], hosts: [HostID]) {
        let field = "faults[\(k)]"
        let topology = world.topology
        var on: [FaultEffect] = []
        switch fault.kind.target {
        case .hosts:
            let hosts = try targetHosts(fault, field: field, topology: topology)
            for host in hosts {
                let node = topology.node(ofHost: host)
                func impair(_ configure: (inout NodeImpairment) -> Void) {
                    var i = NodeImpairment()
                    configure(&i)
                    on.append(.impair(node: node, i))
                }
                switch fault.kind {
                case .hostCrash, .hostReboot, .processKill: on.append(.down(host))
                case .hostHang: on.append(.hang(host))
                case .processPause: on.append(.pause(host))
                case .cpuLoad: on.append(.slowdown(host, factor: fault.factor, load: fault.utilization))
                case .memoryExhaustion: impair { $0.queueLimit = fault.queueLimit }
                case .diskFull: impair { $0.refuseProbability = 1; $0.refuseReason = .unavailable }
                case .ioLoad, .requestLatency, .databaseSlow, .middlewareSlow: impair { $0.extraDelay = fault.delay }
                case .appException: impair { $0.refuseProbability = fault.probability; $0.refuseReason = .unavailable }
                case .dataTampering: impair { $0.tamperProbability = fault.probability }
                case .resourceExhaustion: impair { $0.concurrency = fault.concurrency }
                case .malformedRequests: impair { $0.refuseProbability = fault.probability; $0.refuseReason = .malformed }
                case .connectionPoolFull: impair { $0.refuseProbability = fault.probability; $0.refuseReason = .busy }
                case .rateLimit: impair { $0.ratePerSecond = fault.rate }
                case .circuitBreaker, .databaseUnavailable, .middlewareUnavailable:
                    impair { $0.refuseProbability = 1; $0.refuseReason = .unavailable }
                case .dnsFailure: impair { $0.unresolvable = true }
                case .configDrift: on.append(.drift(host, version: fault.version, config: fault.config))
                case .monitoringBlindSpot:
                    let mask = fault.metrics.isEmpty ? UInt8.max : fault.metrics.reduce(UInt8(0)) { $0 | (1 << UInt8(Metric.allCases.firstIndex(of: $1)!)) }
                    on.append(.hideMetrics(host, mask: mask))
                case .clockSkew: on.append(.clockSkew(host, nanos: fault.offset))
                default:
                    preconditionFailure("\(fault.kind) is not a host fault")
                }
            }
            return (on, hosts)
        case .between:
            guard fault.between.count == 2 else { throw StackBuildError(field: field + ".between", "expected two ends") }
            let a = try hosts(matching: fault.between[0], field: field + ".between", topology: topology)
            let b = try hosts(matching: fault.between[1], field: field + ".between", topology: topology)
            let links = world.links(between: { a[$0.index] }, and: { b[$0.index] })
            guard !links.isEmpty else { throw StackBuildError(field: field + ".between", "no link joins \(fault.between[0]) and \(fault.between[1])") }
            var touched: [HostID] = []
            for (h, hit) in zip(a, b).enumerated() where hit.0 || hit.1 { touched.append(HostID(Int32(h))) }
            if fault.kind == .linkLoss && (fault.direction != .both || !fault.messages.isEmpty) {
                // A drop filter: by direction and message kind, in the stack's sessions.
                let kinds = fault.messages.isEmpty ? UInt32.max
                    : fault.messages.reduce(UInt32(0)) { $0 | (1 << UInt32(StackMessage.kindNames.firstIndex(of: $1)!)) }
                let (from, to) = fault.direction == .backward ? (b, a) : (a, b)
                var filters = [LossFilter(from: from, to: to, kinds: kinds, probability: fault.probability)]
                if fault.direction == .both { filters.append(LossFilter(from: b, to: a, kinds: kinds, probability: fault.probability)) }
                return ([.dropPackets(filters)], touched)
            }
            for link in links {
                switch fault.kind {
                case .linkLatency: on.append(.extraDelay(link, fault.delay))
                case .linkJitter:
                    guard let jitter = fault.jitter else { throw StackBuildError(field: field + ".jitter", "link_jitter needs a jitter distribution") }
                    on.append(.jitter(link, jitter))
                case .linkLoss: on.append(.loss(link, fault.probability))
                case .linkDuplication: on.append(.duplication(link, fault.probability))
                case .linkReorder: on.append(.reorder(link, probability: fault.probability, delay: fault.delay))
                default: on.append(.linkDown(link))
                }
            }
            return (on, touched)
        case .groups:
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
        case .site:
            guard let name = fault.site, let site = topology.siteNames.firstIndex(of: name) else {
                throw StackBuildError(field: field + ".site", "no site called \"\(fault.site ?? "")\"")
            }
            if fault.kind == .healthCheckBlindSpot {
                let gateways = topology.hosts.indices.filter { topology.hosts[$0].site == site && topology.kind(of: topology.hosts[$0].node) == .gateway }
                return ([.healthChecksOff(site: site)], gateways.map { HostID(Int32($0)) })
            }
            // The site's broker hosts fail; its clients, and the exchange beside it, are elsewhere.
            let hosts = topology.hosts.indices.filter { h in
                topology.hosts[h].site == site && hostTargetKinds.contains(topology.kind(of: topology.hosts[h].node))
            }.map { HostID(Int32($0)) }
            guard !hosts.isEmpty else { throw StackBuildError(field: field + ".site", "no broker host runs at \(name)") }
            return (hosts.map { .down($0) }, hosts)
        }
    }
}
