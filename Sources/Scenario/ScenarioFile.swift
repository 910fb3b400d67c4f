import Boundary
import Chaos
import Exchange
import Foundation
import Kernel
import Stack

/// Reads a scenario file into a `StackConfig`. Every field is optional and starts from
/// `StackConfig()`'s default; a list given in the file (sites, tiers, clients…) replaces the
/// default list, each entry starting from the default entry of its kind. Nothing invalid
/// gets through: each problem is a `ScenarioError` at its `file:line:column`.
public enum ScenarioFile {
    /// Reads and decodes the file at `path`: the stack only.
    public static func load(path: String, boundary: FileBoundary = .workingDirectory) throws(ScenarioError) -> StackConfig {
        try loadDocument(path: path, boundary: boundary).stack
    }

    /// Reads and decodes the file at `path`: the stack and its fault plan. With `layout`, the
    /// layout file's topology sections replace the scenario's. Files are read through
    /// `boundary`; `origin` says who named `path` (the layout is always the operator's).
    public static func loadDocument(path: String, layout: String? = nil, boundary: FileBoundary = .workingDirectory,
                                    origin: FileBoundary.Origin = .commandLine) throws(ScenarioError) -> ScenarioDocument {
        let overlay = try layout.map { l throws(ScenarioError) in (text: try YAMLFile.text(l, from: origin, in: boundary), file: l) }
        return try decodeDocument(try YAMLFile.text(path, from: origin, in: boundary), file: path, layout: overlay, boundary: boundary)
    }

    /// Decodes scenario `text` (the stack only); `file` names it in errors.
    public static func decode(_ text: String, file: String) throws(ScenarioError) -> StackConfig {
        try decodeDocument(text, file: file).stack
    }

    /// Decodes scenario `text`; `file` names it in errors, and the fault definitions it uses are
    /// read through `boundary`.
    public static func decodeDocument(_ text: String, file: String, layout: (text: String, file: String)? = nil,
                                      boundary: FileBoundary = .workingDirectory) throws(ScenarioError) -> ScenarioDocument {
        let root = try YAMLFile.root(text, file: file, emptyHint: "a scenario is a mapping (see Scenarios/default.yaml)")
        let overlay = try layout.map { l throws(ScenarioError) in
            try YAMLFile.root(l.text, file: l.file, emptyHint: "a layout is a mapping with `layout: <name>` and topology sections")
        }
        var reader = Reader(file: file, boundary: boundary)
        let stack = try reader.read(root, layout: overlay)
        var document = ScenarioDocument(stack: stack, faults: reader.faults, policy: reader.policy, policyGiven: reader.policyGiven, guards: reader.guards,
                                        definitionsRead: reader.definitionsRead)
        document.faultPlaces = reader.faultPlaces
        return document
    }

    /// Every problem in the scenario `text` (with `layout` over it), rather than the first: one
    /// per section that fails. Empty when the file is valid.
    public static func problems(_ text: String, file: String, layout: (text: String, file: String)? = nil,
                                boundary: FileBoundary = .workingDirectory) -> [ScenarioError] {
        do {
            let root = try YAMLFile.root(text, file: file, emptyHint: "a scenario is a mapping (see Scenarios/default.yaml)")
            let overlay = try layout.map { l throws(ScenarioError) in
                try YAMLFile.root(l.text, file: l.file, emptyHint: "a layout is a mapping with `layout: <name>` and topology sections")
            }
            var reader = Reader(file: file, boundary: boundary)
            reader.collecting = true
            _ = try reader.read(root, layout: overlay)
            return reader.errors
        } catch {
            return [error]
        }
    }
}

/// The decoding pass: one method per section.
struct Reader {
    let file: String
    /// What the fault definitions a scenario uses may be read from.
    var boundary: FileBoundary = .workingDirectory
    /// A definition read from this path (and no other) for `use: <name>`: the file `validate` checks.
    var pinnedDefinition: (name: String, path: String)?
    var config = StackConfig()
    var siteNames: [String] = []
    var faults: [FaultSpec] = []
    /// The faults' names, for the duplicate and `after:` checks in constant time (never iterated).
    var faultNames: Set<String> = []
    var faultIndex: [String: Int] = [:]
    /// Where each fault's entry is, parallel to `faults`.
    var faultPlaces: [ScenarioError] = []
    var guards: [Guard] = []
    /// The `Faults/` definitions the file's faults start from (`use:`), as found, in first-use order.
    var definitionsRead: [String] = []
    var policy: String? = ScenarioDocument.defaultPolicy
    var policyGiven = false
    /// Whether to note errors and go on (`validate`) rather than stop at the first.
    var collecting = false
    var errors: [ScenarioError] = []

