/// An instant of virtual time: nanoseconds since midnight of the simulated trading day
/// (China Standard Time).
///
/// Only the kernel's clock advances it; nothing in a run reads the wall clock.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the trading day's midnight.
    public var nanos: Int64

    @inlinable public init(nanos: Int64) { self.nanos = nanos }

    /// Midnight at the start of the simulated day.
    public static let midnight = SimTime(nanos: 0)

    /// The clock time `hours:minutes:seconds` plus `nanos` nanoseconds.
    @inlinable
    public static func clock(_ hours: Int64, _ minutes: Int64, _ seconds: Int64 = 0, nanos: Int64 = 0) -> SimTime {
        SimTime(nanos: ((hours * 60 + minutes) * 60 + seconds) * 1_000_000_000 + nanos)
    }

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.nanos < b.nanos }
    @inlinable public static func + (t: SimTime, d: SimDuration) -> SimTime { SimTime(nanos: t.nanos + d.nanos) }
    @inlinable public static func - (t: SimTime, d: SimDuration) -> SimTime { SimTime(nanos: t.nanos - d.nanos) }
    @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration { SimDuration(nanos: a.nanos - b.nanos) }
    @inlinable public static func += (t: inout SimTime, d: SimDuration) { t.nanos += d.nanos }

    /// Parses a clock time `HH:MM:SS` with an optional fraction of up to nine digits,
    /// e.g. `"09:15:00"` or `"09:15:00.000250"`. Hours run 00–47 so that a run may pass
    /// midnight; minutes and seconds 00–59.
    public init(parsing text: String) throws(TimeParseError) {
        self = try ClockTimeParser.parse(text)
    }

    /// `HH:MM:SS` followed by `.fffffffff` with trailing zeros trimmed, when the fraction is non-zero.
    public var description: String { ClockTimeFormatter.format(self, fractionDigits: nil) }
    /// `"07:27:00.000"`: the clock to the millisecond, as reports print times.
    public var clockMillis: String { ClockTimeFormatter.format(self, fractionDigits: 3) }

    /// `HH:MM:SS.fff…` with exactly `fractionDigits` digits (0–9), truncating, for fixed-width columns.
    public func formatted(fractionDigits: Int) -> String { ClockTimeFormatter.format(self, fractionDigits: fractionDigits) }
}
