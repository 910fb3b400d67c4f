import ArgumentParser
import Boundary
import Foundation
import Harness

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run one workload on several tier layouts and compare them side by side.",
        discussion: """
            Each layout file (Scenarios/layouts/) replaces the workload scenario's topology:
            sites, links, tiers and their instances, gateways, routing, standbys, DR, and prices
            its hosts (annual_cost_yuan). The workload's clients, faults and seed stay the same.
            Prints a table (verdict, SLA attainment, p99 per client class and business, RTO and
            RPO per fault, incident grades, annual cost) with the layout that wins each row, and
            writes it as compare.md and compare.html to --out.

            Exit codes: 0 compared (whatever the verdicts); 2 invalid input, or a run over its
            budget (--max-*); 3 internal error; 5 a run spent its event or wall-time budget.
            """
    )

    @Argument(help: "Layout files.") var layouts: [String]
    @Option(help: "The scenario whose clients, faults and SLAs every layout runs.") var workload: String = "Scenarios/default.yaml"
    @Option(help: "Seed; overrides the workload's.") var seed: UInt64?
    @Option(help: "Directory for compare.md and compare.html.") var out: String = "Results/compare"
    @Flag(help: "No progress bar on standard error.") var quiet = false
    @OptionGroup(title: "Budget") var limits: BudgetOptions

    func run() throws {
        guard !layouts.isEmpty else { throw CommandFailure(code: .invalidInput, message: "compare: name at least one layout file") }
        let folder: OutputFolder
        do { folder = try OutputFolder(out, in: .workingDirectory, writes: { $0 == "compare.md" || $0 == "compare.html" }) } catch {
            throw CommandFailure(code: .invalidInput, message: error.description)
        }
        let budget = try limits.budget()
        let bar = ProgressBar(quiet: quiet)
        let layouts = self.layouts
        let comparison = try harness { () throws(HarnessError) in
            try LayoutComparison.run(layouts: layouts, workload: workload, seed: seed, budget: budget) { k, p in
                bar.label = "layout \(k + 1)/\(layouts.count)"
                bar.update(p)
            }
        }
        bar.finish()
        try writing { () throws(BoundaryError) in
            try folder.write("compare.md", Array(comparison.markdown.utf8))
            try folder.write("compare.html", Array(comparison.html.utf8))
        }
        print(comparison.markdown)
        print("wrote \(out)/compare.md, compare.html")
    }
}
