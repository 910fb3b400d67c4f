/// Edits a scenario file's text by its top-level sections, leaving every other line as it was
/// written (comments, anchors, key order): exploration writes each finding as the scenario it
/// explored with the faults replaced.
public enum ScenarioText {
    /// `text` without the top-level section `key`: its `key:` line and every line after it up
    /// to the next top-level key (blank and indented lines, and comments the section goes on after).
    public static func removingSection(_ key: String, from text: String) -> String {
        var out: [Substring] = []
        // Comment lines in the first column met inside the section: they belong to what
        // follows them, kept if a new section follows and dropped if the section goes on.
        var held: [Substring] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indented = line.first == " " || line.first == "\t"
            if indented {
                if inside { held.removeAll() } else { out.append(line) }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") {
                if inside { held.append(line) } else { out.append(line) }
                continue
            }
            inside = line == "\(key):" || line.hasPrefix("\(key): ") || line.hasPrefix("\(key):#")
            if !inside { out += held; out.append(line) }
            held.removeAll()
        }
        return (out + held).joined(separator: "\n")
    }

    /// `text` with `key: value` set in the top-level mapping `section`: the key's line replaced
    /// when the section has it, else added as its first key (block or one-line flow style), or
    /// a new section at the end when there is none.
    public static func adding(_ key: String, _ value: String, toSection section: String, of text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let at = lines.firstIndex(where: { $0 == "\(section):" || $0.hasPrefix("\(section): ") || $0.hasPrefix("\(section):#") }) else {
            var out = text
            if !out.hasSuffix("\n") { out += "\n" }
            return out + "\n\(section):\n  \(key): \(value)\n"
        }
        let rest = lines[at].dropFirst(section.count + 1).drop { $0 == " " }
        if rest.hasPrefix("{") {
            var inside = String(rest.dropFirst().drop { $0 == " " })
            // Drop the key if the mapping has it (its value runs to the next comma or brace).
            if let found = inside.range(of: "\(key):") {
                let tail = inside[found.upperBound...]
                let end = tail.firstIndex { $0 == "," || $0 == "}" } ?? tail.endIndex
                let after = tail[end...].first == "," ? inside.index(after: end) : end
                var before = String(inside[..<found.lowerBound])
                let remainder = String(inside[after...].drop { $0 == " " })
                if remainder.hasPrefix("}") {
                    // It was the last key: no comma before the brace.
                    while before.last == " " { before.removeLast() }
                    if before.last == "," { before.removeLast() }
                    before += before.isEmpty ? "" : " "
                }
                inside = before + remainder
            }
            lines[at] = "\(section): { \(key): \(value)" + (inside.hasPrefix("}") ? " " : ", ") + inside
            return lines.joined(separator: "\n")
        }
        // Block style: the section's lines are those indented after it.
        var end = at + 1
        while end < lines.count && (lines[end].trimmingSpaces.isEmpty || lines[end].first == " " || lines[end].first == "\t"
                                    || lines[end].hasPrefix("#")) { end += 1 }
        let body = lines[(at + 1)..<end].filter { !$0.trimmingSpaces.isEmpty && !$0.trimmingSpaces.hasPrefix("#") }
        let indent = body.first.map { String($0.prefix { $0 == " " }) }.flatMap { $0.isEmpty ? nil : $0 } ?? "  "
        if let existing = lines[(at + 1)..<end].firstIndex(where: { $0.hasPrefix(indent + key + ":") }) {
            lines[existing] = "\(indent)\(key): \(value)"
        } else {
            lines.insert("\(indent)\(key): \(value)", at: at + 1)
        }
        return lines.joined(separator: "\n")
    }

    /// The value of the comment line `# key: value` in the file's leading comments, if any.
    public static func headerValue(_ key: String, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            guard line.hasPrefix("#") else { break }
            let body = line.dropFirst().drop { $0 == " " }
            if body.hasPrefix("\(key):") { return String(body.dropFirst(key.count + 1).drop { $0 == " " }) }
        }
        return nil
    }

    /// `text` without its leading comment block (the lines before the first line that is not a comment).
    public static func removingHeader(from text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.drop { $0.hasPrefix("#") }
        return body.joined(separator: "\n")
    }
}

extension String {
    var trimmingSpaces: Substring { drop { $0 == " " || $0 == "\t" } }
}
