extension String {
    /// The text made safe in HTML, SVG and XML, in element text and in attribute values: `&`,
    /// `<`, `>`, `"` and `'` as entities, a newline as `&#10;` (so an attribute keeps it), and
    /// the control characters XML 1.0 forbids even escaped as `?`.
    public var markupEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for c in unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n": out += "&#10;"
            default:
                if c.value < 0x20 && c != "\t" && c != "\r" { out += "?" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