    static let topKeys = ["name", "description", "seed", "day", "sessions", "sites", "distances", "links", "tiers",
                          "gateway", "offer", "dispatch", "clearing", "exchanges", "clients", "routing", "sla", "message_bytes",
                          "faults", "policy", "software", "hosts", "resilience", "monitoring", "operators", "dr", "guards",
                          "services", "routes"]

    init(file: String, boundary: FileBoundary = .workingDirectory) { self.file = file; self.boundary = boundary }

    /// Reads the scenario at `root`; a layout's sections (`layout`) replace the scenario's own.
    /// When `collecting`, a failing section is noted in `errors` and reading goes on with the next.
    mutating func read(_ root: YAMLValue, layout: YAMLValue? = nil) throws(ScenarioError) -> StackConfig {
        var entries = try root.mapping(allowed: Reader.topKeys)
        if let layout {
            let overlay = try layout.mapping(allowed: LayoutFile.keys).filter { Reader.topKeys.contains($0.key) && $0.key != "name" && $0.key != "description" }
            entries = entries.filter { e in !overlay.contains { $0.key == e.key } } + overlay
        }
        // Sites first: everything else refers to them by name, so nothing goes on without them.
        if let v = entries.first(where: { $0.key == "sites" })?.value { try readSites(v) }
        siteNames = config.sites.map(\.name)
        try section("name", entries) { r, v throws(ScenarioError) in r.config.name = try v.name() }
        try section("description", entries) { _, v throws(ScenarioError) in _ = try v.string() }
        try section("seed", entries) { r, v throws(ScenarioError) in r.config.seed = UInt64(try v.int(in: 0...Int.max)) }
        try section("day", entries) { r, v throws(ScenarioError) in try r.readDay(v) }
        try section("sessions", entries) { r, v throws(ScenarioError) in try r.readSessions(v) }
        try section("distances", entries) { r, v throws(ScenarioError) in try r.readDistances(v) }
        try section("links", entries) { r, v throws(ScenarioError) in try r.readLinks(v) }
        try section("tiers", entries) { r, v throws(ScenarioError) in try r.readTiers(v) }
        try section("gateway", entries) { r, v throws(ScenarioError) in try r.readGateway(v) }
        try section("offer", entries) { r, v throws(ScenarioError) in try r.readOffer(v) }
        try section("dispatch", entries) { r, v throws(ScenarioError) in try r.readDispatch(v) }
        try section("clearing", entries) { r, v throws(ScenarioError) in
            for (key, value) in try v.mapping(allowed: ["site", "standby"]) {
                if key == "site" { r.config.clearingSite = try r.site(value) } else { r.config.clearingStandby = try r.standby(value) }
            }
        }
        try section("exchanges", entries) { r, v throws(ScenarioError) in try r.readExchanges(v) }
        try section("clients", entries) { r, v throws(ScenarioError) in try r.readClients(v) }
        try section("routing", entries) { r, v throws(ScenarioError) in try r.readRouting(v) }
        try section("services", entries) { r, v throws(ScenarioError) in try r.readServices(v) }
        try section("routes", entries) { r, v throws(ScenarioError) in try r.readRoutes(v) }
        try section("sla", entries) { r, v throws(ScenarioError) in try r.readSLA(v) }
        try section("message_bytes", entries) { r, v throws(ScenarioError) in r.config.messageBytes = try v.int(in: 16...65_536) }
        try section("software", entries) { r, v throws(ScenarioError) in try r.readSoftware(v) }
        try section("resilience", entries) { r, v throws(ScenarioError) in try r.readResilience(v) }
        try section("dr", entries) { r, v throws(ScenarioError) in try r.readDR(v) }
        try section("monitoring", entries) { r, v throws(ScenarioError) in try r.readMonitoring(v) }
        // Checks across sections would only repeat an error already noted in one of them.
        guard errors.isEmpty else { return config }
        try crossChecks(root, entries)
        try section("hosts", entries) { r, v throws(ScenarioError) in try r.readHosts(v) }
        try section("faults", entries) { r, v throws(ScenarioError) in try r.readFaults(v) }
        try section("operators", entries) { r, v throws(ScenarioError) in try r.readOperators(v) }
        try section("guards", entries) { r, v throws(ScenarioError) in try r.readGuards(v) }
        try section("policy", entries) { r, v throws(ScenarioError) in
            let name = try v.name()
            r.policy = name == "none" ? nil : name
            r.policyGiven = true
        }
        return config
    }

