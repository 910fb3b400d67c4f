import Chaos
import Kernel
import Stack

extension Reader {
    static var monitoringFields: [String] { monitoringTable.keys }
    static var ruleFields: [String] { ruleTable.keys }
    /// An alert rule as its entry is read.
    struct RuleDraft {
        var name: String?
        var metric: Metric?
        var comparison: AlertRule.Comparison?
        var threshold = 0.0
        var hold = SimDuration.zero
        mutating func compare(_ c: AlertRule.Comparison, _ f: YAMLValue) throws(ScenarioError) {
            if comparison != nil { throw f.error("a rule compares one way: above or below") }
            comparison = c
            threshold = try f.double(in: -1e12...1e12, "a threshold")
        }
    }
    static let ruleTable = FieldTable<RuleDraft>([
        ("name", { d, f, _ throws(ScenarioError) in d.name = try f.name() }),
        ("metric", { d, f, _ throws(ScenarioError) in d.metric = try f.oneOf(Metric.allCases.map { ($0.rawValue, $0) }, "metric") }),
        ("above", { d, f, _ throws(ScenarioError) in try d.compare(.above, f) }),
        ("below", { d, f, _ throws(ScenarioError) in try d.compare(.below, f) }),
        ("for", { d, f, _ throws(ScenarioError) in d.hold = try f.duration(atLeast: .zero, atMost: .hours(1)) }),
    ])
    static var operatorsFields: [String] { operatorsTable.keys }
    static var clientReportFields: [String] { clientReportTable.keys }
    static var healthCheckFields: [String] { healthCheckTable.keys }
    static var drFields: [String] { drTable.keys }
    /// The DR section as it is read (site and protects are required).
    struct DRDraft {
        var site: String?
        var protects: [String] = []
        var lag = SimDuration.seconds(1)
        var version: String?
        var config: String?
    }
    static let drTable = FieldTable<DRDraft>([
        ("site", { d, f, r throws(ScenarioError) in d.site = try r.site(f) }),
        ("protects", { d, f, r throws(ScenarioError) in for s in try f.list() { d.protects.append(try r.site(s)) } }),
        ("lag", { d, f, _ throws(ScenarioError) in d.lag = try f.duration(atLeast: .zero, atMost: .hours(1)) }),
        ("version", { d, f, _ throws(ScenarioError) in d.version = try f.label() }),
        ("config", { d, f, _ throws(ScenarioError) in d.config = try f.label() }),
    ])

    static let monitoringTable = FieldTable<MonitoringConfig>([
        ("site", { m, f, r throws(ScenarioError) in m.site = try r.site(f) }),
        ("console_site", { m, f, r throws(ScenarioError) in m.consoleSite = try r.site(f) }),
        ("scrape_interval", { m, f, _ throws(ScenarioError) in m.scrapeInterval = try f.duration(atLeast: .seconds(1), atMost: .hours(1)) }),
        ("rules", { m, f, r throws(ScenarioError) in m.rules = try Reader.alertRules(f, by: r) }),
        ("probe_interval", { m, f, _ throws(ScenarioError) in
            m.probeInterval = (try? f.string()) == "none" ? nil : try f.duration(atLeast: .minutes(1), atMost: .hours(24))
        }),
        ("pre_market", { m, f, r throws(ScenarioError) in
            if (try? f.string()) == "none" { m.preMarketFrom = nil; return }
            try Reader.preMarketTable.read(f, into: &m, by: r)
            if let from = m.preMarketFrom, from >= m.preMarketTo { throw f.error("from (\(from)) must be before to (\(m.preMarketTo))") }
        }),
        ("probe_timeout", { m, f, _ throws(ScenarioError) in m.probeTimeout = try f.duration(atLeast: .milliseconds(1), atMost: .minutes(10)) }),
    ])

    static let preMarketTable = FieldTable<MonitoringConfig>([
        ("from", { m, f, _ throws(ScenarioError) in m.preMarketFrom = try f.clockTime() }),
        ("to", { m, f, _ throws(ScenarioError) in m.preMarketTo = try f.clockTime() }),
        ("every", { m, f, _ throws(ScenarioError) in m.preMarketInterval = try f.duration(atLeast: .minutes(1), atMost: .hours(24)) }),
    ])

    /// `monitoring:` — or `monitoring: none` for a stack without one.
    mutating func readMonitoring(_ v: YAMLValue) throws(ScenarioError) {
        if (try? v.string()) == "none" { config.monitoring = nil; return }
        var m = config.monitoring ?? MonitoringConfig()
        try Reader.monitoringTable.read(v, into: &m, by: self)
        config.monitoring = m
    }

