import Kernel

/// What software a host runs: a version and a configuration label (a hash, in production).
/// Production, backup and DR hosts must match (SPEC §6); where a standby's differ from what an
/// exchange link needs, the standby cannot log on (SPEC §5 "configuration drift").
public struct HostSoftware: Equatable, Sendable {
    public var version: String
    public var config: String
    public init(version: String, config: String) { self.version = version; self.config = config }
    public static let production = HostSoftware(version: "1.0.0", config: "prod")
}

/// A hot standby for every instance of a component, on the instance's own site. The standby
/// holds a synchronous copy of the instance's state: when it takes over, the work the primary
/// had accepted is served again; only messages that were on their way to the dead host wait
/// for the senders' sessions to resend them.
public struct StandbyConfig: Equatable, Sendable {
    public enum Failover: String, CaseIterable, Sendable {
        /// The standby promotes itself when the primary's heartbeats stop.
        case automatic
        /// Only an operator's switch-over promotes it.
        case manual
    }

    public var failover: Failover
    /// The standbys' software where it differs from the primary's (`nil`: the same).
    public var version: String?
    public var config: String?

    public init(failover: Failover = .automatic, version: String? = nil, config: String? = nil) {
        self.failover = failover; self.version = version; self.config = config
    }
}

/// One host's software set explicitly (by host name: `offer-sse-shenzhen-standby`).
public struct HostSoftwareOverride: Equatable, Sendable {
    public var host: String
    public var version: String?
    public var config: String?
    public init(host: String, version: String? = nil, config: String? = nil) {
        self.host = host; self.version = version; self.config = config
    }
}

/// How the stack's sessions and high-availability pairs behave.
public struct ResilienceConfig: Equatable, Sendable {
    /// An active host sends its standby a heartbeat every `heartbeatInterval`; the standby
    /// takes over after `heartbeatTimeout` without one (automatic failover only).
    public var heartbeatInterval = SimDuration.seconds(1)
    public var heartbeatTimeout = SimDuration.seconds(3)
    /// A session resends a message the network lost after this long, doubling each time, up
    /// to `retransmitsMax` times (TCP's 200 ms minimum retransmission timeout).
    public var retransmitTimeout = SimDuration.milliseconds(200)
    public var retransmitsMax = 8
    /// Messages the senders' sessions hold for one node while it is down, to resend once it is
    /// back; past this bound the newest are lost (and counted).
    public var sessionBufferMax = 1_000_000
    /// How long a client waits on a request its session could not deliver before giving up
    /// (its app reports the failure; it does not send the request again later).
    public var clientGiveUp = SimDuration.seconds(30)
    /// How often an offer gateway whose exchange logon failed tries again.
    public var logonRetryInterval = SimDuration.seconds(30)

    public init() {}

    public static let retransmitsLimit = 16
    public static let sessionBufferLimit = 10_000_000
}

/// The gateways' load balancer on each site and how it checks them: every `interval` a check
/// per gateway; `failures` failed checks in a row take it out of rotation, `rises` passed ones
/// put it back. A shallow check opens a connection, which a hung process still accepts (SPEC
/// §5: it keeps getting traffic); a deep check sends a request, which only a running one answers.
public struct HealthCheckConfig: Equatable, Sendable {
    public enum Depth: String, CaseIterable, Sendable { case shallow, deep }
    public var interval = SimDuration.seconds(5)
    public var failures = 3
    public var rises = 2
    public var depth = Depth.shallow
    public init() {}
}

/// The DR site (SPEC §6): every broker system on the protected sites has a replica there, fed
/// by asynchronous journal replication that lags by `lag`. A failover (an operator's decision)
/// runs the protected sites' systems on their replicas; what was journaled in the last `lag`
/// before the primary went down never reached the replica — the RPO, counted and reported.
public struct DRConfig: Equatable, Sendable {
    public var site: String
    public var protects: [String]
    public var lag = SimDuration.seconds(1)
    /// The replicas' software where it differs from production.
    public var version: String?
    public var config: String?
    public init(site: String, protects: [String]) { self.site = site; self.protects = protects }
}