    /// Reads the top-level section `key`, if the file has it.
    mutating func section(_ key: String, _ entries: [(key: String, value: YAMLValue)],
                          _ read: (inout Reader, YAMLValue) throws(ScenarioError) -> Void) throws(ScenarioError) {
        guard let v = entries.first(where: { $0.key == key })?.value else { return }
        do { try read(&self, v) } catch {
            guard collecting else { throw error }
            errors.append(error)
        }
    }

    func site(_ v: YAMLValue) throws(ScenarioError) -> String {
        try v.oneOf(siteNames.map { ($0, $0) }, "site")
    }

    mutating func readSites(_ v: YAMLValue) throws(ScenarioError) {
        var sites: [SiteConfig] = []
        for item in try v.list() {
            let entries = try item.mapping(allowed: Reader.siteTable.keys)
            var site = SiteDraft()
            try Reader.siteTable.read(entries, into: &site, by: self)
            guard let name = site.name else { throw item.error("a site needs a name") }
            if sites.contains(where: { $0.name == name }), let node = entries.first(where: { $0.key == "name" })?.value {
                throw node.error("site \"\(name)\" is declared twice")
            }
            sites.append(SiteConfig(name: name, role: site.role, exchange: site.exchange))
        }
        let primaries = sites.filter { $0.role == .primary }.count
        guard primaries == 1 else { throw v.error("exactly one site must have role primary, found \(primaries)") }
        config.sites = sites
        // Defaults that name sites follow the file's sites where they can.
        let primary = sites.first { $0.role == .primary }!.name
        func known(_ n: String) -> Bool { sites.contains { $0.name == n } }
        config.distances = config.distances.filter { known($0.a) && known($0.b) }
        config.gatewayInstances = config.gatewayInstances.filter { known($0.site) }
        if config.gatewayInstances.isEmpty { config.gatewayInstances = [SiteCount(primary, 2)] }
        config.dispatchSites = config.dispatchSites.filter(known)
        if config.dispatchSites.isEmpty { config.dispatchSites = [primary] }
        if !known(config.clearingSite) { config.clearingSite = primary }
        for k in config.tiers.indices {
            config.tiers[k].instances = config.tiers[k].instances.filter { known($0.site) }
            if config.tiers[k].instances.isEmpty { config.tiers[k].instances = [SiteCount(primary, 1)] }
        }
        for k in config.venues.indices where !known(config.venues[k].site) {
            config.venues[k].site = sites.first { $0.exchange == config.venues[k].market }?.name ?? primary
        }
        for k in config.populations.indices {
            config.populations[k].sites = config.populations[k].sites.filter(known)
            if config.populations[k].sites.isEmpty { config.populations[k].sites = [primary] }
        }
    }

    /// A site as its entry is read (its name is required).
    struct SiteDraft {
        var name: String?
        var role = SiteConfig.Role.secondary
        var exchange: Market?
    }

    static let siteTable = FieldTable<SiteDraft>([
        ("name", { s, f, _ throws(ScenarioError) in s.name = try f.name() }),
        ("role", { s, f, _ throws(ScenarioError) in s.role = try f.oneOf(SiteConfig.Role.allCases.map { ($0.rawValue, $0) }, "role") }),
        ("exchange", { s, f, _ throws(ScenarioError) in s.exchange = try f.oneOf(Market.allCases.map { ($0.name, $0) }, "exchange") }),
    ])

    static let dayTable = FieldTable<StackConfig>([
        ("start", { c, f, _ throws(ScenarioError) in c.dayStart = try f.clockTime() }),
        ("end", { c, f, _ throws(ScenarioError) in c.dayEnd = try f.clockTime() }),
        ("clearing_at", { c, f, _ throws(ScenarioError) in c.clearingAt = try f.clockTime() }),
    ])

    mutating func readDay(_ v: YAMLValue) throws(ScenarioError) {
        try Reader.dayTable.read(v, into: &config, by: self)
        guard config.dayStart < config.dayEnd else { throw v.error("start (\(config.dayStart)) must be before end (\(config.dayEnd))") }
        guard config.clearingAt >= config.dayStart && config.clearingAt < config.dayEnd else {
            throw v.error("clearing_at (\(config.clearingAt)) must fall inside the day")
        }
    }

