import Stack

/// The fault catalogue (SPEC §5). Every kind takes a target, a start (a clock time, an offset,
/// or after another fault), an optional duration and its own parameters; `parameters` says
/// which, with their defaults, and `FaultPlan` turns a fault into stack and network changes.
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
    }

    public var target: Target {
        switch self {
        case .hostCrash, .hostReboot, .hostHang, .processKill, .processPause, .appException, .requestLatency,
             .malformedRequests, .connectionPoolFull, .rateLimit, .circuitBreaker, .configDrift, .monitoringBlindSpot, .clockSkew:
            return .hosts(kinds: FaultPlan.hostTargetKinds, tiers: [])
        case .cpuLoad, .memoryExhaustion, .diskFull, .ioLoad, .dataTampering, .resourceExhaustion:
            return .hosts(kinds: [.tier], tiers: [])
        case .databaseSlow, .databaseUnavailable: return .hosts(kinds: [.tier], tiers: [.normal])
        case .middlewareSlow, .middlewareUnavailable: return .hosts(kinds: [.dispatch], tiers: [])
        case .dnsFailure: return .hosts(kinds: [.gateway], tiers: [])
        case .linkLatency, .linkJitter, .linkLoss, .linkDuplication, .linkReorder, .linkCut: return .between
        case .partition: return .groups
        case .siteLoss, .healthCheckBlindSpot: return .site
        }
    }

    /// One parameter of a kind: its key, what it means, and its default (`nil`: required).
    public struct Parameter: Sendable, Equatable {
        public var key: String
        public var meaning: String
        public var defaultValue: String?
    }

    /// The kind's own parameters beyond target, start and duration.
    public var parameters: [Parameter] {
        func p(_ key: String, _ meaning: String, _ value: String? = nil) -> Parameter { Parameter(key: key, meaning: meaning, defaultValue: value) }
        switch self {
        case .cpuLoad: return [p("factor", "service-time multiplier on the host", "2"), p("utilization", "share of the CPU burnt, as a monitor reads it", "1")]
        case .memoryExhaustion: return [p("queue_limit", "instructions the tier can still hold waiting", "0")]
        case .ioLoad: return [p("delay", "extra time per instruction for its journal writes", "5ms")]
        case .linkLatency: return [p("delay", "one-way delay added")]
        case .linkJitter: return [p("jitter", "extra delay per message, a duration distribution")]
        case .linkLoss:
            return [p("probability", "share of packets lost (the sessions resend them)"),
                    p("direction", "both, forward (first end to second) or backward", "both"),
                    p("messages", "message kinds affected: " + StackMessage.kindNames.joined(separator: ", "), "all")]
        case .linkDuplication: return [p("probability", "share of packets delivered twice")]
        case .linkReorder: return [p("probability", "share of packets held back on the wire"), p("delay", "how long they are held", "5ms")]
        case .partition: return [p("groups", "two or more lists of sites or hosts that cannot reach each other")]
        case .appException: return [p("probability", "share of instructions that fail with an exception", "0.1")]
        case .dataTampering: return [p("probability", "share of fills booked at a wrong price", "0.01")]
        case .resourceExhaustion: return [p("concurrency", "instructions the tier can still serve at once", "1")]
        case .requestLatency: return [p("delay", "extra time per instruction")]
        case .malformedRequests: return [p("probability", "share of requests refused as malformed", "0.05")]
        case .connectionPoolFull: return [p("probability", "share of requests refused as busy", "1")]
        case .rateLimit: return [p("rate", "instructions admitted per second; the rest refused as busy")]
        case .databaseSlow, .middlewareSlow: return [p("delay", "extra time per instruction", "50ms")]
        case .configDrift: return [p("version", "the version the host runs instead", "unchanged"), p("config", "the configuration it runs instead", "unchanged")]
        case .monitoringBlindSpot: return [p("metrics", "metrics its exporter stops reporting: " + Metric.allCases.map(\.rawValue).joined(separator: ", "), "all")]
        case .clockSkew: return [p("offset", "how far the host's clock is off (may be negative)")]
        default: return []
        }
    }

    /// What the fault does, in a line, for `firedrill faults` and the docs.
    public var summary: String {
        switch self {
        case .hostCrash: return "the host fails; senders hold their messages; at the end it restarts empty-handed (asset stores are durable)"
        case .hostReboot: return "the host fails and boots again after its duration (default 2m)"
        case .hostHang: return "the process hangs: it accepts messages and never answers; at the end it restarts"
        case .cpuLoad: return "CPU burnt on a tier host: service times multiplied by factor"
        case .memoryExhaustion: return "a tier can hold only queue_limit waiting instructions; the rest are refused as busy"
        case .diskFull: return "a tier's journal writes fail: it refuses orders as unavailable"
        case .ioLoad: return "a tier's journal writes slow down: each instruction takes delay longer"
        case .linkLatency: return "delay added to every message on the links"
        case .linkJitter: return "extra delay per message drawn from jitter"
        case .linkLoss: return "packets lost (by direction and message kind); the sessions resend them after a timeout"
        case .linkDuplication: return "packets delivered twice; the sessions discard the copy"
        case .linkReorder: return "packets held back so later ones overtake them; the sessions restore the order"
        case .linkCut: return "the links go down; what is in flight and what is sent meanwhile is lost"
        case .partition: return "the groups cannot reach each other; what crosses is lost"
        case .dnsFailure: return "clients cannot resolve the gateway's name: they cannot connect to it"
        case .processKill: return "the process is killed; its supervisor restarts it after the duration (default 10s)"
        case .processPause: return "the process is stopped and resumes at the end with everything it held"
        case .appException: return "a share of instructions fail with an exception (refused as unavailable)"
        case .dataTampering: return "a share of fills are booked a fen off; only the clearing reconciliation can tell"
        case .resourceExhaustion: return "a tier's worker pool shrinks to concurrency"
        case .requestLatency: return "every instruction the node handles takes delay longer"
        case .malformedRequests: return "a share of requests are garbled and refused as malformed"
        case .connectionPoolFull: return "the connection pool is full: requests are refused as busy"
        case .rateLimit: return "a rate limiter admits rate instructions per second and refuses the rest as busy"
        case .circuitBreaker: return "a tripped circuit breaker fails every request fast (unavailable)"
        case .databaseSlow: return "the normal tier's database is slow: each instruction takes delay longer"
        case .databaseUnavailable: return "the normal tier's database is down: orders are refused as unavailable"
        case .middlewareSlow: return "the dispatch centre's message bus is slow: each message takes delay longer"
        case .middlewareUnavailable: return "the dispatch centre's bus is down: fund requests fail"
        case .siteLoss: return "every broker host of the site fails (fire, power): only a DR failover restores service"
        case .configDrift: return "the host runs another version or configuration; an offer gateway cannot log on to its exchange"
        case .healthCheckBlindSpot: return "the site's load balancer stops checking its gateways: a failed one stays in rotation"
        case .monitoringBlindSpot: return "the host's exporter stops reporting metrics: rules on them cannot fire"
        case .clockSkew: return "the host's clock is off; an offer gateway off by more than the exchange's tolerance is refused"
        }
    }

    /// The kind's family, for the catalogue listing.
    public var family: String {
        switch self {
        case .hostCrash, .hostReboot, .hostHang, .cpuLoad, .memoryExhaustion, .diskFull, .ioLoad: return "host"
        case .linkLatency, .linkJitter, .linkLoss, .linkDuplication, .linkReorder, .linkCut, .partition, .dnsFailure: return "network"
        case .processKill, .processPause, .appException, .dataTampering, .resourceExhaustion, .requestLatency: return "application"
        case .malformedRequests, .connectionPoolFull, .rateLimit, .circuitBreaker: return "request interception"
        case .databaseSlow, .databaseUnavailable, .middlewareSlow, .middlewareUnavailable: return "middleware and database"
        case .siteLoss: return "site"
        case .configDrift, .healthCheckBlindSpot, .monitoringBlindSpot, .clockSkew: return "drift and observability"
        }
    }
}
