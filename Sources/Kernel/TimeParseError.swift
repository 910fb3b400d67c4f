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

    public var description: String { described(quoting: { $0 }) }

    /// The message with the offending text passed through `quote` first (a reader of a
    /// stranger's file shortens and escapes it).
    public func described(quoting quote: (String) -> String) -> String {
        switch self {
        case .empty:
            return "empty time value"
        case let .malformed(text, expected):
            return "\"\(quote(text))\" is not a valid time value: expected \(expected)"
        case let .unknownUnit(text, unit):
            return "\"\(quote(text))\": unknown unit \"\(quote(unit))\" (use h, m, s, ms, us, ns)"
        case let .outOfRange(text, field):
            return "\"\(quote(text))\": \(field) is out of range"
        case let .subNanosecond(text):
            return "\"\(quote(text))\" is finer than one nanosecond"
        }
    }
}