    mutating func readSessions(_ v: YAMLValue) throws(ScenarioError) {
        let items = try v.list()
        guard items.count == 8 else {
            throw v.error("expected 8 times: opening call, no-cancel, hold, morning continuous, lunch, afternoon, closing call, close; got \(items.count)")
        }
        var times: [Int64] = []
        for item in items { times.append(try item.clockTime().nanos) }
        guard let schedule = TradingSchedule(boundariesNanos: times) else { throw v.error("times must strictly increase") }
        config.schedule = schedule
    }

    mutating func readDistances(_ v: YAMLValue) throws(ScenarioError) {
        var distances: [SiteDistance] = []
        for item in try v.list() {
            var pair: [String] = []
            var km: Double?
            for (key, value) in try item.mapping(allowed: ["between", "km"]) {
                if key == "km" { km = try value.double(in: 0...40_000, "kilometres") } else {
                    let names = try value.list()
                    guard names.count == 2 else { throw value.error("expected two sites") }
                    pair = [try site(names[0]), try site(names[1])]
                    if pair[0] == pair[1] { throw value.error("expected two different sites") }
                }
            }
            guard pair.count == 2, let km else { throw item.error("a distance needs between: [site, site] and km") }
            distances.append(SiteDistance(pair[0], pair[1], km: km))
        }
        config.distances = distances
    }

    /// `links:`: each kind of link, its keys on top of the built-in profile.
    static let linksTable = FieldTable<StackConfig>([
        ("data_centre", { c, f, r throws(ScenarioError) in try Reader.linkTable.read(f, into: &c.dataCentreLink, by: r) }),
        ("inter_site", { c, f, r throws(ScenarioError) in try Reader.linkTable.read(f, into: &c.interSiteLink, by: r) }),
        ("colocated", { c, f, r throws(ScenarioError) in try Reader.linkTable.read(f, into: &c.colocatedLink, by: r) }),
        ("leased_line", { c, f, r throws(ScenarioError) in try Reader.linkTable.read(f, into: &c.leasedLineLink, by: r) }),
        ("internet", { c, f, r throws(ScenarioError) in try Reader.linkTable.read(f, into: &c.internetLink, by: r) }),
    ])

    static let linkTable = FieldTable<LinkProfile>([
        ("delay", { p, f, _ throws(ScenarioError) in p.baseDelay = try f.duration() }),
        ("bandwidth_mbps", { p, f, _ throws(ScenarioError) in
            // 0 is no link at all, not an unlimited one: a link carries at least 1 kbit/s.
            p.bandwidthBitsPerSecond = Int64(try f.double(in: 0.001...1e7, "megabits per second") * 1e6)
        }),
        ("jitter", { p, f, _ throws(ScenarioError) in p.jitter = try f.distribution(durations: true) }),
        ("loss", { p, f, _ throws(ScenarioError) in p.lossProbability = try f.probability() }),
        ("duplication", { p, f, _ throws(ScenarioError) in p.duplicationProbability = try f.probability() }),
    ])

    mutating func readLinks(_ v: YAMLValue) throws(ScenarioError) {
        try Reader.linksTable.read(v, into: &config, by: self)
    }

    func siteCounts(_ v: YAMLValue, max: Int) throws(ScenarioError) -> [SiteCount] {
        var counts: [SiteCount] = []
        for (key, value) in try v.anyMapping() {
            guard siteNames.contains(key) else {
                var message = "unknown site \"\(Excerpt.of(key))\""
                if let guess = Suggestion.closest(to: key, in: siteNames) { message += "; did you mean \"\(guess)\"?" }
                throw ScenarioError(file: v.file, line: value.keyLine, column: value.keyColumn, field: v.path, message: message)
            }
            counts.append(SiteCount(key, try value.int(in: 0...max)))
        }
        return counts.filter { $0.count > 0 }
    }

    mutating func readTiers(_ v: YAMLValue) throws(ScenarioError) {
        var tiers: [TierConfig] = []
        for (key, value) in try v.mapping(allowed: TierKind.allCases.map(\.name)) {
            let kind = TierKind(name: key)!
            var t = StackConfig().tier(kind)!
            try Reader.tierTable.read(value, into: &t, by: self)
            if t.instances.isEmpty { throw value.error("needs at least one instance; leave the tier out to have none") }
            tiers.append(t)
        }
        config.tiers = tiers
    }

