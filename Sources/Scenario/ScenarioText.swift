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
