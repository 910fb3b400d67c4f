/// A span of virtual time in whole nanoseconds.
///
/// Durations are exact integers so that adding them never depends on rounding; the
/// largest representable span is about 292 years, far beyond any trading day.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The span in nanoseconds; negative values are allowed for differences.
    public var nanos: Int64

    @inlinable public init(nanos: Int64) { self.nanos = nanos }

    public static let zero = SimDuration(nanos: 0)

    @inlinable public static func nanoseconds(_ n: Int64) -> SimDuration { SimDuration(nanos: n) }
    @inlinable public static func microseconds(_ n: Int64) -> SimDuration { SimDuration(nanos: n * 1_000) }
    @inlinable public static func milliseconds(_ n: Int64) -> SimDuration { SimDuration(nanos: n * 1_000_000) }
    @inlinable public static func seconds(_ n: Int64) -> SimDuration { SimDuration(nanos: n * 1_000_000_000) }
    @inlinable public static func minutes(_ n: Int64) -> SimDuration { SimDuration(nanos: n * 60_000_000_000) }
    @inlinable public static func hours(_ n: Int64) -> SimDuration { SimDuration(nanos: n * 3_600_000_000_000) }

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanos < b.nanos }
    @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanos: a.nanos + b.nanos) }
    @inlinable public static func - (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanos: a.nanos - b.nanos) }
    @inlinable public static func * (a: SimDuration, k: Int64) -> SimDuration { SimDuration(nanos: a.nanos * k) }
    @inlinable public static func += (a: inout SimDuration, b: SimDuration) { a.nanos += b.nanos }

    /// Parses a duration such as `"250ms"`, `"1.5s"`, `"29m50s"`, `"2h"`, `"250us"`, `"800ns"`.
    ///
    /// Components run from the largest unit to the smallest, each at most once; a decimal
    /// fraction is allowed on any component and must resolve to whole nanoseconds.
    /// Units: `h`, `m`, `s`, `ms`, `us` (or `µs`), `ns`.
    public init(parsing text: String) throws(TimeParseError) {
        self = try DurationParser.parse(text)
    }

    /// The shortest text that parses back to this duration, e.g. `"29m50s"`, `"1.5s"`, `"250us"`.
    public var description: String { DurationFormatter.format(self) }
}
