import Reports

/// JUnit XML for an exploration: one test case per finding, failed, with what it showed and
/// its minimal scenario file; one passing case when nothing was found, so CI shows the search ran.
public enum ExploreJUnit {
    public static func xml(_ r: ExploreResult) -> String {
        let name = "explore \(r.scenario)"
        let cases = max(1, r.findings.count)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"firedrill\" tests=\"\(cases)\" failures=\"\(r.findings.count)\" errors=\"0\" time=\"0\">\n"
        out += "  <testsuite name=\"\(name.markupEscaped)\" tests=\"\(cases)\" failures=\"\(r.findings.count)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
        out += "    <properties>\n"
        out += "      <property name=\"seed\" value=\"\(r.options.seed)\"/>\n"
        out += "      <property name=\"runs\" value=\"\(r.runs.count)\"/>\n"
        out += "      <property name=\"baseline_digest\" value=\"\(r.baselineDigest)\"/>\n"
        out += "    </properties>\n"
        if r.findings.isEmpty {
            out += "    <testcase classname=\"explore\" name=\"no finding in \(r.runs.count) runs\" time=\"0\"/>\n"
        }
        for f in r.findings {
            let message = "\(f.outcome.detail) (\(f.runs.count) run(s); minimal plan of \(f.minimal.faults.count) fault(s))"
            out += "    <testcase classname=\"explore.\(f.signature.failure.word)\" name=\"\(f.signature.key.markupEscaped)\" time=\"0\">\n"
            out += "      <failure message=\"\(message.markupEscaped)\" type=\"\(f.signature.failure.word)\">"
                + "\("reproduce: firedrill run \(FindingFile.name(f)) (in the explore folder)".markupEscaped)</failure>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
