import ArgumentParser
import Chaos
import Foundation
import Kernel
import Reports
import Scenario
import Scoring
import Stack

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario's trading day and judge it against its SLAs and invariants.",
        discussion: """
            Builds the stack the scenario describes (sites, tiers, exchanges, client populations),
            runs its day in virtual time, and writes result.json, report.md and series.csv to
            --out (default Results/<scenario>/<seed>/). Prints a summary table.

            Exit codes: 0 every SLA met and every invariant held; 1 one was not (the report is
            still written); 2 the scenario or an option is invalid (the message names
            file:line:column and the field); 3 internal error.
            """
    )

    @Argument(help: "Scenario file (YAML).") var scenario: String = "Scenarios/default.yaml"
    @Option(help: "Seed for every random stream; overrides the scenario's.") var seed: UInt64?
    @Option(help: "Directory for result.json, report.md and series.csv.") var out: String?
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func run() throws {
        var config: StackConfig
        let faults: [FaultSpec]
        var guards: [Guard] = []
        var policy: IncidentPolicy?
        do {
            let document = try ScenarioFile.loadDocument(path: scenario)
            config = document.stack
            faults = document.faults
            guards = document.guards
            if let name = document.policy {
                let paths = ScenarioDocument.policyPaths(name, scenarioPath: scenario)
                if let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
                    policy = try PolicyFile.load(path: path)
                } else if document.policyGiven {
                    throw CommandFailure(code: .invalidInput, message: "\(scenario): policy \"\(name)\" not found (looked in \(paths.joined(separator: ", ")))")
                } else if !quiet {
                    printToStandardError("firedrill: no incident-grading policy found (\(paths.joined(separator: ", "))); outages are not graded")
                }
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(code: .invalidInput, message: "\(error)")
        }
        if let seed {
            guard seed <= UInt64(Int64.max) else {
                throw CommandFailure(code: .invalidInput, message: "--seed: expected 0…\(Int64.max), got \(seed)")
            }
            config.seed = seed
        }
        let directory = out ?? "Results/\(config.name)/\(config.seed)"
        let started = DispatchTime.now().uptimeNanoseconds
        let quiet = self.quiet
        let result: StackRunResult
        do {
            let watch = GuardWatch(guards: guards, firstFaultStart: faults.map(\.start).min())
            result = try StackRun.run(config, plan: { world throws(StackBuildError) in try FaultPlan.schedule(faults, world: &world) },
                                      guards: guards.isEmpty ? nil : { recorder, t in watch.check(recorder, at: t) }, progress: { t in
                if !quiet {
                    let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    printToStandardError("  simulated to \(t)  (\(JSONValue.format(wall, digits: 1)) s)")
                }
            })
        } catch {
            throw CommandFailure(code: .invalidInput, message: "\(scenario): \(error)")
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let report = RunReport(run: result, card: Scorecard(result, policy: policy, faults: faults, guards: guards), scenarioFile: scenario, faults: faults,
                               wallSeconds: wall, peakMemoryBytes: RunCommand.peakMemoryBytes())
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data((report.resultJSON.text() + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/result.json"))
            try Data(report.markdown.utf8).write(to: URL(fileURLWithPath: directory + "/report.md"))
            try Data(report.seriesCSV.utf8).write(to: URL(fileURLWithPath: directory + "/" + RunReport.seriesFile))
        } catch {
            throw CommandFailure(code: .invalidInput, message: "\(directory): cannot write the results (\(error.localizedDescription))")
        }
        print(report.summary)
        print("")
        print("\(result.events) events, \(JSONValue.format(wall, digits: 2)) s wall, "
            + "\(Int((Double(report.card.outcomes.sent) / max(wall, 1e-9)).rounded())) orders/s, "
            + "peak memory \(report.peakMemoryBytes / (1 << 20)) MiB")
        print("wrote \(directory)/result.json, report.md, \(RunReport.seriesFile)")
        if !report.card.passed { throw CommandFailure(code: .breached, message: "verdict fail: see \(directory)/report.md") }
    }

    /// The process's peak resident set, from getrusage (kilobytes on Linux).
    static func peakMemoryBytes() -> Int64 {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int64(usage.ru_maxrss) * 1024
    }
}
