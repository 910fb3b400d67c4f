import Boundary
import Chaos
import Scenario
import Stack

/// A finding as a scenario file anyone can commit: the explored scenario, as written, with its
/// header replaced by what the finding shows and how it was found, and its faults replaced by
/// the minimal plan. Plain `firedrill run` reproduces it.
public enum FindingFile {
    /// `findings/<signature>.yaml`.
    public static func name(_ finding: Finding) -> String { finding.file }

    /// The file's text. `scenarioText` is the explored scenario's own text.
    public static func text(_ finding: Finding, result: ExploreResult, scenarioText: String, path: String) throws(FaultWriter.Unwritable) -> String {
        let minimal = finding.minimal
        let first = result.runs[finding.firstRun]
        // A file written on Windows reads as one long line unless its line ends are made plain.
        let scenarioText = scenarioText.replacingCRLF
        let header = [
            "# Found by firedrill explore: \(finding.signature.description).",
            "# What it shows: " + finding.outcome.detail.split(whereSeparator: \.isNewline).joined(separator: " "),
            "# How it was found: run \(first.index) (\(first.stage.rawValue), \(first.origin)) of \(result.runs.count) on seed \(result.options.seed),"
                + " one of \(finding.runs.count) run(s) that broke the stack this way; shrunk from \(finding.original.faults.count) fault(s) to"
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

extension String {
    /// `\r\n` line ends as `\n` (Swift treats `\r\n` as one character, which no `\n` split finds).
    var replacingCRLF: String { String(decoding: Array(utf8).split(separator: 13, omittingEmptySubsequences: false).joined(), as: UTF8.self) }
}
