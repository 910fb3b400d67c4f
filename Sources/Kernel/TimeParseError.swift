/// Why a duration or clock time could not be read. Every case quotes the offending text.
public enum TimeParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing to parse.
    case empty
    /// The text does not have the expected shape; `expected` says what would have been accepted.
    case malformed(text: String, expected: String)
    /// A unit that is not one of `h m s ms us µs ns`.
    case unknownUnit(text: String, unit: String)
    /// A field is outside its range (e.g. minute 61) or the value does not fit in 64-bit nanoseconds.
    case outOfRange(text: String, field: String)
    /// A fraction finer than one nanosecond, e.g. `"1.0000000001s"` or `"0.5ns"`.
    case subNanosecond(text: String)

    public var description: String {
        switch self {
        case .empty:
            return "empty time value"
        case let .malformed(text, expected):
            return "\"\(text)\" is not a valid time value: expected \(expected)"
        case let .unknownUnit(text, unit):
            return "\"\(text)\": unknown unit \"\(unit)\" (use h, m, s, ms, us, ns)"
        case let .outOfRange(text, field):
            return "\"\(text)\": \(field) is out of range"
        case let .subNanosecond(text):
            return "\"\(text)\" is finer than one nanosecond"
        }
    }
}
