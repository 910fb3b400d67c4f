import Kernel
import Net
import Stack

/// The fault catalogue (SPEC §5). Every kind takes a target, a start (a clock time, an offset,
/// or after another fault), an optional duration and its own parameters; its `descriptor` says
/// everything else about it. Adding a kind that acts through existing effects is a case here,
/// its descriptor below, its definition in `Faults/` and its name in the scenario schema.
public enum FaultKind: String, CaseIterable, Sendable {
    // Host
    case hostCrash = "host_crash"
    case hostReboot = "host_reboot"
    case hostHang = "host_hang"
    case cpuLoad = "cpu_load"
    case memoryExhaustion = "memory_exhaustion"
    case diskFull = "disk_full"
    case ioLoad = "io_load"
    // Network
    case linkLatency = "link_latency"
    case linkJitter = "link_jitter"
    case linkLoss = "link_loss"
    case linkDuplication = "link_duplication"
    case linkReorder = "link_reorder"
    case linkCut = "link_cut"
    case partition
    case dnsFailure = "dns_failure"
    // Application
    case processKill = "process_kill"
    case processPause = "process_pause"
    case appException = "app_exception"
    case dataTampering = "data_tampering"
    case resourceExhaustion = "resource_exhaustion"
    case requestLatency = "request_latency"
    // Request interception
    case malformedRequests = "malformed_requests"
    case connectionPoolFull = "connection_pool_full"
    case rateLimit = "rate_limit"
    case circuitBreaker = "circuit_breaker"
    case processingDelay = "processing_delay"
    // Middleware and database
    case databaseSlow = "database_slow"
    case databaseUnavailable = "database_unavailable"
    case middlewareSlow = "middleware_slow"
    case middlewareUnavailable = "middleware_unavailable"
    // Site, drift, observability, time
    case siteLoss = "site_loss"
    case configDrift = "config_drift"
    case healthCheckBlindSpot = "health_check_blind_spot"
    case monitoringBlindSpot = "monitoring_blind_spot"
    case clockSkew = "clock_skew"

    /// How a fault of this kind names what it hits.
    public enum Target: Sendable, Equatable {
        /// `target`: hosts by name (a node's name names its primary), or a selector; `kinds` are
        /// the node kinds allowed, and `tiers` the tier kinds (empty: any).
        case hosts(kinds: [NodeKind], tiers: [TierKind])
        /// `between: [A, B]`: every link between a host matching A and one matching B (a site or a host).
        case between
        /// `groups: [[…], […]]`: sites or hosts that cannot reach each other.
        case groups
        /// `site`: a site by name.
        case site

        /// The scenario key that names it.
        public var key: String {
            switch self {
            case .hosts: return "target"
            case .between: return "between"
            case .groups: return "groups"
            case .site: return "site"
            }
        }
    }

    public var target: Target { descriptor.target }
    public var parameters: [FaultDescriptor.Parameter] { descriptor.parameters }
    public var summary: String { descriptor.summary }
    public var family: String { descriptor.family.rawValue }

