import Boundary
import Kernel
import Reports
import Scenario
import Scoring
import Stack

/// One workload, its faults and seed on several tier layouts, side by side: SLA attainment and
/// p99 per client class and business, RTO and RPO per fault, incident grades and annual cost,
/// with the layout that wins each row.
public struct LayoutComparison {
    public struct Entry {
        public var layout: Layout
        public var report: RunReport
        /// Yuan a year for every host the layout runs (nil when it prices none of them).
        public var annualCostYuan: Int64?
        /// Hosts the layout runs that its `annual_cost_yuan` does not price.
        public var unpricedHosts: Int
    }

    /// A row of the table: a value per layout and which layout wins it.
    public struct Row: Equatable, Sendable {
        public var section: String
        public var name: String
        public var values: [String]
        /// The layouts with the best value (empty when every layout has it, or none can be compared).
        public var winners: [Int]
    }

    public var workload: String
    public var seed: UInt64
    public var entries: [Entry]
    public var rows: [Row]

    /// Runs `workload` on every layout in turn (same faults, same seed).
    public static func run(layouts: [String], workload: String, seed: UInt64?, boundary: FileBoundary = .workingDirectory, budget: RunBudget = .standard,
                           progress: ((Int, RunProgress) -> Void)? = nil) throws(HarnessError) -> LayoutComparison {
        guard layouts.count >= 1 else { throw .input("compare: name at least one layout file") }
        var entries: [Entry] = []
        var usedSeed: UInt64 = 0
        for (k, path) in layouts.enumerated() {
            let prepared = try PreparedRun.prepare(scenario: workload, seed: seed, layout: path, boundary: boundary, budget: budget)
            usedSeed = prepared.config.seed
            let report = try prepared.run(progress: progress.map { p in { p(k, $0) } })
            let (cost, unpriced) = try LayoutComparison.cost(prepared.config, layout: prepared.layout!)
            entries.append(Entry(layout: prepared.layout!, report: report, annualCostYuan: cost, unpricedHosts: unpriced))
        }
        return LayoutComparison(workload: workload, seed: usedSeed, entries: entries)
    }

    public init(workload: String, seed: UInt64, entries: [Entry]) {
        self.workload = workload
        self.seed = seed
        self.entries = entries
        rows = LayoutComparison.rows(entries)
    }

    /// The layout's yearly cost: every host (primary, standby, DR replica) at its component's price.
    public static func cost(_ config: StackConfig, layout: Layout) throws(HarnessError) -> (Int64?, Int) {
        let topology: Topology
        do { topology = try Topology(config: config) } catch { throw .input("\(layout.path): \(error)") }
        var total: Int64 = 0
        var priced = 0, unpriced = 0
        for host in topology.hosts {
            let node = host.node
            let component: String?
            switch topology.kind(of: node) {
            case .tier: component = topology.tierKind(ofNode: node)?.name
            case .gateway: component = "gateway"
            case .offer: component = "offer"
            case .dispatch: component = "dispatch"
            case .clearing: component = "clearing"
            case .service: component = topology.service(ofNode: node)
            case .population, .exchange, .monitor, .console: component = nil // not the broker's trading hosts
            }
            guard let component else { continue }
            if let yuan = layout.cost(of: component) { total += yuan; priced += 1 } else { unpriced += 1 }
        }
        return (priced == 0 ? nil : total, unpriced)
    }

    /// The layouts with the smallest key, unless every layout has it (nil keys never win).
    static func best(_ keys: [Double?]) -> [Int] {
        let present = keys.enumerated().compactMap { k, v in v.map { (k, $0) } }
        guard let minimum = present.map(\.1).min() else { return [] }
        let at = present.filter { $0.1 == minimum }.map(\.0)
        return at.count == keys.count ? [] : at
    }

