import Kernel
import Stack

extension Reader {
    static let standbyFields = ["failover", "version", "config"]
    static let softwareFields = ["version", "config"]
    static let resilienceFields = ["heartbeat_interval", "heartbeat_timeout", "retransmit_timeout", "retransmits_max",
                                   "session_buffer_max", "logon_retry_interval"]

    /// `standby: { failover: automatic|manual, version, config }`.
    func standby(_ v: YAMLValue) throws(ScenarioError) -> StandbyConfig {
        var s = StandbyConfig()
        for (key, f) in try v.mapping(allowed: Reader.standbyFields) {
            switch key {
            case "failover": s.failover = try f.oneOf(StandbyConfig.Failover.allCases.map { ($0.rawValue, $0) }, "failover")
            case "version": s.version = try f.label()
            default: s.config = try f.label()
            }
        }
        return s
    }

    /// `software: { version, config }`: what every host runs.
    mutating func readSoftware(_ v: YAMLValue) throws(ScenarioError) {
        for (key, f) in try v.mapping(allowed: Reader.softwareFields) {
            if key == "version" { config.software.version = try f.label() } else { config.software.config = try f.label() }
        }
    }

    /// `hosts: { <host>: { version, config } }`: hosts that run other software, checked against
    /// the hosts the stack will have.
    mutating func readHosts(_ v: YAMLValue) throws(ScenarioError) {
        let topology: Topology
        do { topology = try Topology(config: config) } catch { throw v.error("\(error)") }
        let names = topology.hosts.map(\.name)
        var overrides: [HostSoftwareOverride] = []
        for (name, value) in try v.anyMapping() {
            guard names.contains(name) else {
                var message = "no host called \"\(name)\""
                if let guess = Suggestion.closest(to: name, in: names) { message += "; did you mean \"\(guess)\"?" }
                throw ScenarioError(file: v.file, line: value.keyLine, column: value.keyColumn, field: v.path, message: message)
            }
            var o = HostSoftwareOverride(host: name)
            for (key, f) in try value.mapping(allowed: Reader.softwareFields) {
                if key == "version" { o.version = try f.label() } else { o.config = try f.label() }
            }
            overrides.append(o)
        }
        config.hostSoftware = overrides
    }

    mutating func readResilience(_ v: YAMLValue) throws(ScenarioError) {
        var r = config.resilience
        for (key, f) in try v.mapping(allowed: Reader.resilienceFields) {
            switch key {
            case "heartbeat_interval": r.heartbeatInterval = try f.duration(atLeast: .milliseconds(1), atMost: .minutes(10))
            case "heartbeat_timeout": r.heartbeatTimeout = try f.duration(atLeast: .milliseconds(1), atMost: .hours(1))
            case "retransmit_timeout": r.retransmitTimeout = try f.duration(atLeast: .microseconds(1), atMost: .minutes(1))
            case "retransmits_max": r.retransmitsMax = try f.int(in: 0...ResilienceConfig.retransmitsLimit)
            case "session_buffer_max": r.sessionBufferMax = try f.int(in: 0...ResilienceConfig.sessionBufferLimit)
            default: r.logonRetryInterval = try f.duration(atLeast: .seconds(1), atMost: .hours(1))
            }
        }
        config.resilience = r
    }
}
