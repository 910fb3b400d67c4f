import Boundary
import Chaos
import Foundation
import Kernel
import Stack

extension Reader {
    static let faultCommonFields = ["name", "kind", "start", "after", "duration", "expect"]
    static let expectTable = FieldTable<FaultSpec.Expectation>([
        ("detect_within", { x, f, _ throws(ScenarioError) in x.detectWithin = try f.duration(atLeast: .zero, atMost: .hours(24)) }),
        ("recover_within", { x, f, _ throws(ScenarioError) in x.recoverWithin = try f.duration(atLeast: .zero, atMost: .hours(24)) }),
        ("recover_by", { x, f, _ throws(ScenarioError) in x.recoverBy = try f.clockTime() }),
        ("rpo_max", { x, f, _ throws(ScenarioError) in x.rpoMax = try f.int(in: 0...Int(Int32.max)) }),
    ])
    static var expectFields: [String] { expectTable.keys }
    static let selectorTable = FieldTable<FaultSpec.Selector>([
        ("kind", { s, f, _ throws(ScenarioError) in s.kind = try f.oneOf(NodeKind.allCases.map { ($0.description, $0) }, "node kind") }),
        ("tier", { s, f, _ throws(ScenarioError) in s.tier = try f.oneOf(TierKind.allCases.map { ($0.name, $0) }, "tier") }),
        ("site", { s, f, r throws(ScenarioError) in s.site = try r.site(f) }),
        ("count", { s, f, _ throws(ScenarioError) in s.count = try f.int(in: 1...Reader.nodesMax) }),
    ])
    /// Keys a fault definition in `Faults/` may hold: any fault key, plus a description.
    static var faultDefinitionFields: [String] {
        var keys = faultCommonFields + ["description"]
        for kind in FaultKind.allCases { for k in faultFields(kind) where !keys.contains(k) { keys.append(k) } }
        return keys
    }

