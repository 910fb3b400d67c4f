/// Reads duration text such as `"29m50s"` into exact nanoseconds.
enum DurationParser {
    private static let expected = "a number followed by a unit (h, m, s, ms, us, ns), e.g. \"250ms\", \"1.5s\", \"29m50s\""

    /// Units from largest to smallest; a component's unit must come strictly after the previous one's.
    private static let units: [(name: String, nanos: Int64)] = [
        ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
        ("ms", 1_000_000), ("us", 1_000), ("µs", 1_000), ("ns", 1),
    ]

    private static func rank(of unit: String) -> Int? {
        switch unit {
        case "h": return 0
        case "m": return 1
        case "s": return 2
        case "ms": return 3
        case "us", "µs": return 4
        case "ns": return 5
        default: return nil
        }
    }

    static func parse(_ text: String) throws(TimeParseError) -> SimDuration {
        let trimmed = text.trimmingSpaces()
        if trimmed.isEmpty { throw .empty }
        var scalars = Array(trimmed.unicodeScalars)[...]
        var negative = false
        if scalars.first == "-" { negative = true; scalars = scalars.dropFirst() }
        if scalars.count == 1, scalars.first == "0" { return .zero }
        if scalars.isEmpty { throw .malformed(text: text, expected: expected) }

        var total: Int64 = 0
        var lastRank = -1
        while !scalars.isEmpty {
            let intDigits = scalars.prefix { $0.isASCIIDigit }
            scalars = scalars.dropFirst(intDigits.count)
            var fracDigits: ArraySlice<Unicode.Scalar> = []
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                fracDigits = scalars.prefix { $0.isASCIIDigit }
                scalars = scalars.dropFirst(fracDigits.count)
                if fracDigits.isEmpty { throw .malformed(text: text, expected: expected) }
            }
            if intDigits.isEmpty && fracDigits.isEmpty { throw .malformed(text: text, expected: expected) }
            let unitScalars = scalars.prefix { !$0.isASCIIDigit && $0 != "." }
            scalars = scalars.dropFirst(unitScalars.count)
            var unit = String(String.UnicodeScalarView(unitScalars))
            if unit.isEmpty { throw .malformed(text: text, expected: expected) }
            if unit == "μs" { unit = "µs" } // Greek mu and micro sign both mean micro.
            guard let r = rank(of: unit) else { throw .unknownUnit(text: text, unit: unit) }
            if r <= lastRank {
                throw .malformed(text: text, expected: "units from largest to smallest, each once, e.g. \"1h30m\"")
            }
            lastRank = r
            let unitNanos = units.first { $0.name == unit }!.nanos
            let part = try componentNanos(intDigits, fracDigits, unitNanos: unitNanos, text: text)
            let (sum, overflow) = total.addingReportingOverflow(part)
            if overflow { throw .outOfRange(text: text, field: "duration") }
            total = sum
        }
        return SimDuration(nanos: negative ? -total : total)
    }

    /// `int.frac × unit` in nanoseconds, exactly, or an error when it overflows or is finer than 1 ns.
    private static func componentNanos(
        _ intDigits: ArraySlice<Unicode.Scalar>, _ fracDigits: ArraySlice<Unicode.Scalar>,
        unitNanos: Int64, text: String
    ) throws(TimeParseError) -> Int64 {
        var whole: Int64 = 0
        for d in intDigits {
            let (m, o1) = whole.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d.value - 48))
            if o1 || o2 { throw .outOfRange(text: text, field: "duration") }
            whole = s
        }
        let (wholeNanos, o3) = whole.multipliedReportingOverflow(by: unitNanos)
        if o3 { throw .outOfRange(text: text, field: "duration") }
        // The fraction must resolve to whole nanoseconds: frac × unit / 10^digits exact.
        var fracNanos: Int64 = 0
        var scale = unitNanos
        for d in fracDigits {
            let digit = Int64(d.value - 48)
            if scale % 10 != 0 {
                if digit != 0 { throw .subNanosecond(text: text) }
                continue
            }
            scale /= 10
            fracNanos += digit * scale
        }
        let (sum, o4) = wholeNanos.addingReportingOverflow(fracNanos)
        if o4 { throw .outOfRange(text: text, field: "duration") }
        return sum
    }
}

/// Writes a duration in the shortest form `DurationParser` reads back.
enum DurationFormatter {
    static func format(_ d: SimDuration) -> String {
        if d.nanos == 0 { return "0s" }
        if d.nanos == Int64.min { return "-" + format(SimDuration(nanos: Int64.max)) } // off by 1 ns at the extreme only
        let sign = d.nanos < 0 ? "-" : ""
        let n = d.nanos.magnitude
        let hours = n / 3_600_000_000_000
        let minutes = n / 60_000_000_000 % 60
        let seconds = n / 1_000_000_000 % 60
        let subSecond = n % 1_000_000_000
        var out = sign
        if hours > 0 { out += "\(hours)h" }
        if minutes > 0 { out += "\(minutes)m" }
        if subSecond == 0 {
            if seconds > 0 { out += "\(seconds)s" }
            return out
        }
        if hours > 0 || minutes > 0 || seconds > 0 {
            return out + "\(seconds)" + fraction(subSecond, digits: 9) + "s"
        }
        if subSecond >= 1_000_000 {
            return out + "\(subSecond / 1_000_000)" + fraction(subSecond % 1_000_000, digits: 6) + "ms"
        }
        if subSecond >= 1_000 {
            return out + "\(subSecond / 1_000)" + fraction(subSecond % 1_000, digits: 3) + "us"
        }
        return out + "\(subSecond)ns"
    }

    /// `".ddd"` with trailing zeros removed, or `""` when `value` is zero.
    static func fraction(_ value: UInt64, digits: Int) -> String {
        if value == 0 { return "" }
        var text = String(value)
        text = String(repeating: "0", count: digits - text.count) + text
        while text.hasSuffix("0") { text.removeLast() }
        return "." + text
    }
}

extension Unicode.Scalar {
    @inlinable var isASCIIDigit: Bool { value >= 48 && value <= 57 }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
