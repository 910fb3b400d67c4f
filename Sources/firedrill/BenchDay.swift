import ArgumentParser
import Foundation
import Harness
import Reports

struct BenchDay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day",
        abstract: "Run a scenario's whole day and print its throughput, peak memory and digest as JSON.",
        discussion: """
            Runs the scenario as `firedrill run` does (building the stack, simulating the day,
            judging it) but writes no report. wall_seconds covers reading the scenario, building,
            simulating and scoring; orders counts the clients' orders, each simulated through every
            hop (client, gateway, tier, offer gateway, exchange and back); the other members'
            orders, which enter the exchanges directly, are counted apart. peak_rss_bytes is the
            process's peak resident set. allocator names the malloc in use (jemalloc when the build
            linked it or LD_PRELOAD loaded it). The digest is the run's, the same as `run` prints.

            Exit codes: 0 the run finished (whatever its verdict); 2 the scenario or an option is
            invalid; 3 internal error; 5 the run spent its event or wall-time budget.
            """
    )

    @Argument(help: "Scenario file (YAML).") var scenario: String = "Scenarios/default.yaml"
    @Option(help: "Seed for every random stream; overrides the scenario's.") var seed: UInt64?
    @Option(help: "A layout file whose topology replaces the scenario's.") var layout: String?
    @Flag(help: "No progress bar on standard error.") var quiet = false
    @OptionGroup(title: "Budget") var limits: BudgetOptions

    func run() throws {
        let bar = ProgressBar(quiet: quiet, label: "bench day ")
        let ((prepared, report), seconds) = try measureWallSeconds { () throws(CommandFailure) in
            let budget = try limits.budget()
            let prepared = try harness { () throws(HarnessError) in try PreparedRun.prepare(scenario: scenario, seed: seed, layout: layout, budget: budget) }
            let report = try harness { () throws(HarnessError) in try prepared.run(progress: bar.update) }
            return (prepared, report)
        }
        bar.finish()
        let orders = report.card.outcomes.sent
        var json = JSONObject()
        json.add("workload", "day")
        json.add("scenario", prepared.config.name)
        json.add("scenario_file", scenario)
        if let layout = prepared.layout { json.add("layout", layout.name) }
        json.add("seed", prepared.config.seed)
        json.add("orders", orders)
        json.add("other_members_orders", report.run.exchanges.reduce(0) { $0 + $1.otherMembersOrders })
        json.add("events", report.run.events)
        json.add("wall_seconds", seconds, digits: 3)
        json.add("orders_per_second", seconds > 0 ? Double(orders) / seconds : 0, digits: 0)
        json.add("events_per_second", seconds > 0 ? Double(report.run.events) / seconds : 0, digits: 0)
        json.add("peak_rss_bytes", Int(PreparedRun.peakMemoryBytes()))
        json.add("allocator", Allocator.name)
        json.add("verdict", report.card.passed ? "pass" : "fail")
        json.add("digest", report.run.digest)
        print(json.text)
    }
}