    /// The entries of `Faults/<name>.yaml`, looked for beside the scenario's folder, then under
    /// the working directory, and read through the boundary (a link may not lead out of the
    /// repository). Errors in the definition point into its own file.
    func faultDefinition(_ name: String, at use: YAMLValue) throws(ScenarioError) -> (path: String, entries: [(key: String, value: YAMLValue)]) {
        let path: String
        let origin: FileBoundary.Origin
        if let pinned = pinnedDefinition, pinned.name == name {
            (path, origin) = (pinned.path, .commandLine)
        } else {
            let dir = file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) : "."
            let paths = [PathText.normalized("\(dir)/../Faults/\(name).yaml"), "Faults/\(name).yaml"]
            guard let found = paths.first(where: { boundary.exists($0) }) else {
                throw use.error("no fault definition \"\(name)\" (looked for \(paths.joined(separator: ", ")))")
            }
            (path, origin) = (found, .file)
        }
        let root = try YAMLFile.root(try YAMLFile.text(path, from: origin, in: boundary), file: path, emptyHint: "a fault definition is a mapping with a kind")
        return (path, try root.mapping(allowed: Reader.faultDefinitionFields).filter { $0.key != "description" && $0.key != "name" })
    }

    /// The keys each fault kind takes beyond the common ones: its target key and its parameters.
    static func faultFields(_ kind: FaultKind) -> [String] {
        [kind.target.key] + kind.parameters.map(\.key.rawValue)
    }

    /// A parameter's value, checked against what its key accepts (`FaultParameter.domain`).
    static func faultValue(_ f: YAMLValue, _ key: FaultParameter) throws(ScenarioError) -> FaultValue {
        switch key.domain {
        case let .number(range): return .number(try f.double(in: range, key.noun))
        case let .integer(range): return .integer(try f.int(in: range))
        case let .duration(range): return .duration(try f.duration(atLeast: range.lowerBound, atMost: range.upperBound))
        case .durationDistribution: return .distribution(try f.distribution(durations: true))
        case .direction: return .direction(try f.oneOf(FaultSpec.Direction.allCases.map { ($0.rawValue, $0) }, key.noun))
        case let .names(names):
            if (try? f.string()) == "all" { return .names([]) }
            var picked: [String] = []
            for m in try f.list() { picked.append(try m.oneOf(names.map { ($0, $0) }, key.noun)) }
            if picked.isEmpty { throw f.error("name at least one \(key.noun), or write all") }
            return .names(picked)
        case .label: return .label(try f.label())
        }
    }

    /// Reads `faults:`, checking every target against the stack the file describes.
    mutating func readFaults(_ v: YAMLValue) throws(ScenarioError) {
        let topology: Topology
        do { topology = try Topology(config: config) } catch { throw v.error("\(error)") }
        let hostNames = topology.hosts.map(\.name)
        for item in try v.list() {
            // When validating, a broken fault is noted and the next one read.
            do { try readFault(item, topology: topology, hostNames: hostNames) } catch {
                guard collecting else { throw error }
                errors.append(error)
            }
        }
    }

    /// One entry of `faults:`.
    private mutating func readFault(_ item: YAMLValue, topology: Topology, hostNames: [String]) throws(ScenarioError) {
        // A fault may start from a definition in Faults/ (`use: <name>`); its own keys override.
        var entries = try item.anyMapping()
        var useName: String?
        if let use = entries.first(where: { $0.key == "use" })?.value {
            let name = try use.name()
            useName = name
            let (path, definition) = try faultDefinition(name, at: use)
            if !definitionsRead.contains(path) { definitionsRead.append(path) }
            entries = definition.filter { d in !entries.contains { $0.key == d.key } } + entries.filter { $0.key != "use" }
        }
        guard let kindValue = entries.first(where: { $0.key == "kind" })?.value else {
            throw item.error("a fault needs a kind: " + FaultKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let kind = try kindValue.oneOf(FaultKind.allCases.map { ($0.rawValue, $0) }, "fault kind")
        let allowed = Reader.faultCommonFields + Reader.faultFields(kind)
        for (key, value) in entries where !allowed.contains(key) {
            var message = "unknown key \"\(Excerpt.of(key))\" for a \(kind.rawValue) fault"
            if let guess = Suggestion.closest(to: key, in: allowed) { message += "; did you mean \"\(guess)\"?" }
            else { message += "; expected one of: " + allowed.joined(separator: ", ") }
            throw ScenarioError(file: value.file, line: value.keyLine, column: value.keyColumn, field: item.path, message: message)
        }
        var fault = FaultSpec(name: "", kind: kind, start: config.dayStart)
        var seen: Set<String> = []
        var startValue: YAMLValue?
        var afterValue: YAMLValue?
        for (key, f) in entries {
            seen.insert(key)
            switch key {
            case "name":
                fault.name = try f.name()
                if faultNames.contains(fault.name) { throw f.error("fault \"\(fault.name)\" is declared twice") }
            case "kind": break
            case "start": startValue = f
            case "after": afterValue = f
            case "duration": fault.duration = try f.duration(atLeast: .nanoseconds(1), atMost: .hours(24))
            case "expect":
                try Reader.expectTable.read(f, into: &fault.expect, by: self)
            case "target": try readTarget(f, into: &fault, kind: kind, topology: topology, hostNames: hostNames)
            case "between":
                let ends = try f.list()
                guard ends.count == 2 else { throw f.error("expected two ends: [site or host, site or host]") }
                for end in ends { fault.between.append(try end.oneOf((siteNames + hostNames).map { ($0, $0) }, "site or host")) }
            case "groups":
                let groups = try f.list()
                guard groups.count >= 2 else { throw f.error("a partition needs at least two groups of sites or hosts") }
                for g in groups {
                    var names: [String] = []
                    for n in try g.list() { names.append(try n.oneOf((siteNames + hostNames).map { ($0, $0) }, "site or host")) }
                    if names.isEmpty { throw g.error("a group needs at least one site or host") }
                    fault.groups.append(names)
                }
            case "site": fault.site = try site(f)
            default:
                // Every other allowed key is one of the kind's parameters.
                guard let parameter = FaultParameter(rawValue: key) else { throw f.error("unknown key \"\(Excerpt.of(key))\"") }
                fault[parameter] = try Reader.faultValue(f, parameter)
            }
        }
        if fault.name.isEmpty, let useName {
            // Named after its definition: two uses of one definition need names of their own.
            if faultNames.contains(useName) {
                throw item.error("fault \"\(useName)\" is declared twice (a second `use: \(useName)` needs a name: of its own)")
            }
            fault.name = useName
        }
        if fault.name.isEmpty { throw item.error("a fault needs a name") }
        try readStart(startValue, after: afterValue, of: &fault, item: item)
        for parameter in kind.parameters where parameter.defaultValue == nil && !seen.contains(parameter.key.rawValue) {
            throw item.error("a \(kind.rawValue) fault needs \(parameter.key.rawValue) (\(parameter.meaning))")
        }
        let targetKey = Reader.faultFields(kind)[0]
        if !seen.contains(targetKey) { throw item.error("a \(kind.rawValue) fault needs \(targetKey)") }
        let oneOf = kind.descriptor.needsOneOf
        if !oneOf.isEmpty && !oneOf.contains(where: { seen.contains($0.rawValue) }) {
            throw item.error("a \(kind.rawValue) fault needs " + oneOf.map { "\($0.rawValue) (\(kind.descriptor.parameter($0)!.meaning))" }.joined(separator: " or "))
        }
        if let end = fault.end, end > config.dayEnd { throw item.error("the fault ends at \(end), after the day (\(config.dayEnd))") }
        faultNames.insert(fault.name)
        faultIndex[fault.name] = faults.count
        faultPlaces.append(item.error(""))
        faults.append(fault)
    }

    /// `target`: a host name, a list of them, or a selector `{ kind, tier, site, count }`.
    private func readTarget(_ f: YAMLValue, into fault: inout FaultSpec, kind: FaultKind, topology: Topology, hostNames: [String]) throws(ScenarioError) {
        guard case let .hosts(kinds, tiers) = kind.target else { return }
        if case .mapping = f.node {
            var selector = FaultSpec.Selector(kind: .tier)
            let entries = try f.mapping(allowed: Reader.selectorTable.keys)
            try Reader.selectorTable.read(entries, into: &selector, by: self)
            if !kinds.contains(selector.kind) {
                throw (entries.first { $0.key == "kind" }?.value ?? f).error("\(kind.rawValue) applies to \(kinds.map(\.description).joined(separator: ", "))")
            }
            if !tiers.isEmpty {
                // A kind that applies to some tiers only: the selector picks those, and no other.
                if let tier = selector.tier, !tiers.contains(tier) {
                    throw f.error("\(kind.rawValue) applies to the \(tiers.map(\.name).joined(separator: ", ")) tier, not \(tier.name)")
                }
                if selector.tier == nil { selector.tier = tiers[0] }
            }
            do throws(FaultTargetProblem) { _ = try selector.nodes(in: topology) } catch { throw f.error(error.message) }
            fault.selector = selector
            return
        }
        let names: [YAMLValue]
        if case .sequence = f.node { names = try f.list() } else { names = [f] }
        for n in names {
            let name = try n.oneOf(hostNames.map { ($0, $0) }, "host")
            if let problem = kind.targetProblem(host: topology.host(named: name)!, topology: topology) { throw n.error(problem) }
            fault.nodes.append(name)
        }
        if fault.nodes.isEmpty { throw f.error("needs at least one host") }
    }

    /// `start`: a clock time, or `+<duration>` from the start of the day — or, with `after`,
    /// from the end of the named earlier fault (which must have a duration).
    private func readStart(_ start: YAMLValue?, after: YAMLValue?, of fault: inout FaultSpec, item: YAMLValue) throws(ScenarioError) {
        var base = config.dayStart
        if let after {
            let name = try after.name()
            guard let earlier = faultIndex[name].map({ faults[$0] }) else {
                throw after.error("no earlier fault called \"\(name)\"" + (Suggestion.closest(to: name, in: faults.map(\.name)).map { "; did you mean \"\($0)\"?" } ?? ""))
            }
            guard let end = earlier.end else { throw after.error("\"\(name)\" lasts to the end of the run; give it a duration to start after it") }
            base = end
        } else if start == nil {
            throw item.error("a fault needs a start, e.g. \"10:30:00\", \"+90m\", or after: <earlier fault>")
        }
        if let start {
            let text = try start.string()
            if text.hasPrefix("+") {
                let offset = try YAMLValue.durationText(String(text.dropFirst()), at: start, atMost: .hours(24))
                fault.start = base + offset
            } else {
                if after != nil { throw start.error("with after:, start is an offset from that fault's end, e.g. \"+2m\"") }
                fault.start = try start.clockTime()
            }
        } else {
            fault.start = base
        }
        guard fault.start >= config.dayStart && fault.start < config.dayEnd else {
            throw (start ?? after ?? item).error("expected a time inside the day (\(config.dayStart)–\(config.dayEnd)), got \(fault.start)")
        }
    }
}
