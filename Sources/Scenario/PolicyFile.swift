import Boundary
import Chaos
import Foundation
import Kernel
import Stack

/// Reads an incident-grading policy (`Faults/policies/*.yaml`) into an `IncidentPolicy`, with
/// the same `file:line:column` errors as scenario files.
public enum PolicyFile {
    public static func load(path: String, from origin: FileBoundary.Origin = .commandLine,
                            in boundary: FileBoundary = .workingDirectory) throws(ScenarioError) -> IncidentPolicy {
        try decode(try YAMLFile.text(path, from: origin, in: boundary), file: path)
    }

    public static func decode(_ text: String, file: String) throws(ScenarioError) -> IncidentPolicy {
        let top = try YAMLFile.root(text, file: file, emptyHint: "a policy is a mapping with name and grades")
        let reader = Reader(file: file)
        var d = Draft()
        try policyTable.read(top, into: &d, by: reader)
        guard let name = d.name else { throw top.error("a policy needs a name") }
        guard !d.grades.isEmpty else { throw top.error("a policy needs at least one grade") }
        try checkRuleSystems(top, known: d.systems.map(\.name))
        return IncidentPolicy(name: name, nearMissMargin: d.margin, grades: d.grades,
                              partialFailureRatio: d.partial, fullFailureRatio: d.full, minOrders: d.minOrders, systems: d.systems)
    }

    /// Every system a rule names is one the policy defines under `systems:` (or `any`): a rule
    /// naming another could never match, and the grade would silently never be given.
    static func checkRuleSystems(_ top: YAMLValue, known: [String]) throws(ScenarioError) {
        guard let grades = try top.anyMapping().first(where: { $0.key == "grades" })?.value else { return }
        for grade in try grades.list() {
            guard let rules = try grade.anyMapping().first(where: { $0.key == "rules" })?.value else { continue }
            for rule in try rules.list() {
                guard let systems = try rule.anyMapping().first(where: { $0.key == "systems" })?.value else { continue }
                for system in try systems.list() {
                    let name = try system.name()
                    if name == "any" || known.contains(name) { continue }
                    var message = "no system \"\(name)\" in this policy's systems:"
                    if let guess = Suggestion.closest(to: name, in: known) { message += "; did you mean \"\(guess)\"?" }
                    else { message += " (" + (known.isEmpty ? "none defined" : known.joined(separator: ", ")) + "), or any" }
                    throw system.error(message)
                }
            }
        }
    }

    /// A policy as it is read.
    struct Draft {
        var name: String?
        var margin = SimDuration.seconds(60)
        var grades: [IncidentPolicy.Grade] = []
        var partial = 0.05, full = 0.95, minOrders = 1
        var systems: [IncidentPolicy.System] = []
    }

