import ArgumentParser
import Boundary
import Foundation
import Harness
import Reports

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario's trading day and judge it against its SLAs and invariants.",
        discussion: """
            Builds the stack the scenario describes (sites, tiers, exchanges, client populations),
            runs its day in virtual time, and writes result.json, report.md, report.html and
            series.csv to --out (default Results/<scenario>/<seed>/). Prints a summary table.
            On a terminal, a progress bar shows on standard error.

            Exit codes: 0 every SLA met and every invariant held; 1 one was not (the report is
            still written); 2 the scenario or an option is invalid (the message names
            file:line:column and the field), or the scenario is bigger than the budget (--max-*);
            3 internal error; 5 the run spent its event or wall-time budget and was stopped.
            """
    )

    @Argument(help: "Scenario file (YAML).") var scenario: String = "Scenarios/default.yaml"
    @Option(help: "Seed for every random stream; overrides the scenario's.") var seed: UInt64?
    @Option(help: "A layout file whose topology replaces the scenario's (see Scenarios/layouts/).") var layout: String?
    @Option(help: "Directory for result.json, report.md, report.html and series.csv.") var out: String?
    @Option(help: "Also write a JUnit XML file here: a test case per SLA and invariant.") var junit: String?
    @Option(help: "Write the HTML report here instead of beside result.json.") var html: String?
    @Flag(help: "No progress bar or notes on standard error.") var quiet = false
    @OptionGroup(title: "Budget") var limits: BudgetOptions

    func run() throws {
        let budget = try limits.budget()
        let prepared = try harness { () throws(HarnessError) in try PreparedRun.prepare(scenario: scenario, seed: seed, layout: layout, budget: budget) }
        if !quiet { for w in prepared.warnings { printToStandardError("firedrill: " + w) } }
        let directory = out ?? "Results/\(prepared.config.name)/\(prepared.config.seed)"
        // The output folder and the files named beside it are checked (and made) before the
        // day runs, not after. A --html or --junit file inside the folder is one of its own.
        let named = [html, junit].compactMap { $0 }.filter { RunCommand.parent(of: $0) == FileBoundary.lexicalAbsolute(directory) }
            .map { String($0.split(separator: "/").last ?? "") }
        let folder = try RunCommand.outputFolder(directory, alsoWrites: named)
        let htmlPath = html ?? directory + "/report.html"
        try writing { () throws(BoundaryError) in
            for path in [html, junit].compactMap({ $0 }) { try OutputFolder.prepareFile(path, in: .workingDirectory) }
        }
        let bar = ProgressBar(quiet: quiet)
        let report = try harness { () throws(HarnessError) in try prepared.run(progress: bar.update) }
        bar.finish()
        try writing { () throws(BoundaryError) in
            try folder.write("result.json", Array((report.resultJSON.text() + "\n").utf8))
            try folder.write("report.md", Array(report.markdown.utf8))
            try folder.write(RunReport.seriesFile, Array(report.seriesCSV.utf8))
            if html == nil { try folder.write("report.html", Array(report.html.utf8)) } else {
                try OutputFolder.writeFile(htmlPath, Array(report.html.utf8), in: .workingDirectory)
            }
        }
        if let junit {
            let name = prepared.layout.map { "\(prepared.config.name) on \($0.name)" } ?? prepared.config.name
            try writing { () throws(BoundaryError) in
                try OutputFolder.writeFile(junit, Array(JUnitReport.xml([.init(name: name, report: report)]).utf8), in: .workingDirectory)
            }
        }
        print(report.summary)
        print("")
        print("\(report.run.events) events, \(JSONValue.format(report.wallSeconds, digits: 2)) s wall, "
            + "\(Int((Double(report.card.outcomes.sent) / max(report.wallSeconds, 1e-9)).rounded())) orders/s, "
            + "peak memory \(report.peakMemoryBytes / (1 << 20)) MiB")
        print("wrote \(directory)/result.json, report.md, \(RunReport.seriesFile), "
            + (html == nil ? "report.html" : "and \(htmlPath)") + (junit.map { ", \($0)" } ?? ""))
        if !report.card.passed { throw CommandFailure(code: .breached, message: "verdict fail: see \(directory)/report.md") }
    }
}

/// Runs a harness step, turning its error into the matching exit status.
func harness<T>(_ body: () throws(HarnessError) -> T) throws(CommandFailure) -> T {
    do { return try body() } catch {
        let code: ExitStatus = switch error.kind {
        case .invalidInput: .invalidInput
        case .internalError: .internalError
        case .budgetExceeded: .budgetExceeded
        }
        throw CommandFailure(code: code, message: error.message)
    }
}

extension RunCommand {
    /// What a run writes in its folder.
    static let writes: Set<String> = ["result.json", "report.md", "report.html", RunReport.seriesFile, "junit.xml"]

    /// The run's output folder: new, or one a run wrote (see `OutputFolder`); `alsoWrites`
    /// names the --html and --junit files that go into it.
    static func outputFolder(_ directory: String, alsoWrites: [String] = []) throws(CommandFailure) -> OutputFolder {
        let names = writes.union(alsoWrites)
        do { return try OutputFolder(directory, in: .workingDirectory, writes: { names.contains($0) }) } catch {
            throw CommandFailure(code: .invalidInput, message: error.description)
        }
    }

    /// The folder a file path lies in, absolute and folded.
    static func parent(of path: String) -> String {
        let absolute = FileBoundary.lexicalAbsolute(path)
        return absolute.lastIndex(of: "/").map { $0 == absolute.startIndex ? "/" : String(absolute[..<$0]) } ?? "/"
    }
}
