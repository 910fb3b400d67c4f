import Boundary
/// A section of a file as a table of its keys, each with the decoder that reads it into the
/// section's value. The keys the section allows, and those the schema test compares with the
/// JSON Schema, are the table's, so a key cannot be allowed and then decoded into another field.
struct FieldTable<Target>: Sendable {
    typealias Decode = @Sendable (inout Target, YAMLValue, Reader) throws(ScenarioError) -> Void

    let fields: [(key: String, decode: Decode)]

    init(_ fields: [(String, Decode)]) { self.fields = fields.map { (key: $0.0, decode: $0.1) } }

    var keys: [String] { fields.map(\.key) }

    /// Reads every key of the mapping `v` into `target`, in the file's order; a key the table
    /// does not have is refused with a suggestion.
    func read(_ v: YAMLValue, into target: inout Target, by reader: Reader) throws(ScenarioError) {
        try read(try v.mapping(allowed: keys), into: &target, by: reader)
    }

    /// Reads entries already taken from a mapping (whose keys the table allowed).
    func read(_ entries: [(key: String, value: YAMLValue)], into target: inout Target, by reader: Reader) throws(ScenarioError) {
        for (key, value) in entries {
            guard let field = fields.first(where: { $0.key == key }) else { throw value.error("no decoder for \"\(Excerpt.of(key))\"") }
            try field.decode(&target, value, reader)
        }
    }
}