    static let policyTable = FieldTable<Draft>([
        ("name", { d, f, _ throws(ScenarioError) in d.name = try f.name() }),
        ("near_miss_margin", { d, f, _ throws(ScenarioError) in d.margin = try f.duration() }),
        ("outage", { d, f, r throws(ScenarioError) in
            try outageTable.read(f, into: &d, by: r)
            if d.partial > d.full { throw f.error("partial_failure_ratio (\(d.partial)) must not exceed full_failure_ratio (\(d.full))") }
        }),
        ("systems", { d, f, r throws(ScenarioError) in
            for (systemName, v) in try f.anyMapping() {
                // A system's name reaches reports and messages: a plain name, like every name.
                guard !systemName.isEmpty, systemName.unicodeScalars.count <= 64,
                      systemName.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }) else {
                    throw ScenarioError(file: v.file, line: v.keyLine, column: v.keyColumn, field: f.path,
                                        message: "a system's name is letters, digits, - and _ (at most 64), got \"\(Excerpt.of(systemName))\"")
                }
                var system = IncidentPolicy.System(name: systemName, classes: ClientClass.allCases, businesses: Business.allCases)
                try systemTable.read(v, into: &system, by: r)
                d.systems.append(system)
            }
        }),
        ("grades", { d, f, r throws(ScenarioError) in for item in try f.list() { d.grades.append(try grade(item, existing: d.grades, by: r)) } }),
    ])

    static let outageTable = FieldTable<Draft>([
        ("partial_failure_ratio", { d, f, _ throws(ScenarioError) in d.partial = try f.double(in: 0.000001...1, "a share of orders") }),
        ("full_failure_ratio", { d, f, _ throws(ScenarioError) in d.full = try f.double(in: 0.000001...1, "a share of orders") }),
        ("min_orders", { d, f, _ throws(ScenarioError) in d.minOrders = try f.int(in: 1...1_000_000) }),
    ])

    static let systemTable = FieldTable<IncidentPolicy.System>([
        ("classes", { s, f, _ throws(ScenarioError) in
            s.classes = []
            for c in try f.list() { s.classes.append(try c.oneOf(ClientClass.allCases.map { ($0.name, $0) }, "client class")) }
        }),
        ("businesses", { s, f, _ throws(ScenarioError) in
            s.businesses = []
            for b in try f.list() { s.businesses.append(try b.oneOf(Business.allCases.map { ($0.name, $0) }, "business")) }
        }),
    ])

    /// A grade as it is read.
    struct GradeDraft {
        var name: String?
        var label: String?
        var rules: [IncidentPolicy.Rule] = []
    }

    static let gradeTable = FieldTable<GradeDraft>([
        ("name", { g, f, _ throws(ScenarioError) in g.name = try f.name() }),
        ("label", { g, f, _ throws(ScenarioError) in g.label = try f.string() }),
        ("rules", { g, f, r throws(ScenarioError) in for item in try f.list() { g.rules.append(try rule(item, by: r)) } }),
    ])

    static func grade(_ v: YAMLValue, existing: [IncidentPolicy.Grade], by reader: Reader) throws(ScenarioError) -> IncidentPolicy.Grade {
        let entries = try v.mapping(allowed: gradeTable.keys)
        var g = GradeDraft()
        try gradeTable.read(entries, into: &g, by: reader)
        guard let name = g.name else { throw v.error("a grade needs a name") }
        if existing.contains(where: { $0.name == name }), let node = entries.first(where: { $0.key == "name" })?.value {
            throw node.error("grade \"\(name)\" appears twice")
        }
        guard !g.rules.isEmpty else { throw v.error("grade \"\(name)\" needs at least one rule") }
        return IncidentPolicy.Grade(name: name, label: g.label ?? name, rules: g.rules)
    }

    /// A grading rule as it is read.
    struct RuleDraft {
        var systems: [String] = []
        var extent: IncidentPolicy.Extent?
        var threshold: SimDuration?
        var clients = 0
    }

    static let ruleTable = FieldTable<RuleDraft>([
        ("systems", { d, f, _ throws(ScenarioError) in for s in try f.list() { d.systems.append(try s.name()) } }),
        ("extent", { d, f, _ throws(ScenarioError) in d.extent = try f.oneOf(IncidentPolicy.Extent.allCases.map { ($0.rawValue, $0) }, "extent") }),
        ("cumulative_at_least", { d, f, _ throws(ScenarioError) in d.threshold = try f.duration(atLeast: .nanoseconds(1), atMost: .hours(24)) }),
        ("active_clients_at_least", { d, f, _ throws(ScenarioError) in d.clients = try f.int(in: 0...1_000_000_000) }),
    ])

    static func rule(_ v: YAMLValue, by reader: Reader) throws(ScenarioError) -> IncidentPolicy.Rule {
        var d = RuleDraft()
        try ruleTable.read(v, into: &d, by: reader)
        guard !d.systems.isEmpty else { throw v.error("a rule needs systems (a list of system names, or [any])") }
        guard let extent = d.extent else { throw v.error("a rule needs extent: full or partial") }
        guard let threshold = d.threshold else { throw v.error("a rule needs cumulative_at_least, e.g. \"5m\"") }
        return IncidentPolicy.Rule(systems: d.systems, extent: extent, cumulativeAtLeast: threshold, activeClientsAtLeast: d.clients)
    }
}
