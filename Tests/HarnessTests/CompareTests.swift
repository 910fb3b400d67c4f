import Foundation
import Harness
import Kernel
import Reports
import Scenario
import Stack
import Testing

/// `compare`: the same workload and seed on two layouts, side by side.
@Suite struct CompareTests {
    @Test func twoLayoutsOnAFixedSeedSideBySide() throws {
        let folder = try TinyDay.temporaryFolder("compare")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workload = try TinyDay.write(in: folder)
        let layouts = ["three-tier", "two-tier"].map { TinyDay.root.appendingPathComponent("Scenarios/layouts/\($0).yaml").path }
        let comparison = try LayoutComparison.run(layouts: layouts, workload: workload, seed: 4, boundary: TinyDay.boundary(folder))
        #expect(comparison.seed == 4 && comparison.entries.map(\.layout.name) == ["three-tier", "two-tier"])
        // Each column is the run of that layout alone: same digest, same p99s.
        for (k, path) in layouts.enumerated() {
            let alone = try PreparedRun.prepare(scenario: workload, seed: 4, layout: path, boundary: TinyDay.boundary(folder)).run()
            #expect(alone.run.digest == comparison.entries[k].report.run.digest)
            for row in alone.card.latency {
                let cell = try #require(comparison.rows.first { $0.section == "p99 latency" && $0.name == "\(row.clientClass.name) \(row.business)" })
                #expect(cell.values[k] == "\(RunReport.duration(row.p99Nanos)) (\(row.system))\(row.met ? "" : " ✗")")
            }
        }
        // Class I's A1 runs on the extreme tier in one layout and on the fast tier in the other.
        let iA1 = try #require(comparison.rows.first { $0.name == "I A1" })
        #expect(iA1.values[0].hasSuffix("(extreme)") && iA1.values[1].hasSuffix("(fast)"))
        let p99 = comparison.entries.map { e in e.report.card.latency.first { $0.clientClass == .I && $0.business == "A1" }!.p99Nanos }
        #expect(iA1.winners == (p99[0] < p99[1] ? [0] : p99[1] < p99[0] ? [1] : []))
        // Cost by hand from the layout files: three-tier runs 2 extreme, 4 fast + 4 standbys,
        // 4 normal, 4 gateways; two-tier 6 fast + 6 standbys, 4 normal, 4 gateways; both the
        // offer gateways, dispatch centres and clearing centre of the built-in stack.
        let three = try Topology(config: PreparedRun.prepare(scenario: workload, layout: layouts[0], boundary: TinyDay.boundary(folder)).config)
        let offers = three.hosts.filter { three.kind(of: $0.node) == .offer }.count
        let dispatches = three.hosts.filter { three.kind(of: $0.node) == .dispatch }.count
        let clearing = three.hosts.filter { three.kind(of: $0.node) == .clearing }.count
        let shared = Int64(4 * 400_000 + 4 * 250_000 + offers * 150_000 + dispatches * 200_000 + clearing * 300_000)
        #expect(comparison.entries[0].annualCostYuan == 2 * 2_400_000 + 8 * 900_000 + shared)
        #expect(comparison.entries[1].annualCostYuan == 12 * 900_000 + shared)
        let cost = try #require(comparison.rows.last)
        #expect(cost.name == "annual cost (yuan)" && cost.winners == [1])
        // The Markdown table has a column per layout and a winner column.
        #expect(comparison.markdown.contains("| | three-tier | two-tier | wins |"))
        #expect(comparison.markdown.contains("| annual cost (yuan) | \(cost.values[0]) | \(cost.values[1]) | two-tier |"))
        #expect(!comparison.html.contains("http") && comparison.html.contains("<td class=\"win\">\(cost.values[1])</td>"))
    }

    @Test func aLayoutErrorNamesTheLayoutFile() throws {
        let folder = try TinyDay.temporaryFolder("compare-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workload = try TinyDay.write(in: folder)
        let layout = folder.appendingPathComponent("bad-layout.yaml").path
        try "layout: bad\ntiers:\n  fast: { instances: { mars: 1 } }\n".write(toFile: layout, atomically: true, encoding: .utf8)
        do {
            _ = try LayoutComparison.run(layouts: [layout], workload: workload, seed: 1, boundary: TinyDay.boundary(folder))
            Issue.record("a layout with an unknown site ran")
        } catch {
            #expect(error.kind == .invalidInput)
            #expect(error.message.hasPrefix("\(layout):3:24: tiers.fast.instances: unknown site \"mars\""), "\(error.message)")
        }
    }
}