    static let gatewayTable = FieldTable<StackConfig>([
        ("instances", { c, f, r throws(ScenarioError) in
            c.gatewayInstances = try r.siteCounts(f, max: Reader.instancesPerSiteMax)
            if c.gatewayInstances.isEmpty { throw f.error("needs at least one gateway instance") }
        }),
        ("processing", { c, f, _ throws(ScenarioError) in c.gatewayProcessing = try f.distribution(durations: true) }),
        ("standby", { c, f, r throws(ScenarioError) in c.gatewayStandby = try r.standby(f) }),
        ("health_check", { c, f, r throws(ScenarioError) in c.gatewayHealthCheck = try r.readHealthCheck(f) }),
    ])

    static let offerTable = FieldTable<StackConfig>([
        ("processing", { c, f, _ throws(ScenarioError) in c.offerProcessing = try f.distribution(durations: true) }),
        ("standby", { c, f, r throws(ScenarioError) in c.offerStandby = try r.standby(f) }),
        ("dedicated", { c, f, _ throws(ScenarioError) in
            var lanes: [Business] = []
            for item in try f.list() {
                let b = try item.oneOf(Business.allCases.filter(\.tradesOnExchange).map { ($0.name, $0) }, "exchange business")
                if lanes.contains(b) { throw item.error("\(b.name) is listed twice") }
                lanes.append(b)
            }
            c.dedicatedOfferBusinesses = lanes
        }),
    ])

    static let dispatchTable = FieldTable<StackConfig>([
        ("sites", { c, f, r throws(ScenarioError) in
            var sites: [String] = []
            for item in try f.list() { sites.append(try r.site(item)) }
            if sites.isEmpty { throw f.error("needs at least one site") }
            c.dispatchSites = sites
        }),
        ("processing", { c, f, _ throws(ScenarioError) in c.dispatchProcessing = try f.distribution(durations: true) }),
        ("standby", { c, f, r throws(ScenarioError) in c.dispatchStandby = try r.standby(f) }),
    ])

    mutating func readGateway(_ v: YAMLValue) throws(ScenarioError) { try Reader.gatewayTable.read(v, into: &config, by: self) }
    mutating func readOffer(_ v: YAMLValue) throws(ScenarioError) { try Reader.offerTable.read(v, into: &config, by: self) }
    mutating func readDispatch(_ v: YAMLValue) throws(ScenarioError) { try Reader.dispatchTable.read(v, into: &config, by: self) }

    /// The keys of an M/G/c station, a tier's or a service's.
    static func stationFields<T: StationConfig>(_: T.Type) -> [(String, FieldTable<T>.Decode)] {
        [
            ("instances", { t, f, r throws(ScenarioError) in t.instances = try r.siteCounts(f, max: Reader.instancesPerSiteMax) }),
            ("service_fixed", { t, f, _ throws(ScenarioError) in t.serviceFixed = try f.duration() }),
            ("service_per_order", { t, f, _ throws(ScenarioError) in t.servicePerOrder = try f.distribution(durations: true) }),
            ("concurrency", { t, f, _ throws(ScenarioError) in t.concurrency = try f.int(in: 1...TierConfig.concurrencyMax) }),
            ("queue_limit", { t, f, _ throws(ScenarioError) in t.queueLimit = try f.int(in: 0...TierConfig.queueLimitMax) }),
            ("standby", { t, f, r throws(ScenarioError) in t.standby = try r.standby(f) }),
        ]
    }

    static let tierTable = FieldTable<TierConfig>(stationFields(TierConfig.self) + [
        ("durable_queue", { t, f, _ throws(ScenarioError) in t.durableQueue = try f.bool() } as FieldTable<TierConfig>.Decode),
    ])

    static let exchangeTable = FieldTable<VenueConfig>([
        ("site", { e, f, r throws(ScenarioError) in e.site = try r.site(f) }),
        ("symbols", { e, f, _ throws(ScenarioError) in e.symbols = try f.int(in: 1...VenueConfig.symbolsMax) }),
        ("previous_close_yuan", { e, f, _ throws(ScenarioError) in e.previousCloseYuan = try f.distribution(of: "a previous close in yuan", in: 0...1e6, above: true) }),
        ("matching_latency", { e, f, _ throws(ScenarioError) in e.matchingLatency = try f.duration() }),
        ("market_data_interval", { e, f, _ throws(ScenarioError) in e.marketDataInterval = try f.duration(atLeast: .milliseconds(100)) }),
        ("other_members_orders_per_second", { e, f, _ throws(ScenarioError) in
            e.otherMembersOrdersPerSecond = try f.double(in: 0...100_000, "orders per second")
        }),
        ("opening_depth_levels", { e, f, _ throws(ScenarioError) in e.openingDepthLevels = try f.int(in: 0...100) }),
        ("opening_depth_shares", { e, f, _ throws(ScenarioError) in e.openingDepthShares = Int64(try f.int(in: 100...1_000_000)) }),
        ("required_version", { e, f, _ throws(ScenarioError) in e.requiredVersion = try f.label() }),
        ("required_config", { e, f, _ throws(ScenarioError) in e.requiredConfig = try f.label() }),
    ])

