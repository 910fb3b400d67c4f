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

    /// `text` with `key: value` set in the top-level mapping `section`: added as the section's
    /// first key (block or one-line flow style), or as a new section at the end when there is
    /// none. A key of that name already in the section is left for the reader to refuse.
    public static func adding(_ key: String, _ value: String, toSection section: String, of text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let at = lines.firstIndex(where: { $0 == "\(section):" || $0.hasPrefix("\(section): ") || $0.hasPrefix("\(section):#") }) {
            let line = lines[at]
            let rest = line.dropFirst(section.count + 1).drop { $0 == " " }
            if rest.hasPrefix("{") {
                let inside = rest.dropFirst().drop { $0 == " " }
                lines[at] = "\(section): { \(key): \(value)" + (inside.hasPrefix("}") ? " " : ", ") + inside
            } else {
                // Block style: indent like the section's first entry.
                let next = lines[(at + 1)...].first { !$0.trimmingSpaces.isEmpty && !$0.trimmingSpaces.hasPrefix("#") }
                let indent = next.map { String($0.prefix { $0 == " " }) }.flatMap { $0.isEmpty ? nil : $0 } ?? "  "
                lines.insert("\(indent)\(key): \(value)", at: at + 1)
            }
            return lines.joined(separator: "\n")
        }
        var out = text
        if !out.hasSuffix("\n") { out += "\n" }
        return out + "\n\(section):\n  \(key): \(value)\n"
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