    /// `rules:` of the monitoring: each a metric compared one way with a threshold, held for a time.
    static func alertRules(_ f: YAMLValue, by reader: Reader) throws(ScenarioError) -> [AlertRule] {
        var rules: [AlertRule] = []
        for item in try f.list() {
            var d = RuleDraft()
            try Reader.ruleTable.read(item, into: &d, by: reader)
            guard let name = d.name, let metric = d.metric, let comparison = d.comparison else {
                throw item.error("a rule needs a name, a metric and above or below")
            }
            if rules.contains(where: { $0.name == name }) { throw item.error("rule \"\(name)\" is declared twice") }
            rules.append(AlertRule(name: name, metric: metric, comparison, d.threshold, for: d.hold))
        }
        if rules.count > MonitoringConfig.rulesMax { throw f.error("at most \(MonitoringConfig.rulesMax) rules") }
        return rules
    }

    static let operatorsTable = FieldTable<OperatorsConfig>([
        ("notice", { o, f, _ throws(ScenarioError) in o.notice = try f.distribution(durations: true) }),
        ("diagnose", { o, f, _ throws(ScenarioError) in o.diagnose = try f.distribution(durations: true) }),
        ("decide", { o, f, _ throws(ScenarioError) in o.decide = try f.distribution(durations: true) }),
        ("progress_interval", { o, f, _ throws(ScenarioError) in o.progressInterval = try f.duration(atLeast: .minutes(1), atMost: .hours(1)) }),
        ("client_reports", { o, f, r throws(ScenarioError) in try Reader.clientReportTable.read(f, into: &o.clientReports, by: r) }),
        ("runbooks", { o, f, r throws(ScenarioError) in
            var books: [Runbook] = []
            for item in try f.list() { books.append(try r.runbook(item, existing: books)) }
            if books.count > OperatorsConfig.runbooksMax { throw f.error("at most \(OperatorsConfig.runbooksMax) runbooks") }
            o.runbooks = books
        }),
    ])

    static let clientReportTable = FieldTable<ClientReportConfig>([
        ("failures", { c, f, _ throws(ScenarioError) in c.failures = try f.int(in: 0...1_000_000) }),
        ("timeout", { c, f, _ throws(ScenarioError) in c.timeout = try f.duration(atLeast: .milliseconds(1), atMost: .hours(1)) }),
        ("delay", { c, f, _ throws(ScenarioError) in c.delay = try f.distribution(durations: true) }),
        ("cooldown", { c, f, _ throws(ScenarioError) in c.cooldown = try f.duration(atLeast: .zero, atMost: .hours(24)) }),
    ])

    mutating func readOperators(_ v: YAMLValue) throws(ScenarioError) {
        var o = config.operators
        try Reader.operatorsTable.read(v, into: &o, by: self)
        config.operators = o
    }

    /// A runbook as its entry is read, with the stack its host names are checked against.
    struct RunbookDraft {
        var book = Runbook(name: "", steps: [])
        var hasSteps = false
        let topology: Topology
        let hostNames: [String]
    }

    static let runbookTable = FieldTable<RunbookDraft>([
        ("name", { d, f, _ throws(ScenarioError) in d.book.name = try f.name() }),
        ("for", { d, f, r throws(ScenarioError) in try Reader.runbookForTable.read(f, into: &d, by: r) }),
        ("level", { d, f, _ throws(ScenarioError) in d.book.level = try f.oneOf(ResponseLevel.allCases.map { ($0.rawValue, $0) }, "response level") }),
        ("automated", { d, f, r throws(ScenarioError) in
            try Reader.automatedTable.read(f, into: &d.book, by: r)
            guard d.book.automatedTake != nil else { throw f.error("an automated switch needs take: how long it runs") }
        }),
        ("steps", { d, f, r throws(ScenarioError) in
            d.hasSteps = true
            for s in try f.list() { d.book.steps.append(try r.step(s, topology: d.topology, hostNames: d.hostNames)) }
            if d.book.steps.count > Runbook.stepsMax { throw f.error("at most \(Runbook.stepsMax) steps") }
        }),
    ])
    static var runbookFields: [String] { runbookTable.keys }

    /// `for:` what a runbook is for: hosts, sites, fault kinds.
    static let runbookForTable = FieldTable<RunbookDraft>([
        ("hosts", { d, f, _ throws(ScenarioError) in
            for n in try f.list() { d.book.forHosts.append(try n.oneOf(d.hostNames.map { ($0, $0) }, "host")) }
        }),
        ("sites", { d, f, r throws(ScenarioError) in for n in try f.list() { d.book.forSites.append(try r.site(n)) } }),
        ("kinds", { d, f, _ throws(ScenarioError) in
            for n in try f.list() { d.book.forKinds.append(try n.oneOf(FaultKind.allCases.map { ($0.rawValue, $0.rawValue) }, "fault kind")) }
        }),
    ])

