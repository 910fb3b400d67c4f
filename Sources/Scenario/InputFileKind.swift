import Boundary

/// What a YAML file of FireDrill's is, read off its top-level keys: a layout has `layout`, a
/// fault definition `kind`, a grading policy `grades`; anything else is a scenario.
public enum InputFileKind: String, Sendable, CaseIterable {
    case scenario
    case layout
    case fault
    case policy

    /// The kind of the file whose text is `text`, or the located error that stops it being read.
    public static func of(_ text: String, file: String) throws(ScenarioError) -> InputFileKind {
        let root = try YAMLFile.root(text, file: file, emptyHint: "expected a scenario, layout, fault definition or policy")
        let keys = (try root.anyMapping()).map(\.key)
        if keys.contains("layout") { return .layout }
        if keys.contains("grades") { return .policy }
        if keys.contains("kind") && !keys.contains("clients") && !keys.contains("tiers") { return .fault }
        return .scenario
    }
}

extension ScenarioFile {
    /// The text of a YAML input at `path`, read as every scenario, layout, fault definition and
    /// policy is: a regular file within the YAML budget, else a located error.
    public static func text(at path: String, from origin: FileBoundary.Origin = .commandLine,
                            in boundary: FileBoundary = .workingDirectory) throws(ScenarioError) -> String {
        try YAMLFile.text(path, from: origin, in: boundary)
    }

    /// The keys every fault takes, whatever its kind, and the keys of its `expect:`.
    public static var faultCommonKeys: [String] { Reader.faultCommonFields }
    public static var faultExpectKeys: [String] { Reader.expectFields }

    /// Decodes the fault definition at `path` (in a `Faults/` folder) as a scenario using it
    /// would, over the built-in stack: the document with that one fault, starting at `start`
    /// unless the definition says when. Errors in the definition name its own file, and it is
    /// this file that is checked, wherever it lies — never another of the same name.
    public static func documentUsing(definition path: String, start: String = "10:00:00",
                                     boundary: FileBoundary = .workingDirectory) throws(ScenarioError) -> ScenarioDocument {
        let fileName = String(path.split(separator: "/").last ?? "")
        guard fileName.hasSuffix(".yaml") else {
            throw ScenarioError(file: path, line: 0, column: 0, field: "", message: "a fault definition is a .yaml file in Faults/")
        }
        let name = String(fileName.dropLast(5))
        let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let root = try YAMLFile.root(try YAMLFile.text(path, from: .commandLine, in: boundary), file: path,
                                     emptyHint: "a fault definition is a mapping with a kind")
        let hasStart = (try root.anyMapping()).contains { $0.key == "start" || $0.key == "after" }
        let faults = "faults:\n  - { use: \(name)" + (hasStart ? "" : ", start: \"\(start)\"") + " }\n"
        let file = "\(dir)/\(name).check.yaml"
        let top = try YAMLFile.root(faults, file: file, emptyHint: "")
        var reader = Reader(file: file, boundary: boundary)
        reader.pinnedDefinition = (name, path)
        let stack = try reader.read(top)
        return ScenarioDocument(stack: stack, faults: reader.faults, policy: reader.policy, policyGiven: reader.policyGiven, guards: reader.guards,
                                definitionsRead: reader.definitionsRead)
    }
}
