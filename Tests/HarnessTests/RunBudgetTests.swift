import Foundation
import Harness
import Scenario
import Stack
import Testing

/// The run budget: too big a scenario is refused before anything is built, naming the field
/// and the flag; a run that outgrows it is stopped and says why.
@Suite struct RunBudgetTests {
    /// The tiny day with `extra` appended and `edits` made to its text.
    func prepare(_ extra: String, edits: [(String, String)] = [], budget: RunBudget = .standard) throws -> PreparedRun {
        let folder = try TinyDay.temporaryFolder("budget")
        let path = try TinyDay.write(extra: extra, in: folder)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        for (from, to) in edits { text = text.replacingOccurrences(of: from, with: to) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try PreparedRun.prepare(scenario: path, boundary: TinyDay.boundary(folder), budget: budget)
    }

    @Test func aScenarioTooBigIsRefusedBeforeItIsBuilt() throws {
        // A billion orders a day: refused in microseconds, without the 50 GB the tables would take.
        let started = DispatchTime.now().uptimeNanoseconds
        let orders = #expect(throws: HarnessError.self) {
            try self.prepare("", edits: [("orders_per_day: 400\n", "orders_per_day: 1000000000\n")])
        }
        #expect(DispatchTime.now().uptimeNanoseconds - started < 5_000_000_000)
        #expect(orders?.kind == .invalidInput && orders?.message.contains("clients[].orders_per_day: 1,000,001,400 orders a day in all") == true
                && orders?.message.contains("--max-orders") == true, "\(String(describing: orders))")
        let clients = #expect(throws: HarnessError.self) { try self.prepare("", edits: [("clients: 1000\n", "clients: 20000000\n")]) }
        #expect(clients?.message.contains("--max-clients") == true, "\(String(describing: clients))")
        let symbols = #expect(throws: HarnessError.self) {
            try self.prepare("", budget: { var b = RunBudget.standard; b.maxSymbols = 10; return b }())
        }
        #expect(symbols?.message.contains("exchanges[].symbols: 40 symbols in all; the budget is 10") == true, "\(String(describing: symbols))")
        let memory = #expect(throws: HarnessError.self) {
            try self.prepare("", budget: { var b = RunBudget.standard; b.maxMemoryBytes = 1 << 20; return b }())
        }
        #expect(memory?.message.contains("--max-memory") == true)
        // The estimate grows with what it counts: orders, clients, events.
        var config = StackConfig()
        let small = RunBudget.estimate(config, faults: 0, hosts: 10)
        config.populations[0].ordersPerDay *= 10
        let large = RunBudget.estimate(config, faults: 0, hosts: 10)
        #expect(large.memoryBytes > small.memoryBytes && large.events > small.events)
    }

    @Test func manyFaultsAreReadInLinearTimeAndCountedAgainstTheBudget() throws {
        var faults = "faults:\n"
        for k in 0..<3_000 { faults += "  - { name: f\(k), kind: link_latency, between: [shenzhen, shanghai], start: \"09:3\(k % 10):00\", duration: 1s, delay: 1ms }\n" }
        let started = DispatchTime.now().uptimeNanoseconds
        let e = #expect(throws: HarnessError.self) { try self.prepare(faults) }
        #expect(e?.message.contains("faults: 3000 faults; the budget is 1,000 (--max-faults raises it)") == true, "\(String(describing: e))")
        #expect(DispatchTime.now().uptimeNanoseconds - started < 20_000_000_000, "reading 3,000 faults stays fast")
    }

    @Test func aRunThatOutgrowsItsEventBudgetStopsWithExit5sKind() throws {
        var prepared = try prepare("")
        prepared.budget.maxEvents = 5_000
        let e = #expect(throws: HarnessError.self) { try prepared.run() }
        #expect(e?.kind == .budgetExceeded && e?.message.contains("more than 5,000 events") == true, "\(String(describing: e))")
        // A run under a tight but sufficient budget is the run under the standard one: watching never changes it.
        var within = try prepare("")
        within.budget.maxEvents = 1_000_000_000
        let unwatched = try prepare("", budget: .standard)
        #expect(try within.run().run.digest == unwatched.run().run.digest)
    }
}