    /// `automated:` a switch the tooling runs by itself before any step: how long it takes, how often it fails.
    static let automatedTable = FieldTable<Runbook>([
        ("take", { b, f, _ throws(ScenarioError) in b.automatedTake = try f.distribution(durations: true) }),
        ("fails", { b, f, _ throws(ScenarioError) in b.automatedFailureProbability = try f.probability() }),
    ])

    /// A runbook; host and site names are checked against the stack the file describes.
    private func runbook(_ item: YAMLValue, existing: [Runbook]) throws(ScenarioError) -> Runbook {
        let topology: Topology
        do { topology = try Topology(config: config) } catch { throw item.error("\(error)") }
        let entries = try item.mapping(allowed: Reader.runbookFields)
        var d = RunbookDraft(topology: topology, hostNames: topology.hosts.map(\.name))
        try Reader.runbookTable.read(entries, into: &d, by: self)
        if d.book.name.isEmpty { throw item.error("a runbook needs a name") }
        if existing.contains(where: { $0.name == d.book.name }), let node = entries.first(where: { $0.key == "name" })?.value {
            throw node.error("runbook \"\(d.book.name)\" is declared twice")
        }
        if !d.hasSteps && d.book.automatedTake == nil { throw item.error("a runbook needs steps (or an automated switch)") }
        return d.book
    }

    /// What a runbook step does (`do:`).
    enum StepAction: String, CaseIterable {
        case switchOver = "switch_over", restart, install, drFailover = "dr_failover", drFailback = "dr_failback", drain, undrain
        case clearFault = "clear_fault", note
    }
    static var stepActions: [String] { StepAction.allCases.map(\.rawValue) }

    /// A step as its entry is read.
    struct StepDraft {
        var action: StepAction?
        var host: String?
        var site: String?
        var version: String?
        var config: String?
        var text: String?
        var take = Distribution.constant(0)
        let hostNames: [String]
    }

    static let stepTable = FieldTable<StepDraft>([
        ("do", { d, f, _ throws(ScenarioError) in d.action = try f.oneOf(StepAction.allCases.map { ($0.rawValue, $0) }, "step") }),
        ("host", { d, f, _ throws(ScenarioError) in d.host = try f.oneOf(d.hostNames.map { ($0, $0) }, "host") }),
        ("site", { d, f, r throws(ScenarioError) in d.site = try r.site(f) }),
        ("version", { d, f, _ throws(ScenarioError) in d.version = try f.label() }),
        ("config", { d, f, _ throws(ScenarioError) in d.config = try f.label() }),
        ("text", { d, f, _ throws(ScenarioError) in d.text = try f.string() }),
        ("take", { d, f, _ throws(ScenarioError) in d.take = try f.distribution(durations: true) }),
    ])
    static var stepFields: [String] { stepTable.keys }

    fileprivate func step(_ item: YAMLValue, topology: Topology, hostNames: [String]) throws(ScenarioError) -> RunbookStep {
        var d = StepDraft(hostNames: hostNames)
        try Reader.stepTable.read(item, into: &d, by: self)
        guard let action = d.action else { throw item.error("a step needs do: " + Reader.stepActions.joined(separator: ", ")) }
        func need<T>(_ value: T?, _ key: String) throws(ScenarioError) -> T {
            guard let value else { throw item.error("a \(action.rawValue) step needs \(key)") }
            return value
        }
        let result: RunbookAction
        switch action {
        case .switchOver: result = .switchOver(host: try need(d.host, "host"))
        case .restart: result = .restart(host: try need(d.host, "host"))
        case .install: result = .install(host: try need(d.host, "host"), version: d.version, config: d.config)
        case .drFailover, .drFailback:
            let s = try need(d.site, "site")
            guard config.disasterRecovery?.protects.contains(s) == true else {
                throw item.error("\(s) has no DR replicas; add it to dr.protects")
            }
            result = action == .drFailover ? .drFailover(site: s) : .drFailback(site: s)
        case .drain, .undrain:
            let h = try need(d.host, "host")
            guard topology.kind(of: topology.node(ofHost: topology.host(named: h)!)) == .gateway else {
                throw item.error("\(h) is not a gateway; only gateways sit behind a load balancer")
            }
            result = action == .drain ? .drain(host: h) : .undrain(host: h)
        case .clearFault: result = .clearFault
        case .note: result = .note(d.text ?? "check")
        }
        return RunbookStep(result, take: d.take)
    }