    /// The kind, all of it.
    public var descriptor: FaultDescriptor {
        typealias P = FaultDescriptor.Parameter
        let brokerHosts = Target.hosts(kinds: FaultPlan.hostTargetKinds, tiers: [])
        let tiers = Target.hosts(kinds: [.tier], tiers: [])
        // Whatever serves from a pool of workers and a queue: tier and service-stage instances.
        let stations = Target.hosts(kinds: [.tier, .service], tiers: [])
        let refusing: @Sendable (OrderReject) -> FaultDescriptor.Compile = { reason in
            FaultDescriptor.impairing { f, i in i.refuseProbability = f.probability; i.refuseReason = reason }
        }
        let unavailable = FaultDescriptor.impairing { _, i in i.refuseProbability = 1; i.refuseReason = .unavailable }
        let slower = FaultDescriptor.impairing { f, i in i.extraDelay = f.delay }
        switch self {
        case .hostCrash:
            return .init(.host, "the host fails; senders hold their messages; at the end it restarts empty-handed (asset stores are durable)",
                         target: brokerHosts, takesInstancesDown: true, compile: .perHost { _, h, _ in .down(h) })
        case .hostReboot:
            return .init(.host, "the host fails and boots again after its duration (default 2m)",
                         target: brokerHosts, defaultDuration: .minutes(2), exploreDurations: .seconds(30)...(.minutes(10)), takesInstancesDown: true, compile: .perHost { _, h, _ in .down(h) })
        case .hostHang:
            return .init(.host, "the process hangs: it accepts messages and never answers; at the end it restarts",
                         target: brokerHosts, breaksByDesign: FaultDescriptor.messageLossBreaks, takesInstancesDown: true, compile: .perHost { _, h, _ in .hang(h) })
        case .cpuLoad:
            return .init(.host, "CPU burnt on a tier or service host: service times multiplied by factor", target: stations,
                         parameters: [P(.factor, "service-time multiplier on the host", default: .number(2), explore: 1.5...20),
                                      P(.utilization, "share of the CPU burnt, as a monitor reads it", default: .number(1))],
                         compile: .perHost { f, h, _ in .slowdown(h, factor: f.factor, load: f.utilization) })
        case .memoryExhaustion:
            return .init(.host, "a tier or service instance can hold only queue_limit waiting instructions; the rest are refused as busy", target: stations,
                         parameters: [P(.queueLimit, "instructions the instance can still hold waiting", default: .integer(0), explore: 0...1_000)],
                         compile: FaultDescriptor.impairing { f, i in i.queueLimit = f.queueLimit })
        case .diskFull:
            return .init(.host, "a tier's journal writes fail: it refuses orders as unavailable", target: tiers, compile: unavailable)
        case .ioLoad:
            return .init(.host, "a tier's journal writes slow down: each instruction takes delay longer", target: tiers,
                         parameters: [P(.delay, "extra time per instruction for its journal writes", default: .duration(.milliseconds(5)),
                                        explore: 1e6...2e8)],
                         compile: slower)
        case .linkLatency:
            return .init(.network, "delay added to every message on the links", target: .between,
                         parameters: [P(.delay, "one-way delay added", explore: 1e5...1e9)],
                         compile: FaultDescriptor.perLink { f, l in .extraDelay(l, f.delay) })
        case .linkJitter:
            return .init(.network, "extra delay per message drawn from jitter", target: .between,
                         parameters: [P(.jitter, "extra delay per message, a duration distribution")],
                         compile: .links { f, links, _, _ in f.jitter.map { j in links.map { .jitter($0, j) } } ?? [] })
        case .linkLoss:
            return .init(.network, "packets lost (by direction and message kind); the sessions resend them after a timeout", target: .between,
                         parameters: [P(.probability, "share of packets lost (the sessions resend them)", explore: 0.001...0.5),
                                      P(.direction, "both, forward (first end to second) or backward", default: .direction(.both)),
                                      P(.messages, "message kinds affected: " + StackMessage.kindNames.joined(separator: ", "), default: .names([]))],
                         compile: .links { f, links, first, second in
                             guard f.direction != .both || !f.messages.isEmpty else { return links.map { .loss($0, f.probability) } }
                             // A drop filter: by direction and message kind, in the stack's sessions.
                             let kinds = f.messages.isEmpty ? UInt32.max
                                 : f.messages.reduce(UInt32(0)) { $0 | (1 << UInt32(StackMessage.kindNames.firstIndex(of: $1)!)) }
                             let (from, to) = f.direction == .backward ? (second, first) : (first, second)
                             var filters = [LossFilter(from: from, to: to, kinds: kinds, probability: f.probability)]
                             if f.direction == .both { filters.append(LossFilter(from: second, to: first, kinds: kinds, probability: f.probability)) }
                             return [.dropPackets(filters)]
                         })
        case .linkDuplication:
            return .init(.network, "packets delivered twice; the sessions discard the copy", target: .between,
                         parameters: [P(.probability, "share of packets delivered twice", explore: 0.001...0.5)],
                         compile: FaultDescriptor.perLink { f, l in .duplication(l, f.probability) })
        case .linkReorder:
            return .init(.network, "packets held back so later ones overtake them; the sessions restore the order", target: .between,
                         parameters: [P(.probability, "share of packets held back on the wire", explore: 0.001...0.5),
                                      P(.delay, "how long they are held", default: .duration(.milliseconds(5)), explore: 1e5...1e8)],
                         compile: FaultDescriptor.perLink { f, l in .reorder(l, probability: f.probability, delay: f.delay) })
        case .linkCut:
            return .init(.network, "the links go down; what is in flight and what is sent meanwhile is lost", target: .between,
                         breaksByDesign: FaultDescriptor.messageLossBreaks, compile: FaultDescriptor.perLink { _, l in .linkDown(l) })
        case .partition:
            return .init(.network, "the groups cannot reach each other; what crosses is lost", target: .groups,
                         breaksByDesign: FaultDescriptor.messageLossBreaks, compile: .partition)
        case .dnsFailure:
            return .init(.network, "clients cannot resolve the gateway's name: they cannot connect to it", target: .hosts(kinds: [.gateway], tiers: []),
                         compile: FaultDescriptor.impairing { _, i in i.unresolvable = true })
        case .processKill:
            return .init(.application, "the process is killed; its supervisor restarts it after the duration (default 10s)",
                         target: brokerHosts, defaultDuration: .seconds(10), exploreDurations: .seconds(1)...(.minutes(2)), takesInstancesDown: true, compile: .perHost { _, h, _ in .down(h) })
        case .processPause:
            return .init(.application, "the process is stopped and resumes at the end with everything it held",
                         target: brokerHosts, compile: .perHost { _, h, _ in .pause(h) })
        case .appException:
            return .init(.application, "a share of instructions fail with an exception (refused as unavailable)", target: brokerHosts,
                         parameters: [P(.probability, "share of instructions that fail with an exception", default: .number(0.1))],
                         compile: refusing(.unavailable))
        case .dataTampering:
            return .init(.application, "a share of fills are booked a fen off; only the clearing reconciliation can tell", target: tiers,
                         parameters: [P(.probability, "share of fills booked at a wrong price", default: .number(0.01))],
                         breaksByDesign: ["accounts_reconcile", "clearing_balances"],
                         compile: FaultDescriptor.impairing { f, i in i.tamperProbability = f.probability })
        case .resourceExhaustion:
            return .init(.application, "a tier's or service's worker pool shrinks to concurrency", target: stations,
                         parameters: [P(.concurrency, "instructions the instance can still serve at once", default: .integer(1), explore: 1...16)],
                         compile: FaultDescriptor.impairing { f, i in i.concurrency = f.concurrency })
        case .requestLatency:
            return .init(.application, "every instruction the node handles takes delay longer", target: brokerHosts,
                         parameters: [P(.delay, "extra time per instruction", explore: 1e5...1e9)], compile: slower)
        case .malformedRequests:
            return .init(.requestInterception, "a share of requests are garbled and refused as malformed", target: brokerHosts,
                         parameters: [P(.probability, "share of requests refused as malformed", default: .number(0.05))],
                         compile: refusing(.malformed))
        case .connectionPoolFull:
            return .init(.requestInterception, "the connection pool is full: requests are refused as busy", target: brokerHosts,
                         parameters: [P(.probability, "share of requests refused as busy", default: .number(1))],
                         compile: refusing(.busy))
        case .rateLimit:
            return .init(.requestInterception, "a rate limiter admits rate instructions per second and refuses the rest as busy",
                         target: brokerHosts,
                         parameters: [P(.rate, "instructions admitted per second; the rest refused as busy", explore: 1...10_000)],
                         compile: FaultDescriptor.impairing { f, i in i.ratePerSecond = f.rate })
        case .circuitBreaker:
            return .init(.requestInterception, "a tripped circuit breaker fails every request fast (unavailable)",
                         target: brokerHosts, compile: unavailable)
        case .processingDelay:
            return .init(.requestInterception, "an interceptor holds every request the node handles for delay before it goes on",
                         target: brokerHosts,
                         parameters: [P(.delay, "how long each request is held", default: .duration(.milliseconds(100)), explore: 1e6...2e9)],
                         compile: slower)
        case .databaseSlow:
            return .init(.middlewareAndDatabase, "the normal tier's database is slow: each instruction takes delay longer",
                         target: .hosts(kinds: [.tier], tiers: [.normal]),
                         parameters: [P(.delay, "extra time per instruction", default: .duration(.milliseconds(50)), explore: 1e6...1e9)],
                         compile: slower)
        case .databaseUnavailable:
            return .init(.middlewareAndDatabase, "the normal tier's database is down: orders are refused as unavailable",
                         target: .hosts(kinds: [.tier], tiers: [.normal]), compile: unavailable)
        case .middlewareSlow:
            return .init(.middlewareAndDatabase, "the dispatch centre's message bus is slow: each message takes delay longer",
                         target: .hosts(kinds: [.dispatch], tiers: []),
                         parameters: [P(.delay, "extra time per instruction", default: .duration(.milliseconds(50)), explore: 1e6...1e9)],
                         compile: slower)
        case .middlewareUnavailable:
            return .init(.middlewareAndDatabase, "the dispatch centre's bus is down: fund requests fail",
                         target: .hosts(kinds: [.dispatch], tiers: []), compile: unavailable)
        case .siteLoss:
            return .init(.site, "every broker host of the site fails (fire, power): only a DR failover restores service",
                         target: .site, exploreDurations: .minutes(1)...(.hours(2)), takesInstancesDown: true, compile: .siteHostsDown)
        case .configDrift:
            return .init(.driftAndObservability, "the host runs another version or configuration; an offer gateway cannot log on to its exchange",
                         target: brokerHosts,
                         parameters: [P(.version, "the version the host runs instead", default: .label(nil)),
                                      P(.config, "the configuration it runs instead", default: .label(nil))],
                         needsOneOf: [.version, .config], exploreDurations: .minutes(1)...(.hours(1)),
                         compile: .perHost { f, h, _ in .drift(h, version: f.version, config: f.config) })
        case .healthCheckBlindSpot:
            return .init(.driftAndObservability, "the site's load balancer stops checking its gateways: a failed one stays in rotation",
                         target: .site, exploreDurations: .minutes(5)...(.hours(2)), compile: .siteHealthChecksOff)
        case .monitoringBlindSpot:
            return .init(.driftAndObservability, "the host's exporter stops reporting metrics: rules on them cannot fire", target: brokerHosts,
                         parameters: [P(.metrics, "metrics its exporter stops reporting: " + Metric.allCases.map(\.rawValue).joined(separator: ", "),
                                        default: .names([]))],
                         compile: .perHost { f, h, _ in
                             .hideMetrics(h, mask: f.metrics.isEmpty ? UInt8.max
                                 : f.metrics.reduce(UInt8(0)) { $0 | (1 << UInt8(Metric.allCases.firstIndex(of: $1)!)) })
                         })
        case .clockSkew:
            return .init(.driftAndObservability, "the host's clock is off; an offer gateway off by more than the exchange's tolerance is refused",
                         target: brokerHosts,
                         parameters: [P(.offset, "how far the host's clock is off (may be negative)", explore: -5e9...5e9)],
                         compile: .perHost { f, h, _ in .clockSkew(h, nanos: f.offset) })
        }
    }
}
