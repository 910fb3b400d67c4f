import Boundary
import Chaos
import Scenario
import Stack

/// A finding as a scenario file anyone can commit: the explored scenario, as written, with its
/// header replaced by what the finding shows and how it was found, and its faults replaced by
/// the minimal plan. Plain `firedrill run` reproduces it.
public enum FindingFile {
    /// `findings/<signature>.yaml`.
    public static func name(_ finding: Finding) -> String { "findings/\(finding.signature.key).yaml" }

    /// The file's text. `scenarioText` is the explored scenario's own text.
    public static func text(_ finding: Finding, result: ExploreResult, scenarioText: String, path: String) throws(FaultWriter.Unwritable) -> String {
        let minimal = finding.minimal
        let first = result.runs[finding.runs[0]]
        var header = [
            "# Found by firedrill explore: \(finding.signature.description).",
            "# What it shows: \(finding.outcome.detail)",
            "# How it was found: run \(first.index) (\(first.stage.rawValue), \(first.origin)) of \(result.runs.count) on seed \(result.options.seed),"
                + " one of \(finding.runs.count) run(s) that broke the stack this way; shrunk from \(first.plan.faults.count) fault(s) to"
                + " \(minimal.faults.count) in \(finding.shrinkRuns) run(s).",
            "# Choices: \(minimal.choices)",
            "# expect: fail",
            "#",
            "#   swift run -c release firedrill run \(path)" + (result.layout.map { " --layout \($0)" } ?? ""),
        ]
        var body = ScenarioText.removingHeader(from: ScenarioText.removingSection("faults", from: scenarioText))
        if finding.signature.failure == .incident {
            // An incident alone does not fail a run: the file says which grade does.
            body = ScenarioText.adding("incidents_below", result.options.threshold, toSection: "sla", of: body)
        }
        while body.hasSuffix("\n\n") { body.removeLast() }
        if !body.hasSuffix("\n") { body += "\n" }
        let faults = try FaultWriter.section(minimal.faults)
        return header.joined(separator: "\n") + "\n" + (body.hasPrefix("\n") ? "" : "\n") + body + "\n" + faults
    }
}
