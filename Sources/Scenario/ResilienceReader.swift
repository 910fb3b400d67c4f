import Boundary
import Kernel
import Stack

extension Reader {
    static var standbyFields: [String] { standbyTable.keys }
    static var softwareFields: [String] { softwareTable.keys }
    static var resilienceFields: [String] { resilienceTable.keys }

    static let standbyTable = FieldTable<StandbyConfig>([
        ("failover", { s, f, _ throws(ScenarioError) in s.failover = try f.oneOf(StandbyConfig.Failover.allCases.map { ($0.rawValue, $0) }, "failover") }),
        ("version", { s, f, _ throws(ScenarioError) in s.version = try f.label() }),
        ("config", { s, f, _ throws(ScenarioError) in s.config = try f.label() }),
    ])

    /// A host's software, or the overrides of one host's.
    static let softwareTable = FieldTable<HostSoftwareOverride>([
        ("version", { o, f, _ throws(ScenarioError) in o.version = try f.label() }),
        ("config", { o, f, _ throws(ScenarioError) in o.config = try f.label() }),
    ])

    static let resilienceTable = FieldTable<ResilienceConfig>([
        ("heartbeat_interval", { r, f, _ throws(ScenarioError) in r.heartbeatInterval = try f.duration(atLeast: .milliseconds(1), atMost: .minutes(10)) }),
        ("heartbeat_timeout", { r, f, _ throws(ScenarioError) in r.heartbeatTimeout = try f.duration(atLeast: .milliseconds(1), atMost: .hours(1)) }),
        ("retransmit_timeout", { r, f, _ throws(ScenarioError) in r.retransmitTimeout = try f.duration(atLeast: .microseconds(1), atMost: .minutes(1)) }),
        ("retransmits_max", { r, f, _ throws(ScenarioError) in r.retransmitsMax = try f.int(in: 0...ResilienceConfig.retransmitsLimit) }),
        ("session_buffer_max", { r, f, _ throws(ScenarioError) in r.sessionBufferMax = try f.int(in: 0...ResilienceConfig.sessionBufferLimit) }),
        ("logon_retry_interval", { r, f, _ throws(ScenarioError) in r.logonRetryInterval = try f.duration(atLeast: .seconds(1), atMost: .hours(1)) }),
    ])

    /// `standby: { failover: automatic|manual, version, config }`.
    func standby(_ v: YAMLValue) throws(ScenarioError) -> StandbyConfig {
        var s = StandbyConfig()
        try Reader.standbyTable.read(v, into: &s, by: self)
        return s
    }

    /// `software: { version, config }`: what every host runs.
    mutating func readSoftware(_ v: YAMLValue) throws(ScenarioError) {
        var o = HostSoftwareOverride(host: "")
        try Reader.softwareTable.read(v, into: &o, by: self)
        if let version = o.version { config.software.version = version }
        if let label = o.config { config.software.config = label }
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
                var message = "no host called \"\(Excerpt.of(name))\""
                if let guess = Suggestion.closest(to: name, in: names) { message += "; did you mean \"\(guess)\"?" }
                throw ScenarioError(file: v.file, line: value.keyLine, column: value.keyColumn, field: v.path, message: message)
            }
            var o = HostSoftwareOverride(host: name)
            try Reader.softwareTable.read(value, into: &o, by: self)
            overrides.append(o)
        }
        config.hostSoftware = overrides
    }

    mutating func readResilience(_ v: YAMLValue) throws(ScenarioError) {
        var r = config.resilience
        try Reader.resilienceTable.read(v, into: &r, by: self)
        config.resilience = r
    }
}