    mutating func readExchanges(_ v: YAMLValue) throws(ScenarioError) {
        for (key, value) in try v.mapping(allowed: Market.allCases.map(\.name)) {
            let market = Market(name: key)!
            let k = config.venues.firstIndex { $0.market == market }!
            var e = config.venues[k]
            try Reader.exchangeTable.read(value, into: &e, by: self)
            config.venues[k] = e
        }
    }

    /// At most this many instances of a tier, or gateways, on one site; the stack is a full mesh
    /// of links between its nodes, so the node count is kept to a few hundred.
    static let instancesPerSiteMax = 16
    static let nodesMax = 300

    static var linkKinds: [String] { linksTable.keys }
    static var linkFields: [String] { linkTable.keys }
    static var tierFields: [String] { tierTable.keys }
    static var exchangeFields: [String] { exchangeTable.keys }
    static var clientFields: [String] { clientTable.keys }

    static let clientTable = FieldTable<PopulationConfig>([
        ("class", { _, _, _ throws(ScenarioError) in }), // read first: it picks the population's defaults
        ("clients", { p, f, _ throws(ScenarioError) in p.clients = try f.int(in: 1...PopulationConfig.clientsMax) }),
        ("sites", { p, f, r throws(ScenarioError) in
            var sites: [String] = []
            for s in try f.list() {
                let name = try r.site(s)
                if sites.contains(name) { throw s.error("site \"\(name)\" is listed twice") }
                sites.append(name)
            }
            if sites.isEmpty { throw f.error("needs at least one site") }
            p.sites = sites
        }),
        ("access", { p, f, _ throws(ScenarioError) in p.access = try f.oneOf(PopulationConfig.Access.allCases.map { ($0.rawValue, $0) }, "access") }),
        ("orders_per_day", { p, f, _ throws(ScenarioError) in p.ordersPerDay = try f.double(in: 0...1e9, "orders per day") }),
        ("profile", { p, f, r throws(ScenarioError) in p.profile = try r.profile(f) }),
        ("business_mix", { p, f, _ throws(ScenarioError) in
            var mix = [Double](repeating: 0, count: Business.allCases.count)
            for (b, w) in try f.mapping(allowed: Business.allCases.map(\.name)) {
                mix[Business(name: b)!.rawValue] = try w.double(in: 0...1e9, "a weight")
            }
            if mix.allSatisfy({ $0 == 0 }) { throw f.error("at least one weight must be positive") }
            p.businessMix = mix
        }),
        ("sse_share", { p, f, _ throws(ScenarioError) in p.sseShare = try f.probability() }),
        ("watchlist", { p, f, _ throws(ScenarioError) in p.watchlist = try f.int(in: 1...PopulationConfig.watchlistMax) }),
        ("zipf_exponent", { p, f, _ throws(ScenarioError) in p.zipfExponent = try f.double(in: 0...10, "an exponent") }),
        ("holding_probability", { p, f, _ throws(ScenarioError) in p.holdingProbability = try f.probability() }),
        ("holding_lots", { p, f, _ throws(ScenarioError) in p.holdingLots = try f.distribution(of: "a holding in lots", in: 0...10_000) }),
        ("cash_yuan", { p, f, _ throws(ScenarioError) in p.cashYuan = try f.distribution(of: "cash in yuan", in: 0...1e13) }),
        ("sell_probability", { p, f, _ throws(ScenarioError) in p.sellProbability = try f.probability() }),
        ("order_lots", { p, f, _ throws(ScenarioError) in p.orderLots = try f.distribution(of: "an order in lots", in: 0...1_000, above: true) }),
        ("price_offset_ticks", { p, f, _ throws(ScenarioError) in p.priceOffsetTicks = try f.distribution(durations: false) }),
        ("market_order_probability", { p, f, _ throws(ScenarioError) in p.marketOrderProbability = try f.probability() }),
        ("cancel_probability", { p, f, _ throws(ScenarioError) in p.cancelProbability = try f.probability() }),
        ("cancel_after", { p, f, _ throws(ScenarioError) in p.cancelAfterNanos = try f.distribution(durations: true) }),
        ("queries_per_order", { p, f, _ throws(ScenarioError) in p.queriesPerOrder = try f.probability() }),
        ("subscription_yuan", { p, f, _ throws(ScenarioError) in p.subscriptionYuan = try f.distribution(durations: false) }),
        ("queries_per_second", { p, f, _ throws(ScenarioError) in p.queriesPerSecond = try f.double(in: 0...100_000, "queries per second") }),
    ])

