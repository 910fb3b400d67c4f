import Chaos
import Foundation
import Stack

/// How big a run may get. Each scenario field is within its own range; together they could
/// still ask for terabytes or days, so the whole is checked before anything is built (exit 2,
/// naming the field that makes it too big) and the run is watched while it goes (exit 5).
/// Every figure has a flag to raise it (`--max-orders`, …).
public struct RunBudget: Equatable, Sendable {
    /// Client accounts over every population.
    public var maxClients = 20_000_000
    /// Client orders a day over every population.
    public var maxOrdersPerDay = 100_000_000
    /// Symbols over every exchange.
    public var maxSymbols = 20_000
    public var maxFaults = 1_000
    /// Hosts (instances of every stage) in the stack.
    public var maxHosts = 2_000
    /// Simulated events: estimated before the run, counted during it.
    public var maxEvents: UInt64 = 5_000_000_000
    /// Peak memory as estimated from the scenario (see `estimatedBytes`).
    public var maxMemoryBytes: Int64 = 20 << 30
    /// Wall time, when set.
    public var maxWallSeconds: Double?

    public init() {}

    public static let standard = RunBudget()

    // Measured (Benchmarks/README.md, release, jemalloc): the default day peaks at 777 MB for
    // 1.5 million orders, the exchange day at 14.0 GB for 50 million orders and 2.1 million
    // clients. Per order that is about 280 bytes once the fixed part is paid.
    static let bytesPerOrder: Int64 = 300
    static let fixedBytes: Int64 = 256 << 20
    /// Per client account: cash, frozen cash, opening cash, and three share counts per watched symbol.
    static func bytesPerClient(watchlist: Int) -> Int64 { 64 + 24 * Int64(watchlist) }
    /// Events per client order (every hop there and back, fills, timers), measured on the
    /// default day at about 18; a query costs about as many as half an order.
    /// Other members' orders rest in the exchanges' books and tables (order store, traded
    /// quantity); a query holds its route while it is open.
    static let bytesPerOtherMemberOrder = 80.0
    static let bytesPerQuery = 64.0
    static let eventsPerOrder = 30.0
    static let eventsPerQuery = 15.0
    static let eventsPerOtherMemberOrder = 3.0

    /// The figures a scenario asks for, from its configuration alone.
    public struct Estimate: Equatable, Sendable {
        public var clients: Int
        public var ordersPerDay: Double
        public var symbols: Int
        public var faults: Int
        public var hosts: Int
        public var events: Double
        public var memoryBytes: Double
    }

    public static func estimate(_ config: StackConfig, faults: Int, hosts: Int) -> Estimate {
        let daySeconds = Double(max(0, config.dayEnd.nanos - config.dayStart.nanos)) / 1e9
        var clients = 0, orders = 0.0, queries = 0.0, memory = Double(fixedBytes)
        for p in config.populations {
            clients += p.clients
            orders += p.ordersPerDay
            queries += p.ordersPerDay * p.queriesPerOrder + p.queriesPerSecond * daySeconds
            memory += Double(p.clients) * Double(bytesPerClient(watchlist: p.watchlist))
        }
        memory += orders * Double(bytesPerOrder)
        let symbols = config.venues.reduce(0) { $0 + $1.symbols }
        let others = config.venues.reduce(0.0) { $0 + $1.otherMembersOrdersPerSecond } * daySeconds
        memory += others * bytesPerOtherMemberOrder + queries * bytesPerQuery
        let events = orders * eventsPerOrder + queries * eventsPerQuery + others * eventsPerOtherMemberOrder
        return Estimate(clients: clients, ordersPerDay: orders, symbols: symbols, faults: faults, hosts: hosts, events: events, memoryBytes: memory)
    }

    /// Refuses `estimate` when any figure is over budget: the message names the scenario's field
    /// and the flag that raises it.
    public func check(_ e: Estimate, file: String) throws(HarnessError) {
        func over(_ field: String, _ what: String, _ limit: String, _ flag: String) -> HarnessError {
            .input("\(file): \(field): \(what); the budget is \(limit) (\(flag) raises it)")
        }
        if e.clients > maxClients {
            throw over("clients[].clients", "\(RunBudget.count(Double(e.clients))) client accounts in all", RunBudget.count(Double(maxClients)), "--max-clients")
        }
        if e.ordersPerDay > Double(maxOrdersPerDay) {
            throw over("clients[].orders_per_day", "\(RunBudget.count(e.ordersPerDay)) orders a day in all", RunBudget.count(Double(maxOrdersPerDay)), "--max-orders")
        }
        if e.symbols > maxSymbols {
            throw over("exchanges[].symbols", "\(RunBudget.count(Double(e.symbols))) symbols in all", RunBudget.count(Double(maxSymbols)), "--max-symbols")
        }
        if e.faults > maxFaults { throw over("faults", "\(e.faults) faults", RunBudget.count(Double(maxFaults)), "--max-faults") }
        if e.hosts > maxHosts {
            throw over("tiers, gateway, offer, services", "\(RunBudget.count(Double(e.hosts))) hosts", RunBudget.count(Double(maxHosts)), "--max-hosts")
        }
        if e.events > Double(maxEvents) {
            throw over("clients[], exchanges[].other_members_orders_per_second",
                       "about \(RunBudget.count(e.events)) simulated events (orders, queries and other members' orders)",
                       RunBudget.count(Double(maxEvents)), "--max-events")
        }
        if e.memoryBytes > Double(maxMemoryBytes) {
            throw over("clients[], exchanges[].other_members_orders_per_second",
                       "an estimated \(RunBudget.bytes(e.memoryBytes)) of memory at the peak (about \(RunBudget.bytesPerOrder) bytes a client order, "
                       + "\(Int(RunBudget.bytesPerOtherMemberOrder)) an other member's order)",
                       RunBudget.bytes(Double(maxMemoryBytes)), "--max-memory")
        }
    }

    /// `1,500,000`; past 10¹², `1.0e15`.
    public static func count(_ v: Double) -> String {
        guard v.isFinite, v < 1e12 else { return String(format: "%.1e", v) }
        let digits = String(Int64(v.rounded()))
        var out = ""
        for (k, c) in digits.reversed().enumerated() {
            if k > 0 && k % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// `20.0 GiB`, `512 MiB`.
    static func bytes(_ v: Double) -> String {
        if v >= Double(1 << 30) { return String(format: "%.1f GiB", v / Double(1 << 30)) }
        return "\(Int((v / Double(1 << 20)).rounded())) MiB"
    }
}

/// Watches a run against the budget's events and wall time; says what was spent when it stops it.
final class BudgetWatch {
    let budget: RunBudget
    let started: UInt64
    private(set) var spent: String?

    /// `spentSeconds`: wall time the run had already taken (a branched run, charged the paused
    /// day's time up to its pause).
    init(_ budget: RunBudget, spentSeconds: Double = 0) {
        self.budget = budget
        let now = DispatchTime.now().uptimeNanoseconds
        started = now - min(now, UInt64(max(0, spentSeconds) * 1e9))
    }

    func exhausted(_ events: UInt64) -> Bool {
        if events > budget.maxEvents {
            spent = "the run handled more than \(RunBudget.count(Double(budget.maxEvents))) events (--max-events raises the budget)"
        } else if let wall = budget.maxWallSeconds, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 > wall {
            spent = "the run took more than \(wall) s of wall time, at \(RunBudget.count(Double(events))) events (--max-wall raises the budget)"
        }
        return spent != nil
    }
}
