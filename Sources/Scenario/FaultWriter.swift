import Chaos
import Kernel
import Stack

/// Writes faults as a scenario's `faults:` section, in the syntax the reader takes back: every
/// value exact (clock times and durations to the nanosecond, numbers in their shortest exact
/// form), and a parameter written only when it differs from its kind's default. Exploration
/// writes its findings with it; `FaultWriterTests` reads every kind back.
public enum FaultWriter {
    /// A value the writer cannot put into scenario syntax (a distribution only the reader's
    /// own tables describe).
    public struct Unwritable: Error, Equatable, Sendable, CustomStringConvertible {
        public var fault: String
        public var problem: String
        public var description: String { "fault \(fault): \(problem)" }
    }

    /// The `faults:` section for `faults`, with a newline after each line.
    public static func section(_ faults: [FaultSpec]) throws(Unwritable) -> String {
        guard !faults.isEmpty else { return "faults: []\n" }
        var lines = ["faults:"]
        for fault in faults { lines += try entry(fault) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// One fault as a list entry under `faults:`.
    public static func entry(_ fault: FaultSpec) throws(Unwritable) -> [String] {
        var fields: [(String, String)] = [("name", fault.name), ("kind", fault.kind.rawValue)]
        switch fault.kind.target {
        case .hosts:
            if let s = fault.selector {
                guard fault.nodes.isEmpty else { throw Unwritable(fault: fault.name, problem: "a target is hosts or a selector, not both") }
                var parts = ["kind: \(s.kind.description)"]
                if let tier = s.tier { parts.append("tier: \(tier.name)") }
                if let site = s.site { parts.append("site: \(quoted(site))") }
                if let count = s.count { parts.append("count: \(count)") }
                fields.append(("target", "{ " + parts.joined(separator: ", ") + " }"))
            } else {
                fields.append(("target", fault.nodes.count == 1 ? quoted(fault.nodes[0]) : list(fault.nodes)))
            }
        case .between: fields.append(("between", list(fault.between)))
        case .groups: fields.append(("groups", "[" + fault.groups.map(list).joined(separator: ", ") + "]"))
        case .site: fields.append(("site", quoted(fault.site ?? "")))
        }
        fields.append(("start", quoted(fault.start.description)))
        if let duration = fault.duration, duration != fault.kind.descriptor.defaultDuration {
            fields.append(("duration", quoted(duration.description)))
        } else if fault.duration == nil, fault.kind.descriptor.defaultDuration != nil {
            throw Unwritable(fault: fault.name, problem: "a \(fault.kind.rawValue) fault always ends; it cannot last to the end of the run")
        }
        for parameter in fault.kind.parameters {
            let value = fault[parameter.key]
            if value == parameter.defaultValue { continue }
            fields.append((parameter.key.rawValue, try text(value, fault: fault.name)))
        }
        var expect: [String] = []
        if let d = fault.expect.detectWithin { expect.append("detect_within: \(quoted(d.description))") }
        if let d = fault.expect.recoverWithin { expect.append("recover_within: \(quoted(d.description))") }
        if let t = fault.expect.recoverBy { expect.append("recover_by: \(quoted(t.description))") }
        if let n = fault.expect.rpoMax { expect.append("rpo_max: \(n)") }
        if !expect.isEmpty { fields.append(("expect", "{ " + expect.joined(separator: ", ") + " }")) }
        return fields.enumerated().map { i, field in (i == 0 ? "  - " : "    ") + field.0 + ": " + field.1 }
    }

    /// A parameter's value in scenario syntax.
    static func text(_ value: FaultValue, fault: String) throws(Unwritable) -> String {
        switch value {
        case let .number(x): return number(x)
        case let .integer(n): return String(n)
        case let .duration(d): return quoted(d.description)
        case let .direction(d): return d.rawValue
        case let .names(names): return names.isEmpty ? "all" : list(names)
        case let .label(label):
            guard let label else { throw Unwritable(fault: fault, problem: "an unchanged label is written by leaving the key out") }
            return quoted(label)
        case let .distribution(d):
            guard let d else { throw Unwritable(fault: fault, problem: "a distribution is required") }
            return try distribution(d, fault: fault)
        }
    }

    /// A distribution of durations, in nanoseconds, as the reader takes it.
    static func distribution(_ d: Distribution, fault: String) throws(Unwritable) -> String {
        func duration(_ nanos: Double) throws(Unwritable) -> String {
            guard nanos == nanos.rounded(), abs(nanos) < 9e18 else {
                throw Unwritable(fault: fault, problem: "\(nanos) ns is not a whole number of nanoseconds")
            }
            return quoted(SimDuration(nanos: Int64(nanos)).description)
        }
        switch d {
        case let .constant(v): return "{ constant: \(try duration(v)) }"
        case let .uniform(low, high): return "{ uniform: { low: \(try duration(low)), high: \(try duration(high)) } }"
        case let .exponential(mean): return "{ exponential: { mean: \(try duration(mean)) } }"
        case let .normal(mean, sd): return "{ normal: { mean: \(try duration(mean)), sd: \(try duration(sd)) } }"
        case .lognormal, .pareto, .empirical:
            throw Unwritable(fault: fault, problem: "only constant, uniform, exponential and normal distributions are written")
        }
    }

    /// A number in its shortest exact form (`2`, not `2.0`).
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// A double-quoted YAML string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func list(_ names: [String]) -> String { "[" + names.map(quoted).joined(separator: ", ") + "]" }
}
