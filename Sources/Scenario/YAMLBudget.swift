import CYaml

/// What a YAML input may cost before it is built into a tree: its size in bytes, its nodes
/// counted as they expand (an alias counts every node of what it names), its nesting depth.
/// A file from a stranger's pull request is checked against it in one pass over libyaml's
/// events — linear in the file's length, whatever its anchors and aliases — before Yams
/// composes it, so an alias bomb is refused in microseconds instead of expanding for ever.
///
/// The same pass refuses what FireDrill never reads and a YAML library may act on: explicit
/// tags (`!python/object:…`, `!!binary`), and an alias to a collection used as a mapping key
/// (comparing such keys is what makes a nested-alias bomb hang a duplicate-key check).
public struct YAMLBudget: Equatable, Sendable {
    /// Largest file, in bytes.
    public var maxBytes: Int
    /// Most nodes once every alias is expanded.
    public var maxNodes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int

    public init(maxBytes: Int = 4 << 20, maxNodes: Int = 200_000, maxDepth: Int = 64) {
        self.maxBytes = maxBytes; self.maxNodes = maxNodes; self.maxDepth = maxDepth
    }

    /// The budget every YAML input is read with: 4 MiB, 200,000 expanded nodes, depth 64 (the
    /// largest shipped file, `Scenarios/risk-check.yaml`, has 665 nodes and nests 8 deep).
    public static let standard = YAMLBudget()

    /// Checks `text` (the contents of `file`) against the budget, and libyaml's own syntax
    /// errors with them: each failure names the line and column, and none quotes the input.
    func check(_ text: String, file: String) throws(ScenarioError) {
        if text.utf8.count > maxBytes {
            throw ScenarioError(file: file, line: 0, column: 0, field: "",
                                message: "the file has \(text.utf8.count) bytes; a YAML input may have at most \(maxBytes)")
        }
        var copy = text
        let result = copy.withUTF8 { bytes in Self.scan(bytes, budget: self) }
        if let problem = result {
            throw ScenarioError(file: file, line: problem.line, column: problem.column, field: "", message: problem.message)
        }
    }

    private struct Problem {
        var line: Int
        var column: Int
        var message: String
    }

    /// An open sequence or mapping: its anchor, its expanded size so far, and — for a mapping —
    /// whether the next node is a key.
    private struct Frame {
        var anchor: String?
        var nodes: Int
        var isMapping: Bool
        var keyNext: Bool
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, budget: YAMLBudget) -> Problem? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return Problem(line: 0, column: 0, message: "out of memory reading YAML") }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)

        var anchors: [String: Int] = [:]
        var stack: [Frame] = []
        var total = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { return syntaxProblem(parser, bytes) }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
            func problem(_ message: String) -> Problem { Problem(line: line, column: column, message: message) }
            // A finished node of `size` expanded nodes: counted in its parent, and the key/value turn moves on.
            func add(_ size: Int) {
                guard !stack.isEmpty else { return }
                stack[stack.count - 1].nodes = saturating(stack[stack.count - 1].nodes, size)
                if stack[stack.count - 1].isMapping { stack[stack.count - 1].keyNext.toggle() }
            }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                if s.tag != nil && s.plain_implicit == 0 && s.quoted_implicit == 0 { return problem(tagMessage) }
                total = saturating(total, 1)
                if let a = string(s.anchor) { anchors[a] = 1 }
                add(1)
            case YAML_ALIAS_EVENT:
                // An undefined alias is Yams's to report (with its position); it counts as one node here.
                let size = string(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
                if let top = stack.last, top.isMapping, top.keyNext, size > 1 {
                    return problem("an alias to a sequence or mapping is used as a mapping key; keys are plain values")
                }
                total = saturating(total, size)
                add(size)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let explicitTag = isMapping ? event.data.mapping_start.implicit == 0 : event.data.sequence_start.implicit == 0
                if explicitTag { return problem(tagMessage) }
                if stack.count >= budget.maxDepth {
                    return problem("sequences and mappings nest deeper than \(budget.maxDepth) levels")
                }
                let anchor = string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                total = saturating(total, 1)
                stack.append(Frame(anchor: anchor, nodes: 1, isMapping: isMapping, keyNext: true))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let done = stack.removeLast()
                if let a = done.anchor { anchors[a] = done.nodes }
                add(done.nodes)
            default:
                break
            }
            if total > budget.maxNodes {
                return problem("the file has more than \(budget.maxNodes) nodes, counting what its aliases expand to; a YAML input may have at most \(budget.maxNodes)")
            }
        }
    }

    private static let tagMessage = "YAML tags (`!name`, `!!type`) are not read; write the plain value"

    private static func saturating(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    private static func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// libyaml's own error: its problem (a fixed phrase of the library's, never input text) at
    /// the line and column it names — for a reader error, those of the byte offset it gives.
    private static func syntaxProblem(_ parser: yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>) -> Problem {
        let what = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        let context = parser.context.map { " (\(String(cString: $0)))" } ?? ""
        if parser.error == YAML_READER_ERROR {
            let offset = min(Int(parser.problem_offset), bytes.count)
            var line = 1, column = 1
            for b in bytes[..<offset] {
                if b == 10 { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            }
            return Problem(line: line, column: column, message: "invalid YAML: " + what)
        }
        return Problem(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1,
                       message: "invalid YAML: " + what + context)
    }
}