    mutating func readClients(_ v: YAMLValue) throws(ScenarioError) {
        var populations: [PopulationConfig] = []
        for item in try v.list() {
            let entries = try item.mapping(allowed: Reader.clientFields)
            guard let classValue = entries.first(where: { $0.key == "class" })?.value else {
                throw item.error("a client population needs a class (I, II or III)")
            }
            let clientClass = try classValue.oneOf(ClientClass.allCases.map { ($0.name, $0) }, "client class")
            if populations.contains(where: { $0.clientClass == clientClass }) {
                throw classValue.error("class \(clientClass.name) appears twice; one population per class")
            }
            var p = StackConfig().populations.first { $0.clientClass == clientClass }!
            p.sites = p.sites.filter(siteNames.contains)
            if p.sites.isEmpty { p.sites = [config.sites.first { $0.role == .primary }!.name] }
            try Reader.clientTable.read(entries, into: &p, by: self)
            populations.append(p)
        }
        if populations.isEmpty { throw v.error("needs at least one client population") }
        config.populations = populations.sorted { $0.clientClass < $1.clientClass }
    }

    /// A profile window as its entry is read (from and to are required).
    struct WindowDraft {
        var from: SimTime?
        var to: SimTime?
        var weight = 1.0
    }

    static let windowTable = FieldTable<WindowDraft>([
        ("from", { w, f, _ throws(ScenarioError) in w.from = try f.clockTime() }),
        ("to", { w, f, _ throws(ScenarioError) in w.to = try f.clockTime() }),
        ("weight", { w, f, _ throws(ScenarioError) in w.weight = try f.double(in: 0...1e6, "a weight") }),
    ])

    func profile(_ v: YAMLValue) throws(ScenarioError) -> ActivityProfile {
        var windows: [ActivityProfile.Window] = []
        for item in try v.list() {
            var window = WindowDraft()
            try Reader.windowTable.read(item, into: &window, by: self)
            guard let from = window.from, let to = window.to else { throw item.error("a window needs from and to") }
            let weight = window.weight
            guard from < to else { throw item.error("from (\(from)) must be before to (\(to))") }
            if let last = windows.last, from < last.end { throw item.error("windows must be in time order without overlap") }
            windows.append(.init(from, to, weight: weight))
        }
        // All weights 0 is a day without orders that would pass every check: say so instead.
        if !windows.isEmpty && windows.allSatisfy({ $0.weight == 0 }) {
            throw v.error("every window's weight is 0, so the population would send no orders; give one window a weight above 0")
        }
        return ActivityProfile(windows: windows)
    }

    mutating func readRouting(_ v: YAMLValue) throws(ScenarioError) {
        for (key, row) in try v.mapping(allowed: ClientClass.allCases.map(\.name)) {
            let clientClass = ClientClass(name: key)!
            for (b, tier) in try row.mapping(allowed: Business.allCases.map(\.name)) {
                config.routing[clientClass, Business(name: b)!] = try tier.oneOf(TierKind.allCases.map { ($0.name, $0) }, "tier")
            }
        }
    }