    static let healthCheckTable = FieldTable<HealthCheckConfig>([
        ("interval", { h, f, _ throws(ScenarioError) in h.interval = try f.duration(atLeast: .milliseconds(100), atMost: .minutes(10)) }),
        ("failures", { h, f, _ throws(ScenarioError) in h.failures = try f.int(in: 1...100) }),
        ("rises", { h, f, _ throws(ScenarioError) in h.rises = try f.int(in: 1...100) }),
        ("depth", { h, f, _ throws(ScenarioError) in h.depth = try f.oneOf(HealthCheckConfig.Depth.allCases.map { ($0.rawValue, $0) }, "check depth") }),
    ])

    func readHealthCheck(_ v: YAMLValue) throws(ScenarioError) -> HealthCheckConfig {
        var h = HealthCheckConfig()
        try Reader.healthCheckTable.read(v, into: &h, by: self)
        return h
    }

    mutating func readDR(_ v: YAMLValue) throws(ScenarioError) {
        var d = DRDraft()
        try Reader.drTable.read(v, into: &d, by: self)
        guard let siteName = d.site, !d.protects.isEmpty else { throw v.error("dr needs a site and the sites it protects") }
        if d.protects.contains(siteName) { throw v.error("the DR site cannot protect itself") }
        var dr = DRConfig(site: siteName, protects: d.protects)
        dr.lag = d.lag
        dr.version = d.version
        dr.config = d.config
        config.disasterRecovery = dr
    }

    static var guardFields: [String] { guardTable.keys }
    /// A guard as its entry is read.
    struct GuardDraft {
        var name: String?
        var at: SimTime?
        var after: SimDuration?
        var metric: Guard.Metric?
        var above: Double?
        var window = SimDuration.seconds(10)
        var action = GuardFiring.Action.stop
    }
    static let guardTable = FieldTable<GuardDraft>([
        ("name", { d, f, _ throws(ScenarioError) in d.name = try f.name() }),
        ("at", { d, f, _ throws(ScenarioError) in d.at = try f.clockTime() }),
        ("after_first_fault", { d, f, _ throws(ScenarioError) in d.after = try f.duration(atLeast: .zero, atMost: .hours(24)) }),
        ("metric", { d, f, _ throws(ScenarioError) in d.metric = try f.oneOf(Guard.Metric.allCases.map { ($0.rawValue, $0) }, "guard metric") }),
        ("above", { d, f, _ throws(ScenarioError) in d.above = try f.double(in: 0...1e9, "a threshold") }),
        ("window", { d, f, _ throws(ScenarioError) in d.window = try f.duration(atLeast: .seconds(1), atMost: .hours(1)) }),
        ("action", { d, f, _ throws(ScenarioError) in d.action = try f.oneOf(GuardFiring.Action.allCases.map { ($0.rawValue, $0) }, "guard action") }),
    ])

    /// `guards:` — each a timeout (`at` a clock time, or `after_first_fault`) or a threshold
    /// (`metric` `above` a value over `window`), with an `action`: rollback or stop.
    mutating func readGuards(_ v: YAMLValue) throws(ScenarioError) {
        for item in try v.list() {
            let entries = try item.mapping(allowed: Reader.guardFields)
            var d = GuardDraft()
            try Reader.guardTable.read(entries, into: &d, by: self)
            guard let name = d.name else { throw item.error("a guard needs a name") }
            if guards.contains(where: { $0.name == name }), let node = entries.first(where: { $0.key == "name" })?.value {
                throw node.error("guard \"\(name)\" is declared twice")
            }
            let (at, after, metric, above, window, action) = (d.at, d.after, d.metric, d.above, d.window, d.action)
            let triggers = [at != nil, after != nil, metric != nil].filter { $0 }.count
            guard triggers == 1 else { throw item.error("a guard needs exactly one of: at (a clock time), after_first_fault (a duration), metric (with above)") }
            let trigger: Guard.Trigger
            if let at {
                guard at > config.dayStart && at <= config.dayEnd else { throw item.error("at (\(at)) must fall inside the day") }
                trigger = .at(at)
            } else if let after {
                trigger = .afterFirstFault(after)
            } else {
                guard let above else { throw item.error("a threshold guard needs above: the value that stops it") }
                trigger = .threshold(metric!, above: above, window: window)
            }
            guards.append(Guard(name: name, trigger: trigger, action: action))
        }
    }
}
