import Boundary
import Kernel
import Yams

/// A node of a scenario file with its place and path, and typed readers whose every failure
/// is a `ScenarioError` naming `file:line:column`, the field and what was expected.
struct YAMLValue {
    let node: Node
    let path: String
    let file: String

    var line: Int { node.mark?.line ?? 0 }
    var column: Int { node.mark?.column ?? 0 }

    func error(_ message: String) -> ScenarioError {
        ScenarioError(file: file, line: line, column: column, field: path, message: message)
    }

    private var kindName: String {
        switch node {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Structure

    /// The mapping's entries, in file order, after checking every key is one of `allowed`.
    func mapping(allowed: [String]) throws(ScenarioError) -> [(key: String, value: YAMLValue)] {
        let entries = try anyMapping()
        for (key, value) in entries where !allowed.contains(key) {
            var message = "unknown key \"\(Excerpt.of(key))\""
            if let guess = Suggestion.closest(to: key, in: allowed) { message += "; did you mean \"\(guess)\"?" }
            else { message += "; expected one of: " + allowed.joined(separator: ", ") }
            throw ScenarioError(file: file, line: value.keyLine, column: value.keyColumn, field: path, message: message)
        }
        return entries
    }

    /// The mapping's entries with any keys (for maps keyed by names), in file order.
    func anyMapping() throws(ScenarioError) -> [(key: String, value: YAMLValue)] {
        guard case let .mapping(mapping) = node else { throw error("expected a mapping, found \(kindName)") }
        var out: [(key: String, value: YAMLValue)] = []
        var seen = Set<String>()  // looked up only, never iterated
        for (keyNode, valueNode) in mapping {
            guard case let .scalar(scalar) = keyNode else {
                throw ScenarioError(file: file, line: keyNode.mark?.line ?? 0, column: keyNode.mark?.column ?? 0, field: path, message: "keys must be plain names")
            }
            let key = scalar.string
            if !seen.insert(key).inserted {
                throw ScenarioError(file: file, line: keyNode.mark?.line ?? 0, column: keyNode.mark?.column ?? 0, field: path, message: "key \"\(Excerpt.of(key))\" appears twice")
            }
            var child = YAMLValue(node: valueNode, path: path.isEmpty ? Excerpt.of(key) : "\(path).\(Excerpt.of(key))", file: file)
            child.keyMark = keyNode.mark
            out.append((key, child))
        }
        return out
    }

    var keyMark: Mark?
    var keyLine: Int { keyMark?.line ?? line }
    var keyColumn: Int { keyMark?.column ?? column }

    init(node: Node, path: String, file: String) {
        self.node = node; self.path = path; self.file = file
    }

    func list() throws(ScenarioError) -> [YAMLValue] {
        guard case let .sequence(sequence) = node else { throw error("expected a list, found \(kindName)") }
        return sequence.enumerated().map { YAMLValue(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    // MARK: Scalars

    func string() throws(ScenarioError) -> String {
        guard case let .scalar(scalar) = node else { throw error("expected text, found \(kindName)") }
        return scalar.string
    }

    func name() throws(ScenarioError) -> String {
        let s = try string()
        guard !s.isEmpty, s.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }) else {
            throw error("expected a name of letters, digits, - and _, got \"\(Excerpt.of(s))\"")
        }
        // A name becomes a folder under Results/ and a column in reports: keep it short.
        guard s.unicodeScalars.count <= 64 else { throw error("a name of \(s.unicodeScalars.count) characters; at most 64") }
        return s
    }

    /// A version or configuration label: letters, digits, `.`, `-`, `_` and `+`, at most 64.
    func label() throws(ScenarioError) -> String {
        let s = try string()
        guard !s.isEmpty, s.count <= 64, s.unicodeScalars.allSatisfy({
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_+".unicodeScalars.contains($0)
        }) else {
            throw error("expected a version or label of letters, digits, ., -, _ and + (at most 64), got \"\(Excerpt.of(s))\"")
        }
        return s
    }

    func double(in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
                _ what: String = "a number") throws(ScenarioError) -> Double {
        let s = try string()
        guard let v = Double(s), v.isFinite else { throw error("expected \(what), got \"\(Excerpt.of(s))\"") }
        guard range.contains(v) else { throw error("expected \(what) in \(range.lowerBound.formatted)…\(range.upperBound.formatted), got \(Excerpt.of(s))") }
        return v
    }

    func bool() throws(ScenarioError) -> Bool {
        switch try string() {
        case "true", "yes": return true
        case "false", "no": return false
        case let s: throw error("expected true or false, got \"\(Excerpt.of(s))\"")
        }
    }

    func probability() throws(ScenarioError) -> Double { try double(in: 0...1, "a probability") }

    func int(in range: ClosedRange<Int>) throws(ScenarioError) -> Int {
        let s = try string().replacingUnderscores
        guard let v = Int(s) else { throw error("expected a whole number, got \"\(Excerpt.of(try string()))\"") }
        guard range.contains(v) else { throw error("expected a whole number in \(range.lowerBound)…\(range.upperBound), got \(v)") }
        return v
    }

    /// A duration between `minimum` and `maximum` (an hour unless said otherwise: no delay or
    /// target in a trading day is longer).
    func duration(atLeast minimum: SimDuration = .zero, atMost maximum: SimDuration = .hours(1)) throws(ScenarioError) -> SimDuration {
        let s = try string()
        let d: SimDuration
        do { d = try SimDuration(parsing: s) } catch { throw self.error(error.described(quoting: { Excerpt.of($0) })) }
        guard d >= minimum else { throw error("expected at least \(minimum), got \(Excerpt.of(s))") }
        guard d <= maximum else { throw error("expected at most \(maximum), got \(Excerpt.of(s))") }
        return d
    }

    /// `text` as a duration of at most `maximum`, with errors placed at `value`.
    static func durationText(_ text: String, at value: YAMLValue, atMost maximum: SimDuration) throws(ScenarioError) -> SimDuration {
        let d: SimDuration
        do { d = try SimDuration(parsing: text) } catch { throw value.error(error.described(quoting: { Excerpt.of($0) })) }
        guard d >= .zero && d <= maximum else { throw value.error("expected an offset of 0…\(maximum), got \(Excerpt.of(text))") }
        return d
    }

    /// A time of the trading day, `00:00:00` to `24:00:00`.
    func clockTime() throws(ScenarioError) -> SimTime {
        let s = try string()
        let t: SimTime
        do { t = try SimTime(parsing: s) } catch { throw self.error(error.described(quoting: { Excerpt.of($0) })) }
        guard t >= SimTime.clock(0, 0), t <= SimTime.clock(24, 0) else {
            throw error("expected a time of day from 00:00:00 to 24:00:00, got \"\(Excerpt.of(s))\"")
        }
        return t
    }

    func oneOf<T>(_ options: [(String, T)], _ what: String) throws(ScenarioError) -> T {
        let s = try string()
        if let hit = options.first(where: { $0.0 == s }) { return hit.1 }
        var message = "unknown \(what) \"\(Excerpt.of(s))\""
        if let guess = Suggestion.closest(to: s, in: options.map(\.0)) { message += "; did you mean \"\(guess)\"?" }
        else { message += "; expected one of: " + options.map(\.0).joined(separator: ", ") }
        throw error(message)
    }
}

extension String {
    /// `1_000_000` → `1000000`: YAML files may group digits.
    var replacingUnderscores: String { filter { $0 != "_" } }
}

extension Double {
    var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}
