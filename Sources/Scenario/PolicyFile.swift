import Chaos
import Foundation
import Kernel
import Stack

/// Reads an incident-grading policy (`Faults/policies/*.yaml`) into an `IncidentPolicy`, with
/// the same `file:line:column` errors as scenario files.
public enum PolicyFile {
    public static func load(path: String) throws(ScenarioError) -> IncidentPolicy {
        try decode(try YAMLFile.text(path), file: path)
    }

    public static func decode(_ text: String, file: String) throws(ScenarioError) -> IncidentPolicy {
        let top = try YAMLFile.root(text, file: file, emptyHint: "a policy is a mapping with name and grades")
        var name: String?
        var margin = SimDuration.seconds(60)
        var grades: [IncidentPolicy.Grade] = []
        var partial = 0.05, full = 0.95, minOrders = 1
        var systems: [IncidentPolicy.System] = []
        for (key, value) in try top.mapping(allowed: ["name", "near_miss_margin", "outage", "systems", "grades"]) {
            switch key {
            case "name": name = try value.name()
            case "near_miss_margin": margin = try value.duration()
            case "outage":
                for (k, v) in try value.mapping(allowed: ["partial_failure_ratio", "full_failure_ratio", "min_orders"]) {
                    switch k {
                    case "partial_failure_ratio": partial = try v.double(in: 0.000001...1, "a share of orders")
                    case "full_failure_ratio": full = try v.double(in: 0.000001...1, "a share of orders")
                    default: minOrders = try v.int(in: 1...1_000_000)
                    }
                }
                if partial > full { throw value.error("partial_failure_ratio (\(partial)) must not exceed full_failure_ratio (\(full))") }
            case "systems":
                for (systemName, v) in try value.anyMapping() {
                    var classes = ClientClass.allCases, businesses = Business.allCases
                    for (k, list) in try v.mapping(allowed: ["classes", "businesses"]) {
                        if k == "classes" {
                            classes = []
                            for c in try list.list() { classes.append(try c.oneOf(ClientClass.allCases.map { ($0.name, $0) }, "client class")) }
                        } else {
                            businesses = []
                            for b in try list.list() { businesses.append(try b.oneOf(Business.allCases.map { ($0.name, $0) }, "business")) }
                        }
                    }
                    systems.append(IncidentPolicy.System(name: systemName, classes: classes, businesses: businesses))
                }
            default:
                for item in try value.list() { grades.append(try grade(item, existing: grades)) }
            }
        }
        guard let name else { throw top.error("a policy needs a name") }
        guard !grades.isEmpty else { throw top.error("a policy needs at least one grade") }
        return IncidentPolicy(name: name, nearMissMargin: margin, grades: grades,
                              partialFailureRatio: partial, fullFailureRatio: full, minOrders: minOrders, systems: systems)
    }

    static func grade(_ v: YAMLValue, existing: [IncidentPolicy.Grade]) throws(ScenarioError) -> IncidentPolicy.Grade {
        var name: String?, label: String?
        var rules: [IncidentPolicy.Rule] = []
        for (key, value) in try v.mapping(allowed: ["name", "label", "rules"]) {
            switch key {
            case "name":
                let n = try value.name()
                if existing.contains(where: { $0.name == n }) { throw value.error("grade \"\(n)\" appears twice") }
                name = n
            case "label": label = try value.string()
            default:
                for item in try value.list() { rules.append(try rule(item)) }
            }
        }
        guard let name else { throw v.error("a grade needs a name") }
        guard !rules.isEmpty else { throw v.error("grade \"\(name)\" needs at least one rule") }
        return IncidentPolicy.Grade(name: name, label: label ?? name, rules: rules)
    }

    static func rule(_ v: YAMLValue) throws(ScenarioError) -> IncidentPolicy.Rule {
        var systems: [String] = []
        var extent: IncidentPolicy.Extent?
        var threshold: SimDuration?
        var clients = 0
        for (key, value) in try v.mapping(allowed: ["systems", "extent", "cumulative_at_least", "active_clients_at_least"]) {
            switch key {
            case "systems": for s in try value.list() { systems.append(try s.name()) }
            case "extent": extent = try value.oneOf(IncidentPolicy.Extent.allCases.map { ($0.rawValue, $0) }, "extent")
            case "cumulative_at_least": threshold = try value.duration(atLeast: .nanoseconds(1), atMost: .hours(24))
            default: clients = try value.int(in: 0...1_000_000_000)
            }
        }
        guard !systems.isEmpty else { throw v.error("a rule needs systems (a list of system names, or [any])") }
        guard let extent else { throw v.error("a rule needs extent: full or partial") }
        guard let threshold else { throw v.error("a rule needs cumulative_at_least, e.g. \"5m\"") }
        return IncidentPolicy.Rule(systems: systems, extent: extent, cumulativeAtLeast: threshold, activeClientsAtLeast: clients)
    }
}
