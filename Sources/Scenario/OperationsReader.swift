import Chaos
import Kernel
import Stack

extension Reader {
    static var monitoringFields: [String] { monitoringTable.keys }
    static let ruleFields = ["name", "metric", "above", "below", "for"]
    static var operatorsFields: [String] { operatorsTable.keys }
    static var clientReportFields: [String] { clientReportTable.keys }
    static let runbookFields = ["name", "for", "level", "automated", "steps"]
    static let stepFields = ["do", "host", "site", "version", "config", "text", "take"]
    static let stepActions = ["switch_over", "restart", "install", "dr_failover", "dr_failback", "drain", "undrain", "clear_fault", "note"]
    static var healthCheckFields: [String] { healthCheckTable.keys }
    static let drFields = ["site", "protects", "lag", "version", "config"]

    static let monitoringTable = FieldTable<MonitoringConfig>([
        ("site", { m, f, r throws(ScenarioError) in m.site = try r.site(f) }),
        ("console_site", { m, f, r throws(ScenarioError) in m.consoleSite = try r.site(f) }),
        ("scrape_interval", { m, f, _ throws(ScenarioError) in m.scrapeInterval = try f.duration(atLeast: .seconds(1), atMost: .hours(1)) }),
        ("rules", { m, f, _ throws(ScenarioError) in m.rules = try Reader.alertRules(f) }),
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
    static func alertRules(_ f: YAMLValue) throws(ScenarioError) -> [AlertRule] {
        var rules: [AlertRule] = []
        for item in try f.list() {
            var name: String?, metric: Metric?, comparison: AlertRule.Comparison?, threshold = 0.0, hold = SimDuration.zero
            for (k, r) in try item.mapping(allowed: Reader.ruleFields) {
                switch k {
                case "name": name = try r.name()
                case "metric": metric = try r.oneOf(Metric.allCases.map { ($0.rawValue, $0) }, "metric")
                case "above", "below":
                    if comparison != nil { throw r.error("a rule compares one way: above or below") }
                    comparison = k == "above" ? .above : .below
                    threshold = try r.double(in: -1e12...1e12, "a threshold")
                default: hold = try r.duration(atLeast: .zero, atMost: .hours(1))
                }
            }
            guard let name, let metric, let comparison else { throw item.error("a rule needs a name, a metric and above or below") }
            if rules.contains(where: { $0.name == name }) { throw item.error("rule \"\(name)\" is declared twice") }
            rules.append(AlertRule(name: name, metric: metric, comparison, threshold, for: hold))
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

    /// A runbook; host and site names are checked against the stack the file describes.
    private func runbook(_ item: YAMLValue, existing: [Runbook]) throws(ScenarioError) -> Runbook {
        let topology: Topology
        do { topology = try Topology(config: config) } catch { throw item.error("\(error)") }
        let hostNames = topology.hosts.map(\.name)
        var book = Runbook(name: "", steps: [])
        var hasSteps = false
        for (key, f) in try item.mapping(allowed: Reader.runbookFields) {
            switch key {
            case "name":
                book.name = try f.name()
                if existing.contains(where: { $0.name == book.name }) { throw f.error("runbook \"\(book.name)\" is declared twice") }
            case "for":
                for (k, list) in try f.mapping(allowed: ["hosts", "sites", "kinds"]) {
                    for n in try list.list() {
                        switch k {
                        case "hosts": book.forHosts.append(try n.oneOf(hostNames.map { ($0, $0) }, "host"))
                        case "sites": book.forSites.append(try site(n))
                        default: book.forKinds.append(try n.oneOf(FaultKind.allCases.map { $0.rawValue }.map { ($0, $0) }, "fault kind"))
                        }
                    }
                }
            case "level": book.level = try f.oneOf(ResponseLevel.allCases.map { ($0.rawValue, $0) }, "response level")
            case "automated":
                var take: Distribution?
                for (k, a) in try f.mapping(allowed: ["take", "fails"]) {
                    if k == "take" { take = try a.distribution(durations: true) } else { book.automatedFailureProbability = try a.probability() }
                }
                guard let take else { throw f.error("an automated switch needs take: how long it runs") }
                book.automatedTake = take
            default:
                hasSteps = true
                for s in try f.list() { book.steps.append(try step(s, topology: topology, hostNames: hostNames)) }
                if book.steps.count > Runbook.stepsMax { throw f.error("at most \(Runbook.stepsMax) steps") }
            }
        }
        if book.name.isEmpty { throw item.error("a runbook needs a name") }
        if !hasSteps && book.automatedTake == nil { throw item.error("a runbook needs steps (or an automated switch)") }
        return book
    }

    private func step(_ item: YAMLValue, topology: Topology, hostNames: [String]) throws(ScenarioError) -> RunbookStep {
        let entries = try item.mapping(allowed: Reader.stepFields)
        guard let doValue = entries.first(where: { $0.key == "do" })?.value else {
            throw item.error("a step needs do: " + Reader.stepActions.joined(separator: ", "))
        }
        let action = try doValue.oneOf(Reader.stepActions.map { ($0, $0) }, "step")
        var host: String?, siteName: String?, version: String?, configLabel: String?, text: String?
        var take = Distribution.constant(0)
        for (key, f) in entries {
            switch key {
            case "do": break
            case "host": host = try f.oneOf(hostNames.map { ($0, $0) }, "host")
            case "site": siteName = try site(f)
            case "version": version = try f.label()
            case "config": configLabel = try f.label()
            case "text": text = try f.string()
            default: take = try f.distribution(durations: true)
            }
        }
        func need<T>(_ value: T?, _ key: String) throws(ScenarioError) -> T {
            guard let value else { throw item.error("a \(action) step needs \(key)") }
            return value
        }
        let result: RunbookAction
        switch action {
        case "switch_over": result = .switchOver(host: try need(host, "host"))
        case "restart": result = .restart(host: try need(host, "host"))
        case "install": result = .install(host: try need(host, "host"), version: version, config: configLabel)
        case "dr_failover", "dr_failback":
            let s = try need(siteName, "site")
            guard config.disasterRecovery?.protects.contains(s) == true else {
                throw item.error("\(s) has no DR replicas; add it to dr.protects")
            }
            result = action == "dr_failover" ? .drFailover(site: s) : .drFailback(site: s)
        case "drain", "undrain":
            let h = try need(host, "host")
            guard topology.kind(of: topology.node(ofHost: topology.host(named: h)!)) == .gateway else {
                throw item.error("\(h) is not a gateway; only gateways sit behind a load balancer")
            }
            result = action == "drain" ? .drain(host: h) : .undrain(host: h)
        case "clear_fault": result = .clearFault
        default: result = .note(text ?? "check")
        }
        return RunbookStep(result, take: take)
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
        var siteName: String?, protects: [String] = [], lag = SimDuration.seconds(1), version: String?, configLabel: String?
        for (key, f) in try v.mapping(allowed: Reader.drFields) {
            switch key {
            case "site": siteName = try site(f)
            case "protects":
                for s in try f.list() { protects.append(try site(s)) }
            case "lag": lag = try f.duration(atLeast: .zero, atMost: .hours(1))
            case "version": version = try f.label()
            default: configLabel = try f.label()
            }
        }
        guard let siteName, !protects.isEmpty else { throw v.error("dr needs a site and the sites it protects") }
        if protects.contains(siteName) { throw v.error("the DR site cannot protect itself") }
        var dr = DRConfig(site: siteName, protects: protects)
        dr.lag = lag
        dr.version = version
        dr.config = configLabel
        config.disasterRecovery = dr
    }

    static let guardFields = ["name", "at", "after_first_fault", "metric", "above", "window", "action"]

    /// `guards:` — each a timeout (`at` a clock time, or `after_first_fault`) or a threshold
    /// (`metric` `above` a value over `window`), with an `action`: rollback or stop.
    mutating func readGuards(_ v: YAMLValue) throws(ScenarioError) {
        for item in try v.list() {
            var name: String?, at: SimTime?, after: SimDuration?, metric: Guard.Metric?, above: Double?
            var window = SimDuration.seconds(10), action = GuardFiring.Action.stop
            for (key, f) in try item.mapping(allowed: Reader.guardFields) {
                switch key {
                case "name":
                    name = try f.name()
                    if guards.contains(where: { $0.name == name }) { throw f.error("guard \"\(name!)\" is declared twice") }
                case "at": at = try f.clockTime()
                case "after_first_fault": after = try f.duration(atLeast: .zero, atMost: .hours(24))
                case "metric": metric = try f.oneOf(Guard.Metric.allCases.map { ($0.rawValue, $0) }, "guard metric")
                case "above": above = try f.double(in: 0...1e9, "a threshold")
                case "window": window = try f.duration(atLeast: .seconds(1), atMost: .hours(1))
                default: action = try f.oneOf(GuardFiring.Action.allCases.map { ($0.rawValue, $0) }, "guard action")
                }
            }
            guard let name else { throw item.error("a guard needs a name") }
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
