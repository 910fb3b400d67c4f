/// A piece of someone's input quoted in an error message: on one line, every control or
/// invisible character escaped, and cut short — a long value (a token, a key, a line of an
/// environment) shows its first characters and its length, never the whole of it.
public enum Excerpt {
    /// `text` as an error message may quote it: at most `limit` characters of it, escaped.
    public static func of(_ text: String, limit: Int = 24) -> String {
        let characters = Array(text.unicodeScalars)
        let shown = characters.count > limit ? characters[..<(limit / 2)] : characters[...]
        var out = ""
        for c in shown {
            switch c.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate:
                out += "\\u{" + String(c.value, radix: 16) + "}"
            default:
                if c == "\\" { out += "\\\\" } else { out.unicodeScalars.append(c) }
            }
        }
        return characters.count > limit ? out + "… (\(characters.count) characters)" : out
    }
}
