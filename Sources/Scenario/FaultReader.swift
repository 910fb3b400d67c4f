import Chaos
import Foundation
import Kernel
import Stack

extension Reader {
    static let faultCommonFields = ["name", "kind", "start", "duration"]
    /// Keys a fault definition in `Faults/` may hold: any fault key, plus a description.
    static var faultDefinitionFields: [String] {
        var keys = faultCommonFields + ["description"]
        for kind in FaultKind.allCases { for k in faultFields(kind) where !keys.contains(k) { keys.append(k) } }
        return keys
    }

    /// The entries of `Faults/<name>.yaml`, looked for beside the scenario's folder, then under
    /// the working directory. Errors in the definition point into its own file.
    static func faultDefinition(_ name: String, near scenario: String, at use: YAMLValue) throws(ScenarioError) -> [(key: String, value: YAMLValue)] {
        let dir = scenario.contains("/") ? String(scenario[..<scenario.lastIndex(of: "/")!]) : "."
        let paths = ["\(dir)/../Faults/\(name).yaml", "Faults/\(name).yaml"]
        guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw use.error("no fault definition \"\(name)\" (looked for \(paths.joined(separator: ", ")))")
        }
        let root = try YAMLFile.root(try YAMLFile.text(path), file: path, emptyHint: "a fault definition is a mapping with a kind")
        return try root.mapping(allowed: faultDefinitionFields).filter { $0.key != "description" && $0.key != "name" }
    }

    /// The keys each fault kind takes beyond the common ones.
    static func faultFields(_ kind: FaultKind) -> [String] {
        switch kind {
        case .hostCrash, .hostHang: return ["target"]
        case .cpuLoad: return ["target", "factor"]
        case .linkLatency: return ["between", "delay"]
        case .linkJitter: return ["between", "jitter"]
        case .linkLoss, .linkDuplication: return ["between", "probability"]
        case .linkCut: return ["between"]
        }
    }

    /// Reads `faults:`, checking every target against the stack the file describes.
    mutating func readFaults(_ v: YAMLValue) throws(ScenarioError) {
        let topology: Topology
        do { topology = try Topology(config: config) } catch { throw v.error("\(error)") }
        let hostNames = topology.hosts.map(\.name)
        for item in try v.list() {
            // A fault may start from a definition in Faults/ (`use: <name>`); its own keys override.
            var entries = try item.anyMapping()
            var useName: String?
            if let use = entries.first(where: { $0.key == "use" })?.value {
                let name = try use.name()
                useName = name
                let definition = try Reader.faultDefinition(name, near: file, at: use)
                entries = definition.filter { d in !entries.contains { $0.key == d.key } } + entries.filter { $0.key != "use" }
            }
            guard let kindValue = entries.first(where: { $0.key == "kind" })?.value else {
                throw item.error("a fault needs a kind: " + FaultKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let kind = try kindValue.oneOf(FaultKind.allCases.map { ($0.rawValue, $0) }, "fault kind")
            let allowed = Reader.faultCommonFields + Reader.faultFields(kind)
            for (key, value) in entries where !allowed.contains(key) {
                var message = "unknown key \"\(key)\" for a \(kind.rawValue) fault"
                if let guess = Suggestion.closest(to: key, in: allowed) { message += "; did you mean \"\(guess)\"?" }
                else { message += "; expected one of: " + allowed.joined(separator: ", ") }
                throw ScenarioError(file: value.file, line: value.keyLine, column: value.keyColumn, field: item.path, message: message)
            }
            var fault = FaultSpec(name: "", kind: kind, start: config.dayStart)
            var seen: Set<String> = []
            for (key, f) in entries {
                seen.insert(key)
                switch key {
                case "name":
                    fault.name = try f.name()
                    if faults.contains(where: { $0.name == fault.name }) { throw f.error("fault \"\(fault.name)\" is declared twice") }
                case "kind": break
                case "start":
                    fault.start = try f.clockTime()
                    guard fault.start >= config.dayStart && fault.start < config.dayEnd else {
                        throw f.error("expected a time inside the day (\(config.dayStart)–\(config.dayEnd)), got \(fault.start)")
                    }
                case "duration": fault.duration = try f.duration(atLeast: .nanoseconds(1), atMost: .hours(24))
                case "target":
                    let names: [YAMLValue]
                    if case .sequence = f.node { names = try f.list() } else { names = [f] }
                    for n in names {
                        let name = try n.oneOf(hostNames.map { ($0, $0) }, "host")
                        let node = topology.node(ofHost: topology.host(named: name)!)
                        guard FaultPlan.hostTargetKinds.contains(topology.kind(of: node)) else {
                            throw n.error("\(name) is a \(topology.kind(of: node)); host faults apply to gateways, tiers, offer gateways and dispatch centres")
                        }
                        if kind == .cpuLoad && topology.kind(of: node) != .tier {
                            throw n.error("cpu_load applies to tier instances; \(name) is a \(topology.kind(of: node))")
                        }
                        fault.nodes.append(name)
                    }
                    if fault.nodes.isEmpty { throw f.error("needs at least one node") }
                case "between":
                    let ends = try f.list()
                    guard ends.count == 2 else { throw f.error("expected two ends: [site or node, site or node]") }
                    for end in ends { fault.between.append(try end.oneOf((siteNames + hostNames).map { ($0, $0) }, "site or host")) }
                case "factor": fault.factor = try f.double(in: 1...1_000, "a slowdown factor")
                case "delay": fault.delay = try f.duration(atLeast: .nanoseconds(1))
                case "jitter": fault.jitter = try f.distribution(durations: true)
                default: fault.probability = try f.probability()
                }
            }
            if fault.name.isEmpty, let useName { fault.name = useName }
            if fault.name.isEmpty { throw item.error("a fault needs a name") }
            if !seen.contains("start") { throw item.error("a fault needs a start, e.g. \"10:30:00\"") }
            for required in Reader.faultFields(kind) where !seen.contains(required) {
                throw item.error("a \(kind.rawValue) fault needs \(required)")
            }
            if let end = fault.end, end > config.dayEnd { throw item.error("the fault ends at \(end), after the day (\(config.dayEnd))") }
            faults.append(fault)
        }
    }
}