    static func rows(_ entries: [Entry]) -> [Row] {
        var rows: [Row] = []
        let cards = entries.map(\.report.card)
        rows.append(Row(section: "verdict", name: "verdict", values: cards.map(\.verdict),
                        winners: best(cards.map { $0.passed ? 0 : 1 })))
        rows.append(Row(section: "SLA", name: "latency SLAs met", values: cards.map { c in "\(c.latency.filter(\.met).count) of \(c.latency.count)" },
                        winners: best(cards.map { c in c.latency.isEmpty ? nil : -Double(c.latency.filter(\.met).count) / Double(c.latency.count) })))
        rows.append(Row(section: "SLA", name: "all checks met", values: cards.map { c in "\(c.slas.filter(\.met).count) of \(c.slas.count)" },
                        winners: best(cards.map { c in c.slas.isEmpty ? nil : -Double(c.slas.filter(\.met).count) / Double(c.slas.count) })))
        // p99 per class × business, whichever tier serves it on each layout.
        var keys: [String] = []
        for c in cards { for l in c.latency where !keys.contains("\(l.clientClass.name) \(l.business)") { keys.append("\(l.clientClass.name) \(l.business)") } }
        for key in keys {
            let cells = cards.map { c in c.latency.first { "\($0.clientClass.name) \($0.business)" == key } }
            rows.append(Row(section: "p99 latency", name: key,
                            values: cells.map { l in l.map { "\(RunReport.duration($0.p99Nanos)) (\($0.system))\($0.met ? "" : " ✗")" } ?? "–" },
                            winners: best(cells.map { l in l.map { Double($0.p99Nanos) } })))
        }
        // RTO and RPO per fault, by name.
        var faults: [String] = []
        for c in cards { for f in c.faults where !faults.contains(f.name) { faults.append(f.name) } }
        for name in faults {
            let cells = cards.map { c in c.faults.first { $0.name == name } }
            rows.append(Row(section: "recovery", name: "\(name) RTO",
                            values: cells.map { f in f.map { $0.rtoNanos.map { RunReport.span($0) } ?? ($0.outageStart == nil ? "no outage" : "not recovered") } ?? "–" },
                            winners: best(cells.map { f in f.map { $0.rtoNanos.map(Double.init) ?? ($0.outageStart == nil ? 0 : .infinity) } })))
            rows.append(Row(section: "recovery", name: "\(name) RPO (orders)", values: cells.map { f in f.map { "\($0.rpoOrders)" } ?? "–" },
                            winners: best(cells.map { f in f.map { Double($0.rpoOrders) } })))
        }
        // Incident grades per system of the policy, judged by outage length.
        var systems: [String] = []
        for c in cards { for i in c.incidents where !systems.contains(i.system) { systems.append(i.system) } }
        for system in systems {
            let cells = cards.map { c in c.incidents.first { $0.system == system } }
            rows.append(Row(section: "incidents", name: system,
                            values: cells.map { i in i.map { "\($0.grade) \($0.label), \(RunReport.span($0.outageNanos)) down" } ?? "none" },
                            winners: best(cells.map { i in Double(i?.outageNanos ?? 0) })))
        }
        rows.append(Row(section: "cost", name: "annual cost (yuan)",
                        values: entries.map { e in e.annualCostYuan.map { LayoutComparison.yuan($0) + (e.unpricedHosts > 0 ? " (+\(e.unpricedHosts) unpriced hosts)" : "") } ?? "not priced" },
                        winners: best(entries.map { $0.annualCostYuan.map(Double.init) })))
        return rows
    }

    /// `12,345,000`.
    static func yuan(_ v: Int64) -> String {
        let digits = Array(String(v))
        var out = ""
        for (k, d) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    /// The table as Markdown, a column per layout and the winner last.
    public var markdown: String {
        var out = "# Layouts compared: \(workload), seed \(seed)\n\n"
        for e in entries {
            out += "- **\(e.layout.name)** (`\(e.layout.path)`)" + (e.layout.description.map { ": \($0)" } ?? "") + "\n"
        }
        out += "\n| | " + entries.map(\.layout.name).joined(separator: " | ") + " | wins |\n"
        out += "|---|" + entries.map { _ in "---|" }.joined() + "---|\n"
        var section = ""
        for row in rows {
            if row.section != section {
                section = row.section
                out += "| **\(section)** |" + entries.map { _ in " |" }.joined() + " |\n"
            }
            let winner = row.winners.isEmpty ? "–" : row.winners.map { entries[$0].layout.name }.joined(separator: ", ")
            out += "| \(row.name) | " + row.values.joined(separator: " | ") + " | \(winner) |\n"
        }
        out += "\n✗: the row's SLA was missed on that layout. Cost counts every primary, standby and DR host at its component's yearly price.\n"
        return out
    }

    /// The same table as a self-contained HTML page, the winning cell of each row marked.
    public var html: String {
        func e(_ s: String) -> String { s.markupEscaped }
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Layouts compared: \(e(workload))</title>\n"
        out += "<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}"
            + "tr.section td{background:#f0f0f0;font-weight:bold;text-align:left}td.win{background:#d8f5d0;font-weight:bold}</style></head><body>\n"
        out += "<h1>Layouts compared</h1>\n<p>Workload <code>\(e(workload))</code>, seed \(seed): the same clients, faults and seed on each layout.</p>\n<ul>\n"
        for entry in entries {
            out += "<li><b>\(e(entry.layout.name))</b> (<code>\(e(entry.layout.path))</code>)" + (entry.layout.description.map { ": \(e($0))" } ?? "") + "</li>\n"
        }
        out += "</ul>\n<table>\n<tr><th></th>" + entries.map { "<th>\(e($0.layout.name))</th>" }.joined() + "<th>wins</th></tr>\n"
        var section = ""
        for row in rows {
            if row.section != section {
                section = row.section
                out += "<tr class=\"section\"><td colspan=\"\(entries.count + 2)\">\(e(section))</td></tr>\n"
            }
            out += "<tr><td>\(e(row.name))</td>"
            for (k, v) in row.values.enumerated() { out += row.winners.contains(k) ? "<td class=\"win\">\(e(v))</td>" : "<td>\(e(v))</td>" }
            out += "<td>\(e(row.winners.isEmpty ? "–" : row.winners.map { entries[$0].layout.name }.joined(separator: ", ")))</td></tr>\n"
        }
        out += "</table>\n<p>✗: the row's SLA was missed on that layout. Cost counts every primary, standby and DR host at its component's yearly price.</p>\n</body></html>\n"
        return out
    }
}
