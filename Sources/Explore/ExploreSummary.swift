import Reports

/// What `firedrill explore` prints: the findings (most serious first), the components that
/// failed in the resilience matrix, and the rare states never reached.
public enum ExploreSummary {
    public static func text(_ r: ExploreResult, directory: String) -> String {
        var lines: [String] = []
        let stages = r.options.stages.map(\.rawValue).joined(separator: ", ")
        lines.append("explore \(r.scenario): \(r.runs.count) runs (\(stages)), seed \(r.options.seed); baseline digest \(r.baselineDigest.prefix(16))")
        if !r.baselineFailures.isEmpty {
            lines.append("  failing without faults (not findings): " + r.baselineFailures.joined(separator: "; "))
        }
        let errors = r.runs.filter { $0.error != nil }
        if !errors.isEmpty { lines.append("  \(errors.count) plan(s) could not run; first: \(errors[0].error!)") }
        lines.append("")
        if r.findings.isEmpty {
            lines.append("no findings")
        } else {
            lines.append("findings:")
            for f in r.findings {
                lines.append("  \(f.signature.failure.word.padding(9)) \(f.signature.subject) on \(f.signature.families.joined(separator: " + "))"
                    + ": \(f.runs.count) run(s); \(f.original.faults.count) → \(f.minimal.faults.count) fault(s) in \(f.shrinkRuns) shrinking run(s)")
                lines.append("            \(f.outcome.detail)")
                lines.append("            \(directory)/\(FindingFile.name(f))")
            }
        }
        let failing = r.matrix.filter { $0.failure != nil }
        if !r.matrix.isEmpty {
            lines.append("")
            lines.append("resilience matrix: \(r.matrix.count) component × kind cells, \(failing.count) with a failure")
            for c in failing.prefix(12) {
                lines.append("  \(r.menu.components[c.component].name) × \(c.kind.rawValue): \(c.failure!.word)"
                    + (c.worstGrade.map { ", graded \($0)" } ?? "") + (c.rpoOrders > 0 ? ", RPO \(c.rpoOrders)" : ""))
            }
            if failing.count > 12 { lines.append("  … and \(failing.count - 12) more in explore.json") }
        }
        let never = r.coverage.filter { $0.runs == 0 }.map(\.point)
        lines.append("")
        lines.append("coverage: \(r.coverage.count - never.count) of \(r.coverage.count) rare states reached"
            + (never.isEmpty ? "" : "; never: " + never.joined(separator: "; ")))
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
