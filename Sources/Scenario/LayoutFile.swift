import Boundary
import Stack

/// A tier layout: the topology half of a scenario (sites, links, tiers, gateways, routing…)
/// that `compare` puts under one workload, and what its hosts cost a year.
public struct Layout: Equatable, Sendable {
    /// What one host of a component costs a year, in yuan: a tier kind (`extreme`, `fast`,
    /// `normal`), `gateway`, `offer`, `dispatch` or `clearing`. Standby and DR hosts cost
    /// what their primary does.
    public struct Cost: Equatable, Sendable {
        public var component: String
        public var yuanPerHost: Int64
        public init(component: String, yuanPerHost: Int64) { self.component = component; self.yuanPerHost = yuanPerHost }
    }

    public var name: String
    public var description: String?
    public var path: String
    public var costs: [Cost]

    public init(name: String, description: String? = nil, path: String, costs: [Cost] = []) {
        self.name = name; self.description = description; self.path = path; self.costs = costs
    }

    /// Yuan a year for one host of `component`, or nil when the layout does not price it.
    public func cost(of component: String) -> Int64? { costs.first { $0.component == component }?.yuanPerHost }
}

/// Reads layout files (`Scenarios/layouts/*.yaml`): `layout: <name>`, an optional description
/// and `annual_cost_yuan`, and any of a scenario's topology sections, which replace the
/// workload scenario's own when the two are run together.
public enum LayoutFile {
    public static let topologyKeys = ["sites", "distances", "links", "tiers", "gateway", "offer", "dispatch", "clearing",
                                      "routing", "dr", "software", "hosts", "services", "routes"]
    static let keys = ["layout", "description", "annual_cost_yuan"] + topologyKeys
    public static let costComponents = TierKind.allCases.map(\.name) + ["gateway", "offer", "dispatch", "clearing"]

    public static func load(path: String, from origin: FileBoundary.Origin = .commandLine,
                            in boundary: FileBoundary = .workingDirectory) throws(ScenarioError) -> Layout {
        try decode(try YAMLFile.text(path, from: origin, in: boundary), file: path)
    }

    public static func decode(_ text: String, file: String) throws(ScenarioError) -> Layout {
        let root = try YAMLFile.root(text, file: file, emptyHint: "a layout is a mapping with `layout: <name>` and topology sections")
        let entries = try root.mapping(allowed: keys)
        guard let nameValue = entries.first(where: { $0.key == "layout" })?.value else {
            throw root.error("a layout file starts with `layout: <name>`")
        }
        var layout = Layout(name: try nameValue.name(), path: file)
        if let v = entries.first(where: { $0.key == "description" })?.value { layout.description = try v.string() }
        if let v = entries.first(where: { $0.key == "annual_cost_yuan" })?.value {
            // The fixed components, and the service stages the layout declares.
            var services: [String] = []
            if let s = entries.first(where: { $0.key == "services" })?.value, let declared = try? s.anyMapping() { services = declared.map(\.key) }
            for (component, value) in try v.mapping(allowed: costComponents + services) {
                layout.costs.append(.init(component: component, yuanPerHost: Int64(try value.int(in: 0...1_000_000_000_000))))
            }
        }
        return layout
    }

    /// Whether `text` reads as a layout file (its root has a `layout` key).
    static func isLayout(_ root: YAMLValue) -> Bool {
        guard let entries = try? root.anyMapping() else { return false }
        return entries.contains { $0.key == "layout" }
    }
}
