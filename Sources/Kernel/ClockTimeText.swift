/// Reads `HH:MM:SS[.fraction]` clock times.
enum ClockTimeParser {
    private static let expected = "a clock time HH:MM:SS with an optional fraction of up to 9 digits, e.g. \"09:15:00\" or \"09:15:00.000250\""

    static func parse(_ text: String) throws(TimeParseError) -> SimTime {
        let trimmed = text.trimmingSpaces()
        if trimmed.isEmpty { throw .empty }
        let s = Array(trimmed.unicodeScalars)
        guard s.count >= 8, s[2] == ":", s[5] == ":",
              [0, 1, 3, 4, 6, 7].allSatisfy({ s[$0].isASCIIDigit })
        else { throw .malformed(text: text, expected: expected) }
        func two(_ i: Int) -> Int64 { Int64(s[i].value - 48) * 10 + Int64(s[i + 1].value - 48) }
        let h = two(0), m = two(3), sec = two(6)
        if h > 47 { throw .outOfRange(text: text, field: "hour") }
        if m > 59 { throw .outOfRange(text: text, field: "minute") }
        if sec > 59 { throw .outOfRange(text: text, field: "second") }
        var nanos: Int64 = 0
        if s.count > 8 {
            let frac = s[9...]
            guard s[8] == ".", !frac.isEmpty, frac.allSatisfy({ $0.isASCIIDigit }) else {
                throw .malformed(text: text, expected: expected)
            }
            if frac.count > 9 { throw .subNanosecond(text: text) }
            var scale: Int64 = 100_000_000
            for d in frac { nanos += Int64(d.value - 48) * scale; scale /= 10 }
        }
        return .clock(h, m, sec, nanos: nanos)
    }
}

/// Writes clock times as `HH:MM:SS` with an optional fixed or nine-digit fraction.
enum ClockTimeFormatter {
    /// `fractionDigits == nil`: nine digits when the fraction is non-zero, none otherwise.
    static func format(_ t: SimTime, fractionDigits: Int?) -> String {
        if t.nanos < 0 { return "-" + format(SimTime(nanos: t.nanos == .min ? .max : -t.nanos), fractionDigits: fractionDigits) }
        let n = t.nanos
        let seconds = n / 1_000_000_000
        let frac = n % 1_000_000_000
        var out = pad2(seconds / 3600) + ":" + pad2(seconds / 60 % 60) + ":" + pad2(seconds % 60)
        let digits = fractionDigits.map { max(0, min(9, $0)) } ?? (frac == 0 ? 0 : 9)
        if digits > 0 {
            var text = String(frac)
            text = String(repeating: "0", count: 9 - text.count) + text
            out += "." + text.prefix(digits)
        }
        return out
    }

    private static func pad2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
