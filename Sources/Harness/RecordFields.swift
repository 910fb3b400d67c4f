import Boundary
import Foundation

/// One JSON object of a record FireDrill wrote and reads back (a sweep's seed record, an
/// exploration shard), read as untrusted input: a record may come from a stranger's shard, and
/// its strings reach reports and the terminal. Every string is one line of plain text of a sane
/// length; every integer a whole number in its field's range; anything missing or of the wrong
/// type is an error naming the file and the field.
public struct RecordFields {
    /// The longest string a record may hold.
    public static let maxText = 4096

    let fields: [String: Any]
    let file: String
    let what: String

    /// Parses `text` as a JSON object; `what` names the record in errors ("a seed record").
    public init(parsing text: String, file: String, what: String) throws(HarnessError) {
        guard let data = text.data(using: .utf8),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .input("\(file): not \(what) (not a JSON object)")
        }
        self.init(root, file: file, what: what)
    }

    init(_ object: [String: Any], file: String, what: String) {
        self.fields = object; self.file = file; self.what = what
    }

    public func bad(_ problem: String) -> HarnessError { .input("\(file): not \(what) (\(problem))") }

    public func has(_ key: String) -> Bool { fields[key] != nil && !(fields[key] is NSNull) }

    public func string(_ key: String) throws(HarnessError) -> String {
        guard let s = fields[key] as? String else { throw bad("\(key) missing") }
        return try checked(s, key)
    }

    /// `nil` when the field is missing or `null`.
    public func optionalString(_ key: String) throws(HarnessError) -> String? { has(key) ? try string(key) : nil }

    public func strings(_ key: String, atMost count: Int = 256) throws(HarnessError) -> [String] {
        guard let list = fields[key] as? [Any] else { throw bad("\(key) missing") }
        guard list.count <= count else { throw bad("\(key) holds \(list.count) names; at most \(count)") }
        var out: [String] = []
        for item in list {
            guard let s = item as? String else { throw bad("\(key) holds something other than text") }
            out.append(try checked(s, key))
        }
        return out
    }

    /// A whole JSON number in `range`: no fraction, no exponent beyond it.
    public func int(_ key: String, in range: ClosedRange<Int64>) throws(HarnessError) -> Int64 {
        guard let n = fields[key] as? NSNumber else { throw bad("\(key) missing") }
        // int64Value of 1e30 or 1.5 is not the number written: compare with the double.
        let v = n.int64Value
        guard Double(v) == n.doubleValue, range.contains(v) else {
            throw bad("\(key) must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    /// `nil` when the field is missing or `null`.
    public func optionalInt(_ key: String, in range: ClosedRange<Int64>) throws(HarnessError) -> Int64? {
        has(key) ? try int(key, in: range) : nil
    }

    public func ints(_ key: String, in range: ClosedRange<Int64>, atMost count: Int) throws(HarnessError) -> [Int64] {
        guard let list = fields[key] as? [Any] else { throw bad("\(key) missing") }
        guard list.count <= count else { throw bad("\(key) holds \(list.count) numbers; at most \(count)") }
        var out: [Int64] = []
        for item in list {
            guard let n = item as? NSNumber, Double(n.int64Value) == n.doubleValue, range.contains(n.int64Value) else {
                throw bad("\(key) must hold whole numbers in \(range.lowerBound)…\(range.upperBound)")
            }
            out.append(n.int64Value)
        }
        return out
    }

    public func bool(_ key: String) throws(HarnessError) -> Bool {
        guard let b = fields[key] as? Bool else { throw bad("\(key) missing") }
        return b
    }

    /// `nil` when the field is missing, `null` or not a number.
    public func double(_ key: String) -> Double? { (fields[key] as? NSNumber).map(\.doubleValue) }

    public func list(_ key: String, atMost count: Int = 1_000_000) throws(HarnessError) -> [RecordFields] {
        guard let l = fields[key] as? [Any] else { throw bad("\(key) missing") }
        guard l.count <= count else { throw bad("\(key) holds \(l.count) entries; at most \(count)") }
        var out: [RecordFields] = []
        for item in l {
            guard let o = item as? [String: Any] else { throw bad("\(key) holds something other than objects") }
            out.append(RecordFields(o, file: file, what: what))
        }
        return out
    }

    public func object(_ key: String) throws(HarnessError) -> RecordFields {
        guard let o = fields[key] as? [String: Any] else { throw bad("\(key) missing") }
        return RecordFields(o, file: file, what: what)
    }

    func checked(_ s: String, _ key: String) throws(HarnessError) -> String {
        guard s.unicodeScalars.count <= RecordFields.maxText else {
            throw bad("\(key) has \(s.unicodeScalars.count) characters; at most \(RecordFields.maxText)")
        }
        // What `Excerpt` would escape: controls (C0 and C1), format and invisible characters,
        // line and paragraph separators, private-use and unassigned code points.
        if s.unicodeScalars.contains(where: {
            switch $0.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate: return true
            default: return false
            }
        }) {
            throw bad("\(key) \"\(Excerpt.of(s))\" holds control characters")
        }
        return s
    }
}
