/// Prices as people write them: yuan with up to two decimals, held as integer fen.
public enum PriceText {
    /// Parses `12`, `12.3`, `12.34` or `-1.00`; nil for anything else (three decimals,
    /// letters, an empty string, a value beyond ±10¹⁵ fen).
    public static func fen<S: StringProtocol>(_ text: S) -> Int64? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        var whole: Int64 = 0, fraction: Int64 = 0, fractionDigits = 0, wholeDigits = 0
        var seenPoint = false
        for b in bytes {
            if b == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if b >= 48, b <= 57 {
                if seenPoint {
                    fractionDigits += 1
                    if fractionDigits > 2 { return nil }
                    fraction = fraction * 10 + Int64(b - 48)
                } else {
                    wholeDigits += 1
                    if wholeDigits > 13 { return nil }
                    whole = whole * 10 + Int64(b - 48)
                }
            } else {
                return nil
            }
        }
        if wholeDigits == 0 || (seenPoint && fractionDigits == 0) { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let value = whole * 100 + fraction
        return negative ? -value : value
    }

    /// `503` → `5.03`; always two decimals.
    public static func yuan(_ fen: Int64) -> String {
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return (fen < 0 ? "-" : "") + String(magnitude / 100) + (cents < 10 ? ".0" : ".") + String(cents)
    }
}