    static let slaTable = FieldTable<SLATargets>([
        ("percentile", { s, f, _ throws(ScenarioError) in s.percentile = try f.double(in: 1...100, "a percentile") }),
        ("query", { s, f, _ throws(ScenarioError) in s.query = try f.duration(atLeast: .nanoseconds(1)) }),
        ("classes", { s, f, _ throws(ScenarioError) in
            for (c, row) in try f.mapping(allowed: ClientClass.allCases.map(\.name)) {
                for (g, d) in try row.mapping(allowed: LatencyGroup.allCases.map(\.name)) {
                    s[ClientClass(name: c)!, LatencyGroup(name: g)!] = try d.duration(atLeast: .nanoseconds(1))
                }
            }
        }),
        ("tiers", { s, f, _ throws(ScenarioError) in
            for (t, d) in try f.mapping(allowed: TierKind.allCases.map(\.name)) {
                s.tiers[TierKind(name: t)!.rawValue] = try d.duration(atLeast: .nanoseconds(1))
            }
        }),
        ("detection", { s, f, _ throws(ScenarioError) in s.detection = try f.duration(atLeast: .zero, atMost: .hours(24)) }),
        ("recovery", { s, f, _ throws(ScenarioError) in s.recovery = try f.duration(atLeast: .zero, atMost: .hours(24)) }),
        ("rpo_orders", { s, f, _ throws(ScenarioError) in s.rpoOrders = (try? f.string()) == "none" ? nil : try f.int(in: 0...Int(Int32.max)) }),
        ("incidents_below", { s, f, _ throws(ScenarioError) in s.incidentsBelow = try f.name() }),
        ("utilization_ceiling", { s, f, _ throws(ScenarioError) in s.utilizationCeiling = try f.double(in: 0.01...1, "a share of capacity") }),
    ])

    mutating func readSLA(_ v: YAMLValue) throws(ScenarioError) {
        try Reader.slaTable.read(v, into: &config.sla, by: self)
    }

    /// Checks that need the whole file: every route lands on a tier that exists, every used
    /// pair of sites has a distance.
    func crossChecks(_ root: YAMLValue, _ entries: [(key: String, value: YAMLValue)]) throws(ScenarioError) {
        // Sections as read, a layout's over the scenario's, so that errors point where the value came from.
        func section(_ key: String) -> YAMLValue { entries.first { $0.key == key }?.value ?? root }
        let dayNode = section("day")
        let open = SimTime(nanos: config.schedule.boundariesNanos.first!)
        let close = SimTime(nanos: config.schedule.boundariesNanos.last!)
        guard config.dayStart <= open else {
            throw dayNode.error("start (\(config.dayStart)) must be no later than the opening call auction (\(open))")
        }
        guard config.clearingAt > close else {
            throw dayNode.error("clearing_at (\(config.clearingAt)) must come after the close (\(close)), when every order has ended")
        }
        let routingNode = section("routing")
        let tiersNode = section("tiers")
        let clientsNode = section("clients")
        if let (_, message) = config.watchlistProblem { throw clientsNode.error(message) }
        for population in config.populations {
            for window in population.profile.windows where window.end > close {
                throw clientsNode.error("class \(population.clientClass.name)'s profile runs to \(window.end), after the close (\(close)); clients send orders during the trading day")
            }
        }
        if let (_, _, message) = config.routingProblem { throw (config.tiers.isEmpty ? tiersNode : routingNode).error(message) }
        // A service no route names: the topology's check, placed at the section.
        if let name = config.servicesNotRouted.first {
            throw section("services").error("no route names \(name); add it to a business's route under routes")
        }
        // Hosts, counting a standby beside each instance that has one.
        let nodes = config.tiers.reduce(0) { $0 + $1.instances.reduce(0) { $0 + $1.count } * ($1.standby == nil ? 1 : 2) }
            + config.services.reduce(0) { $0 + $1.instances.reduce(0) { $0 + $1.count } * ($1.standby == nil ? 1 : 2) }
            + config.gatewayInstances.reduce(0) { $0 + $1.count } * (config.gatewayStandby == nil ? 1 : 2)
            + config.populations.reduce(0) { $0 + $1.sites.count }
        if nodes > Reader.nodesMax {
            throw tiersNode.error("the stack would have \(nodes) tier, service, gateway and client hosts; at most \(Reader.nodesMax)")
        }
        var used = Set<String>()
        for t in config.tiers { for c in t.instances { used.insert(c.site) } }
        for t in config.services { for c in t.instances { used.insert(c.site) } }
        for c in config.gatewayInstances { used.insert(c.site) }
        for p in config.populations { for s in p.sites { used.insert(s) } }
        for v in config.venues { used.insert(v.site) }
        used.insert(config.clearingSite)
        for s in config.dispatchSites { used.insert(s) }
        let sites = used.sorted()
        for (i, a) in sites.enumerated() {
            for b in sites[(i + 1)...] where !config.distances.contains(where: { ($0.a == a && $0.b == b) || ($0.a == b && $0.b == a) }) {
                let node = (try? root.anyMapping())?.first { $0.key == "distances" }?.value ?? root
                throw node.error("no distance between \(a) and \(b), which both run nodes")
            }
        }
    }
}
