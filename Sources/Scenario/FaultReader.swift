import Chaos
import Kernel
import Stack

extension Reader {
    static let faultCommonFields = ["name", "kind", "start", "duration"]

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
        let nodeNames = topology.nodes.map(\.name)
        for item in try v.list() {
            let all = try item.anyMapping()
            guard let kindValue = all.first(where: { $0.key == "kind" })?.value else {
                throw item.error("a fault needs a kind: " + FaultKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let kind = try kindValue.oneOf(FaultKind.allCases.map { ($0.rawValue, $0) }, "fault kind")
            let entries = try item.mapping(allowed: Reader.faultCommonFields + Reader.faultFields(kind))
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
                        let name = try n.oneOf(nodeNames.map { ($0, $0) }, "node")
                        let node = topology.node(named: name)!
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
                    for end in ends { fault.between.append(try end.oneOf((siteNames + nodeNames).map { ($0, $0) }, "site or node")) }
                case "factor": fault.factor = try f.double(in: 1...1_000, "a slowdown factor")
                case "delay": fault.delay = try f.duration(atLeast: .nanoseconds(1))
                case "jitter": fault.jitter = try f.distribution(durations: true)
                default: fault.probability = try f.probability()
                }
            }
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
