import Reports

/// Writes one flat JSON object with keys in the order they were added, so output is stable.
struct JSONObject {
    private var fields: [String] = []

    mutating func add(_ key: String, _ value: Int) { fields.append("\(JSONValue.quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: UInt64) { fields.append("\(JSONValue.quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: String) { fields.append("\(JSONValue.quote(key)):\(JSONValue.quote(value))") }
    /// Finite doubles only; written with `digits` decimals.
    mutating func add(_ key: String, _ value: Double, digits: Int) {
        fields.append("\(JSONValue.quote(key)):\(JSONValue.format(value, digits: digits))")
    }

    var text: String { "{" + fields.joined(separator: ",") + "}" }
}
