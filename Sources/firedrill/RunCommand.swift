import ArgumentParser
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
            file:line:column and the field); 3 internal error.
            """
    )

    @Argument(help: "Scenario file (YAML).") var scenario: String = "Scenarios/default.yaml"
    @Option(help: "Seed for every random stream; overrides the scenario's.") var seed: UInt64?
    @Option(help: "A layout file whose topology replaces the scenario's (see Scenarios/layouts/).") var layout: String?
    @Option(help: "Directory for result.json, report.md, report.html and series.csv.") var out: String?
    @Option(help: "Also write a JUnit XML file here: a test case per SLA and invariant.") var junit: String?
    @Option(help: "Write the HTML report here instead of beside result.json.") var html: String?
    @Flag(help: "No progress bar or notes on standard error.") var quiet = false

    func run() throws {
        let prepared = try harness { () throws(HarnessError) in try PreparedRun.prepare(scenario: scenario, seed: seed, layout: layout) }
        if !quiet { for w in prepared.warnings { printToStandardError("firedrill: " + w) } }
        let directory = out ?? "Results/\(prepared.config.name)/\(prepared.config.seed)"
        let bar = ProgressBar(quiet: quiet)
        let report = try harness { () throws(HarnessError) in try prepared.run(progress: bar.update) }
        bar.finish()
        let htmlPath = html ?? directory + "/report.html"
        try write(directory: directory) { () throws in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data((report.resultJSON.text() + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/result.json"))
            try Data(report.markdown.utf8).write(to: URL(fileURLWithPath: directory + "/report.md"))
            try Data(report.seriesCSV.utf8).write(to: URL(fileURLWithPath: directory + "/" + RunReport.seriesFile))
        }
        try write(directory: htmlPath) { () throws in try Data(report.html.utf8).write(to: URL(fileURLWithPath: htmlPath)) }
        if let junit {
            let name = prepared.layout.map { "\(prepared.config.name) on \($0.name)" } ?? prepared.config.name
            try write(directory: junit) { () throws in
                try Data(JUnitReport.xml([.init(name: name, report: report)]).utf8).write(to: URL(fileURLWithPath: junit))
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
        throw CommandFailure(code: error.kind == .invalidInput ? .invalidInput : .internalError, message: error.message)
    }
}

/// Writes an output, turning a failure into invalid input (exit 2) naming the place.
func write(directory path: String, _ body: () throws -> Void) throws(CommandFailure) {
    do { try body() } catch {
        throw CommandFailure(code: .invalidInput, message: "\(path): cannot write (\(error.localizedDescription))")
    }
}
