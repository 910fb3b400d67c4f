import Boundary
import Chaos
import Foundation
import Scenario
import Stack

/// `firedrill faults list` and `faults show`: the fault catalogue as users read it.
public enum FaultCatalogue {
    /// One line per kind, grouped by family: name, what it targets, what it does.
    public static func list() -> String {
        var out = "The fault catalogue: \(FaultKind.allCases.count) kinds. `firedrill faults show <kind>` gives one in full.\n"
        var family = ""
        let width = FaultKind.allCases.map(\.rawValue.count).max() ?? 0
        for kind in FaultKind.allCases {
            if kind.family != family {
                family = kind.family
                out += "\n\(family)\n"
            }
            let name = kind.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "  \(name)  \(targetKey(kind).padding(toLength: 7, withPad: " ", startingAt: 0))  \(kind.summary)\n"
        }
        return out
    }

    /// A kind in full: what it does, its target, every key with its default, and an example
    /// (its definition in `faultsDirectory`, or one written out). `name` is the kind
    /// (`host_crash`) or its definition's name (`host-crash`).
    public static func show(_ name: String, faultsDirectory: String = "Faults") throws(HarnessError) -> String {
        let normalized = name.replacingOccurrences(of: "-", with: "_")
        guard let kind = FaultKind(rawValue: normalized) else {
            var message = "no fault kind \"\(name)\""
            if let guess = Suggestion.closest(to: normalized, in: FaultKind.allCases.map(\.rawValue)) { message += "; did you mean \"\(guess)\"?" }
            throw .input(message + " (`firedrill faults list` shows them all)")
        }
        var out = "\(kind.rawValue) (\(kind.family))\n  \(kind.summary)\n\n"
        out += "target\n  \(targetKey(kind)): " + targetText(kind) + "\n\n"
        out += "keys every fault takes\n"
        out += "  name      what reports call it; required, unless it comes from a definition (use: <name>)\n"
        out += "  start     a clock time \"10:30:00\" or an offset from the day's start \"+90m\"\n"
        out += "  after     another fault's name: start when it ends (with start as an offset, e.g. \"+2m\")\n"
        out += "  duration  how long it lasts (default: to the end of the day, or until an operator clears it)\n"
        out += "  expect    " + ScenarioFile.faultExpectKeys.joined(separator: ", ") + " (defaults from the scenario's sla:)\n\n"
        if kind.parameters.isEmpty {
            out += "parameters\n  none\n"
        } else {
            out += "parameters\n"
            let width = kind.parameters.map(\.key.rawValue.count).max() ?? 0
            for p in kind.parameters {
                out += "  \(p.key.rawValue.padding(toLength: width, withPad: " ", startingAt: 0))  \(p.meaning); "
                    + (p.defaultValue.map { "default \($0)" } ?? "required") + valuesText(p.key) + "\n"
            }
        }
        out += "\nexample\n"
        let file = "\(faultsDirectory)/\(kind.rawValue.replacingOccurrences(of: "_", with: "-")).yaml"
        if FileBoundary.workingDirectory.exists(file),
           let text = try? FileBoundary.workingDirectory.text(file, from: .file, maxBytes: YAMLBudget.standard.maxBytes) {
            out += "  # \(file); use it in a scenario with: - { use: \(kind.rawValue.replacingOccurrences(of: "_", with: "-")), start: \"10:00:00\" }\n"
            for line in text.split(separator: "\n") where !line.hasPrefix("#") { out += "  \(line)\n" }
        } else {
            out += "  faults:\n    - { name: my-\(kind.rawValue.replacingOccurrences(of: "_", with: "-")), kind: \(kind.rawValue), \(exampleTarget(kind)), start: \"10:00:00\", duration: 5m"
            for p in kind.parameters where p.defaultValue == nil { out += ", \(p.key.rawValue): …" }
            out += " }\n"
        }
        return out
    }

    static func targetKey(_ kind: FaultKind) -> String { kind.target.key }

    /// The values a key accepts, where a range says it.
    static func valuesText(_ key: FaultParameter) -> String {
        switch key.domain {
        case let .number(r): return "; \(FaultValue.number(r.lowerBound)) to \(FaultValue.number(r.upperBound))"
        case let .integer(r): return "; \(r.lowerBound) to \(r.upperBound)"
        case let .duration(r): return "; \(r.lowerBound) to \(r.upperBound)"
        case .durationDistribution, .direction, .names, .label: return ""
        }
    }

    static func targetText(_ kind: FaultKind) -> String {
        switch kind.target {
        case let .hosts(kinds, tiers):
            let what = tiers.isEmpty ? kinds.map(\.description).joined(separator: ", ") : tiers.map { "\($0.name) tier" }.joined(separator: ", ")
            return "hosts by name (a node's name names its primary; `-standby`, `-dr` its other hosts), or a selector "
                + "{ kind, tier, site, count }; hosts of: \(what)"
        case .between: return "[A, B]: every link between a host matching A and one matching B (each a site or a host)"
        case .groups: return "[[…], […]]: two or more groups of sites or hosts that cannot reach each other"
        case .site: return "a site by name"
        }
    }

    static func exampleTarget(_ kind: FaultKind) -> String {
        switch kind.target {
        case .hosts: return "target: fast-shenzhen-1"
        case .between: return "between: [shenzhen, shanghai]"
        case .groups: return "groups: [[shenzhen], [shanghai]]"
        case .site: return "site: shenzhen"
        }
    }
}
