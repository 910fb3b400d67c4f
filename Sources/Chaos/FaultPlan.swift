import Kernel
import Net
import Stack

/// Turns a scenario's faults into the stack and network changes that inject and clear them,
/// resolving names against the built stack, and describes each fault for the operators (who
/// find it) and the checkers (who attribute outages, detection and recovery to it).
public enum FaultPlan {
    /// Node kinds a host fault may target: the broker's own systems, whose restart the stack models.
    public static let hostTargetKinds: [NodeKind] = [.gateway, .tier, .offer, .dispatch, .clearing, .monitor, .console]

    public static func schedule(_ faults: [FaultSpec], world: inout StackWorld) throws(StackBuildError) -> FaultSchedule {
        var schedule = FaultSchedule()
        for (k, fault) in faults.enumerated() {
            let (on, off, hosts) = try changes(fault, index: k, world: &world)
            for change in on { schedule.changes.append(ScheduledChange(time: fault.start, change, starts: k)) }
            if let end = fault.end { for change in off { schedule.changes.append(ScheduledChange(time: end, change)) } }
            schedule.faults.append(InjectedFault(name: fault.name, kind: fault.kind.rawValue, start: fault.start, end: fault.end,
                                                 hosts: hosts, clear: off))
        }
        return schedule
    }

    /// The changes of a plan without the fault descriptions (for tests that schedule by hand).
    public static func changes(_ faults: [FaultSpec], world: StackWorld) throws(StackBuildError) -> [ScheduledChange] {
        var copy = world
        return try schedule(faults, world: &copy).changes
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

    static func changes(_ fault: FaultSpec, index k: Int, world: inout StackWorld)
        throws(StackBuildError) -> (on: [ScheduledChange.Change], off: [ScheduledChange.Change], hosts: [HostID]) {
        let field = "faults[\(k)]"
        let topology = world.topology
        var on: [ScheduledChange.Change] = [], off: [ScheduledChange.Change] = []
        switch fault.kind.target {
        case .hosts:
            let hosts = try targetHosts(fault, field: field, topology: topology)
            for host in hosts {
                let node = topology.node(ofHost: host)
                func impair(_ configure: (inout NodeImpairment) -> Void) {
                    var i = NodeImpairment()
                    configure(&i)
                    on.append(.stack(.impair(node: node, fault: k, i)))
                    off.append(.stack(.impair(node: node, fault: k, nil)))
                }
                switch fault.kind {
                case .hostCrash, .hostReboot, .processKill:
                    on.append(.stack(.crash(host: host))); off.append(.stack(.restart(host: host)))
                case .hostHang:
                    on.append(.stack(.hang(host: host))); off.append(.stack(.restart(host: host)))
                case .processPause:
                    on.append(.stack(.pause(host: host))); off.append(.stack(.resume(host: host)))
                case .cpuLoad:
                    on.append(.stack(.slowdown(host: host, factor: fault.factor, load: fault.utilization)))
                    off.append(.stack(.slowdown(host: host, factor: 1, load: 0)))
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
                case .configDrift:
                    let original = topology.hosts[host.index].software
                    let drifted = HostSoftware(version: fault.version ?? original.version, config: fault.config ?? original.config)
                    on.append(.stack(.install(host: host, drifted))); off.append(.stack(.install(host: host, original)))
                case .monitoringBlindSpot:
                    let mask = fault.metrics.isEmpty ? UInt8.max : fault.metrics.reduce(UInt8(0)) { $0 | (1 << UInt8(Metric.allCases.firstIndex(of: $1)!)) }
                    on.append(.stack(.hideMetrics(host: host, mask: mask))); off.append(.stack(.hideMetrics(host: host, mask: 0)))
                case .clockSkew:
                    on.append(.stack(.skewClock(host: host, nanos: fault.offset))); off.append(.stack(.skewClock(host: host, nanos: 0)))
                default:
                    preconditionFailure("\(fault.kind) is not a host fault")
                }
            }
            return (on, off, hosts)
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
                let filter = LossFilter(from: from, to: to, kinds: kinds, probability: fault.probability)
                on.append(.stack(.filterPackets(fault: k, filter)))
                if fault.direction == .both { on.append(.stack(.filterPackets(fault: k, LossFilter(from: b, to: a, kinds: kinds, probability: fault.probability)))) }
                off.append(.stack(.filterPackets(fault: k, nil)))
                return (on, off, touched)
            }
            for link in links {
                let spec = world.linkSpec(link)
                switch fault.kind {
                case .linkLatency: on.append(.network(.setExtraDelay(link, fault.delay))); off.append(.network(.setExtraDelay(link, .zero)))
                case .linkJitter: on.append(.network(.setJitter(link, fault.jitter))); off.append(.network(.setJitter(link, spec.jitter)))
                case .linkLoss: on.append(.network(.setLoss(link, fault.probability))); off.append(.network(.setLoss(link, spec.lossProbability)))
                case .linkDuplication:
                    on.append(.network(.setDuplication(link, fault.probability))); off.append(.network(.setDuplication(link, spec.duplicationProbability)))
                case .linkReorder:
                    on.append(.network(.setReorder(link, fault.probability, fault.delay))); off.append(.network(.setReorder(link, 0, .zero)))
                default:
                    on.append(.network(.setLinkUp(link, false))); off.append(.network(.setLinkUp(link, true)))
                }
            }
            return (on, off, touched)
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
            let id = try world.declarePartition(fault.name, groups: groups)
            return ([.network(.partition(id))], [.network(.heal(id))], touched)
        case .site:
            guard let name = fault.site, let site = topology.siteNames.firstIndex(of: name) else {
                throw StackBuildError(field: field + ".site", "no site called \"\(fault.site ?? "")\"")
            }
            if fault.kind == .healthCheckBlindSpot {
                let gateways = topology.hosts.indices.filter { topology.hosts[$0].site == site && topology.kind(of: topology.hosts[$0].node) == .gateway }
                return ([.stack(.healthChecks(site: site, enabled: false))], [.stack(.healthChecks(site: site, enabled: true))],
                        gateways.map { HostID(Int32($0)) })
            }
            // The site's broker hosts fail; its clients, and the exchange beside it, are elsewhere.
            let hosts = topology.hosts.indices.filter { h in
                topology.hosts[h].site == site && hostTargetKinds.contains(topology.kind(of: topology.hosts[h].node))
            }.map { HostID(Int32($0)) }
            guard !hosts.isEmpty else { throw StackBuildError(field: field + ".site", "no broker host runs at \(name)") }
            return (hosts.map { .stack(.crash(host: $0)) }, hosts.map { .stack(.restart(host: $0)) }, hosts)
        }
    }
}
