/// Writes one flat JSON object with keys in the order they were added, so output is stable.
struct JSONObject {
    private var fields: [String] = []

    mutating func add(_ key: String, _ value: Int) { fields.append("\(quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: UInt64) { fields.append("\(quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: String) { fields.append("\(quote(key)):\(quote(value))") }
    /// Finite doubles only; written with up to `digits` decimals.
    mutating func add(_ key: String, _ value: Double, digits: Int) {
        precondition(value.isFinite, "\(key) is not finite")
        var scaled = value
        for _ in 0..<digits { scaled *= 10 }
        let rounded = scaled.rounded()
        var text = String(Int64(rounded).magnitude)
        if digits > 0 {
            if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        fields.append("\(quote(key)):\(rounded < 0 ? "-" : "")\(text)")
    }

    var text: String { "{" + fields.joined(separator: ",") + "}" }

    private func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
