/// JUnit XML for CI systems: a `<testsuite>` per scenario run, a `<testcase>` per SLA check
/// (latency rows, fault expectations, guards) and per invariant; a case that failed carries a
/// `<failure>` whose message gives the value against the limit.
public enum JUnitReport {
    /// One suite: a run, under the name CI should show for it.
    public struct Suite {
        public var name: String
        public var report: RunReport
        public init(name: String, report: RunReport) { self.name = name; self.report = report }
    }

    struct Case {
        var classname: String
        var name: String
        var failure: (message: String, detail: String)?
    }

    static func cases(_ report: RunReport) -> [Case] {
        var out: [Case] = []
        for sla in report.card.slas {
            out.append(Case(classname: "sla", name: sla.name,
                            failure: sla.met ? nil : ("\(sla.value) against a limit of \(sla.limit)", "\(sla.name): \(sla.value), limit \(sla.limit)")))
        }
        for invariant in report.card.invariants {
            out.append(Case(classname: "invariant", name: invariant.name,
                            failure: invariant.held ? nil : ("broken: \(invariant.detail)", invariant.detail)))
        }
        return out
    }

    /// The document for `suites`; times are the runs' wall seconds.
    public static func xml(_ suites: [Suite]) -> String {
        let all = suites.map { ($0, cases($0.report)) }
        let tests = all.reduce(0) { $0 + $1.1.count }
        let failures = all.reduce(0) { $0 + $1.1.filter { $0.failure != nil }.count }
        let time = suites.reduce(0.0) { $0 + $1.report.wallSeconds }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"firedrill\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" time=\"\(seconds(time))\">\n"
        for (suite, cases) in all {
            let failed = cases.filter { $0.failure != nil }.count
            out += "  <testsuite name=\"\(suite.name.markupEscaped)\" tests=\"\(cases.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"0\" "
                + "time=\"\(seconds(suite.report.wallSeconds))\">\n"
            out += "    <properties>\n"
            out += "      <property name=\"scenario_file\" value=\"\(suite.report.scenarioFile.markupEscaped)\"/>\n"
            out += "      <property name=\"seed\" value=\"\(suite.report.run.config.seed)\"/>\n"
            out += "      <property name=\"digest\" value=\"\(suite.report.run.digest)\"/>\n"
            out += "      <property name=\"verdict\" value=\"\(suite.report.card.verdict)\"/>\n"
            out += "    </properties>\n"
            for c in cases {
                let open = "    <testcase classname=\"\(suite.name.markupEscaped).\(c.classname)\" name=\"\(c.name.markupEscaped)\" time=\"0\""
                if let f = c.failure {
                    out += open + ">\n"
                    out += "      <failure message=\"\(f.message.markupEscaped)\" type=\"\(c.classname)\">\(f.detail.markupEscaped)</failure>\n"
                    out += "    </testcase>\n"
                } else {
                    out += open + "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    static func seconds(_ s: Double) -> String { JSONValue.format(s, digits: 3) }
}
